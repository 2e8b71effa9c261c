"""Small, deterministic helpers for drawing SVG by hand.

Every number is printed with fixed precision and every text goes through `esc`, so the
same data always gives the same bytes and no text from content can become markup.
"""

from __future__ import annotations

import functools
import unicodedata
from html import escape
from typing import Iterable, Sequence

Point = tuple[float, float]


def esc(text: object) -> str:
    """Escape text for SVG/HTML content and attribute values (quotes included)."""
    return escape(str(text), quote=True)


def num(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros, no '-0'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def smooth_path(points: Sequence[Point], tension: float = 0.5) -> str:
    """A smooth curve through `points` (Catmull-Rom turned into cubic Béziers)."""
    if not points:
        return ""
    parts = [f"M{num(points[0][0])} {num(points[0][1])}"]
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) * tension / 3, p1[1] + (p2[1] - p0[1]) * tension / 3)
        c2 = (p2[0] - (p3[0] - p1[0]) * tension / 3, p2[1] - (p3[1] - p1[1]) * tension / 3)
        parts.append(f"C{num(c1[0])} {num(c1[1])} {num(c2[0])} {num(c2[1])} "
                     f"{num(p2[0])} {num(p2[1])}")
    return " ".join(parts)


@functools.lru_cache(maxsize=4096)  # measured for every label of every drawing
def char_width(char: str) -> float:
    """Rough advance of one character, in em: wide for CJK, narrow for marks."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char in "il.,:;'|!":
        return 0.3
    if char.isupper() or char in "mwMW@%":
        return 0.68
    return 0.53


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


def wrap(text: str, max_em: float, max_lines: int) -> list[str]:
    """Break `text` into at most `max_lines` lines of about `max_em` em; the last line ends
    with an ellipsis when text was cut. Words longer than a line (or scripts written without
    spaces) break between characters."""
    lines: list[str] = []
    current = ""
    for word in _words(text):
        candidate = (current + " " + word) if current else word
        if text_width(candidate) <= max_em:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while text_width(word) > max_em:  # break an over-long word
            cut = _fit(word, max_em)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…") > max_em:
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + "…"]
    return lines


def _words(text: str) -> Iterable[str]:
    return " ".join(text.split()).split(" ") if text.strip() else []


def _fit(word: str, max_em: float) -> int:
    width = 0.0
    for i, char in enumerate(word):
        width += char_width(char)
        if width > max_em:
            return max(i, 1)
    return len(word)


def text_lines(lines: Sequence[str], x: float, y: float, line_height: float, cls: str) -> str:
    spans = "".join(f'<tspan x="{num(x)}" dy="{num(0 if i == 0 else line_height)}">{esc(line)}'
                    f"</tspan>" for i, line in enumerate(lines))
    return f'<text class="{cls}" x="{num(x)}" y="{num(y)}">{spans}</text>'
