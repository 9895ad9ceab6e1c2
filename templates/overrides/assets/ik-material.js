// The Material for MkDocs adapter's script (mkdocs.yml: extra_javascript, after ik.js; the engine's own shell does
// not load it). A module: it runs once the page is parsed, after Material's bundle.

// 1. Material announces each page on its `document$` (a replayed observable: once per page, as instant navigation
//    is off; again after every page change if it is turned on), after it has wrapped wide tables in its scroll
//    boxes. The boxes are marked as the engine's (ik-scroll), then the engine's scripts are told ("ik:page").
window.document$.subscribe(() => {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach((box) => box.classList.add("ik-scroll"));
  uniqueCodeIds();
  document.dispatchEvent(new Event("ik:page"));
});

// Material (on the same document$, before this module subscribes) gives each code block's <pre> the id
// "__code_" + the id of its nearest ancestor with one — #ik-indhold, the skip link's target, for every block on
// a page (felter/: ~100 duplicate ids, WCAG 4.1.1). Nothing refers to these ids (no copy button or annotations:
// mkdocs.yml's features), so each is numbered in page order instead.
function uniqueCodeIds() {
  document.querySelectorAll("pre[id^='__code_']").forEach((pre, index) => { pre.id = `__code_${index}`; });
}

// 2. Header toggles (templates/overrides/partials/header.html): the menu button clicks the checkbox Material's CSS
//    and JS watch and keeps aria-expanded in step; Escape closes the menu.
const drawer = document.getElementById("__drawer");
document.querySelectorAll("[data-ik-toggle]").forEach((button) => {
  const box = document.getElementById(button.getAttribute("data-ik-toggle"));
  if (!box) return;
  const sync = () => button.setAttribute("aria-expanded", box.checked ? "true" : "false");
  button.addEventListener("click", () => { box.click(); sync(); });
  box.addEventListener("change", sync);
  sync();
});
// Material's hidden toggles (checkboxes its CSS watches; display: none) get their names from the strings table,
// given by the header as data-ik-name-<name> for #__<name> (partials/header.html): a form control without a
// name is an error to HTML_CodeSniffer (WCAG 4.1.2), though no reader reaches one that is not displayed.
const header = document.querySelector("[data-md-component='header']");
for (const [key, name] of Object.entries(header ? header.dataset : {})) {
  if (!key.startsWith("ikName")) continue;
  const box = document.getElementById(`__${key.slice(6).toLowerCase()}`);
  if (box) box.setAttribute("aria-label", name);
}
// Escape closes the menu and gives focus back to its button.
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && drawer && drawer.checked) {
    drawer.click();
    const button = document.querySelector("[data-ik-toggle='__drawer']");
    if (button) button.focus();
  }
});
