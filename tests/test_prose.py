"""The plain-prose shortcut gives exactly what Python-Markdown gives, or steps aside."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journey_atlas.prose import PROSE_NEUTRAL_EXTENSIONS, engine_leaves_prose_alone, prose_html
from journey_atlas.safe_markdown import SafeMarkdown


def markdown_html(text: str) -> str:
    engine = markdown.Markdown(extensions=sorted(PROSE_NEUTRAL_EXTENSIONS) + [SafeMarkdown()])
    return engine.convert(text)


PLAIN = "aZqé漢ß09 .,;:?!'\"()/%’“…"
MARKUP = "-*_#>`<&[]{}|~=+^\\\t\r:!\u00a0"
# Pieces rather than characters, so blank lines, indents and line-end spaces turn up often.
# Plain characters are drawn most often, so that many texts are prose and the two agree.
texts = st.lists(st.sampled_from(list(PLAIN) * 12 + list(MARKUP) + ["\n", "\n\n", "  \n", "    ",
                                                                  "1. ", " \n", "\n "]),
                 max_size=40).map("".join)
plain_lines = st.from_regex(r"[A-Za-zé][a-z .,;?'’]{0,30}[a-z.?]", fullmatch=True)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_shortcut_matches_markdown_whenever_it_answers(text):
    html = prose_html(text)
    if html is not None:
        assert html == markdown_html(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(plain_lines, min_size=1, max_size=3), min_size=1, max_size=3))
def test_paragraphs_of_plain_sentences_take_the_shortcut(paragraphs):
    text = "\n\n".join("\n".join(lines) for lines in paragraphs) + "\n"
    html = prose_html(text)
    assert html is not None
    assert html == markdown_html(text)
    assert html.count("<p>") == len(paragraphs)


@pytest.mark.parametrize("text", [
    "- a list item", "1. first", "Title\n=====", "A line with a break  \nnext",
    "Fish & chips", "Some *emphasis*", "snake_case", "    code", "See [the map](x.md)",
    "!!! note", "Term\n: definition", "<b>bold</b>", "a | b", "Windows line\r\nend",
    "> quoted", "# Heading"])
def test_anything_that_could_be_markdown_steps_aside(text):
    assert prose_html(text) is None


def test_shortcut_only_with_extensions_that_prose_cannot_trigger():
    assert engine_leaves_prose_alone(["toc", "tables", "fenced_code", SafeMarkdown()], {})
    assert engine_leaves_prose_alone(["markdown.extensions.footnotes"], {"toc": {"permalink": 1}})
    assert not engine_leaves_prose_alone(["toc", "smarty"], {})  # turns quotes curly
    assert not engine_leaves_prose_alone(["pymdownx.emoji"], {})
    assert not engine_leaves_prose_alone([markdown.extensions.Extension()], {})
    assert not engine_leaves_prose_alone(["toc"], {"toc": {"marker": "CONTENTS"}})
