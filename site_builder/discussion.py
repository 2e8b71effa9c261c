"""Discussion questions: the journey's cards, its facilitator guide and present mode.

A stage's own `questions` are asked as written. A stage without any gets two suggested
questions drawn from what it holds: how customers feel there (and the feeling we aim
for), a pain point, a moment, the roles, a touchpoint, an open gap, what the customer is
thinking, what they want to get done. Where customers are unhappy and we aim higher, the
feeling is asked first; otherwise which angles, and in which words, moves on with the
stage's place in the journey, so neighbouring stages ask differently. Nothing is random:
the same atlas always gives the same questions. Each moment with `great_looks_like` adds
a "what does great look like" card that names it.

No two cards of a journey ask the same thing: a question an author wrote twice is asked
once (where it comes first), and a suggestion that would repeat another question takes
other words or another angle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .model import EMOTION_WORDS, Atlas, Journey, Moment, Stage

SUGGESTED_PER_STAGE = 2  # suggestions for a stage without questions of its own
# A feeling reads as "customers feel <feeling>" when it is this short, up to its first ';'
# (or ','), and does not start like a sentence of its own ("They worry...").
FEELING_WORDS = 12
SENTENCE_STARTS = frozenset({
    "i", "we", "they", "he", "she", "it", "you", "customers", "customer", "the", "a", "an",
    "our", "their", "his", "her", "my", "this", "that", "these", "those", "there", "no",
    "not", "everyone", "nobody", "people"})
GAP_STATUS_WORDS = {"idea": "still an idea", "planned": "planned", "doing": "under way"}


@dataclass(frozen=True)
class Question:
    text: str
    suggested: bool = False  # made by the atlas from the stage, not written by an author
    angle: str = "author"  # what it was drawn from: feeling, pain, moment, role, ...


@dataclass(frozen=True)
class Card:
    stage: Stage
    question: Question
    moment: Moment | None = None  # a "what does great look like" card: its moment
    hints: tuple[str, ...] = ()  # that moment's great_looks_like


@dataclass
class Deck:
    """A journey's cards, in stage order: each stage's questions, then its moments'."""

    journey: Journey
    cards: list[Card] = field(default_factory=list)

    def questions(self, stage: Stage) -> list[Question]:
        """The stage's questions to discuss (its own, else suggestions), without the
        moments' "great looks like" ones."""
        return [c.question for c in self.cards if c.stage is stage and c.moment is None]


def deck(atlas: Atlas, journey: Journey) -> Deck:
    """Every card of a journey, no two asking the same thing."""
    asked: set[str] = set()
    made = Deck(journey)
    # Authors' questions first, all of them: a suggestion never takes their words.
    own = {}
    for stage in journey.stages:
        own[stage.id] = []
        for text in stage.questions:
            if question_key(text) not in asked:
                asked.add(question_key(text))
                own[stage.id].append(Question(text))
    great_number = 0
    for stage in journey.stages:
        # A stage whose questions were all asked before gets suggestions instead.
        questions = own[stage.id] or _suggest(atlas, journey, stage, asked)
        made.cards += [Card(stage, q) for q in questions]
        for moment in journey.moments_in(stage.id):
            if moment.great_looks_like:
                question = _first_new(_great(moment, great_number), asked,
                                      f"“{moment.title}”, stage {stage.position}")
                made.cards.append(Card(stage, Question(question, angle="great"), moment,
                                       tuple(moment.great_looks_like)))
                great_number += 1
    return made


# --- suggestions ---------------------------------------------------------------------------

def _suggest(atlas: Atlas, journey: Journey, stage: Stage, asked: set[str]) -> list[Question]:
    """Up to SUGGESTED_PER_STAGE questions from different angles of the stage. Where
    customers are unhappy and we aim higher, the feeling comes first; the other angles
    start at a place that moves on with the stage's position, so neighbours differ."""
    turn = stage.position - 1
    angles = [(name, phrasings) for name, make in ANGLES
              if (phrasings := make(atlas, journey, stage))]
    angles += [("stage", _about_the_stage(stage))]  # always: it names the stage
    start = SUGGESTED_PER_STAGE * turn % len(angles)
    ordered = angles[start:] + angles[:start]
    if stage.emotion is not None and stage.emotion < 0 and _aim(stage):
        ordered.sort(key=lambda angle: angle[0] != "feeling")  # stable: the rest keep turning
    chosen: list[Question] = []
    for name, phrasings in ordered:
        if len(chosen) == SUGGESTED_PER_STAGE:
            break
        # The phrasing turns too: neighbours drawing on the same angle use other words.
        shifted = phrasings[turn % len(phrasings):] + phrasings[:turn % len(phrasings)]
        text = next((p for p in shifted if question_key(p) not in asked), None)
        if text is not None:
            asked.add(question_key(text))
            chosen.append(Question(text, suggested=True, angle=name))
    if not chosen:  # every phrasing already asked (stages of the same name): say which
        text = _first_new(_about_the_stage(stage), asked, f"stage {stage.position}")
        chosen.append(Question(text, suggested=True, angle="stage"))
    return chosen


