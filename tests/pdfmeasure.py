"""Measurements of a PDF for the print tests (issue 30): the size its text is set in, its form fields and the
dashed write areas it draws, how full its pages are. Read with pypdf (content streams, widgets) alone, no
rendering: a site's PDFs are measured in a second or two."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points, y upwards


def _mul(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass
class Run:
    page: int  # 0-based
    size: float  # the size it is set in, in points (font size × the text and user space scale)
    x: float
    y: float


@dataclass
class _Page:
    runs: list[Run]
    dashed: list[Rect]


def _content(path: Path | str) -> list[_Page]:
    return _read(str(path))


@lru_cache(maxsize=64)  # a test reads a PDF's text and its boxes: one pass
def _read(path: str) -> list[_Page]:
    """One pass over each page's content stream, as WeasyPrint writes it (one operator a line): the text runs
    (BT … Tm … Tf … TJ) with their size and place, and the dashed rectangles (four dashed strokes, one per side,
    inside one q … Q). A line parser: pypdf's own content parser and text extraction took ~1 s a booklet."""
    reader = PdfReader(str(path))
    out = []
    for n, page in enumerate(reader.pages):
        data = page.get_contents().get_data().decode("latin-1")
        runs: list[Run] = []
        dashed_rects: list[Rect] = []
        ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        stack: list[tuple] = []
        dashed, pts, strokes = False, [], []
        tm, size = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0.0
        for line in data.split("\n"):
            op = line.rsplit(" ", 1)[-1] if " " in line else line
            if op == "q":
                stack.append((ctm, dashed, strokes))
                strokes = []
            elif op == "Q":
                for i in range(0, len(strokes) - 3, 4):
                    side = [p for s in strokes[i:i + 4] for p in s]
                    xs, ys = [p[0] for p in side], [p[1] for p in side]
                    dashed_rects.append((min(xs), min(ys), max(xs), max(ys)))
                ctm, dashed, strokes = stack.pop() if stack else ((1.0, 0.0, 0.0, 1.0, 0.0, 0.0), False, [])
            elif op == "cm":
                ctm = _mul(tuple(float(v) for v in line.split()[:6]), ctm)
            elif op == "d" and line.startswith("["):
                dashed = bool(line[1:line.index("]")].strip())
            elif op in ("m", "l"):
                x, y = line.split()[:2]
                pts.append(_apply(ctm, float(x), float(y)))
            elif op == "S":
                if dashed and pts:
                    strokes.append(pts)
                pts = []
            elif op in ("n", "f", "f*", "B", "b", "W", "W*"):
                pts = []
            elif op == "Tm":
                tm = tuple(float(v) for v in line.split()[:6])
            elif op == "Tf":
                size = float(line.split()[-2])
            elif op in ("TJ", "Tj"):
                m = _mul(tm, ctm)
                scale = abs(m[0] * m[3] - m[1] * m[2]) ** 0.5
                runs.append(Run(n, round(size * scale, 2), m[4], m[5]))
        out.append(_Page(runs, dashed_rects))
    return out


def text_runs(path: Path | str) -> list[Run]:
    """Every piece of text the PDF sets, with the size it is set in."""
    return [r for p in _content(path) for r in p.runs]


@dataclass
class Widget:
    name: str
    page: int
    rect: Rect
    multiline: bool
    kind: str  # /Tx or /Btn


def widgets(path: Path | str) -> list[Widget]:
    return _widgets(str(path))


@lru_cache(maxsize=64)
def _widgets(path: str) -> list[Widget]:
    reader = PdfReader(str(path))
    out = []
    for n, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            if a.get("/Subtype") != "/Widget":
                continue
            field = a if "/T" in a else a.get("/Parent").get_object()
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            flags = int(field.get("/Ff", 0))
            out.append(Widget(str(field.get("/T")), n, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)),
                              bool(flags & 4096), str(field.get("/FT"))))
    return out


def dashed_boxes(path: Path | str) -> list[tuple[int, Rect]]:
    """The dashed rectangles the PDF draws (the sheets' write areas: a box drawn with a dashed border), per page:
    the bounding box of four dashed strokes drawn one after the other (WeasyPrint strokes a border side by side)."""
    return [(n, r) for n, p in enumerate(_content(path)) for r in p.dashed]


def overlap(a: Rect, b: Rect) -> float:
    """The share of b that a covers."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = (b[2] - b[0]) * (b[3] - b[1])
    return max(0.0, w) * max(0.0, h) / area if area > 0 else 0.0


def page_fill(path: Path | str) -> list[float]:
    """Per page, the share of its text area (below the top margin, above the footer) that its content reaches
    down to — text and write areas (form fields): 1.0 for a full page, 0.1 for a page with a line at its top. The
    footer (page number, title) in the bottom margin is left out."""
    runs = text_runs(path)
    fields = widgets(path)
    out = []
    for n, page in enumerate(PdfReader(str(path)).pages):
        height = float(page.mediabox.height)
        # the running footer sits in the bottom margin (below 16 mm = 45 pt); the text area starts at the top margin
        body = [r.y for r in runs if r.page == n and r.y > 45] + [w.rect[1] for w in fields if w.page == n]
        top, bottom = height - 40, 45
        lowest = min(body) if body else top
        out.append((top - lowest) / (top - bottom))
    return out
