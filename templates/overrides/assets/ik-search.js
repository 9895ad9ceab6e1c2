// The faceted catalogue search on /soeg/, on Pagefind's JS API (index built by `pagefind_bin` after the site).
// State lives in the URL (?q=…&f=facet:value…&sort=key:dir): shareable, and the back button restores it.
const root = document.querySelector("[data-ik-search]");
if (root) start(root);

async function start(root) {
  const S = JSON.parse(root.dataset.strings);
  const kinds = JSON.parse(root.dataset.kinds);
  // every filter with its values in their vocabulary's order; the editors' filters (description level, review)
  // come last, under a heading of their own
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
  // On a phone the filters wait behind a button, so that the first result is on the first screen
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    facetBox.toggleAttribute("data-open", open);
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
  const PAGE = 10;
  let results = [], shown = 0, timer = null, runId = 0;
  // Results and counts come from two Pagefind instances over the same index. The first loads only the filters
  // a query uses, so its results come fast; the second loads every filter (at 5,000 entries as many bytes as
  // the whole first query) after the first results are shown, and counts the entries per value for the same
  // query. A search that has every filter loaded costs about twice as long, so results never wait for counts.
  let counter = null;
  const loadCounter = () => (counter ||= (async () => {
    const c = pagefind.createInstance();
    await c.filters();
    return c;
  })());

  // Values from the URL are data: a filter or sort key is looked up only in maps without a prototype
  // (Object.create(null)), so '?f=__proto__:x' or '?f=constructor:x' is a filter that matches nothing, never
  // Object.prototype; a sort that is not one of the form's options is dropped.
  function readURL() {
    const p = new URLSearchParams(location.search);
    const sort = p.get("sort") || "";
    return { q: p.get("q") || "", sort: sorts.has(sort) ? sort : "", f: p.getAll("f").filter((v) => v.indexOf(":") > 0) };
  }
  function readForm() {
    const f = [...facetBox.querySelectorAll("input:checked")].map((c) => c.name + ":" + c.value);
    return { q: input.value.trim(), sort: sortSelect.value, f };
  }
  function writeURL(state, push) {
    const p = new URLSearchParams();
    if (state.q) p.set("q", state.q);
    if (state.sort) p.set("sort", state.sort);
    state.f.forEach((v) => p.append("f", v));
    const url = location.pathname + (p.toString() ? "?" + p : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }
  function filtersOf(state) {
    const out = Object.create(null);
    state.f.forEach((pair) => {
      const i = pair.indexOf(":");
      (out[pair.slice(0, i)] ||= { any: [] }).any.push(pair.slice(i + 1));
    });
    return out;
  }
  const lang = document.documentElement.lang || "da";
  function inOrder(facet, names) {
    const at = (v) => { const i = (facet.values || []).indexOf(v); return i < 0 ? Infinity : i; };
    return names.sort((a, b) => at(a) - at(b) || a.localeCompare(b, lang));
  }
  function renderFacets(counts, state) {
    const chosen = new Set(state.f);
    facetBox.replaceChildren();
    let editorial = false;
    facets.forEach((facet) => {
      const values = counts[facet.id];
      if (!values || !Object.keys(values).some((v) => values[v] > 0 || chosen.has(facet.id + ":" + v))) return;
      if (facet.editorial && !editorial) {
        editorial = true;
        const h = document.createElement("p");
        h.className = "ik-facet-group";
        h.textContent = S.editorial;
        facetBox.append(h);
      }
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
      b.setAttribute("aria-label", S.remove.replace("{label}", label));
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
  // The query's words marked in a result's summary: text nodes and <mark>s, never parsed HTML
  function marked(text, words) {
    const stems = words.map((w) => w.toLowerCase()).filter((w) => w.length > 1 && !STOP.has(w));
    const frag = document.createDocumentFragment();
    if (!stems.length) { frag.append(text); return frag; }
    text.split(/([\p{L}\p{N}]+)/u).forEach((part) => {
      if (part && stems.some((s) => part.toLowerCase().startsWith(s))) {
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
      li.append(h, kind, p);
      list.append(li);
    });
    shown += slice.length;
    more.hidden = shown >= results.length;
  }
  // Staff search the way they talk. A word typed without æ/ø/å ("laesning", "boernehave") is searched in its
  // Danish spellings (ae→æ, oe→ø, aa→å; Pagefind's own normalisation does not do this): the first spelling, most
  // letters replaced first, that finds something is used, else the word as typed. When all the words together
  // find nothing, the search shows the results for the subset that keeps the most words (short function words
  // such as "i" and "og", listed in the strings table, do not count), ties going to the more specific words
  // (fewer results), and says which words were left out. A query that finds something costs no extra search.
  const MAX_WORDS = 6, DANISH = { ae: "æ", oe: "ø", aa: "å" };
  const STOP = new Set((S.stopwords || "").split(/\s+/).filter(Boolean));
  function spellings(word) {
    let out = [[word.slice(0, 0), 0]];
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
    return out.sort((a, b) => b[1] - a[1]).map(([w]) => w); // most replaced first, the word as typed last
  }
  async function find(q, opts) {
    if (!q) return { search: await pagefind.search(null, opts), q, left: [], respelled: false };
    const typed = q.split(/\s+/).filter(Boolean);
    const hits = new Map(); // word -> its number of results alone (the chunks are loaded by then: no extra bytes)
    const count = async (w) => {
      if (!hits.has(w)) hits.set(w, (await pagefind.search(w, opts)).results.length);
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
    let search = await pagefind.search(words.join(" "), opts);
    if (words.length < 2) return { search, q: words.join(" "), left: [], respelled };
    // Pagefind passes over a word that is in no page at all; say so rather than show results as if it counted
    const unknown = [];
    for (const w of words) if (!(await count(w))) unknown.push(w);
    const known = words.filter((w) => !unknown.includes(w));
    if (unknown.length && known.length) search = await pagefind.search(known.join(" "), opts);
    if (search.results.length || known.length < 2) {
      return { search, q: known.join(" ") || words.join(" "), left: known.length ? unknown : [], respelled };
    }
    const pool = known.slice(0, MAX_WORDS);
    const weight = (kept) => kept.filter((w) => !STOP.has(w.toLowerCase())).length;
    for (let size = pool.length - 1; size >= 1; size--) {
      let best = null;
      for (const kept of subsets(pool, size)) {
        const s = await pagefind.search(kept.join(" "), opts);
        const n = s.results.length;
        if (n && (!best || weight(kept) > best.weight || (weight(kept) === best.weight && n < best.n))) {
          best = { search: s, kept, n, weight: weight(kept) };
        }
      }
      if (best) {
        const left = [...unknown, ...known.filter((w) => !best.kept.includes(w))];
        return { search: best.search, q: best.kept.join(" "), left, respelled };
      }
    }
    return { search, q: words.join(" "), left: [], respelled };
  }
  function subsets(items, size, start = 0) {
    if (size === 0) return [[]];
    const out = [];
    for (let i = start; i <= items.length - size; i++) {
      subsets(items, size - 1, i + 1).forEach((rest) => out.push([items[i], ...rest]));
    }
    return out;
  }
  async function run(state, push) {
    const id = ++runId;
    writeURL(state, push);
    status.textContent = S.loading;
    const opts = { filters: filtersOf(state) };
    if (state.sort) { const [k, dir] = state.sort.split(":"); opts.sort = Object.assign(Object.create(null), { [k]: dir }); }
    const found = await find(state.q, opts);
    if (id !== runId) return; // a newer query has started
    words = (found.q || "").split(/\s+/).filter(Boolean);
    renderChosen(state);
    results = found.search.results;
    shown = 0;
    list.replaceChildren();
    await showMore();
    if (id !== runId) return;
    const n = results.length;
    const count = n === 0 ? S.none : n === 1 ? S.one : S.results.replace("{n}", n);
    const note = found.left.length ? S.partial.replace("{kept}", found.q).replace("{left}", found.left.join(", "))
      : found.respelled ? S.respelled.replace("{q}", found.q) : "";
    status.textContent = note ? `${note} ${count}` : count;
    root.dataset.readyAt = String(Date.now()); // for the benchmark: which files arrived before the results
    root.dataset.ready = String(id); // for tests and benchmarks: the results for this query are on the page
    const counts = await (await loadCounter()).search(found.q || null, opts);
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
  form.addEventListener("change", (e) => { if (e.target !== input) run(readForm(), true); });
  more.addEventListener("click", () => showMore());
  window.addEventListener("popstate", () => { const s = readURL(); restore(s); run(s, false); });
  await run({ ...initial, q: input.value.trim(), sort: sortSelect.value }, false);
}
