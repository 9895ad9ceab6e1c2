// The browser editor's form at /admin/ (Decap CMS; issue 29), copied beside Decap's bundle by
// outputs/editor_config.py and loaded after it (templates/admin/index.html). Every widget the configuration uses is
// wrapped, so that each field
// - shows the engine's own messages (scripts/rediger: the proxy's `check` action runs the loader and validator of
//   scripts/check on the entry being edited, catalogue/cli/form_check.py, after every change), an error as Decap's
//   field error (it blocks the save), a warning drawn below the field (it does not);
// - without the engine (a hosted back end) runs the checks generated from the model (`ik` on each field);
// - in a fork's adaptation ("Tilpas") shows the original's value below the field (admin/originals.json);
// - takes a list pasted from Word as list items, a number field keeps "ca. 2023" as typed.
// Before a save the engine checks the very data saved (preSave) and an error stops it; what is saved has no empty
// groups or tabs, and clock times are written in quotes (the `yml` format, on the yaml library Decap uses).
import {
  cleaned, diagnosticsFor, followingId, generatedError, idFromName, intValue, isEmpty, pastedItems, pastedText,
  readable, yamlText,
} from "./ik-editor-core.js";
import { phrases } from "./ik-editor-da.js";
import { YAML } from "./yaml/index.js";

const CMS = window.CMS;
const h = window.h;
const createClass = window.createClass;
const checkUrl = document.querySelector('meta[name="ik-check"]')?.content;

// -- the engine's check (scripts/rediger) ---------------------------------------------------------------------------

const engine = { available: undefined, key: null, data: null, path: null, diagnostics: [], page: null,
                 choices: {}, pending: new Map(), listeners: new Set(), source: null, timer: null };
// the choice lists the engine sends fresh with every check (`ik.choices` in config.yml: a vocabulary's values,
// entries): a value saved a moment ago is in them without reloading the editor
const choiceKeys = [];
// the preview panes shown: the engine renders the page only when one is (a check costs a page's rendering more)
const previews = new Set();

// ids made by the form from a name and not yet saved: they follow the name (followingId)
const madeIds = new Set();

// -- the form in steps (kinds.py: steps; outputs/editor_config.py puts `ik.step` on each top-level field) ---------
// The first step is open; a step's heading opens and closes it. A closed step's fields stay mounted (Decap
// validates them at a save) and are hidden by ik-editor.css; a field with an error is never hidden.
const steps = { open: new Set([1]) };

function toggleStep(n) {
  if (steps.open.has(n)) steps.open.delete(n);
  else steps.open.add(n);
  notify();
}

