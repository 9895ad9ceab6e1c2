// The preview's error banner (scripts/serve, scripts/rediger; never on the published site). After every build
// attempt the preview writes preview-status.json at the site root: {"errors": [{path, line, column, message,
// hint}, …]}; while the content has errors, every page shows them at the top, as scripts/check prints them.
// Its <script type="module" data-ik-preview …> (templates/overrides/main.html) carries the file's address and the
// banner's texts (a module has no document.currentScript).
const script = document.querySelector("script[data-ik-preview]");
if (script) check(script);

function show(script, errors) {
  const old = document.getElementById("ik-preview-errors");
  if (old) old.remove();
  if (!errors || !errors.length) return;
  const box = document.createElement("section");
  box.id = "ik-preview-errors";
  box.className = "ik-preview-errors";
  box.setAttribute("role", "alert");
  const h = document.createElement("h2");
  h.textContent = script.getAttribute("data-title");
  const p = document.createElement("p");
  p.textContent = script.getAttribute("data-intro");
  const ul = document.createElement("ul");
  errors.forEach((e) => {
    const li = document.createElement("li");
    const where = document.createElement("code");
    where.textContent = e.path + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "");
    li.append(where, " " + e.message + (e.hint ? " — " + e.hint : ""));
    ul.append(li);
  });
  box.append(h, p, ul);
  document.body.prepend(box);
}

function check(script) {
  fetch(script.getAttribute("data-status"), { cache: "no-store" })
    .then((r) => (r.ok ? r.json() : { errors: [] }))
    .then((s) => show(script, s.errors))
    .catch(() => {});
}
