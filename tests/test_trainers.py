"""The trainers' kit (issue 21): a workshop's own start time; one download per session; worksheets to fill in; a
view to run the room. Browser tests in Debian's Chromium; PDFs read with poppler."""
from __future__ import annotations

import copy

from browserkit import PageKind, open_page
from catalogue.workshop import agenda

WORKSHOP = "kortlaegning-af-tvaerprofessionelt-samarbejde"


def clock_times(plan) -> list[str]:
    """Every clock time the workshop page shows, in page order: the agenda's start, each step's and each
    activity's start and end in the table, the whole plan's, then the activities' in the steps below."""
    out = [plan.start]
    for step in plan.steps:
        out += [step.start, step.end]
        for slot in step.slots:
            out += [slot.start, slot.end]
    out += [plan.start, plan.end]
    for step in plan.steps:
        for slot in step.slots:
            if slot.minutes is not None and slot.start:
                out += [slot.start, slot.end]
    return [t for t in out if t]


def test_own_start_time_moves_every_clock_time_and_survives_a_reload(browser, site_url, catalogue):
    entry = catalogue.entries[WORKSHOP]
    moved = copy.copy(entry)
    moved.start = "13:00"
    own, later = clock_times(agenda(entry)), clock_times(agenda(moved))
    assert own[0] == "09:00" and later[0] == "13:00" and len(own) == len(later) > 10
    context = browser.new_context()
    page = context.new_page()
    open_page(page, site_url, PageKind("drejebog", f"drejeboeger/{WORKSHOP}/"))
    shown = lambda: page.locator("time[data-ik-clock]").all_inner_texts()  # noqa: E731
    assert shown() == own
    page.locator("#ik-start").fill("13:00")
    page.locator("#ik-start").dispatch_event("change")
    assert shown() == later
    assert "start=13%3A00" in page.url or "start=13:00" in page.url
    page.reload()
    page.wait_for_selector("#ik-start")
    assert shown() == later and page.locator("#ik-start").input_value() == "13:00"
    context.close()


def test_without_javascript_the_scripts_own_times_show(browser, site_url, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + f"drejeboeger/{WORKSHOP}/?start=13:00")
    assert page.locator("time[data-ik-clock]").all_inner_texts() == clock_times(agenda(catalogue.entries[WORKSHOP]))
    assert page.locator("#ik-start").count() == 0
    context.close()


def run_items(entry):
    """The run view's items in order: each activity, a break as one item."""
    out = []
    for step in entry.steps:
        if step.is_break or not step.activities:
            out.append((step.title, step.minutes if step.minutes is not None else step.stated.minutes))
        else:
            out += [(a.title, a.minutes) for a in step.activities]
    return out


def open_run(browser, site_url, viewport, query=""):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.clock.install()
    requests = []
    page.goto(site_url + f"drejeboeger/{WORKSHOP}/afvikl/{query}")
    page.wait_for_selector(".ik-run--live")
    page.on("request", lambda r: requests.append(r.url))
    return context, page, requests


def test_the_run_view_moves_through_every_step_by_keyboard_and_counts_down(browser, site_url, catalogue):
    from browserkit import axe_violations, describe_violations
    items = run_items(catalogue.entries[WORKSHOP])
    context, page, requests = open_run(browser, site_url, {"width": 1280, "height": 720})
    visible = lambda: page.locator(".ik-run-item:visible .ik-run-title").all_inner_texts()  # noqa: E731
    assert visible() == [items[0][0]] and page.locator(".ik-run-position").inner_text() == f"1 af {len(items)}"
    minutes = items[0][1]
    assert page.locator(".ik-run-clock").inner_text() == f"{minutes:02d}:00"
    page.keyboard.press("Space")  # start
    page.clock.run_for(61_000)
    left = minutes * 60 - 61
    assert page.locator(".ik-run-clock").inner_text() == f"{left // 60:02d}:{left % 60:02d}"
    page.keyboard.press("Space")  # pause: the clock stands still
    page.clock.run_for(30_000)
    assert page.locator(".ik-run-clock").inner_text() == f"{left // 60:02d}:{left % 60:02d}"
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    for n, (title, _) in enumerate(items[1:], start=2):
        page.keyboard.press("ArrowRight")
        assert visible() == [title] and page.locator(".ik-run-position").inner_text() == f"{n} af {len(items)}"
        expected_next = f"Næste: {items[n][0]}" if n < len(items) else "Det er sidste punkt."
        assert page.locator(".ik-run-upnext").inner_text() == expected_next
    page.keyboard.press("ArrowLeft")
    assert visible() == [items[-2][0]]
    assert requests == []  # nothing fetched while running
    context.close()


def test_the_run_view_fits_a_projector_and_a_phone_and_follows_the_start_time(browser, site_url):
    for viewport in ({"width": 1280, "height": 720}, {"width": 375, "height": 667}):
        context, page, _ = open_run(browser, site_url, viewport, "?start=13:00")
        for selector in (".ik-run-item:visible .ik-run-title", ".ik-run-left", ".ik-run-upnext", ".ik-run-toggle"):
            box = page.locator(selector).bounding_box()
            assert box and box["y"] + box["height"] <= viewport["height"], (viewport, selector, box)
        assert page.locator(".ik-run-item:visible time").first.inner_text() == "13:00"
        context.close()
