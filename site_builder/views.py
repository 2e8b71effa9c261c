"""Views derived from the model once per build: who is involved where, what links to what.

Pages only look things up here, so no page walks the whole atlas.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .i18n import N_, Interface
from .model import (Atlas, BackstageStep, Gap, Insight, Journey, LifecyclePhase, Moment, Persona,
                    Role, Stage, Team, english)
from .page_sizes import GLANCE_JOURNEYS, ROLE_JOURNEYS_IN_DETAIL, ROLE_LIST_ROWS

# What each RACI letter stands for, as readers see it (translated per build: `ui.words`).
RACI_WORDS = {"R": N_("Responsible"), "A": N_("Accountable"), "C": N_("Consulted"),
              "I": N_("Informed")}


@dataclass
class RoleInJourney:
    """What one role does in one journey, in journey order."""

    journey: Journey
    stages: list[tuple[Stage, str]] = field(default_factory=list)  # (stage, RACI letter)
    moments: list[Moment] = field(default_factory=list)
    touchpoints: list[tuple[Stage, str]] = field(default_factory=list)  # (stage, touchpoint name)
    backstage: list[tuple[Stage, BackstageStep]] = field(default_factory=list)  # steps it runs
    gaps: list[tuple[Stage, Gap]] = field(default_factory=list)  # (stage, gap)

    def letter_counts(self) -> list[tuple[str, int]]:
        """(RACI letter, how many of its stages the role has that part in), in the order
        of RACI_WORDS, leaving out the letters it has nowhere here."""
        return _letter_counts(self.stages)


def _letter_counts(stages: list[tuple[Stage, str]]) -> list[tuple[str, int]]:
    counts = {letter: 0 for letter in RACI_WORDS}
    for _, letter in stages:
        counts[letter] = counts.get(letter, 0) + 1
    return [(letter, count) for letter, count in counts.items() if count]


@dataclass
class RoleInvolvement:
    """A role page's "Where you make the difference": the first ROLE_JOURNEYS_IN_DETAIL
    journeys in detail, the others a line each (page_sizes.py)."""

    detailed: list[RoleInJourney]
    in_brief: list[RoleInJourney]

    @property
    def journeys(self) -> list[RoleInJourney]:
        return self.detailed + self.in_brief

    @property
    def stage_count(self) -> int:
        return sum(len(item.stages) for item in self.journeys)

    def letter_counts(self) -> list[tuple[str, int]]:
        """(RACI letter, stages) over every journey, as RoleInJourney.letter_counts."""
        return _letter_counts([pair for item in self.journeys for pair in item.stages])

    @property
    def summarised(self) -> bool:
        """Whether the page leaves anything out: journeys in brief, or a list cut short."""
        return bool(self.in_brief) or any(
            len(rows) > ROLE_LIST_ROWS for item in self.detailed
            for rows in (item.stages, item.touchpoints, item.backstage, item.gaps))


@dataclass
class TeamStage:
    """A stage a team is Accountable or Responsible for, through which of its roles."""

    stage: Stage
    roles: list[tuple[Role, str]]  # (role, A or R), Accountable first

    @property
    def letter(self) -> str:
        """The team's part: A when any of its roles is Accountable, else R."""
        return self.roles[0][1]


@dataclass
class TeamInJourney:
    """What one team owns in one journey, in journey order."""

    journey: Journey
    stages: list[TeamStage] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)  # the moments its roles own
    owns_journey: bool = False  # one of its roles is the journey's owner

    @property
    def measured(self) -> list[Stage]:
        """Its stages with customer figures: the customer asset it answers for."""
        return [s.stage for s in self.stages if s.stage.metrics and s.stage.metrics.figures()]


@dataclass
class TeamOutcome:
    """What a team answers for: a team page's content (Views.team_outcome)."""

    team: Team
    journeys: list[TeamInJourney]
    gaps: list["RankedGap"]  # the gaps its roles own, highest impact first

    def stage_count(self, letter: str) -> int:
        """How many stages one of its roles is Accountable (A) or Responsible (R) for: the
        count the list under it shows (a stage may count for both)."""
        return sum(1 for item in self.journeys for s in item.stages
                   if any(given == letter for _, given in s.roles))

    @property
    def moment_count(self) -> int:
        return sum(len(item.moments) for item in self.journeys)

    @property
    def open_gaps(self) -> list["RankedGap"]:
        return [item for item in self.gaps if item.gap.status != "done"]

    @property
    def measured(self) -> list[TeamInJourney]:
        """The journeys where any of its stages has customer figures."""
        return [item for item in self.journeys if item.measured]


