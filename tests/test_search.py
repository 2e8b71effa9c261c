"""Search's index (site_builder/search.py): Pagefind for a served site, what each result
says it is, what a browser keeps to search offline."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import threading
import time

import pytest

from journey_atlas.search import (NOT_INDEXED, OFFLINE_INDEX_BUDGET, PagefindFeed,
                                  SearchUnavailable, indexed_html, result_meta,
                                  searched_first, without_ignored)
from journey_atlas import search as search_module
from journey_atlas.pages import PageSpec


def fragments(site) -> dict[str, dict]:
    """Every indexed page's Pagefind fragment, by its address."""
    found = {}
    bundle = site if (site / "fragment").is_dir() else site / "pagefind"
    for path in (bundle / "fragment").iterdir():
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


def test_a_page_is_found_by_its_own_words_not_by_what_it_gathers_from_others(sample_site):
    # A journey's map, a role's moments and stages, a learning path's stops and a team's
    # stages repeat the stages' and moments' words: found there too, they would push the stage itself down the results
    # (and make every query fetch more of the index). Each is found by its own words.
    pages = fragments(sample_site)
    help_ = pages["/journeys/getting-help/"]["content"]
    assert "Getting help when something goes wrong" in help_  # its title and outcome
    assert "Crews are working again quickly" in help_
    pain = "Chat answers with help articles"  # a pain point of one of its stages
    stage = pages["/journeys/getting-help/stages/crew-is-waiting/"]["content"]
    assert pain in stage and pain not in help_
    role = pages["/roles/billing-specialist/"]["content"]
    assert "Billing Specialist" in role and "Your moments" not in role
    path = pages["/paths/billing-specialist/"]["content"]
    assert "Your path as Billing Specialist" in path and "You are Accountable" not in path
    team = next(page["content"] for url, page in pages.items() if url.startswith("/teams/"))
    assert "Accountable for" in team and "Where the team owns the outcome" not in team
    for url, page in pages.items():  # the page's furniture: buttons, the views' links
        for furniture in ("Present this journey", "Views of this journey", "Gaps by impact"):
            assert furniture not in page["content"], (url, furniture)
    # A stage's suggested questions and its quick view (the moments' lines) belong to the
    # cards and the moments; questions the stage's own file asks are its words.
    back = pages["/journeys/getting-help/stages/back-to-work/"]["content"]
    assert "Questions to discuss" in back and "Suggested" not in back
    board = pages["/journeys/adopting-fieldline/stages/convincing-the-board/"]["content"]
    assert "What would make it easy for Dana to defend this decision" in board


def test_the_file_copys_own_index_leaves_out_what_pagefind_leaves_out():
    content = ('<h1>Stage</h1><section data-pagefind-ignore><section><p>inner</p></section>'
               '<p>gathered</p></section><p>own <b>words</b></p><nav class="x" '
               'data-pagefind-ignore>views</nav><p>last</p>')
    assert without_ignored(content) == "<h1>Stage</h1><p>own <b>words</b></p><p>last</p>"
    assert without_ignored("<p>plain</p>") == "<p>plain</p>"