def _feeling(atlas: Atlas, journey: Journey, stage: Stage) -> list[str]:
    felt = _feeling_phrase(stage.feeling)
    if felt is None and stage.emotion is not None:
        felt = EMOTION_WORDS[stage.emotion]
    if felt is None:
        if stage.feeling:
            return [f"Our map says of this stage: “{_unstop(stage.feeling)}”. Why do "
                    "customers feel this way, and what would help?"]
        return []
    aim = _aim(stage)
    if aim:
        return [f"Here, customers feel {felt}. Why, and what would it take for them to "
                f"{aim}?",
                f"Customers feel {felt}: what is behind that, and what one change would help "
                f"them {aim}?",
                f"Think of a customer who felt {felt}. What would have helped them {aim}?"]
    return [f"Here, customers feel {felt}. What do we do that makes them feel that way?",
            f"Customers feel {felt}: what must we keep doing, or stop doing, at this stage?",
            f"Think of a customer who felt {felt}. What had we just done?"]


def _aim(stage: Stage) -> str | None:
    """What we want customers to feel instead, when that is better than now."""
    now, want = stage.emotion, stage.desired_emotion
    if want is None or (now is not None and want <= now):
        return None
    if want >= 1:
        return f"feel {EMOTION_WORDS[want]}"
    return "feel all right" if want == 0 else "feel less unhappy"


def _feeling_phrase(feeling: str | None) -> str | None:
    """A feeling as words that follow "customers feel": 'Stretched; set-up competes with a
    full schedule' gives 'stretched'. None when it reads as a sentence of its own."""
    if not feeling:
        return None
    for cut in (";", ","):
        phrase = _unstop(feeling.split(cut)[0])
        if len(phrase.split()) <= FEELING_WORDS:
            break
    else:
        return None
    first = phrase.split()[0] if phrase else ""
    if not first or first.lower().strip("'’") in SENTENCE_STARTS or re.search(
            r"\bfeel", phrase, re.IGNORECASE):
        return None
    return _lower_first(phrase)


def _pains(atlas: Atlas, journey: Journey, stage: Stage) -> list[str]:
    if not stage.pain_points:
        return [f"The map names no pain point at “{stage.name}”. Name one you have seen, "
                "and what caused it."]
    pain = _unstop(_pick(stage.pain_points, stage))
    return [f"“{pain}”: when did you last see this happen, and what did the customer do "
            "next?",
            f"What could we change so that this no longer happens: “{pain}”?",
            f"Who on our side could stop this, and how soon: “{pain}”?"]


def _moments(atlas: Atlas, journey: Journey, stage: Stage) -> list[str]:
    moments = journey.moments_in(stage.id)
    if not moments:
        return []
    title = _pick(moments, stage).title
    return [f"Walk through “{title}” as the customer lives it: how do they feel before, "
            "and after?",
            f"At “{title}”, what is the first thing you say, and what do you never say?",
            f"Who owns “{title}” today, and how would the customer know?"]


def _roles(atlas: Atlas, journey: Journey, stage: Stage) -> list[str]:
    if not stage.roles:
        return []
    ranked = sorted(stage.roles, key=lambda r: "ARCI".index(stage.roles[r]))
    names = [atlas.roles[r].name for r in ranked if r in atlas.roles]
    if not names:
        return []
    lead = names[0]
    phrasings = [f"What does the {lead} need to know before a customer reaches this stage?"]
    if len(names) > 1:
        phrasings.append(f"What does the {lead} need from the {names[1]} here, and do they "
                         "get it in time?")
    phrasings.append(f"How would a customer know who the {lead} is at this stage, and how to "
                     "reach them?")
    return phrasings


