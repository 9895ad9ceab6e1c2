// The search page's query logic (ik-search.js): reading and writing its state in the URL, Pagefind's filter and
// sort options, the Danish spellings of a word, and what to search when all the words together find nothing.
// No DOM and no Pagefind here: `find` is given the search function, so tests/js/ik-query.test.mjs runs it in
// Node (`node --test tests/js/`) against a small made-up index.
import { stemDanish } from "./ik-stem.js";
import { fill } from "./ik-text.js";

// Words beyond this many are not tried in the subsets (6 words: at most 62 extra searches, from loaded chunks)
export const MAX_WORDS = 6;
const DANISH = Object.assign(Object.create(null), { ae: "æ", oe: "ø", aa: "å" });

// ---- the state in the URL: ?q=…&sort=key:dir&f=facet:value&f=… ----
// Values from the URL are data: a filter or sort key is only ever a key of a map without a prototype
// (Object.create(null)), so '?f=__proto__:x' or '?f=constructor:x' is a filter that matches nothing, never
// Object.prototype; a sort that is not one of the form's options (`sorts`, anything with .has) is dropped; a
// filter without a facet name before its ':' is dropped.
export function readState(search, sorts) {
  const p = new URLSearchParams(search);
  const sort = p.get("sort") || "";
  return { q: p.get("q") || "", sort: sorts.has(sort) ? sort : "", f: p.getAll("f").filter((v) => v.indexOf(":") > 0) };
}

// The URL's query string for a state ("" when there is nothing to say), in a fixed order: q, sort, the filters
export function stateQuery(state) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.sort) p.set("sort", state.sort);
  state.f.forEach((v) => p.append("f", v));
  const s = p.toString();
  return s ? "?" + s : "";
}

// The state's filters as Pagefind's `filters` option: {facet: {any: [value, …]}} in a map without a prototype
export function filtersOf(f) {
  const out = Object.create(null);
  f.forEach((pair) => {
    const i = pair.indexOf(":");
    (out[pair.slice(0, i)] ||= { any: [] }).any.push(pair.slice(i + 1));
  });
  return out;
}

// Pagefind's options for a state: its filters and, when a sort is chosen, {key: direction}
export function searchOptions(state) {
  const opts = { filters: filtersOf(state.f) };
  if (state.sort) {
    const [key, dir] = state.sort.split(":");
    opts.sort = Object.create(null);
    opts.sort[key] = dir;
  }
  return opts;
}

// ---- words ----
// The function words of the strings table (search_stopwords), lower case
export function stopwords(text) {
  return new Set((text || "").split(/\s+/).filter(Boolean).map((w) => w.toLowerCase()));
}

// The words of a query as typed (split at white space)
export function wordsOf(q) {
  return (q || "").split(/\s+/).filter(Boolean);
}

// The lower-case beginnings marked in a result's summary: a query's words, less one-letter words and stop words
export function stems(words, stop) {
  return words.map((w) => w.toLowerCase()).filter((w) => w.length > 1 && !stop.has(w));
}

// A word typed without æ/ø/å ("laesning", "boernehave") in its Danish spellings (ae→æ, oe→ø, aa→å; Pagefind's
// own normalisation does not do this): most letters replaced first, the word as typed last (at most 8).
export function spellings(word) {
  let out = [["", 0]];
  for (let i = 0; i < word.length;) {
    const sub = DANISH[word.slice(i, i + 2).toLowerCase()];
    if (sub && out.length < 8) {
      out = out.flatMap(([p, n]) => [[p + word.slice(i, i + 2), n], [p + sub, n + 1]]);
      i += 2;
    } else {
      out = out.map(([p, n]) => [p + word[i], n]);
      i += 1;
    }
  }
  return out.sort((a, b) => b[1] - a[1]).map(([w]) => w);
}

// Every subset of `size` items, in the items' order
export function subsets(items, size, start = 0) {
  if (size === 0) return [[]];
  const out = [];
  for (let i = start; i <= items.length - size; i++) {
    subsets(items, size - 1, i + 1).forEach((rest) => out.push([items[i], ...rest]));
  }
  return out;
}

