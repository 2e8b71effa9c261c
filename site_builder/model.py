"""The content model: what an atlas is made of, once loaded and validated.

Each class's content attributes are the fields of its record in schema.py (`model_of`);
only what is not written in a file is declared here: ids, the Markdown body, where it came
from, and what loading derives (a journey's Stage objects, a stage's position).
"""

from __future__ import annotations

from dataclasses import field

from . import schema
from .i18n import N_, english  # noqa: F401 (english: imported from here by the word makers)
from .schema import model_of

# The interface's words for the atlas' fixed values, in English (the extractor finds each
# `N_`; a build's PageRenderer translates them for the theme's language).
EMOTION_WORDS = {-2: N_("very unhappy"), -1: N_("unhappy"), 0: N_("neutral"), 1: N_("happy"),
                 2: N_("delighted")}
JOURNEY_STATUS_WORDS = {"idea": N_("Idea"), "researching": N_("Researching"),
                        "mapped": N_("Mapped"), "live": N_("Live"), "retired": N_("Retired")}
INSIGHT_SOURCE_WORDS = {"interview": N_("Interview"), "survey": N_("Survey"),
                        "complaint": N_("Complaint"), "analytics": N_("Analytics"),
                        "observation": N_("Observation"), "workshop": N_("Workshop")}
KIND_WORDS = {"pivotal": N_("Pivotal moment"), "first-impression": N_("First impression"),
              "last-impression": N_("Last impression")}  # what readers see for each moment kind
GAP_STATUS_WORDS = {"idea": N_("Idea"), "planned": N_("Planned"), "doing": N_("Doing"),
                    "done": N_("Done")}
# The customer asset's flows (Metrics.FLOWS), as a stage's figures name them.
ASSET_WORDS = {"entered": N_("Entered"), "stayed": N_("Stayed"), "grew": N_("Grew"),
               "diminished": N_("Diminished"), "left": N_("Left")}
PERSONA_KIND_WORDS = {"economic": N_("Economic buyer"), "technical": N_("Technical buyer"),
                      "user": N_("User buyer")}


def signed(score: int) -> str:
    """An emotion score as people write it: +2, 0, −1 (a true minus sign)."""
    return f"+{score}" if score > 0 else ("−" + str(-score) if score < 0 else "0")


@model_of(schema.TOUCHPOINT)
class Touchpoint:
    pass


@model_of(schema.BACKSTAGE)
class BackstageStep:
    pass


@model_of(schema.METRICS)
class Metrics:
    FLOWS = ("entered", "stayed", "grew", "diminished", "left")

    def figures(self) -> list[tuple[str, int]]:
        """The counts that were given, in flow order."""
        return [(name, getattr(self, name)) for name in self.FLOWS if getattr(self, name) is not None]


@model_of(schema.GAP)
class Gap:
    pass


@model_of(schema.ROLE)
class Role:
    id: str
    body: str = ""
    file: str = ""  # the content file it was read from
    lines: dict[str, int] = field(default_factory=dict, repr=False)
    team_id: str | None = None  # the team its `team` names (site_builder/teams.py)

    @property
    def doc_path(self) -> str:
        return f"roles/{self.id}"


@model_of(schema.TEAM)
class Team:
    """A team: described by teams/<id>.md, or only named by its roles' `team`."""

    id: str
    body: str = ""
    file: str = ""  # its team file; "" for a team that only its roles name
    lines: dict[str, int] = field(default_factory=dict, repr=False)
    roles: list[str] = field(default_factory=list)  # ids of the roles in it, by name

    @property
    def doc_path(self) -> str:
        return f"teams/{self.id}"


@model_of(schema.PERSONA)
class Persona:
    id: str
    body: str = ""
    file: str = ""  # the content file it was read from
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def doc_path(self) -> str:
        return f"personas/{self.id}"


@model_of(schema.STAGE)
class Stage:
    id: str
    journey_id: str
    body: str = ""
    file: str = ""  # the content file it was read from
    lines: dict[str, int] = field(default_factory=dict, repr=False)  # key -> line in source
    position: int = 0  # 1-based place in the journey

    @property
    def doc_path(self) -> str:
        return f"journeys/{self.journey_id}/stages/{self.id}"

    @property
    def accountable(self) -> list[str]:
        """The roles Accountable for the stage; a well-run stage has exactly one."""
        return [role_id for role_id, letter in self.roles.items() if letter == "A"]


@model_of(schema.CHOICE)
class ScenarioChoice:
    pass


@model_of(schema.SCENARIO)
class Scenario:
    pass


@model_of(schema.MOMENT)
class Moment:
    id: str
    journey_id: str
    body: str = ""
    file: str = ""  # the content file it was read from
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def doc_path(self) -> str:
        return f"journeys/{self.journey_id}/moments/{self.id}"


@model_of(schema.JOURNEY)
class Journey:
    id: str
    stages: list[Stage] = field(default_factory=list)  # Stage objects, in journey order
    moments: list[Moment] = field(default_factory=list)  # in stage order
    file: str = ""  # the content file it was read from
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def doc_path(self) -> str:
        return f"journeys/{self.id}/index"

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def moments_in(self, stage_id: str) -> list[Moment]:
        return [m for m in self.moments if m.stage == stage_id]


@model_of(schema.INSIGHT)
class Insight:
    id: str
    body: str = ""
    file: str = ""  # the content file it was read from ('source' is the kind of research)
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def doc_path(self) -> str:
        return f"insights/{self.id}"


@model_of(schema.LIFECYCLE_PHASE)
class LifecyclePhase:
    pass


@model_of(schema.GLOSSARY_TERM)
class GlossaryTerm:
    pass


# A place a KPI is read at: (journey id, stage id), or (journey id, None) journey-wide.
Place = tuple  # tuple[str, str | None]


@model_of(schema.KPI)
class Kpi:
    # Readings by place, each list sorted by date: [(datetime.date, float), ...], from
    # kpis/<id>.csv (site_builder/kpis.py). Plain tuples: there may be 100,000 of them.
    readings: dict[Place, list[tuple]] = field(default_factory=dict, repr=False)
    source: str = ""  # its CSV file, when it has one
    lines: dict[str, int] = field(default_factory=dict, repr=False)


@model_of(schema.ATLAS)
class Atlas:
    journeys: list[Journey] = field(default_factory=list)  # ordered by id
    roles: dict[str, Role] = field(default_factory=dict)  # ordered by id
    teams: dict[str, Team] = field(default_factory=dict)  # every team, ordered by name
    personas: dict[str, Persona] = field(default_factory=dict)  # ordered by id
    insights: dict[str, Insight] = field(default_factory=dict)  # ordered by id
    glossary: list[GlossaryTerm] = field(default_factory=list)  # from glossary.yml
    kpis: dict[str, Kpi] = field(default_factory=dict)  # from kpis.yml, in its order
    content_dir: str = ""
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    def journey(self, journey_id: str) -> Journey | None:
        return next((j for j in self.journeys if j.id == journey_id), None)

    def team_of(self, role: Role) -> Team | None:
        return self.teams.get(role.team_id) if role.team_id else None
