"""The trainers' kit (issue 21): a workshop's own start time; one download per session; worksheets to fill in; a
view to run the room. Browser tests in Debian's Chromium; PDFs read with poppler."""
from __future__ import annotations

import copy

from browserkit import PageKind, open_page
from catalogue.model.workshop import agenda
from pdfmeasure import widgets

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
    assert "Uden JavaScript viser siden drejebogens egen starttid, kl. 09:00" in page.locator(".ik-agenda").inner_text()
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
    page.wait_for_load_state("load")
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)  # time moves only as the test says (a loaded machine)
    # the place is kept in the URL (issue 30.3), and Chromium asks for the page's icon again (from its cache) when
    # the URL changes: that is no request of the run view's
    icon = page.eval_on_selector("link[rel=icon]", "l => l.href")
    page.on("request", lambda r: requests.append(r.url) if r.url != icon else None)
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
    page.clock.resume()  # axe waits on timers
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


def page_sizes(pdf) -> list[tuple[float, float]]:
    import re
    import subprocess
    out = subprocess.run(["pdfinfo", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def test_the_session_pdf_holds_the_script_and_its_worksheet_in_its_own_orientation(built_site, catalogue):
    import json
    import subprocess
    data = {e["id"]: e for e in json.loads((built_site / "data/catalogue.json").read_text(encoding="utf-8"))["entries"]}
    rel = data[WORKSHOP]["session_pdf"]
    assert rel == f"drejeboeger/{WORKSHOP}/{WORKSHOP}-materiale.pdf"
    assert all(e["session_pdf"] is None for i, e in data.items() if i != WORKSHOP)  # the only script with sheets
    pdf = built_site / rel
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    script = subprocess.run(["pdftotext", str(built_site / data[WORKSHOP]["pdf"]), "-"], capture_output=True,
                            text=True, check=True).stdout
    sheet = catalogue.entries["matrix-systematik-og-inddragelse"]
    assert "Indhold" in text and sheet.title in text and "Systematik · Inddragelse" in text
    assert all(line in text for line in script.splitlines() if line.strip() and "/" not in line)  # the whole script
    sizes = page_sizes(pdf)
    script_pages = len(page_sizes(built_site / data[WORKSHOP]["pdf"]))
    assert len(sizes) == script_pages + 1  # the script's pages, then the matrix on one page
    assert all(w < h for w, h in sizes[:-1]) and sizes[-1][0] > sizes[-1][1]  # portrait, then A4 landscape
    page = (built_site / f"drejeboeger/{WORKSHOP}/index.html").read_text(encoding="utf-8")
    assert f'href="{WORKSHOP}-materiale.pdf" download>' in page
    # issue 30.1: the PDF says which start time and durations it uses, and where to print others
    assert "Tiderne i denne PDF regner fra kl. 09:00 med drejebogens egne varigheder" in " ".join(text.split())
    assert "-udskriv.html)" in text  # the print view beside the page (pdftotext drops a hyphen at a line end)


def fields(pdf) -> dict:
    from pypdf import PdfReader
    return PdfReader(str(pdf)).get_fields() or {}


def test_worksheets_fill_in_one_field_per_write_area_and_stay_tagged(built_site, catalogue):
    import subprocess
    for sheet in catalogue.of_kind("worksheet"):
        pdf = built_site / f"arbejdsark/{sheet.id}/{sheet.id}.pdf"
        expected = int(bool(sheet.notes_space))
        if sheet.matrix:
            expected += 4  # a field per quadrant
        if sheet.toolbox:
            expected += len(sheet.toolbox.columns)  # the column's own actions
        if sheet.flow:
            expected += len(sheet.flow.stages)  # a write-in box per stage
        if sheet.checklist:
            expected += len(sheet.checklist.items)  # a box to tick per item
        if sheet.house:
            expected += len(sheet.house.pillars)  # issue 30: the participants' own practice in each pillar
        found = fields(pdf)
        assert len(found) == expected, (sheet.id, sorted(found))
        assert all(f.get("/TU") and f.get("/T", name).startswith(sheet.id) for name, f in found.items()), sheet.id
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        # the diagram with its fields on one page (issue 30: its instructions may continue on a second)
        assert "Tagged:          yes" in info and len(page_sizes(pdf)) <= 2
        assert {w.page for w in widgets(pdf)} == {0}, sheet.id
    matrix = fields(built_site / "arbejdsark/matrix-systematik-og-inddragelse/matrix-systematik-og-inddragelse.pdf")
    assert {f["/TU"] for n, f in matrix.items() if "oeverst-hoejre" in n} == {"Systematik · Inddragelse"}
    toolbox = fields(built_site / "arbejdsark/vaerktoejskasse-psykologisk-tryghed/vaerktoejskasse-psykologisk-tryghed.pdf")
    assert "Vores egne handlinger: Sæt scenen" in {f["/TU"] for f in toolbox.values()}
    pack = catalogue.entries["mindset-og-psykologisk-tryghed"]
    booklet = fields(built_site / f"laeringspakker/{pack.id}/{pack.id}.pdf")
    questions = [f for n, f in booklet.items() if n.startswith(f"{pack.id}-spoergsmaal-")]
    assert len(questions) == len(pack.questions)


def field_names(pdf) -> list[str]:
    """The full name of every form field's widget (duplicates kept: get_fields() would merge them)."""
    from pypdf import PdfReader
    names = []
    for page in PdfReader(str(pdf)).pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Widget":
                continue
            parts, node = [], a
            while node is not None:
                if "/T" in node:
                    parts.append(str(node["/T"]))
                node = node.get("/Parent").get_object() if "/Parent" in node else None
            names.append(".".join(reversed(parts)))
    return names


def test_form_field_names_are_unique_and_made_of_a_z_digits_and_hyphens(tmp_path):
    """Issue 26: a checklist's letters named its fields, so two items lettered 'A' shared one field and a '.' split
    the field hierarchy; names are made in one place (forms.py), unique per document (a booklet holds several
    sheets), of [a-z0-9-] only."""
    import re
    from conftest import make_project
    from catalogue.outputs import pdf
    from catalogue.outputs.forms import DocumentFields
    from catalogue.site.build import SiteBuild
    project = make_project(tmp_path / "p")
    sheet = project / "content/arbejdsark/laeringssamtalen-skridt-a-g.yml"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text.replace("    - bogstav: B\n", "    - bogstav: A\n").replace("    - bogstav: C\n", "    - bogstav: x.y\n"),
                     encoding="utf-8")
    build = SiteBuild.load(project, with_pdfs=False)
    weasy = pdf._Weasy(pdf._css_text())
    for entry_id, expected in (("laeringssamtalen-skridt-a-g", 8), ("faglig-ledelse", 8)):
        entry = build.cat.entries[entry_id]
        target = tmp_path / f"{entry_id}.pdf"
        weasy.write(pdf.print_html(build.renderer, entry), "0" * 32, target, "https://example.org/")
        names = field_names(target)
        assert len(names) >= expected, names
        assert len(names) == len(set(names)), sorted(names)
        assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", n) for n in names), names
    assert {"laeringssamtalen-skridt-a-g-a", "laeringssamtalen-skridt-a-g-a-2", "laeringssamtalen-skridt-a-g-x-y"} <= set(names)
    # one sheet printed twice in one document, and a sheet whose id continues another's: still one name each
    doc = DocumentFields()
    one, again, longer = doc.sheet("ark"), doc.sheet("ark"), doc.sheet("ark-a")
    made = [one("A"), one("a"), again("A"), longer(1), one("a-1"), one("Æ.1"), one("")]
    assert made == ["ark-a", "ark-a-2", "ark-a-3", "ark-a-1", "ark-a-1-2", "ark-ae-1", "ark-felt"]


# --- issue 30: the trainers' start time and durations, the print view, the room view -----------------------------

def clocks_of(start: str, minutes: list[int]) -> set[str]:
    """Every boundary's clock time of a plan of items."""
    h, m = map(int, start.split(":"))
    at, out = h * 60 + m, set()
    for n in [0, *minutes]:
        at += n
        out.add(f"{at // 60 % 24:02d}:{at % 60:02d}")
    return out


def test_the_material_prints_at_the_chosen_start_time_and_durations(browser, site_url, catalogue, tmp_path):
    """Issue 30.1 and 30.4: 13:00 and a shortened activity on the workshop's page; the print view it offers, printed
    by Chromium, has those times and durations and none of the script's own 09:00-based ones."""
    import re
    import subprocess
    plan = agenda(catalogue.entries[WORKSHOP])
    own = list(plan.item_minutes)
    shorter = own.copy()
    shorter[1] -= 10
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(site_url + f"drejeboeger/{WORKSHOP}/")
    page.locator("#ik-start").fill("13:00")
    page.locator("#ik-start").dispatch_event("change")
    page.locator(".ik-plan-fit summary").click()
    page.locator("#ik-fit-1").fill(str(shorter[1]))
    page.locator("#ik-fit-1").dispatch_event("change")
    assert f"min={'.'.join(map(str, shorter))}" in page.url
    total = sum(shorter)
    end = sorted(clocks_of("13:00", shorter))[-1]
    assert page.locator(".ik-agenda-total").inner_text().split("\t")[0] == f"13:00–{end}"
    page.locator("#ik-fit-total").fill("40")  # fitted to 40 minutes: every item at its least, 5 min
    page.locator(".ik-plan-fit-button").click()
    assert page.locator(".ik-agenda-total td").last.inner_text() == "40 min"
    page.locator("#ik-fit-1").fill(str(shorter[1]))  # back to the shortened plan, item by item
    page.locator("#ik-fit-1").dispatch_event("change")
    for i, m in enumerate(shorter):
        page.locator(f"#ik-fit-{i}").fill(str(m))
        page.locator(f"#ik-fit-{i}").dispatch_event("change")
    page.locator(".ik-print-view-link a").click()
    page.wait_for_selector(".ik-start-field")
    target = tmp_path / "material.pdf"
    page.pdf(path=str(target), prefer_css_page_size=True)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert set(re.findall(r"\b\d\d:\d\d\b", text)) == clocks_of("13:00", shorter)
    assert not clocks_of("09:00", own) & set(re.findall(r"\b\d\d:\d\d\b", text))
    hours, mins = divmod(total, 60)
    assert f"Varighed: {hours} t {mins} min" in text and "Tiderne regner fra kl. 13:00" in text
    sheet = catalogue.entries["matrix-systematik-og-inddragelse"]
    assert sheet.title in text
    assert any(w > h for w, h in page_sizes(target))  # the worksheet in its own orientation
    context.close()


def test_the_room_view_keeps_its_timer_in_view_follows_clickers_and_a_reload_and_the_facilitator_view(
        browser, site_url, catalogue):
    """Issue 30.2 and 30.3 at 1280×720: no site chrome, the timer in view at the end of the longest activity (in the
    facilitator view, which holds the notes too), Space after clicking "Næste" pauses, PageDown advances, a reload
    keeps the item and the time left (mocked clock), the facilitator window follows the room's; axe on both."""
    from browserkit import axe_violations, describe_violations
    items = run_items(catalogue.entries[WORKSHOP])
    context, page, requests = open_run(browser, site_url, {"width": 1280, "height": 720})
    assert page.locator(".md-header").is_hidden() and page.locator(".md-footer").is_hidden()
    assert page.locator(".ik-run-back").is_hidden() and page.locator(".ik-start-field").is_hidden()
    assert page.locator(".ik-run-prev").is_disabled()
    position = lambda p: p.locator(".ik-run-position").inner_text()  # noqa: E731
    clock = lambda p: p.locator(".ik-run-clock").inner_text()  # noqa: E731
    page.keyboard.press("Space")  # start
    page.locator(".ik-run-next").click()  # a click with the mouse …
    assert page.evaluate("document.activeElement === document.body")  # … leaves no button holding the keyboard
    assert position(page) == f"2 af {len(items)}"
    assert page.locator(".ik-run-toggle").get_attribute("aria-pressed") == "true"  # still running
    page.clock.run_for(10_000)
    page.keyboard.press("Space")  # pauses
    assert page.locator(".ik-run-toggle").get_attribute("aria-pressed") == "false"
    paused = clock(page)
    page.clock.run_for(30_000)
    assert clock(page) == paused and paused == f"{(items[1][1] * 60 - 10) // 60:02d}:{(items[1][1] * 60 - 10) % 60:02d}"
    page.keyboard.press("PageDown")
    assert position(page) == f"3 af {len(items)}"
    page.keyboard.press("PageUp")
    page.keyboard.press("ArrowDown")
    assert position(page) == f"3 af {len(items)}"
    page.keyboard.press("Space")
    page.clock.run_for(61_000)
    left = items[2][1] * 60 - 61
    assert clock(page) == f"{left // 60:02d}:{left % 60:02d}"
    page.reload()
    page.wait_for_selector(".ik-run--live")
    assert position(page) == f"3 af {len(items)}" and clock(page) == f"{left // 60:02d}:{left % 60:02d}"
    page.wait_for_load_state("load")
    requests.clear()  # what the reload fetched
    with page.expect_popup() as opened:
        page.locator(".ik-run-presenter").click()
    presenter = opened.value
    presenter.wait_for_selector(".ik-run--presenter")
    presenter.wait_for_function("document.querySelector('.ik-run-position').textContent.startsWith('3 ')")
    page.keyboard.press("PageDown")  # the facilitator's window follows the room's …
    presenter.wait_for_function("document.querySelector('.ik-run-position').textContent.startsWith('4 ')")
    presenter.keyboard.press("ArrowLeft")  # … and the room's follows the facilitator's
    page.wait_for_function("document.querySelector('.ik-run-position').textContent.startsWith('3 ')")
    # notes: in the facilitator view, not on the room's screen
    assert page.locator(".ik-run-how:visible, .ik-remember:visible").count() == 0
    assert presenter.locator(".ik-run-how:visible").count() == 1
    # the longest activity, scrolled to its end: the timer is still fully in view
    for _ in range(2):
        presenter.keyboard.press("PageUp")
    heights = []
    for _ in items:
        heights.append(presenter.evaluate("document.documentElement.scrollHeight"))
        presenter.keyboard.press("PageDown")
    longest = heights.index(max(heights))
    assert max(heights) > 720, heights  # it does scroll
    for _ in range(len(items) - longest):
        presenter.keyboard.press("PageUp")
    page.wait_for_function(f"document.querySelector('.ik-run-position').textContent.startsWith('{longest + 1} ')")
    for view in (presenter, page):
        view.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        box = view.locator(".ik-run-left").bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 720, (view.url, box)
    page.clock.resume()  # axe waits on timers
    for view in (page, presenter):
        violations = axe_violations(view)
        assert not violations, describe_violations(violations)
    for _ in items:
        page.keyboard.press("ArrowRight")
    assert page.locator(".ik-run-end").is_visible() and page.locator(".ik-run-next").is_disabled()
    assert requests == []  # nothing fetched while running
    context.close()
