// The search page's query logic (templates/overrides/assets/ik-query.js), run in Node against a made-up index:
// `node --test tests/js/` (tests/test_js.py runs it with the rest of the tests).
import assert from "node:assert/strict";
import { test } from "node:test";

import { stemDanish } from "../../templates/overrides/assets/ik-stem.js";
import {
  inSiteOrder, withoutDictionary, filtersOf, find, foundItself, matchesItself, normalWord, readState, searchOptions, spellings, stateQuery, statusLine, stems, stopwords, subsets,
} from "../../templates/overrides/assets/ik-query.js";

// A stand-in for Pagefind's search: pages are lists of words; a query word matches the words it begins (Pagefind
// matches prefixes), and when it begins none, the longest word of the index that it begins with — Pagefind's
// fallback, "to" for "tosprogede" (stemming left out: the words here are their own stems). A query finds the pages
// that match every word (Pagefind ANDs the words), null finds every page. Each result's data() gives its content
// and the positions of the words matched, as Pagefind's fragments do. It records every query it is asked.
function index(pages) {
  const asked = [];
  const all = [...new Set(pages.flat())];
  const matching = (w) => {
    const ext = all.filter((x) => x.startsWith(w));
    if (ext.length) return ext;
    const prefixes = all.filter((x) => w.startsWith(x)).sort((a, b) => b.length - a.length);
    return prefixes.slice(0, 1);
  };
  const search = async (q) => {
    asked.push(q);
    const words = q === null ? [] : q.split(" ").map((w) => w.toLowerCase());
    const keys = words.map(matching);
    const found = pages.filter((p) => keys.every((k) => p.some((x) => k.includes(x))));
    return {
      results: found.map((p) => Object.assign([...p], {
        data: async () => ({ content: p.join(" "), locations: p.flatMap((x, i) => (keys.some((k) => k.includes(x)) ? [i] : [])) }),
      })),
    };
  };
  return { search, asked };
}

const PAGES = [
  ["læsning", "børnehave", "sprog"],
  ["læsning", "skole", "bibliotek"],
  ["sprog", "skole"],
  ["laesning", "arkiv"],          // a page really spelt without æ
  ["idræt", "skole", "i", "og"],
];

test("spellings: most replaced first, the word as typed last", () => {
  assert.deepEqual(spellings("laesning"), ["læsning", "laesning"]);
  // two replacements, then one (the later first), then none
  assert.deepEqual(spellings("boernehaave"), ["børnehåve", "boernehåve", "børnehaave", "boernehaave"]);
  assert.deepEqual(spellings("Aarhus"), ["århus", "Aarhus"]);
  assert.deepEqual(spellings("skole"), ["skole"]);
  assert.ok(spellings("aeaeaeaeae").length <= 16, "the number of spellings is bounded");
});

test("subsets: every subset of a size, in order", () => {
  assert.deepEqual(subsets(["a", "b", "c"], 2), [["a", "b"], ["a", "c"], ["b", "c"]]);
  assert.deepEqual(subsets(["a", "b"], 0), [[]]);
  assert.equal(subsets(["a", "b", "c", "d", "e", "f"], 3).length, 20);
});

test("find: a query that finds something is searched as it is, with no subsets", async () => {
  const { search, asked } = index(PAGES);
  const found = await find(search, "skole sprog", {});
  assert.equal(found.q, "skole sprog");
  assert.deepEqual(found.left, []);
  assert.equal(found.respelled, false);
  assert.equal(found.search.results.length, 1);
  // each word alone (to name a word no page has or only the prefix fallback finds; the query loads the same
  // chunks), then the query: no subsets
  assert.deepEqual(asked, ["skole", "sprog", "skole sprog"]);
});

test("find: the same words are searched once: a one-word query is its word searched alone", async () => {
  const { search, asked } = index(PAGES);
  const found = await find(search, "skole", {});
  assert.equal(found.q, "skole");
  assert.equal(found.search.results.length, 3);
  assert.deepEqual(asked, ["skole"]);
  // a word typed twice is searched once alone
  const again = index(PAGES);
  await find(again.search, "skole skole", {});
  assert.deepEqual(again.asked, ["skole", "skole skole"]);
});

test("find: a word typed with ae/oe is searched as æ/ø when that spelling finds something", async () => {
  const { search } = index(PAGES);
  const found = await find(search, "laesning boernehave", {});
  assert.equal(found.q, "læsning børnehave");
  assert.equal(found.respelled, true);
  assert.equal(found.search.results.length, 1);
});

