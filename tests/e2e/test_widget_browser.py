"""The widget in a real browser: Debian's headless Chromium driven by Playwright.

A second web app process serves the demo site for these tests and talks to the Rasa server of
the end-to-end fixture, so that it can be stopped and restarted (the "server down" test)
without disturbing the other tests.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.settings import PROJECT_DIR
from tests.e2e.conftest import PORTS, RASA_TOKEN

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


WEB_PORT = _free_port()
SITE = f"http://127.0.0.1:{WEB_PORT}"
AXE = PROJECT_DIR / "tests" / "e2e" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT = 20_000  # ms: a reply needs the Rasa server and the action server


class WebApp:
    """The web app alone (uvicorn), pointed at the end-to-end fixture's Rasa server."""

    def __init__(self, var_dir: Path, knowledge: Path) -> None:
        self.var_dir = var_dir
        self.proc: subprocess.Popen | None = None
        self.env = {**os.environ, "KOKKA_RASA_PORT": PORTS["KOKKA_RASA_PORT"], "KOKKA_ACTIONS_PORT": PORTS["KOKKA_ACTIONS_PORT"],
                    "KOKKA_RASA_TOKEN": RASA_TOKEN, "KOKKA_VAR_DIR": str(var_dir), "KOKKA_KNOWLEDGE_DIR": str(knowledge)}

    def start(self) -> None:
        uvicorn = Path(sys.executable).with_name("uvicorn")
        self.log = open(self.var_dir / "web.log", "a")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(uvicorn), "bot.web.main:create_app", "--factory", "--host", "127.0.0.1", "--port", str(WEB_PORT)],
            cwd=PROJECT_DIR, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(f"{SITE}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()  # never leave a half-started server behind
        raise RuntimeError("the web app did not start: " + (self.var_dir / "web.log").read_text()[-2000:])

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        self.log.close()

    def feedback_rows(self) -> list[tuple]:
        with sqlite3.connect(self.var_dir / "analytics.db") as db:
            return db.execute("SELECT kb_id, language, rating, comment FROM feedback ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def web(assistant, tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup-browser.sh (make test does)")
    # The web app serves notices from its own copy of the knowledge base, with one notice valid today.
    knowledge = tmp_path_factory.mktemp("widget-kb") / "knowledge"
    shutil.copytree(PROJECT_DIR / "knowledge", knowledge)
    today = dt.date.today()
    (knowledge / "notices.yml").write_text(
        f"notices:\n  - id: service_break\n    starts: {today - dt.timedelta(days=1)}\n"
        f"    ends: {today + dt.timedelta(days=1)}\n    text:\n"
        "      fi: Enter Finland -palvelussa on huoltokatko.\n"
        "      sv: Enter Finland har ett serviceavbrott.\n"
        "      en: Enter Finland is down for maintenance.\n", encoding="utf-8")
    app = WebApp(tmp_path_factory.mktemp("widget-var"), knowledge)
    app.start()
    yield app
    app.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="fi-FI", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    ctx.set_default_timeout(TIMEOUT)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, web):
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    return pg


def open_widget(page, path: str = "/"):
    page.goto(SITE + path)
    page.get_by_test_id("kokka-launcher").click()
    panel = page.get_by_test_id("kokka-panel")
    playwright_api.expect(panel).to_be_visible()
    return panel


def bot_messages(page):
    return page.get_by_test_id("kokka-log").locator('[data-role="bot"]')


def ask(page, text: str) -> None:
    """Type a question, send it and wait until the assistant has answered."""
    before = bot_messages(page).count()
    page.get_by_test_id("kokka-input").fill(text)
    page.get_by_test_id("kokka-send").click()
    # The first turn of a fresh server can take seconds (model and knowledge warm-up, CI load).
    playwright_api.expect(bot_messages(page)).not_to_have_count(before, timeout=20_000)
    playwright_api.expect(page.get_by_test_id("kokka-typing")).to_be_hidden(timeout=20_000)


def last_bot(page):
    return bot_messages(page).last


def test_finnish_question_gets_a_finnish_knowledge_answer_with_sources(page):
    open_widget(page)
    playwright_api.expect(page.get_by_test_id("kokka-input")).to_be_focused()
    ask(page, "Mikä on erityisasiantuntijan luvan palkkaraja?")
    answer = page.locator('[data-role="bot"][data-kb-id]').last
    assert answer.get_attribute("data-kb-id") in {"specialist_permit", "eu_blue_card"}
    assert answer.get_attribute("lang") == "fi" and answer.get_attribute("data-kind") == "answer"
    sources = answer.get_by_test_id("kokka-sources")
    playwright_api.expect(sources).to_contain_text("Lähteet")
    playwright_api.expect(sources).to_contain_text("Tarkistettu")
    link = sources.locator("a").first
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")


