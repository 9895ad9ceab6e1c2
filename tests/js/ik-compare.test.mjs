// The compare page's logic (ik-compare-core.js): the choice in the URL and the table's sort order
import assert from "node:assert/strict";
import { test } from "node:test";

import { choiceSearch, choiceState, compareKeys, readChoice, sortedOrder, toggled, withChoice }
  from "../../templates/overrides/assets/ik-compare-core.js";

test("readChoice: comma list and repeated parameters, in order, each once, ids only", () => {
  assert.deepEqual(readChoice("?poster=a,b,c"), { ids: ["a", "b", "c"], tooMany: false });
  assert.deepEqual(readChoice("?poster=a&poster=b&poster=a"), { ids: ["a", "b"], tooMany: false });
  assert.deepEqual(readChoice("?poster=a,%20b%20,,"), { ids: ["a", "b"], tooMany: false });
  assert.deepEqual(readChoice("?poster=../x,__proto__,<b>,ok-1"), { ids: ["ok-1"], tooMany: false });
  assert.deepEqual(readChoice(""), { ids: [], tooMany: false });
  assert.deepEqual(readChoice("?poster=a,b,c,d,e"), { ids: ["a", "b", "c", "d"], tooMany: true });
});

test("choiceSearch round-trips through readChoice", () => {
  for (const ids of [[], ["a"], ["elevfravaer", "robusthed", "omsorgsgrebet"]]) {
    assert.deepEqual(readChoice(choiceSearch(ids)).ids, ids);
  }
  assert.equal(choiceSearch(["a", "b"]), "?poster=a,b");
  assert.equal(choiceSearch([]), "");
});

test("toggled and choiceState", () => {
  assert.deepEqual(toggled(["a"], "b", true), ["a", "b"]);
  assert.deepEqual(toggled(["a", "b"], "a", false), ["b"]);
  assert.deepEqual(toggled(["a", "b"], "a", true), ["b", "a"]);
  assert.equal(choiceState([], false), "pick");
  assert.equal(choiceState(["a"], false), "pick");
  assert.equal(choiceState(["a", "b"], false), "");
  assert.equal(choiceState(["a", "b", "c", "d"], false), "");
  assert.equal(choiceState(["a", "b", "c", "d", "e"], false), "too_many");
  assert.equal(choiceState(["a", "b"], true), "too_many");
});

test("compareKeys: numbers as numbers, Danish text order, empty last", () => {
  assert.ok(compareKeys("2", "10") < 0);
  assert.ok(compareKeys("Zebra", "Æble") < 0 && compareKeys("Æble", "Øre") < 0 && compareKeys("Øre", "Ål") < 0);
  assert.ok(compareKeys("", "a") > 0 && compareKeys("a", "") < 0);
  assert.ok(compareKeys("2026-01-05", "2026-11-27") < 0);
});

test("sortedOrder: ascending and descending, stable, empty keys last", () => {
  assert.deepEqual(sortedOrder(["3", "1", "2"], "asc"), [1, 2, 0]);
  assert.deepEqual(sortedOrder(["3", "1", "2"], "desc"), [0, 2, 1]);
  assert.deepEqual(sortedOrder(["b", "", "a", "b"], "asc"), [2, 0, 3, 1]);
  assert.deepEqual(sortedOrder(["b", "", "a", "b"], "desc"), [0, 3, 2, 1]);
});

test("withChoice sets the choice in another page's query and keeps the rest", () => {
  assert.equal(withChoice("", ["a", "b"]), "?poster=a,b");
  assert.equal(withChoice("?q=fravær&f=sektorer:Skole", ["a"]), "?q=fravær&f=sektorer:Skole&poster=a");
  assert.equal(withChoice("?poster=x&q=læsning&poster=y", ["a", "b"]), "?q=læsning&poster=a,b");
  assert.equal(withChoice("?q=l%C3%A6sning&poster=a", []), "?q=l%C3%A6sning");
  assert.equal(withChoice("?poster=a", []), "");
  assert.equal(withChoice("?posters=1", ["a"]), "?posters=1&poster=a");
  // what it writes reads back as the same choice, and the other parameters read back unchanged
  const search = withChoice("?q=a+b&sort=title:asc", ["elevfravaer", "robusthed"]);
  assert.deepEqual(readChoice(search).ids, ["elevfravaer", "robusthed"]);
  assert.equal(new URLSearchParams(search).get("q"), "a b");
  assert.equal(new URLSearchParams(search).get("sort"), "title:asc");
});