function phrase(text, values) {
  return text.replace(/%\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
}

function notify() {
  engine.listeners.forEach((listener) => listener());
}

/** The engine's diagnostics of `data` saved as `path`: a Promise of true (engine.diagnostics is this data's) or
 * false (no engine: the generated checks apply). */
function check(path, data) {
  const page = previews.size > 0;
  const key = JSON.stringify([path, data, page]);
  if (engine.key === key) return Promise.resolve(true);
  if (!checkUrl || engine.available === false) return Promise.resolve(false);
  if (!engine.pending.has(key)) {
    const asked = fetch(checkUrl, { method: "POST", headers: { "Content-Type": "application/json" },
                                    body: JSON.stringify({ action: "check",
                                                           params: { path, data, page, choices: choiceKeys } }) })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((body) => {
        Object.assign(engine, { available: true, key, data, path, diagnostics: body.diagnostics,
                                page: body.page || null, choices: body.choices || engine.choices });
        notify();
        return true;
      }, () => {
        engine.available = false;  // no local proxy (a hosted back end) or it refused: the generated checks
        notify();
        return false;
      })
      .finally(() => engine.pending.delete(key));
    engine.pending.set(key, asked);
  }
  return engine.pending.get(key);
}

function plain(value) {
  return value && typeof value.toJS === "function" ? value.toJS() : value;
}

/** The entry being edited: its data as it would be saved and the file it would be saved as. */
function editing(props) {
  const entry = props.getEntry && props.getEntry();
  const collection = props.collection;
  if (!entry || !collection) return null;
  const data = cleaned(plain(entry.get("data")) || {});
  let path = entry.get("path");
  if (!path && collection.get("folder")) path = `${collection.get("folder")}/${data.id || "ny"}.yml`;
  if (!path && collection.get("files")) {
    const file = collection.get("files").find((f) => f.get("name") === entry.get("slug"));
    path = file && file.get("file");
  }
  return path ? { path, data, collection: collection.get("name"), slug: entry.get("slug") } : null;
}

function schedule(props) {
  engine.source = () => editing(props);
  clearTimeout(engine.timer);
  engine.timer = setTimeout(() => {
    const now = engine.source && engine.source();
    if (now) check(now.path, now.data);
  }, 300);
}

// -- the original's values beside an adaptation's fields ----------------------------------------------------------

const originals = { data: null, asked: null };

function loadOriginals() {
  if (!originals.asked) {
    originals.asked = fetch("originals.json").then((r) => (r.ok ? r.json() : {})).catch(() => ({}))
      .then((data) => {
        originals.data = data;
        notify();
      });
  }
}

// -- the wrapped widgets ----------------------------------------------------------------------------------------

function wrap(name, Base) {
  return createClass({
    displayName: `Ik(${name})`,

    getInitialState() {
      return { tick: 0, generation: 0 };
    },

    componentDidMount() {
      this.listener = () => this.refresh();
      engine.listeners.add(this.listener);
      schedule(this.props);
      if (String(this.props.collection?.get("name") || "").startsWith("tilpas-")) loadOriginals();
    },

    componentWillUnmount() {
      engine.listeners.delete(this.listener);
    },

    /** A new result: redraw the warnings, and let Decap show or clear this field's error when it changed. */
    refresh() {
      this.setState((s) => ({ tick: s.tick + 1 }));
      const now = this.errorText();
      if (now !== (this.shown || null)) {
        this.shown = now;
        this.props.validate?.();
      }
    },

    ik() {
      return plain(this.props.field.get("ik"));
    },

    label() {
      return this.props.field.get("label") || this.props.field.get("name");
    },

    mine() {
      if (!engine.data) return [];
      const top = !(this.props.parentIds || []).length;
      const first = Object.keys(engine.data).find((k) => k !== "modelversion");
      return diagnosticsFor(engine.diagnostics, this.props.field.get("name"), plain(this.props.value), engine.data,
                            top ? first : null, this.ancestors());
    },

    /** The names of the groups and lists this field is in, outermost first (Decap's ids: "<name>-field-<n>"). */
    ancestors() {
      if (!this.node) return null;
      const names = [];
      for (let el = this.node.parentElement; el; el = el.parentElement) {
        const match = /^(.+)-field-/.exec(el.id || "");
        if (match) names.unshift(match[1]);
      }
      return names;
    },

    /** This field's error: the engine's latest result (a diagnostic matches the value it was about, so a field
     * changed since shows none until the engine has checked it again), or the generated checks without an engine. */
    errorText() {
      if (engine.available !== true) return generatedError(this.ik(), plain(this.props.value));
      const errors = this.mine().filter((d) => d.severity === "error").map((d) => d.text);
      return errors.length ? errors.join("; ") : null;
    },

    /** Decap's field validation, at once: the engine answers asynchronously (schedule, after every change) and its
     * answer is brought to the field by refresh(). (Decap 3.16 can take a Promise here, but it refuses a save while
     * one is pending and the click is lost; the save waits for the engine in preSave instead.) */
    isValid() {
      const base = this.base && this.base.isValid ? this.base.isValid() : true;
      if (base !== true && base && base.error) return base;
      const text = this.errorText();
      this.shown = text;
      return text ? { error: { type: "CUSTOM", parentIds: this.props.parentIds, message: `${this.label()} - ${text}` } }
        : true;
    },

    validate() {
      if (this.base && this.base.validate) this.base.validate();
      this.props.validate?.();
    },

    focus(path) {
      if (this.base && this.base.focus) this.base.focus(path);
    },

    getValidateValue() {
      return this.base && this.base.getValidateValue ? this.base.getValidateValue() : undefined;
    },

    onChange(value, ...rest) {
      const ik = this.ik();
      let now = ik && ik.int ? intValue(value) : value;
      if (name === "string" && this.props.field.get("name") === "id" && typeof now === "string") {
        now = idFromName(now, true);  // "Holbæk Kommune" typed is "holbaek-kommune"
        this.ownId = true;
      }
      if (name === "list") now = this.namedIds(now);
      this.props.onChange(now, ...rest);
      schedule(this.props);
    },

    /** A list of items with an id and a name (a vocabulary's values): an item's id follows its name until saved. */
    namedIds(items) {
      const fields = this.props.field.get("fields");
      const names = fields ? fields.map((f) => f.get("name")) : null;
      const key = names && names.includes("id") && ["navn", "titel"].find((k) => names.includes(k));
      if (!key || !items || typeof items.map !== "function") return items;
      const before = this.props.value;
      return items.map((item, i) => {
        const old = before && before.get ? before.get(i) : null;
        if (!item || typeof item.get !== "function") return item;
        const id = followingId(item.get("id"), old && old.get ? old.get(key) : "", item.get(key), madeIds);
        if (id === null) return item;
        madeIds.add(id);
        return item.set("id", id);
      });
    },

    /** A new entry's id follows its title until the person types an id of their own. */
    componentDidUpdate() {
      if (name !== "string" || this.props.field.get("name") !== "id" || (this.props.parentIds || []).length
          || this.ownId) return;
      const entry = this.props.getEntry && this.props.getEntry();
      if (!entry || !entry.get("newRecord")) return;
      const want = idFromName(entry.getIn(["data", "titel"]));
      if (want && want !== this.props.value) this.props.onChange(want);
    },

    /** A list pasted from Word: into a list of texts, one item each; into a text, a Markdown list. */
    onPaste(event) {
      const text = event.clipboardData && event.clipboardData.getData("text/plain");
      if (!text) return;
      const field = this.props.field;
      const single = name === "list" && field.get("field") && !field.get("fields");
      const items = single ? pastedItems(text) : null;
      if (items && this.props.value && this.props.value.filter) {
        event.preventDefault();
        event.stopPropagation();
        const kept = this.props.value.filter((v) => !isEmpty(plain(v)));
        this.onChange(kept.concat(items));
        this.setState((s) => ({ generation: s.generation + 1 }));  // the list control counts its items once
        return;
      }
      const target = event.target;
      const converted = name === "text" && pastedText(text);
      if (converted && target && typeof target.value === "string") {
        event.preventDefault();
        event.stopPropagation();
        const start = target.selectionStart ?? target.value.length;
        const end = target.selectionEnd ?? start;
        this.onChange(target.value.slice(0, start) + converted + target.value.slice(end));
      }
    },

    original() {
      const collection = String(this.props.collection?.get("name") || "");
      if (!collection.startsWith("tilpas-") || (this.props.parentIds || []).length || !originals.data) return null;
      const entry = this.props.getEntry && this.props.getEntry();
      const values = (originals.data[collection] || {})[entry && entry.get("slug")];
      const value = values && values[this.props.field.get("name")];
      if (isEmpty(value)) return null;
      const options = plain(this.props.field.get("options"));  // a choice shows its name, not its id
      const named = (v) => (options || []).find((o) => o && o.value === v)?.label ?? v;
      return readable(Array.isArray(value) ? value.map(named) : named(value));
    },

    step() {
      const ik = this.ik();
      return ik && ik.step && !(this.props.parentIds || []).length ? ik.step : null;
    },

    render() {
      const props = { ...this.props, key: `base-${this.state.generation}`, onChange: this.onChange,
                      ref: (ref) => { this.base = ref; } };
      // a value of another shape than the widget's (Decap reuses a form's controls when the address changes to
      // an entry of another kind, for a moment with the other entry's value): the widget gets none, not a crash
      if (!fits(name, this.props.field, this.props.value)) props.value = undefined;
      const ik = this.ik();
      const fresh = ik && ik.choices && engine.choices[ik.choices];
      if (name === "select" && fresh && this.props.field.get("options")) {
        props.field = this.props.field.set("options", this.props.field.get("options").clear().push(...fresh));
      }
      const children = [h(Base, props)];
      if (engine.available) {
        this.mine().filter((d) => d.severity === "warning").forEach((d, i) => {
          children.push(h("p", { key: `w${i}`, className: "ik-field-warning", role: "status" },
                          `${phrases.ik.warning}: ${d.text}`));
        });
      }
      const original = this.original();
      if (original !== null) {
        children.push(h("p", { key: "original", className: "ik-field-original" },
                        `${phrases.ik.original}: ${original}`));
      }
      const step = this.step();
      const closed = step && !steps.open.has(step.n) && !this.shown;
      const body = h("div", { key: "body", onPasteCapture: this.onPaste, className: closed ? "ik-step-closed" : undefined,
                              ref: (el) => { this.node = el; } }, ...children);
      if (!step || !step.first) return body;
      const open = steps.open.has(step.n);
      return [h("button", { key: "step", type: "button", className: "ik-step-head", "aria-expanded": String(open),
                            onClick: () => toggleStep(step.n) }, phrase(phrases.ik.step, step)), body];
    },
  });
}

/** Whether a value has the shape its widget reads (a list's and a multiple choice's: a list; an object's: a map). */
function fits(name, field, value) {
  if (value === undefined || value === null) return true;
  const many = name === "list" || (name === "select" && field.get("multiple"));
  if (many) return typeof value.map === "function" && typeof value === "object";
  if (name === "object") return typeof value === "object" && typeof value.get === "function";
  return true;
}

for (const name of ["string", "text", "select", "list", "object", "boolean", "datetime"]) {
  const widget = CMS.getWidget(name);
  if (widget) CMS.registerWidget(name, wrap(name, widget.control), widget.preview, widget.schema);
}

// -- Decap's own Danish texts, completed and corrected (ik-editor-da.js) --------------------------------------------

function merged(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === "object" ? merged(base?.[key] || {}, value) : value;
  }
  return out;
}