def test_related_topic_button_gets_that_topic(page):
    open_widget(page)
    ask(page, "Mikä on EU:n sininen kortti?")
    chip = last_bot(page).locator("button.chip").first
    topic = chip.get_attribute("data-payload").removeprefix("/ask_")
    title = chip.inner_text().strip()
    before = bot_messages(page).count()
    chip.click()
    playwright_api.expect(bot_messages(page)).to_have_count(before + 1)
    assert last_bot(page).get_attribute("data-kb-id") == topic
    # The button's title is shown as the user's message.
    assert page.get_by_test_id("kokka-log").locator('[data-role="user"] p').last.inner_text().strip() == title


def test_switching_to_swedish_switches_the_ui_and_the_answers(page):
    open_widget(page)
    ask(page, "Mikä on EU:n sininen kortti?")
    page.get_by_test_id("kokka-lang-sv").click()
    playwright_api.expect(last_bot(page)).to_have_attribute("lang", "sv")
    playwright_api.expect(page.get_by_test_id("kokka-send")).to_have_text("Skicka")
    playwright_api.expect(page.get_by_test_id("kokka-lang-sv")).to_have_attribute("aria-pressed", "true")
    ask(page, "Hur får man skattekort?")
    answer = last_bot(page)
    assert answer.get_attribute("lang") == "sv" and answer.get_attribute("data-kb-id") == "taxation"
    playwright_api.expect(answer.get_by_test_id("kokka-sources")).to_contain_text("Källor")


def test_history_survives_a_reload_and_new_conversation_clears_it(page):
    open_widget(page)
    ask(page, "Miten haetaan verokortti?")
    count = page.get_by_test_id("kokka-log").locator(".msg").count()
    page.reload()
    playwright_api.expect(page.get_by_test_id("kokka-panel")).to_be_visible()  # it was open
    playwright_api.expect(page.get_by_test_id("kokka-log").locator(".msg")).to_have_count(count)
    playwright_api.expect(page.get_by_test_id("kokka-log")).to_contain_text("Miten haetaan verokortti?")
    page.get_by_test_id("kokka-reset").click()
    playwright_api.expect(page.get_by_test_id("kokka-log").locator(".msg")).to_have_count(1)  # the welcome


def test_thumbs_down_with_a_comment_is_stored(page, web):
    open_widget(page)
    ask(page, "Mitä D-viisumi tarkoittaa?")
    answer = page.locator('[data-role="bot"][data-kb-id]').last
    kb_id = answer.get_attribute("data-kb-id")
    answer.get_by_test_id("kokka-thumb-down").click()
    answer.get_by_test_id("kokka-comment").fill("Puuttui tieto hinnasta, soita 040 123 4567")
    answer.get_by_test_id("kokka-send-feedback").click()
    playwright_api.expect(answer.get_by_test_id("kokka-feedback")).to_contain_text("Kiitos palautteesta")
    rows = [r for r in web.feedback_rows() if r[0] == kb_id and r[2] == "down"]
    assert rows and rows[-1][1] == "fi" and rows[-1][3] == "Puuttui tieto hinnasta, soita [phone]"


def test_html_typed_by_the_user_is_shown_as_text_and_never_run(page):
    open_widget(page)
    ask(page, "<img src=x onerror=alert(1)>")
    user = page.get_by_test_id("kokka-log").locator('[data-role="user"] p').last
    assert user.inner_text().strip() == "<img src=x onerror=alert(1)>"
    assert page.locator("#kokka-widget-host").evaluate("h => h.shadowRoot.querySelectorAll('img').length") == 0
    assert page.dialogs == []


def test_hostile_server_text_is_rendered_safely(page):
    """Whatever the server sends: no raw HTML and no javascript: links (rendered with DOM calls)."""
    reply = {"session_id": "x", "language": "en", "messages": [{
        "kind": "answer", "kb_id": "eu_blue_card", "lang": "en", "buttons": [], "reviewed": "2026-11-28",
        "sources": [{"title": "bad", "url": "javascript:alert(2)"}],
        "text": "**Bold** and <b>raw</b> <script>alert(3)</script>\n\n- one\n- [click](javascript:alert(1))\n- [ok](https://migri.fi)",
    }]}
    page.route("**/api/chat", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(reply)))
    open_widget(page, "/en/")
    ask(page, "anything")
    message = last_bot(page)
    assert message.locator("strong").first.inner_text() == "Bold"
    assert "<b>raw</b>" in message.inner_text() and message.locator("b, script").count() == 0
    assert message.locator("li").count() == 3
    hrefs = message.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://migri.fi/"]
    assert page.dialogs == []


