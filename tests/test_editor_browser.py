"""The browser editor end to end, in Debian's chromium: the real Decap CMS (site/admin/) through the editor's
proxy (macros/catalogue/cli/editor_proxy.py, started as scripts/rediger starts it) on a temporary copy of the project. A new
initiative made in the form is a valid file in the right folder that builds into a page with all of it; an
existing entry of every kind saved by the editor (a change saved, then undone and saved again) builds into the
same page, byte for byte. The preview shows the content's errors on the page itself."""
from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from browserkit import base_path, close, serve
from conftest import ENV, PY, ROOT, build, editor_proxy, http_answers, make_project, on_free_port, preview, yaml12


def wait_for(predicate, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with contextlib.suppress(OSError):
            if predicate():
                return True
        time.sleep(0.2)  # polling: the condition is checked again
    return False


@contextlib.contextmanager
def editor_on(project: Path):
    """Build the project, serve its site and start the editor's proxy (as scripts/rediger does) writing into it:
    (env, admin URL, site URL). The build writes the proxy's port into admin/config.yml: should that port be taken
    before the proxy binds it, conftest.editor_proxy builds again with another one."""
    env = {**ENV, "KATALOG_PDF": "0", "KATALOG_SEARCH": "0"}

    def build_for(port):
        env["KATALOG_EDITOR_PORT"] = str(port)
        result = build(project, env=env)
        assert result.returncode == 0, result.stderr[-3000:]

    settings = yaml12((project / "content" / "indstillinger.yml").read_text(encoding="utf-8"))
    with serve(project / "site", base_path(settings["base_url"])) as url, \
            editor_proxy(project, urlsplit(url).port, prepare=build_for):
        yield env, url + "admin/", url


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    """(project, env, admin URL, site URL): a built copy of the project with the editor's proxy writing into it."""
    project = make_project(tmp_path_factory.mktemp("editing"))
    with editor_on(project) as (env, admin, url):
        yield project, env, admin, url


def until(act, check, what: str, attempts: int = 3):
    """Do act() until check() passes. Decap is a React application: under load a click or a keystroke can miss —
    what it aimed at re-rendered or moved between Playwright's check of the target and the event — and only its
    effect tells. check waits for that effect (a condition, with a timeout) and raises if it does not show; act
    is then tried again (it must be safe to repeat), and after `attempts` tries the test fails saying `what`."""
    last = None
    for _ in range(attempts):
        with contextlib.suppress(PlaywrightTimeout):  # a click that found nothing to click: check says what is shown
            act()
        try:
            check()
            return
        except (AssertionError, PlaywrightTimeout) as exc:
            last = exc
    raise AssertionError(f"{what}: not done after {attempts} tries — {last}")


def click_until(target, shown, what: str, menu=None, timeout: float = 15000):
    """Click `target` until the locator `shown` is on the page; with `menu`, a button whose menu holds `target`,
    open that menu first unless it is open."""
    def act():
        if shown.count():  # the last try did it, later than the check waited
            return
        if menu is not None and not target.is_visible():
            menu.click(timeout=5000)
        target.click(timeout=5000)

    until(act, lambda: shown.first.wait_for(timeout=timeout), what)


def login(page, admin_url: str):
    page.goto(admin_url)
    click_until(page.get_by_role("button", name="Log ind"), page.get_by_text("Indsatser"), "logging in")


def choose(page, control, text):
    """A react-select control (Decap's select widget, `control` its input): open it, click the option with
    `text`, and wait until the control shows that value as chosen. (A click on the menu that missed would leave
    the field empty, and the form would only say so when it is published.)"""
    select = control.locator("xpath=ancestor::div[contains(@class, '-container')][1]")  # react-select's root
    values = select.locator('[class*="-singleValue"], [class*="-multiValue"]')  # what it shows as chosen
    chosen = values.filter(has_text=text)

    def pick():
        if chosen.count():  # the last try did choose it, later than the check waited
            return
        if not select.locator('[class*="-menu"]').count():  # open the menu unless it is open
            control.click(timeout=5000)
        select.locator('[class*="-option"]', has_text=text).first.click(timeout=5000)

    def check():
        try:
            chosen.first.wait_for(timeout=5000)
        except PlaywrightTimeout:
            options = select.locator('[class*="-option"]').all_inner_texts()
            raise AssertionError(f"the control shows {values.all_inner_texts()}, its menu "
                                 f"{'offers ' + repr(options[:8]) if options else 'is closed'}") from None

    until(pick, check, f"choosing {text!r} in {control.get_attribute('id')}")


def add_item(widget, field):
    """A list widget's "Tilføj", until its new item's `field` is there."""
    click_until(widget.get_by_role("button", name="Tilføj").first, field, "adding an item to a list")


def fill_hide(page, admin_url: str, title: str, reason: str):
    """The "Skjul" form with one original entry chosen to hide (by its title) and the reason."""
    page.goto(admin_url + "#/collections/lokalt/entries/skjul")
    hidden = page.locator('div[id^="skjul-field-"]').first
    hidden.wait_for()
    add_item(hidden, hidden.locator('[id^="id-field-"]'))
    choose(page, hidden.locator('[id^="id-field-"]').first, title)
    hidden.locator('[id^="begrundelse-field-"]').first.fill(reason)


def retype(page, field, text):
    """Replace the text of an input as a person does (click, select all, type), until it holds `text`."""
    def act():
        field.click(timeout=5000)
        page.keyboard.press("Control+A")
        page.keyboard.type(text)

    until(act, lambda: expect(field).to_have_value(text, timeout=5000), f"typing {text!r}")


def open_steps(page):
    """The form in steps (issue 29: only the first is open): open every closed step, so that every field shows."""
    page.locator(".ik-step-head").first.wait_for()
    closed = page.locator('.ik-step-head[aria-expanded="false"]')
    for _ in range(page.locator(".ik-step-head").count()):
        if not closed.count():
            return
        closed.first.click()
    expect(closed).to_have_count(0)


def publish(page):
    """Publicer → Publicer nu, until the editor says Publiceret; fails with the form's errors if it refuses."""
    done = page.get_by_role("button", name="Publiceret", exact=True)
    errors = page.locator('[class*="ControlErrorsList"] li')
    click_until(page.get_by_role("menuitem", name="Publicer nu"), done.or_(errors), "publishing",
                menu=page.get_by_role("button", name="Publicer", exact=True), timeout=45000)  # the engine checks first
    if not done.count():
        shot = tempfile.mkstemp(prefix="decap-publish-failed-", suffix=".png")[1]  # one per failure, per worker
        page.screenshot(path=shot)
        pytest.fail(f"the editor did not save: {errors.all_inner_texts()} (screenshot: {shot})", pytrace=False)
    # The save is on disk once "Publiceret" shows (the proxy answered persistEntry before). This wait is for Decap's
    # own bookkeeping after it, before the test reloads or closes the page: no request follows the publish of an
    # existing entry and nothing on the page marks its end, so only waiting can give it time.
    page.wait_for_timeout(1000)


def test_a_new_initiative_made_in_the_browser_is_a_valid_file_and_a_page(editing, browser):
    project, env, admin, site_url = editing
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        login(page, admin)
        page.goto(admin + "#/collections/initiative/new")
        page.wait_for_selector('[id^="titel-field-"]')
        open_steps(page)
        page.locator('[id^="id-field-"]').first.fill("lektiecafe-nord")
        page.locator('[id^="titel-field-"]').first.fill("Lektiecafé Nord")
        page.locator('[id^="resume-field-"]').first.fill("Hjælp til lektier to gange om ugen.")
        choose(page, page.locator('[id^="ejer-field-"]').first, "Frederiksberg Kommune")
        choose(page, page.locator('[id^="aldersgrupper-field-"]').first, "6-12")
        choose(page, page.locator('[id^="temaer-field-"]').first, "Sprog og læsning")
        sources = page.locator('div[id^="kilder-field-"]').first
        add_item(sources, sources.locator('[id^="titel-field-"]'))
        sources.locator('[id^="titel-field-"]').first.fill("Folder om lektiecaféen")
        sources.locator('[id^="udgiver-field-"]').first.fill("Frederiksberg Kommune")
        page.locator('div[id^="formaal-field-"]').first.locator('textarea[id^="tekst-field-"]').first.fill(
            "At flere børn får lavet deres lektier.")
        quotes = page.locator('div[id^="citater-field-"]').last  # the initiative's own quotes: its last field
        add_item(quotes, quotes.locator('[id^="tekst-field-"]'))
        quotes.locator('[id^="tekst-field-"]').first.fill("Det hjælper at have nogen at spørge.")
        quotes.locator('[id^="rolle-field-"]').first.fill("Forælder")
        choose(page, page.locator('[id^="relaterede-field-"]').first, "PLF-huset (Arbejdsark)")
        publish(page)
    finally:
        close(page)
    others = {u.split("/")[2] for u in requests if not u.startswith(site_url.split("/inspirationskatalog")[0])}
    assert others <= {f"127.0.0.1:{env['KATALOG_EDITOR_PORT']}"}, others  # the site and the local proxy only

    path = project / "content" / "indsatser" / "lektiecafe-nord.yml"
    data = yaml12(path.read_text(encoding="utf-8"))
    assert data["id"] == "lektiecafe-nord" and data["modelversion"] >= 1 and data["ejer"] == "frederiksberg-kommune"
    assert data["facetter"] == {"aldersgrupper": ["6-12-aar"], "temaer": ["sprog-og-laesning"]}
    assert data["citater"] == [{"tekst": "Det hjælper at have nogen at spørge.", "rolle": "Forælder"}]
    assert data["relaterede"] == ["plf-huset"]
    check = subprocess.run([PY, "-m", "catalogue.cli.check", "--root", str(project)], cwd=project, env=env,
                           capture_output=True, text=True)  # this project's content (the default is the checkout's)
    assert check.returncode == 0, check.stderr[-2000:]
    result = build(project, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (project / "site" / "indsatser" / "lektiecafe-nord" / "index.html").read_text(encoding="utf-8")
    for text in ("<h1>Lektiecafé Nord</h1>", "Hjælp til lektier to gange om ugen.", "Frederiksberg Kommune",
                 "6-12 år", "Sprog og læsning", "At flere børn får lavet deres lektier.",
                 "Det hjælper at have nogen at spørge.", "Forælder", "PLF-huset", 'href="../../arbejdsark/plf-huset/"'):
        assert text in html, text


SAVED = [("initiative", "indsatser/robusthed"), ("workshop", "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde"),
         ("worksheet", "arbejdsark/plf-huset"), ("learning-pack", "laeringspakker/mindset-og-psykologisk-tryghed"),
         ("programme", None)]


def test_an_entry_of_every_kind_saved_by_the_editor_builds_the_same_page(editing, browser):
    """An entry of every kind, saved by the editor, gives the same page: what Decap writes back is what the file
    said. Decap saves only a changed entry, so each file's title is changed on disk first and the editor types
    the original back (one save per entry)."""
    project, env, admin, _ = editing
    programme = next((project / "content" / "programmer").glob("*.yml")).stem
    entries = [(kind, path or f"programmer/{programme}") for kind, path in SAVED]
    before = {path: (project / "site" / path / "index.html").read_bytes() for _, path in entries}
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        login(page, admin)
        for kind, path in entries:
            entry_id = path.split("/")[1]
            source = project / "content" / path.split("/")[0] / f"{entry_id}.yml"
            original = yaml12(source.read_text(encoding="utf-8"))["titel"]
            text = source.read_text(encoding="utf-8")
            changed = re.sub(r"(?m)^titel: .*$", lambda _: "titel: Midlertidig titel", text, count=1)
            source.write_text(changed, encoding="utf-8")
            page.goto(f"{admin}#/collections/{kind}/entries/{entry_id}")
            page.reload()  # the entry as the file now says
            title = page.locator('[id^="titel-field-"]').first
            expect(title).to_have_value("Midlertidig titel", timeout=30000)
            retype(page, title, original)
            publish(page)
            written = source.read_text(encoding="utf-8")
            assert written != changed, kind  # written by the editor
            assert yaml12(written)["titel"] == original, kind
    finally:
        close(page)
    result = build(project, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    for _, path in entries:
        assert (project / "site" / path / "index.html").read_bytes() == before[path], path


def test_the_preview_shows_the_errors_on_every_page(tmp_path, browser):
    project = make_project(tmp_path / "p")
    env = {**ENV, "KATALOG_PDF": "0", "KATALOG_SEARCH": "0"}
    with preview(project, env=env) as (_, base, _):
        def fresh(path):  # a new page each time: the preview's live reload may reload an open page meanwhile
            page = browser.new_page()
            page.goto(base + path)
            return page

        page = fresh("indsatser/omsorgsgrebet/")
        assert page.locator("#ik-preview-errors").count() == 0  # no errors, no banner
        close(page)
        entry = project / "content" / "indsatser" / "robusthed.yml"
        entry.write_text(entry.read_text(encoding="utf-8") + "ukendt_felt: 1\n", encoding="utf-8")
        lines = len(entry.read_text(encoding="utf-8").splitlines())
        assert wait_for(lambda: b"ukendt_felt" in urllib.request.urlopen(base + "preview-status.json").read(), 60)
        for path in ("indsatser/omsorgsgrebet/", "", "soeg/"):  # any page, not only the broken entry's
            page = fresh(path)
            banner = page.locator("#ik-preview-errors")
            banner.wait_for()
            text = banner.inner_text()
            assert "Indholdet har fejl" in text
            assert f"content/indsatser/robusthed.yml:{lines}:1" in text and "ukendt felt 'ukendt_felt'" in text
            assert banner.get_attribute("role") == "alert"
            close(page)
        entry.write_text(re.sub(r"ukendt_felt: 1\n$", "", entry.read_text(encoding="utf-8")), encoding="utf-8")
        assert wait_for(lambda: b'"errors": []' in urllib.request.urlopen(base + "preview-status.json").read(), 60)
        page = browser.new_page()
        # the page's script has fetched the status, which has no errors (above): it shows no banner (ik-preview.js's
        # show). (Not its body: the live reload may have reloaded the page since.)
        with page.expect_response(lambda r: r.url.endswith("/preview-status.json")) as status:
            page.goto(base + "indsatser/omsorgsgrebet/")
        assert status.value.ok
        assert page.locator("#ik-preview-errors").count() == 0  # fixed: the banner is gone
        close(page)


def test_the_published_site_loads_no_banner(built_site):
    html = (built_site / "indsatser" / "robusthed" / "index.html").read_text(encoding="utf-8")
    assert "ik-preview.js" not in html and not (built_site / "preview-status.json").exists()


def test_the_editor_is_in_the_site_but_not_in_its_index_or_sitemap(built_site):
    admin = built_site / "admin"
    index = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in index and 'src="decap-cms.js"' in index
    assert (admin / "config.yml").is_file() and (admin / "decap-cms.js").is_file()
    assert "admin" not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert not re.search(r"https?://(?!127\.0\.0\.1)", index)


def test_the_preview_shows_the_errors_when_no_build_has_succeeded_yet(tmp_path):
    project = make_project(tmp_path / "p")
    entry = project / "content" / "indsatser" / "robusthed.yml"
    entry.write_text(entry.read_text(encoding="utf-8") + "ukendt_felt: <b>1</b>\n", encoding="utf-8")
    with preview(project, env={**ENV, "KATALOG_PDF": "0", "KATALOG_SEARCH": "0"}) as (_, base, _):
        assert wait_for(lambda: urllib.request.urlopen(base, timeout=2).status == 200, 60)
        html = urllib.request.urlopen(base).read().decode("utf-8")
        assert "Indholdet har fejl" in html and "content/indsatser/robusthed.yml:" in html
        assert "ukendt felt 'ukendt_felt'" in html or "ukendt felt &#39;ukendt_felt&#39;" in html
        assert "<b>1</b>" not in html  # the content is text on this page too


def test_scripts_rediger_starts_the_proxy_and_the_preview_with_the_editor(tmp_path):
    import json
    import signal

    def rediger(port, proxy_port, out):
        return subprocess.Popen([str(ROOT / "scripts" / "rediger"), "--port", str(port)], cwd=ROOT,
                                env={**os.environ, "KATALOG_EDITOR_PORT": str(proxy_port), "KATALOG_PDF": "0"},
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def answers(port, proxy_port):  # the preview and the proxy (scripts/rediger serves on when the proxy fails)
        return (http_answers(port, "/preview-status.json", status=200)
                and http_answers(proxy_port, server="katalog-rediger"))

    def stop(proc):
        with contextlib.suppress(ProcessLookupError):  # stopped already (on_free_port reports why)
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)

    outside = None
    try:
        with on_free_port(rediger, answers, ports=2, stop=stop, timeout=180,
                          output=tmp_path / "rediger.log") as (_, (port, proxy_port), log):
            outside = ROOT / "scripts" / f"proxy-test-{proxy_port}.sh"
            admin = f"http://127.0.0.1:{port}/admin/"
            assert wait_for(lambda: urllib.request.urlopen(admin + "config.yml", timeout=2).status == 200, 120)
            assert f"http://127.0.0.1:{proxy_port}/api/v1" in urllib.request.urlopen(admin + "config.yml").read().decode()
            assert 'src="decap-cms.js"' in urllib.request.urlopen(admin).read().decode()
            request = urllib.request.Request(f"http://127.0.0.1:{proxy_port}/api/v1", method="POST",
                                             data=json.dumps({"action": "info"}).encode(),
                                             headers={"Content-Type": "application/json"})
            info = json.loads(urllib.request.urlopen(request, timeout=5).read())
            assert info.get("repo") == ROOT.name and info.get("type") == "local_fs"
            # the proxy answers the preview's origin (the port scripts/rediger gave scripts/serve), and even from
            # there it writes nothing outside content/
            preflight = urllib.request.Request(f"http://127.0.0.1:{proxy_port}/api/v1", method="OPTIONS",
                                               headers={"Origin": f"http://127.0.0.1:{port}"})
            with urllib.request.urlopen(preflight, timeout=5) as r:
                assert r.headers["Access-Control-Allow-Origin"] == f"http://127.0.0.1:{port}"
            write = urllib.request.Request(f"http://127.0.0.1:{proxy_port}/api/v1", method="POST", data=json.dumps(
                {"action": "persistEntry", "params": {"branch": "main", "assets": [], "options": {}, "dataFiles": [
                    {"slug": "x", "path": outside.relative_to(ROOT).as_posix(), "raw": "exit 0\n"}]}}).encode(),
                headers={"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(write, timeout=5)
            assert refused.value.code == 403 and "content/" in json.loads(refused.value.read())["error"]
            assert not outside.exists()
    finally:
        if outside:
            outside.unlink(missing_ok=True)
    assert "Redigér kataloget på" in log.read_text(encoding="utf-8")
    assert wait_for(lambda: not _listening(proxy_port), 10)  # the proxy stops with it


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("collection, entry, field, value", [
    ("indstillinger", "indstillinger", "sitenavn", "Inspirationskatalog"),
    ("tekster", "da", "skip_to_content", "Gå til indhold"),
    ("vokabularer", "aldersgrupper", "navn", "Aldersgruppe"),
])
def test_settings_strings_and_vocabularies_open_in_the_editor(editing, browser, collection, entry, field, value):
    _, _, admin, _ = editing
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        login(page, admin)
        page.goto(f"{admin}#/collections/{collection}/entries/{entry}")
        control = page.locator(f'[id^="{field}-field-"]').first
        control.wait_for()
        assert control.input_value() == value
    finally:
        close(page)


# -- a fork: the editor writes under content/lokalt/ only -----------------------------------------------------

@pytest.fixture(scope="module")
def fork_editing(tmp_path_factory):
    """(project, env, admin URL): a fork (content/lokalt/ with the municipality as an organisation), as above."""
    project = make_project(tmp_path_factory.mktemp("fork"))
    local = project / "content" / "lokalt"
    (local / "vokabularer").mkdir(parents=True)
    (local / "vokabularer" / "organisationer.yml").write_text(
        "navn: Organisation\nvaerdier:\n  - id: vores-kommune\n    navn: Vores Kommune\n", encoding="utf-8")
    with editor_on(project) as (env, admin, _):
        yield project, env, admin


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_fork_adapts_hides_and_adds_under_content_lokalt_only(fork_editing, browser):
    project, env, admin = fork_editing
    before = snapshot(project / "content")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        login(page, admin)
        # adapt one field of an original entry: only content/lokalt/indsatser/robusthed.yml, with that field
        page.goto(admin + "#/collections/tilpas-initiative/entries/robusthed")
        title = page.locator('[id^="titel-field-"]').first
        title.wait_for()
        assert title.input_value() == ""  # every field starts empty: an empty field keeps the original's value
        title.fill("Robusthed i Vores Kommune")
        publish(page)
        close(page)
        # hide an original entry
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        login(page, admin)
        fill_hide(page, admin, "Koordination og konkret indsats mod elevfravær", "Vi har vores egen")
        publish(page)
        close(page)
        # a new local entry, owned by the municipality
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        login(page, admin)
        page.goto(admin + "#/collections/initiative/new")
        page.wait_for_selector('[id^="titel-field-"]')
        open_steps(page)
        page.locator('[id^="id-field-"]').first.fill("vores-lektiecafe")
        page.locator('[id^="titel-field-"]').first.fill("Vores lektiecafé")
        page.locator('[id^="resume-field-"]').first.fill("Lektiehjælp i kommunens biblioteker.")
        choose(page, page.locator('[id^="ejer-field-"]').first, "Vores Kommune")
        sources = page.locator('div[id^="kilder-field-"]').first
        add_item(sources, sources.locator('[id^="titel-field-"]'))
        sources.locator('[id^="titel-field-"]').first.fill("Kommunens folder")
        sources.locator('[id^="udgiver-field-"]').first.fill("Vores Kommune")
        publish(page)
        # the own entries' list shows the new entry, not the adaptation
        page.goto(admin + "#/collections/initiative")
        page.wait_for_selector("text=Vores lektiecafé")
        assert page.get_by_text("Robusthed i Vores Kommune").count() == 0
    finally:
        close(page)
    after = snapshot(project / "content")
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    assert changed == ["lokalt/indsatser/robusthed.yml", "lokalt/indsatser/vores-lektiecafe.yml", "lokalt/skjul.yml"]
    assert yaml12(after["lokalt/indsatser/robusthed.yml"].decode()) == {"titel": "Robusthed i Vores Kommune"}
    assert yaml12(after["lokalt/skjul.yml"].decode()) == {
        "skjul": [{"id": "elevfravaer", "begrundelse": "Vi har vores egen"}]}
    result = build(project, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    adapted = (site / "indsatser" / "robusthed" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Robusthed i Vores Kommune</h1>" in adapted and "Tilpasset lokalt" in adapted
    original = yaml12(before["indsatser/robusthed.yml"].decode())
    assert original["resume"].split()[0] in adapted  # the rest is the original's
    assert not (site / "indsatser" / "elevfravaer").exists()
    assert "elevfravaer" not in (site / "indsatser" / "index.html").read_text(encoding="utf-8")
    own = (site / "indsatser" / "vores-lektiecafe" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Vores lektiecafé</h1>" in own and "Vores Kommune" in own
    assert "Vores lektiecafé" in (site / "indsatser" / "index.html").read_text(encoding="utf-8")


# -- hosted back ends, without the internet ----------------------------------------------------------------------

# Decap's documented back-end keys (decapcms.org/docs: Backends — GitHub, GitLab, Azure DevOps; Proxy)
DOCUMENTED = {"github": {"name", "repo", "branch", "base_url", "auth_endpoint", "api_root", "site_domain",
                         "open_authoring", "use_graphql", "cms_label_prefix", "squash_merges", "preview_context",
                         "commit_messages", "auth_scope"},
              "gitlab": {"name", "repo", "branch", "auth_type", "app_id", "api_root", "base_url", "auth_endpoint",
                         "site_domain", "cms_label_prefix", "squash_merges", "commit_messages", "use_graphql"},
              "azure": {"name", "repo", "branch", "app_id", "tenant_id", "api_root", "base_url", "auth_endpoint",
                        "cms_label_prefix", "squash_merges", "commit_messages"},
              "proxy": {"name", "proxy_url", "branch"}}


def editor_config(tmp_path, settings: str) -> dict:
    from catalogue.outputs import editor_config as editor
    from catalogue.load.loader import load
    project = make_project(tmp_path / "p")
    path = project / "content" / "indstillinger.yml"
    path.write_text(path.read_text(encoding="utf-8") + settings, encoding="utf-8")
    cat = load(project)
    assert cat.report.ok, [d.format() for d in cat.report.errors]
    return editor.config(cat)


@contextlib.contextmanager
def admin_with(tmp_path, built_site, config: dict):
    """The built /admin/ with another config.yml, served on its own."""
    import shutil
    import yaml
    admin = tmp_path / "served" / "admin"
    shutil.copytree(built_site / "admin", admin)
    (admin / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with serve(tmp_path / "served", "/") as url:
        yield url + "admin/"


@pytest.mark.parametrize("service, settings, button", [
    ("github", "  tjeneste: github\n  repo: kommune/katalog\n  login_adresse: https://auth.kommune.dk\n", "GitHub"),
    ("gitlab", "  tjeneste: gitlab\n  repo: kommune/katalog\n  app_id: abc123\n", "GitLab"),
    ("azure", "  tjeneste: azure\n  repo: kommune/boern/katalog\n  app_id: a-b\n  tenant_id: t-1\n"
              "  godkendelse: true\n", "Azure"),
])
def test_each_back_ends_configuration_is_accepted_by_decap(tmp_path, built_site, browser, service, settings, button):
    config = editor_config(tmp_path, "redigering:\n" + settings)
    assert config["backend"]["name"] == service and set(config["backend"]) <= DOCUMENTED[service]
    config.pop("local_backend")  # as on the published site, where no local proxy runs
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        with admin_with(tmp_path, built_site, config) as admin:
            page.goto(admin)
            login = page.get_by_role("button", name=re.compile(button))
            login.wait_for(timeout=15000)  # Decap validated the configuration and offers its login
            assert page.get_by_text(re.compile("konfiguration", re.I)).count() == 0
    finally:
        close(page)
    assert all(u.startswith("http://127.0.0.1:") for u in requests)  # nothing fetched before login


def test_the_editorial_workflow_creates_and_publishes_on_decaps_test_repo(tmp_path, built_site, browser):
    """The published site's editor with the review workflow on (godkendelse: true), on Decap's in-browser
    test-repo back end: an entry goes Kladder → Til gennemsyn → Klar → Publiceret."""
    config = editor_config(tmp_path, "redigering:\n  tjeneste: github\n  repo: kommune/katalog\n  godkendelse: true\n")
    assert config["publish_mode"] == "editorial_workflow"
    config["backend"] = {"name": "test-repo"}
    config.pop("local_backend")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("dialog", lambda d: d.accept())  # "Er du sikker på at du vil publicere dette dokument?"
    try:
        with admin_with(tmp_path, built_site, config) as admin:
            page.goto(admin)
            page.get_by_role("button", name="Log ind").click()
            page.goto(admin + "#/collections/initiative/new")
            page.wait_for_selector('[id^="titel-field-"]')
            page.locator('[id^="id-field-"]').first.fill("lektiecafe-nord")
            page.locator('[id^="titel-field-"]').first.fill("Lektiecafé Nord")
            page.locator('[id^="resume-field-"]').first.fill("Hjælp til lektier.")
            choose(page, page.locator('[id^="ejer-field-"]').first, "Frederiksberg Kommune")
            sources = page.locator('div[id^="kilder-field-"]').first
            add_item(sources, sources.locator('[id^="titel-field-"]'))
            sources.locator('[id^="titel-field-"]').first.fill("Folder")
            sources.locator('[id^="udgiver-field-"]').first.fill("Frederiksberg Kommune")
            click_until(page.get_by_role("button", name="Gem").first,
                        page.get_by_role("button", name="Status: Kladder"), "saving a draft")
            for now, then in (("Kladder", "Til gennemsyn"), ("Til gennemsyn", "Klar")):
                click_until(page.get_by_role("menuitem", name=then), page.get_by_role("button", name=f"Status: {then}"),
                            f"status {then}", menu=page.get_by_role("button", name=f"Status: {now}"))
            # the test-repo back end stores the new status in the browser, with no request and nothing on the page
            # to wait for (the button above shows the status before it is stored): only waiting gives it time
            page.wait_for_timeout(1000)
            click_until(page.get_by_role("menuitem", name="Publicer nu"),
                        page.get_by_role("button", name="Publiceret", exact=True), "publishing",
                        menu=page.get_by_role("button", name="Publicer", exact=True))
            page.goto(admin + "#/collections/initiative")
            page.get_by_text("Lektiecafé Nord").first.wait_for()
    finally:
        close(page)


def test_a_forks_vocabulary_values_and_settings_open_in_the_editor(fork_editing, browser):
    _, _, admin = fork_editing
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        login(page, admin)
        page.goto(admin + "#/collections/vokabularer/entries/organisationer")
        values = page.locator('div[id^="vaerdier-field-"]').first
        values.wait_for()
        assert "Vores Kommune" in values.inner_text()  # the fork's own file (its items show their name)
    finally:
        close(page)
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # a fresh editor: Decap reuses a form's
    try:                                                                # controls when only the address changes
        login(page, admin)
        page.goto(admin + "#/collections/lokalt/entries/indstillinger")
        name = page.locator('[id^="sitenavn-field-"]').first
        name.wait_for()
        assert name.input_value() == ""  # nothing overridden yet: every field may stay empty
    finally:
        close(page)


# -- the real editor, through the proxy scripts/rediger starts, in a fork -------------------------------------------

def field_errors(control):
    """The error list Decap draws above a field (its EditorControl: the closest ancestor holding both)."""
    return control.locator("xpath=ancestor::div[.//ul[contains(@class, 'ControlErrorsList')]][1]").locator(
        "[class*='ControlErrorsList'] li")


def test_the_form_checks_at_the_field_and_shows_the_original(fork_editing, browser):
    """Issue 29 in the fork's editor (tests/test_editor_form.py compares every rule's text with scripts/check): the
    original beside an adaptation's field; a CPR number in a quote refused at its field, the save too, nothing
    written; a name in a quote's role a warning below the field; "ca. 2023" kept as typed with the checker's
    message; a Word list pasted into a list of points, one point each; a too-light colour refused at its field."""
    project, _, admin = fork_editing
    summary = yaml12((project / "content" / "indsatser" / "robusthed.yml").read_text(encoding="utf-8"))[
        "resume"].split("\n")[0][:40]
    before = snapshot(project / "content")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    # Decap rejects a refused save without a reason (persistEntry's Promise.reject()): "undefined", nothing else
    page.on("pageerror", lambda e: problems.append(str(e)) if str(e) != "undefined" else None)
    try:
        login(page, admin)
        # an adaptation ("Tilpas") shows the original's value beside each field
        page.goto(admin + "#/collections/tilpas-initiative/entries/robusthed")
        resume = page.locator('[id^="resume-field-"]').first
        resume.wait_for()
        open_steps(page)
        shown = resume.locator("xpath=ancestor::div[.//p[contains(@class, 'ik-field-original')]][1]").locator(
            ".ik-field-original").first
        expect(shown).to_contain_text(summary, timeout=15000)
        assert resume.input_value() == ""  # empty: the original's text is kept
        # a quote with a CPR number and a name in its role
        quotes = page.locator('div[id^="citater-field-"]').last
        add_item(quotes, quotes.locator('[id^="tekst-field-"]'))
        text = quotes.locator('[id^="tekst-field-"]').first
        text.fill("Ring til mor på 010190-1234")
        role = quotes.locator('[id^="rolle-field-"]').first
        role.fill("Mette Hansen, bibliotekar")
        expect(field_errors(text).first).to_contain_text(
            "teksten ser ud til at indeholde et CPR-nummer ('010190-…')", timeout=20000)
        warning = role.locator("xpath=ancestor::div[.//p[contains(@class, 'ik-field-warning')]][1]").locator(
            ".ik-field-warning")
        expect(warning.first).to_contain_text("ser ud til at indeholde et navn ('Mette Hansen')")
        # a year the form cannot store as a number stays as typed, and the field says what to write
        sources = page.locator('div[id^="kilder-field-"]').first
        add_item(sources, sources.locator('[id^="aar-field-"]'))
        year = sources.locator('[id^="aar-field-"]').first
        retype(page, year, "ca. 2023")
        expect(year).to_have_value("ca. 2023")
        expect(field_errors(year).first).to_contain_text("'ca. 2023' er ikke et heltal", timeout=20000)
        # a list pasted from Word becomes list items
        why = page.locator('div[id^="formaal-field-"]').first
        points = why.locator('div[id^="punkter-field-"]').first
        add_item(points, points.locator("textarea"))
        points.locator("textarea").first.evaluate("""(el) => {
            const data = new DataTransfer();
            data.setData('text/plain', '•\\tFørste punkt\\r\\n•\\tAndet punkt\\r\\n•\\tTredje punkt');
            el.focus();
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""")
        expect(points.locator("textarea")).to_have_count(3, timeout=10000)
        assert [t.input_value() for t in points.locator("textarea").all()] == [
            "Første punkt", "Andet punkt", "Tredje punkt"]
        # the save is refused: the CPR number never reaches the disk
        page.get_by_role("button", name="Publicer", exact=True).click()
        page.get_by_role("menuitem", name="Publicer nu").click()
        expect(field_errors(text).first).to_contain_text("CPR-nummer")
        assert page.get_by_role("button", name="Publiceret", exact=True).count() == 0
        close(page)
        # a primary colour with 2.1:1 against white: refused at the field with the checker's text
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("pageerror", lambda e: problems.append(str(e)) if str(e) != "undefined" else None)
        login(page, admin)
        page.goto(admin + "#/collections/lokalt/entries/indstillinger")
        colours = page.locator('div[id^="farver-field-"]').first
        colours.wait_for()
        primary = colours.locator('[id^="primaer-field-"]').first
        retype(page, primary, "#7fb3ff")
        expect(field_errors(primary).first).to_contain_text(
            "'primaer' #7fb3ff giver for lidt kontrast til den hvide tekst på den (2.1:1; mindst 4.5:1)",
            timeout=20000)
        page.get_by_role("button", name="Publicer", exact=True).click()
        page.get_by_role("menuitem", name="Publicer nu").click()
        expect(field_errors(primary).first).to_contain_text("2.1:1")
        assert page.get_by_role("button", name="Publiceret", exact=True).count() == 0
    finally:
        close(page)
    assert snapshot(project / "content") == before  # nothing reached the disk
    assert not problems, problems


def test_the_form_goes_in_steps_with_a_preview_and_survives_navigation(fork_editing, browser):
    """Issue 29, points 3 and 4, in the fork's editor: the initiative's form in steps, the first one open; the
    preview pane shows the engine's own page for the draft (its overview) and links to the saved page; a new
    entry's id is made from its title; an organisation saved since the editor opened is in "Ejer" without a
    reload; going by URL from a workshop to an initiative to a worksheet ten times raises no error."""
    project, _, admin = fork_editing
    organisations = project / "content" / "lokalt" / "vokabularer" / "organisationer.yml"
    kept = organisations.read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the unsaved changes?": yes
    try:
        login(page, admin)
        page.goto(admin + "#/collections/tilpas-initiative/entries/robusthed")
        title = page.locator('[id^="titel-field-"]').first
        title.wait_for()
        heads = page.locator(".ik-step-head")
        expect(heads).to_have_count(8)
        assert heads.all_inner_texts()[:3] == ["Trin 1 af 8: Basis", "Trin 2 af 8: Hvorfor?", "Trin 3 af 8: For hvem?"]
        purpose = page.locator('[id^="formaal-field-"]').first
        expect(purpose).to_be_hidden()  # a closed step
        heads.nth(1).click()
        expect(purpose).to_be_visible()
        # the preview pane: the engine's page of the draft, its overview, and a link to the page
        title.fill("Robusthed i kladden")
        pane = page.frame_locator("iframe").first
        expect(pane.locator("h1")).to_have_text("Robusthed i kladden", timeout=20000)
        for heading in ("Hvorfor?", "For hvem?", "Hvordan?", "Derfor!"):  # the page's overview
            expect(pane.locator(".ik-preview-page")).to_contain_text(heading)
        expect(pane.get_by_role("link", name="Se siden")).to_have_attribute("href", re.compile(r"/indsatser/robusthed/$"))
        # an organisation saved since the editor opened, a new entry's id from its title
        organisations.write_text(kept + "  - id: holbaek-kommune\n    navn: Holbæk Kommune\n", encoding="utf-8")
        page.goto(admin + "#/collections/initiative/new")
        title = page.locator('[id^="titel-field-"]').first
        title.wait_for()
        title.fill("Lektiecafé i Holbæk")
        expect(page.locator('[id^="id-field-"]').first).to_have_value("lektiecafe-i-holbaek", timeout=20000)
        choose(page, page.locator('[id^="ejer-field-"]').first, "Holbæk Kommune")
        # by URL between entries of different kinds
        for _ in range(10):
            for where in ("tilpas-workshop/entries/moedeguide-til-refleksionsdage", "tilpas-initiative/entries/robusthed",
                          "tilpas-worksheet/entries/mindset-model"):
                page.goto(admin + f"#/collections/{where}")
                page.locator('[id^="resume-field-"]').first.wait_for()
        assert not page.get_by_text("Der opstod en fejl").count()
    finally:
        organisations.write_text(kept, encoding="utf-8")
        close(page)
    assert not problems, problems
