"""The atlas overview map on the home page: each journey as a route across one landscape,
each route rising and falling with its customers' emotion and linking to its journey.
Layout only; the markup is theme/partials/drawings/atlas_map.svg.html."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Atlas, Journey
from .geometry import (Box, Point, Position, TextBlock, atlas_route, filled_emotions, num,
                       smooth_path, spread, wrap)

WIDTH = 1000
LANE = 118
TOP = 34
LEFT, RIGHT = 250, 60  # room for the route labels on the left
ROUTE_COLOURS = 6  # the theme colours routes in turn: .route-colour-0 to -5 (atlas.css)


@dataclass
class Route:
    """One journey's lane: a route through its stages and a plate with its name."""

    journey: Journey
    colour: int  # which of the ROUTE_COLOURS, in turn by lane
    middle: float  # the lane's middle, where a neutral stage sits
    ring: Box  # the focus ring around the lane
    path: str  # path data of the route
    stops: list[Point]  # one a stage
    flag: str  # path data of the flag at the route's end
    plate_y: float
    name: TextBlock
    facts: Position  # the line with the journey's counts


@dataclass
class AtlasMap:
    atlas: Atlas
    width: float
    height: float
    contours: list[str]  # path data of the terrain lines
    routes: list[Route]  # in journey order

    @property
    def every_journey(self) -> bool:
        return len(self.routes) == len(self.atlas.journeys)


def layout(atlas: Atlas, journeys: list[Journey] | None = None) -> AtlasMap:
    """The map of `journeys` (by default every one), in their order."""
    journeys = atlas.journeys if journeys is None else journeys
    height = TOP + LANE * len(journeys) + 24
    return AtlasMap(atlas=atlas, width=WIDTH, height=height,
                    contours=_contours(height),
                    routes=[_route(journey, lane) for lane, journey in enumerate(journeys)])


def _route(journey: Journey, lane: int) -> Route:
    mid = TOP + lane * LANE + LANE / 2
    scores = filled_emotions([s.emotion for s in journey.stages])
    n = len(scores)
    xs = spread(n, LEFT, WIDTH - RIGHT) if n > 1 else [(LEFT + WIDTH - RIGHT) / 2]
    scale = atlas_route(mid)
    points = [(x, scale.y(score)) for x, score in zip(xs, scores)]
    end_x, end_y = points[-1]
    name = wrap(journey.title, max_em=200 / 15.5, max_lines=2)
    return Route(
        journey=journey, colour=lane % ROUTE_COLOURS, middle=mid,
        ring=Box(6, mid - LANE / 2 + 6, WIDTH - 12, LANE - 12),
        path=smooth_path([(LEFT - 30, mid)] + points),  # from under the plate
        stops=points, flag=f"M{num(end_x)} {num(end_y - 6)} v-34 l22 8 l-22 8",
        plate_y=mid - 34, name=TextBlock(32, mid - (10 if len(name) > 1 else 2), name, 18),
        facts=Position(32, mid + 26))


def _contours(height: float) -> list[str]:
    """A few soft contour lines, so the routes sit on terrain rather than on a chart."""
    lines = []
    for k in range(4):
        y = 40 + k * (height - 60) / 3
        points = [(x, y + (18 if (x // 200 + k) % 2 else -14)) for x in range(0, WIDTH + 1, 200)]
        lines.append(smooth_path(points))
    return lines
