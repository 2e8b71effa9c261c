"""The illustrated journey map: a road through the stages across a landscape whose hills
and valleys follow the customer's emotion, with flags for pivotal moments and warning
signs for pain points.

This module lays the map out (positions, paths, wrapped names); the markup is the theme's
partials/drawings/journey_map.svg.html, where every stage and moment is a link, in journey
order, so the keyboard walks the road from start to finish.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Journey, Moment, Stage
from .geometry import (JOURNEY_MAP, MARKER_FACE, Box, Point, Position, TextBlock,
                       filled_emotions, num, smooth_path, spread, wrap)

HEIGHT = 470
STAGE_SPACING = 190
SIDE = 105  # room left and right of the first and last stage
MIN_WIDTH = 900
LABEL_TOP = 352
LABEL_HEIGHT = 96
FLAG_HEIGHT = 70
# Drawn at 80 % of its natural size: big enough to read, small enough that a nine-stage
# journey mostly fits a laptop screen (the rest scrolls sideways).
DISPLAY_SCALE = 0.8


@dataclass
class Flag:
    """A pivotal moment's flag, planted beside its stage's face."""

    moment: Moment
    owners: list[str]  # names of the roles that own the moment
    x: float  # the pole
    base: float
    top: float
    ring: Box  # the focus ring
    shape: str  # path data of the flag; its shape tells the moment's kind
    star: str | None  # path data of the star on a first impression


@dataclass
class StageMark:
    """A stage on the road: its face, its post and sign, its pain-point warning."""

    stage: Stage
    x: float
    y: float  # road height from the current emotion
    desired_y: float | None
    post_top: float  # the post runs from under the face down to the sign
    ring: Box  # the focus ring around face, post and sign
    sign: Box
    number: Position  # the stage's number on its sign
    internal: tuple[Position, str] | None  # the internal name on the sign, cut to one line
    name: TextBlock
    warning: Position | None  # the warning sign, when the stage has pain points
    flags: list[Flag]


@dataclass
class Weather:
    """Rain over a valley of frustration, a sparkle over a moment of delight."""

    kind: str  # "rain" or "sparkle"
    x: float
    y: float
    drops: list[tuple[float, float]]  # rain lines: x at the top, x at the bottom


@dataclass
class Cloud:
    x: float
    y: float
    scale: float


@dataclass
class JourneyMap:
    journey: Journey
    uid: str  # prefix of the ids inside the drawing
    width: float
    height: float
    display_width: float
    display_height: float
    sun_x: float
    clouds: list[Cloud]
    far_hill: str  # path data
    near_hill: str
    weather: list[Weather]
    road: str  # path data
    desired_path: str  # where we aim, through the desired emotions ("" with one point)
    desired_dots: list[Point]
    stages: list[StageMark]  # in journey order, each with its moments' flags

    @property
    def has_desired(self) -> bool:
        return bool(self.desired_dots)


def layout(journey: Journey, role_names: dict[str, str]) -> JourneyMap:
    n = len(journey.stages)
    width = max(MIN_WIDTH, 2 * SIDE + (n - 1) * STAGE_SPACING)
    xs = spread(n, SIDE, width - SIDE) if n > 1 else [width / 2]
    scores = filled_emotions([s.emotion for s in journey.stages])
    ys = [JOURNEY_MAP.y(score) for score in scores]
    road = [(0.0, ys[0])] + list(zip(xs, ys)) + [(width, ys[-1])]
    marks = [_stage_mark(journey, stage, x, y, role_names)
             for stage, x, y in zip(journey.stages, xs, ys)]
    desired = [(m.x, m.desired_y) for m in marks if m.desired_y is not None]
    return JourneyMap(
        journey=journey, uid=f"jm-{journey.id}", width=width, height=HEIGHT,
        display_width=width * DISPLAY_SCALE, display_height=HEIGHT * DISPLAY_SCALE,
        sun_x=width - 70, clouds=_clouds(width), far_hill=_hill(road, width, far=True),
        near_hill=_hill(road, width, far=False), weather=_weather(marks),
        road=smooth_path(road), desired_path=smooth_path(desired) if len(desired) > 1 else "",
        desired_dots=desired, stages=marks)


def _clouds(width: float) -> list[Cloud]:
    clouds = []
    x = 140.0
    i = 0
    while x < width - 160:
        clouds.append(Cloud(x, 46 + (i % 3) * 22, 0.8 + (i % 2) * 0.3))
        x += 330 + (i % 3) * 70
        i += 1
    return clouds


def _hill(road: list[Point], width: float, far: bool) -> str:
    """The far hills undulate above the road; the near ones follow just below it."""
    if far:
        ridge = [(x, y - 34 + (18 if i % 2 else -12)) for i, (x, y) in enumerate(road)]
    else:
        ridge = [(x, y + 10) for x, y in road]
    return f"{smooth_path(ridge)} L{num(width)} {HEIGHT} L0 {HEIGHT} Z"


def _weather(marks: list[StageMark]) -> list[Weather]:
    out = []
    for mark in marks:
        score = mark.stage.emotion
        if score is not None and score <= -1:  # one more drop for each point below zero
            drops = [(16 + k * 12, 12 + k * 12) for k in range(-score + 1)]
            out.append(Weather("rain", mark.x - 34, mark.y - 118, drops))
        elif score is not None and score >= 2:
            out.append(Weather("sparkle", mark.x + 30, mark.y - 112, []))
    return out


def _stage_mark(journey: Journey, stage: Stage, x: float, y: float,
                role_names: dict[str, str]) -> StageMark:
    box_w = min(STAGE_SPACING - 14, 176)
    left = x - box_w / 2
    ring_top = min(y - 24, LABEL_TOP)
    internal = None
    if stage.internal_name:
        cut = wrap(stage.internal_name, max_em=(box_w - 40) / 11.5, max_lines=1)[0]
        internal = (Position(left + 30, LABEL_TOP + 20), cut)
    moments = journey.moments_in(stage.id)
    return StageMark(
        stage=stage, x=x, y=y,
        desired_y=(None if stage.desired_emotion is None
                   else JOURNEY_MAP.y(stage.desired_emotion)),
        post_top=y + MARKER_FACE.radius,
        ring=Box(left - 5, ring_top, box_w + 10, LABEL_TOP + LABEL_HEIGHT + 5 - ring_top),
        sign=Box(left, LABEL_TOP, box_w, LABEL_HEIGHT),
        number=Position(left + 10, LABEL_TOP + 20), internal=internal,
        name=TextBlock(left + 10, LABEL_TOP + 42,
                       wrap(stage.name, max_em=(box_w - 20) / 16, max_lines=3), 19),
        warning=Position(x - 44, y + 2) if stage.pain_points else None,
        flags=[_flag(moment, index, len(moments), x, y, role_names)
               for index, moment in enumerate(moments)])


def _flag(moment: Moment, index: int, count: int, stage_x: float, stage_y: float,
          role_names: dict[str, str]) -> Flag:
    # Several moments of one stage stand side by side, every other one a little higher.
    x = stage_x + (index - (count - 1) / 2) * 30 + (12 if count == 1 else 0)
    base = stage_y - 14
    top = base - FLAG_HEIGHT - (index % 2) * 12
    if moment.kind == "first-impression":
        shape = f"M{num(x)} {num(top)} h24 v16 h-24 z"
    elif moment.kind == "last-impression":
        shape = f"M{num(x)} {num(top)} h26 l-8 8 l8 8 h-26 z"
    else:
        shape = f"M{num(x)} {num(top)} L{num(x + 26)} {num(top + 8)} L{num(x)} {num(top + 16)} z"
    star = (f"M{num(x + 12)} {num(top + 3)} l2.6 5.2 5.4.6-4 3.6 1.1 5.4"
            "-5.1-2.7-5.1 2.7 1.1-5.4-4-3.6 5.4-.6z"
            if moment.kind == "first-impression" else None)
    return Flag(moment=moment, owners=[role_names.get(r, r) for r in moment.roles], x=x,
                base=base, top=top, ring=Box(x - 8, top - 6, 42, base - top + 10),
                shape=shape, star=star)
