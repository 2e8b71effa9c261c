"""The content model: what an atlas is made of, once loaded and validated."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

EMOTION_WORDS = {-2: "very unhappy", -1: "unhappy", 0: "neutral", 1: "happy", 2: "delighted"}
KIND_WORDS = {"pivotal": "Pivotal moment", "first-impression": "First impression",
              "last-impression": "Last impression"}  # what readers see for each moment kind


def signed(score: int) -> str:
    """An emotion score as people write it: +2, 0, −1 (a true minus sign)."""
    return f"+{score}" if score > 0 else ("−" + str(-score) if score < 0 else "0")


@dataclass
class Touchpoint:
    name: str
    channel: str | None = None
    owner: str | None = None  # role id


@dataclass
class Metrics:
    entered: int | None = None
    stayed: int | None = None
    grew: int | None = None
    diminished: int | None = None
    left: int | None = None
    why: list[str] = field(default_factory=list)

    FLOWS = ("entered", "stayed", "grew", "diminished", "left")

    def figures(self) -> list[tuple[str, int]]:
        """The counts that were given, in flow order."""
        return [(name, getattr(self, name)) for name in self.FLOWS if getattr(self, name) is not None]


@dataclass
class Gap:
    title: str
    current: str | None = None
    desired: str | None = None
    impact: int | None = None
    effort: int | None = None
    owner: str | None = None  # role id
    status: str = "idea"


@dataclass
class Role:
    id: str
    name: str
    team: str | None = None
    supports_strategy: str | None = None
    extra: Any = None
    body: str = ""
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def doc_path(self) -> str:
        return f"roles/{self.id}"


@dataclass
class Persona:
    id: str
    name: str
    kind: str | None = None
    segment: str | None = None
    goals: list[str] = field(default_factory=list)
    quote: str | None = None
    extra: Any = None
    body: str = ""
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def doc_path(self) -> str:
        return f"personas/{self.id}"


@dataclass
class Stage:
    id: str
    journey_id: str
    name: str
    internal_name: str | None = None
    customer_goal: str | None = None
    feeling: str | None = None
    emotion: int | None = None
    desired_emotion: int | None = None
    touchpoints: list[Touchpoint] = field(default_factory=list)
    pain_points: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # role id -> R|A|C|I
    metrics: Metrics | None = None
    gaps: list[Gap] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    reviewed: dt.date | None = None
    review_every_months: int | None = None
    extra: Any = None
    body: str = ""
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, repr=False)  # key -> line in source
    position: int = 0  # 1-based place in the journey

    @property
    def doc_path(self) -> str:
        return f"journeys/{self.journey_id}/stages/{self.id}"

    @property
    def accountable(self) -> list[str]:
        """The roles Accountable for the stage; a well-run stage has exactly one."""
        return [role_id for role_id, letter in self.roles.items() if letter == "A"]


@dataclass
class Moment:
    id: str
    journey_id: str
    title: str
    stage: str  # stage id
    kind: str = "pivotal"
    feeling_before: str | None = None
    feeling_after: str | None = None
    great_looks_like: list[str] = field(default_factory=list)
    say: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    extra: Any = None
    body: str = ""
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def doc_path(self) -> str:
        return f"journeys/{self.journey_id}/moments/{self.id}"


@dataclass
class Journey:
    id: str
    title: str
    stages: list[Stage] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)  # in stage order
    personas: list[str] = field(default_factory=list)
    segment: str | None = None
    outcome: str | None = None
    horizon_months: int | None = None
    reviewed: dt.date | None = None
    review_every_months: int | None = None
    extra: Any = None
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def doc_path(self) -> str:
        return f"journeys/{self.id}/index"

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def moments_in(self, stage_id: str) -> list[Moment]:
        return [m for m in self.moments if m.stage == stage_id]


@dataclass
class GlossaryTerm:
    term: str
    means: str | None = None
    customer_words: str | None = None


@dataclass
class Atlas:
    name: str
    strategy: str | None = None
    culture: str | None = None
    lasting_impression: list[str] = field(default_factory=list)
    reviewed: dt.date | None = None
    review_every_months: int | None = None
    extra: Any = None
    journeys: list[Journey] = field(default_factory=list)  # ordered by id
    roles: dict[str, Role] = field(default_factory=dict)  # ordered by id
    personas: dict[str, Persona] = field(default_factory=dict)  # ordered by id
    glossary: list[GlossaryTerm] = field(default_factory=list)  # from glossary.yml
    content_dir: str = ""
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    def journey(self, journey_id: str) -> Journey | None:
        return next((j for j in self.journeys if j.id == journey_id), None)
