"""The chat page in a real headless Chromium (Debian's, driven by Playwright) against a running
server with the scripted generator: a streamed answer, a citation opened, a summary opened.

`make test` installs Debian's chromium first (`make browser`). The screenshot is left in
build/test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import pytest

from newsrag.api.app import create_app
from newsrag.ingest.loaders import LoadedArticle

from .fakes import echo
from .helpers import A003, CHROMIUM, GOOD, QUESTION, ROOT, evidence_number
from .live import serve

pytestmark = pytest.mark.browser  # without chromium, conftest fails these saying how to install it

ARTIFACTS = ROOT / "build" / "test-artifacts"
HOSTILE_TITLE = "<img src=x onerror=\"window.pwned=1\"> Judul"


def model(messages) -> str:
    """Summaries echo their sentences; answers give one supported sentence and one that is not."""
    if "Sentences:" in messages[-1].content:
        return echo(messages)
    n = evidence_number(messages, "8.000 tentara")
    return f"{GOOD} [{n}]. The US says Taiwan also sent 8,000 soldiers to Russia [{n}]."


@pytest.fixture
def page(answering, generator):
    from playwright.sync_api import sync_playwright

    generator.replies += [model] * 4
    generator.delay = 0.15  # slow enough to watch the draft arrive
    hostile = LoadedArticle("api", "hostile", f"{HOSTILE_TITLE}\n\nArtikel ini berisi <script>window.pwned=2</script> "
                                              "teks yang tampak seperti HTML.", title=HOSTILE_TITLE)
    assert answering.ingestor.ingest([hostile]).added == 1
    app = create_app(answering.settings, factory=lambda s: answering)
    with serve(app) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.goto(base)
            yield tab
        finally:
            browser.close()


def test_ask_watch_the_stream_and_open_a_citation(page, generator):
    page.wait_for_selector("button.article >> nth=5")
    # An article's title is shown as the text it is, not run as markup.
    assert page.locator("button.article .title", has_text=HOSTILE_TITLE).count() == 1
    assert page.evaluate("window.pwned") is None

    page.fill("#question", QUESTION)
    page.click("#ask-button")
    # The unverified draft arrives token by token, before the checked result replaces it.
    page.wait_for_function("document.querySelector('.draft-text')?.textContent.split(' ').length > 3 "
                           "&& !document.querySelector('.turn .meta')")
    page.wait_for_selector(".turn .meta")
    assert page.locator(".draft").count() == 0
    verified = page.locator(".sentence.verified")
    unverified = page.locator(".sentence.unverified")
    assert verified.count() == 1 and GOOD in verified.inner_text()
    assert unverified.count() == 1 and "unverified" in unverified.inner_text().lower()
    assert "Taiwan" in unverified.inner_text() and "name 'taiwan'" in unverified.get_attribute("title")

    verified.locator("button.cite").click()
    assert "8.000 tentara" in page.inner_text("#citation-quote")
    assert page.inner_text("#citation-outlet") == "GenPI.co"
    assert A003 in page.inner_text("#citation-article")
    assert page.inner_text("#citation-support").startswith("0.")

    generator.delay = 0  # the summary need not be watched
    page.click(f"button.article[data-id='{A003}']")
    page.wait_for_selector(".turn.summary .meta")
    summary = page.locator(".turn.summary .sentence.verified")
    assert summary.count() >= 3
    summary.nth(1).locator("button.cite").click()
    quote = page.inner_text("#citation-quote")
    assert quote and quote in page.evaluate(
        f"fetch('/v1/articles/{A003}').then(r => r.json()).then(a => a.sentences.map(s => s.text).join('\\n'))")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-page.png"), full_page=True)
    assert (ARTIFACTS / "chat-page.png").stat().st_size > 10_000