test("find: the word as typed is kept when no Danish spelling finds anything", async () => {
  const { search } = index([["aeble"], ["maal"]]);
  const found = await find(search, "aeble", {});
  assert.equal(found.q, "aeble");
  assert.equal(found.respelled, false);
});

test("find: a word no page has is left out and named", async () => {
  const { search } = index(PAGES);
  const found = await find(search, "skole xyzzy", {});
  assert.equal(found.q, "skole");
  assert.deepEqual(found.left, ["xyzzy"]);
  assert.equal(found.search.results.length, 3);
});

test("find: when all the words find nothing, the subset keeping the most words wins", async () => {
  const { search } = index(PAGES);
  // no page has all three; "læsning skole" and "skole sprog" each keep two words
  const found = await find(search, "læsning skole bibliotek sprog", {});
  assert.equal(found.q, "læsning skole bibliotek");
  assert.deepEqual(found.left, ["sprog"]);
  assert.equal(found.search.results.length, 1);
});

test("find: ties go to the more specific subset (fewer results)", async () => {
  const pages = [["a", "b"], ["a", "b"], ["a", "c"]];
  const { search } = index(pages);
  const found = await find(search, "a b c", {});
  // "a b" finds 2, "a c" finds 1, "b c" finds 0: "a c" is more specific
  assert.equal(found.q, "a c");
  assert.deepEqual(found.left, ["b"]);
});

test("find: among subsets of one size, stop words do not count", async () => {
  // no page has all three words; of the pairs, "i skole" finds 1 and "skole musik" finds 2
  const pages = [["i", "skole"], ["skole", "musik"], ["skole", "musik"]];
  const found = await find(index(pages).search, "i skole musik", {}, stopwords("i og"));
  assert.equal(found.q, "skole musik");
  assert.deepEqual(found.left, ["i"]);
  // were "i" a word that counts, the tie would go to the more specific pair
  const plain = await find(index(pages).search, "i skole musik", {});
  assert.equal(plain.q, "i skole");
  assert.deepEqual(plain.left, ["musik"]);
});

test("find: a larger subset wins over a smaller one", async () => {
  const pages = [["a", "b", "c"], ["d"]];
  const found = await find(index(pages).search, "a b c d", {});
  assert.equal(found.q, "a b c");
  assert.deepEqual(found.left, ["d"]);
});

test("find: no query searches everything (null), a single unknown word finds nothing", async () => {
  const { search, asked } = index(PAGES);
  const all = await find(search, "", {});
  assert.deepEqual(asked, [null]);
  assert.equal(all.search.results.length, PAGES.length);
  const none = await find(search, "xyzzy", {});
  assert.equal(none.search.results.length, 0);
  assert.deepEqual(none.left, []);
});

test("find: passes the options to every search", async () => {
  const seen = [];
  const opts = { filters: filtersOf(["type:Indsats"]) };
  await find(async (q, o) => { seen.push(o); return { results: [] }; }, "a b", opts);
  assert.ok(seen.length > 1 && seen.every((o) => o === opts));
});

test("readState: the URL's query, sort and filters; values are data", () => {
  const sorts = new Set(["", "title:asc"]);
  assert.deepEqual(readState("?q=l%C3%A6sning&sort=title:asc&f=type:Indsats&f=m%C3%A5lgruppe:B%C3%B8rn", sorts),
    { q: "læsning", sort: "title:asc", f: ["type:Indsats", "målgruppe:Børn"] });
  // a sort that is not the form's is dropped; a filter without a facet name is dropped
  assert.deepEqual(readState("?sort=constructor:asc&f=:x&f=novalue&f=a:b:c", sorts), { q: "", sort: "", f: ["a:b:c"] });
  assert.deepEqual(readState("", sorts), { q: "", sort: "", f: [] });
});

