// The trainers' plan (ik-plan.js, issue 30): durations fitted, the URL's state, the run view's keys
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  adjusted, clockAt, durationText, fitted, offsets, planSearch, readPlan, readRun, runAction, runSearch, span,
} from "../../templates/overrides/assets/ik-plan.js";

const PLAN = [5, 15, 10, 15, 30, 10, 40, 15]; // the tværprofessionelle workshop: 140 min

test("offsets, spans and clock times follow the minutes", () => {
  assert.deepEqual(offsets([5, 15, 10]), [0, 5, 20, 30]);
  assert.equal(span(PLAN, 0, PLAN.length), 140);
  assert.equal(span(PLAN, 3, 5), 45);
  assert.equal(clockAt("13:00", PLAN, 0), "13:00");
  assert.equal(clockAt("13:00", PLAN, 8), "15:20");
  assert.equal(clockAt("23:30", [20, 20], 2), "00:10"); // past midnight wraps
  assert.equal(clockAt("13:00", adjusted(PLAN, 1, 5), 2), "13:10");
});

test("adjusted: one item, whole minutes from 0 to a day", () => {
  assert.deepEqual(adjusted([5, 15], 1, 7.6), [5, 8]);
  assert.deepEqual(adjusted([5, 15], 0, -3), [0, 15]);
  assert.deepEqual(adjusted([5, 15], 0, 99999), [1440, 15]);
  assert.deepEqual(adjusted([5, 15], 5, 10), [5, 15]);
});

test("fitted: in proportion, whole minutes adding up exactly, each at least its floor", () => {
  const half = fitted(PLAN, 70);
  assert.equal(span(half, 0, half.length), 70);
  assert.ok(half.every((m, i) => m >= Math.min(5, PLAN[i])), String(half));
  assert.deepEqual(fitted(PLAN, 140), PLAN);
  assert.deepEqual(fitted([10, 20, 30], 120), [20, 40, 60]);
  const tight = fitted(PLAN, 40); // every item at its floor of 5
  assert.deepEqual(tight, [5, 5, 5, 5, 5, 5, 5, 5]);
  assert.equal(fitted(PLAN, 39), null); // below the floors
  assert.equal(fitted([5, null], 60), null); // unknown minutes: nothing to fit
  assert.equal(fitted(PLAN, 90.5), null);
  const shortOnes = fitted([2, 100], 52); // an item shorter than the minimum keeps its length as its floor
  assert.deepEqual(shortOnes, [2, 50]);
  assert.deepEqual(fitted([0, 0], 10), [5, 5]);
  const ninety = fitted(PLAN, 90);
  assert.equal(span(ninety, 0, 8), 90);
  assert.ok(ninety[6] > ninety[0] && ninety[6] >= ninety[4], String(ninety)); // the longest stays the longest
});

test("durationText speaks the strings table's forms", () => {
  const S = { h: "{h} t", m: "{m} min", hm: "{h} t {m} min" };
  assert.equal(durationText(5, S), "5 min");
  assert.equal(durationText(60, S), "1 t");
  assert.equal(durationText(140, S), "2 t 20 min");
  assert.equal(durationText(0, S), "0 min");
});

test("readPlan reads ?start and ?min strictly; planSearch writes only what differs", () => {
  assert.deepEqual(readPlan("?start=13:00&min=5.10.10.15.30.10.40.15", PLAN, "09:00"),
    { start: "13:00", minutes: [5, 10, 10, 15, 30, 10, 40, 15] });
  assert.deepEqual(readPlan("", PLAN, "09:00"), { start: "09:00", minutes: PLAN });
  for (const bad of ["?min=5.10", "?min=5.10.10.15.30.10.40.x", "?min=5.10.10.15.30.10.40.99999", "?min=-5.10.10.15.30.10.40.15",
    "?start=25:00", "?min=__proto__"]) {
    const got = readPlan(bad, PLAN, "09:00");
    assert.deepEqual(got, { start: "09:00", minutes: PLAN }, bad);
  }
  assert.deepEqual(readPlan("?min=1.2", [1, null], "09:00").minutes, [1, null]); // not adjustable
  assert.equal(planSearch("?item=2", { start: "13:00", minutes: adjusted(PLAN, 1, 10) }, PLAN, "09:00"),
    "?item=2&start=13%3A00&min=5.10.10.15.30.10.40.15");
  assert.equal(planSearch("?start=13:00&min=1", { start: "09:00", minutes: PLAN }, PLAN, "09:00"), "");
});

test("readRun and runSearch keep the run view's place", () => {
  assert.deepEqual(readRun("?item=3&left=754", 8), { item: 3, left: 754 });
  assert.deepEqual(readRun("?item=3&left=-30", 8), { item: 3, left: -30 });
  assert.deepEqual(readRun("?item=8&left=5", 8), { item: 8, left: null }); // the end screen has no timer
  assert.deepEqual(readRun("?item=9", 8), { item: null, left: null });
  assert.deepEqual(readRun("?item=x&left=1e3", 8), { item: null, left: null });
  assert.equal(runSearch("?start=13:00", 3, 754.4), "?start=13%3A00&item=3&left=754");
  assert.equal(runSearch("?item=1&left=3", 8, null), "?item=8");
});

test("runAction: Space toggles unless a button reached with Tab has it; clickers' keys move", () => {
  const k = (key, more = {}) => ({ key, altKey: false, ctrlKey: false, metaKey: false, ...more });
  assert.equal(runAction(k(" "), "page"), "toggle");
  assert.equal(runAction(k(" "), "control"), null); // the button's own activation
  assert.equal(runAction(k("Enter"), "control"), null);
  assert.equal(runAction(k("Enter"), "page"), "next");
  for (const key of ["ArrowRight", "ArrowDown", "PageDown"]) assert.equal(runAction(k(key), "page"), "next", key);
  for (const key of ["ArrowLeft", "ArrowUp", "PageUp"]) assert.equal(runAction(k(key), "control"), "prev", key);
  assert.equal(runAction(k("f"), "page"), "fullscreen");
  assert.equal(runAction(k("ArrowRight"), "field"), null); // a field's own keys
  assert.equal(runAction(k("PageDown", { ctrlKey: true }), "page"), null); // the browser's (tabs)
  assert.equal(runAction(k("x"), "page"), null);
});