// ---- Pagefind's prefix fallback ----
// When no indexed word begins with a query word, Pagefind searches the longest indexed word that the query word
// begins with instead ("skole" for "skolevægring", "to" for "tosprogede") and says nothing. Such a word counts as
// found nowhere. Pagefind stems words (Danish pages: Snowball's Danish stemmer) and matches a query word's stem
// as a prefix of an indexed stem, so a result found the word itself when a word it marks (`locations` in the
// result's `content`) has a stem that begins with the query word's stem. The fallback applies to every page alike,
// so one result tells. Without a stemmer for the language, a marked word the query word merely begins with counts
// as a fallback when more than three letters (an ending) are missing.
const PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;

// A word as Pagefind searches it: lower case, punctuation removed
export function normalWord(word) {
  return (word || "").toLocaleLowerCase().replace(PUNCTUATION, "");
}

// Whether a word Pagefind marked matches the query word itself (not the fallback); `lang` is the page's language
export function matchesItself(query, marked, lang = "da") {
  const q = normalWord(query);
  // the marked word as written and its parts (Pagefind also indexes the parts of "skole-hjem")
  const whole = normalWord(marked);
  const parts = [whole, ...marked.toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)];
  if (lang.split("-")[0] === "da") {
    const stem = stemDanish(q);
    return parts.some((p) => p.startsWith(q) || stemDanish(p).startsWith(stem));
  }
  return parts.some((p) => p.startsWith(q) || (q.startsWith(p) && q.length - p.length <= 3));
}

// Whether a result (its data(): {content, locations}) holds the query word itself; a result without marked words
// (nothing to tell by) counts as holding it
export function foundItself(word, data, lang = "da") {
  const words = (data.content || "").split(/[\r\n\s]+/g);
  const marked = (data.locations || []).map((at) => words[at]).filter(Boolean);
  return !marked.length || marked.some((m) => matchesItself(word, m, lang));
}

// ---- what to search ----
// Pagefind ANDs the words and has no OR, fuzzy or æ/ø/å folding. `find` searches `q` with `search(q, opts)` (the
// Pagefind instance's search: resolves to {results: […]}, each result with data()) and adds four fallbacks:
// 1. each word typed with ae/oe/aa is searched as æ/ø/å first; the first spelling that finds something wins,
//    else the word as typed;
// 2. a word Pagefind finds only by its prefix fallback ("to" for "tosprogede") counts as found nowhere;
// 3. a word found in no page is left out and named (Pagefind silently passes over it); when no word is found
//    anywhere there are no results, and `missing` names the words;
// 4. when the words together still find nothing, the subset that keeps the most words wins (stop words do not
//    count), ties going to the more specific subset (fewer results), and the words left out are named.
// Each word is searched alone once (its chunks are loaded by the query: no extra index bytes) and the first
// result's fragment is read to tell the fallback. Returns {search: the chosen search's answer, q: the words
// searched, left: the words left out, unknown: those of them found nowhere, missing: the words found nowhere when
// nothing was searched, respelled: whether a word was respelled}.
const NOTHING = { results: [] };

