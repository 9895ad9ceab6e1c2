// Shared by the trainers' scripts (ik-start.js, ik-run.js): clock times and timers as text.

const pad = (n) => String(n).padStart(2, "0");

// "HH:MM" as the URL (?start=) and <input type="time"> give it, 00:00–23:59
export const isClock = (value) => /^([01]\d|2[0-3]):[0-5]\d$/.test(value || "");

// "13:05" → 785 (minutes after midnight)
export const toMinutes = (hhmm) => {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
};

// 785 → "13:05"; past midnight (or before it) wraps round the clock
export const toClock = (minutes) => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
};

// A clock time moved as the start moves from `from` to `to` (all "HH:MM")
export const shifted = (clock, from, to) => toClock(toMinutes(clock) + toMinutes(to) - toMinutes(from));

// A timer's seconds as "MM:SS" (whole seconds, rounded down; minutes past 99 keep counting)
export const timer = (seconds) => `${pad(Math.floor(seconds / 60))}:${pad(Math.floor(seconds % 60))}`;
