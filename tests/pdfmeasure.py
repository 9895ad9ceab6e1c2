"""Measurements of a PDF for the print tests (issue 30): the size its text is set in, its form fields and the
dashed write areas it draws, how full its pages are. Read with pypdf (content streams, widgets) alone, no
rendering: a site's PDFs are measured in a second or two."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

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
    text: str
    x: float
    y: float


def text_runs(path: Path | str) -> list[Run]:
    """Every piece of text the PDF sets, with the size it is set in."""
    out: list[Run] = []
    for n, page in enumerate(PdfReader(str(path)).pages):
        def visit(text, cm, tm, font, size, n=n):
            if text.strip():
                m = _mul(tm, cm)
                scale = abs(m[0] * m[3] - m[1] * m[2]) ** 0.5
                out.append(Run(n, round(size * scale, 2), text, m[4], m[5]))
        page.extract_text(visitor_text=visit)
    return out


@dataclass
class Widget:
    name: str
    page: int
    rect: Rect
    multiline: bool
    kind: str  # /Tx or /Btn


def widgets(path: Path | str) -> list[Widget]:
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
    reader = PdfReader(str(path))
    out = []
    for n, page in enumerate(reader.pages):
        ops = ContentStream(page.get_contents(), reader).operations
        ctm = (1, 0, 0, 1, 0, 0)
        stack = []
        dashed = False
        path_pts: list[tuple[float, float]] = []
        strokes: list[list[tuple[float, float]]] = []
        for operands, op in ops:
            if op == b"q":
                stack.append((ctm, dashed))
            elif op == b"Q":
                if len(strokes) >= 4:
                    for i in range(0, len(strokes) - 3, 4):
                        pts = [p for s in strokes[i:i + 4] for p in s]
                        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                        out.append((n, (min(xs), min(ys), max(xs), max(ys))))
                strokes = []
                ctm, dashed = stack.pop() if stack else ((1, 0, 0, 1, 0, 0), False)
            elif op == b"cm":
                ctm = _mul(tuple(float(v) for v in operands), ctm)
            elif op == b"d":
                dashed = bool(operands[0])
            elif op in (b"m", b"l"):
                path_pts.append(_apply(ctm, float(operands[0]), float(operands[1])))
            elif op == b"S":
                if dashed and path_pts:
                    strokes.append(path_pts)
                path_pts = []
            elif op in (b"n", b"f", b"F", b"f*", b"B", b"b", b"re"):
                if op != b"re":
                    path_pts = []
    return out


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
    reader = PdfReader(str(path))
    runs = text_runs(path)
    fields = widgets(path)
    out = []
    for n, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        # the running footer sits in the bottom margin (below 16 mm = 45 pt); the text area starts at the top margin
        body = [r.y for r in runs if r.page == n and r.y > 45] + [w.rect[1] for w in fields if w.page == n]
        top, bottom = height - 40, 45
        lowest = min(body) if body else top
        out.append((top - lowest) / (top - bottom))
    return out