def _touchpoints(atlas: Atlas, journey: Journey, stage: Stage) -> list[str]:
    if not stage.touchpoints:
        return []
    point = _unstop(_pick(stage.touchpoints, stage).name)
    return [f"Look at “{point}” as if you were the customer. What would you look for first?",
            f"What does “{point}” promise the customer, and do we keep that promise?",
            f"If “{point}” went wrong, how would we find out before the customer tells us?"]


def _gaps(atlas: Atlas, journey: Journey, stage: Stage) -> list[str]:
    open_gaps = [g for g in stage.gaps if g.status != "done"]
    if not open_gaps:
        return []
    gap = _pick(open_gaps, stage)
    title = _unstop(gap.title)
    return [f"Closing the gap “{title}” is {GAP_STATUS_WORDS[gap.status]}. What would the "
            "customer notice first once it is closed?",
            f"What is stopping us from closing “{title}”, and who could start this week?",
            f"How would “{title}” change what you do with a customer here?"]


def _thinking(atlas: Atlas, journey: Journey, stage: Stage) -> list[str]:
    if not stage.thinking:
        return []
    said = stage.thinking.strip().strip("\"“”")
    said = said if said[-1:] in ".?!…" else said + "."
    return [f"A customer here thinks: “{said}” What would you say back?",
            f"“{said}” What does a customer who thinks this need to hear from us?",
            f"When did you last hear a customer say something like “{_unstop(said)}”?"]


def _goal(atlas: Atlas, journey: Journey, stage: Stage) -> list[str]:
    if not stage.customer_goal:
        return []
    goal = _lower_first(_unstop(stage.customer_goal))
    return [f"The customer wants to {goal}. What gets in their way?",
            f"How do we help a customer {goal}, and where do we slow them down?",
            f"What would a customer need from us to {goal}?"]


def _about_the_stage(stage: Stage) -> list[str]:
    name = _unstop(stage.name)
    return [f"What is the customer trying to get done at “{name}”, in their own words?",
            f"What happens to the customer at “{name}” that the map does not show yet?"]


# The angles a suggestion is drawn from, in the order they are offered.
ANGLES: tuple[tuple[str, Callable[[Atlas, Journey, Stage], list[str]]], ...] = (
    ("feeling", _feeling), ("pain", _pains), ("moment", _moments), ("role", _roles),
    ("touchpoint", _touchpoints), ("gap", _gaps), ("thinking", _thinking), ("goal", _goal))


def _great(moment: Moment, number: int) -> list[str]:
    """"What does great look like" for a moment, the words turning from card to card."""
    title = _unstop(moment.title)
    phrasings = [f"What does great look like at “{title}”? How close are we today?",
                 f"Picture “{title}” going perfectly. What did we do, and what do we do "
                 "today?",
                 f"How would the customer describe “{title}” on a great day? What stops us "
                 "doing that every time?"]
    turn = number % len(phrasings)
    return phrasings[turn:] + phrasings[:turn]


# --- small helpers ----------------------------------------------------------------------------

def _first_new(phrasings: list[str], asked: set[str], where: str) -> str:
    """The first phrasing not yet asked; else the first, told apart by `where`."""
    text = next((p for p in phrasings if question_key(p) not in asked), None)
    if text is None:
        text = f"{phrasings[0]} ({where})"
    asked.add(question_key(text))
    return text


def _pick(items: list, stage: Stage):
    """One of a stage's items, turning with its position (deterministic)."""
    return items[(stage.position - 1) % len(items)]


def question_key(text: str) -> str:
    """What a question asks, for telling repeats apart: case, spacing and punctuation aside."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _unstop(text: str) -> str:
    """Text without the full stop it ends with, to be quoted inside a question."""
    text = " ".join(text.split())
    # Not the dot of an abbreviation (6 a.m., e.g.) or of an ellipsis.
    if text.endswith(".") and not re.search(r"(\b\w\.\w\.|\.\.)$", text):
        return text[:-1]
    return text


def _lower_first(text: str) -> str:
    """'Stretched' -> 'stretched'; an acronym or a name in capitals ('IT', 'NHS') stays."""
    first = text.split()[0] if text.split() else ""
    if len(first) > 1 and first[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]
