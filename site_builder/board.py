"""The journey board: a journey's stages across, its lanes down (issue 15).

The theme's journey page draws it (partials/pages/journey.html); everything it decides is
here: which lanes show, in which order, the channel icon of each touchpoint, and the
emotion curve drawn through the Feeling lane, one stretch per stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .i18n import N_, Interface
from .model import Atlas, Journey, Persona, Stage, english
from .translations import original_words

# The lanes, top to bottom: (id, what readers see, in English: `board` says it in a build's
# language). A lane no stage fills is left out.
LANES = (
    ("actions", N_("Customer does")),
    ("thinking", N_("Thinking")),
    ("feeling", N_("Feeling")),
    ("touchpoints", N_("Touchpoints")),
    ("pain_points", N_("Pain points")),
    ("moments", N_("Pivotal moments")),
    ("opportunities", N_("Opportunities")),
    ("frontstage", N_("Frontstage")),
    ("backstage", N_("Backstage")),
    ("asset", N_("Customer asset")),
    ("measures", N_("Measures")),  # the latest reading of each KPI (kpis/*.csv)
)
# The Feeling lane's own lines, beside one per persona.
LINES = (("now", N_("Now"), "emotion"), ("aim", N_("Where we aim"), "desired_emotion"))

# Channel words, as authors write them, to the icons of partials/channel_icons.html: the one
# place a channel gets its icon. A channel named by none of them gets the neutral icon.
CHANNEL_ICONS = {
    "phone": "phone", "telephone": "phone", "call": "phone", "calls": "phone",
    "hotline": "phone", "sms": "phone", "text message": "phone",
    "email": "email", "e-mail": "email", "mail": "email", "newsletter": "email",
    "web": "web", "website": "web", "web site": "web", "online": "web", "portal": "web",
    "status page": "web", "browser": "web", "webinar": "web",
    "app": "app", "mobile app": "app", "in-app": "app", "in app": "app", "mobile": "app",
    "in person": "in-person", "in-person": "in-person", "on site": "in-person",
    "on-site": "in-person", "visit": "in-person", "meeting": "in-person",
    "workshop": "in-person", "face to face": "in-person",
    "letter": "letter", "post": "letter", "paper": "letter", "printed": "letter",
    "chat": "chat", "live chat": "chat", "in-app chat": "chat", "messaging": "chat",
    "message": "chat",
}
CHANNEL_ICON_IDS = ("phone", "email", "web", "app", "in-person", "letter", "chat", "other")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def channel_icon(channel: str | None) -> str:
    """The icon of a channel as written: 'Phone', 'in-app chat', 'e-mail' -> phone, chat,
    email; the whole words first, then each word on its own; else 'other'."""
    channel = original_words(channel)  # a translation's icon: the original's words
    if not channel:
        return "other"
    words = " ".join(_WORD.findall(channel.lower()))
    if words in CHANNEL_ICONS:
        return CHANNEL_ICONS[words]
    for word in words.split():
        if word in CHANNEL_ICONS:
            return CHANNEL_ICONS[word]
    return "other"


# --- the emotion curve through the Feeling lane ------------------------------------------
# Each stage's cell draws its own stretch of each line in a 100 x 40 box stretched to the
# cell: in from the cell's left edge at the midpoint with the stage before, through the
# stage's score at the middle, out at the midpoint with the stage after. Neighbouring
# stretches meet at the same height on the shared edge, whatever the columns' widths.

CURVE_WIDTH, CURVE_HEIGHT = 100, 40
MAX_PERSONA_LINES = 5


def _y(score: float) -> float:
    return CURVE_HEIGHT / 2 - score * 9  # -2..2 -> 38..2


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def stretch(before: int | None, score: int | None, after: int | None) -> str | None:
    """The SVG path of one stage's stretch of a line, or None where the stage has no score."""
    if score is None:
        return None
    middle = f"{CURVE_WIDTH / 2:g},{_num(_y(score))}"
    start = (f"M0,{_num(_y((before + score) / 2))} L{middle}" if before is not None
             else f"M{middle}")
    end = f" L{CURVE_WIDTH},{_num(_y((score + after) / 2))}" if after is not None else ""
    if before is None and after is None:  # a lone score: a short level stroke
        return f"M{CURVE_WIDTH / 2 - 8:g},{_num(_y(score))} L{CURVE_WIDTH / 2 + 8:g}," \
               f"{_num(_y(score))}"
    return start + end


