"""Hostile and careless content: bounded resources, contained files, errors that name the
file, text kept as written, raw HTML that cannot run script or navigate away.

The resource tests run the real command in a child process under a memory cap and a time
limit, so a regression fails here instead of taking the machine (or CI) down."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from journey_atlas.loader import load_atlas
from journey_atlas.markdown_limits import ShownAsTyped, bracket_scan_cost, too_costly
from journey_atlas.safe_markdown import SafeMarkdown
from support import CLI, MKDOCS, ROOT, build, fixed_date_env, front_matter, minimal_atlas, write

STAGE = "journeys/buying/stages/first.md"
MEMORY_CAP = 2 * 1024**3  # address space for one child: validate or a whole mkdocs build
TIME_LIMIT = 120  # seconds; the real runs take about one


def capped(*command: str, cwd: Path, timeout: int = TIME_LIMIT) -> subprocess.CompletedProcess:
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    return subprocess.run(list(command), cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit, env=fixed_date_env())


def validate(content: Path) -> subprocess.CompletedProcess:
    return capped(sys.executable, "-m", "journey_atlas", "validate", str(content),
                  cwd=content.parent)


def mkdocs_build(content: Path, site: Path, extra: str = "",
                 timeout: int = TIME_LIMIT) -> subprocess.CompletedProcess:
    config = content.parent / "mkdocs-test.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {content.name}\n"
                      f"site_dir: {site}\n{extra}", encoding="utf-8")
    return capped(*MKDOCS, "build", "-f", str(config), cwd=content.parent, timeout=timeout)


def problems(content: Path) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.message) for p in load_atlas(content).problems]


@pytest.fixture
def atlas(tmp_path) -> Path:
    return minimal_atlas(tmp_path / "content")


def billion_laughs() -> str:
    """Under 500 bytes that a naive reader expands into 9**10 values."""
    lines = ["  a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "extra:\n" + "\n".join(lines) + "\n"


# --- resource limits -----------------------------------------------------------------------

@pytest.mark.parametrize("where", ["atlas.yml", "roles/agent.md"])
def test_alias_bomb_is_refused_by_validate_under_a_memory_cap(atlas, where):
    bomb = billion_laughs()
    assert len(bomb) < 500
    if where.endswith(".md"):
        write(atlas / where, "---\nname: Agent\n" + bomb + "---\n")
        line = 4  # the front matter's '---' is line 1
    else:
        write(atlas / where, "name: Tiny Co\n" + bomb)
        line = 3
    result = validate(atlas)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert f"content/{where}:{line}:" in result.stdout
    assert "error: YAML aliases (*name) here expand to more than 10,000 values" in result.stdout


def test_alias_bomb_stops_mkdocs_build_and_leaves_the_site(atlas, tmp_path):
    write(atlas / STAGE, "---\nname: I look around\n" + billion_laughs() + "---\n")
    site = tmp_path / "site"
    write(site / "index.html", "the published site\n")
    result = mkdocs_build(atlas, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{STAGE}:4:" in result.stderr and "YAML aliases" in result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]


def test_aliases_of_ordinary_size_still_work(atlas):
    write(atlas / STAGE, "---\nname: I look around\npain_points: &p [Slow, Dear]\n"
                         "questions: *p\n---\n")
    stage = load_atlas(atlas).atlas.journeys[0].stages[0]
    assert stage.questions == ["Slow", "Dear"]


def test_merge_keys_are_read_with_the_same_limits(atlas):
    write(atlas / "glossary.yml", "base: &b {term: Ticket, means: A request}\n"
                                  "terms:\n  - <<: *b\n    customer_words: My problem\n")
    # `base` is not a glossary key: the merge itself worked and the only problem is the key.
    assert problems(atlas) == [("glossary.yml", 1, "unknown key 'base' in glossary; valid keys "
                                "are: terms (custom data belongs under 'extra:')")]
    write(atlas / "glossary.yml", "terms:\n  - &t {term: Ticket, means: A request}\n"
                                  "  - <<: *t\n    term: Case\n")
    terms = load_atlas(atlas).atlas.glossary
    assert [(t.term, t.means) for t in terms] == [("Ticket", "A request"), ("Case", "A request")]


def test_deeply_nested_yaml_is_a_depth_error_with_its_line(atlas):
    write(atlas / "roles/agent.md", "---\nname: Agent\nextra: " + "[" * 500 + "]" * 500 + "\n---\n")
    write(atlas / "personas/buyer.md", "---\nname: Buyer\nextra: " + "[" * 5000 + "]" * 5000
          + "\n---\n")
    found = problems(atlas)
    assert [(path, line) for path, line, _ in found] == [("personas/buyer.md", 3),
                                                         ("roles/agent.md", 3)]
    assert {message for _, _, message in found} == {
        "values are nested too deeply: lists and mappings go at most 50 levels inside each other"}


def nested_list(levels: int) -> str:
    return "\n".join("    " * i + "- item" for i in range(levels)) + "\n"


def test_deeply_nested_markdown_is_reported_before_the_site_is_touched(atlas, tmp_path):
    write(atlas / STAGE, front_matter({"name": "I look around"}, "Intro\n\n" + nested_list(300)))
    write(atlas / "notes.md", "# Notes\n\n" + "> " * 300 + "deep\n")
    found = problems(atlas)
    assert found == [
        ("journeys/buying/stages/first.md", 56, "Markdown nested too deeply: lists or quotes "
                                                "inside each other go at most 50 levels deep"),
        ("notes.md", 3, "Markdown nested too deeply: lists or quotes inside each other go at "
                        "most 50 levels deep")]
    site = tmp_path / "site"
    write(site / "index.html", "the published site\n")
    result = mkdocs_build(atlas, site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "first.md:56:1: error: Markdown nested too deeply" in result.stderr
    assert (site / "index.html").read_text() == "the published site\n"


def test_ordinary_nesting_and_deep_code_are_fine(atlas):
    code = "```\n" + "\n".join(" " * 300 + "x" for _ in range(3)) + "\n```\n"
    write(atlas / STAGE, front_matter({"name": "I look around"}, nested_list(12) + "\n" + code))
    assert problems(atlas) == []


# Python-Markdown scans to the end of the paragraph from every unclosed `[`: quadratic.
PATHOLOGICAL = {
    "open brackets": "[" * 20_000,
    "open images": "![" * 10_000,
    "links without an end": "[a](" * 5_000,
    "footnote starts": "[^" * 10_000,
    "references without an end": "[a][" * 5_000,
    "nested": "[" * 10_000 + "]" * 10_000,
}

ORDINARY = [
    "See [the guide](https://example.com/guide \"Guide\") and ![a map](map.png).",
    "A [reference][ref] and a [short one] and [another][].\n\n[ref]: https://example.com\n"
    "[short one]: https://example.com/s\n[another]: https://example.com/a",
    "Nested [links [with] brackets](https://example.com/(x)) stay links.",
    "A footnote[^1] in text.\n\n[^1]: The note, with [a link](https://example.com).",
    "Code `[not a link](x)` and \\[escaped\\] brackets and [unclosed ones.",
    "| a | [b](c) |\n|---|---|\n| [d] | e |",
    "- [a list](x)\n    - [nested](y)\n\n> [quoted](z) [",
]


def count_link_attempts(monkeypatch) -> list[int]:
    """Counts every time a link, image, reference or footnote pattern starts on a `[`."""
    import markdown.extensions.footnotes as footnotes
    import markdown.inlinepatterns as patterns
    calls = [0]
    for cls in (patterns.LinkInlineProcessor, patterns.ReferenceInlineProcessor,
                patterns.ImageInlineProcessor, patterns.ImageReferenceInlineProcessor,
                footnotes.FootnoteInlineProcessor):
        original = cls.handleMatch

        def counted(self, m, data, _original=original):
            calls[0] += 1
            return _original(self, m, data)
        monkeypatch.setattr(cls, "handleMatch", counted)
    return calls


def engine(*extra) -> markdown.Markdown:
    return markdown.Markdown(extensions=["toc", "tables", "footnotes", "admonition",
                                         "attr_list", SafeMarkdown(), *extra])


@pytest.mark.parametrize("text", ORDINARY)
def test_bracket_guard_leaves_ordinary_markdown_unchanged(text):
    assert not too_costly(text)
    assert engine(ShownAsTyped()).convert(text) == engine().convert(text)


def test_bracket_guard_leaves_a_long_page_of_links_unchanged():
    items = "\n".join(f"- Item {i}: [link {i}](https://example.com/{i}) and [ref {i}][r]."
                      for i in range(2_000))
    rows = "\n".join(f"| {i} | [link](https://example.com/{i}) | *{i}* |" for i in range(500))
    paragraph = " ".join(f"A sentence with [a link](https://example.com/{i}) and *stress*."
                         for i in range(100))
    text = (f"{items}\n\n| n | link | em |\n|---|---|---|\n{rows}\n\n{paragraph}\n\n"
            "[r]: https://example.com/r\n")
    assert not too_costly(paragraph)
    assert engine(ShownAsTyped()).convert(text) == engine().convert(text)


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_bracket_guard_keeps_link_parsing_linear(name, monkeypatch):
    text = PATHOLOGICAL[name]
    assert bracket_scan_cost(text) > 20 * len(text) + 10_000  # what makes it quadratic
    calls = count_link_attempts(monkeypatch)
    html = engine(ShownAsTyped()).convert(text)
    assert calls[0] == 0  # no pattern scans from any of them
    assert html.count("[") == text.count("[")  # shown as typed


def test_a_body_of_twenty_thousand_brackets_builds(atlas, tmp_path):
    write(atlas / STAGE, front_matter({"name": "I look around"}, "[" * 20_000 + "\n"))
    # A bound against hanging, not a speed target: quadratic, this took 80 s; now about 1.
    result = mkdocs_build(atlas, tmp_path / "site", timeout=40)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/journeys/buying/stages/first/index.html").read_text()
    assert "[" * 20_000 in page


# --- contained files -------------------------------------------------------------------------

def test_a_link_to_a_file_outside_the_content_is_refused(atlas, tmp_path):
    secret = write(tmp_path / "secret.txt", "API_KEY=hunter2\n")
    (atlas / "env.md").symlink_to("/proc/self/environ")
    (atlas / "roles/thief.md").symlink_to(secret)
    (atlas / "files").symlink_to(tmp_path)
    found = problems(atlas)
    assert [(path, line) for path, line, _ in found] == [("env.md", 1), ("files", 1),
                                                         ("roles/thief.md", 1)]
    assert "this is a link to /proc/self/environ, outside the content folder" in found[0][2]
    site = tmp_path / "site"
    result = mkdocs_build(atlas, site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "env.md:1:1: error: this is a link to /proc/self/environ" in result.stderr
    assert not site.exists() or not any(site.rglob("*"))
    assert "hunter2" not in result.stderr + result.stdout


def test_links_inside_the_content_folder_are_allowed(atlas, tmp_path):
    write(atlas / "guides/welcome.md", "# Welcome\n")
    (atlas / "welcome.md").symlink_to("guides/welcome.md")
    assert problems(atlas) == []
    result = mkdocs_build(atlas, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/welcome/index.html").is_file()


def test_an_editors_lock_link_is_passed_over_while_the_file_is_edited(atlas, tmp_path):
    # Emacs marks a file being edited with a link to nowhere named .#<file>: hidden, never
    # published, and no reason to stop the build (or the preview) while someone types.
    (atlas / "roles/.#agent.md").symlink_to("someone@laptop.4242:1764800000")
    (atlas / ".#atlas.yml").symlink_to("someone@laptop.4242:1764800000")
    assert problems(atlas) == []
    (atlas / "roles/agent-old.md").symlink_to("nowhere.md")  # not hidden: it is meant
    assert [(path, line) for path, line, _ in problems(atlas)] == [("roles/agent-old.md", 1)]


def test_a_link_that_loops_and_a_pipe_are_refused(atlas):
    (atlas / "journeys/again").symlink_to("..")
    os.mkfifo(atlas / "roles/pipe.md")  # reading it would never end
    assert problems(atlas) == [
        ("journeys/again", 1, "this is a link to a folder that contains it, a loop; remove "
                              "the link"),
        ("roles/pipe.md", 1, "this is not a regular file (a pipe, socket or device); only "
                             "files can be published")]


def test_a_huge_content_file_is_refused_without_reading_it(atlas):
    with open(atlas / "roles/agent.md", "r+b") as f:
        f.truncate(11 * 1024 * 1024)  # sparse: costs no disk
    assert problems(atlas) == [("roles/agent.md", 1, "this file is 11 MB; content files may "
                                                     "be at most 10 MB")]


def test_an_id_ending_in_a_newline_is_not_an_id(atlas):
    write(atlas / "roles/agent\n.md", front_matter({"name": "Agent again"}))
    found = problems(atlas)
    assert [(path, message[:40]) for path, _, message in found] == [
        ("roles/agent\n.md", "the file name 'agent\n' is not a valid ro")]


# --- encodings of ordinary pages ---------------------------------------------------------------

def test_ordinary_pages_that_are_not_utf8_text_are_reported(atlas, tmp_path):
    (atlas / "menu.md").write_bytes("# Menu\n\nCaf\xe9 cr\xe8me\n".encode("latin-1"))
    (atlas / "logo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert problems(atlas) == [
        ("logo.md", 1, "expected UTF-8 text; byte 0x89 is not valid UTF-8 (save the file as "
                       "UTF-8)"),
        ("menu.md", 3, "expected UTF-8 text; byte 0xe9 is not valid UTF-8 (save the file as "
                       "UTF-8)")]
    (atlas / "logo.md").write_bytes(b"# Logo\n\nok\x00\x01")
    (atlas / "menu.md").unlink()
    assert problems(atlas) == [("logo.md", 3, "expected text, found a NUL character (is this a "
                                              "binary file named .md?)")]
    result = mkdocs_build(atlas, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr


# --- errors that blame the right file ----------------------------------------------------------

@pytest.mark.parametrize("date", ["2024-13-01", "2024-02-30"])
def test_an_impossible_date_is_an_error_in_its_file(atlas, date):
    write(atlas / "atlas.yml", f"name: Tiny Co\nreviewed: {date}\n")
    result = validate(atlas)
    assert result.returncode == 1
    assert result.stdout == (f"content/atlas.yml:2:11: error: reviewed: expected a date written "
                             f"YYYY-MM-DD; {date} is not a day of the calendar\n")
    exported = capped(sys.executable, "-m", "journey_atlas", "export", str(atlas),
                      cwd=atlas.parent)
    assert exported.returncode == 1 and "Traceback" not in exported.stderr
    assert "atlas.yml:2:11: error: reviewed" in exported.stderr


def test_a_number_too_large_for_the_charts_is_an_error(atlas, tmp_path):
    write(atlas / STAGE, "---\nname: I look around\nmetrics:\n  entered: " + "9" * 300
          + "\n---\n")
    found = problems(atlas)
    assert found == [(STAGE, 4, "metrics › entered: expected a whole number from 0 to "
                                "1,000,000,000,000, got "
                                "9999999999999999999999999999999999999...")]
    result = mkdocs_build(atlas, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_text_fields_keep_what_was_written(atlas, tmp_path):
    write(atlas / "personas/buyer.md", "---\nname: 0x1F\nsegment: 010\nquote: 12:30\n"
                                       "goals: [1e3, yes, 2024-01-01]\n---\n")
    write(atlas / STAGE, "---\nname: I look around\ntouchpoints:\n  - {name: Desk, "
                         "channel: 12:30}\nfeeling: no\n---\n")
    loaded = load_atlas(atlas)
    assert loaded.problems == []
    persona = loaded.atlas.personas["buyer"]
    assert (persona.name, persona.segment, persona.quote) == ("0x1F", "010", "12:30")
    assert persona.goals == ["1e3", "yes", "2024-01-01"]
    stage = loaded.atlas.journeys[0].stages[0]
    assert (stage.touchpoints[0].channel, stage.feeling) == ("12:30", "no")
    assert build(atlas, tmp_path / "site", lint=False).returncode == 0
    page = (tmp_path / "site/personas/buyer/index.html").read_text()
    assert "<h1>0x1F</h1>" in page and "12:30" in page


def test_heading_with_an_ampersand_is_the_title_as_written(atlas, tmp_path):
    write(atlas / "faq.md", "# Q&A <b>now</b>\n\nAsk away.\n")
    assert build(atlas, tmp_path / "site", lint=False).returncode == 0
    page = (tmp_path / "site/faq/index.html").read_text()
    assert "<title>Q&amp;A &lt;b&gt;now&lt;/b&gt; · " in page
    assert '<li aria-current="page"><span dir="auto">Q&amp;A &lt;b&gt;now&lt;/b&gt;</span></li>' in page
    assert "&amp;amp;" not in page


# --- raw HTML, when an atlas opts in ----------------------------------------------------------

def test_raw_html_cannot_navigate_away_or_run_handlers(atlas, tmp_path):
    write(atlas / STAGE, front_matter({"name": "I look around"}, """