export async function find(pagefindSearch, q, opts, stop = new Set(), lang = "da") {
  if (!q) return { search: await pagefindSearch(null, opts), q, left: [], unknown: [], missing: [], respelled: false };
  // The same words are searched once: a one-word query is the word alone, and at 5,000 entries a search of a
  // common word costs as much as fetching its chunk (bench/REPORT.md, issue 28)
  const asked = new Map();
  const search = (words) => {
    if (!asked.has(words)) asked.set(words, pagefindSearch(words, opts));
    return asked.get(words);
  };
  const typed = wordsOf(q);
  const hits = new Map(); // word -> its number of results alone, 0 when only the prefix fallback finds it
  const count = async (w) => {
    if (!hits.has(w)) {
      const alone = await search(w);
      const n = alone.results.length;
      hits.set(w, n && foundItself(w, await alone.results[0].data(), lang) ? n : 0);
    }
    return hits.get(w);
  };
  const words = [];
  for (const word of typed) {
    let chosen = word;
    for (const option of spellings(word).slice(0, -1)) {
      if (await count(option)) { chosen = option; break; }
    }
    words.push(chosen);
  }
  const respelled = words.some((w, i) => w !== typed[i]);
  const unknown = [];
  for (const w of words) if (!(await count(w))) unknown.push(w);
  const known = words.filter((w) => !unknown.includes(w));
  if (!known.length) return { search: NOTHING, q: words.join(" "), left: [], unknown, missing: unknown, respelled };
  const answer = await search(known.join(" "));
  if (answer.results.length || known.length < 2) {
    return { search: answer, q: known.join(" "), left: unknown, unknown, missing: [], respelled };
  }
  const pool = known.slice(0, MAX_WORDS);
  const weight = (kept) => kept.filter((w) => !stop.has(w.toLowerCase())).length;
  for (let size = pool.length - 1; size >= 1; size--) {
    let best = null;
    for (const kept of subsets(pool, size)) {
      const s = await search(kept.join(" "));
      const n = s.results.length;
      if (n && (!best || weight(kept) > best.weight || (weight(kept) === best.weight && n < best.n))) {
        best = { search: s, kept, n, weight: weight(kept) };
      }
    }
    if (best) {
      const left = [...unknown, ...known.filter((w) => !best.kept.includes(w))];
      return { search: best.search, q: best.kept.join(" "), left, unknown, missing: [], respelled };
    }
  }
  return { search: answer, q: known.join(" "), left: unknown, unknown, missing: [], respelled };
}

// ---- a large index in parts (ik-search.js) ----
// Each part holds a hidden page with every word of the site, so that Pagefind's prefix fallback happens alike in
// every part (a word one part holds is no fallback in another); a filter (`dictionary`, the search page's
// data-dictionary) marks that page, and every search leaves it out. Sorted, the merged results are put in the
// whole site's order by the ranks file: ranks[key][page id] is the page's place among the pages with that sort
// key (search_index.py).
export function withoutDictionary(opts, dictionary) {
  return { ...opts, filters: { ...(opts.filters || {}), not: { [dictionary]: "1" } } };
}

// results in the order of `sort` ("key:asc" or "key:desc"); pages without the key are left out, as Pagefind's own
// sort leaves them out
export function inSiteOrder(results, ranks, sort) {
  const [key, dir] = sort.split(":");
  const table = ranks && Object.hasOwn(ranks, key) ? ranks[key] : null;
  if (!table) return results;
  const rankOf = (r) => (Object.hasOwn(table, r.id) ? table[r.id] : -1);
  const sorted = results.filter((r) => rankOf(r) >= 0).sort((a, b) => rankOf(a) - rankOf(b));
  return dir === "desc" ? sorted.reverse() : sorted;
}

// The status line under the search field: what happened, then the number of results. `S` is the page's strings
// (none, noneFiltered, missing, missingFiltered, one, results, partial, unknown, respelled: search_* in the strings
// table); `filtered` says whether a filter is chosen: filter advice only then.
export function statusLine(S, found, n, filtered = false) {
  if (found.missing && found.missing.length) {
    return fill(filtered ? S.missingFiltered : S.missing, { words: found.missing.join(", ") });
  }
  const count = n === 0 ? (filtered ? S.noneFiltered : S.none) : n === 1 ? S.one : fill(S.results, { n });
  const onlyUnknown = found.left.length && found.left.length === (found.unknown || []).length;
  const note = !found.left.length ? (found.respelled ? fill(S.respelled, { q: found.q }) : "")
    : fill(onlyUnknown ? S.unknown : S.partial, { kept: found.q, left: found.left.join(", ") });
  return note ? `${note} ${count}` : count;
}
