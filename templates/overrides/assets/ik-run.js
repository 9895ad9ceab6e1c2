// A workshop's run view (issue 21): one activity at a time, in large type, with the time left and what comes next.
// Space starts and pauses the timer, → and ← move between activities; the buttons do the same. Everything is in
// the page when it loads: running it makes no request.
import { timer } from "./ik-clock.js";
import { fill, strings } from "./ik-text.js";

const root = document.querySelector("[data-ik-run]");
if (root) run(root);

function run(root) {
  const S = strings(root);
  const items = [...root.querySelectorAll(".ik-run-item")];
  const bar = root.querySelector(".ik-run-bar");
  const clockEl = root.querySelector(".ik-run-clock");
  const leftLabel = root.querySelector(".ik-run-left-label");
  const position = root.querySelector(".ik-run-position");
  const upnext = root.querySelector(".ik-run-upnext");
  const toggle = root.querySelector(".ik-run-toggle");
  const prev = root.querySelector(".ik-run-prev");
  const next = root.querySelector(".ik-run-next");
  let current = 0, running = false, startedAt = 0, used = 0, ticker = null;

  const seconds = () => used + (running ? (Date.now() - startedAt) / 1000 : 0);
  const total = () => Number(items[current].dataset.minutes || 0) * 60;

  function tick() {
    const left = total() - seconds();
    clockEl.textContent = timer(Math.abs(Math.ceil(left)));
    leftLabel.textContent = left >= 0 ? S.left : S.over;
    root.classList.toggle("ik-run--over", left < 0);
  }
  function show(n) {
    current = Math.max(0, Math.min(items.length - 1, n));
    items.forEach((item, i) => { item.hidden = i !== current; });
    used = 0;
    startedAt = Date.now();
    position.textContent = fill(S.position, { n: current + 1, of: items.length });
    upnext.textContent = current + 1 < items.length
      ? fill(S.next, { title: items[current + 1].dataset.title }) : S.last;
    prev.disabled = current === 0;
    next.disabled = current === items.length - 1;
    tick();
  }
  function setRunning(on) {
    if (on === running) return;
    if (on) startedAt = Date.now(); else used = seconds();
    running = on;
    toggle.textContent = running ? S.pause : S.start;
    toggle.setAttribute("aria-pressed", String(running));
    clearInterval(ticker);
    if (running) ticker = setInterval(tick, 250);
    tick();
  }
  function move(by) {
    const keep = running;
    setRunning(false);
    show(current + by);
    if (keep) setRunning(true);
  }
  toggle.addEventListener("click", () => setRunning(!running));
  prev.addEventListener("click", () => move(-1));
  next.addEventListener("click", () => move(1));
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const onControl = e.target.closest && e.target.closest("button, input, a, select, textarea");
    if (e.key === " " && !onControl) { e.preventDefault(); setRunning(!running); }
    else if (e.key === "ArrowRight" && !(e.target.matches && e.target.matches("input"))) { e.preventDefault(); move(1); }
    else if (e.key === "ArrowLeft" && !(e.target.matches && e.target.matches("input"))) { e.preventDefault(); move(-1); }
  });
  bar.hidden = false;
  root.classList.add("ik-run--live");
  show(0);
}
