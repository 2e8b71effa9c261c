"""Real `mkdocs build`s of atlases into temporary folders: pages, links, escaping, errors."""

from __future__ import annotations

import filecmp
import re
import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from support import SAMPLE, SOURCE_DATE_EPOCH, front_matter, minimal_atlas, build, write

SAMPLE_PAGES = [
    "index.html", "about/index.html", "journeys/index.html", "roles/index.html",
    "personas/index.html", "journeys/adopting-fieldline/index.html",
    "journeys/adopting-fieldline/stages/missing-jobs/index.html",
    "journeys/adopting-fieldline/moments/first-monday/index.html",
    "journeys/getting-help/stages/crew-is-waiting/index.html",
    "roles/support-agent/index.html", "personas/crew-dispatcher/index.html", "404.html",
]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and tag != "form":
                self.links.append(attrs[name])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def links_of(site: Path, page: str) -> set[str]:
    """Site-relative targets of every link on a page ('roles/x/')."""
    base = "http://site/" + page.replace("index.html", "")
    out = set()
    for link in parse(site / page).links:
        url = urlparse(urljoin(base, link))
        if url.netloc == "site":
            out.add(url.path.lstrip("/"))
    return out


@pytest.mark.parametrize("page", SAMPLE_PAGES)
def test_sample_builds_every_page(sample_site, page):
    assert (sample_site / page).is_file()


def test_atlas_yaml_files_are_not_published(sample_site):
    assert not list(sample_site.rglob("*.yml"))


def test_every_internal_link_and_anchor_resolves(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    ids = {p: parse(p).ids for p in pages}
    broken = []
    checked = 0
    for page in pages:
        if page.name == "404.html":
            continue
        for link in parse(page).links:
            url = urlparse(link)
            if url.scheme == "mailto":  # the feedback link: a mail, not a request
                continue
            if url.scheme or url.netloc:
                broken.append(f"{page}: external link {link}")
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(sample_site)}: {link}")
            elif url.fragment.startswith("present="):  # present mode at a stage (atlas.js)
                if f'data-present-stage="{url.fragment[8:]}"' not in target.read_text(
                        encoding="utf-8"):
                    broken.append(f"{page.relative_to(sample_site)}: no stage to present "
                                  f"{link}")
            elif url.fragment and url.fragment not in ids.get(target, parse(target).ids):
                broken.append(f"{page.relative_to(sample_site)}: missing anchor {link}")
    assert checked > 500
    assert broken == []


def test_every_page_links_the_sites_files_relatively(sample_site):
    """The page shell is drawn once per place in the site (main.html's shell_part): each
    page still links the stylesheet, scripts and top pages from where it is, so the site
    works under any sub-path (MkDocs links 404.html's files from the root: it is served at
    any address)."""
    for path in sample_site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
        if stylesheet is None:  # a release redirect or the like
            continue
        depth = len(path.relative_to(sample_site).parts) - 1
        expected = "/assets/atlas.css" if path.name == "404.html" and depth == 0 \
            else "../" * depth + "assets/atlas.css"
        assert stylesheet.group(1) == expected, path
        home = re.search(r'<a class="brand" href="([^"]+)"', page).group(1)
        assert home == ("../" * depth or "./"), path


def test_home_page_shows_the_atlas(sample_site):
    page = html(sample_site, "index.html")
    for text in ("Fieldline", "We win and keep customers", "We sit on the customer",
                 "Dependable", "Straight-talking", "On-our-side", "Adopting Fieldline",
                 "Getting help when something goes wrong", "Customer Success Manager",
                 "Dana, Operations Director", "This atlas is how we learn"):
        assert text in page
    assert {"journeys/adopting-fieldline/", "roles/billing-specialist/",
            "personas/it-systems-lead/"} <= links_of(sample_site, "index.html")