<meta http-equiv="refresh" content="0; url=https://evil.example/">
<base href="https://evil.example/">

A <span onclick="steal()" class="note">note</span> and <a href="javascript:steal()">x</a>.

<div onmouseover=steal() title='say "hi"'><iframe srcdoc="<script>steal()</script>"></iframe>
<img src=map.png onerror=steal()//></div>

Styled paragraph
{: onclick="steal()" .lead }
"""))
    options = ("plugins:\n  - search\n  - journey-atlas:\n      allow_raw_html: true\n"
               "markdown_extensions:\n  - attr_list\n")
    result = mkdocs_build(atlas, tmp_path / "site", options)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/journeys/buying/stages/first/index.html").read_text()
    body = page[page.index("<main"):]
    for bad in ("http-equiv", "evil.example", "onclick", "onmouseover", "onerror", "srcdoc",
                "javascript:", "steal()"):
        assert bad not in body, bad
    # What raw HTML is for still works.
    assert '<span class="note">note</span>' in body
    assert '<div title="say &quot;hi&quot;">' in body and '<img src="map.png">' in body
    assert '<p class="lead">Styled paragraph</p>' in body


def test_attr_list_handlers_are_dropped_without_raw_html_too():
    html = engine().convert("Styled\n{: onclick=\"steal()\" .lead }")
    assert html == '<p class="lead">Styled</p>'


# --- found by an attacker after the first round --------------------------------------------

def test_links_in_hidden_folders_are_checked_too(atlas, tmp_path):
    (atlas / ".h").mkdir()
    (atlas / ".h/env.txt").symlink_to("/proc/self/environ")
    (atlas / ".h/zero.txt").symlink_to("/dev/zero")  # would write gigabytes
    (atlas / ".h/up").symlink_to("..")
    (atlas / "pub").symlink_to(".h")  # MkDocs follows this one into .h
    found = problems(atlas)
    assert [(path, message[:24]) for path, _, message in found] == [
        (".h/env.txt", "this is a link to /proc/"), (".h/up", "this is a link to a fold"),
        (".h/zero.txt", "this is a link to /dev/z")]
    result = mkdocs_build(atlas, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("payload, gone", [
    ('<!--><meta http-equiv="refresh" content="1; url=https://evil.example/">-->',
     "evil.example"),
    ("<div><svg><style><a href=\"javascript:steal()\">x</a><img src=x onerror=steal()>"
     "</style></svg></div>", "steal()"),
    ('<script src="../files/x.js"></script>', "x.js"),
    ('<svg><a><animate attributeName="href" values="javascript:steal()"/></a></svg>', "steal"),
    ('<svg><animate attributeName="x" values="0;javascript:steal()"/></svg>', "steal"),
    ("<plaintext>", "plaintext"),
])
def test_raw_html_tricks_past_a_simple_parser_are_taken_out(payload, gone):
    html = markdown.Markdown(extensions=[SafeMarkdown(raw_html=True)]).convert(
        f"Before\n\n{payload}\n\nAfter")
    assert gone not in html
    assert html.startswith("<p>Before</p>") and html.endswith("<p>After</p>")


def test_aliases_that_repeat_a_long_text_are_refused(atlas):
    write(atlas / STAGE, "---\nname: I look around\nfeeling: &a " + "x" * 50_000
          + "\npain_points: [" + ", ".join(["*a"] * 9_000) + "]\n---\n")
    [(path, line, message)] = problems(atlas)
    assert (path, line) == (STAGE, 3) and "1,000,000 characters" in message


def test_many_merge_keys_are_read_in_linear_time(atlas):
    # Each merge used to copy everything merged before: 30,000 of them took 26 s.
    lines = "".join(f"  <<: {{k{i}: v}}\n" for i in range(30_000))
    write(atlas / "journeys/buying/journey.yml", "title: Buying\nstages: [first, second]\n"
                                                 "extra:\n" + lines)
    result = validate(atlas)  # under the memory cap and the time limit
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_megabyte_of_yaml_is_refused_before_it_is_read(atlas):
    write(atlas / "glossary.yml", "terms: []\nx: [" + "a," * 600_000 + "a]\n")
    assert problems(atlas) == [("glossary.yml", 1, "the YAML here is 1,200 KB; atlas files "
                                "hold at most 1,000 KB of it (long notes belong in the "
                                "Markdown body)")]


@pytest.mark.parametrize("name, body, line", [
    ("markers on one line", "- " * 500 + "x\n", 3),
    ("old Mac line ends", "\r".join("    " * i + "- x" for i in range(300)), 53),
    ("emphasis", "**" * 1000 + "x" + "**" * 1000 + "\n", 3),
])
def test_deep_nesting_in_other_shapes_is_reported(atlas, name, body, line):
    write(atlas / "notes.markdown", "# Notes\n\n" + body)
    [(path, found_line, message)] = problems(atlas)
    assert (path, found_line) == ("notes.markdown", line)
    assert message.startswith("Markdown nested too deeply")


def test_paragraphs_that_would_be_quadratic_build_in_linear_time(atlas, tmp_path):
    write(atlas / "page.md", "# Page\n\n" + "[" * 80_000 + "\n\n" + "*a* " * 20_000 + "\n")
    result = mkdocs_build(atlas, tmp_path / "site", timeout=40)  # was 25 s and more
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/page/index.html").read_text()
    assert "[" * 80_000 in page and "*a* *a*" in page  # shown as typed


def test_unclosed_parentheses_in_prose_keep_its_links():
    text = "We heard :( and :( " * 30 + "then [the fix](https://example.com) arrived."
    assert not too_costly(text)
    assert '<a href="https://example.com">the fix</a>' in engine(ShownAsTyped()).convert(text)


@pytest.mark.parametrize("extra, message", [
    ("blob: !!binary aGVsbG8=", "expected data that JSON can hold, got binary data"),
    ("n: .nan", "expected data that JSON can hold, got the number nan"),
])
def test_extra_data_must_fit_in_json(atlas, extra, message):
    write(atlas / "roles/agent.md", f"---\nname: Agent\nextra:\n  {extra}\n---\n")
    [(path, line, found)] = problems(atlas)
    assert (path, line) == ("roles/agent.md", 4) and message in found


def test_a_date_far_in_the_future_is_an_error_in_its_file(atlas):
    write(atlas / "atlas.yml", "name: Tiny Co\nreviewed: 9999-12-31\nreview_every_months: 12\n")
    result = validate(atlas)
    assert result.returncode == 1
    assert result.stdout.startswith("content/atlas.yml:2:11: error: reviewed: expected a date "
                                    "written YYYY-MM-DD between 1900 and 2999")


def test_touchpoint_shorthand_and_a_lone_equals_sign_are_text(atlas):
    write(atlas / STAGE, "---\nname: I look around\ntouchpoints: [0x1F]\npain_points: [=]\n---\n")
    loaded = load_atlas(atlas)
    assert loaded.problems == []
    stage = loaded.atlas.journeys[0].stages[0]
    assert (stage.touchpoints[0].name, stage.pain_points) == ("0x1F", ["="])


def test_a_list_where_text_is_expected_says_so(atlas):
    write(atlas / "atlas.yml", "name: [Tiny, Co]\n")
    assert problems(atlas) == [("atlas.yml", 1, "name: expected text, got a list")]


def test_control_characters_in_names_and_cells_reach_the_terminal_as_escapes(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "kpis.yml", "kpis:\n  - {id: csat, name: Satisfaction}\n")
    write(root / "kpis/csat.csv", "date,journey,stage,value\n"
                                  "2026-01-01,\x1b[2J\x1b]0;PWNED\x07evil,,1\n")
    result = subprocess.run(CLI + ["validate", str(root)], capture_output=True, text=True)
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
    assert "unknown journey '\\x1b[2J\\x1b]0;PWNED\\x07evil'" in result.stdout + result.stderr