test("filtersOf: ?f=__proto__:x and ?f=constructor:x are filters like any other, in a map without a prototype", () => {
  const state = readState("?f=__proto__:x&f=constructor:y&f=toString:z&f=type:A&f=type:B:C", new Set());
  const filters = filtersOf(state.f);
  assert.equal(Object.getPrototypeOf(filters), null);
  assert.deepEqual(Object.keys(filters), ["__proto__", "constructor", "toString", "type"]);
  assert.deepEqual(filters["__proto__"], { any: ["x"] });
  assert.deepEqual(filters.constructor, { any: ["y"] });
  assert.deepEqual(filters.type, { any: ["A", "B:C"] });
  assert.equal({}.x, undefined, "Object.prototype is untouched");
  assert.equal(Object.prototype.any, undefined);
  assert.equal(JSON.stringify(filters), '{"__proto__":{"any":["x"]},"constructor":{"any":["y"]},' +
    '"toString":{"any":["z"]},"type":{"any":["A","B:C"]}}');
});

test("searchOptions: filters, and a sort as {key: direction} without a prototype", () => {
  const opts = searchOptions({ q: "", sort: "updated:desc", f: ["type:A"] });
  assert.equal(Object.getPrototypeOf(opts.sort), null);
  assert.deepEqual({ ...opts.sort }, { updated: "desc" });
  assert.deepEqual({ ...opts.filters }, { type: { any: ["A"] } });
  assert.equal("sort" in searchOptions({ q: "", sort: "", f: [] }), false);
  const odd = searchOptions({ q: "", sort: "__proto__:asc", f: [] });
  assert.equal(Object.getPrototypeOf(odd.sort), null);
  assert.deepEqual(Object.keys(odd.sort), ["__proto__"]);
});

test("stateQuery: the state back in the URL, and read again the same", () => {
  const state = { q: "læsning & skole", sort: "title:asc", f: ["type:Indsats", "__proto__:x"] };
  const query = stateQuery(state);
  assert.equal(query, "?q=l%C3%A6sning+%26+skole&sort=title%3Aasc&f=type%3AIndsats&f=__proto__%3Ax");
  assert.deepEqual(readState(query, new Set(["title:asc"])), state);
  assert.equal(stateQuery({ q: "", sort: "", f: [] }), "");
});

test("stems: the marked beginnings leave out one-letter words and stop words", () => {
  assert.deepEqual(stems(["Læsning", "i", "og", "Skole"], stopwords("i og")), ["læsning", "skole"]);
});

test("statusLine: the number of results, and what was searched instead", () => {
  const S = { none: "Ingen.", one: "1 resultat", results: "{n} resultater", respelled: "Søgt som »{q}«.",
    partial: "Viser »{kept}« (udeladt: {left})." };
  assert.equal(statusLine(S, { q: "a", left: [], respelled: false }, 0), "Ingen.");
  assert.equal(statusLine(S, { q: "a", left: [], respelled: false }, 1), "1 resultat");
  assert.equal(statusLine(S, { q: "læsning", left: [], respelled: true }, 3), "Søgt som »læsning«. 3 resultater");
  assert.equal(statusLine(S, { q: "a $& b", left: ["c", "d"], respelled: true }, 2),
    "Viser »a $& b« (udeladt: c, d). 2 resultater");
});

// ---- issue 28: Pagefind's prefix fallback counts as found nowhere ----

test("stemDanish: Snowball's Danish stems, as Pagefind's index has them", () => {
  const stems = {
    skole: "skol", skoler: "skol", børnehaven: "børnehav", børnehave: "børnehav", fraværet: "fravær",
    indsatserne: "indsats", udskolingen: "udskoling", sundhedsplejen: "sundhedsplej", hensigtsmæssig: "hensigtsmæs",
    frivillige: "frivil", dropper: "drop", to: "to", tosprogede: "tosproged", skolevægring: "skolevægring",
  };
  for (const [word, stem] of Object.entries(stems)) assert.equal(stemDanish(word), stem, word);
});

test("matchesItself: a word typed in part or inflected matches; the fallback's shorter word does not", () => {
  assert.ok(matchesItself("skol", "skolen"), "typed in part");
  assert.ok(matchesItself("børnehaven", "børnehave"), "another ending of the same stem");
  assert.ok(matchesItself("fraværet", "Fravær,"), "case and punctuation do not count");
  assert.ok(matchesItself("hjem", "skole-hjem-samarbejde"), "a part of a hyphenated word");
  assert.ok(!matchesItself("tosprogede", "to"), "'to' is only the longest indexed prefix of 'tosprogede'");
  assert.ok(!matchesItself("skolevægring", "skole"));
  assert.equal(normalWord("»Skole«."), "skole");
  // without a Danish stemmer (an English build): up to three letters of ending, no more
  assert.ok(matchesItself("schools", "school", "en"));
  assert.ok(!matchesItself("schoolteacher", "school", "en"));
});