CMS.registerLocale("da", merged(CMS.getLocale ? CMS.getLocale("da") || {} : {}, phrases));

// react-select's "No options" (Decap's select widget passes no text of its own for it)
new window.MutationObserver(() => {
  for (const el of document.querySelectorAll('[class*="NoOptionsMessage"]')) {
    if (el.textContent !== phrases.ik.noOptions) el.textContent = phrases.ik.noOptions;
  }
}).observe(document.body, { childList: true, subtree: true });

// -- what is saved ---------------------------------------------------------------------------------------------

CMS.registerEventListener({
  name: "preSave",
  handler: async ({ entry }) => {
    const data = cleaned(plain(entry.get("data")) || {});
    const path = entry.get("path") || (engine.source && engine.source()?.path);
    if (path && checkUrl && engine.available !== false && await check(path, data)) {
      const errors = engine.diagnostics.filter((d) => d.severity === "error");
      if (errors.length) throw new Error(errors.map((d) => `${d.path.join(".")}: ${d.text}`).join("; "));
    }
    return entry.get("data").clear().mergeDeep(data);
  },
});

// -- the preview pane: the entry's page as the site will show it ------------------------------------------------

// With scripts/rediger the engine renders the page from the form's data (its check answers with the page body of
// the entry's own page template, catalogue/cli/form_check.py), styled by the site's stylesheets; without the engine
// (a hosted back end) the pane shows the title and the summary. A saved entry links to its page ("Se siden").
const site = new URL("..", window.location.href);

