"""Which pages the atlas makes, at which URLs, and how they are drawn.

`plan_pages` decides the pages once per build; `PageRenderer` draws the main content of
each with the theme's page templates (Jinja2, autoescaped: every text from content is
escaped wherever it lands), and the drawings with the theme's drawing partials.
theme/partials/README.md lists what each page template and drawing partial receives.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any, Sequence

import jinja2
from markupsafe import Markup

from . import discussion, guide, i18n, kpis, onboarding, page_sizes, quiz, schema
from .drawings import Drawings, journey_map, prepare_environment
from .freshness import review_list, today
from .history import AssetHistory
from .compare import GAP_CHANGE_WORDS, ITEM_KINDS
from .i18n import N_, Interface
from .board import CHANNEL_ICON_IDS, channel_icon, persona_lines
from .board import board as journey_board
from .model import (ASSET_WORDS, EMOTION_WORDS, GAP_STATUS_WORDS, INSIGHT_SOURCE_WORDS,
                    JOURNEY_STATUS_WORDS, KIND_WORDS, PERSONA_KIND_WORDS,
                    Atlas, english, signed)
from .urls import Linker
from .views import (RACI_WORDS, Views, biggest_losses, build_views, quadrant_words,
                    raci_matrix, ranked_gaps)

# The pages that list the atlas' journeys, roles and personas: page kind -> title (in
# English; the kinds are also their folders, the titles said in a build's language).
LIST_PAGES = {"journeys": N_("Journeys"), "roles": N_("Roles"), "personas": N_("Personas")}
# Adults read 200 to 300 words a minute on screen; a new hire reading to learn, at the low end.
READING_WORDS_PER_MINUTE = 200
# Views made for every journey, at journeys/<id>/<kind>/: page kind -> title prefix (in
# English, as LIST_PAGES; `ui.words(JOURNEY_VIEWS)` in a build's language)
JOURNEY_VIEWS = {"emotions": N_("Emotion curve"), "asset": N_("Customer asset"),
                 "raci": N_("Who is accountable"), "cards": N_("Discussion cards"),
                 "guide": N_("Facilitator guide")}


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


def plan_pages(atlas: Atlas, has_home_file: bool, release=None,
               views: Views | None = None, ui: Interface | None = None) -> list[PageSpec]:
    """Every page of the atlas, its generated pages titled in the language of `ui` (English
    without one)."""
    views = views or build_views(atlas)
    ui = ui or english()
    pages = [PageSpec("home", "index.md", atlas.name, atlas, generated=not has_home_file)]
    if release is not None:
        pages.append(PageSpec("changes", "changes.md", ui.gettext(
            "What changed in %(release)s", release=release.title), atlas, generated=True))
    pages += [PageSpec(kind, f"{kind}/index.md", title, atlas, generated=True)
              for kind, title in ui.words(LIST_PAGES).items()]
    pages.append(PageSpec("gaps", "gaps.md", ui.gettext("Gaps by impact and effort"), atlas,
                          generated=True))
    if atlas.teams:
        pages.append(PageSpec("teams", "teams/index.md", ui.gettext("Teams"), atlas,
                              generated=True))
        pages += [PageSpec("team", team.file or f"teams/{team.id}.md", team.name, team,
                           generated=not team.file) for team in atlas.teams.values()]
    if atlas.lifecycle:
        pages.append(PageSpec("lifecycle", "lifecycle.md", ui.gettext("The customer lifecycle"),
                              atlas, generated=True))
    if atlas.insights:
        pages.append(PageSpec("insights", "insights/index.md", ui.gettext("Research insights"),
                              atlas, generated=True))
        pages += [PageSpec("insight", i.file, i.title, i) for i in atlas.insights.values()]
    pages += [PageSpec("tour", step.doc_path + ".md", step.title, step, generated=True)
              for step in onboarding.tour_steps(atlas, ui)]
    pages.append(PageSpec("glossary", "glossary.md", ui.gettext("Glossary"), atlas,
                          generated=True))
    pages.append(PageSpec("review", "review.md", ui.gettext("Review dates"), atlas,
                          generated=True))
    if atlas.roles:
        pages.append(PageSpec("paths", "paths/index.md", ui.gettext("Learning paths"), atlas,
                              generated=True))
        pages += [PageSpec("path", f"paths/{role.id}.md",
                           ui.gettext("Learning path: %(role)s", role=role.name), role,
                           generated=True) for role in atlas.roles.values()
                  if views.has_path(role)]
    view_titles = ui.words(JOURNEY_VIEWS)
    for journey in atlas.journeys:
        pages.append(PageSpec("journey", f"journeys/{journey.id}/index.md", journey.title,
                              journey, generated=True))
        # Translators: a journey's view page, e.g. "Emotion curve: Adopting Fieldline".
        pages += [PageSpec(kind, f"journeys/{journey.id}/{kind}.md",
                           ui.gettext("%(view)s: %(journey)s", view=title,
                                      journey=journey.title),
                           journey, generated=True) for kind, title in view_titles.items()]
        pages += [PageSpec("stage", s.file, s.name, s) for s in journey.stages]
        pages += [PageSpec("moment", m.file, m.title, m) for m in journey.moments]
    pages += [PageSpec("role", r.file, r.name, r) for r in atlas.roles.values()]
    pages += [PageSpec("persona", p.file, p.name, p) for p in atlas.personas.values()]
    return pages


def breadcrumbs(atlas: Atlas, spec: PageSpec, views: Views | None = None,
                ui: Interface | None = None) -> list[tuple[str, str]]:
    """(title, doc_path) pairs from the home page down to the page's parent; the pages the
    atlas titles itself in the language of `ui` (English without one)."""
    ui = ui or english()
    home = [(atlas.name, "index")]
    if spec.kind in LIST_PAGES or spec.kind in ("changes", "glossary", "paths", "review",
                                                 "lifecycle", "insights", "teams"):
        return home
    if spec.kind == "team":
        return home + [(ui.gettext("Teams"), "teams/index")]
    if spec.kind == "insight":
        return home + [(ui.gettext("Research insights"), "insights/index")]
    if spec.kind == "tour":
        return (home if spec.obj.number == 1
                else home + [(ui.gettext("Start here"), "start/index")])
    if spec.kind == "path":
        return home + [(ui.gettext("Learning paths"), "paths/index")]
    if spec.kind in ("role", "persona"):
        return home + [(ui.gettext(LIST_PAGES[spec.kind + "s"]), f"{spec.kind}s/index")]
    journeys = (ui.gettext(LIST_PAGES["journeys"]), "journeys/index")
    if spec.kind == "journey" and views is not None and views.parents.get(spec.obj.id):
        parent, stage = views.parents[spec.obj.id][0]  # a detail journey: where it sits
        return home + [journeys, (parent.title, parent.doc_path),
                       (stage.name, stage.doc_path)]
    if spec.kind == "journey" or spec.kind == "gaps":
        return home + [journeys]
    if spec.kind in JOURNEY_VIEWS:
        return home + [journeys, (spec.obj.title, spec.obj.doc_path)]
    if spec.kind in ("stage", "moment"):
        journey = atlas.journey(spec.obj.journey_id)
        trail = home + [journeys, (journey.title, journey.doc_path)]
        if spec.kind == "moment":
            stage = journey.stage(spec.obj.stage)
            trail.append((stage.name, stage.doc_path))
        return trail
    return []


@functools.lru_cache(maxsize=8)
def _environment(template_dirs: tuple[str, ...], translations) -> jinja2.Environment:
    """One compiled set of page templates per theme and language, shared by every build in
    a process (each `mkdocs serve` rebuild, each test). A changed template file is read
    again at the next build (`_drop_changed_templates`), not checked on every use: a build
    asks for templates thousands of times."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(template_dirs)), auto_reload=False,
        # Compiled templates are kept in the user's temp folder between builds: compiling
        # them is a large part of a small atlas' build. Jinja recompiles a changed template.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build
        trim_blocks=True, lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    i18n.install_translations(env, translations)
    prepare_environment(env)  # what the drawing partials draw with
    return env


