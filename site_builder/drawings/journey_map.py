"""The illustrated journey map: a road through the stages across a landscape whose hills
and valleys follow the customer's emotion, with flags for pivotal moments and warning
signs for pain points.

This module lays the map out (positions, paths, wrapped names); the markup is the theme's
partials/drawings/journey_map.svg.html, where every stage and moment is a link, in journey
order, so the keyboard walks the road from start to finish.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import i18n
from ..board import Line
from ..i18n import N_, Interface
from ..model import Journey, Moment, Stage
from .geometry import (JOURNEY_MAP, MARKER_FACE, Box, Point, Position, TextBlock,
                       filled_emotions, monotone_path, num, spread, text_width, wrap)

HEIGHT = 520
# A journey of up to FIT_STAGES stages spreads over FRAME_WIDTH units, and the page shows
# that frame across the whole window (width 100 %): at 1,280 px one unit is about 0.8 px,
# so the smallest stage text (15 units) reads at 12 px, and at 1,920 px at 18 px. The
# theme keeps the frame at least 1,250 px wide (phones scroll it sideways).
FRAME_WIDTH = 1560
FIT_STAGES = 12
SIDE = 90  # room left and right of the first and last stage
STAGE_SPACING = (FRAME_WIDTH - 2 * SIDE) / (FIT_STAGES - 1)  # the closest stages stand
# Longer journeys keep that spacing, grow wider and are drawn at a fixed scale, so they
# scroll sideways inside the map box.
LONG_SCALE = 0.85
LABEL_TOP = 372
LABEL_HEIGHT = 124  # room for the number, the internal name and four lines of name
NAME_SIZE, NAME_LINE = 16.5, 19  # the theme's .sign-name font-size, in units
INTERNAL_SIZE = 15  # .sign-internal
FLAG_HEIGHT = 70
FLAG_STEP = 26  # several flags of one stage stand one above the other, this far apart
FLAG_CEILING = 44  # no flag climbs into the legend
FLAG_CLIMB = 4  # levels a flag may climb above the next free one to fit its name
FLAG_NAME_SIZE = 15  # .flag-name
FLAG_NAME_MAX = 220  # the longest a flag's name runs before it is cut
LEGEND_SIZE = 15  # .legend text
DETAIL_RADIUS = 13  # the "closer look" badge of a stage with a detail journey
TRAIL_NAME_SIZE = 15  # .trail-name: a persona's name at the start of its line
TRAIL_NAME_ROOM = 150  # the longest a persona's name runs before it is cut
TRAIL_ALONE = 40  # half the stretch drawn through a persona's only score
TRAIL_SWATCH = 20  # the sample of its line after a persona's name, so a name moved off
# its line's height still shows which line is whose


@dataclass
class Flag:
    """A pivotal moment's flag, planted beside its stage's face."""

    moment: Moment
    owners: list[str]  # names of the roles that own the moment
    x: float  # the pole
    base: float
    top: float
    ring: Box  # the focus ring
    name: Position  # where its (cut) name starts
    name_text: str
    name_box: Box  # the paper behind the name
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
    detail: Position | None = None  # the badge that opens the stage's detail journey


@dataclass
class PersonaTrail:
    """How one persona feels along the road (stage key `persona_emotions`): a thinner line
    than the road, coloured and dashed as in the board's Feeling lane, named where it
    starts so that no colour has to be matched to a key."""

    number: int  # 1..5, its colour and dash (.curve.persona-N)
    name: str  # the persona's short name, cut to fit
    full_name: str
    path: str
    dots: list[Point]
    label: Position  # where its name ends (the text is anchored at its end)
    label_box: Box  # the paper behind the name and its swatch
    swatch: tuple[Point, Point]  # the sample of the line, after the name


@dataclass
class LegendEntry:
    key: str  # "pivotal", "first-impression", "last-impression", "pain", "desired"
    x: float  # where its sample starts
    text_x: float
    words: str


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
    display_width: str  # the svg's width attribute: "100%" or pixels
    fits: bool  # all stages in one frame, drawn across the window
    sun_x: float
    clouds: list[Cloud]
    far_hill: str  # path data
    near_hill: str
    weather: list[Weather]
    road: str  # path data
    desired_path: str  # where we aim, through the desired emotions ("" with one point)
    desired_dots: list[Point]
    stages: list[StageMark]  # in journey order, each with its moments' flags
    legend: list[LegendEntry]  # only what this journey shows
    trails: list[PersonaTrail]  # one per persona with scores, at most five

    @property
    def has_desired(self) -> bool:
        return bool(self.desired_dots)


def layout(journey: Journey, role_names: dict[str, str],
           persona_lines: list[Line] = (), ui: Interface | None = None) -> JourneyMap:
    """`persona_lines`: board.persona_lines of the journey, drawn as trails; `ui`: the
    interface's language, of the legend's words (English by default)."""
    n = len(journey.stages)
    fits = n <= FIT_STAGES
    width = FRAME_WIDTH if fits else 2 * SIDE + (n - 1) * STAGE_SPACING
    xs = spread(n, SIDE, width - SIDE) if n > 1 else [width / 2]
    spacing = xs[1] - xs[0] if n > 1 else width - 2 * SIDE
    scores = filled_emotions([s.emotion for s in journey.stages])
    ys = [JOURNEY_MAP.y(score) for score in scores]
    road = [(0.0, ys[0])] + list(zip(xs, ys)) + [(width, ys[-1])]
    obstacles = [_obstacles(journey, stage, x, y)
                 for stage, x, y in zip(journey.stages, xs, ys)]
    ahead = [sum(obstacles[i + 1:i + 3], []) for i in range(n)]  # the next two stages
    marks: list[StageMark] = []
    for i, (stage, x, y) in enumerate(zip(journey.stages, xs, ys)):
        # What a flag flying left must stop short of: the two stages before, their flags.
        behind = sum(obstacles[max(0, i - 2):i], []) + _flag_boxes(marks[-2:])
        marks.append(_stage_mark(journey, stage, x, y, spacing, ahead[i], behind, width,
                                 role_names))
    desired = [(m.x, m.desired_y) for m in marks if m.desired_y is not None]
    return JourneyMap(
        journey=journey, uid=f"jm-{journey.id}", width=width, height=HEIGHT,
        display_width="100%" if fits else num(width * LONG_SCALE), fits=fits,
        sun_x=width - 70, clouds=_clouds(width), far_hill=_hill(road, width, far=True),
        near_hill=_hill(road, width, far=False), weather=_weather(marks),
        road=monotone_path(road),
        desired_path=monotone_path(desired) if len(desired) > 1 else "",
        desired_dots=desired, stages=marks, legend=legend(journey, bool(desired), ui),
        trails=_trails(persona_lines, xs, sum(obstacles, []) + _flag_boxes(marks)))


# In English: the legend translates them (ui.gettext), and measures the words it shows.
LEGEND_WORDS = (("pivotal", N_("Pivotal moment")), ("first-impression", N_("First impression")),
                ("last-impression", N_("Last impression")), ("pain", N_("Pain points")),
                # Translators: in the map's legend: the line marking the feeling we aim for.
                ("desired", N_("Where we aim")),
                # Translators: in the map's legend: the badge that opens a stage's own,
                # more detailed journey.
                ("detail", N_("A closer look")))


def shown_on_map(journey: Journey) -> list[str]:
    """The keys of LEGEND_WORDS this journey's map shows, in legend order (the legend, and
    the facilitator guide's "how to read the map")."""
    shown = {m.kind for m in journey.moments}
    if any(s.pain_points for s in journey.stages):
        shown.add("pain")
    if any(s.desired_emotion is not None for s in journey.stages):
        shown.add("desired")  # a dot at each desired emotion (a line through two or more)
    if any(s.journey for s in journey.stages):
        shown.add("detail")
    return [key for key, _ in LEGEND_WORDS if key in shown]


