"""Print that reads and fields that fit (issue 30, points 5–7): measured from the built site's PDFs with pypdf and
poppler (tests/pdfmeasure.py), no rendering of our own."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from pdfmeasure import dashed_boxes, overlap, page_fill, text_runs, widgets

from catalogue.core.text import plain

PRINTED = ("worksheet", "workshop", "learning-pack")  # worksheets, session PDFs and booklets (and their kin)


def downloads(built_site: Path) -> dict[str, dict]:
    data = json.loads((built_site / "data/catalogue.json").read_text(encoding="utf-8"))
    return {e["id"]: e for e in data["entries"]}


def pdfs_of(built_site: Path, kinds=PRINTED) -> list[Path]:
    out = []
    for e in downloads(built_site).values():
        if e["type"] in kinds:
            out += [built_site / e[k] for k in ("pdf", "session_pdf", "participant_pdf") if e.get(k)]
    return out


def words(pdf: Path, page: int | None = None) -> list[tuple[str, float, float, float, float]]:
    """pdftotext -bbox: (word, xMin, yMin, xMax, yMax), y downwards from the page's top."""
    args = ["pdftotext", "-bbox"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [(m.group(5), *map(float, m.group(1, 2, 3, 4))) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def test_every_write_area_is_a_multi_line_field_that_covers_it(built_site):
    """Each dashed box a PDF draws (a write area) is ≥ 90 % covered by one form field on its page, and every text
    field takes several lines (the areas hold more than one)."""
    checked = 0
    for pdf in pdfs_of(built_site):
        fields = widgets(pdf)
        for page, box in dashed_boxes(pdf):
            best = max((overlap(w.rect, box) for w in fields if w.page == page), default=0.0)
            assert best >= 0.9, (pdf.name, page + 1, [round(v) for v in box], round(best, 2))
            checked += 1
        texts = [w for w in fields if w.kind == "/Tx"]
        assert all(w.multiline for w in texts), (pdf.name, [w.name for w in texts if not w.multiline])
        # and no field without its box: a text field is drawn as a dashed box of its own size
        boxes = dashed_boxes(pdf)
        for w in texts:
            assert any(b[0] == w.page and overlap(b[1], w.rect) > 0.95 for b in boxes), (pdf.name, w.name)
    assert checked >= 60


def test_checklist_boxes_sit_beside_their_letters(built_site):
    sheet = "laeringssamtalen-skridt-a-g"
    pdf = built_site / f"arbejdsark/{sheet}/{sheet}.pdf"
    height = 841.89
    letters = {w[0][0].lower(): (w[2] + w[4]) / 2 for w in words(pdf) if re.fullmatch(r"[A-G]\.", w[0])}
    assert sorted(letters) == list("abcdefg")
    boxes = {w.name.rsplit("-", 1)[1]: w for w in widgets(pdf) if w.kind == "/Btn"}
    assert sorted(boxes) == list("abcdefg")
    for letter, y in letters.items():
        box = boxes[letter].rect
        middle = height - (box[1] + box[3]) / 2  # pdftotext's y runs downwards
        assert abs(middle - y) < 4, (letter, round(middle), round(y))  # on the letter's line
        assert box[2] < min(w[1] for w in words(pdf) if w[0] == letter.upper() + ".")  # left of it


def test_no_text_under_8_5_pt_and_no_nearly_empty_page_but_the_last(built_site):
    """Worksheets, session PDFs, booklets and participant versions: every word at 8.5 pt or more; every page but
    a document's last has text or write areas on at least 15 % of its text area."""
    for pdf in pdfs_of(built_site):
        small = sorted({(r.size, r.page + 1) for r in text_runs(pdf) if r.size < 8.5})  # (size, page)
        assert not small, (pdf.name, small[:5])
        fill = page_fill(pdf)
        assert all(f >= 0.15 for f in fill[:-1]), (pdf.name, [round(f, 2) for f in fill])


def test_the_matrix_fills_its_page_with_its_labels_clear_of_its_square(built_site):
    sheet = "matrix-systematik-og-inddragelse"
    pdf = built_site / f"arbejdsark/{sheet}/{sheet}.pdf"
    found = words(pdf, 1)
    width = 841.89
    left = next(w for w in found if w[0] == "Ikke")
    right = next(w for w in found if w[0] == "Inddragelse" and abs(w[2] - left[2]) < 5)
    # the vertical axis' labels: over and under the square (the title's "Systematik" starts at the margin)
    top = next(w for w in found if w[0] == "Systematik" and w[2] < left[2] and w[1] > left[3])
    bottom = max((w for w in found if w[0] == "Usystematisk" and w[1] > left[3]), key=lambda w: w[2])
    # the square and its axes lie between the labels: at least 60 % of the page's width, the labels off them
    assert right[1] - left[3] >= 0.6 * width, (left, right)
    quadrants = [w for w in widgets(pdf) if "oeverst" in w.name or "nederst" in w.name]
    assert len(quadrants) == 4
    square = (min(q.rect[0] for q in quadrants), min(q.rect[1] for q in quadrants),
              max(q.rect[2] for q in quadrants), max(q.rect[3] for q in quadrants))
    assert left[3] + 6 < square[0] and right[1] > square[2] + 6  # the arrowheads: ~5 mm beyond the quadrants
    assert 595.276 - top[4] > square[3] and 595.276 - bottom[2] < square[1]  # above and below the square
    assert left[3] < top[1] < top[3] < right[1]  # the top label over the square, not beside it


FACILITATOR = ("forberedelse", "saadan", "husk", "sessionsplan", "lokal_tilpasning")


def facilitator_texts(entry) -> list[str]:
    """The facilitator's own text of a workshop or learning pack: its preparation, each activity's "sådan gøres
    det" and "husk", a pack's session plan (its text and steps) and local adaptation."""
    out = []
    for key in ("preparation", "adapt"):
        if getattr(entry, key, None):
            out.append(getattr(entry, key))
    plan = getattr(entry, "plan", None)
    steps = list(getattr(entry, "steps", None) or []) + list(getattr(plan, "steps", None) or [])
    if plan is not None and getattr(plan, "text", None):
        out.append(plan.text)
    for step in steps:
        for a in step.activities or []:
            out += ([a.how] if a.how else []) + list(a.remember or [])
    # a sentence of each, long enough to be the facilitator's own words
    return [s for t in out for s in re.split(r"(?<=[.!?:])\s+", " ".join(plain(t).split())) if len(s) > 30]


def test_participant_version_has_what_they_fill_in_and_none_of_the_facilitators_text(built_site, catalogue):
    found = downloads(built_site)
    made = 0
    for kind in ("workshop", "learning-pack"):
        for entry in catalogue.of_kind(kind):
            rel = found[entry.id]["participant_pdf"]
            if rel is None:
                continue
            made += 1
            pdf = built_site / rel
            assert rel.endswith(f"/{entry.id}-deltager.pdf")
            text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                           check=True).stdout.split()).replace("- ", "-")
            sheets = catalogue.used_of_kind(entry, "worksheet")
            # a sentence the facilitator's text shares with a worksheet's own instructions is the sheet's
            shared = " ".join(" ".join(plain(ws.instructions or "").split()) for ws in sheets)
            left_in = [s[:40] for s in facilitator_texts(entry) if s.replace("- ", "-") in text and s not in shared]
            assert not left_in, (entry.id, left_in)
            assert "Dagsorden" not in text and "Sådan gøres det" not in text.replace("SÅDAN", "Sådan"), entry.id
            assert "Deltagerversion" in text and entry.title in text
            for q in getattr(entry, "questions", None) or []:
                assert " ".join(plain(q).split())[:40] in text, (entry.id, q[:40])
            for ws in sheets:
                assert ws.title in text, (entry.id, ws.id)
            fields = widgets(pdf)
            assert len(fields) >= len(getattr(entry, "questions", None) or []) + len(sheets), entry.id
            page = (built_site / Path(rel).parent / "index.html").read_text(encoding="utf-8")
            assert f'href="{entry.id}-deltager.pdf" download>' in page
    assert made >= 6  # the workshops and packs with something to fill in


def test_an_agendas_total_row_comes_once_after_its_rows(built_site):
    workshop = "kortlaegning-af-tvaerprofessionelt-samarbejde"
    pdf = built_site / f"drejeboeger/{workshop}/{workshop}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    agenda = text[text.index("Dagsorden"):]
    total = re.findall(r"09:00–11:20\s+Varighed", agenda)
    assert len(total) == 1
    assert agenda.index("Afrunding") < agenda.index(total[0])  # after the last activity, not at a page's foot
    # its header on every page it runs over
    table = agenda[:agenda.index(total[0])]
    assert len(re.findall(r"Tid\s+Aktivitet\s+Varighed", table)) == table.count("\f") + 1
