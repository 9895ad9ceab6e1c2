// A workshop's run view (issues 21 and 30): a room view — one activity at a time, its title and a large timer always
// in view, none of the site's chrome (html.ik-room), fullscreen, an end screen after the last item. The
// facilitator view (?view=presenter) shows the notes too; the two windows keep in step over a BroadcastChannel.
// Keys (ik-plan.js runAction): space starts and pauses — also right after a button was clicked, since a click
// leaves no button holding the keyboard — →/↓/PageDown next, ←/↑/PageUp previous, F fullscreen. The place and the
// time left are kept in the URL (?item=, ?left=; history.replaceState, no storage), so a reload keeps them. The
// durations follow the page's ?min= (ik-start.js). Everything is in the page when it loads: running it makes no
// request.
import { timer } from "./ik-clock.js";
import { readPlan, readRun, runAction, runSearch } from "./ik-plan.js";
import { fill, strings } from "./ik-text.js";

const root = document.querySelector("[data-ik-run]");
if (root) run(root);

function run(root) {
  const S = strings(root);
  const $ = (selector) => root.querySelector(selector);
  const items = [...root.querySelectorAll(".ik-run-item")];
  const end = $(".ik-run-end");
  const clockEl = $(".ik-run-clock");
  const leftLabel = $(".ik-run-left-label");
  const position = $(".ik-run-position");
  const current = $(".ik-run-current");
  const upnext = $(".ik-run-upnext");
  const toggle = $(".ik-run-toggle");
  const prev = $(".ik-run-prev");
  const next = $(".ik-run-next");
  const full = $(".ik-run-fullscreen");
  const presenterButton = $(".ik-run-presenter");
  const presenter = new URLSearchParams(location.search).get("view") === "presenter";
  const planEl = $("[data-ik-start]");
  const original = items.map((item) => (item.dataset.minutes === "" ? null : Number(item.dataset.minutes)));
  const minutes = readPlan(location.search, original, planEl ? planEl.dataset.ikStart : "").minutes;

  let at = 0, running = false, leftAtStart = 0, startedAt = 0, ticker = null, written = null;
  const total = (n) => (n < items.length ? Number(minutes[n] || 0) * 60 : 0);
  const left = () => leftAtStart - (running ? (Date.now() - startedAt) / 1000 : 0);

  function remember() {
    const place = at < items.length ? Math.ceil(left()) : null;
    const key = `${at}:${place}`;
    if (key === written) return;
    written = key;
    history.replaceState(history.state, "", location.pathname + runSearch(location.search, at, place) + location.hash);
  }
  function tick() {
    const l = left();
    clockEl.textContent = timer(Math.abs(Math.ceil(l)));
    leftLabel.textContent = l >= 0 ? S.left : S.over;
    root.classList.toggle("ik-run--over", l < 0);
    remember();
  }
  function setRunning(on) {
    if (on && at >= items.length) on = false;
    if (on === running) return;
    leftAtStart = left();
    startedAt = Date.now();
    running = on;
    toggle.textContent = running ? S.pause : S.start;
    toggle.setAttribute("aria-pressed", String(running));
    clearInterval(ticker);
    if (running) ticker = setInterval(tick, 250);
    tick();
  }
  function show(n, secondsLeft = null) {
    at = Math.max(0, Math.min(items.length, n));
    const atEnd = at === items.length;
    items.forEach((item, i) => { item.hidden = i !== at; });
    end.hidden = !atEnd;
    leftAtStart = secondsLeft === null ? total(at) : secondsLeft;
    startedAt = Date.now();
    position.textContent = atEnd ? S.end : fill(S.position, { n: at + 1, of: items.length });
    current.textContent = atEnd ? "" : items[at].dataset.title;
    upnext.textContent = at + 1 < items.length ? fill(S.next, { title: items[at + 1].dataset.title }) : atEnd ? "" : S.last;
    prev.disabled = at === 0;
    next.disabled = atEnd;
    toggle.disabled = atEnd;
    root.classList.toggle("ik-run--end", atEnd);
    if (atEnd && running) setRunning(false);
    tick();
  }
  function move(by) {
    const keep = running;
    setRunning(false);
    show(at + by);
    if (keep) setRunning(true);
  }

  // the other window (the room's or the facilitator's) follows every change
  const channel = "BroadcastChannel" in window ? new window.BroadcastChannel(`ik-run:${location.pathname}`) : null;
  const tell = () => channel && channel.postMessage({ at, running, left: left(), sent: Date.now() });
  if (channel) {
    channel.onmessage = ({ data }) => {
      if (data && data.ask) { tell(); return; }
      if (!data || typeof data.at !== "number") return;
      setRunning(false);
      const l = data.running ? data.left - (Date.now() - data.sent) / 1000 : data.left;
      show(data.at, l);
      if (data.running) setRunning(true);
    };
  }
  // a click with the mouse leaves no button holding the keyboard (Space then starts and pauses); a button reached
  // with Tab keeps the focus, and Enter and Space are its own
  const act = (button, what) => button.addEventListener("click", (e) => {
    if (e.detail > 0) button.blur();
    what();
    tell();
  });
  act(toggle, () => setRunning(!running));
  act(prev, () => move(-1));
  act(next, () => move(1));
  const fullscreen = () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  };
  if (document.fullscreenEnabled) {
    full.hidden = false;
    act(full, fullscreen);
    document.addEventListener("fullscreenchange", () => full.setAttribute("aria-pressed", String(!!document.fullscreenElement)));
  }
  act(presenterButton, () => {
    const url = new URL(location.href);
    url.searchParams.set("view", "presenter");
    window.open(url.href, "ik-run-presenter");
  });
  document.addEventListener("keydown", (e) => {
    const target = e.target && e.target.closest ? e.target : null;
    const on = target && target.closest("input, select, textarea, [contenteditable]") ? "field"
      : target && target.closest("button, a, summary") ? "control" : "page";
    const what = runAction(e, on);
    if (!what) return;
    e.preventDefault();
    if (what === "toggle") setRunning(!running);
    else if (what === "next") move(1);
    else if (what === "prev") move(-1);
    else if (what === "fullscreen") { if (document.fullscreenEnabled) fullscreen(); return; }
    tell();
  });

  root.classList.add("ik-run--live", presenter ? "ik-run--presenter" : "ik-run--room");
  document.documentElement.classList.add("ik-room");
  if (presenter) {
    $(".ik-run-presenter-intro").hidden = false;
    presenterButton.hidden = true;
    document.title = S.presenterTitle;
  }
  $(".ik-run-bar").hidden = false;
  const place = readRun(location.search, items.length);
  show(place.item === null ? 0 : place.item, place.left);
  if (presenter && channel) channel.postMessage({ ask: true });
}