def legend(journey: Journey, has_desired: bool, ui: Interface | None = None
           ) -> list[LegendEntry]:
    """A key to what this map shows, and to nothing it does not, in `ui`'s language (English
    by default), spaced by the width of its words."""
    ui = ui or i18n.english()
    keys = shown_on_map(journey)
    entries = []
    x = 0.0
    for key, english in LEGEND_WORDS:
        if key not in keys or (key == "desired" and not has_desired):
            continue
        words = ui.gettext(english)
        sample = {"desired": 40, "detail": 22}.get(key, 18)
        entries.append(LegendEntry(key, x, x + sample + 6, words))
        x += sample + 6 + text_width(words) * LEGEND_SIZE + 26
    return entries


def _flag_boxes(marks: list[StageMark]) -> list[Box]:
    """The flags of `marks` with their names, as boxes to keep clear of."""
    boxes = []
    for f in (f for mark in marks for f in mark.flags):
        left = min(f.x - 4, f.name_box.x) if f.name_text else min(f.x - 4, f.x - 30)
        right = max(f.x + 30, f.name_box.x + f.name_box.width) if f.name_text else f.x + 30
        boxes.append(Box(left, f.top - 2, right - left, 22))
    return boxes


def _trails(lines: list[Line], xs: list[float], taken: list[Box]) -> list[PersonaTrail]:
    """Each persona's line through its scored stages, its name just left of where it
    starts: at the line's height if that is clear of faces, signs, flags and the names
    placed before it, else the nearest clear height above or below."""
    trails = []
    placed = list(taken)
    for line in lines:
        dots = [(x, JOURNEY_MAP.y(score)) for x, score in zip(xs, line.scores)
                if score is not None]
        if not dots:
            continue
        first_x, first_y = dots[0]
        end = first_x - (TRAIL_ALONE if len(dots) == 1 else MARKER_FACE.radius) - 6
        room = min(TRAIL_NAME_ROOM, end - TRAIL_SWATCH - 12)
        name = (wrap(line.short, max_em=room / TRAIL_NAME_SIZE, max_lines=1) or [""])[0]
        width = text_width(name) * TRAIL_NAME_SIZE + TRAIL_SWATCH + 14
        box = None
        for shift in (0, -22, 22, -44, 44, -66, 66, -88, 88):
            candidate = Box(end - width, first_y + shift - 13, width, 19)
            if candidate.y >= FLAG_CEILING and not any(_overlap(candidate, b) for b in placed):
                box = candidate
                break
        if box is None:  # nowhere clear: at its height, over what is there
            box = Box(end - width, first_y - 13, width, 19)
        placed.append(box)
        trails.append(PersonaTrail(
            number=line.number, name=name, full_name=line.label,
            # One score alone: a short stretch through it, which a stage's face at the same
            # height cannot hide.
            path=monotone_path(dots) if len(dots) > 1 else
            f"M{num(first_x - TRAIL_ALONE)} {num(first_y)} H{num(first_x + TRAIL_ALONE)}",
            dots=dots,
            label=Position(end - TRAIL_SWATCH - 8, box.y + 14), label_box=box,
            swatch=((end - TRAIL_SWATCH - 3, box.y + 9.5), (end - 3, box.y + 9.5))))
    return trails