@dataclass
class CitedGap:
    journey: Journey
    stage: Stage
    gap: Gap


@dataclass
class StageInsight:
    """An insight behind a stage: named by the insight itself, or cited by its gaps."""

    insight: Insight
    names_stage: bool = False
    gaps: list[Gap] = field(default_factory=list)  # the stage's gaps that cite it


@dataclass
class LifecycleColumn:
    phase: LifecyclePhase | None  # None: the journeys not placed in any phase
    journeys: list[Journey]

    @property
    def blind_spot(self) -> bool:
        """A phase of the customer's life that no journey maps (a retired one does not)."""
        return self.phase is not None and all(j.status == "retired" for j in self.journeys)


@dataclass
class Views:
    atlas: Atlas
    roles_by_journey: dict[str, list[RoleInJourney]] = field(default_factory=dict)
    journeys_by_persona: dict[str, list[Journey]] = field(default_factory=dict)
    # detail journey id -> the (journey, stage) pairs it sits in
    parents: dict[str, list[tuple[Journey, Stage]]] = field(default_factory=dict)
    insight_stages: dict[str, list[Stage]] = field(default_factory=dict)  # insight id ->
    insight_gaps: dict[str, list[CitedGap]] = field(default_factory=dict)  # insight id ->
    stage_insights: dict[tuple[str, str], list[StageInsight]] = field(default_factory=dict)

    def insights_of(self, stage: Stage) -> list[StageInsight]:
        return self.stage_insights.get((stage.journey_id, stage.id), [])

    def insights_newest_first(self) -> list[Insight]:
        return sorted(self.atlas.insights.values(), key=newest_first)

    def insight_journeys(self, insight: Insight) -> list[Journey]:
        """The journeys an insight is about: named by it, or citing it from a gap."""
        ids = {s.journey_id for s in self.insight_stages.get(insight.id, [])}
        ids |= {c.journey.id for c in self.insight_gaps.get(insight.id, [])}
        return [j for j in self.atlas.journeys if j.id in ids]

    def lifecycle(self) -> list[LifecycleColumn]:
        """The lifecycle board: a column per phase in the atlas' order, each with its
        journeys by title, a detail journey after the one it details, and a column for
        journeys not placed in any phase."""
        phases = {phase.id: LifecycleColumn(phase, []) for phase in self.atlas.lifecycle}
        unplaced = LifecycleColumn(None, [])
        by_title = sorted(self.atlas.journeys, key=lambda j: (j.title.casefold(), j.id))
        for journey in by_title:
            if journey.kind == "end-to-end":
                phases.get(journey.phase, unplaced).journeys.append(journey)
        for journey in by_title:  # a detail journey follows the journey it details
            if journey.kind != "end-to-end":
                parents = [p for p, _ in self.parents.get(journey.id, [])]
                # Without a phase of its own, it sits where the journey it details does.
                phase = journey.phase or next((p.phase for p in parents if p.phase), None)
                column = phases.get(phase, unplaced).journeys
                parents = [p.id for p in parents]
                at = max((i + 1 for i, j in enumerate(column) if j.id in parents),
                         default=len(column))
                while at < len(column) and column[at].kind != "end-to-end":
                    at += 1  # after the parent's other detail journeys
                column.insert(at, journey)
        return list(phases.values()) + ([unplaced] if unplaced.journeys else [])

    def role_journeys(self, role: Role) -> list[RoleInJourney]:
        return self.roles_by_journey.get(role.id, [])

    def role_involvement(self, role: Role) -> RoleInvolvement:
        journeys = self.role_journeys(role)
        return RoleInvolvement(journeys[:ROLE_JOURNEYS_IN_DETAIL],
                               journeys[ROLE_JOURNEYS_IN_DETAIL:])

    def journeys_at_a_glance(self) -> list[Journey]:
        """The journeys home and the tour show: every one up to GLANCE_JOURNEYS; past that,
        the first in the atlas' order of those most worth a first look (end-to-end before
        detail journeys, retired ones last), still in the atlas' order."""
        journeys = self.atlas.journeys
        if len(journeys) <= GLANCE_JOURNEYS:
            return list(journeys)
        first = sorted(range(len(journeys)), key=lambda i: (
            journeys[i].kind != "end-to-end", journeys[i].status == "retired", i))
        return [journeys[i] for i in sorted(first[:GLANCE_JOURNEYS])]

    def role_moments(self, role: Role) -> list[Moment]:
        """The role's moments in the order customers live them: by journey, then stage."""
        return [moment for item in self.role_journeys(role)
                for moment in sorted(item.moments,
                                     key=lambda m: item.journey.stage(m.stage).position)]

    def has_path(self, role: Role) -> bool:
        """A role no stage, moment, touchpoint, backstage step or gap names gets no (empty)
        learning path."""
        return role.id in self.roles_by_journey

    def persona_journeys(self, persona: Persona) -> list[Journey]:
        return self.journeys_by_persona.get(persona.id, [])

    def neighbours(self, stage: Stage) -> tuple[Stage | None, Stage | None]:
        stages = self.atlas.journey(stage.journey_id).stages
        i = stage.position - 1
        return (stages[i - 1] if i > 0 else None, stages[i + 1] if i + 1 < len(stages) else None)

    def roles_by_team(self) -> list[tuple[Team | None, list[Role]]]:
        """Roles grouped by team in name order; roles without a team come last (None)."""
        grouped: list[tuple[Team | None, list[Role]]] = [
            (team, [self.atlas.roles[r] for r in team.roles])
            for team in self.atlas.teams.values() if team.roles]
        alone = sorted((r for r in self.atlas.roles.values() if r.team_id is None),
                       key=lambda r: (r.name.casefold(), r.id))
        return grouped + ([(None, alone)] if alone else [])

    @functools.cached_property
    def ranked(self) -> list["RankedGap"]:
        return ranked_gaps(self.atlas)

    def team_journeys(self, team: Team) -> list[TeamInJourney]:
        """Where a team owns the outcome, journey by journey: the stages its roles are
        Accountable or Responsible for, the moments they own, and the journeys one of
        them owns; journeys where it does none of these are left out."""
        members = set(team.roles)
        found = []
        for journey in self.atlas.journeys:
            item = TeamInJourney(journey, owns_journey=journey.owner in members)
            for stage in journey.stages:
                parts = [(self.atlas.roles[role_id], letter)
                         for role_id, letter in stage.roles.items()
                         if role_id in members and letter in ("A", "R")]
                if parts:
                    parts.sort(key=lambda p: (p[1] != "A", p[0].name.casefold()))
                    item.stages.append(TeamStage(stage, parts))
            item.moments = [m for m in journey.moments if members.intersection(m.roles)]
            if item.stages or item.moments or item.owns_journey:
                found.append(item)
        return found

    def team_gaps(self, team: Team) -> list["RankedGap"]:
        """The gaps the team's roles own, highest impact first (as on the gaps page)."""
        members = set(team.roles)
        return [item for item in self.ranked if item.gap.owner in members]

    def team_outcome(self, team: Team) -> TeamOutcome:
        return TeamOutcome(team, self.team_journeys(team), self.team_gaps(team))


