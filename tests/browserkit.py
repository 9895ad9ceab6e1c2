"""Helpers for the real-browser tests (tests/test_browser.py): a local web server for a built site/, Chromium
from Debian (never downloaded), two accessibility auditors (axe-core and HTML_CodeSniffer), WCAG 2.2's target size
and small keyboard/visibility probes. No test lives here."""
from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 # a page the browser thinks is behind another must still draw frames and run its timers: the
                 # waits below count frames (a throttled page would wait for ever)
                 "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows"]

# Two drawn frames, or 5 s at most: page.evaluate has no timeout of its own, and a page whose frames stop (hidden,
# throttled) must fail the test, not hang the suite.
TWO_FRAMES = """() => Promise.race([
  new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))),
  new Promise(r => setTimeout(() => r(false), 5000))])"""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 700}
NARROW = {"width": 320, "height": 800}
PHONE_390 = {"width": 390, "height": 844}   # the phone (issue 28)


@dataclass(frozen=True)
class PageKind:
    """One kind of page to test. path is relative to the site's base URL."""
    name: str
    path: str
    ready: str | None = None     # a selector that must be present before the page is tested (search results)
    status: int = 200
    search: str | None = None    # (kept for the test filters: the search page is a page of its own now)


# Every kind of page the site has. A new page kind is one line here; every browser test runs on it.
PAGE_KINDS = [
    PageKind("forside", ""),
    PageKind("oversigt", "indsatser/"),
    PageKind("indsats-dialogisk-laesning", "indsatser/dialogisk-laesning/"),
    PageKind("indsats-omsorgsgrebet", "indsatser/omsorgsgrebet/"),
    PageKind("soegeresultater", "soeg/?q=l%C3%A6sning&f=type%3AIndsats", ready="[data-ik-search][data-facets-ready]"),
    PageKind("drejebog", "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/"),
    PageKind("arbejdsark", "arbejdsark/matrix-systematik-og-inddragelse/"),
    PageKind("arbejdsark-hus", "arbejdsark/plf-huset/"),
    PageKind("laeringspakke", "laeringspakker/mindset-og-psykologisk-tryghed/"),
    PageKind("program", "programmer/omsorgsgrebet-refleksionsforloeb/"),
    PageKind("litteratur", "litteratur/"),
    PageKind("facetside", "facetter/sektorer/dagtilbud/"),
    PageKind("facetindeks", "facetter/"),
    PageKind("afvikling", "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/afvikl/"),
    PageKind("404", "findes-ikke/", status=404),
    PageKind("om-kilderne", "om-kilderne/"),
    PageKind("redaktoerer", "redaktoerer/"),
    PageKind("felter", "felter/"),
    PageKind("sammenlign", "sammenlign/?poster=elevfravaer,robusthed,omsorgsgrebet",
             ready="[data-ik-compare][data-ready]"),
]


# --- the web server ------------------------------------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ under the path of the site's base URL (as on the real host, so the 404 page's absolute
    links work) and answers a missing file with site/404.html and status 404, as static hosts do."""
    prefix = "/"

    def log_message(self, *args):  # quiet
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A browser that closed its page while a file was on its way is no fault of the site's: not printed (any
        other error still is)."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path, prefix: str = "/"):
    """Serve site/ on 127.0.0.1 on a free port; yields the base URL (ending in prefix)."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def base_path(base_url: str) -> str:
    """The path of the site's base URL from content/indstillinger.yml ('/inspirationskatalog/')."""
    return urlsplit(base_url).path or "/"


# --- the browser ---------------------------------------------------------------------------------------------