def _overlap(a: Box, b: Box) -> bool:
    return (a.x < b.x + b.width and b.x < a.x + a.width
            and a.y < b.y + b.height and b.y < a.y + a.height)


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
    return f"{monotone_path(ridge)} L{num(width)} {HEIGHT} L0 {HEIGHT} Z"


RAIN_AT, SPARKLE_AT = -1, 2  # a stage's emotion with a rain cloud (or less), sparkles


def _weather(marks: list[StageMark]) -> list[Weather]:
    out = []
    for mark in marks:
        score = mark.stage.emotion
        if score is not None and score <= RAIN_AT:  # one more drop for each point below zero
            drops = [(16 + k * 12, 12 + k * 12) for k in range(-score + 1)]
            out.append(Weather("rain", mark.x - 34, mark.y - 118, drops))
        elif score is not None and score >= SPARKLE_AT:
            out.append(Weather("sparkle", mark.x - 34, mark.y - 100, []))  # flags: right
    return out


def _obstacles(journey: Journey, stage: Stage, x: float, y: float) -> list[Box]:
    """What a flag's name coming from the left must stop short of: this stage's face,
    warning sign, weather and flags."""
    boxes = [Box(x - MARKER_FACE.radius - 4, y - MARKER_FACE.radius - 4, 2 * MARKER_FACE.radius + 8,
                 2 * MARKER_FACE.radius + 8)]
    if stage.pain_points:
        boxes.append(Box(x - 60, y - 36, 34, 56))
    if stage.emotion is not None and (stage.emotion <= -1 or stage.emotion >= 2):
        boxes.append(Box(x - 40, y - 124, 72, 50))
    count = len(journey.moments_in(stage.id))
    if count:
        top = y - 14 - FLAG_HEIGHT - (count - 1) * FLAG_STEP
        boxes.append(Box(x + 4, top - 6, 40, y - top))
    return boxes