@dataclass
class RaciMatrix:
    journey: Journey
    roles: list[Role]  # every role the journey's stages name, in first-named order
    cells: dict[tuple[str, str], str]  # (role id, stage id) -> letter
    ui: Interface = field(default_factory=english)  # the language `problem` speaks

    def problem(self, stage: Stage) -> str | None:
        """Why a stage's accountability needs a look, or None when exactly one role is A."""
        count = len(stage.accountable)
        if count == 0:
            return self.ui.gettext("No role is accountable")
        if count > 1:
            return self.ui.ngettext("%(num)s role is accountable",
                                    "%(num)s roles are accountable", count)
        return None


def raci_matrix(atlas: Atlas, journey: Journey, ui: Interface | None = None) -> RaciMatrix:
    order: dict[str, None] = {}
    cells = {}
    for stage in journey.stages:
        for role_id, letter in stage.roles.items():
            order.setdefault(role_id)
            cells[(role_id, stage.id)] = letter
    return RaciMatrix(journey, [atlas.roles[r] for r in order if r in atlas.roles], cells,
                      ui or english())


# --- what to look at first ------------------------------------------------------------------

def biggest_losses(journey: Journey, count: int = 2) -> set[str]:
    """Ids of the stages that lose the most customers (the ones a leader should look at)."""
    losing = [(s.metrics.left, s.position, s.id) for s in journey.stages
              if s.metrics and s.metrics.left]
    return {stage_id for _, _, stage_id in sorted(losing, key=lambda t: (-t[0], t[1]))[:count]}


