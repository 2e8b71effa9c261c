"""Hostile text in every field of every content kind: shown as text, never run."""

from __future__ import annotations

import pytest

from hostile import PAYLOADS, hostile_atlas
from support import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, serve):
    work = tmp_path_factory.mktemp("hostile")
    hostile_atlas(work / "content")
    result = build(work / "content", work / "site", lint=False)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(work / "site").as_posix()
                   for p in (work / "site").rglob("*.html"))
    return serve(work / "site"), pages


def test_no_payload_runs_on_any_page(browser, hostile_site):
    base, pages = hostile_site
    assert len(pages) > 25
    context = browser.new_context()
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    searched = False
    for path in pages:
        page.goto(base + path)
        page.wait_for_load_state("load")
        # Let a search run on the payloads too: results are built from the index (one
        # index for the site, so one page's search shows them all).
        if not searched and page.locator("#search-input").is_visible():
            page.locator("#search-input").fill("script")
            page.locator("#search-results").wait_for(state="visible")
            searched = True
        found = page.evaluate("""() => ({
            scripts: [...document.scripts].map(s => s.getAttribute('src') || 'inline'),
            handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
                .filter(a => a.name.startsWith('on')).map(a => e.tagName + '@' + a.name)),
            jsLinks: [...document.querySelectorAll('[href],[src],[action],[formaction]')]
                .map(e => e.getAttribute('href') || e.getAttribute('src') || '')
                .filter(v => /^\\s*(javascript|data|vbscript):/i.test(v)),
            iframes: document.querySelectorAll('iframe, object, embed').length,
        })""")
        assert all(src.endswith(("assets/atlas.js", "assets/colour-scheme.js",
                                 "assets/words.js"))
                   for src in found["scripts"]), (path, found)
        assert found["handlers"] == [], (path, found["handlers"][:5])
        assert found["jsLinks"] == [] and found["iframes"] == 0, (path, found)
    context.close()
    assert searched
    assert dialogs == [] and errors == []


def test_payloads_are_shown_as_text(page, hostile_site):
    base, _ = hostile_site
    page.goto(base + "journeys/hostile/stages/first/")
    text = page.locator("main").inner_text()
    shown = [p for p in PAYLOADS[:8] if p in text]
    assert len(shown) >= 5, shown  # long lists cycle through the corpus
    assert '<script>alert("xss-body")</script>' in page.locator("main h1").all_inner_texts()[-1] \
        or "xss-body" in text
    page.goto(base + "journeys/hostile/")
    titles = page.locator(".journey-map title").all_text_contents()
    assert any("<script>" in t or "<img" in t or "<svg" in t for t in titles)
