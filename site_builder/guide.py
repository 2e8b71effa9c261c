"""The facilitator guide: a journey's small-group session, planned in whole minutes.

The session (the journey's `session_minutes`) is split into an opening, a time box per
stage and a closing, which add up to the session exactly. The opening and the closing
take a share of it; each stage gets a minute, and the rest goes to the stages by how much
there is to discuss (its questions and its moments), largest remainders first, so the
minutes are whole and nothing is lost to rounding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from . import discussion, schema
from .board import persona_lines
from .drawings.journey_map import RAIN_AT, SPARKLE_AT, shown_on_map
from .i18n import N_, Interface
from .model import Atlas, Journey, Moment, Persona, Stage, english

OPENING_SHARE = Fraction(1, 10)  # of the session: purpose, personas, how to read the map
CLOSING_SHARE = Fraction(3, 20)  # each person says what they will do differently
MIN_OPENING = MIN_CLOSING = 2  # minutes, however short the session
MIN_STAGE = 1

# How to read the map: what every map shows, then what a journey's map may show (keys of
# journey_map.LEGEND_WORDS).
# In English: map_reading says them in a build's language.
MAP_ALWAYS = (
    N_("The road runs through the stages from left to right, in the order the customer lives "
       "them, each named in the customer's own words."),
    N_("It climbs where customers feel good and dips where they do not; the face at each "
       "stage shows how they feel there today."))
MAP_READING = {
    "pivotal": N_("A pennant flag marks a pivotal moment, where the customer makes up their "
                  "mind about us."),
    "first-impression": N_("A square flag marks the first impression."),
    "last-impression": N_("A swallow-tailed flag marks the last impression."),
    "pain": N_("A warning sign marks a stage with pain points."),
    "desired": N_("The dotted line shows where we aim: how we want the customer to feel at "
                  "each stage."),
    "detail": N_("A magnifier opens a closer look: a journey of its own inside the stage."),
}
PERSONA_TRAILS = N_("A thinner line for each persona follows how that persona feels.")
# The map's weather (journey_map._weather).
RAIN = N_("A rain cloud hangs over a stage where customers are unhappy: the more drops, the "
          "worse.")
SPARKLE = N_("Sparkles mark a stage where customers are delighted.")


@dataclass(frozen=True)
class TimeBox:
    start: int  # minutes from the start of the session
    minutes: int

    @property
    def end(self) -> int:
        return self.start + self.minutes

    @property
    def clock(self) -> str:
        """When it runs on a session clock: '0:06–0:11'."""
        return f"{clock(self.start)}–{clock(self.end)}"


@dataclass
class StagePlan:
    stage: Stage
    time: TimeBox
    questions: list[discussion.Question]
    moments: list[Moment]
    notes: list[str] = field(default_factory=list)  # the facilitator notes' paragraphs


@dataclass
class Guide:
    journey: Journey
    minutes: int
    opening: TimeBox
    stages: list[StagePlan]
    closing: TimeBox
    personas: list[Persona]
    map_reading: list[str]  # how to read the journey's map, a sentence for each thing

    @property
    def session(self) -> TimeBox:
        return TimeBox(0, self.minutes)

    @property
    def parts(self) -> list[TimeBox]:
        return [self.opening, *(s.time for s in self.stages), self.closing]


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def minimum_minutes(stage_count: int) -> int:
    """The shortest session the guide can plan: a minute a stage, and an opening and a
    closing of two minutes each."""
    return MIN_OPENING + MIN_CLOSING + MIN_STAGE * stage_count


def session_minutes(journey: Journey) -> int:
    """The session's length: the journey's own (the loader refuses one too short for its
    stages), or the default, made longer for a journey with more stages than it fits."""
    given = journey.session_minutes or schema.SESSION_DEFAULT_MINUTES
    return max(given, minimum_minutes(len(journey.stages)))


def time_boxes(total: int, weights: list[int]) -> tuple[int, list[int], int]:
    """(opening, each stage's minutes, closing) for a session of `total` minutes, whole
    minutes that add up to `total`; a stage's share grows with its weight (at least 1)."""
    count = len(weights)
    if total < minimum_minutes(count):
        raise ValueError(f"{total} minutes cannot hold {count} stages")
    opening = max(MIN_OPENING, _round(total * OPENING_SHARE))
    closing = max(MIN_CLOSING, _round(total * CLOSING_SHARE))
    while total - opening - closing < MIN_STAGE * count:  # many stages in a short session
        if closing > MIN_CLOSING and closing >= opening:
            closing -= 1
        else:
            opening -= 1
    spare = total - opening - closing - MIN_STAGE * count
    weights = [max(1, w) for w in weights]
    quotas = [Fraction(spare * w, sum(weights)) for w in weights] if weights else []
    extra = [int(q) for q in quotas]
    # Largest remainders first; among equal ones, the earlier stage.
    by_remainder = sorted(range(count), key=lambda i: (-(quotas[i] - extra[i]), i))
    for i in by_remainder[:spare - sum(extra)]:
        extra[i] += 1
    return opening, [MIN_STAGE + e for e in extra], closing


def _round(value: Fraction) -> int:
    """Half up (Python's round() takes 4.5 to 4)."""
    return int(value + Fraction(1, 2))


def plan(atlas: Atlas, journey: Journey, deck: discussion.Deck | None = None,
         ui: Interface | None = None) -> Guide:
    """The journey's session plan; what it says in the language of `ui` (English without
    one), as `deck` (its discussion questions) should be."""
    ui = ui or english()
    deck = deck or discussion.deck(atlas, journey, ui)
    questions = [deck.questions(stage) for stage in journey.stages]
    moments = [journey.moments_in(stage.id) for stage in journey.stages]
    total = session_minutes(journey)
    opening, minutes, closing = time_boxes(
        total, [1 + len(q) + len(m) for q, m in zip(questions, moments)])
    start = opening
    stages = []
    for stage, asked, met, length in zip(journey.stages, questions, moments, minutes):
        stages.append(StagePlan(stage, TimeBox(start, length), asked, met,
                                paragraphs(stage.facilitator_notes)))
        start += length
    return Guide(journey, total, TimeBox(0, opening), stages, TimeBox(start, closing),
                 [atlas.personas[p] for p in journey.personas if p in atlas.personas],
                 map_reading(atlas, journey, ui))


def map_reading(atlas: Atlas, journey: Journey, ui: Interface | None = None) -> list[str]:
    ui = ui or english()
    reading = list(MAP_ALWAYS)
    scores = [s.emotion for s in journey.stages if s.emotion is not None]
    if any(score <= RAIN_AT for score in scores):
        reading.append(RAIN)
    if any(score >= SPARKLE_AT for score in scores):
        reading.append(SPARKLE)
    reading += [MAP_READING[key] for key in shown_on_map(journey)]
    if persona_lines(atlas, journey):
        reading.append(PERSONA_TRAILS)
    return [ui.gettext(sentence) for sentence in reading]


def paragraphs(text: str | None) -> list[str]:
    """Notes as paragraphs, read as Markdown reads them: a blank line starts a new one, and
    a paragraph's lines run on. (YAML keeps blank lines in a literal block, `|`.)"""
    if not text:
        return []
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    return [joined for block in blocks if (joined := " ".join(block.split()))]
