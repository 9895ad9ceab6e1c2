// The browser editor's form logic (issue 29), no DOM and no Decap: imported by ik-editor.js and unit-tested in Node
// (tests/js/ik-editor.test.mjs). Which of the engine's diagnostics belong to a field, the checks generated from the
// model (a hosted back end: outputs/editor_config.py writes them as each field's `ik`), what a pasted Word list
// becomes, what the form writes (no empty groups, no tabs, clock times quoted) and how an original's value reads.

const EMPTY = (v) => v === undefined || v === null || v === "" ||
  (Array.isArray(v) && v.length === 0) || (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);

export const isEmpty = (value) => EMPTY(value) || (typeof value === "string" && value.trim() === "");

/** The value at a field path (["citater", 0, "tekst"]) of the form's data. */
export function valueAt(data, path) {
  let v = data;
  for (const step of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[step];
  }
  return v;
}

export function sameValue(a, b) {
  if (isEmpty(a) && isEmpty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The engine's diagnostics (form_check.py: path, severity, text) that are about the field `name` whose value is
 * `value`: the path ends with the field's name and names that value in the data checked. A diagnostic about the
 * whole entry (an empty path) goes to its first field that is there (`first`). `ancestors` (the names of the
 * groups and lists the field is in, outermost first, when known) must be the path's: a contact's empty 'rolle' is
 * not a quote's. */
export function diagnosticsFor(diagnostics, name, value, data, first, ancestors = null) {
  return diagnostics.filter((d) => {
    if (d.path.length === 0) return name === first;
    if (ancestors && d.path.filter((s) => typeof s === "string").slice(0, -1).join("/") !== ancestors.join("/")) {
      return false;
    }
    return d.path[d.path.length - 1] === name && sameValue(valueAt(data, d.path), value);
  });
}

/** The checks generated from the model's declarations (`ik` on a field), for a hosted back end: the message of
 * the first that fails, or null. */
export function generatedError(ik, value) {
  if (!ik) return null;
  if (isEmpty(value)) return ik.required || null;
  const texts = typeof value === "string" ? [value] : (Array.isArray(value) ? value.filter((v) => typeof v === "string") : []);
  if (ik.int) {
    const text = String(value).trim();
    if (!/^-?[0-9]+$/.test(text)) return ik.not_int.replace("{value}", String(value));
    const n = Number(text);
    if (n < ik.int[0] || n > ik.int[1]) {
      return ik.out_of_range.replace("{value}", text).replace("{minimum}", ik.int[0]).replace("{maximum}", ik.int[1]);
    }
  }
  for (const check of ik.checks || []) {
    for (const text of texts) {
      if (check.pattern && !new RegExp(check.pattern).test(text)) return check.message;
      if (check.refuse && new RegExp(check.refuse).test(text)) return check.message;
    }
  }
  return null;
}

/** A whole number typed in a number field is stored as a number; anything else stays as typed ("ca. 2023"), and
 * the check says what to write. */
export function intValue(text) {
  return typeof text === "string" && /^\s*-?[0-9]{1,9}\s*$/.test(text) ? Number(text) : text;
}

// A line of a list pasted from Word: a bullet (•, ·, ◦, ▪, –, -, *, o) or a tab, then the text
const BULLET = /^\s*(?:[•·◦▪‣⁃–—*-]|o(?=\s))[\s\u00a0]*|^\t+/u;

/** The items of a pasted list, or null when the text is no list (two or more lines, each a bullet). */
export function pastedItems(text) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n").filter((line) => line.trim() !== "");
  if (lines.length < 2 || !lines.every((line) => BULLET.test(line))) return null;
  return lines.map((line) => line.replace(BULLET, "").replace(/\t/g, " ").trim()).filter((line) => line !== "");
}

/** Pasted text for a text field: a Word list becomes a Markdown list ("- …" lines); tabs become spaces. */
export function pastedText(text) {
  const items = pastedItems(text);
  if (items) return items.map((item) => `- ${item}`).join("\n");
  return text.includes("\t") ? text.replace(/\t/g, " ") : null;
}

/** What the form saves: no empty groups or values (the loader reads them as absent anyway), no tab characters. */
export function cleaned(value) {
  if (typeof value === "string") return value.replace(/\t/g, " ");
  if (Array.isArray(value)) return value.map(cleaned).filter((v) => !EMPTY(v));
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      const c = cleaned(v);
      if (!EMPTY(c)) out[key] = c;
    }
    return out;
  }
  return value;
}

/** A text a YAML 1.1 reader would take for something else — a clock time (16:30 is 990 there), yes/no/on/off — is
 * written in quotes. */
export function needsQuotes(text) {
  return /^\s*(?:[0-9]{1,2}[:.][0-5][0-9](?::[0-5][0-9])?|y|n|yes|no|on|off)\s*$/i.test(text);
}

/** How an original's value reads beside the field of an adaptation. */
export function readable(value) {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return value.map(readable).filter((t) => t !== "").map((t) => `• ${t}`).join("\n");
  return Object.entries(value).map(([key, v]) => `${key}: ${readable(v)}`).join("\n");
}

function quoteRiskyTexts(node) {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node.items)) node.items.forEach((item) => quoteRiskyTexts(item));
  if (node.value !== undefined && typeof node.value === "object") quoteRiskyTexts(node.value);
  if (typeof node.value === "string" && needsQuotes(node.value)) node.type = "QUOTE_DOUBLE";
}

/** The YAML the form saves (the `yml` format's toFile): as Decap's own format writes it — the yaml library Decap
 * uses (`YAML`), keys in the form's order — but a text a YAML 1.1 reader would misread is quoted. */
export function yamlText(YAML, data, sortedKeys = []) {
  const contents = YAML.createNode(data);
  const rank = (item) => {
    const i = sortedKeys.indexOf(item.key?.toString());
    return i === -1 ? sortedKeys.length : i;
  };
  if (Array.isArray(contents.items)) contents.items.sort((a, b) => rank(a) - rank(b));
  quoteRiskyTexts(contents);
  const doc = new YAML.Document();
  doc.contents = contents;
  return doc.toString();
}

// -- ids made from names (issue 29, point 4) -------------------------------------------------------------------

const SPELT_OUT = { æ: "ae", ø: "oe", å: "aa", ä: "ae", ö: "oe", ü: "ue", ß: "ss" };

/** An id from a name, as the engine's ids are written (a-z, digits, single hyphens): "Holbæk Kommune" ->
 * "holbaek-kommune". `typing`: a hyphen at the end stays (the person is typing the next word). */
export function idFromName(name, typing = false) {
  const text = String(name ?? "").toLowerCase().replace(/[æøåäöüß]/g, (c) => SPELT_OUT[c])
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+/, "");
  return typing ? text : text.replace(/-+$/, "");
}

/** The id to give an item whose name changed from `before` to `after`, or null to leave `id` as it is: an empty
 * id, or one made from the old name by the form (in `made`, not yet saved), follows the name. */
export function followingId(id, before, after, made) {
  if (before === after || !after) return null;
  const want = idFromName(after);
  if (!id || (made.has(id) && id === idFromName(before))) return want === id ? null : want;
  return null;
}
