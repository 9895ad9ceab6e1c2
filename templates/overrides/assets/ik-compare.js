// The compare page (/sammenlign/, pages/compare.html): sorts the table of every initiative by a column (a button in
// each heading; aria-sort says how), and shows the initiatives the URL chooses (?poster=id1,id2,id3; 2–4) side by
// side above it, built from the table's own cells — an initiative on another page of the table is read from that
// page of the site. Ticking a row's box changes the URL at once (history), so the choice is only ever in the URL:
// shareable, no cookie, no storage. Without JavaScript the table is a plain table and the form's button sends the
// ticked ids as ?poster=a&poster=b, which this script reads as well.
import { MAX, choiceSearch, choiceState, readChoice, sortedOrder, toggled } from "./ik-compare-core.js";
import { fill, strings } from "./ik-text.js";

const root = document.querySelector("[data-ik-compare]");
if (root) compare(root);

function compare(root) {
  const S = strings(root);
  const table = root.querySelector("[data-ik-compare-table]");
  const tbody = table.tBodies[0];
  const form = root.querySelector("[data-ik-compare-form]");
  const status = root.querySelector("[data-ik-compare-status]");
  const box = root.querySelector("[data-ik-compare-chosen]");
  const heads = [...table.tHead.rows[0].cells].filter((th) => th.dataset.col);
  const labels = new Map(heads.map((th) => [th.dataset.col, th.textContent.trim()]));
  let choice = readChoice(location.search);
  let shown = 0;

  // -- sorting by a column ----------------------------------------------------------------------------------
  heads.forEach((th) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "ik-compare-sort";
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener("click", () => sortBy(th));
  });
  function keyOf(cell) {
    if (!cell) return "";
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  }
  function sortBy(th) {
    const direction = th.getAttribute("aria-sort") === "ascending" ? "desc" : "asc";
    heads.forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", direction === "asc" ? "ascending" : "descending");
    const rows = [...tbody.rows];
    const keys = rows.map((row) => keyOf(row.querySelector(`[data-col="${th.dataset.col}"]`)));
    tbody.append(...sortedOrder(keys, direction).map((i) => rows[i]));
  }

  // -- the choice, in the URL only ------------------------------------------------------------------------------
  const boxes = () => [...tbody.querySelectorAll("input[name=poster]")];
  function writeURL(push) {
    const url = location.pathname + choiceSearch(choice.ids);
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }
  tbody.addEventListener("change", (event) => {
    const input = event.target;
    if (input.name !== "poster") return;
    if (input.checked && choice.ids.length >= MAX) {
      input.checked = false;
      status.textContent = S.too_many;
      return;
    }
    choice = { ids: toggled(choice.ids, input.value, input.checked), tooMany: false };
    writeURL(false);
    show();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    writeURL(true);
    show().then(() => {
      const heading = box.querySelector("h2");
      if (heading && !box.hidden) heading.focus();
    });
  });
  window.addEventListener("popstate", () => {
    choice = readChoice(location.search);
    sync();
  });

  // -- the rows of the chosen: this page's, else another page's of the table ----------------------------------
  const rowsById = new Map([...tbody.rows].map((row) => [row.dataset.entryId, row]));
  let others = null;
  async function otherRows() {
    if (others) return others;
    others = new Map();
    const pages = (root.dataset.pages || "").split(" ").filter(Boolean);
    for (const page of pages) {
      try {
        const response = await fetch(new URL(page, location.href));
        if (!response.ok) continue;
        const doc = new DOMParser().parseFromString(await response.text(), "text/html");
        doc.querySelectorAll("[data-ik-compare-table] tbody tr[data-entry-id]").forEach((row) => {
          others.set(row.dataset.entryId, document.importNode(row, true));
        });
      } catch {
        // a page that cannot be read: its entries count as not found
      }
    }
    return others;
  }
  async function rowsFor(ids) {
    const found = new Map();
    const missing = ids.filter((id) => !rowsById.has(id));
    const more = missing.length ? await otherRows() : new Map();
    ids.forEach((id) => {
      const row = rowsById.get(id) || more.get(id);
      if (row) found.set(id, row);
    });
    return found;
  }

  // -- side by side ------------------------------------------------------------------------------------------
  function sideBySide(rows) {
    const heading = document.createElement("h2");
    heading.id = "ik-compare-chosen-heading";
    heading.tabIndex = -1;
    heading.textContent = S.heading;
    const side = document.createElement("table");
    side.className = "ik-compare-side";
    side.setAttribute("aria-labelledby", heading.id);
    const head = side.createTHead().insertRow();
    const corner = document.createElement("th");
    corner.scope = "col";
    corner.textContent = S.field;
    head.append(corner);
    rows.forEach((row) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.append(...[...row.querySelector('[data-col="title"]').childNodes].map((n) => n.cloneNode(true)));
      head.append(th);
    });
    const body = side.createTBody();
    labels.forEach((label, col) => {
      if (col === "title") return;
      const tr = body.insertRow();
      tr.dataset.col = col;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      tr.append(th);
      rows.forEach((row) => {
        const td = tr.insertCell();
        const name = document.createElement("span");
        name.className = "ik-compare-name";
        // on a phone the table is a list of blocks without its column headings: each cell names its entry
        name.textContent = row.querySelector('[data-col="title"]').textContent.trim();
        const cell = row.querySelector(`[data-col="${col}"]`);
        td.append(name, ...(cell ? [...cell.childNodes].map((n) => n.cloneNode(true)) : []));
      });
    });
    const scroll = document.createElement("div");
    scroll.className = "ik-compare-scroll ik-scroll";
    scroll.append(side);
    const back = document.createElement("p");
    back.className = "ik-compare-back";
    const all = document.createElement("a");
    all.href = location.pathname;
    all.textContent = S.all;
    all.addEventListener("click", (event) => {
      event.preventDefault();
      choice = { ids: [], tooMany: false };
      writeURL(true);
      sync();
    });
    back.append(all);
    return [heading, scroll, back];
  }
  async function show() {
    const run = ++shown;
    const state = choiceState(choice.ids, choice.tooMany);
    const rows = await rowsFor(choice.ids);
    if (run !== shown) return; // a newer choice is being shown
    const missing = choice.ids.filter((id) => !rows.has(id));
    const messages = [];
    if (state) messages.push(S[state]);
    if (missing.length) messages.push(fill(S.unknown, { ids: missing.join(", ") }));
    status.textContent = messages.join(" ");
    const found = [...rows.values()];
    if (found.length < 2) {
      box.hidden = true;
      box.replaceChildren();
      root.classList.remove("ik-compare--chosen");
      delete root.dataset.chosen;
      return;
    }
    box.replaceChildren(...sideBySide(found));
    box.hidden = false;
    root.classList.add("ik-compare--chosen");
    root.dataset.chosen = found.map((row) => row.dataset.entryId).join(",");
  }
  function sync() {
    boxes().forEach((input) => {
      input.checked = choice.ids.includes(input.value);
    });
    return show();
  }
  sync().then(() => {
    root.dataset.ready = "";
  });
}
