"""The illustrated journey map: a road through the stages across a landscape whose hills
and valleys follow the customer's emotion, with flags for pivotal moments and warning
signs for pain points. Drawn at build time as inline SVG; every stage and moment is a
link, in journey order, so the keyboard walks the road from start to finish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .model import EMOTION_WORDS, KIND_WORDS, Journey, Moment, Stage
from .drawings.geometry import JOURNEY_MAP, Point, filled_emotions, num, smooth_path, spread, wrap
from .svg import esc, text_lines

Href = Callable[[object], str]

HEIGHT = 470
STAGE_SPACING = 190
SIDE = 105  # room left and right of the first and last stage
MIN_WIDTH = 900
LABEL_TOP = 352
LABEL_HEIGHT = 96
FLAG_HEIGHT = 70


@dataclass
class _Spot:
    stage: Stage
    x: float
    y: float  # road height from the current emotion
    desired_y: float | None


def _layout(journey: Journey) -> tuple[float, list[_Spot]]:
    n = len(journey.stages)
    width = max(MIN_WIDTH, 2 * SIDE + (n - 1) * STAGE_SPACING)
    xs = spread(n, SIDE, width - SIDE) if n > 1 else [width / 2]
    scores = filled_emotions([s.emotion for s in journey.stages])
    spots = []
    for i, stage in enumerate(journey.stages):
        desired = (None if stage.desired_emotion is None
                   else JOURNEY_MAP.y(stage.desired_emotion))
        spots.append(_Spot(stage, xs[i], JOURNEY_MAP.y(scores[i]), desired))
    return width, spots


# Drawn at 80 % of its natural size: big enough to read, small enough that a nine-stage
# journey mostly fits a laptop screen (the rest scrolls sideways).
DISPLAY_SCALE = 0.8


def render_journey_map(journey: Journey, href: Href, role_names: dict[str, str]) -> str:
    width, spots = _layout(journey)
    uid = f"jm-{journey.id}"
    road = [(0.0, spots[0].y)] + [(s.x, s.y) for s in spots] + [(width, spots[-1].y)]
    parts = [
        f'<svg class="journey-map" xmlns="http://www.w3.org/2000/svg" '
        f'width="{num(width * DISPLAY_SCALE)}" height="{num(HEIGHT * DISPLAY_SCALE)}" '
        f'viewBox="0 0 {num(width)} {HEIGHT}" role="group" '
        f'aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">Journey map: {esc(journey.title)}</title>',
        f'<desc id="{uid}-desc">{esc(_description(journey))}</desc>',
        _defs(uid),
        f'<rect class="sky" width="{num(width)}" height="{HEIGHT}" fill="url(#{uid}-sky)"/>',
        _sun(width),
        _clouds(width),
        _hills(road, width),
        _weather(spots),
        f'<path class="road-edge" d="{smooth_path(road)}"/>',
        f'<path class="road" d="{smooth_path(road)}"/>',
        f'<path class="road-line" d="{smooth_path(road)}"/>',
        _desired_line(spots, width),
    ]
    for spot in spots:
        parts.append(_stage_link(spot, href))
        moments = journey.moments_in(spot.stage.id)
        for index, moment in enumerate(moments):
            parts.append(_moment_flag(spot, moment, index, len(moments), href, role_names))
    parts.append(_legend(width, any(s.desired_y is not None for s in spots)))
    parts.append("</svg>")
    return "".join(parts)


def _description(journey: Journey) -> str:
    stages = "; ".join(
        f"{s.position}. {s.name}" + (f" (feeling {EMOTION_WORDS[s.emotion]})"
                                     if s.emotion is not None else "")
        for s in journey.stages)
    return (f"A road through {len(journey.stages)} stages, rising where customers feel good "
            f"and dipping where they struggle. Flags mark {len(journey.moments)} pivotal "
            f"moments; warning signs mark pain points. Stages: {stages}.")


def _defs(uid: str) -> str:
    return (f'<defs><linearGradient id="{uid}-sky" x1="0" y1="0" x2="0" y2="1">'
            '<stop offset="0" stop-color="#cfe9f1"/><stop offset="0.75" stop-color="#f4f1e4"/>'
            '</linearGradient></defs>')


def _sun(width: float) -> str:
    x = width - 70
    return (f'<g class="sun" aria-hidden="true"><circle cx="{num(x)}" cy="58" r="26"/>'
            f'<circle cx="{num(x)}" cy="58" r="38" opacity="0.25"/></g>')


def _clouds(width: float) -> str:
    out = ['<g class="clouds" aria-hidden="true">']
    x = 140.0
    i = 0
    while x < width - 160:
        y = 46 + (i % 3) * 22
        scale = 0.8 + (i % 2) * 0.3
        out.append(f'<path transform="translate({num(x)} {num(y)}) scale({num(scale)})" '
                   'd="M0 20a14 14 0 0 1 14-14 20 20 0 0 1 36-2 14 14 0 0 1 20 16z"/>')
        x += 330 + (i % 3) * 70
        i += 1
    out.append("</g>")
    return "".join(out)


def _hills(road: list[Point], width: float) -> str:
    far = [(x, y - 34 + (18 if i % 2 else -12)) for i, (x, y) in enumerate(road)]
    near = [(x, y + 10) for x, y in road]
    bottom = f" L{num(width)} {HEIGHT} L0 {HEIGHT} Z"
    return (f'<path class="hill-far" aria-hidden="true" d="{smooth_path(far)}{bottom}"/>'
            f'<path class="hill-near" aria-hidden="true" d="{smooth_path(near)}{bottom}"/>')


def _weather(spots: list[_Spot]) -> str:
    """Rain clouds over the valleys of frustration, sparkles over moments of delight."""
    out = ['<g class="weather" aria-hidden="true">']
    for spot in spots:
        score = spot.stage.emotion
        if score is not None and score <= -1:
            y = spot.y - 118
            out.append(f'<g class="rain" transform="translate({num(spot.x - 34)} {num(y)})">'
                       '<path d="M4 24a12 12 0 0 1 12-12 17 17 0 0 1 32-3 12 12 0 0 1 16 15z"/>'
                       + "".join(f'<line x1="{16 + k * 12}" y1="30" x2="{12 + k * 12}" y2="40"/>'
                                 for k in range(-score + 1)) + "</g>")
        elif score is not None and score >= 2:
            y = spot.y - 112
            out.append(f'<g class="sparkle" transform="translate({num(spot.x + 30)} {num(y)})">'
                       '<path d="M0-12 3-3 12 0 3 3 0 12-3 3-12 0-3-3z"/></g>')
    out.append("</g>")
    return "".join(out)


def _desired_line(spots: list[_Spot], width: float) -> str:
    points = [(s.x, s.desired_y) for s in spots if s.desired_y is not None]
    if not points:
        return ""
    dots = "".join(f'<circle cx="{num(x)}" cy="{num(y)}" r="4"/>' for x, y in points)
    path = smooth_path(points) if len(points) > 1 else ""
    return (f'<g class="desired" aria-hidden="true"><path d="{path}"/>{dots}</g>')


def _face(x: float, y: float, score: int | None) -> str:
    if score is None:
        return (f'<circle class="marker marker-none" cx="{num(x)}" cy="{num(y)}" r="17"/>')
    mouth = {-2: "M-8 7 Q0 -1 8 7", -1: "M-7 6 Q0 2 7 6", 0: "M-7 5 L7 5",
             1: "M-7 3 Q0 9 7 3", 2: "M-8 2 Q0 12 8 2"}[score]
    cls = f"m{-score}" if score < 0 else f"p{score}"
    return (f'<g class="marker face-{cls}" transform="translate({num(x)} {num(y)})">'
            '<circle r="17"/><circle class="eye" cx="-5.5" cy="-4" r="2"/>'
            f'<circle class="eye" cx="5.5" cy="-4" r="2"/><path class="mouth" d="{mouth}"/></g>')


def _stage_link(spot: _Spot, href: Href) -> str:
    stage = spot.stage
    box_w = min(STAGE_SPACING - 14, 176)
    left = spot.x - box_w / 2
    lines = wrap(stage.name, max_em=(box_w - 20) / 16, max_lines=3)
    title = f"Stage {stage.position}: {stage.name}"
    if stage.emotion is not None:
        title += f" (customers feel {EMOTION_WORDS[stage.emotion]})"
    if stage.pain_points:
        title += f"; {len(stage.pain_points)} pain point{'s' * (len(stage.pain_points) != 1)}"
    parts = [f'<a class="stage-link" href="{esc(href(stage))}">', f"<title>{esc(title)}</title>",
             f'<line class="post" x1="{num(spot.x)}" y1="{num(spot.y + 17)}" x2="{num(spot.x)}" '
             f'y2="{LABEL_TOP}"/>',
             f'<rect class="focus-ring" x="{num(left - 5)}" y="{num(min(spot.y - 24, LABEL_TOP))}"'
             f' width="{num(box_w + 10)}" height="{num(LABEL_TOP + LABEL_HEIGHT + 5 - min(spot.y - 24, LABEL_TOP))}" rx="12"/>',
             f'<rect class="sign" x="{num(left)}" y="{LABEL_TOP}" width="{num(box_w)}" '
             f'height="{LABEL_HEIGHT}" rx="9"/>',
             f'<text class="sign-step" x="{num(left + 10)}" y="{LABEL_TOP + 20}">'
             f"{stage.position}</text>"]
    if stage.internal_name:
        internal = wrap(stage.internal_name, max_em=(box_w - 40) / 11.5, max_lines=1)[0]
        parts.append(f'<text class="sign-internal" x="{num(left + 30)}" y="{LABEL_TOP + 20}">'
                     f"{esc(internal)}</text>")
    parts.append(text_lines(lines, left + 10, LABEL_TOP + 42, 19, "sign-name"))
    if stage.pain_points:
        parts.append(_warning_sign(spot.x - 44, spot.y + 2, len(stage.pain_points)))
    parts.append(_face(spot.x, spot.y, stage.emotion))
    parts.append("</a>")
    return "".join(parts)


def _warning_sign(x: float, y: float, count: int) -> str:
    label = f'<text class="warn-count" x="14" y="-22">{count}</text>' if count > 1 else ""
    return (f'<g class="warning" transform="translate({num(x)} {num(y)})">'
            '<line x1="0" y1="-6" x2="0" y2="16"/>'
            '<path d="M0 -34 L13 -10 L-13 -10 Z"/><text x="0" y="-13.5">!</text>'
            f"{label}</g>")


def _moment_flag(spot: _Spot, moment: Moment, index: int, count: int, href: Href,
                 role_names: dict[str, str]) -> str:
    x = spot.x + (index - (count - 1) / 2) * 30 + (12 if count == 1 else 0)
    base = spot.y - 14
    top = base - FLAG_HEIGHT - (index % 2) * 12
    kind = moment.kind
    if kind == "first-impression":
        flag = f"M{num(x)} {num(top)} h24 v16 h-24 z"
    elif kind == "last-impression":
        flag = f"M{num(x)} {num(top)} h26 l-8 8 l8 8 h-26 z"
    else:
        flag = f"M{num(x)} {num(top)} L{num(x + 26)} {num(top + 8)} L{num(x)} {num(top + 16)} z"
    owners = ", ".join(role_names.get(r, r) for r in moment.roles)
    title = f"{KIND_WORDS[kind]}: {moment.title}" + (f" (owned by {owners})" if owners else "")
    star = (f'<path class="flag-mark" d="M{num(x + 12)} {num(top + 3)} l2.6 5.2 5.4.6-4 3.6 1.1 5.4'
            f'-5.1-2.7-5.1 2.7 1.1-5.4-4-3.6 5.4-.6z"/>'
            if kind == "first-impression" else "")
    return (f'<a class="moment-link flag-{kind}" href="{esc(href(moment))}">'
            f"<title>{esc(title)}</title>"
            f'<rect class="focus-ring" x="{num(x - 8)}" y="{num(top - 6)}" width="42" '
            f'height="{num(base - top + 10)}" rx="8"/>'
            f'<line class="pole" x1="{num(x)}" y1="{num(base)}" x2="{num(x)}" y2="{num(top)}"/>'
            f'<path class="flag" d="{flag}"/>{star}</a>')


def _legend(width: float, has_desired: bool) -> str:
    y = 22
    items = [
        '<g transform="translate(0 0)"><path class="flag flag-pivotal-sample" d="M0 -8 L16 -3 L0 2 z"/>'
        '<text x="22" y="0">Pivotal moment</text></g>',
        '<g transform="translate(140 0)"><path class="flag flag-first-sample" d="M0 -8 h15 v10 h-15 z"/>'
        '<text x="22" y="0">First impression</text></g>',
        '<g transform="translate(290 0)"><path class="flag flag-last-sample" d="M0 -8 h16 l-5 5 l5 5 h-16 z"/>'
        '<text x="22" y="0">Last impression</text></g>',
        '<g class="warning" transform="translate(440 6)"><path d="M0 -18 L9 -2 L-9 -2 Z"/></g>'
        '<text x="456" y="0">Pain points</text>',
    ]
    if has_desired:
        items.append('<g class="desired"><path d="M560 -4 h34"/><circle cx="577" cy="-4" r="4"/></g>'
                     '<text x="602" y="0">Where we aim</text>')
    return (f'<g class="legend" aria-hidden="true" transform="translate(16 {y})">'
            + "".join(items) + "</g>")
