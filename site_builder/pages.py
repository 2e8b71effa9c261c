"""Which pages the atlas makes, at which URLs, and how they are drawn.

`plan_pages` decides the pages once per build; `PageRenderer` draws the main content of
each with the theme's page templates (Jinja2, autoescaped: every text from content is
escaped wherever it lands).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import jinja2
from markupsafe import Markup

from .model import EMOTION_WORDS, Atlas
from .urls import Linker
from .views import RACI_WORDS, Views, build_views

LIST_PAGES = {"journeys": "Journeys", "roles": "Roles", "personas": "Personas"}


@dataclass
class PageSpec:
    kind: str  # home, journeys, journey, stage, moment, roles, role, personas, persona
    src_uri: str  # the file in the content folder, real or generated
    title: str
    obj: Any = None  # the entity the page is about
    generated: bool = False  # True when the content folder has no file for it

    @property
    def doc_path(self) -> str:
        return self.src_uri[: -len(".md")]


def plan_pages(atlas: Atlas, has_home_file: bool) -> list[PageSpec]:
    pages = [PageSpec("home", "index.md", atlas.name, atlas, generated=not has_home_file)]
    pages += [PageSpec(kind, f"{kind}/index.md", title, atlas, generated=True)
              for kind, title in LIST_PAGES.items()]
    for journey in atlas.journeys:
        pages.append(PageSpec("journey", f"journeys/{journey.id}/index.md", journey.title,
                              journey, generated=True))
        pages += [PageSpec("stage", s.source, s.name, s) for s in journey.stages]
        pages += [PageSpec("moment", m.source, m.title, m) for m in journey.moments]
    pages += [PageSpec("role", r.source, r.name, r) for r in atlas.roles.values()]
    pages += [PageSpec("persona", p.source, p.name, p) for p in atlas.personas.values()]
    return pages


def breadcrumbs(atlas: Atlas, spec: PageSpec) -> list[tuple[str, str]]:
    """(title, doc_path) pairs from the home page down to the page's parent."""
    home = [(atlas.name, "index")]
    if spec.kind in LIST_PAGES:
        return home
    if spec.kind in ("role", "persona"):
        return home + [(LIST_PAGES[spec.kind + "s"], f"{spec.kind}s/index")]
    if spec.kind == "journey":
        return home + [("Journeys", "journeys/index")]
    if spec.kind in ("stage", "moment"):
        journey = atlas.journey(spec.obj.journey_id)
        trail = home + [("Journeys", "journeys/index"), (journey.title, journey.doc_path)]
        if spec.kind == "moment":
            stage = journey.stage(spec.obj.stage)
            trail.append((stage.name, stage.doc_path))
        return trail
    return []


class PageRenderer:
    """Draws each page's main content from `partials/pages/<kind>.html` in the theme."""

    def __init__(self, atlas: Atlas, template_dirs: Sequence[str], directory_urls: bool = True):
        self.atlas = atlas
        self.views: Views = build_views(atlas)
        self.directory_urls = directory_urls
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(list(template_dirs)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,  # a typo in a template fails the build
            trim_blocks=True, lstrip_blocks=True,
        )
        self.env.globals.update(atlas=atlas, views=self.views, raci_words=RACI_WORDS,
                                emotion_words=EMOTION_WORDS)

    def linker(self, page_url: str) -> Linker:
        return Linker(page_url, self.directory_urls)

    def render(self, spec: PageSpec, body_html: str, page_url: str) -> str:
        template = self.env.get_template(f"partials/pages/{spec.kind}.html")
        return template.render(page=spec, entity=spec.obj, body=Markup(body_html),
                               href=self.linker(page_url))