def _drop_changed_templates(env: jinja2.Environment) -> None:
    """Forget the compiled templates whose files changed since they were read (an edit of
    the theme while `mkdocs serve` runs), so this build reads them again."""
    for key in [key for key, template in env.cache.items() if not template.is_up_to_date]:
        del env.cache[key]


class _Memoized:
    """A template module whose macros depend on their arguments only: each call's markup
    is made once and reused (the same RACI letter or face appears thousands of times)."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name: str):
        macro = getattr(self._module, name)
        made: dict[tuple, Markup] = {}

        def memoized(*args):
            if args not in made:
                made[args] = macro(*args)
            return made[args]

        setattr(self, name, memoized)  # later look-ups skip __getattr__
        return memoized


class PageRenderer:
    """Draws each page's main content from `partials/pages/<kind>.html` in the theme."""

    def __init__(self, atlas: Atlas, template_dirs: Sequence[str], directory_urls: bool = True,
                 release=None, changes=None, history: AssetHistory | None = None,
                 locale: str = i18n.SOURCE_LANGUAGE):
        self.atlas = atlas
        self.interface = ui = i18n.Interface(locale, template_dirs)
        self.on = today()  # the build's date: what is due is judged on it
        self.views: Views = build_views(atlas)
        self.directory_urls = directory_urls
        self.env = _environment(tuple(template_dirs), ui.translations)
        _drop_changed_templates(self.env)
        self.ranked_gaps = ranked_gaps(atlas)
        self.role_names = {role.id: role.name for role in atlas.roles.values()}
        self.measures = kpis.measures_by_place(atlas, self.on)  # (journey, stage) -> KPIs
        self._tour_minutes: int | None = None
        self._reading_maps: dict[str, tuple] = {}  # journey id -> (layout, callouts)
        # A journey's discussion questions: its cards, its guide and present mode ask them.
        decks = functools.cache(lambda journey_id: discussion.deck(
            atlas, atlas.journey(journey_id), ui))
        # The words a template shows from Python, in the build's language (compare.py says
        # what changed in English).
        self.journey_views = ui.words(JOURNEY_VIEWS)
        changes = changes.in_language(ui) if changes is not None else None
        # What every page template may use, computed once per build.
        self.context = dict(
            interface=ui,  # the drawings place and measure their words in its language
            atlas=atlas, views=self.views, raci_words=ui.words(RACI_WORDS),
            emotion_words=ui.words(EMOTION_WORDS), kind_words=ui.words(KIND_WORDS),
            signed=signed, journey_status_words=ui.words(JOURNEY_STATUS_WORDS),
            insight_source_words=ui.words(INSIGHT_SOURCE_WORDS), limits=page_sizes,
            gap_status_words=ui.words(GAP_STATUS_WORDS), asset_words=ui.words(ASSET_WORDS),
            persona_kind_words=ui.words(PERSONA_KIND_WORDS),
            phase_names={phase.id: phase.name for phase in atlas.lifecycle},
            insight_sources=schema.INSIGHT_SOURCES,
            journey_views=self.journey_views, gap_statuses=schema.GAP_STATUSES,
            moment_kinds=schema.MOMENT_KINDS, item_kinds=ui.words(ITEM_KINDS),
            gap_change_words=ui.words(GAP_CHANGE_WORDS), biggest_losses=biggest_losses,
            quadrants=quadrant_words(ui),
            raci_matrix=lambda journey: raci_matrix(atlas, journey, ui),
            ranked_gaps=self.ranked_gaps, release=release, changes=changes,
            # The customer asset over releases (history.py): read on the first asset page.
            asset_history=lambda journey: history.journey(journey.id, ui) if history else None,
            tour=onboarding.tour_steps(atlas, ui),
            moment_questions=quiz.written_questions, tour_minutes=self.tour_minutes,
            map_to_read=onboarding.map_to_read(atlas),
            # What the tour's badges point at, for the words beside its drawing.
            map_callouts=lambda journey: self._reading_map(journey)[1],
            role_path=lambda role: onboarding.role_path(atlas, self.views, role, ui),
            glossary=onboarding.glossary(atlas), long_date=ui.date, built_on=self.on,
            number=ui.number, counted=ui.counted,
            review_list=lambda: review_list(atlas, self.on),
            journey_board=lambda journey: journey_board(atlas, journey, ui),
            channel_icon=channel_icon, channel_icon_ids=CHANNEL_ICON_IDS,
            kpi_measures=lambda journey_id, stage_id=None: self.measures.get(
                (journey_id, stage_id), []),
            kpi_figure=lambda value, unit=None: kpis.figure(value, unit, ui),
            discussion_deck=lambda journey: decks(journey.id),
            facilitator_guide=lambda journey: guide.plan(atlas, journey, decks(journey.id), ui))
        # The theme's shared macros, made once per build rather than imported by every page:
        # fixed fragments drawn once per set of arguments, then the listing helpers (`m`).
        self.context["fragment"] = _Memoized(self._module("partials/fragments.html"))
        self.context["m"] = self._module("partials/macros.html")
        # The drawings: laid out in Python, drawn by the theme's partials/drawings/.
        self.draw = Drawings(self.env, self.context)
        self.drawings = dict(
            journey_map=lambda journey, href: self.draw.journey_map(
                journey, href, self.role_names, persona_lines(atlas, journey)),
            atlas_map=lambda href: self.draw.atlas_map(atlas, href,
                                                       self.views.journeys_at_a_glance()),
            annotated_map=lambda journey, href: self.draw.annotated_map(
                *self._reading_map(journey), href),
            emotion_chart=self.draw.emotion_chart, asset_chart=self.draw.asset_chart,
            asset_history_chart=self.draw.asset_history,
            gap_matrix=lambda href: self.draw.gap_matrix(self.ranked_gaps, href),
            kpi_trend=self.draw.kpi_trend)

    def _module(self, template_name: str):
        return self.env.get_template(template_name).make_module(self.context)

    def linker(self, page_url: str) -> Linker:
        return Linker(page_url, self.directory_urls)

    def render_parts(self, spec: PageSpec, body_html: str, page_url: str,
                     measuring: bool = False) -> tuple[str, list[str]]:
        """The page's content with a placeholder for each drawing, and the drawings.

        MkDocs' search indexes the content by parsing its HTML: drawings are large and
        hold no text to find (their text alternatives repeat the page), so they join the
        page only after indexing (see fill_drawings)."""
        drawings: list[str] = []

        def deferred(draw):
            def placeholder(*args):
                drawings.append(draw(*args))
                return Markup(f"<!--journey-atlas-drawing:{len(drawings) - 1}-->")
            return placeholder

        template = self.env.get_template(f"partials/pages/{spec.kind}.html")
        content = template.render(self.context, page=spec, entity=spec.obj,
                                  body=Markup(body_html), href=self.linker(page_url),
                                  measuring=measuring,
                                  **{name: deferred(draw) for name, draw in self.drawings.items()})
        return content, drawings

    def _reading_map(self, journey):
        """The tour's annotated map, laid out once for its drawing and its list."""
        if journey.id not in self._reading_maps:
            layout = journey_map.layout(journey, self.role_names)
            self._reading_maps[journey.id] = (layout, journey_map.callouts(layout))
        return self._reading_maps[journey.id]

    def tour_minutes(self) -> int:
        """How long the tour takes to read, from the words its steps show (drawings aside),
        at READING_WORDS_PER_MINUTE; measured once per build."""
        if self._tour_minutes is None:
            words = 0
            for step in onboarding.tour_steps(self.atlas, self.interface):
                spec = PageSpec("tour", step.doc_path + ".md", step.title, step, generated=True)
                content, _ = self.render_parts(spec, "", step.doc_path + "/", measuring=True)
                words += len(search_text(content).split()) - 2  # less the <p></p> around it
            self._tour_minutes = max(1, math.ceil(words / READING_WORDS_PER_MINUTE))
        return self._tour_minutes

    def render(self, spec: PageSpec, body_html: str, page_url: str) -> str:
        content, drawings = self.render_parts(spec, body_html, page_url)
        return fill_drawings(content, drawings)


_DRAWING = re.compile(r"<!--journey-atlas-drawing:(\d+)-->")
_TAG = re.compile(r"<[^>]*>")


def search_text(html: str) -> str:
    """The words of a page we drew, with the markup taken out (for the search index).

    Safe on our own output only: every `<` and `>` in text or attributes is escaped by the
    templates, so each `<...>` here is a tag or a comment."""
    return "<p>" + " ".join(_TAG.sub(" ", html).split()) + "</p>"


def fill_drawings(html: str, drawings: list[str]) -> str:
    if not drawings:
        return html
    return _DRAWING.sub(lambda match: drawings[int(match.group(1))], html)
