// The faceted catalogue search on /soeg/, on Pagefind's JS API (index built by `pagefind_bin` after the site).
// State lives in the URL (?q=…&f=facet:value…&sort=key:dir): shareable, and the back button restores it. What to
// search — spellings, left-out words, the URL's state — is decided in ik-query.js (no DOM, tested in Node).
import { find, inSiteOrder, readState, searchOptions, stateQuery, statusLine, stems, stopwords, withoutDictionary, wordsOf } from "./ik-query.js";
import { fill, strings } from "./ik-text.js";
import { chooser } from "./ik-choose.js";
import { withChoice } from "./ik-compare-core.js";

const root = document.querySelector("[data-ik-search]");
if (root) start(root);

async function start(root) {
  const S = strings(root);
  const kinds = JSON.parse(root.dataset.kinds);
  // every filter with its values in their vocabulary's order (the editors' filters are on the editors' page)
  const facets = [{ id: "type", label: S.type, values: kinds.map((k) => k.label) }, ...JSON.parse(root.dataset.facets)];
  const form = root.querySelector("form");
  const input = form.elements.q, sortSelect = form.elements.sort;
  const sorts = new Set([...sortSelect.options].map((o) => o.value));
  const facetBox = root.querySelector(".ik-search-facets");
  const list = root.querySelector(".ik-search-results");
  const status = root.querySelector(".ik-search-status");
  const more = root.querySelector(".ik-search-more");
  const chosenList = root.querySelector(".ik-chosen");
  const toggle = root.querySelector(".ik-filter-toggle");
  const showResults = root.querySelector(".ik-show-results");
  const themes = root.querySelector(".ik-search-themes");
  const lang = document.documentElement.lang || "da";
  // On a phone the filters wait behind a button, so that the first result is on the first screen; once they are
  // open, a button under them says how many results the chosen filters give and goes to them
  const openFilters = (open) => {
    toggle.setAttribute("aria-expanded", String(open));
    facetBox.toggleAttribute("data-open", open);
    showResults.hidden = !open;
  };
  toggle.addEventListener("click", () => openFilters(toggle.getAttribute("aria-expanded") !== "true"));
  showResults.addEventListener("click", () => {
    openFilters(false);
    status.scrollIntoView({ block: "start" });
    status.focus();
  });
  // The URL's query goes into the form at once, before Pagefind has loaded: what a visitor types meanwhile is
  // kept, not overwritten when the search starts (and then searched instead of the URL's query).
  const initial = readURL();
  restore(initial);
  const pagefind = await import(new URL(root.dataset.pagefind, document.baseURI).href);
  // Results are searched on the page's own thread: at 5,000 entries that is ~20 % faster than Pagefind's web
  // worker (no hand-over of every match) and saves fetching the worker script before the first results. The
  // search runs after the typing pause (debounce), so it does not hold up keystrokes. The counts below, which
  // take longer, run in the worker.
  await pagefind.options({ excerptLength: 22, noWorker: true });
  // A large catalogue's index comes in parts (data-shards: their folders, relative to Pagefind's script), merged
  // into the search (Pagefind's mergeIndex): a query costs about (pages found) x (pages holding its words) in each
  // part, so the parts together cost a fraction of one index (bench/REPORT.md, issue 31). Every search leaves out
  // the parts' word lists (ik-query.js, withoutDictionary); sorted, the results are put in the whole site's order
  // from the ranks file (data-ranks, fetched when a sort is first chosen).
  const pagefindURL = new URL(root.dataset.pagefind, document.baseURI);
  const shards = JSON.parse(root.dataset.shards || "[]").map((s) => new URL(s, pagefindURL).href);
  const merged = (instance) => Promise.all(shards.map((s) => instance.mergeIndex(s, { excerptLength: 22 })));
  await merged(pagefind);
  let ranks = null;
  // a ranks file that cannot be read leaves the results in the parts' merged order (inSiteOrder without ranks)
  const loadRanks = () => (ranks ||= fetch(new URL(root.dataset.ranks, document.baseURI))
    .then((r) => (r.ok ? r.json() : null)).catch(() => null));
  // the options of a search of the state: with parts, without the word lists, and sorted here rather than by
  // each part (a part's order is its own)
  const optionsOf = (state) => {
    const opts = searchOptions(state);
    if (!shards.length) return opts;
    delete opts.sort;
    return withoutDictionary(opts, root.dataset.dictionary);
  };
  // Results come 8 at a time ("Vis flere" shows the next 8): each result costs its Pagefind fragment (the page's
  // thinned text, ~3 KB as sent), and at 5,000 entries 8 keep the first query within its 250 KB (bench/RESULTS.md)
  // now that the vocabularies' search words have made the index larger (issue 28).
  const PAGE = 8;
  let results = [], shown = 0, timer = null, runId = 0;
  // Results and counts come from two Pagefind instances over the same index. The first loads only the filters
  // a query uses, so its results come fast; the second loads every filter (at 5,000 entries as many bytes as
  // the whole first query) after the first results are shown, and counts the entries per value for the same
  // query. A search that has every filter loaded costs about twice as long, so results never wait for counts.
  let counter = null;
  const loadCounter = () => (counter ||= (async () => {
    const c = pagefind.createInstance();
    await merged(c);
    await c.filters();
    return c;
  })());

  // Values from the URL are data (ik-query.js: maps without a prototype; a sort must be one of the form's)
  function readURL() {
    return readState(location.search, sorts);
  }
  function readForm() {
    const f = [...facetBox.querySelectorAll("input:checked")].map((c) => c.name + ":" + c.value);
    return { q: input.value.trim(), sort: sortSelect.value, f };
  }
  function writeURL(state, push) {
    // the initiatives chosen to compare stay in the URL beside the search (ik-choose.js)
    const url = location.pathname + withChoice(stateQuery(state), chooser ? chooser.ids() : []);
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }
  function inOrder(facet, names) {
    const at = (v) => { const i = (facet.values || []).indexOf(v); return i < 0 ? Infinity : i; };
    return names.sort((a, b) => at(a) - at(b) || a.localeCompare(b, lang));
  }
  function renderFacets(counts, state) {
    const chosen = new Set(state.f);
    facetBox.replaceChildren();
    facets.forEach((facet) => {
      const values = counts[facet.id];
      if (!values || !Object.keys(values).some((v) => values[v] > 0 || chosen.has(facet.id + ":" + v))) return;
      const fs = document.createElement("fieldset");
      const lg = document.createElement("legend");
      lg.textContent = facet.label;
      fs.append(lg);
      // values no result has are left out (unless chosen), so every box offered narrows to something
      inOrder(facet, Object.keys(values).filter((v) => values[v] > 0 || chosen.has(facet.id + ":" + v)))
        .forEach((value, n) => {
        const id = `ik-f-${facet.id}-${n}`;
        const box = document.createElement("input");
        Object.assign(box, { type: "checkbox", id, name: facet.id, value, checked: chosen.has(facet.id + ":" + value) });
        const label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = `${value} (${values[value]})`;
        const row = document.createElement("div");
        row.className = "ik-facet-option";
        row.append(box, label);
        fs.append(row);
      });
      facetBox.append(fs);
    });
  }
  // The chosen filters above the results, each a button that removes it
  function renderChosen(state) {
    chosenList.replaceChildren();
    state.f.forEach((pair) => {
      const i = pair.indexOf(":");
      const facet = facets.find((f) => f.id === pair.slice(0, i));
      const label = `${facet ? facet.label : pair.slice(0, i)}: ${pair.slice(i + 1)}`;
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "ik-chip";
      b.textContent = label;
      b.setAttribute("aria-label", fill(S.remove, { label }));
      b.addEventListener("click", () => {
        const next = { ...readURL(), q: input.value.trim(), sort: sortSelect.value };
        next.f = next.f.filter((f) => f !== pair);
        facetBox.querySelectorAll("input:checked").forEach((c) => { if (c.name + ":" + c.value === pair) c.checked = false; });
        run(next, true);
        (chosenList.querySelector("button") || input).focus();
      });
      li.append(b);
      chosenList.append(li);
    });
    chosenList.hidden = state.f.length === 0;
    toggle.textContent = state.f.length ? `${S.filter} (${state.f.length})` : S.filter;
  }
  // Staff search the way they talk: ik-query.js's `find` respells words typed without æ/ø/å, leaves out words no
  // page has and, when all the words together find nothing, searches the best subset (function words listed in
  // the strings table, search_stopwords, do not count). A query that finds something costs no extra search.
  const STOP = stopwords(S.stopwords);
  const search = (q, opts) => pagefind.search(q, opts);
  // The query's words marked in a result's summary: text nodes and <mark>s, never parsed HTML
  function marked(text, words) {
    const starts = stems(words, STOP);
    const frag = document.createDocumentFragment();
    if (!starts.length) { frag.append(text); return frag; }
    text.split(/([\p{L}\p{N}]+)/u).forEach((part) => {
      if (part && starts.some((s) => part.toLowerCase().startsWith(s))) {
        const m = document.createElement("mark");
        m.textContent = part;
        frag.append(m);
      } else if (part) frag.append(part);
    });
    return frag;
  }
  let words = [];
  async function showMore() {
    const slice = results.slice(shown, shown + PAGE);
    const data = await Promise.all(slice.map((r) => r.data()));
    data.forEach((d) => {
      const li = document.createElement("li");
      li.className = "ik-search-result";
      const a = document.createElement("a");
      a.href = d.url;
      a.textContent = d.meta.title || d.url;
      const h = document.createElement("h2");
      h.append(a);
      const kind = document.createElement("p");
      kind.className = "ik-card-meta";
      kind.textContent = [d.meta.kind, d.meta.owner].filter(Boolean).join(" · ");
      const p = document.createElement("p");
      p.append(marked(d.meta.summary || "", words));
      li.append(h, kind);
      // an initiative's documentation level with its place on the scale, its age groups and sectors, as on its
      // card (components/card.html; the level is the page's metadata, the groups its filters' values)
      if (d.meta.level) {
        const facts = document.createElement("dl");
        facts.className = "ik-card-facts";
        const fact = (label, value, className) => {
          if (!value) return;
          const div = document.createElement("div");
          if (className) div.className = className;
          const dt = document.createElement("dt");
          dt.textContent = label;
          const dd = document.createElement("dd");
          dd.textContent = value;
          div.append(dt, dd);
          facts.append(div);
        };
        const values = (key) => (Array.isArray(d.filters && d.filters[key]) ? d.filters[key].join(", ") : "");
        fact(S.level, d.meta.level, "ik-card-level");
        fact(S.ages, values("aldersgrupper"));
        fact(S.sectors, values("sektorer"));
        li.append(facts);
      }
      li.append(p);
      // ... and the box to choose it for comparison: a link to the compare page with it, which ik-choose.js turns
      // into the box (a site-relative path, resolved from the site's root; anything else is not a link)
      if (d.meta.compare && /^[a-z0-9/-]+\/\?[a-z]+=[a-z0-9-]+$/.test(d.meta.compare) && chooser) {
        const compare = document.createElement("p");
        compare.className = "ik-card-compare";
        const a = document.createElement("a");
        a.href = new URL(d.meta.compare, new URL(root.dataset.root, document.baseURI)).href;
        a.textContent = S.compare;
        const name = document.createElement("span");
        name.className = "ik-visually-hidden";
        name.textContent = `: ${d.meta.title || ""}`;
        a.append(name);
        compare.append(a);
        li.append(compare);
        chooser.enhance(li);
      }
      list.append(li);
    });
    shown += slice.length;
    more.hidden = shown >= results.length;
  }
  async function run(state, push) {
    const id = ++runId;
    writeURL(state, push);
    status.textContent = S.loading;
    const opts = optionsOf(state);
    const found = await find(search, state.q, opts, STOP, lang);
    if (id !== runId) return; // a newer query has started
    words = wordsOf(found.q);
    renderChosen(state);
    results = shards.length && state.sort ? inSiteOrder(found.search.results, await loadRanks(), state.sort) : found.search.results;
    if (id !== runId) return;
    shown = 0;
    list.replaceChildren();
    await showMore();
    if (id !== runId) return;
    status.textContent = statusLine(S, found, results.length, state.f.length > 0);
    themes.hidden = results.length > 0; // nothing found: the ways in by theme
    showResults.textContent = results.length === 1 ? S.showOne : fill(S.show, { n: results.length });
    root.dataset.readyAt = String(Date.now()); // for the benchmark: which files arrived before the results
    root.dataset.ready = String(id); // for tests and benchmarks: the results for this query are on the page
    // none when the words are found nowhere (Pagefind's prefix fallback would count pages that hold none of them)
    const counts = found.missing.length ? { filters: {} } : await (await loadCounter()).search(found.q || null, opts);
    if (id !== runId) return;
    renderFacets(counts.filters, state);
    root.dataset.facetsReady = String(id); // ... and the filters with their counts
  }
  function restore(state) {
    input.value = state.q;
    sortSelect.value = state.sort;
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); run(readForm(), true); });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    if (input.value.trim()) pagefind.preload(input.value.trim()); // fetch the index chunk while the user types
    timer = setTimeout(() => run(readForm(), false), 250);
  });
  form.addEventListener("change", (e) => {
    if (e.target !== input && !e.target.closest(".ik-choose-box")) run(readForm(), true); // a box to compare is no filter
  });
  more.addEventListener("click", () => showMore());
  window.addEventListener("popstate", () => { const s = readURL(); restore(s); run(s, false); });
  await run({ ...initial, q: input.value.trim(), sort: sortSelect.value }, false);
}
