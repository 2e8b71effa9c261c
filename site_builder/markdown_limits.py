"""Markdown that would take Python-Markdown down: checked before a build, guarded during it.

Two shapes of a few hundred bytes each are enough:
- lists or quotes nested a few hundred levels deep exhaust Python's recursion limit
  (`nesting_problems` reports them when the content is checked, with file and line);
- thousands of unclosed `[` make Python-Markdown's link patterns scan to the end of the
  paragraph from every one of them: 20,000 take over a minute (`LinearBrackets`).
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .problems import ProblemList
from .sources import MAX_DEPTH

_FENCE = re.compile(r"^(```|~~~)")
_QUOTE_OR_SPACE = re.compile(r"[ \t>]*")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d+[.)])(?:[ \t]|$)")


def nesting_depth(line: str) -> int:
    """How many lists and quotes a line stands inside, as Python-Markdown counts them: a
    `>` per quote, four columns of indentation per list level, and the line's own marker."""
    prefix = _QUOTE_OR_SPACE.match(line).group()
    columns = len(prefix.replace(">", "").expandtabs(4))
    depth = prefix.count(">") + columns // 4
    return depth + (1 if _LIST_MARKER.match(line, len(prefix)) else 0)


def nesting_problems(text: str, rel: str, first_line: int, problems: ProblemList) -> None:
    """Report the first line of `text` nested deeper than MAX_DEPTH lists and quotes."""
    if len(text) <= MAX_DEPTH:  # too short to be that deep: most bodies end here
        return
    in_fence = False
    for number, line in enumerate(text.split("\n"), start=first_line):
        if _FENCE.match(line):  # fenced code is copied as it is, whatever its indentation
            in_fence = not in_fence
            continue
        if not in_fence and nesting_depth(line) > MAX_DEPTH:
            problems.error(rel, number, f"Markdown nested too deeply: lists or quotes inside "
                                        f"each other go at most {MAX_DEPTH} levels deep")
            return


# Reading links costs Python-Markdown, for every `[` (and every `(` after a `]`), a scan to
# its partner or, unclosed, to the end of the paragraph. Ordinary text scans a little more
# than its own length; past this, a paragraph's brackets are shown as plain text.
SCAN_PER_CHARACTER = 20
SCAN_ALLOWANCE = 10_000
_BRACKETS = re.compile(r"[\[\]()]")
_UNESCAPED_OPEN = re.compile(r"(\\*)\[")


def bracket_scan_cost(text: str) -> int:
    """Characters Python-Markdown's link patterns would scan in `text` (at most)."""
    opened: dict[str, list[int]] = {"[": [], "(": []}
    cost = 0
    for match in _BRACKETS.finditer(text):
        char, at = match.group(), match.start()
        if char in opened:
            opened[char].append(at)
        else:
            stack = opened["[" if char == "]" else "("]
            if stack:
                cost += at - stack.pop()
    return cost + sum(len(text) - at for stack in opened.values() for at in stack)


def too_costly(text: str) -> bool:
    budget = SCAN_PER_CHARACTER * len(text) + SCAN_ALLOWANCE
    # Quick bound first: each bracket scans at most the whole paragraph.
    if (text.count("[") + text.count("(")) * len(text) <= budget:
        return False
    return bracket_scan_cost(text) > budget


def _escape_brackets(line: str) -> str:
    return _UNESCAPED_OPEN.sub(
        lambda m: m.group(1) + ("\\[" if len(m.group(1)) % 2 == 0 else "["), line)


class _BracketGuard(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out, paragraph = [], []
        for line in lines + [""]:
            if line.strip():
                paragraph.append(line)
                continue
            if paragraph and too_costly("\n".join(paragraph)):
                paragraph = [_escape_brackets(text) for text in paragraph]
            out += paragraph + [line]
            paragraph = []
        return out[:-1]


class LinearBrackets(Extension):
    """Keeps link parsing linear: a paragraph whose brackets would cost more than
    SCAN_PER_CHARACTER scans per character gets them escaped (shown as typed, no links).
    Ordinary text, links and all, is far below that and comes out unchanged."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After fenced code is set aside (25), so code keeps its brackets.
        md.preprocessors.register(_BracketGuard(md), "journey_atlas_linear_brackets", 15)
