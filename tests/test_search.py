"""Search's index (site_builder/search.py): Pagefind for a served site, what each result
says it is, what a browser keeps to search offline."""

from __future__ import annotations

import gzip
import json
import re

from journey_atlas.search import (NOT_INDEXED, OFFLINE_INDEX_BUDGET, indexed_html,
                                  result_meta)
from journey_atlas.pages import PageSpec


def fragments(site) -> dict[str, dict]:
    """Every indexed page's Pagefind fragment, by its address."""
    found = {}
    for path in (site / "pagefind/fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        page = json.loads(data[data.index(b"{"):])
        found[page["url"]] = page
    return found


def test_the_site_is_searched_with_pagefind_and_only_its_own_files_ship(sample_site):
    bundle = sample_site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert list(bundle.glob("wasm.en.pagefind")) and list((bundle / "index").iterdir())
    # Pagefind's own UI is not used (the theme keeps its box): it is not published.
    assert not list(bundle.glob("pagefind-*ui*")) and not list(bundle.glob("*highlight*"))
    # MkDocs' search plugin is no longer in the default set: no whole-site index either.
    assert not (sample_site / "search/search_index.json").exists()
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert 'data-search="pagefind/"' in home and "search_index" not in home
    assert "script-src 'self' 'wasm-unsafe-eval';" in home


def test_each_result_knows_its_kind_and_journey_and_stages_hold_both_names(sample_site):
    pages = fragments(sample_site)
    stage = pages["/journeys/adopting-fieldline/stages/part-of-how-we-work/"]
    assert stage["meta"]["title"] == "It's part of how we work now"
    assert stage["meta"]["kind"] == "Stage"
    assert stage["meta"]["journey"] == "Adopting Fieldline"
    assert "Internally: Adoption and value realisation" in stage["content"]  # found by both
    assert pages["/roles/billing-specialist/"]["meta"]["kind"] == "Role"
    assert "journey" not in pages["/roles/billing-specialist/"]["meta"]
    assert pages["/journeys/getting-help/moments/first-reply/"]["meta"]["kind"] == "Moment"
    assert pages["/personas/crew-dispatcher/"]["meta"]["kind"] == "Persona"
    assert pages["/about/"]["meta"]["kind"] == "Page"  # an ordinary Markdown page
    # Pages that list what others hold would outrank them: not indexed.
    assert "/journeys/getting-help/raci/" not in pages and "/gaps/" not in pages
    assert "/" not in pages and "/journeys/" not in pages
    # A drawing's words are in its text alternative, not its labels, which come after.
    assert not any("<svg" in page["content"] for page in pages.values())


def test_a_browser_keeps_what_search_needs_offline(sample_site):
    manifest = json.loads((sample_site / "pagefind/offline.json").read_text(encoding="utf-8"))
    pages = fragments(sample_site)
    assert set(manifest["fragments"]) == {url.lstrip("/") for url in pages}
    for path in manifest["files"] + list(manifest["fragments"].values()):
        assert (sample_site / "pagefind" / path).is_file(), path
    index = [f for f in manifest["files"] if f.startswith("index/")]
    size = sum((sample_site / "pagefind" / f).stat().st_size for f in index)
    assert index and size <= OFFLINE_INDEX_BUDGET  # the sample's whole index is kept
    assert "pagefind.js" in manifest["files"] and "offline.json" not in manifest["files"]


def test_result_meta_and_indexed_html_escape_what_content_says():
    meta = result_meta(PageSpec("stage", "s.md", "S"), 'A "journey", <b>bold</b> & more')
    page = indexed_html("<h1>S</h1>", meta, "en")
    assert 'data-journey="A &quot;journey&quot;, &lt;b&gt;bold&lt;/b&gt; &amp; more"' in page
    # Taken from attributes, so a comma in a journey's name cannot split Pagefind's list.
    assert re.search(r'data-pagefind-meta="kind\[data-kind\], journey\[data-journey\]"', page)
    assert result_meta(None, None) == {"kind": "Page"}
    assert "stage" not in NOT_INDEXED and "raci" in NOT_INDEXED


def test_words_drawn_apart_by_css_stay_apart_in_results(sample_site):
    # The page parts words with CSS (a label beside its value, a meta line after its item);
    # Pagefind reads no CSS, so without spaces its excerpts read "happyAim", "Entered127".
    glued = re.compile(r"\b[a-z]+[.?!]?[A-Z][a-z]+\b|\b[A-Za-z]+[0-9]+\b")
    for url, page in fragments(sample_site).items():
        assert not glued.findall(page["content"]), url
    stage = fragments(sample_site)["/journeys/adopting-fieldline/stages/part-of-how-we-work/"]
    assert "happy Aim +2 delighted" in stage["content"] and "Entered 127" in stage["content"]
