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

from .i18n import N_, Interface
from .model import EMOTION_WORDS, Atlas, Journey, Moment, Stage, english

SUGGESTED_PER_STAGE = 2  # suggestions for a stage without questions of its own
# A feeling reads as "customers feel <feeling>" when it is this short, up to its first ';'
# (or ','), and does not start like a sentence of its own ("They worry...").
FEELING_WORDS = 12
SENTENCE_STARTS = frozenset({
    "i", "we", "they", "he", "she", "it", "you", "customers", "customer", "the", "a", "an",
    "our", "their", "his", "her", "my", "this", "that", "these", "those", "there", "no",
    "not", "everyone", "nobody", "people"})
# What a suggestion about an open gap says of it, by the gap's status.
GAP_QUESTIONS = {
    "idea": N_("Closing the gap “%(gap)s” is still an idea. What would the customer notice "
               "first once it is closed?"),
    "planned": N_("Closing the gap “%(gap)s” is planned. What would the customer notice "
                  "first once it is closed?"),
    "doing": N_("Closing the gap “%(gap)s” is under way. What would the customer notice "
                "first once it is closed?"),
}


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


def deck(atlas: Atlas, journey: Journey, ui: Interface | None = None) -> Deck:
    """Every card of a journey, no two asking the same thing; the suggestions in the
    language of `ui` (English without one)."""
    ui = ui or english()
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
        questions = own[stage.id] or _suggest(atlas, journey, stage, asked, ui)
        made.cards += [Card(stage, q) for q in questions]
        for moment in journey.moments_in(stage.id):
            if moment.great_looks_like:
                question = _first_new(_great(moment, great_number, ui), asked, ui.gettext(
                    # Translators: tells apart two questions that would read the same.
                    "“%(moment)s”, stage %(number)s", moment=moment.title,
                    number=ui.number(stage.position)))
                made.cards.append(Card(stage, Question(question, angle="great"), moment,
                                       tuple(moment.great_looks_like)))
                great_number += 1
    return made


# --- suggestions ---------------------------------------------------------------------------

def _suggest(atlas: Atlas, journey: Journey, stage: Stage, asked: set[str], ui: Interface
             ) -> list[Question]:
    """Up to SUGGESTED_PER_STAGE questions from different angles of the stage. Where
    customers are unhappy and we aim higher, the feeling comes first; the other angles
    start at a place that moves on with the stage's position, so neighbours differ."""
    turn = stage.position - 1
    angles = [(name, phrasings) for name, make in ANGLES
              if (phrasings := make(atlas, journey, stage, ui))]
    angles += [("stage", _about_the_stage(stage, ui))]  # always: it names the stage
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
        text = _first_new(_about_the_stage(stage, ui), asked, ui.gettext(
            "stage %(number)s", number=ui.number(stage.position)))
        chosen.append(Question(text, suggested=True, angle="stage"))
    return chosen


def _feeling(atlas: Atlas, journey: Journey, stage: Stage, ui: Interface) -> list[str]:
    felt = _feeling_phrase(stage.feeling)
    if felt is None and stage.emotion is not None:
        felt = ui.gettext(EMOTION_WORDS[stage.emotion])
    if felt is None:
        if stage.feeling:
            return [ui.gettext("Our map says of this stage: “%(feeling)s”. Why do customers "
                               "feel this way, and what would help?",
                               feeling=_unstop(stage.feeling))]
        return []
    aim = _aim(stage, ui)
    if aim:
        return [
                # Translators: %(feeling)s is how customers feel (the map's words, or a word
                # such as "unhappy"); %(aim)s how we want them to feel ("happy", "all
                # right", "less unhappy").
                ui.gettext("Here, customers feel %(feeling)s. Why, and what would it take for "
                           "them to feel %(aim)s?", feeling=felt, aim=aim),
                ui.gettext("Customers feel %(feeling)s: what is behind that, and what one "
                           "change would help them feel %(aim)s?", feeling=felt, aim=aim),
                ui.gettext("Think of a customer who felt %(feeling)s. What would have helped "
                           "them feel %(aim)s?", feeling=felt, aim=aim)]
    return [ui.gettext("Here, customers feel %(feeling)s. What do we do that makes them feel "
                       "that way?", feeling=felt),
            ui.gettext("Customers feel %(feeling)s: what must we keep doing, or stop doing, "
                       "at this stage?", feeling=felt),
            ui.gettext("Think of a customer who felt %(feeling)s. What had we just done?",
                       feeling=felt)]


def _aim(stage: Stage, ui: Interface | None = None) -> str | None:
    """How we want customers to feel instead ("happy", "all right"), when that is better
    than now."""
    now, want = stage.emotion, stage.desired_emotion
    if want is None or (now is not None and want <= now):
        return None
    ui = ui or english()
    if want >= 1:
        return ui.gettext(EMOTION_WORDS[want])
    # Translators: how we want customers to feel, in "...help them feel all right?"
    return ui.gettext("all right") if want == 0 else ui.gettext("less unhappy")


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


def _pains(atlas: Atlas, journey: Journey, stage: Stage, ui: Interface) -> list[str]:
    if not stage.pain_points:
        return [ui.gettext("The map names no pain point at “%(stage)s”. Name one you have "
                           "seen, and what caused it.", stage=stage.name)]
    pain = _unstop(_pick(stage.pain_points, stage))
    # Translators: %(pain)s is one of the stage's pain points, as the map words it.
    return [ui.gettext("“%(pain)s”: when did you last see this happen, and what did the "
                       "customer do next?", pain=pain),
            ui.gettext("What could we change so that this no longer happens: “%(pain)s”?",
                       pain=pain),
            ui.gettext("Who on our side could stop this, and how soon: “%(pain)s”?",
                       pain=pain)]