def _name_end(start: float, top: float, bottom: float, ahead: list[Box], width: float) -> float:
    """How far right a flag's name may run: to the first thing ahead at its height."""
    end = min(width - 8, start + FLAG_NAME_MAX)
    for box in ahead:
        if box.y < bottom and box.y + box.height > top and box.x > start:
            end = min(end, box.x - 6)
    return end


def _cloth(flag: Flag) -> Box:
    """The box of a flag's cloth and the top of its pole."""
    leftward = flag.name.x < flag.x
    return Box(flag.x - 26 if leftward else flag.x, flag.top, 26, 16)


def _name_start(end: float, top: float, bottom: float, behind: list[Box]) -> float:
    """How far left a name flying left may run: to the first thing behind at its height."""
    start = max(8.0, end - FLAG_NAME_MAX)
    for box in behind:
        if box.y < bottom and box.y + box.height > top and box.x + box.width < end:
            start = max(start, box.x + box.width + 6)
    return start


def _stage_mark(journey: Journey, stage: Stage, x: float, y: float, spacing: float,
                ahead: list[Box], behind: list[Box], width: float,
                role_names: dict[str, str]) -> StageMark:
    box_w = min(spacing - 12, 190)
    left = x - box_w / 2
    ring_top = min(y - 24, LABEL_TOP)
    internal = None
    if stage.internal_name:
        cut = wrap(stage.internal_name, max_em=(box_w - 36) / INTERNAL_SIZE, max_lines=1)[0]
        internal = (Position(left + 30, LABEL_TOP + 21), cut)
    moments = journey.moments_in(stage.id)
    return StageMark(
        stage=stage, x=x, y=y,
        desired_y=(None if stage.desired_emotion is None
                   else JOURNEY_MAP.y(stage.desired_emotion)),
        post_top=y + MARKER_FACE.radius,
        ring=Box(left - 5, ring_top, box_w + 10, LABEL_TOP + LABEL_HEIGHT + 5 - ring_top),
        sign=Box(left, LABEL_TOP, box_w, LABEL_HEIGHT),
        number=Position(left + 10, LABEL_TOP + 21), internal=internal,
        name=TextBlock(left + 10, LABEL_TOP + 44,
                       wrap(stage.name, max_em=(box_w - 18) / NAME_SIZE, max_lines=4),
                       NAME_LINE),
        warning=Position(x - 44, y + 2) if stage.pain_points else None,
        flags=_flags(moments, x, y, ahead, behind, width, role_names),
        # Just above the sign's right-hand corner, clear of the post and the internal name.
        detail=Position(left + box_w - DETAIL_RADIUS - 2, LABEL_TOP - DETAIL_RADIUS - 4)
        if stage.journey else None)


