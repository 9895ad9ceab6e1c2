// The engine's script for every page (a module: it runs once the page is parsed; no inline scripts, nothing from
// other origins). It knows nothing of the frame around the content: it runs on DOMContentLoaded and again on the
// engine's own event, "ik:page", which a frame's adapter sends when it has changed the page (Material's: assets/
// ik-material.js). Running twice does no harm.

// A table wider than the screen scrolls sideways in a box (WCAG 1.4.10 allows this for tables): a box a frame marks
// with the class ik-scroll (Material wraps tables in one of its own), else the table itself (ik-base.css, the
// engine's shell). Keyboard users must be able to scroll it as well (WCAG 2.1.1; axe: scrollable-region-focusable),
// so a box that scrolls gets tabindex="0" and, named by the heading above it, role="region".
const heading = (box) => {
  for (let e = box.previousElementSibling; e; e = e.previousElementSibling) {
    if (/^H[1-6]$/.test(e.tagName)) return e.id ? e : null;
  }
  return null;
};
const update = () => {
  document.querySelectorAll(".ik-scroll, .ik table:not([class])").forEach((box) => {
    const inBox = !box.classList.contains("ik-scroll") && box.closest(".ik-scroll");  // the frame's box scrolls
    const h = heading(box);
    if (!inBox && box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      if (h) { box.setAttribute("role", "region"); box.setAttribute("aria-labelledby", h.id); }
    } else {
      box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-labelledby");
    }
  });
};

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
else update();
document.addEventListener("ik:page", update);
window.addEventListener("resize", update);