def test_journey_grid_has_stages_as_columns_in_order(sample_site):
    page = html(sample_site, "journeys/adopting-fieldline/index.html")
    header = page.split("<thead>")[1].split("</thead>")[0]
    columns = re.findall(r'id="col-([a-z0-9-]+)"', header)
    assert columns[:3] == ["missing-jobs", "looking-for-help", "show-me-it-works"]
    assert len(columns) == 9
    for row in ("Customer does", "Feeling", "Touchpoints", "Pain points", "Pivotal moments",
                "Frontstage"):
        assert f'<th scope="row" class="row-head">{row}</th>' in page
    assert 'title="Accountable">A</abbr>' in page


def test_pages_are_cross_linked_both_ways(sample_site):
    stage = "journeys/adopting-fieldline/stages/first-live-week/index.html"
    moment = "journeys/adopting-fieldline/moments/first-monday/index.html"
    role = "roles/implementation-specialist/index.html"
    persona = "personas/it-systems-lead/index.html"
    journey = "journeys/adopting-fieldline/index.html"
    stage_url, moment_url = stage[:-len("index.html")], moment[:-len("index.html")]
    assert {"roles/implementation-specialist/", moment_url} <= links_of(sample_site, stage)
    assert {stage_url, moment_url} <= links_of(sample_site, role)
    assert {stage_url, "roles/implementation-specialist/"} <= links_of(sample_site, moment)
    assert "journeys/adopting-fieldline/" in links_of(sample_site, persona)
    assert "personas/it-systems-lead/" in links_of(sample_site, journey)
    assert {"journeys/adopting-fieldline/stages/setting-up/",
            "journeys/adopting-fieldline/stages/part-of-how-we-work/"} <= links_of(sample_site, stage)


def test_role_page_lists_stages_with_raci_grouped_by_journey(sample_site):
    whole = html(sample_site, "roles/customer-success-manager/index.html")
    page = whole[whole.index('id="involvement"'):]  # the stage tables, after "Your moments"
    first, second = page.index("Adopting Fieldline"), page.index("Getting help when")
    assert first < second
    assert page.index("Getting my team set up without chaos") < page.index("It&#39;s part of how")


def test_role_page_shows_its_moments_first_in_journey_order_with_say_and_avoid(sample_site):
    page = html(sample_site, "roles/customer-success-manager/index.html")
    moments = page[page.index('id="your-moments"'):page.index('id="involvement"')]
    titles = re.findall(r'<h3 class="h3"><a href="[^"]+">([^<]+)</a>', moments)
    # Adopting Fieldline's moment before Getting help's, each stage's in stage order
    assert titles == ["The first quarterly review", "The renewal conversation",
                      "The call that closes the loop"]
    assert moments.count('class="say"') == 3 and moments.count('class="avoid"') == 3
    assert 'href="../../paths/customer-success-manager/"' in page[:page.index('id="your-moments"')]


