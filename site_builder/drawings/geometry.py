"""The numbers behind every drawing: where an emotion sits, where stages stand, how curves
bend through points, how text wraps, how a face is shaped.

This is the only place an emotion score becomes a height: each drawing has its own `Scale`
(a baseline and a step), and everything that puts a score on paper goes through
`Scale.y`. Nothing here makes markup; the theme's partials/drawings/ draw what this
computes, and print numbers with `num` (the `num` filter in templates), so the same data
always gives the same bytes.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

Point = tuple[float, float]


def num(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zeros, no '-0'."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- emotion -> height ---------------------------------------------------------------------

@dataclass(frozen=True)
class Scale:
    """Where emotion scores sit in one drawing: a neutral 0 at `zero_y`, each point of
    emotion `step` units higher (SVG's y grows downwards, so happier is smaller y)."""

    zero_y: float
    step: float

    def y(self, score: float) -> float:
        return self.zero_y - score * self.step


# Each drawing's vertical scale. The atlas map draws one route per lane, each level with
# its lane's middle, so it has a step here and a Scale per lane (`atlas_route`).
JOURNEY_MAP = Scale(zero_y=256, step=44)  # the road: level ground at 256, hills 44 a point
EMOTION_CHART = Scale(zero_y=116, step=46)  # grid rows 46 apart, +2 on the top row (y 24)
SPARKLINE = Scale(zero_y=20, step=9)  # a card's miniature curve, 36 high from -2 to +2
ATLAS_ROUTE_STEP = 16


def atlas_route(lane_middle: float) -> Scale:
    return Scale(zero_y=lane_middle, step=ATLAS_ROUTE_STEP)


def filled_emotions(scores: list[int | None]) -> list[float]:
    """Stages without an emotion sit between their neighbours (or on level ground)."""
    known = [(i, s) for i, s in enumerate(scores) if s is not None]
    if not known:
        return [0.0] * len(scores)
    out = []
    for i, score in enumerate(scores):
        if score is not None:
            out.append(float(score))
            continue
        before = [(j, s) for j, s in known if j < i]
        after = [(j, s) for j, s in known if j > i]
        if before and after:
            (j0, s0), (j1, s1) = before[-1], after[0]
            out.append(s0 + (s1 - s0) * (i - j0) / (j1 - j0))
        else:
            out.append(float((before[-1] if before else after[0])[1]))
    return out


# --- stages across ---------------------------------------------------------------------------

def spread(count: int, start: float, end: float) -> list[float]:
    """x of `count` stages spaced evenly from `start` to `end` (count > 1)."""
    return [start + i * (end - start) / (count - 1) for i in range(count)]


# --- shapes ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Position:
    x: float
    y: float


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class TextBlock:
    """Lines of text set from (x, y), each next line `line_height` lower."""

    x: float
    y: float
    lines: list[str]
    line_height: float


@dataclass(frozen=True)
class FaceShape:
    """The face whose mouth follows the emotion, at one size: a round head around
    (centre, centre), two eyes, a mouth path for each score from -2 to +2."""

    centre: float
    radius: float
    eye_x: tuple[float, float]  # left eye, right eye
    eye_y: float
    eye_radius: float
    mouths: dict[int, str]
    box: float = 0  # the side of its viewBox, when the face stands alone


# The journey map's markers sit on the road, drawn around their own origin.
MARKER_FACE = FaceShape(
    centre=0, radius=17, eye_x=(-5.5, 5.5), eye_y=-4, eye_radius=2,
    mouths={-2: "M-8 7 Q0 -1 8 7", -1: "M-7 6 Q0 2 7 6", 0: "M-7 5 L7 5",
            1: "M-7 3 Q0 9 7 3", 2: "M-8 2 Q0 12 8 2"})
# The small face beside emotion words in tables and lists (fragment.face).
BADGE_FACE = FaceShape(
    centre=16, radius=14.5, eye_x=(11, 21), eye_y=12.5, eye_radius=1.8, box=32,
    mouths={-2: "M9 22 Q16 14 23 22", -1: "M10 21 Q16 17 22 21", 0: "M10 20 L22 20",
            1: "M10 18 Q16 23 22 18", 2: "M9 17 Q16 26 23 17"})
FACES = {"marker": MARKER_FACE, "badge": BADGE_FACE}


# --- curves ----------------------------------------------------------------------------------

def smooth_path(points: Sequence[Point], tension: float = 0.5) -> str:
    """A smooth curve through `points` (Catmull-Rom turned into cubic Béziers), as SVG
    path data."""
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


def monotone_path(points: Sequence[Point]) -> str:
    """A smooth curve through `points` (x strictly increasing) that never overshoots them:
    monotone cubic interpolation (Fritsch-Carlson) turned into cubic Béziers, as SVG path
    data. Between two points the curve stays between their heights, and it is level at
    every peak and valley, so a drawing never shows an emotion the data does not have."""
    if not points:
        return ""
    n = len(points)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    h = [xs[i + 1] - xs[i] for i in range(n - 1)]
    delta = [(ys[i + 1] - ys[i]) / h[i] if h[i] else 0.0 for i in range(n - 1)]
    m = [0.0] * n
    if n > 1:
        m[0], m[-1] = delta[0], delta[-1]
    for i in range(1, n - 1):
        m[i] = 0.0 if delta[i - 1] * delta[i] <= 0 else (delta[i - 1] + delta[i]) / 2
    for i in range(n - 1):
        if delta[i] == 0:
            m[i] = m[i + 1] = 0.0
            continue
        a, b = m[i] / delta[i], m[i + 1] / delta[i]
        if a < 0:
            m[i], a = 0.0, 0.0
        if b < 0:
            m[i + 1], b = 0.0, 0.0
        if a * a + b * b > 9:  # keep the tangents inside the monotone region
            t = 3 / (a * a + b * b) ** 0.5
            m[i], m[i + 1] = t * a * delta[i], t * b * delta[i]
    parts = [f"M{num(xs[0])} {num(ys[0])}"]
    for i in range(n - 1):
        low, high = min(ys[i], ys[i + 1]), max(ys[i], ys[i + 1])
        c1y = min(high, max(low, ys[i] + m[i] * h[i] / 3))
        c2y = min(high, max(low, ys[i + 1] - m[i + 1] * h[i] / 3))
        parts.append(f"C{num(xs[i] + h[i] / 3)} {num(c1y)} {num(xs[i + 1] - h[i] / 3)} "
                     f"{num(c2y)} {num(xs[i + 1])} {num(ys[i + 1])}")
    return " ".join(parts)


# --- text ------------------------------------------------------------------------------------

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


@functools.lru_cache(maxsize=65536)  # a flag's name is fitted to several places in turn
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
