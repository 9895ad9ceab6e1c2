// The preview's error banner (scripts/serve, scripts/rediger; never on the published site). After every build
// attempt the preview writes preview-status.json at the site root: {"errors": [{path, line, column, message,
// hint}, …]}; while the content has errors, every page shows them at the top, as scripts/check prints them.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var statusUrl = script.getAttribute("data-status");
  function show(errors) {
    var old = document.getElementById("ik-preview-errors");
    if (old) old.remove();
    if (!errors || !errors.length) return;
    var box = document.createElement("section");
    box.id = "ik-preview-errors";
    box.className = "ik-preview-errors";
    box.setAttribute("role", "alert");
    var h = document.createElement("h2");
    h.textContent = script.getAttribute("data-title");
    var p = document.createElement("p");
    p.textContent = script.getAttribute("data-intro");
    var ul = document.createElement("ul");
    errors.forEach(function (e) {
      var li = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = e.path + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "");
      li.appendChild(where);
      li.appendChild(document.createTextNode(" " + e.message + (e.hint ? " — " + e.hint : "")));
      ul.appendChild(li);
    });
    box.appendChild(h);
    box.appendChild(p);
    box.appendChild(ul);
    document.body.insertBefore(box, document.body.firstChild);
  }
  function check() {
    fetch(statusUrl, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { errors: [] }; })
      .then(function (s) { show(s.errors); })
      .catch(function () {});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", check);
  else check();
})();
