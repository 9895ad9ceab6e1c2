// The compare page's logic, no DOM: which initiatives the URL chooses (?poster=id1,id2,id3), the URL for a choice,
// and the order of a table's rows sorted by one column. Imported by ik-compare.js; tested in tests/js/.

export const PARAM = "poster";
export const MIN = 2;
export const MAX = 4;
const ID = /^[a-z0-9][a-z0-9-]*$/;

// The ids the query chooses, in order, each once: "?poster=a,b" and a plain form's "?poster=a&poster=b" alike;
// anything that is not an entry id is dropped. tooMany says the URL named more than MAX (the first MAX are kept).
export function readChoice(search) {
  const params = new URLSearchParams(search);
  const ids = [];
  for (const value of params.getAll(PARAM)) {
    for (const part of value.split(",")) {
      const id = part.trim();
      if (ID.test(id) && !ids.includes(id)) ids.push(id);
    }
  }
  return { ids: ids.slice(0, MAX), tooMany: ids.length > MAX };
}

// The query string of a choice: "?poster=a,b" (commas kept, ids are plain), "" for none
export function choiceSearch(ids) {
  return ids.length ? `?${PARAM}=${ids.map(encodeURIComponent).join(",")}` : "";
}

// A page's query string with the choice set in it (any page that shows cards: a listing keeps ?poster=a,b while
// the visitor chooses, the search page beside its ?q=…&f=…): the other parameters stay as they are, in order;
// an empty choice removes the parameter.
export function withChoice(search, ids) {
  const rest = String(search).replace(/^\?/, "").split("&")
    .filter((part) => part && decodeURIComponent(part.split("=")[0].replace(/\+/g, " ")) !== PARAM);
  const all = ids.length ? [...rest, choiceSearch(ids).slice(1)] : rest;
  return all.length ? `?${all.join("&")}` : "";
}

// ids with id added (at the end) or removed
export function toggled(ids, id, on) {
  const rest = ids.filter((x) => x !== id);
  return on ? [...rest, id] : rest;
}

// What the chooser says: "pick" (fewer than MIN), "too_many", or "" (a choice to show)
export function choiceState(ids, tooMany) {
  if (tooMany || ids.length > MAX) return "too_many";
  return ids.length < MIN ? "pick" : "";
}

const NUMBER = /^-?\d+(\.\d+)?$/;

// Compare two sort keys: numbers as numbers, other text in Danish order (æ, ø, å last); an empty key last.
export function compareKeys(a, b) {
  if (a === b) return 0;
  if (a === "") return 1;
  if (b === "") return -1;
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b);
  return a.localeCompare(b, "da", { sensitivity: "base", numeric: true });
}

// The rows' positions in sorted order by their keys, ascending or descending ("desc"), stable; empty keys stay
// last either way.
export function sortedOrder(keys, direction) {
  const sign = direction === "desc" ? -1 : 1;
  return keys.map((key, index) => ({ key, index })).sort((x, y) => {
    if (x.key === "" || y.key === "") return compareKeys(x.key, y.key) || x.index - y.index;
    return sign * compareKeys(x.key, y.key) || x.index - y.index;
  }).map((x) => x.index);
}