def test_everything_works_with_the_keyboard_alone(page):
    page.goto(SITE + "/en/")
    launcher = page.get_by_test_id("kokka-launcher")
    for _ in range(30):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if launcher.evaluate("el => el.getRootNode().activeElement === el"):
            break
    else:
        pytest.fail("the launcher cannot be reached with Tab")
    page.keyboard.press("Enter")
    playwright_api.expect(page.get_by_test_id("kokka-panel")).to_be_visible()
    playwright_api.expect(page.get_by_test_id("kokka-input")).to_be_focused()
    before = bot_messages(page).count()
    page.keyboard.type("What is the EU Blue Card?")
    page.keyboard.press("Enter")
    # The first turn of a fresh server can take seconds (model and knowledge warm-up, CI load).
    playwright_api.expect(bot_messages(page)).not_to_have_count(before, timeout=20_000)
    playwright_api.expect(page.get_by_test_id("kokka-typing")).to_be_hidden(timeout=20_000)
    # Shift+Tab from the input reaches the answer's buttons; Enter activates one.
    page.get_by_test_id("kokka-input").focus()
    for _ in range(15):
        page.keyboard.press("Shift+Tab")
        focused = page.evaluate("() => { const a = document.querySelector('#kokka-widget-host').shadowRoot.activeElement; return a ? a.className : ''; }")
        if "chip" in focused:
            break
    else:
        pytest.fail("no quick-reply button reachable with the keyboard")
    count = bot_messages(page).count()
    page.keyboard.press("Enter")
    playwright_api.expect(bot_messages(page)).to_have_count(count + 1)
    page.keyboard.press("Escape")
    playwright_api.expect(page.get_by_test_id("kokka-panel")).to_be_hidden()
    assert launcher.evaluate("el => el.getRootNode().activeElement === el")


def test_server_down_shows_an_error_and_retry_works_after_restart(page, web):
    open_widget(page, "/en/")
    ask(page, "hello")
    web.stop()
    try:
        page.get_by_test_id("kokka-input").fill("What is the EU Blue Card?")
        page.get_by_test_id("kokka-send").click()
        error = page.get_by_test_id("kokka-log").locator('[data-kind="error"]')
        playwright_api.expect(error).to_be_visible()
        playwright_api.expect(error).to_have_attribute("role", "alert")
    finally:
        web.start()
    page.get_by_test_id("kokka-retry").click()
    # The first turn through the restarted web app may take longer on a loaded machine.
    playwright_api.expect(page.locator('[data-role="bot"][data-kb-id="eu_blue_card"]')).to_have_count(1, timeout=20_000)
    playwright_api.expect(page.get_by_test_id("kokka-log").locator('[data-kind="error"]')).to_have_count(0)


def test_page_topic_gives_context_to_a_follow_up(page):
    open_widget(page, "/en/blue-card")
    ask(page, "how long does it take?")
    assert last_bot(page).get_attribute("data-kb-id") == "eu_blue_card"
    assert last_bot(page).get_attribute("lang") == "en"


def test_conversation_can_be_downloaded_as_text(page):
    open_widget(page)
    ask(page, "Miten haetaan verokortti?")
    with page.expect_download() as info:
        page.get_by_test_id("kokka-download").click()
    download = info.value
    assert re.fullmatch(r"kokka-conversation-\d{4}-\d{2}-\d{2}\.txt", download.suggested_filename)
    content = Path(download.path()).read_text(encoding="utf-8")
    assert "Miten haetaan verokortti?" in content and "Lähteet" in content


def test_editors_notice_is_shown_in_the_current_language(page):
    open_widget(page)
    playwright_api.expect(page.get_by_test_id("kokka-notice")).to_have_text("Enter Finland -palvelussa on huoltokatko.")
    page.get_by_test_id("kokka-lang-sv").click()
    playwright_api.expect(page.get_by_test_id("kokka-notice")).to_have_text("Enter Finland har ett serviceavbrott.")


def test_privacy_notice_in_the_current_language(page):
    open_widget(page, "/sv/")
    privacy = page.get_by_test_id("kokka-privacy")
    privacy.locator("summary").click()
    playwright_api.expect(privacy).to_contain_text("180 dagar")


@pytest.mark.parametrize(("width", "height"), [(320, 640), (640, 450)])  # a phone; 1280x900 at 200 % zoom
def test_usable_on_narrow_screens_and_at_200_percent_zoom(browser, web, width, height):
    ctx = browser.new_context(viewport={"width": width, "height": height})
    ctx.set_default_timeout(TIMEOUT)
    page = ctx.new_page()
    try:
        open_widget(page, "/en/")
        for testid in ("kokka-panel", "kokka-input", "kokka-send", "kokka-lang-fi", "kokka-close"):
            box = page.get_by_test_id(testid).bounding_box()
            assert box and box["x"] >= 0 and box["y"] >= 0, testid
            assert box["x"] + box["width"] <= width + 0.5 and box["y"] + box["height"] <= height + 0.5, testid
        ask(page, "What is the EU Blue Card?")
    finally:
        ctx.close()


def test_no_accessibility_violations_wcag_21_aa(browser, web):
    """axe-core (WCAG 2.1 A/AA rules) on the open widget with an answer in it."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/setup-browser.sh (make test does)")
    ctx = browser.new_context(bypass_csp=True)  # axe is injected as a script the page's CSP would refuse
    ctx.set_default_timeout(TIMEOUT)
    page = ctx.new_page()
    try:
        open_widget(page)
        ask(page, "Mikä on EU:n sininen kortti?")
        page.locator('[data-role="bot"][data-kb-id]').last.get_by_test_id("kokka-thumb-down").click()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert violations == []
    finally:
        ctx.close()
