"""The atlas overview map on the home page: every journey as a route across one landscape,
each route rising and falling with its customers' emotion and linking to its journey."""

from __future__ import annotations

from typing import Callable

from .drawings.geometry import atlas_route, filled_emotions, num, smooth_path, spread, wrap
from .model import Atlas
from .svg import esc, text_lines

WIDTH = 1000
LANE = 118
TOP = 34
LEFT, RIGHT = 250, 60  # room for the route labels on the left
ROUTE_COLOURS = ("#0e6b63", "#a63d17", "#1f4f9c", "#6d2d86", "#6b5a00", "#8a2f0f")


def render_atlas_map(atlas: Atlas, href: Callable[[object], str]) -> str:
    height = TOP + LANE * len(atlas.journeys) + 24
    parts = [
        f'<svg class="atlas-map" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="group" '
        'aria-labelledby="atlas-map-title">',
        f'<title id="atlas-map-title">Map of all {len(atlas.journeys)} journeys</title>',
        f'<rect class="land" width="{WIDTH}" height="{height}" rx="0"/>',
        _contours(height),
    ]
    for lane, journey in enumerate(atlas.journeys):
        colour = ROUTE_COLOURS[lane % len(ROUTE_COLOURS)]
        mid = TOP + lane * LANE + LANE / 2
        scores = filled_emotions([s.emotion for s in journey.stages])
        n = len(scores)
        span = WIDTH - LEFT - RIGHT
        xs = spread(n, LEFT, WIDTH - RIGHT) if n > 1 else [span / 2]
        scale = atlas_route(mid)
        points = [(x, scale.y(score)) for x, score in zip(xs, scores)]
        route = smooth_path([(LEFT - 30, mid)] + points)
        label = wrap(journey.title, max_em=200 / 15.5, max_lines=2)
        facts = (f"{len(journey.stages)} stages · {len(journey.moments)} moments")
        stops = "".join(f'<circle class="stop" cx="{num(x)}" cy="{num(y)}" r="6"/>'
                        for x, y in points)
        end_x, end_y = points[-1]
        parts.append(
            f'<a class="route" href="{esc(href(journey))}">'
            f"<title>{esc(journey.title)}: {esc(facts)}</title>"
            f'<rect class="focus-ring" x="6" y="{num(mid - LANE / 2 + 6)}" width="{WIDTH - 12}" '
            f'height="{LANE - 12}" rx="14"/>'
            f'<path class="route-casing" d="{route}"/>'
            f'<path class="route-line" d="{route}" stroke="{colour}"/>'
            f'{stops}'
            f'<path class="route-flag" fill="{colour}" d="M{num(end_x)} {num(end_y - 6)} '
            f'v-34 l22 8 l-22 8"/>'
            f'<rect class="plate" x="16" y="{num(mid - 34)}" width="214" height="68" rx="10"/>'
            f'<rect x="16" y="{num(mid - 34)}" width="7" height="68" rx="3" fill="{colour}"/>'
            + text_lines(label, 32, mid - (10 if len(label) > 1 else 2), 18, "route-name")
            + f'<text class="route-facts" x="32" y="{num(mid + 26)}">{esc(facts)}</text></a>')
    parts.append("</svg>")
    return "".join(parts)


def _contours(height: int) -> str:
    """A few soft contour lines, so the routes sit on terrain rather than on a chart."""
    lines = []
    for k in range(4):
        y = 40 + k * (height - 60) / 3
        points = [(x, y + (18 if (x // 200 + k) % 2 else -14)) for x in range(0, WIDTH + 1, 200)]
        lines.append(f'<path d="{smooth_path(points)}"/>')
    return '<g class="contours" aria-hidden="true">' + "".join(lines) + "</g>"
