// Choosing initiatives to compare from their cards (components/compare_tray.html): on a listing, a theme page, an
// entry's related entries and the search page. Each card's "Sammenlign" link (to the compare page with that one
// initiative) becomes a box to tick. The ticked ids are only in the page's own URL (?poster=a,b, replaced as they
// change: no cookie, no storage), so a reload or a shared link keeps them, and the pager's links carry them to the
// listing's next page. A bar at the bottom of the window says how many are chosen and goes to the compare page
// with them (?poster=a,b on /sammenlign/); ticking a fifth says that four is the most.
// The search page (ik-search.js) imports `chooser` to give its results the same boxes and to keep the choice in
// the URL it writes.
import { MAX, MIN, choiceSearch, readChoice, toggled, withChoice } from "./ik-compare-core.js";
import { fill, strings } from "./ik-text.js";

const tray = document.querySelector("[data-ik-choose]");
export const chooser = tray ? makeChooser(tray) : null;
if (chooser) chooser.enhance(document);

function makeChooser(tray) {
  const S = strings(tray);
  const status = tray.querySelector(".ik-choose-status");
  const bar = tray.querySelector(".ik-choose-bar");
  const go = tray.querySelector(".ik-choose-go");
  const clear = tray.querySelector(".ik-choose-clear");
  const base = tray.dataset.href;
  let ids = readChoice(location.search).ids;

  const inputs = () => [...document.querySelectorAll(".ik-choose-box input")];
  function say(text) {
    status.textContent = text;
    tray.classList.toggle("ik-choose--on", Boolean(text) || ids.length > 0);
  }
  function summary() {
    if (!ids.length) return "";
    const n = fill(S.chosen, { n: ids.length });
    return ids.length < MIN ? `${n} ${S.more}` : n;
  }
  // everything that shows the choice: the boxes, the bar, its link, the pager's links (the URL is written by
  // whoever changed the choice)
  function show(text) {
    inputs().forEach((input) => {
      input.checked = ids.includes(input.value);
    });
    go.href = base + choiceSearch(ids);
    document.querySelectorAll(".ik-pager a[href]").forEach((a) => {
      const url = new URL(a.href);
      url.search = withChoice(url.search, ids);
      a.href = url.href;
    });
    bar.hidden = ids.length === 0;
    say(text);
  }
  function writeURL() {
    const url = location.pathname + withChoice(location.search, ids) + location.hash;
    history.replaceState(history.state, "", url);
  }
  function change(input) {
    if (input.checked && !ids.includes(input.value) && ids.length >= MAX) {
      input.checked = false;
      say(S.tooMany);
      return;
    }
    ids = toggled(ids, input.value, input.checked);
    writeURL();
    show(summary());
  }
  clear.addEventListener("click", () => {
    ids = [];
    writeURL();
    show(S.cleared);
  });
  // back and forward on the search page bring an older URL, and with it an older choice
  window.addEventListener("popstate", () => {
    ids = readChoice(location.search).ids;
    show(summary());
  });

  // a card's link to the compare page with its initiative becomes a box to tick, named as the link was
  function enhance(scope) {
    scope.querySelectorAll(".ik-card-compare a[href]").forEach((a) => {
      const [id] = readChoice(new URL(a.href, document.baseURI).search).ids;
      if (!id) return;
      const label = document.createElement("label");
      label.className = "ik-choose-box";
      const input = document.createElement("input");
      input.type = "checkbox";
      input.value = id;
      input.checked = ids.includes(id);
      input.addEventListener("change", () => change(input));
      const name = a.querySelector(".ik-visually-hidden");
      label.append(input, S.choose, ...(name ? [name.cloneNode(true)] : []));
      a.replaceWith(label);
    });
  }
  show(summary());
  tray.dataset.ready = "";
  return { enhance, ids: () => ids };
}