test("foundItself: read from the words a result marks; nothing marked tells nothing", () => {
  assert.ok(foundItself("skolevægring", { content: "Fravær og skolevægring i skolen.", locations: [2] }));
  assert.ok(!foundItself("skolevægring", { content: "Fravær i skole.", locations: [2] }));
  assert.ok(foundItself("x", { content: "a b", locations: [] }));
});

test("find: a word only the prefix fallback finds is found nowhere: alone, no results and it is named", async () => {
  const pages = [["to", "børn"], ["skole", "sprog"]];
  const { search } = index(pages);
  const found = await find(search, "tosprogede", {});
  assert.equal(found.search.results.length, 0, "Pagefind's answer ('to') is not shown");
  assert.deepEqual(found.missing, ["tosprogede"]);
  const S = { missing: "Ingen resultater: »{words}« står ikke i nogen post.", missingFiltered: "Filtreret: »{words}«." };
  assert.equal(statusLine(S, found, 0), "Ingen resultater: »tosprogede« står ikke i nogen post.");
  assert.equal(statusLine(S, found, 0, true), "Filtreret: »tosprogede«.");
});

test("find: among other words the fallback's word is left out and named; typing in part still finds", async () => {
  const pages = [["to", "børn"], ["skole", "sprog"], ["skolen", "børn"]];
  const { search } = index(pages);
  const found = await find(search, "skolevægring børn", {});
  assert.equal(found.q, "børn");
  assert.deepEqual(found.left, ["skolevægring"]);
  assert.deepEqual(found.unknown, ["skolevægring"]);
  assert.equal(found.search.results.length, 2);
  const part = await find(search, "skol", {});
  assert.equal(part.q, "skol");
  assert.deepEqual(part.missing, []);
  assert.equal(part.search.results.length, 2);
});

test("statusLine: says exactly what happened; filter advice only with a filter", () => {
  const S = { none: "Ingen poster passer til søgningen.", noneFiltered: "Ingen med filtrene. Fjern et filter.",
    one: "1 resultat", results: "{n} resultater", partial: "Ingen for alle ordene: »{kept}« (udeladt: {left}).",
    unknown: "»{left}« står ikke i nogen post — viser »{kept}«." };
  const plain = { q: "a", left: [], unknown: [], missing: [], respelled: false };
  assert.equal(statusLine(S, plain, 0), "Ingen poster passer til søgningen.");
  assert.ok(!statusLine(S, plain, 0).includes("filter"));
  assert.equal(statusLine(S, plain, 0, true), "Ingen med filtrene. Fjern et filter.");
  // left out because found nowhere, or because the words together found nothing
  assert.equal(statusLine(S, { q: "b", left: ["x"], unknown: ["x"], missing: [], respelled: false }, 2),
    "»x« står ikke i nogen post — viser »b«. 2 resultater");
  assert.equal(statusLine(S, { q: "b", left: ["x", "c"], unknown: ["x"], missing: [], respelled: false }, 1),
    "Ingen for alle ordene: »b« (udeladt: x, c). 1 resultat");
});

test("a large index in parts: every search leaves out the parts' word lists; sorted by the ranks file", () => {
  assert.deepEqual(withoutDictionary({ filters: { sektorer: ["Skole"] }, sort: { title: "asc" } }, "ik_ord"),
    { filters: { sektorer: ["Skole"], not: { ik_ord: "1" } }, sort: { title: "asc" } });
  assert.deepEqual(withoutDictionary({}, "ik_ord").filters, { not: { ik_ord: "1" } });
  const ranks = { title: { a: 2, b: 0, c: 1 } };
  const results = [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }];
  assert.deepEqual(inSiteOrder(results, ranks, "title:asc").map((r) => r.id), ["b", "c", "a"], "d has no title rank");
  assert.deepEqual(inSiteOrder(results, ranks, "title:desc").map((r) => r.id), ["a", "c", "b"]);
  assert.equal(inSiteOrder(results, ranks, "reviewed:asc"), results, "an unknown key leaves the order");
  assert.equal(inSiteOrder(results, ranks, "constructor:asc"), results, "never the prototype's keys");
  assert.deepEqual(inSiteOrder([{ id: "constructor" }], ranks, "title:asc"), [], "an id is looked up as the file's own key only");
});