def _moments(atlas: Atlas, journey: Journey, stage: Stage, ui: Interface) -> list[str]:
    moments = journey.moments_in(stage.id)
    if not moments:
        return []
    title = _pick(moments, stage).title
    return [ui.gettext("Walk through “%(moment)s” as the customer lives it: how do they feel "
                       "before, and after?", moment=title),
            ui.gettext("At “%(moment)s”, what is the first thing you say, and what do you "
                       "never say?", moment=title),
            ui.gettext("Who owns “%(moment)s” today, and how would the customer know?",
                       moment=title)]


def _roles(atlas: Atlas, journey: Journey, stage: Stage, ui: Interface) -> list[str]:
    if not stage.roles:
        return []
    ranked = sorted(stage.roles, key=lambda r: "ARCI".index(stage.roles[r]))
    names = [atlas.roles[r].name for r in ranked if r in atlas.roles]
    if not names:
        return []
    lead = names[0]
    # Translators: %(role)s and %(other_role)s are roles' names ("Support Agent").
    phrasings = [ui.gettext("What does the %(role)s need to know before a customer reaches "
                            "this stage?", role=lead)]
    if len(names) > 1:
        phrasings.append(ui.gettext("What does the %(role)s need from the %(other_role)s "
                                    "here, and do they get it in time?", role=lead,
                                    other_role=names[1]))
    phrasings.append(ui.gettext("How would a customer know who the %(role)s is at this "
                                "stage, and how to reach them?", role=lead))
    return phrasings


def _touchpoints(atlas: Atlas, journey: Journey, stage: Stage, ui: Interface) -> list[str]:
    if not stage.touchpoints:
        return []
    point = _unstop(_pick(stage.touchpoints, stage).name)
    return [ui.gettext("Look at “%(touchpoint)s” as if you were the customer. What would you "
                       "look for first?", touchpoint=point),
            ui.gettext("What does “%(touchpoint)s” promise the customer, and do we keep that "
                       "promise?", touchpoint=point),
            ui.gettext("If “%(touchpoint)s” went wrong, how would we find out before the "
                       "customer tells us?", touchpoint=point)]


def _gaps(atlas: Atlas, journey: Journey, stage: Stage, ui: Interface) -> list[str]:
    open_gaps = [g for g in stage.gaps if g.status != "done"]
    if not open_gaps:
        return []
    gap = _pick(open_gaps, stage)
    title = _unstop(gap.title)
    return [ui.gettext(GAP_QUESTIONS[gap.status], gap=title),
            ui.gettext("What is stopping us from closing “%(gap)s”, and who could start this "
                       "week?", gap=title),
            ui.gettext("How would “%(gap)s” change what you do with a customer here?",
                       gap=title)]


def _thinking(atlas: Atlas, journey: Journey, stage: Stage, ui: Interface) -> list[str]:
    if not stage.thinking:
        return []
    said = stage.thinking.strip().strip("\"“”")
    said = said if said[-1:] in ".?!…" else said + "."
    # Translators: %(thought)s is what the customer thinks, as the map words it.
    return [ui.gettext("A customer here thinks: “%(thought)s” What would you say back?",
                       thought=said),
            ui.gettext("“%(thought)s” What does a customer who thinks this need to hear from "
                       "us?", thought=said),
            ui.gettext("When did you last hear a customer say something like “%(thought)s”?",
                       thought=_unstop(said))]


def _goal(atlas: Atlas, journey: Journey, stage: Stage, ui: Interface) -> list[str]:
    if not stage.customer_goal:
        return []
    goal = _lower_first(_unstop(stage.customer_goal))
    # Translators: %(goal)s is what the customer wants to get done, as the map words it
    # ("get the crews on the app").
    return [ui.gettext("The customer wants to %(goal)s. What gets in their way?", goal=goal),
            ui.gettext("How do we help a customer %(goal)s, and where do we slow them down?",
                       goal=goal),
            ui.gettext("What would a customer need from us to %(goal)s?", goal=goal)]


def _about_the_stage(stage: Stage, ui: Interface) -> list[str]:
    name = _unstop(stage.name)
    return [ui.gettext("What is the customer trying to get done at “%(stage)s”, in their own "
                       "words?", stage=name),
            ui.gettext("What happens to the customer at “%(stage)s” that the map does not "
                       "show yet?", stage=name)]


# The angles a suggestion is drawn from, in the order they are offered.
ANGLES: tuple[tuple[str, Callable[[Atlas, Journey, Stage, Interface], list[str]]], ...] = (
    ("feeling", _feeling), ("pain", _pains), ("moment", _moments), ("role", _roles),
    ("touchpoint", _touchpoints), ("gap", _gaps), ("thinking", _thinking), ("goal", _goal))


def _great(moment: Moment, number: int, ui: Interface) -> list[str]:
    """"What does great look like" for a moment, the words turning from card to card."""
    title = _unstop(moment.title)
    phrasings = [ui.gettext("What does great look like at “%(moment)s”? How close are we "
                            "today?", moment=title),
                 ui.gettext("Picture “%(moment)s” going perfectly. What did we do, and what do "
                            "we do today?", moment=title),
                 ui.gettext("How would the customer describe “%(moment)s” on a great day? What "
                            "stops us doing that every time?", moment=title)]
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
