// Shared by the site's scripts: the strings table's texts with their placeholders filled in.

// "{n} af {of}" with {n: 2, of: 5} → "2 af 5". The values are inserted as they are (a title with "$&" stays
// "$&": no String.replace patterns); a placeholder with no value is left as it is.
export function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (all, key) => (Object.hasOwn(values, key) ? String(values[key]) : all));
}

// The strings a page's script reads from its root element's data-strings (JSON, written by the page kind)
export function strings(element) {
  return JSON.parse(element.dataset.strings);
}
