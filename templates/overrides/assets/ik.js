// Shared by every page (a module, so it runs once the page is parsed, after Material's bundle; no inline scripts,
// nothing from other origins).

// 1. Header toggles (templates/overrides/partials/header.html): the menu button clicks the checkbox Material's CSS
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

// 2. A table wider than the screen scrolls sideways inside the box Material wraps it in (WCAG 1.4.10 allows this for
//    tables). Keyboard users must be able to scroll it as well (WCAG 2.1.1; axe: scrollable-region-focusable), so a
//    box that scrolls gets tabindex="0" and, named by the heading above the table, role="region".
//    Material wraps the tables when its `document$` (a replayed observable) announces the page; subscribing after
//    its bundle runs this after the wrapping. Instant navigation is off (mkdocs.yml), so that is once per page.
const heading = (box) => {
  for (let e = box.previousElementSibling; e; e = e.previousElementSibling) {
    if (/^H[1-6]$/.test(e.tagName)) return e.id ? e : null;
  }
  return null;
};
const update = () => {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach((box) => {
    const h = heading(box);
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      if (h) { box.setAttribute("role", "region"); box.setAttribute("aria-labelledby", h.id); }
    } else {
      box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-labelledby");
    }
  });
};
window.document$.subscribe(() => {
  update();
  window.addEventListener("resize", update);
});