const Preview = createClass({
  displayName: "IkPreview",

  componentDidMount() {
    this.listener = () => this.forceUpdate();
    engine.listeners.add(this.listener);
    previews.add(this);
    if (engine.available && !engine.page && engine.source) {  // checked before the pane was there: again, with it
      const now = engine.source();
      if (now) check(now.path, now.data);
    }
  },

  componentWillUnmount() {
    engine.listeners.delete(this.listener);
    previews.delete(this);
  },

  render() {
    const entry = this.props.entry;
    const data = plain(entry.get("data")) || {};
    const path = entry.get("path");
    const page = engine.available && engine.page && (!path || engine.path === path) ? engine.page : null;
    const errors = engine.available && (!path || engine.path === path)
      && engine.diagnostics.some((d) => d.severity === "error");
    const children = [];
    if (page && !entry.get("newRecord")) {
      children.push(h("p", { key: "see", className: "ik-see-page" },
                      h("a", { href: new URL(page.url, site).href, target: "_blank", rel: "noopener" },
                        phrases.ik.seePage)));
    }
    if (page) {
      children.push(h("div", { key: "page", className: "ik ik-preview-page",
                               dangerouslySetInnerHTML: { __html: page.html } }));
    } else {
      const note = errors ? phrases.ik.previewErrors
        : engine.available === false || !checkUrl ? phrases.ik.previewNoEngine : phrases.ik.previewWaiting;
      children.push(h("p", { key: "note", className: "ik-preview-note" }, note));
      children.push(h("h1", { key: "title" }, String(data.titel || "")));
      children.push(h("p", { key: "summary" }, String(data.resume || "")));
    }
    return h("div", { className: "ik-preview", "aria-label": phrases.ik.previewTitle }, ...children);
  },
});