def test_pagefind_is_not_stopped_before_its_files_are_whole(sample_site, tmp_path):
    # Pagefind says it wrote the index while its last files may still be being written;
    # ending it then (its input closed) left an empty or cut-short WebAssembly or entry file.
    index = tmp_path / "pagefind"
    shutil.copytree(sample_site / "pagefind", index)
    assert search_module._index_whole(str(index))
    wasm = index / "wasm.unknown.pagefind"
    whole = wasm.read_bytes()
    wasm.write_bytes(whole[: len(whole) // 2])
    assert not search_module._index_whole(str(index))
    wasm.write_bytes(b"")  # (gzip takes an empty file for an empty whole one)
    assert not search_module._index_whole(str(index))
    wasm.write_bytes(whole)
    (index / "pagefind-entry.json").write_text("", encoding="utf-8")
    assert not search_module._index_whole(str(index))
    entry = (sample_site / "pagefind/pagefind-entry.json").read_bytes()
    threading.Timer(0.3, (index / "pagefind-entry.json").write_bytes, [entry]).start()
    started = time.monotonic()
    search_module._wait_until_whole(str(index))  # waits for the file, then goes on
    assert 0.25 < time.monotonic() - started < search_module.WRITE_SETTLE_SECONDS
    assert search_module._index_whole(str(index))


def test_words_drawn_apart_by_css_stay_apart_in_results(sample_site):
    # The page parts words with CSS (a label beside its value, a meta line after its item);
    # Pagefind reads no CSS, so without spaces its excerpts read "happyAim", "Entered127".
    glued = re.compile(r"\b[a-z]+[.?!]?[A-Z][a-z]+\b|\b[A-Za-z]+[0-9]+\b")
    for url, page in fragments(sample_site).items():
        assert not glued.findall(page["content"]), url
    stage = fragments(sample_site)["/journeys/adopting-fieldline/stages/part-of-how-we-work/"]
    assert "happy Aim +2 delighted" in stage["content"] and "Entered 127" in stage["content"]


def test_pages_search_finds_are_drawn_first_so_the_index_is_written_while_the_rest_draw():
    pages = [PageSpec("home", "index.md", "H"), PageSpec("stage", "s.md", "S"), None,
             PageSpec("raci", "r.md", "R"), PageSpec("role", "o.md", "O")]
    order = searched_first(list(range(len(pages))), lambda n: pages[n])
    assert order == [1, 2, 4, 0, 3]  # each group keeps its own order


def test_pagefind_feed_writes_what_it_was_given_and_stops_cleanly(tmp_path):
    feed = PagefindFeed("en", str(tmp_path / "pagefind"))
    feed.add(indexed_html("<h1>Café</h1><p>Ünïcode words</p>", {"kind": "Stage"}, "en"), "/a/")
    feed.add(indexed_html("<h1>Other</h1>", {"kind": "Role"}, "en"), "/b/")
    feed.seal()
    with pytest.raises(RuntimeError):  # a page after the seal would be lost: a bug of ours
        feed.add("<p>late</p>", "/late/")
    assert feed.write() == 2
    assert set(fragments(tmp_path / "pagefind")) == {"/a/", "/b/"}
    assert feed._process.poll() is not None  # Pagefind has ended


def test_a_stopped_build_leaves_no_index_and_no_pagefind_running(tmp_path):
    feed = PagefindFeed("en", str(tmp_path / "pagefind"))
    feed.add(indexed_html("<h1>A</h1>", {"kind": "Stage"}, "en"), "/a/")
    feed.abandon()
    assert feed._process.poll() is not None and not (tmp_path / "pagefind").exists()


def test_pagefind_dying_midway_is_a_clear_error_not_a_hang(tmp_path):
    feed = PagefindFeed("en", str(tmp_path / "pagefind"))
    feed.add(indexed_html("<h1>A</h1>", {"kind": "Stage"}, "en"), "/a/")
    feed._process.kill()
    for n in range(50):  # its input is closed now: the pipe breaks, said once at the end
        feed.add(indexed_html(f"<h1>{n}</h1>" + "x" * 5000, {"kind": "Stage"}, "en"), f"/{n}/")
    with pytest.raises(SearchUnavailable, match="search: Pagefind failed"):
        feed.write()


def test_live_preview_hands_pages_over_later_and_a_newer_build_stops_the_older(tmp_path):
    feed = PagefindFeed("en", str(tmp_path / "kept"), deferred=True)
    feed.add(indexed_html("<h1>A</h1>", {"kind": "Stage"}, "en"), "/a/")
    assert feed._process is None  # nothing runs while the preview's pages are drawn
    assert feed.write() == 1 and set(fragments(tmp_path / "kept")) == {"/a/"}
    stale = PagefindFeed("en", str(tmp_path / "stale"), deferred=True)
    stale.add(indexed_html("<h1>B</h1>", {"kind": "Stage"}, "en"), "/b/")
    stale.abandon()
    assert stale.write() == 0 and not (tmp_path / "stale").exists()