@dataclass
class Line:
    kind: str  # now, aim, persona
    label: str
    number: int = 0  # personas: 1..5, their colour and dash
    scores: list[int | None] = field(default_factory=list)

    @property
    def short(self) -> str:
        """'Lena, Crew Dispatcher' -> 'Lena': what each stage's cell says beside a score."""
        return self.label.split(",")[0].strip() or self.label

    def path(self, i: int) -> str | None:
        before = self.scores[i - 1] if i > 0 else None
        after = self.scores[i + 1] if i + 1 < len(self.scores) else None
        return stretch(before, self.scores[i], after)


@dataclass
class Board:
    journey: Journey
    lanes: list[tuple[str, str]]  # (id, label) of the lanes shown, in order
    personas: list[Persona]  # who the board is for: the journey's personas
    lines: list[Line]  # the Feeling lane's lines: now, aim, then one per persona

    @property
    def persona_lines(self) -> list[Line]:
        return [line for line in self.lines if line.kind == "persona"]


def _filled(stage: Stage, lane: str, journey: Journey, atlas: Atlas) -> bool:
    if lane == "actions":
        return bool(stage.actions or stage.customer_goal)
    if lane == "feeling":
        return bool(stage.feeling or stage.emotion is not None
                    or stage.desired_emotion is not None or stage.persona_emotions)
    if lane == "moments":
        return bool(journey.moments_in(stage.id))
    if lane == "opportunities":
        return bool(stage.gaps)
    if lane == "frontstage":
        return bool(stage.roles)
    if lane == "asset":
        return bool(stage.metrics and (stage.metrics.figures() or stage.metrics.why))
    if lane == "measures":
        return any(kpi.readings.get((journey.id, stage.id)) for kpi in atlas.kpis.values())
    return bool(getattr(stage, lane))


def board(atlas: Atlas, journey: Journey, ui: Interface | None = None) -> Board:
    """The journey's board, its lanes and lines named in the language of `ui` (English
    without one)."""
    ui = ui or english()
    lanes = [(lane, ui.gettext(label)) for lane, label in LANES
             if any(_filled(stage, lane, journey, atlas) for stage in journey.stages)]
    personas = [atlas.personas[p] for p in journey.personas if p in atlas.personas]
    lines = []
    for kind, label, attr in LINES:
        scores = [getattr(stage, attr) for stage in journey.stages]
        if any(score is not None for score in scores):
            lines.append(Line(kind, ui.gettext(label), scores=scores))
    return Board(journey, lanes, personas, lines + persona_lines(atlas, journey))


def persona_lines(atlas: Atlas, journey: Journey) -> list[Line]:
    """One line per persona scored in `persona_emotions` (up to MAX_PERSONA_LINES): the
    journey's own personas first, then others in the order the stages name them. The board's
    Feeling lane and the illustrated map draw the same lines, numbered alike."""
    scored: dict[str, None] = {}
    for pid in list(journey.personas) + [pid for stage in journey.stages
                                         for pid in stage.persona_emotions]:
        if pid in atlas.personas and any(pid in s.persona_emotions for s in journey.stages):
            scored.setdefault(pid)
    return [Line("persona", atlas.personas[pid].name, number,
                 [stage.persona_emotions.get(pid) for stage in journey.stages])
            for number, pid in enumerate(list(scored)[:MAX_PERSONA_LINES], start=1)]
