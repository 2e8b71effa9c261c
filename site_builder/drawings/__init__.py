"""The SVG drawings: the journey map, the atlas map, the decision charts, the cards'
sparklines and the KPIs' trends.

Their numbers are computed here, as plain data: geometry.py (shared by every drawing: the
emotion scales, curves, text wrapping, faces) and one layout module per drawing. Their
markup is in the theme, partials/drawings/<name>.svg.html, drawn with the page templates'
Jinja environment, so an organisation restyles a drawing by overriding its partial in a
MkDocs `custom_dir` like any other template (theme/partials/README.md lists what each
partial receives).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable

import jinja2
import jinja2.ext
from markupsafe import Markup

from .. import i18n
from . import atlas_map, charts, journey_map
from .charts import sparkline
from .geometry import FACES, num

DRAWING_TEMPLATES = "partials/drawings/"


class CompactDrawingMarkup(jinja2.ext.Extension):
    """Drawing partials are written one element a line, for people to read; the SVG they
    make has no line breaks between elements, so a drawing is as compact as when it was
    written by hand in Python. A line break (with the indentation after it) is dropped
    where it falls between a tag or a template tag and the next; text keeps its spaces."""

    _BETWEEN_TAGS = re.compile(r"(?<=[>}])[ \t]*\n\s*(?=[<{])")

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name and name.startswith(DRAWING_TEMPLATES):
            return self._BETWEEN_TAGS.sub("", source)
        return source


def prepare_environment(env: jinja2.Environment) -> None:
    """What every template may use to draw: the `num` filter for coordinates, the face
    shapes (`faces.marker`, `faces.badge`) and the cards' `sparkline_layout(journey)`.
    Globals, so imported macros see them too."""
    env.add_extension(CompactDrawingMarkup)
    env.filters["num"] = num
    env.globals.update(faces=FACES, sparkline_layout=sparkline)


Href = Callable[..., str]


class Drawings:
    """Each drawing laid out by this package and drawn by its theme partial, with the
    atlas-wide names the page templates get (`context`). The words the layouts place and
    measure are in the language of the context's `interface` (an i18n.Interface; English
    without one)."""

    def __init__(self, env: jinja2.Environment, context: dict[str, Any]):
        self.env = env
        self.context = context
        self.ui = context.get("interface") or i18n.english()

    def _draw(self, name: str, layout: object, **names: Any) -> Markup:
        template = self.env.get_template(f"{DRAWING_TEMPLATES}{name}.svg.html")
        # Autoescaped like every template: texts from content are escaped where they land.
        return Markup(template.render(self.context, layout=layout, **names))

    def journey_map(self, journey, href: Href, role_names: dict[str, str],
                    persona_lines=()) -> Markup:
        layout = journey_map.layout(journey, role_names, persona_lines, self.ui)
        return self._road(self._draw("journey_map", layout, href=href), layout)

    def annotated_map(self, layout, callouts, href: Href) -> Markup:
        """The map with numbered badges on what the tour's "How to read a map" explains
        (journey_map.layout and journey_map.callouts of it), with its legend in the
        interface's language."""
        layout = dataclasses.replace(layout, legend=journey_map.legend(
            layout.journey, layout.has_desired, self.ui))
        return self._road(self._draw("journey_map", layout, href=href, callouts=callouts),
                          layout)

    def _road(self, svg: Markup, layout) -> Markup:
        """A right-to-left language reads the road from the right: the map mirrored."""
        return Markup(mirrored(str(svg), layout.width)) if self.ui.rtl else svg

    def atlas_map(self, atlas, href: Href, journeys=None) -> Markup:
        return self._draw("atlas_map", atlas_map.layout(atlas, journeys), href=href)

    def emotion_chart(self, journey) -> Markup:
        return self._draw("emotion_chart", charts.emotion_chart(journey, self.ui))

    def asset_chart(self, journey) -> Markup:
        return self._draw("asset_chart", charts.asset_chart(journey, self.ui))

    def asset_history(self, stage, history) -> Markup:
        return self._draw("asset_history", charts.asset_history_chart(stage, history, self.ui))

    def gap_matrix(self, ranked, href: Href) -> Markup:
        return self._draw("gap_matrix", charts.gap_matrix(ranked, self.ui), href=href)

    def kpi_trend(self, measure) -> Markup:
        return self._draw("kpi_trend", charts.kpi_trend(measure), measure=measure)


_OPENING = re.compile(r'<svg class="([^"]*)"')
_TEXT_X = re.compile(r'(<(?:text|tspan)\b[^>]*?\bx=")(-?)([^"]*)(")')
_TEXT_OPEN = re.compile(r"<text\b")


def mirrored(svg: str, width: float) -> str:
    """`svg` drawn right to left: everything after its <defs> mirrored across its width,
    each text turned back to read the right way round at its mirrored place (the theme
    swaps the texts' anchors, `.mirrored`). Lengths, paths and links stay as laid out, so
    the layout has one geometry for both directions."""
    head, defs_end, body = svg.partition("</defs>")
    if not defs_end:
        head, body = svg.split(">", 1)[0] + ">", svg.split(">", 1)[1]
    body, closing = body.rsplit("</svg>", 1)
    body = _TEXT_X.sub(lambda m: m.group(1) + ("" if m.group(2) else "-") + m.group(3)
                       + m.group(4), body)
    body = _TEXT_OPEN.sub('<text transform="scale(-1 1)"', body)
    head = _OPENING.sub(lambda m: f'<svg class="{m.group(1)} mirrored"', head, count=1)
    return (f'{head}{defs_end}<g transform="matrix(-1 0 0 1 {num(width)} 0)">{body}</g>'
            f"</svg>{closing}")