# The impact/effort quadrants: key -> (name, advice), in English (`quadrant_words` gives
# them in a build's language).
QUADRANTS = {
    "quick-win": (N_("Quick wins"), N_("High impact, low effort: do these first.")),
    "big-bet": (N_("Big bets"), N_("High impact, high effort: plan and fund them.")),
    "fill-in": (N_("Fill-ins"), N_("Low impact, low effort: do them when there is time.")),
    "money-pit": (N_("Money pits"), N_("Low impact, high effort: question them.")),
}


def quadrant_words(ui: Interface) -> dict[str, tuple[str, str]]:
    """QUADRANTS in the language of `ui`."""
    return {key: (ui.gettext(name), ui.gettext(advice))
            for key, (name, advice) in QUADRANTS.items()}


@dataclass
class RankedGap:
    number: int
    gap: Gap
    stage: Stage
    journey: Journey

    @property
    def quadrant(self) -> str | None:
        if self.gap.impact is None or self.gap.effort is None:
            return None
        high_impact, high_effort = self.gap.impact >= 3, self.gap.effort >= 3
        if high_impact:
            return "big-bet" if high_effort else "quick-win"
        return "money-pit" if high_effort else "fill-in"

    @property
    def priority(self) -> tuple:
        """Highest impact first, then least effort: the order to read the list in."""
        return (-(self.gap.impact or 0), self.gap.effort or 6, self.journey.id,
                self.stage.position, self.gap.title)


def ranked_gaps(atlas: Atlas) -> list[RankedGap]:
    found = [(gap, stage, journey) for journey in atlas.journeys for stage in journey.stages
             for gap in stage.gaps]
    ranked = [RankedGap(0, g, s, j) for g, s, j in found]
    ranked.sort(key=lambda r: r.priority)
    for number, item in enumerate(ranked, start=1):
        item.number = number
    return ranked


def build_views(atlas: Atlas) -> Views:
    views = Views(atlas)
    naming: dict[str, list[Insight]] = {}  # "journey-id/stage-id" -> the insights naming it
    for insight in atlas.insights.values():
        for ref in dict.fromkeys(insight.stages):
            naming.setdefault(ref, []).append(insight)
    for journey in atlas.journeys:
        involvement: dict[str, RoleInJourney] = {}

        def entry(role_id: str) -> RoleInJourney:
            return involvement.setdefault(role_id, RoleInJourney(journey))

        for stage in journey.stages:
            for role_id, letter in stage.roles.items():
                entry(role_id).stages.append((stage, letter))
            for touchpoint in stage.touchpoints:
                if touchpoint.owner:
                    entry(touchpoint.owner).touchpoints.append((stage, touchpoint.name))
            for step in stage.backstage:
                if step.owner:
                    entry(step.owner).backstage.append((stage, step))
            for gap in stage.gaps:
                if gap.owner:
                    entry(gap.owner).gaps.append((stage, gap))
        for moment in journey.moments:
            for role_id in moment.roles:
                entry(role_id).moments.append(moment)
        for role_id, item in involvement.items():
            views.roles_by_journey.setdefault(role_id, []).append(item)
        for persona_id in journey.personas:
            views.journeys_by_persona.setdefault(persona_id, []).append(journey)
        for stage in journey.stages:
            if stage.journey and atlas.journey(stage.journey):
                views.parents.setdefault(stage.journey, []).append((journey, stage))
            _cite_insights(views, journey, stage, naming)
    return views


def _cite_insights(views: Views, journey: Journey, stage: Stage,
                   naming: dict[str, list[Insight]]) -> None:
    here: dict[str, StageInsight] = {}
    for insight in naming.get(f"{journey.id}/{stage.id}", []):
        here[insight.id] = StageInsight(insight, names_stage=True)
        views.insight_stages.setdefault(insight.id, []).append(stage)
    for gap in stage.gaps:
        for insight_id in dict.fromkeys(gap.insights):
            insight = views.atlas.insights.get(insight_id)
            if insight is None:
                continue
            here.setdefault(insight_id, StageInsight(insight)).gaps.append(gap)
            views.insight_gaps.setdefault(insight_id, []).append(CitedGap(journey, stage, gap))
    if here:
        views.stage_insights[(journey.id, stage.id)] = sorted(here.values(), key=newest_first)


def newest_first(item) -> tuple:
    """Insights (or what holds one) by date, the newest first; undated ones last."""
    insight = getattr(item, "insight", item)
    return (insight.date is None, -(insight.date.toordinal() if insight.date else 0),
            insight.id)
