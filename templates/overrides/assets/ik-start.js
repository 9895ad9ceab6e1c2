// A workshop's own start time: a field beside the agenda moves every clock time on the page (agenda, steps,
// activities, break) by the same number of minutes, and keeps the time in the URL (?start=13:00), so the page
// prints and shares with it. Without JavaScript the page shows the script's own start time.
import { isClock, shifted } from "./ik-clock.js";

const agenda = document.querySelector("[data-ik-start]");
if (agenda) start(agenda);

function start(agenda) {
  const original = agenda.dataset.ikStart;
  const label = agenda.dataset.ikLabel;
  const times = [...document.querySelectorAll("time[data-ik-clock]")];

  const field = document.createElement("p");
  field.className = "ik-start-field";
  const lab = document.createElement("label");
  lab.htmlFor = "ik-start";
  lab.textContent = label;
  const input = document.createElement("input");
  Object.assign(input, { id: "ik-start", type: "time", value: original, step: 300 });
  field.append(lab, " ", input);
  agenda.after(field);

  function apply(value, write) {
    if (!isClock(value)) return;
    times.forEach((t) => {
      const clock = shifted(t.dataset.ikClock, original, value);
      t.textContent = clock;
      t.dateTime = clock;
    });
    document.querySelectorAll("a[data-ik-keep-start]").forEach((a) => {
      const target = new URL(a.getAttribute("href"), location.href);
      if (value === original) target.searchParams.delete("start"); else target.searchParams.set("start", value);
      a.href = target.href;
    });
    if (write) {
      const url = new URL(location.href);
      if (value === original) url.searchParams.delete("start"); else url.searchParams.set("start", value);
      history.replaceState(null, "", url);
    }
  }
  input.addEventListener("change", () => apply(input.value, true));
  input.addEventListener("input", () => apply(input.value, true));
  const asked = new URLSearchParams(location.search).get("start");
  if (isClock(asked)) { input.value = asked; apply(asked, false); }
}
