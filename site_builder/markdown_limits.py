"""Markdown that would take Python-Markdown down: checked before a build, guarded during it.

A few hundred bytes of the wrong shape are enough:
- lists or quotes nested a few hundred levels deep, or emphasis a thousand deep, exhaust
  Python's recursion limit (`nesting_problems` reports them when the content is checked,
  with file and line, before a build touches the site folder);
- thousands of unclosed `[` make the link patterns scan to the end of the paragraph from
  every one of them, and every inline match (an escape, an emphasis, an entity) rebuilds
  the paragraph's whole text: both grow with the square of the paragraph (`ShownAsTyped`).
"""

from __future__ import annotations

import html
import re

import markdown
from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .problems import ProblemList
from .sources import MAX_DEPTH

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # Markdown takes a lone \r as a line end too
_FENCE = re.compile(r"^(```|~~~)")
_QUOTE_OR_SPACE = re.compile(r"[ \t>]*")
_LIST_MARKERS = re.compile(r"(?:(?:[-*+]|\d+[.)])(?:[ \t]+|$))+")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d+[.)])(?:[ \t]+|$)")
# Characters that can start an inline pattern: each match rebuilds the paragraph's text.
_INLINE_MARKERS = re.compile(r"[*_`\\\[\]!<&~]")


def nesting_depth(line: str) -> int:
    """How many lists and quotes a line stands inside, as Python-Markdown counts them: a
    `>` per quote, four columns of indentation per list level, and each list marker that
    starts the line (`- - - x` is three lists deep)."""
    prefix = _QUOTE_OR_SPACE.match(line).group()
    columns = len(prefix.replace(">", "").expandtabs(4))
    markers = _LIST_MARKERS.match(line, len(prefix))
    count = len(_LIST_MARKER.findall(markers.group())) if markers else 0
    return prefix.count(">") + columns // 4 + count


def nesting_problems(text: str, rel: str, first_line: int, problems: ProblemList) -> None:
    """Report the first line of `text` nested deeper than MAX_DEPTH lists and quotes, and
    any paragraph whose emphasis or links nest too deeply to draw."""
    if len(text) <= MAX_DEPTH:  # too short to be that deep: most bodies end here
        return
    in_fence = False
    lines = _LINE_BREAK.split(text)
    for number, line in enumerate(lines, start=first_line):
        if _FENCE.match(line):  # fenced code is copied as it is, whatever its indentation
            in_fence = not in_fence
            continue
        if not in_fence and nesting_depth(line) > MAX_DEPTH:
            problems.error(rel, number, f"Markdown nested too deeply: lists or quotes inside "
                                        f"each other go at most {MAX_DEPTH} levels deep")
            return
    for start, paragraph in _paragraphs(lines):
        if paragraph.count("*") + paragraph.count("_") + paragraph.count("[") < 300:
            continue  # far too few to nest a thousand deep
        try:  # rare enough to try, with the build's guard: the same engine, this text alone
            # `toc` walks the page's tree by recursion: what a deep tree overflows first.
            markdown.markdown(paragraph, extensions=["toc", ShownAsTyped()])
        except RecursionError:
            problems.error(rel, first_line + start, "Markdown nested too deeply: emphasis or "
                                                    "links inside each other a thousand deep")
            return


def _paragraphs(lines: list[str]):
    """(first line, text) of each run of lines between blank lines."""
    start, block = 0, []
    for number, line in enumerate(lines + [""]):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, "\n".join(block)
            block = []


# Where Python-Markdown starts a new text of its own: a list item, a heading, a quote, a
# table row. Inline patterns work on one such text at a time.
_BLOCK_START = re.compile(r"[ \t>]*(?:(?:[-*+]|\d+[.)])(?:[ \t]+|$)|#|\|)")
_PREFIX = re.compile(r"[ \t>]*(?:(?:[-*+]|\d+[.)])(?:[ \t]+|$))*#*[ \t]*")


def _texts(lines: list[str]):
    """The runs of lines that inline patterns read as one text, with their blank lines."""
    block: list[str] = []
    for line in lines:
        if not line.strip() or _BLOCK_START.match(line):
            if block:
                yield block
            block = []
            if not line.strip():
                yield [line]
                continue
        block.append(line)
    if block:
        yield block


# Budgets, in characters scanned or copied. Ordinary text is far below them: a paragraph's
# links scan little more than its own length, and a long paragraph of 5,000 characters with
# 200 emphasis marks and links copies about a million.
SCAN_PER_CHARACTER = 20  # link patterns: scans per character of the paragraph
SCAN_ALLOWANCE = 10_000
COPIES_PER_PARAGRAPH = 20_000_000  # inline matches × paragraph length
COPIES_PER_DOCUMENT = 100_000_000
_BRACKETS = re.compile(r"[\[\]()]")


def bracket_scan_cost(text: str) -> int:
    """Characters Python-Markdown's link patterns would scan in `text` (at most): from each
    `[` to its `]`, and from each `](` to its `)`, or to the end when there is none."""
    matched: dict[int, int] = {}
    opened: dict[str, list[int]] = {"[": [], "(": []}
    for match in _BRACKETS.finditer(text):
        char, at = match.group(), match.start()
        if char in opened:
            opened[char].append(at)
        else:
            stack = opened["[" if char == "]" else "("]
            if stack:
                matched[stack.pop()] = at
    links = {end + 1 for at, end in matched.items()
             if text[at] == "[" and text[end + 1:end + 2] == "("}
    cost = sum(end - at for at, end in matched.items() if text[at] == "[" or at in links)
    unclosed = opened["["] + [at for at in opened["("] if at in links]
    return cost + sum(len(text) - at for at in unclosed)


def copy_cost(text: str) -> int:
    """Characters copied when every inline match rebuilds the paragraph (at most)."""
    return len(_INLINE_MARKERS.findall(text)) * len(text)


def too_costly(text: str, copies: int | None = None) -> bool:
    """Whether `text` would cost more than its budgets (`copies`: its copy_cost, if known)."""
    if (copy_cost(text) if copies is None else copies) > COPIES_PER_PARAGRAPH:
        return True
    budget = SCAN_PER_CHARACTER * len(text) + SCAN_ALLOWANCE
    # Quick bound first: each bracket scans at most the whole paragraph.
    if (text.count("[") + text.count("(")) * len(text) <= budget:
        return False
    return bracket_scan_cost(text) > budget


class _Guard(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out, spent = [], 0
        for block in _texts(lines):
            text = "\n".join(block)
            if not text.strip():
                out += block
                continue
            copies = copy_cost(text)
            spent += copies
            if spent > COPIES_PER_DOCUMENT or too_costly(text, copies):
                # Shown exactly as typed: each line keeps its list marker or heading, and
                # the rest is set aside as escaped text that no pattern reads.
                block = [self._as_typed(line) for line in block]
            out += block
        return out


    def _as_typed(self, line: str) -> str:
        prefix = _PREFIX.match(line).end()
        return line[:prefix] + self.md.htmlStash.store(html.escape(line[prefix:]))


class ShownAsTyped(Extension):
    """Keeps Markdown linear: a paragraph that would cost more than the budgets above is
    shown as typed (escaped, no emphasis or links), and so is the rest of a document that
    has spent its budget. Ordinary text, links and all, is far below them and comes out
    unchanged."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After fenced code is set aside (25), so code is untouched.
        md.preprocessors.register(_Guard(md), "journey_atlas_shown_as_typed", 15)
