// The Material for MkDocs adapter's script (mkdocs.yml: extra_javascript, after ik.js; the engine's own shell does
// not load it). A module: it runs once the page is parsed, after Material's bundle.

// 1. Material announces each page on its `document$` (a replayed observable: once per page, as instant navigation
//    is off; again after every page change if it is turned on), after it has wrapped wide tables in its scroll
//    boxes. The boxes are marked as the engine's (ik-scroll), then the engine's scripts are told ("ik:page").
window.document$.subscribe(() => {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach((box) => box.classList.add("ik-scroll"));
  document.dispatchEvent(new Event("ik:page"));
});

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
// Escape closes the menu and gives focus back to its button.
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && drawer && drawer.checked) {
    drawer.click();
    const button = document.querySelector("[data-ik-toggle='__drawer']");
    if (button) button.focus();
  }
});
