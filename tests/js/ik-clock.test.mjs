// The trainers' clock arithmetic (ik-clock.js) and the strings' placeholders (ik-text.js)
import assert from "node:assert/strict";
import { test } from "node:test";

import { isClock, shifted, timer, toClock, toMinutes } from "../../templates/overrides/assets/ik-clock.js";
import { fill } from "../../templates/overrides/assets/ik-text.js";

test("isClock: HH:MM from 00:00 to 23:59 only", () => {
  for (const ok of ["00:00", "09:05", "13:00", "23:59"]) assert.ok(isClock(ok), ok);
  for (const bad of ["24:00", "9:05", "12:60", "12:00:00", "", null, undefined, "ab:cd", " 12:00"]) {
    assert.ok(!isClock(bad), String(bad));
  }
});

test("toMinutes and toClock; past midnight wraps", () => {
  assert.equal(toMinutes("13:05"), 785);
  assert.equal(toClock(785), "13:05");
  assert.equal(toClock(1440 + 30), "00:30");
  assert.equal(toClock(-30), "23:30");
});

test("shifted: every clock time moves as the start moves", () => {
  assert.equal(shifted("09:45", "09:00", "13:00"), "13:45");
  assert.equal(shifted("23:30", "09:00", "10:00"), "00:30");
  assert.equal(shifted("09:00", "09:00", "09:00"), "09:00");
});

test("timer: seconds as MM:SS, rounded down", () => {
  assert.equal(timer(0), "00:00");
  assert.equal(timer(59.9), "00:59");
  assert.equal(timer(15 * 60), "15:00");
  assert.equal(timer(100 * 60 + 5), "100:05");
});

test("fill: placeholders filled with the values as they are", () => {
  assert.equal(fill("{n} af {of}", { n: 2, of: 5 }), "2 af 5");
  assert.equal(fill("Næste: {title}", { title: "Pris $& $1 {of}" }), "Næste: Pris $& $1 {of}");
  assert.equal(fill("{missing} {toString}", {}), "{missing} {toString}");
});