def _flags(moments: list[Moment], x: float, y: float, ahead: list[Box], behind: list[Box],
           width: float, role_names: dict[str, str]) -> list[Flag]:
    """A stage's flags, each a level higher than the one before; a flag whose name would
    run into something ahead climbs up to FLAG_CLIMB levels more, to where its name fits, and
    where it fits nowhere ahead (the map's right edge, a crowded stage), flies left."""
    flags: list[Flag] = []
    level = 0
    for index, moment in enumerate(moments):
        levels = [lvl for lvl in range(level, level + FLAG_CLIMB + 1)
                  if y - 14 - FLAG_HEIGHT - lvl * FLAG_STEP >= FLAG_CEILING or lvl == level]
        # The lowest level where the whole name fits to the right, else to the left, else
        # the level that shows the most of it; each side is tried only as far as needed.
        tries, whole = [], None
        for lvl in levels:
            flag = _flag(moment, index, len(moments), x, y, lvl, ahead, width, role_names)
            tries.append((lvl, flag))
            if flag.name_text == moment.title:
                whole = (lvl, flag)
                break
        if whole is None:
            for lvl in levels:
                flag = _flag(moment, index, len(moments), x, y, lvl, behind, width,
                             role_names, leftward=True)
                if any(_overlap(flag.name_box, b) or _overlap(_cloth(flag), b)
                       for b in behind):
                    continue
                tries.append((lvl, flag))
                if flag.name_text == moment.title:
                    whole = (lvl, flag)
                    break
        best_level, best = whole or max(tries, key=lambda t: len(t[1].name_text))
        flags.append(best)
        level = best_level + 1
    return flags


def _flag(moment: Moment, index: int, count: int, stage_x: float, stage_y: float, level: int,
          clear_of: list[Box], width: float, role_names: dict[str, str],
          leftward: bool = False) -> Flag:
    # Several moments of one stage fan out upwards, one above the other, the taller poles
    # further out so that no pole crosses another flag; each name runs right of its flag
    # (left of it when `leftward`) and stops short of whatever stands there at its height.
    side = -1 if leftward else 1
    x = stage_x + side * (12 + (count - 1 - index) * 9)
    base = stage_y - 14
    top = base - FLAG_HEIGHT - level * FLAG_STEP
    if leftward:
        name_end = x - 31
        room = name_end - _name_start(name_end, top - 1, top + 18, clear_of)
    else:
        room = _name_end(x + 31, top - 1, top + 18, clear_of, width) - (x + 31)
    name_text = (wrap(moment.title, max_em=room / FLAG_NAME_SIZE, max_lines=1) or [""])[0] \
        if room > FLAG_NAME_SIZE * 2 else ""
    name_w = text_width(name_text) * FLAG_NAME_SIZE
    name_x = x - 31 - name_w if leftward else x + 31
    h = "h-" if leftward else "h"  # the cloth flies away from the pole, to its side
    if moment.kind == "first-impression":
        shape = f"M{num(x)} {num(top)} {h}24 v16 {'h' if leftward else 'h-'}24 z"
    elif moment.kind == "last-impression":
        notch = "l8 8 l-8 8" if leftward else "l-8 8 l8 8"
        shape = f"M{num(x)} {num(top)} {h}26 {notch} {'h' if leftward else 'h-'}26 z"
    else:
        shape = (f"M{num(x)} {num(top)} L{num(x + side * 26)} {num(top + 8)} "
                 f"L{num(x)} {num(top + 16)} z")
    star_x = x + side * 12
    star = (f"M{num(star_x)} {num(top + 3)} l2.6 5.2 5.4.6-4 3.6 1.1 5.4"
            "-5.1-2.7-5.1 2.7 1.1-5.4-4-3.6 5.4-.6z"
            if moment.kind == "first-impression" else None)
    ring_w = 42 + (name_w + 4 if name_text else 0)
    return Flag(moment=moment, owners=[role_names.get(r, r) for r in moment.roles], x=x,
                base=base, top=top,
                ring=Box(x + 8 - ring_w if leftward else x - 8, top - 6, ring_w,
                         base - top + 10),
                name=Position(name_x, top + 13), name_text=name_text,
                name_box=Box(name_x - 3, top - 1, name_w + 6, 19),
                shape=shape, star=star)


# --- reading the map: the tour's annotated drawing ----------------------------------------

CALLOUT_RADIUS = 26  # .callout circle; its number is .callout text
# What the tour points at, in the order it explains them (onboarding.READING_THE_MAP).
CALLOUT_KEYS = ("hill", "valley", "flag", "warning", "desired")


