// Shared by every page (loaded after Material's bundle; no inline scripts, nothing from other origins).

// 1. Header toggles (templates/overrides/partials/header.html): the menu button clicks the checkbox Material's CSS
//    and JS watch and keeps aria-expanded in step; Escape closes the menu.
(function () {
  var drawer = document.getElementById("__drawer");
  Array.prototype.forEach.call(document.querySelectorAll("[data-ik-toggle]"), function (button) {
    var box = document.getElementById(button.getAttribute("data-ik-toggle"));
    if (!box) { return; }
    var sync = function () { button.setAttribute("aria-expanded", box.checked ? "true" : "false"); };
    button.addEventListener("click", function () { box.click(); sync(); });
    box.addEventListener("change", sync);
    sync();
  });
  // Escape closes the menu and gives focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer && drawer.checked) {
      drawer.click();
      var button = document.querySelector("[data-ik-toggle='__drawer']");
      if (button) { button.focus(); }
    }
  });
})();

// 2. A table wider than the screen scrolls sideways inside the box Material wraps it in (WCAG 1.4.10 allows this for
//     tables). Keyboard users must be able to scroll it as well (WCAG 2.1.1; axe: scrollable-region-focusable), so a
//     box that scrolls gets tabindex="0" and, named by the heading above the table, role="region".
  document$.subscribe(function () {
    var boxes = function () { return document.querySelectorAll(".md-typeset__scrollwrap"); };
    var heading = function (box) {
      for (var e = box.previousElementSibling; e; e = e.previousElementSibling) {
        if (/^H[1-6]$/.test(e.tagName)) { return e.id ? e : null; }
      }
      return null;
    };
    var update = function () {
      Array.prototype.forEach.call(boxes(), function (box) {
        var h = heading(box);
        if (box.scrollWidth > box.clientWidth + 1) {
          box.setAttribute("tabindex", "0");
          if (h) { box.setAttribute("role", "region"); box.setAttribute("aria-labelledby", h.id); }
        } else {
          box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-labelledby");
        }
      });
    };
    update();
    window.addEventListener("resize", update);
  });