def test_a_role_no_stage_names_gets_no_learning_path(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    (content / "roles" / "auditor.md").write_text("---\nname: Auditor\n---\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build(content, site, lint=False)
    assert result.returncode == 0, result.stderr
    assert not (site / "paths" / "auditor").exists()
    assert (site / "roles" / "auditor" / "index.html").is_file()
    assert "paths/auditor/" not in html(site, "paths/index.html")
    assert "paths/auditor/" not in html(site, "roles/auditor/index.html")
    home = html(site, "index.html")
    assert 'data-role="auditor"' in home and "data-role-path" not in home.split('data-role="auditor"')[1].split(">")[0]


def test_free_markdown_pages_are_published(sample_site):
    page = html(sample_site, "about/index.html")
    assert "<h1" in page and "About this atlas" in page and "How to suggest a change" in page


def test_absent_fields_leave_no_empty_headings(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    result = build(root, tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    stage = html(tmp_path / "site", "journeys/buying/stages/second/index.html")
    for heading in ("Pain points", "Touchpoints", "Customer asset", "Gaps to close",
                    "Who does what", "Pivotal moments", "How they feel"):
        assert heading not in stage
    # With no questions written, the stage still has some to discuss: suggested ones.
    questions = stage[stage.index('id="questions"'):]
    assert questions.index("Suggested</span></li>") < questions.index("</section>")
    journey = html(tmp_path / "site", "journeys/buying/index.html")
    for row in ("Customer does", "Thinking", "Pain points", "Touchpoints", "Feeling",
                "Backstage", "Opportunities", "Customer asset"):
        assert f">{row}</th>" not in journey
    assert ">Frontstage</th>" in journey  # the first stage names a role
    home = html(tmp_path / "site", "index.html")
    assert "What every customer should remember" not in home and "Our culture" not in home


HOSTILE = '<script>alert("x")</script> & "quotes" \'single\' <img src=x onerror=alert(1)>'


def test_text_from_content_is_escaped_everywhere(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "atlas.yml", "name: " + repr(HOSTILE).replace("\\'", "''") + "\n"
          f"strategy: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n")
    stage = {"name": HOSTILE, "internal_name": HOSTILE, "feeling": HOSTILE,
             "pain_points": [HOSTILE], "touchpoints": [{"name": HOSTILE, "channel": HOSTILE}],
             "gaps": [{"title": HOSTILE, "current": HOSTILE}], "questions": [HOSTILE],
             "metrics": {"entered": 3, "why": [HOSTILE]}, "roles": {"agent": "R"}}
    body = "Body <script>alert(2)</script> [click](javascript:alert(3)) <b onclick=x>bold</b>\n"
    write(root / "journeys/buying/stages/first.md", front_matter(stage, body))
    write(root / "roles/agent.md", front_matter({"name": HOSTILE, "team": HOSTILE}))
    write(root / "journeys/buying/moments/hello.md", front_matter(
        {"title": HOSTILE, "stage": "first", "say": [HOSTILE], "roles": ["agent"]}))
    result = build(root, tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert "<img" not in text, page  # the theme draws no <img>; any would be injected
        assert "javascript:" not in text, page
        assert "<b onclick" not in text, page
    stage_page = html(site, "journeys/buying/stages/first/index.html")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quotes&#34;" in stage_page
    assert "Body &lt;script&gt;alert(2)&lt;/script&gt;" in stage_page


def test_invalid_content_fails_with_messages_only_and_leaves_the_site(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    site = tmp_path / "site"
    assert build(root, site, lint=False).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    write(root / "journeys/buying/stages/first.md", "---\nname: x\nemotion: 5\n---\n")
    write(root / "roles/agent.md", "---\nnam: Agent\n---\n")
    result = build(root, site, lint=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "content/journeys/buying/stages/first.md:3:10: error: emotion: expected a whole " \
           "number from -2 to 2, got 5" in output
    assert "content/roles/agent.md:2:1: error: unknown key 'nam' in role; did you mean 'name'?" \
        in output
    assert "found 3 errors" in output  # also: 'name' missing in the role
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_same_input_builds_the_same_bytes(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    assert build(root, tmp_path / "one", lint=False).returncode == 0
    assert build(root, tmp_path / "two", lint=False).returncode == 0
    compare = filecmp.dircmp(tmp_path / "one", tmp_path / "two")

    def differences(cmp) -> list[str]:
        found = cmp.left_only + cmp.right_only + cmp.diff_files
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "one", tmp_path / "two",
                                           ["index.html", "sitemap.xml.gz"], shallow=False)
    assert differences(compare) == [] and mismatch == [] and errors == []


def _bodies_atlas(root: Path) -> Path:
    """A minimal atlas whose entity files carry Markdown with everything a shared Markdown
    engine could carry over from one page to the next: footnotes, abbreviations, link
    references, headings with the same names, raw HTML, links to other pages and anchors."""
    minimal_atlas(root)
    notes = """
        ## Notes

        See [the agent](../../../roles/agent.md#notes) and [the buyer][buyer] about HTML[^1].
        <b>raw</b> stays text.

        *[HTML]: HyperText Markup Language

        [buyer]: ../../../personas/buyer.md
        [^1]: A footnote on {page}.

        ## Notes

        | a | b |
        |---|---|
        | 1 | 2 |
        """
    for path in ("journeys/buying/stages/first.md", "journeys/buying/stages/second.md",
                 "journeys/buying/moments/hello.md"):
        text = (root / path).read_text(encoding="utf-8")
        (root / path).write_text(text + textwrap.dedent(notes.format(page=path)),
                                 encoding="utf-8")
    (root / "roles/agent.md").write_text(
        front_matter({"name": "Agent"}, "## Notes\n\nHi [^2].\n\n[^2]: Only here.\n"),
        encoding="utf-8")
    (root / "personas/buyer.md").write_text(front_matter(
        {"name": "Buyer"}, "Buyers want a clear answer.\nThey read it twice.\n\nThey decide on "
                           "Fridays, after lunch (mostly).\n"), encoding="utf-8")
    return root


def test_bodies_of_plain_prose_render_as_mkdocs_would(tmp_path, monkeypatch):
    """Plain prose skips Markdown (for speed); each body must come out exactly as MkDocs'
    own rendering makes it."""
    import journey_atlas.mkdocs_plugin.settings  # noqa: F401 (mkdocs.* under ProperDocs too)
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from journey_atlas.mkdocs_plugin import atlas as plugin_module

    root = _bodies_atlas(tmp_path / "content")
    config_file = write(tmp_path / "mkdocs.yml", f"""
        site_name: Bodies
        docs_dir: content
        theme: {{name: journey-atlas}}
        plugins: [search, {{journey-atlas: {{lint: false}}}}]
        markdown_extensions: [toc, tables, footnotes, abbr, attr_list]
        """)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)

    def site(name: str) -> dict[str, bytes]:
        config = load_config(str(config_file), site_dir=str(tmp_path / name))
        mkdocs_build(config)
        return {str(p.relative_to(tmp_path / name)): p.read_bytes()
                for p in sorted((tmp_path / name).rglob("*.html"))}

    prose_html, shortcut_answers = plugin_module.prose_html, []

    def prose_html_spy(text):
        shortcut_answers.append(prose_html(text))
        return shortcut_answers[-1]

    monkeypatch.setattr(plugin_module, "prose_html", prose_html_spy)
    shared = site("shared")
    assert [answer is not None for answer in shortcut_answers].count(True) == 1  # the persona
    monkeypatch.setattr(plugin_module, "engine_leaves_prose_alone", lambda *_: False)
    monkeypatch.setattr(plugin_module, "engine_reusable", lambda *_: False)
    own_engines = site("own")
    assert shared == own_engines
    assert "<p>They decide on Fridays, after lunch (mostly).</p>" in \
        shared["personas/buyer/index.html"].decode()
    second = shared["journeys/buying/stages/second/index.html"].decode()
    # The bodies really went through Markdown, each with its own footnotes and links.
    assert "journeys/buying/stages/second.md" in second and "first.md" not in second
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in second
    assert 'href="../../../../roles/agent/#notes"' in second
    assert "&lt;b&gt;raw&lt;/b&gt;" in second
    assert "Only here" not in second


# Notes that the build's one engine converts (site_builder/notes.py), and notes it hands
# to MkDocs: each one's HTML, the pages' anchors and MkDocs' warnings must be the same as
# when MkDocs renders every note itself.
NOTES = {
    "journeys/buying/stages/first.md": """
        Ask **who is waiting** before anything else:

        - the crew's name
        - the site
        - what stopped

        Then see [the agent](../../../roles/agent.md) and [the buyer][buyer]
        (also [here](./../../../personas/buyer.md?from=stage)), or [elsewhere](https://example.org/x.md).

        ## Notes
        Footnote[^1] and {page}. `code` and ![a map](../../../assets/map.png "The map").

        | a | b |
        |---|---|
        | 1 | 2 |

        !!! note "Remember"
            An admonition with [a link](../../../about.md).

        [buyer]: ../../../personas/buyer.md
        [^1]: A footnote on {page}.
        """,
    "journeys/buying/stages/second.md": """
        ## Notes {{#own-notes}}
        A [reference to the buyer][buyer] defined on another page stays as typed, and so
        does a footnote[^1] defined there. HTML here is an abbreviation; [this
        anchor](#no-such-section) is not on the page.

        *[HTML]: HyperText Markup Language

        Term
        : its definition, with [the moment](../moments/hello.md)

        ```
        [not a link](x.md)
        ```
        """,
    "journeys/buying/moments/hello.md": """
        ## Notes
        Say *hello*, [link to a heading](../stages/first.md#notes) and [to
        none](../stages/first.md#no-such-heading): MkDocs checks them.
        """,
    "roles/agent.md": """
        # A heading that could name the page

        With [a link to nowhere](nowhere.md).
        """,
    "personas/buyer.md": """
        An [absolute link](/roles/agent.md), a [self anchor](#top), <b>raw</b> and
        <https://example.org>, [a script](javascript:alert(1)), [a query](?q=1) and
        [mail](mailto:someone@example.org).
        """,
}


def _notes_atlas(root: Path) -> Path:
    minimal_atlas(root)
    for path, note in NOTES.items():
        text = (root / path).read_text(encoding="utf-8")
        (root / path).write_text(text + textwrap.dedent(note.format(page=path)).lstrip("\n"),
                                 encoding="utf-8")
    write(root / "about.md", "# About\n\nAn ordinary page.\n")
    (root / "assets").mkdir()
    (root / "assets/map.png").write_bytes(b"\x89PNG\r\n")
    return root


def test_notes_in_one_engine_render_as_mkdocs_renders_each(tmp_path, monkeypatch):
    import logging

    import journey_atlas.mkdocs_plugin.settings  # noqa: F401 (mkdocs.* under ProperDocs too)
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from journey_atlas.mkdocs_plugin import atlas as plugin_module
    from journey_atlas.notes import NoteEngine

    _notes_atlas(tmp_path / "content")
    config_file = write(tmp_path / "mkdocs.yml", """
        site_name: Notes
        docs_dir: content
        theme: {name: journey-atlas}
        plugins: [search, {journey-atlas: {lint: false}}]
        markdown_extensions: [toc, tables, admonition, footnotes, abbr, attr_list, def_list,
                              fenced_code]
        validation: {anchors: warn}
        """)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)

    class Collect(logging.Handler):
        def __init__(self):
            super().__init__(logging.INFO)
            self.messages: list[str] = []

        def emit(self, record):
            self.messages.append(f"{record.levelname}: {record.getMessage()}")

    def site(name: str) -> tuple[dict[str, bytes], list[str]]:
        collect = Collect()
        loggers = [logging.getLogger(n) for n in ("mkdocs", "properdocs")]
        for logger in loggers:
            logger.addHandler(collect)
        try:
            mkdocs_build(load_config(str(config_file), site_dir=str(tmp_path / name)))
        finally:
            for logger in loggers:
                logger.removeHandler(collect)
        files = {str(p.relative_to(tmp_path / name)): p.read_bytes()
                 for p in sorted((tmp_path / name).rglob("*")) if p.is_file()}
        messages = [m for m in collect.messages if "Documentation built in" not in m
                    and "Building documentation to directory" not in m]
        return files, messages

    convert, answers = NoteEngine.convert, []

    def convert_spy(self, text, resolve):
        answers.append(convert(self, text, resolve))
        return answers[-1]

    monkeypatch.setattr(NoteEngine, "convert", convert_spy)
    shared, shared_messages = site("shared")
    # The stages' and the moment's notes went through the one engine; the role's (a title,
    # a link to no file) and the persona's (raw HTML, an absolute link) went to MkDocs.
    assert [answer is not None for answer in answers] == [True, True, True, False, False]
    monkeypatch.setattr(plugin_module, "engine_reusable", lambda *_: False)
    answers.clear()
    own, own_messages = site("own")
    assert answers == []
    assert shared.keys() == own.keys()
    assert [name for name in shared if shared[name] != own[name]] == []
    assert shared_messages == own_messages
    # MkDocs did tell about the links it could not follow, in both builds alike.
    assert any("nowhere.md" in m for m in own_messages)
    assert any("#no-such-heading" in m for m in own_messages)
    assert any("#no-such-section" in m for m in own_messages)
    assert not any("first.md#notes" in m for m in own_messages)
    first = shared["journeys/buying/stages/first/index.html"].decode()
    assert 'href="../../../../roles/agent/"' in first
    assert 'href="../../../../personas/buyer/?from=stage"' in first
    assert 'href="https://example.org/x.md"' in first
    assert 'src="../../../../assets/map.png"' in first and 'href="../../../../about/"' in first
    assert "<strong>who is waiting</strong>" in first and "<li>the site</li>" in first
    second = shared["journeys/buying/stages/second/index.html"].decode()
    assert '<abbr title="HyperText Markup Language">HTML</abbr>' in second
    assert "[reference to the buyer][buyer]" in second and "A footnote on" not in second
    assert 'id="own-notes"' in second and 'href="../../moments/hello/"' in second
    assert "A footnote on journeys/buying/stages/first.md" in first
    hello = shared["journeys/buying/moments/hello/index.html"].decode()
    assert 'href="../../stages/first/#notes"' in hello


# --- the journey board (issue 15) -----------------------------------------------------------

def _lanes(html: str) -> list[str]:
    board = html[html.index('class="map-grid journey-board"'):]
    board = board[:board.index("</table>")]
    return re.findall(r'<tr class="lane lane-[a-z_]+"><th scope="row" class="row-head">([^<]+)</th>',
                      board), board


def test_the_journey_board_shows_its_lanes_in_order(sample_site):
    html = (sample_site / "journeys/getting-help/index.html").read_text(encoding="utf-8")
    lanes, board = _lanes(html)
    assert lanes == ["Customer does", "Thinking", "Feeling", "Touchpoints", "Pain points",
                     "Pivotal moments", "Opportunities", "Frontstage", "Backstage",
                     "Customer asset", "Measures"]
    # The personas head the board; one labelled line per persona runs through Feeling.
    assert '<caption class="board-head">' in board and "For <a" in board
    assert board.count('class="curve curve-persona persona-1"') >= 5 + 1  # cells + key
    assert "Lena, Crew Dispatcher</span>" in board and "Lena: <span" in board
    assert 'class="curve curve-now"' in board and 'class="curve curve-aim"' in board
    # Channel icons, from one symbol each drawn once on the page.
    assert '<use href="#channel-phone"/>' in board and '<use href="#channel-chat"/>' in board
    assert html.count('<symbol id="channel-phone"') == 1
    assert "Telephony system" in board and 'class="badge status-doing"' in board


def test_a_lane_with_nothing_in_it_is_left_out_and_text_is_escaped(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "journeys/buying/stages/first.md", front_matter({
        "name": "I look around", "roles": {"agent": "A"},
        "thinking": "<script>alert(1)</script> & more",
        "touchpoints": [{"name": "Shop", "channel": "In person"}]}))
    site = tmp_path / "site"
    assert build(root, site, lint=False).returncode == 0
    html = (site / "journeys/buying/index.html").read_text(encoding="utf-8")
    lanes, board = _lanes(html)
    assert lanes == ["Thinking", "Touchpoints", "Pivotal moments", "Frontstage"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in board
    assert '<use href="#channel-in-person"/>' in board
    assert "curve-persona" not in board


def test_channel_words_map_to_icons_in_one_place():
    from journey_atlas.board import CHANNEL_ICON_IDS, CHANNEL_ICONS, channel_icon
    assert [channel_icon(c) for c in ("Phone", "E-mail", "web", "Mobile app", "in person",
                                      "letter", "In-app chat", "carrier pigeon", None)] == [
        "phone", "email", "web", "app", "in-person", "letter", "chat", "other", "other"]
    assert set(CHANNEL_ICONS.values()) | {"other"} == set(CHANNEL_ICON_IDS)