@dataclass
class Callout:
    """A numbered badge on the map and the line to what it explains."""

    key: str  # one of CALLOUT_KEYS
    number: int
    target: Point
    badge: Point
    stage: Stage  # the stage it points at (for the words beside the drawing)
    moment: Moment | None = None
    radius: float = CALLOUT_RADIUS


def callouts(layout: JourneyMap) -> list[Callout]:
    """Badges on a hill (the happiest stage), a valley (the unhappiest), a flag, a warning
    sign and the dotted line of where we aim, where the map has them, numbered in that
    order. Each badge sits below or beside its target, inside the drawing."""
    marks = [m for m in layout.stages if m.stage.emotion is not None]
    found: dict[str, tuple[Point, Point, Stage, Moment | None]] = {}
    if marks:
        high = max(marks, key=lambda m: (m.stage.emotion, -m.stage.position))
        low = min(marks, key=lambda m: (m.stage.emotion, m.stage.position))
        if high.stage.emotion > low.stage.emotion:
            found["hill"] = ((high.x, high.y), high.stage, None)
            found["valley"] = ((low.x, low.y), low.stage, None)
    flagged = next((m for m in layout.stages if m.flags), None)
    if flagged:
        flag = flagged.flags[0]
        found["flag"] = ((flag.x, flag.top + 8), flagged.stage, flag.moment)
    # A warning sign away from the valley, where there is one: two badges on one stage crowd.
    warned_marks = [m for m in layout.stages if m.warning]
    valley = found["valley"][1] if "valley" in found else None
    warned = next((m for m in warned_marks if m.stage is not valley),
                  warned_marks[0] if warned_marks else None)
    if warned:
        at = warned.warning
        found["warning"] = ((at.x, at.y - 20), warned.stage, None)
    aims = [m for m in layout.stages if m.desired_y is not None and m.stage.emotion is not None
            and m.stage.desired_emotion != m.stage.emotion]
    if aims:
        aim = max(aims, key=lambda m: (m.stage.desired_emotion - m.stage.emotion,
                                       -m.stage.position))
        found["desired"] = ((aim.x, aim.desired_y), aim.stage, None)
    taken = _drawn_boxes(layout)
    out = []
    for key in CALLOUT_KEYS:
        if key in found:
            target, stage, moment = found[key]
            badge = _badge_place(target, taken, layout.width)
            r = CALLOUT_RADIUS
            taken.append(Box(badge[0] - r - 4, badge[1] - r - 4, 2 * r + 8, 2 * r + 8))
            out.append(Callout(key, len(out) + 1, target, badge, stage, moment))
    return out


# Where a badge may stand from its target, tried in turn: below-right first (the ground
# under the road is the emptiest part of the map), then round about, then further out.
BADGE_OFFSETS = [(dx * d, dy * d) for d in (62, 96) for dx, dy in
                 ((0.7, 0.7), (-0.7, 0.7), (1, 0), (-1, 0), (0.7, -0.7), (-0.7, -0.7),
                  (0, 1), (0, -1))]


def _drawn_boxes(layout: JourneyMap) -> list[Box]:
    """What a badge must not cover: faces, flags and their names, warning signs, signs."""
    r = MARKER_FACE.radius
    boxes = [Box(m.x - r, m.y - r, 2 * r, 2 * r) for m in layout.stages]
    boxes += [Box(m.warning.x - 14, m.warning.y - 36, 28, 52) for m in layout.stages
              if m.warning]
    boxes += _flag_boxes(layout.stages)
    boxes.append(Box(0, LABEL_TOP - 4, layout.width, HEIGHT))  # the signs and below
    return boxes


def _badge_place(target: Point, taken: list[Box], width: float) -> Point:
    r = CALLOUT_RADIUS
    tx, ty = target
    for dx, dy in BADGE_OFFSETS:
        x = min(max(tx + dx, r + 4), width - r - 4)
        y = max(ty + dy, r + 4)
        if not any(_overlap(Box(x - r - 2, y - r - 2, 2 * r + 4, 2 * r + 4), box)
                   for box in taken):
            return (x, y)
    return (min(max(tx + 62, r + 4), width - r - 4), max(ty - 62, r + 4))  # crowded: over it
