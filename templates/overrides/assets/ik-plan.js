// The trainers' plan (issue 30), no DOM: durations lengthened, shortened or fitted to a total, the clock times
// they give, the URL's state (?start=13:00, ?min=5.15.10…, the run view's ?item=3&left=754) and the run view's
// keys. ik-start.js and ik-run.js apply it to a page; tests/js/ik-plan.test.mjs tests it.
import { isClock, toClock, toMinutes } from "./ik-clock.js";

export const DAY = 24 * 60; // an item lasts at most a day (the model's limit)
export const MIN_ITEM = 5; // fitting keeps each item at least this long (or as long as it was, if shorter)

const whole = (text) => (/^\d{1,4}$/.test(text) ? Number(text) : NaN);

// The plan's items' minutes as the page gives them (data-ik-items: JSON, null where unknown); an adjustable plan
// has every item's minutes
export const adjustable = (minutes) => minutes.length > 0 && minutes.every((m) => Number.isInteger(m));

// Minutes before each boundary: offsets([5, 15]) → [0, 5, 20] (the start of item i is offsets[i], the end of
// the plan offsets[n])
export function offsets(minutes) {
  const out = [0];
  minutes.forEach((m, i) => out.push(out[i] + m));
  return out;
}

// The sum of items first..last-1
export const span = (minutes, first, last) => minutes.slice(first, last).reduce((a, b) => a + b, 0);

// The clock time of boundary `at` of a plan starting at `start` ("HH:MM")
export const clockAt = (start, minutes, at) => toClock(toMinutes(start) + span(minutes, 0, at));

// One item set to `value` minutes (whole, 0 to a day); the others as they were
export function adjusted(minutes, i, value) {
  const v = Math.max(0, Math.min(DAY, Math.round(Number(value))));
  if (!Number.isFinite(v) || i < 0 || i >= minutes.length) return minutes.slice();
  return minutes.map((m, j) => (j === i ? v : m));
}

// Each item's least length when fitting: MIN_ITEM, or its own length if it was shorter
export const floors = (original, minimum = MIN_ITEM) => original.map((m) => Math.min(minimum, m));

// The whole plan fitted to `total` minutes in proportion to `original`, each item at least its floor, in whole
// minutes that add up to `total` exactly (largest remainders round up). null when `total` is below the floors'
// sum (or not a whole number of minutes up to a day).
export function fitted(original, total, minimum = MIN_ITEM) {
  if (!Number.isInteger(total) || total < 0 || total > DAY || !adjustable(original)) return null;
  const least = floors(original, minimum);
  if (total < span(least, 0, least.length)) return null;
  const fixed = original.map(() => false);
  let shares = original.slice();
  for (;;) {
    const fixedSum = shares.reduce((a, m, i) => a + (fixed[i] ? least[i] : 0), 0);
    const freeSum = original.reduce((a, m, i) => a + (fixed[i] ? 0 : m), 0);
    if (freeSum === 0) {
      // nothing to share in proportion: the rest goes evenly to the free items (or to all, if none)
      const free = fixed.some((f) => !f) ? fixed.map((f) => !f) : fixed.map(() => true);
      const n = free.filter(Boolean).length;
      const rest = total - (fixed.some((f) => !f) ? fixedSum : 0);
      shares = original.map((m, i) => (free[i] ? rest / n : least[i]));
      break;
    }
    const scale = (total - fixedSum) / freeSum;
    let changed = false;
    shares = original.map((m, i) => {
      if (fixed[i]) return least[i];
      const s = m * scale;
      if (s < least[i]) { fixed[i] = true; changed = true; return least[i]; }
      return s;
    });
    if (!changed) break;
  }
  const out = shares.map(Math.floor);
  let left = total - span(out, 0, out.length);
  const order = shares.map((s, i) => [s - Math.floor(s), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] += 1;
    left -= 1;
  }
  return out;
}

// A duration as the strings table says it: {h: "{h} t", m: "{m} min", hm: "{h} t {m} min"}
export function durationText(minutes, S) {
  const h = Math.floor(minutes / 60), m = minutes % 60;
  const put = (t) => t.replace("{h}", String(h)).replace("{m}", String(m));
  if (h && m) return put(S.hm);
  if (h) return put(S.h);
  return put(S.m);
}

// -- the URL's state ------------------------------------------------------------------------------------------

// ?start= and ?min= read strictly: a start that is a clock time, minutes for exactly the plan's items (whole,
// 0 to a day, separated by dots); anything else is the page's own
export function readPlan(search, original, ownStart) {
  const params = new URLSearchParams(search);
  const asked = params.get("start");
  const start = isClock(asked) ? asked : ownStart;
  const parts = (params.get("min") || "").split(".");
  const given = parts.map(whole);
  const minutes = adjustable(original) && parts.length === original.length && given.every((m) => m >= 0 && m <= DAY)
    ? given : original.slice();
  return { start, minutes };
}

// The query with the plan's state: ?start= and ?min= set where they differ from the page's own, removed where not
// (other parameters kept)
export function planSearch(search, { start, minutes }, original, ownStart) {
  const params = new URLSearchParams(search);
  if (start === ownStart || !isClock(start)) params.delete("start"); else params.set("start", start);
  const same = minutes.length === original.length && minutes.every((m, i) => m === original[i]);
  if (same) params.delete("min"); else params.set("min", minutes.join("."));
  const text = params.toString();
  return text ? `?${text}` : "";
}

// The run view's place: ?item= (0-based; `count` is the end screen) and ?left= (seconds left, may be below 0 when
// over time); null where absent or not a number in range
export function readRun(search, count) {
  const params = new URLSearchParams(search);
  const item = /^\d{1,3}$/.test(params.get("item") || "") ? Number(params.get("item")) : null;
  const left = /^-?\d{1,6}$/.test(params.get("left") || "") ? Number(params.get("left")) : null;
  return { item: item !== null && item <= count ? item : null, left: item !== null && item < count ? left : null };
}

export function runSearch(search, item, left) {
  const params = new URLSearchParams(search);
  params.set("item", String(item));
  if (left === null) params.delete("left"); else params.set("left", String(Math.round(left)));
  return `?${params.toString()}`;
}

// -- the run view's keys --------------------------------------------------------------------------------------

// What a key does in the run view: "toggle", "next", "prev", "fullscreen" or null. `on` is what has the focus:
// "field" (text, time, number), "control" (a button or link reached with Tab: Space and Enter are its own) or
// "page". Keys with Alt, Ctrl or Meta are the browser's.
export function runAction({ key, altKey, ctrlKey, metaKey }, on) {
  if (altKey || ctrlKey || metaKey || on === "field") return null;
  if (key === " " || key === "Spacebar") return on === "control" ? null : "toggle";
  if (key === "Enter") return on === "control" ? null : "next";
  if (["ArrowRight", "ArrowDown", "PageDown"].includes(key)) return "next";
  if (["ArrowLeft", "ArrowUp", "PageUp"].includes(key)) return "prev";
  if (key === "f" || key === "F") return "fullscreen";
  return null;
}