def launch(playwright):
    """Debian's Chromium; fails (never skips) when it is missing. Nothing is downloaded."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium — "
                    "run `apt-get install chromium` (Playwright's own browsers are never downloaded)", pytrace=False)
    try:
        return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - the message is what matters
        pytest.fail(f"could not start {CHROMIUM} ({exc}); install it with `apt-get install chromium`", pytrace=False)


def close(page) -> None:
    """Close a page without waiting forever: Chromium can acknowledge a close that races a navigation commit (the
    preview's live reload reloading the page) and never close the page, so Playwright's page.close() waits for ever
    (microsoft/playwright#42068, #42366). The close here leaves the page for about:blank first, does not wait for the
    page's answer, gives the page ten seconds to go and otherwise leaves it to the browser's end."""
    if page.is_closed():
        return
    # First the page leaves for an empty one, so that no reload of the preview's live reload is under way when it
    # is closed (page.close(run_before_unload=True) itself was seen to wait for ever in that race). A navigation
    # that the page's own reload interrupts is tried again.
    for _ in range(3):
        try:
            page.goto("about:blank", wait_until="commit", timeout=10_000)
            break
        except Exception:  # noqa: BLE001 - interrupted by the page's own navigation, or the page is gone
            if page.is_closed():
                return
    with contextlib.suppress(Exception), page.expect_event("close", timeout=10_000):
        page.close(run_before_unload=True)


NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def open_page(page, base: str, kind: PageKind, *, settle_motion: bool = False, search_ready: bool = False):
    """Load a page kind and, for search, run the search by keyboard and wait for the results."""
    response = page.goto(base + kind.path, wait_until="load")
    assert response is not None and response.status == kind.status, \
        f"{kind.path}: HTTP {response and response.status}, expected {kind.status}"
    wait_for_material(page)
    if kind.ready:
        page.wait_for_selector(kind.ready, state="attached")
    if settle_motion:
        add_style(page, NO_MOTION)
    settle(page)
    return response


def add_style(page, css: str):
    """A test's own CSS on the page, as a constructed stylesheet: a <style> element would break the page's
    Content-Security-Policy (no inline styles), which the tests keep on."""
    page.evaluate("""css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }""", css)


def settle(page):
    """Wait until no CSS transition or animation runs (Material fades the search results in, for example):
    colours measured half-way through a fade are not the colours a reader sees."""
    page.wait_for_function("""() => document.getAnimations().every(a =>
        a.playState !== 'running' || a.effect.getComputedTiming().endTime === Infinity)""")


def scroll_down(page, pixels: int = 3000):
    """Scroll as a reader does (the wheel), then wait until the page has scrolled and two frames have been drawn
    since: the scroll events have been handled (Material's back-to-top button, scroll spy, lazy parts) — what a
    check that nothing then happened needs to have passed first."""
    before = page.evaluate("scrollY")
    page.mouse.wheel(0, pixels)
    page.wait_for_function("""b => scrollY !== b || scrollY + innerHeight >= document.documentElement.scrollHeight - 1""",
                           arg=before)
    page.evaluate(TWO_FRAMES)


def wait_for_material(page, search_ready: bool = False):
    """Material's bundle has started (it swaps the html element's no-js class for js)."""
    page.wait_for_function("document.documentElement.classList.contains('js')")


def search(page, query: str):
    """Search from the header: type into its field, press Enter, and wait for the search page's results."""
    page.locator("#ik-header-q").fill(query)
    page.locator("#ik-header-q").press("Enter")
    page.wait_for_url("**/soeg/?q=**", wait_until="load")
    page.wait_for_selector("[data-ik-search][data-facets-ready]", state="attached")
    settle(page)



# --- screenshots ---------------------------------------------------------------------------------------------

def load_settled(page, url: str, ready: str | None = None) -> None:
    """A page as a reader sees it once it has settled: loaded, its fonts in, its scripts done, nothing moving."""
    page.goto(url, wait_until="load")
    if ready:
        page.wait_for_selector(ready, state="attached")
    add_style(page, NO_MOTION)
    page.wait_for_function("document.fonts.status === 'loaded'")
    page.evaluate(TWO_FRAMES)


def element_screenshot(page, selector: str) -> tuple[bytes, dict]:
    """A PNG of the element, cut from a screenshot of the whole page scrolled to the top (an element screenshot
    would scroll it into view, under Material's sticky header), and its box in the page."""
    import io

    from PIL import Image
    box = page.eval_on_selector(selector, """e => { const r = e.getBoundingClientRect();
        return {x: Math.round(r.x + scrollX), y: Math.round(r.y + scrollY),
                w: Math.round(r.width), h: Math.round(r.height)}; }""")
    page.evaluate("scrollTo(0, 0)")
    whole = Image.open(io.BytesIO(page.screenshot(full_page=True, animations="disabled")))
    out = io.BytesIO()
    whole.crop((box["x"], box["y"], box["x"] + box["w"], box["y"] + box["h"])).save(out, "PNG")
    return out.getvalue(), box


def differing_share(a: bytes, b: bytes, tolerance: int = 32) -> float:
    """The share of the pixels of two screenshots (PNG bytes) that differ: a pixel differs when one of its colour
    channels differs by more than `tolerance` (of 255), so anti-aliasing and colour rounding do not count. Where the
    two differ in size, every pixel of the larger outline outside their common area counts as differing."""
    import io

    from PIL import Image, ImageChops
    one, two = (Image.open(io.BytesIO(x)).convert("RGB") for x in (a, b))
    width, height = min(one.width, two.width), min(one.height, two.height)
    diff = ImageChops.difference(one.crop((0, 0, width, height)), two.crop((0, 0, width, height)))
    channels = diff.split()
    worst = ImageChops.lighter(ImageChops.lighter(channels[0], channels[1]), channels[2])
    differing = worst.point(lambda v: 255 if v > tolerance else 0).histogram()[255]
    total = max(one.width, two.width) * max(one.height, two.height)
    return (differing + total - width * height) / total if total else 0.0

# --- axe-core ------------------------------------------------------------------------------------------------

def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    return results.response["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            summary = " ".join(node.get("failureSummary", "").split())[:300]
            lines.append(f"    {node['target']}  {node['html'][:160]}")
            if summary:
                lines.append(f"      {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


# --- HTML_CodeSniffer -----------------------------------------------------------------------------------------

# the npm package's built bundle (package.json, a devDependency installed by `npm ci`): every standard in one file
HTMLCS = Path(__file__).resolve().parent.parent / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
HTMLCS_RUN = """() => Promise.race([new Promise((resolve, reject) => HTMLCS.process('WCAG2AA', document, () => resolve(
  HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR).map(m => ({code: m.code, msg: m.msg,
    html: (m.element.outerHTML || m.element.nodeName || '').replace(/\\s+/g, ' ').slice(0, 200)}))), reject, 'en')),
  new Promise((_, reject) => setTimeout(() => reject(new Error('HTML_CodeSniffer did not finish in 60 s')), 60000))])"""


def htmlcs_errors(page) -> list[dict]:
    """HTML_CodeSniffer's errors for WCAG 2 AA on the page as it is now (after its scripts have run). The bundle is
    evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (a <script>
    element added to the page would be refused: the policy allows only the site's own files), so the policy
    stays on while the auditor runs. Its warnings and notices ask for a human's judgement and are not counted."""
    if not HTMLCS.is_file():
        pytest.fail(f"{HTMLCS} is missing: run `npm ci` (package.json pins html_codesniffer)", pytrace=False)
    page.evaluate(HTMLCS.read_text(encoding="utf-8"))
    return page.evaluate(HTMLCS_RUN)


def describe_htmlcs(errors: list[dict]) -> str:
    lines = []
    for code in dict.fromkeys(e["code"] for e in errors):
        same = [e for e in errors if e["code"] == code]
        lines.append(f"{code} ({len(same)}×): {same[0]['msg'][:240]}")
        lines.extend(f"    {e['html'][:160]}" for e in same[:4])
    return "\n".join(lines)


# --- WCAG 2.2: target size and focus not obscured --------------------------------------------------------------

# WCAG 2.5.8 Target Size (Minimum): every link, button and form control on the page (shown, not inert) is at least
# 24 × 24 CSS px, or is in a sentence (an inline link in text), or has room: a circle of 24 px diameter on its
# centre meets no other target, nor the circle of another small one. Returns the targets that fail.
TARGET_SIZE = """() => {
  const SIZE = 24;
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], " +
                   "[tabindex]:not([tabindex='-1'])";
  const shown = (e) => e.checkVisibility({visibilityProperty: true, opacityProperty: true}) &&
                       !e.closest("[inert], [aria-hidden='true']");
  const inSentence = (e) => {
    if (getComputedStyle(e).display !== "inline") return false;
    let block = e.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    return !!block && block.innerText.replace(e.innerText, "").trim().length > 0;
  };
  const targets = [...document.querySelectorAll(selector)].filter(shown)
    .map((e) => ({e, r: e.getBoundingClientRect()})).filter(({r}) => r.width > 0 && r.height > 0)
    .map((t) => ({...t, small: t.r.width < SIZE - 0.01 || t.r.height < SIZE - 0.01, inline: inSentence(t.e)}));
  const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const circleMeets = ([x, y], r) => {
    const dx = Math.max(r.left - x, 0, x - r.right), dy = Math.max(r.top - y, 0, y - r.bottom);
    return dx * dx + dy * dy < (SIZE / 2) ** 2;
  };
  const failures = [];
  for (const t of targets) {
    if (!t.small || t.inline) continue;
    const c = centre(t.r);
    const near = targets.find((o) => o !== t && !o.e.contains(t.e) && !t.e.contains(o.e) && (circleMeets(c, o.r) ||
      (o.small && !o.inline && Math.hypot(c[0] - centre(o.r)[0], c[1] - centre(o.r)[1]) < SIZE)));
    const html = (e, n) => e.outerHTML.replace(/\\s+/g, " ").slice(0, n);
    if (near) failures.push(`${html(t.e, 140)} (${Math.round(t.r.width)}×${Math.round(t.r.height)} px, ` +
                            `too near ${html(near.e, 90)})`);
  }
  return {targets: targets.length, small: targets.filter((t) => t.small).length, failures};
}"""

# WCAG 2.4.11 Focus Not Obscured: the focused element as the browser scrolled it (no scrolling here), and what of
# Material's frame (the sticky header, the back-to-top button, the menu's overlay) or of the engine's (the bar of
# initiatives chosen to compare, at the bottom of the window) is drawn over it: a grid of 25
# points on its visible part, 4 px in from the edges. underHeader: a box that fits below the header reaches under
# it; hidden: nothing of it can be seen (the criterion itself, for boxes taller than the window).
OBSCURED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const seen = (window.__ikObscured = window.__ikObscured || new Map());
  const count = (seen.get(e) || 0) + 1;
  seen.set(e, count);
  const r = e.getBoundingClientRect();
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
  const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
  const header = document.querySelector(".md-header");
  const headerBottom = header && !header.contains(e) ? header.getBoundingClientRect().bottom : 0;
  const points = [];
  for (const fy of [0, .25, .5, .75, 1]) for (const fx of [0, .25, .5, .75, 1]) {
    points.push([left + 4 + fx * Math.max(right - left - 8, 0), top + 4 + fy * Math.max(bottom - top - 8, 0)]);
  }
  const coveredBy = ([x, y]) => {
    const hit = document.elementFromPoint(x, y);
    if (!hit || e.contains(hit) || hit.contains(e) || (hit.closest("label") && hit.closest("label").control === e)) {
      return null;
    }
    const over = hit.closest(".md-header, .md-top, .md-overlay, .ik-choose");
    return over ? over.className.split(" ")[0] : null;
  };
  const covers = points.map(coveredBy);
  const tall = r.height > innerHeight - headerBottom;
  return {count, html: e.outerHTML.replace(/\\s+/g, " ").slice(0, 140), top: Math.round(r.top), headerBottom,
          scrolled: Math.round(scrollY),
          underHeader: !tall && r.top < headerBottom - 0.5 && r.bottom > 0 && covers.some((c) => c !== null),
          hidden: bottom <= top || right <= left || covers.every((c) => c !== null),
          covers: [...new Set(covers.filter(Boolean))]};
}"""


# --- focus probes --------------------------------------------------------------------------------------------

# What the focused element is, whether it can be seen, and whether it shows a focus indicator.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  e.scrollIntoView({block: 'nearest', inline: 'nearest'});
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  const visible = e.checkVisibility({opacityProperty: true, visibilityProperty: true}) &&
    r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
  const seen = (window.__ikSeen = window.__ikSeen || new WeakSet()), again = seen.has(e);
  seen.add(e);
  return {again, html: e.outerHTML.slice(0, 140), tag: e.tagName.toLowerCase(), id: e.id, text: e.innerText.trim().slice(0, 60),
          visible, ring, outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow,
          inDrawer: !!e.closest('.md-sidebar--primary'), inContent: !!e.closest('#ik-indhold'),
          inSearchResults: !!e.closest('.ik-search-results')};
}"""


def tab(page, shift: bool = False) -> dict | None:
    page.keyboard.press("Shift+Tab" if shift else "Tab")
    return page.evaluate(FOCUSED)


def tab_walk(page, limit: int = 400) -> list[dict]:
    """Every focus stop from the top of the page with Tab, until focus leaves the document or comes round."""
    stops = []
    for _ in range(limit):
        info = tab(page)
        if info is None or info["again"]:
            break
        stops.append(info)
    return stops