// The order of a file's fields is the model's (ik.rank), though the form shows them in steps: the fields' names in
// the form's order (what Decap gives the format) -> in the model's order
const declared = new Map();
const config = await fetch("config.yml").then((r) => (r.ok ? r.text() : "")).then(
  (text) => YAML.parse(text, { maxAliasCount: -1 }) || {}, () => ({}));
for (const collection of config.collections || []) {
  // Decap names a folder collection's preview template by the collection, a file collection's by the file
  const forms = collection.files ? collection.files.map((f) => [f.name, f.fields]) : [[collection.name, collection.fields]];
  for (const [template, fields] of forms) {
    if (!fields || !fields.some((f) => f.ik && f.ik.step)) continue;
    const rank = (f) => (f.ik && f.ik.rank !== undefined ? f.ik.rank : fields.length);
    declared.set(fields.map((f) => f.name).join("\n"), [...fields].sort((a, b) => rank(a) - rank(b)).map((f) => f.name));
    CMS.registerPreviewTemplate(template, Preview);
  }
}
(function collect(node) {
  if (Array.isArray(node)) node.forEach(collect);
  else if (node && typeof node === "object") {
    if (node.ik && node.ik.choices && !choiceKeys.includes(node.ik.choices)) choiceKeys.push(node.ik.choices);
    Object.values(node).forEach(collect);
  }
}(config.collections));
CMS.registerEventListener({ name: "postSave", handler: () => madeIds.clear() });
// the site's stylesheets (routes.PREVIEW_STYLES, in the page's meta), under the site's root
const styles = document.querySelector('meta[name="ik-preview-styles"]')?.content || "";
for (const sheet of styles.split(" ").filter(Boolean)) {
  CMS.registerPreviewStyle(new URL(sheet, site).href);
}

CMS.registerCustomFormat("yml", "yml", {
  fromFile(content) {
    const text = content && content.trim().endsWith("---") ? content.trim().slice(0, -3) : content;
    const doc = YAML.parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) throw new Error(`YAML parsing error:\n${doc.errors.map((e) => e.message).join("\n")}`);
    return doc.toJSON();
  },
  toFile(data, sortedKeys = []) {
    return yamlText(YAML, data, declared.get(sortedKeys.join("\n")) || sortedKeys);
  },
});

CMS.init();  // Decap waits for this (ik-editor-init.js): the widgets, texts and format above are in place
