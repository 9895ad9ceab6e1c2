// A workshop's own start time and durations (issues 21 and 30): a field beside the agenda moves every clock time
// on the page (agenda, steps, activities, break); a panel lengthens or shortens the activities or fits the whole
// plan to a number of minutes, and every time and duration follows. Both are kept in the URL (?start=13:00,
// ?min=5.15.10…; history.replaceState, no storage) and on links marked data-ik-keep-start (the run view, the
// print view), so the page prints and shares with them. Without JavaScript the page shows the script's own.
// The arithmetic and the URL's state are ik-plan.js's (no DOM).
import { shifted } from "./ik-clock.js";
import { MIN_ITEM, adjustable, adjusted, clockAt, durationText, fitted, floors, planSearch, readPlan, span } from "./ik-plan.js";
import { fill, strings } from "./ik-text.js";

const agenda = document.querySelector("[data-ik-start]");
if (agenda) start(agenda);
// the print view's button (pages/print_view.html): the browser's print
const printButton = document.querySelector("[data-ik-print]");
if (printButton) {
  printButton.hidden = false;
  printButton.addEventListener("click", () => window.print());
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function start(agenda) {
  const own = agenda.dataset.ikStart;
  const original = JSON.parse(agenda.dataset.ikItems || "[]");
  const titles = JSON.parse(agenda.dataset.ikTitles || "[]");
  const S = agenda.dataset.strings ? strings(agenda) : { label: agenda.dataset.ikLabel };
  const canAdjust = adjustable(original);
  let state = readPlan(location.search, original, own);

  const input = el("input", { id: "ik-start", type: "time", value: state.start, step: 300 });
  const field = el("p", { className: "ik-start-field" }, el("label", { htmlFor: "ik-start" }, S.label || agenda.dataset.ikLabel), " ", input);
  agenda.after(field);
  const panel = canAdjust && agenda.matches(".ik-agenda-start") ? fitPanel() : null;
  if (panel) field.after(panel.root);

  function apply(write) {
    document.querySelectorAll("time[data-ik-clock]").forEach((t) => {
      const clock = canAdjust && t.dataset.ikAt !== undefined
        ? clockAt(state.start, state.minutes, Number(t.dataset.ikAt)) : shifted(t.dataset.ikClock, own, state.start);
      t.textContent = clock;
      t.dateTime = clock;
    });
    if (canAdjust) {
      document.querySelectorAll("[data-ik-span]").forEach((s) => {
        const [first, last] = s.dataset.ikSpan.split(" ").map(Number);
        s.textContent = durationText(span(state.minutes, first, last), S);
      });
    }
    document.querySelectorAll("a[data-ik-keep-start]").forEach((a) => {
      const target = new URL(a.getAttribute("href"), location.href);
      target.search = planSearch(target.search, state, original, own);
      a.href = target.href;
    });
    if (panel) panel.show();
    if (write) history.replaceState(history.state, "", location.pathname + planSearch(location.search, state, original, own) + location.hash);
  }
  const setStart = () => {
    if (/^([01]\d|2[0-3]):[0-5]\d$/.test(input.value)) { state = { ...state, start: input.value }; apply(true); }
  };
  input.addEventListener("change", setStart);
  input.addEventListener("input", setStart);
  apply(false);

  // The panel: a field per item, the whole plan's minutes and a button that fits it in proportion, and a button
  // back to the script's own durations; a status line says the plan's length
  function fitPanel() {
    const status = el("p", { className: "ik-plan-fit-status" });
    status.setAttribute("role", "status");
    const fields = original.map((m, i) => el("input", { id: `ik-fit-${i}`, type: "number", min: 0, max: 1440, step: 1, value: m }));
    const list = el("ol", { className: "ik-plan-fit-items" },
      ...fields.map((f, i) => el("li", {}, el("label", { htmlFor: f.id }, fill(S.item, { title: titles[i] || String(i + 1) })), " ", f)));
    const total = el("input", { id: "ik-fit-total", type: "number", min: span(floors(original), 0, original.length), max: 1440, step: 5 });
    const fit = el("button", { type: "button", className: "ik-button ik-plan-fit-button" }, S.fit);
    const reset = el("button", { type: "button", className: "ik-button" }, S.reset);
    const root = el("details", { className: "ik-plan-fit" }, el("summary", {}, S.summary), el("p", {}, S.intro),
      el("p", {}, el("label", { htmlFor: total.id }, S.total), " ", total, " ", fit),
      el("p", { className: "ik-plan-fit-min" }, fill(S.min, { m: MIN_ITEM })), list, el("p", {}, reset), status);
    fields.forEach((f, i) => f.addEventListener("change", () => {
      state = { ...state, minutes: adjusted(state.minutes, i, f.value) };
      apply(true);
    }));
    fit.addEventListener("click", () => {
      const minutes = fitted(original, Number(total.value));
      if (!minutes) {
        const least = span(floors(original), 0, original.length);
        status.textContent = fill(S.short, { n: original.length, m: MIN_ITEM, total: least });
        return;
      }
      state = { ...state, minutes };
      apply(true);
    });
    reset.addEventListener("click", () => { state = { ...state, minutes: original.slice() }; apply(true); });
    if (state.minutes.some((m, i) => m !== original[i])) root.open = true;
    return {
      root,
      show() {
        fields.forEach((f, i) => { f.value = state.minutes[i]; });
        const sum = span(state.minutes, 0, state.minutes.length);
        total.value = sum;
        status.textContent = fill(S.status, { total: durationText(sum, S) });
      },
    };
  }
}
