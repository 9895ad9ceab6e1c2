// The search page's query logic (templates/overrides/assets/ik-query.js), run in Node against a made-up index:
// `node --test tests/js/` (tests/test_js.py runs it with the rest of the tests).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  filtersOf, find, readState, searchOptions, spellings, stateQuery, statusLine, stems, stopwords, subsets,
} from "../../templates/overrides/assets/ik-query.js";

// A stand-in for Pagefind's search: pages are sets of words; a query finds the pages that have every word
// (Pagefind ANDs the words), null finds every page. It records every query it is asked.
function index(pages) {
  const asked = [];
  const search = async (q) => {
    asked.push(q);
    const words = q === null ? [] : q.split(" ").map((w) => w.toLowerCase());
    return { results: pages.filter((p) => words.every((w) => p.includes(w))) };
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
  // the query, then each word alone (to name a word no page has; Pagefind has those chunks loaded): no subsets
  assert.deepEqual(asked, ["skole sprog", "skole", "sprog"]);
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
