"""Onboarding: the guided tour for new hires, role learning paths with a self-check, and
the glossary of customer words and internal names."""

from __future__ import annotations

from dataclasses import dataclass, field

from .i18n import Interface
from .model import Atlas, Journey, Moment, Role, Stage, english
from .quiz import Question, path_questions
from .views import Views


@dataclass
class TourStep:
    slug: str  # "" for the first step
    title: str
    kind: str  # strategy, culture, impression, customers, journeys, moments, role
    number: int = 0
    total: int = 0

    @property
    def doc_path(self) -> str:
        return "start/index" if not self.slug else f"start/{self.slug}"


def tour_steps(atlas: Atlas, ui: Interface | None = None) -> list[TourStep]:
    """The tour, skipping steps the atlas has nothing for; its titles in the language of
    `ui` (English without one)."""
    ui = ui or english()
    candidates = [
        (True, TourStep("", ui.gettext("Our customer strategy"), "strategy")),
        (bool(atlas.culture), TourStep("culture", ui.gettext("How we work together"),
                                       "culture")),
        (bool(atlas.lasting_impression), TourStep("impression",
                                                  ui.gettext("What customers should remember"),
                                                  "impression")),
        (bool(atlas.personas), TourStep("customers", ui.gettext("Who our customers are"),
                                        "customers")),
        (True, TourStep("journeys", ui.gettext("The journeys they take"), "journeys")),
        (map_to_read(atlas) is not None, TourStep("reading-the-map",
                                                  ui.gettext("How to read a map"), "read-map")),
        (any(j.moments for j in atlas.journeys), TourStep("moments",
                                                           ui.gettext("The moments that matter"),
                                                           "moments")),
        (bool(atlas.roles), TourStep("your-role", ui.gettext("Find your role"), "role")),
    ]
    steps = [step for include, step in candidates if include]
    for number, step in enumerate(steps, start=1):
        step.number, step.total = number, len(steps)
    return steps


def map_to_read(atlas: Atlas) -> Journey | None:
    """The journey the tour explains the map on: the one showing the most of what a map
    can show (hills and valleys, flags, warning signs, where we aim); the first on a tie."""
    def shows(journey: Journey) -> int:
        emotions = {s.emotion for s in journey.stages if s.emotion is not None}
        return (2 * (len(emotions) > 1) + bool(journey.moments)
                + any(s.pain_points for s in journey.stages)
                + any(s.desired_emotion is not None for s in journey.stages))
    journeys = [j for j in atlas.journeys if j.stages]
    return max(journeys, key=shows) if journeys else None  # max keeps the first on a tie


@dataclass
class PathStop:
    """One stop on a role's learning path: a stage, with the role's moments in it."""

    journey: Journey
    stage: Stage
    letter: str | None
    touchpoints: list[str] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)
    backstage: list[str] = field(default_factory=list)  # the steps behind it the role runs


@dataclass
class RolePath:
    role: Role
    stops: list[PathStop]
    questions: list[Question]  # practice questions with feedback (quiz.py)

    @property
    def moments(self) -> list[Moment]:
        return [m for stop in self.stops for m in stop.moments]


def role_path(atlas: Atlas, views: Views, role: Role, ui: Interface | None = None
              ) -> RolePath:
    """Every stage and moment the role is part of, in journey order, and questions to
    practise on (asked in the language of `ui`, English without one)."""
    stops = []
    for item in views.role_journeys(role):
        letters = {stage.id: letter for stage, letter in item.stages}
        owned, behind = {}, {}
        for stage, name in item.touchpoints:
            owned.setdefault(stage.id, []).append(name)
        for stage, step in item.backstage:
            behind.setdefault(stage.id, []).append(step.name)
        moment_stages = {m.stage for m in item.moments}
        for stage in item.journey.stages:
            if stage.id in letters or stage.id in owned or stage.id in moment_stages \
                    or stage.id in behind:
                stops.append(PathStop(item.journey, stage, letters.get(stage.id),
                                      owned.get(stage.id, []),
                                      [m for m in item.moments if m.stage == stage.id],
                                      behind.get(stage.id, [])))
    return RolePath(role, stops, path_questions(atlas, role, stops, ui=ui))


@dataclass
class GlossaryEntry:
    customer_words: str | None
    internal: str | None
    means: str | None = None
    stage: Stage | None = None
    journey: Journey | None = None


def glossary(atlas: Atlas) -> list[GlossaryEntry]:
    entries = [GlossaryEntry(stage.name, stage.internal_name, stage.customer_goal, stage, journey)
               for journey in atlas.journeys for stage in journey.stages]
    entries += [GlossaryEntry(term.customer_words, term.term, term.means)
                for term in atlas.glossary]
    return sorted(entries, key=lambda e: ((e.internal or e.customer_words or "").lower(),
                                          (e.customer_words or "").lower()))
