"""The foot of every page about one thing: "Something wrong or missing here?", when it was
last reviewed and when it is due, and an "Edit" link to the file behind it; the review page."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from journey_atlas.freshness import review_list
from journey_atlas.loader import load_atlas
from journey_atlas.page_meta import Feedback
from support import build, front_matter, minimal_atlas, write

STAGE_PAGE = "journeys/buying/stages/first/index.html"


@pytest.fixture
def atlas(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "journeys/buying/stages/first.md", front_matter(
        {"name": 'Q&A #1: "Is it 大谷?"', "roles": {"agent": "A"}, "reviewed": "2025-01-10",
         "review_every_months": 6}))
    return root


def built(atlas, tmp_path, **settings) -> dict[str, str]:
    site = tmp_path / "site"
    result = build(atlas, site, lint=False, settings=settings or None)
    assert result.returncode == 0, result.stderr
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8")
            for p in site.rglob("index.html")}


def links(page: str, text: str) -> list[str]:
    return [unescape(href) for href, inner in
            re.findall(r'<a href="([^"]*)">([^<]*)</a>', page) if inner.startswith(text)]


def plugin(**options) -> dict:
    return {"plugins": ["search", {"journey-atlas": {"lint": False, **options}}]}


def test_feedback_url_carries_every_placeholder_encoded(atlas, tmp_path):
    template = ("https://git.example/atlas/issues/new?title={title}&body={url}%0A{kind}%20{id}"
                "%20{journey}%20{version}")
    pages = built(atlas, tmp_path, site_url="https://intranet.example/atlas/",
                  **plugin(feedback={"url": template}))
    [link] = links(pages[STAGE_PAGE], "Something wrong or missing here?")
    query = parse_qs(urlparse(link).query)
    assert query["title"] == ['Q&A #1: "Is it 大谷?"']  # &, #, quotes, CJK arrive intact
    assert query["body"] == ["https://intranet.example/atlas/journeys/buying/stages/first/\n"
                             "stage first Buying "]
    for page in ("journeys/buying/index.html", "journeys/buying/moments/hello/index.html",
                 "roles/agent/index.html", "personas/buyer/index.html"):
        assert len(links(pages[page], "Something wrong or missing here?")) == 1, page
    for page in ("index.html", "journeys/index.html", "gaps/index.html",
                 "journeys/buying/raci/index.html", "review/index.html"):
        assert links(pages[page], "Something wrong") == [], page


def test_feedback_by_email(atlas, tmp_path):
    pages = built(atlas, tmp_path, **plugin(feedback={"email": "journeys@example.org"}))
    [link] = links(pages["roles/agent/index.html"], "Something wrong or missing here?")
    address = urlparse(link)
    assert (address.scheme, address.path) == ("mailto", "journeys@example.org")
    fields = parse_qs(address.query)
    assert fields["subject"] == ["Something wrong or missing: Agent"]
    assert fields["body"][0].startswith("Page: /roles/agent/\r\n")


def test_no_feedback_link_without_the_option(atlas, tmp_path):
    pages = built(atlas, tmp_path)
    assert all("Something wrong" not in page for page in pages.values())


@pytest.mark.parametrize("option, message", [
    ({"url": "https://x.example/?t={titel}"}, "unknown placeholder {titel}"),
    ({"url": "javascript:alert(1)//{title}"}, "must start with https://"),
    ({"email": "not an address"}, "is not an email address"),
    ({"url": "https://x", "email": "a@b.c"}, "expected either"),
])
def test_a_wrong_feedback_option_is_told(option, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Feedback.from_option(option)


def test_the_release_version_is_in_the_address():
    feedback = Feedback.from_option({"url": "https://f.example/?u={url}&v={version}"})
    from journey_atlas.page_meta import page_address
    address = page_address("roles/agent/", "https://intranet.example/atlas/", "1.2")
    assert address == "https://intranet.example/atlas/1.2/roles/agent/"
    link = feedback.link({"url": address, "title": "", "kind": "role", "id": "agent",
                          "journey": "", "version": "1.2"})
    assert parse_qs(urlparse(link).query) == {"u": [address], "v": ["1.2"]}


def test_each_page_says_when_it_was_reviewed_and_when_it_is_due(atlas, tmp_path):
    write(atlas / "atlas.yml", "name: Tiny Co\nreviewed: 2026-10-01\nreview_every_months: 12\n")
    pages = built(atlas, tmp_path)  # the build's date is 2026-11-22 (SOURCE_DATE_EPOCH)

    def freshness(page):
        return " ".join(re.sub("<[^>]+>", "", re.search(
            r'<p class="freshness[^"]*">(.*?)</p>', pages[page], re.S).group(1)).split())
    assert freshness(STAGE_PAGE) == ("Last reviewed 10 January 2025. A review was due by "
                                     "10 July 2025: this page may be out of date.")
    assert 'class="freshness overdue"' in pages[STAGE_PAGE]
    assert freshness("journeys/buying/stages/second/index.html") == (
        "Last reviewed 1 October 2026, with the whole atlas. Next review due by "
        "1 October 2027.")
    assert freshness("roles/agent/index.html").startswith("Last reviewed 1 October 2026")


def test_never_reviewed_pages_say_so(atlas, tmp_path):
    pages = built(atlas, tmp_path)
    assert '<p class="freshness">Not reviewed yet.</p>' in pages["roles/agent/index.html"]


def test_the_review_page_lists_every_file_the_most_urgent_first(atlas):
    write(atlas / "roles/agent.md", front_matter({"name": "Agent", "reviewed": "2026-11-01",
                                                 "review_every_months": 1}))
    items = review_list(load_atlas(atlas).atlas, dt.date(2026, 11, 22))
    assert [(i.source, i.state.overdue, i.owners) for i in items[:3]] == [
        ("journeys/buying/stages/first.md", True, ["agent"]),  # due 2025-07-10
        ("atlas.yml", False, []), ("journeys/buying/journey.yml", False, [])]  # never reviewed
    assert items[-1].source == "roles/agent.md"  # due 2026-12-01
    assert {i.source for i in items} == {
        "atlas.yml", "journeys/buying/journey.yml", "journeys/buying/stages/first.md",
        "journeys/buying/stages/second.md", "journeys/buying/moments/hello.md",
        "roles/agent.md", "personas/buyer.md"}


def test_edit_links_point_at_the_file_behind_the_page(atlas, tmp_path):
    pages = built(atlas, tmp_path, repo_url="https://github.com/example/atlas",
                  edit_uri="edit/main/content/")
    base = "https://github.com/example/atlas/edit/main/content/"
    assert links(pages[STAGE_PAGE], "Edit") == [base + "journeys/buying/stages/first.md"]
    assert links(pages["journeys/buying/index.html"], "Edit") == [
        base + "journeys/buying/journey.yml"]
    assert links(pages["roles/agent/index.html"], "Edit") == [base + "roles/agent.md"]
    for view in ("journeys/buying/raci/index.html", "journeys/index.html", "gaps/index.html",
                 "review/index.html", "index.html"):
        assert links(pages[view], "Edit") == [], view
    assert unquote(links(pages[STAGE_PAGE], "Edit")[0]).endswith("first.md")
