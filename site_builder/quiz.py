"""Practice questions with feedback for a role's learning path (issue 17).

An author may write questions on a moment (`scenarios`: a situation, choices, exactly one
right, each with why). Where a path has fewer than it should, questions are made from the
map itself, each answered from the path and each with wrong answers taken from the same
atlas, so a reader who guesses learns something either way:

- which stage a moment happens in (the other stages of its journey are the wrong answers);
- which words to avoid at a moment, or which work (its own lists, and other moments' say);
- who is accountable for a stage (the other roles at the stage, then others of the atlas);
- how customers name a stage we call by an internal name (other stages' names);
- the reader's own part at one stage (the other RACI words).

No two questions of a path ask the same thing. Same atlas, same questions, in the same
order, with their choices in the same order: the shuffle is keyed by the question.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import chain
from typing import Iterable

from .i18n import N_, Interface
from .model import Atlas, Journey, Moment, Role, Stage, english
from .views import RACI_WORDS

PATH_QUESTIONS = 6  # a path's practice questions, at most (written ones first)
WRONG_ANSWERS = 2  # wrong answers beside the right one, where the atlas has them
# Words said elsewhere that a question about one moment draws its wrong answers from: every
# other moment's in an atlas with at most this many, else those of the moment's journey and
# the journeys after it, until there are this many. Drawing from the whole of a large atlas
# for every question made a build's time grow with the square of its size.
WORDS_POOL = 100
# What each RACI letter asks of a role: said of another role at a stage, of the reader
# there (the right answer to "what is your part?"), and of the reader's own letter (beside
# a wrong answer).
THEIR_PART = {
    "R": N_("%(role)s is Responsible here: they do the work."),
    "A": N_("%(role)s is Accountable here: they answer for the outcome."),
    "C": N_("%(role)s is Consulted here: they are asked before decisions."),
    "I": N_("%(role)s is Informed here: they are kept up to date."),
}
YOUR_PART_HERE = {
    "R": N_("You are Responsible here, so you do the work."),
    "A": N_("You are Accountable here, so you answer for the outcome."),
    "C": N_("You are Consulted here, so you are asked before decisions."),
    "I": N_("You are Informed here, so you are kept up to date."),
}
YOUR_PART = {
    "R": N_("You are Responsible in this stage, so you do the work."),
    "A": N_("You are Accountable in this stage, so you answer for the outcome."),
    "C": N_("You are Consulted in this stage, so you are asked before decisions."),
    "I": N_("You are Informed in this stage, so you are kept up to date."),
}


@dataclass(frozen=True)
class Answer:
    text: str
    right: bool
    why: str


@dataclass(frozen=True)
class Question:
    key: str  # unique on its page: the element id, and the seed of its choices' order
    prompt: str
    answers: tuple[Answer, ...]
    written: bool  # an author's scenario (else made from the map)
    about: Moment | Stage  # the page that answers it


def _keyed(key: str, text: str) -> str:
    return hashlib.sha1(f"{key}\x00{text}".encode("utf-8")).hexdigest()


def _shuffled(key: str, answers: list[Answer]) -> tuple[Answer, ...]:
    """The answers in an order fixed by the question, so the right one is not always first."""
    return tuple(sorted(answers, key=lambda a: _keyed(key, a.text)))


def _question(key: str, prompt: str, right: Answer, wrong: Iterable[Answer],
              about: Moment | Stage) -> Question | None:
    """`wrong`: candidates, best first; the first WRONG_ANSWERS distinct ones are kept (so
    it may be a generator that makes them only as far as needed)."""
    seen = {right.text.casefold()}
    kept = []
    for answer in wrong:  # the same words twice would be a trick, not a question
        if answer.text.casefold() not in seen:
            seen.add(answer.text.casefold())
            kept.append(answer)
            if len(kept) == WRONG_ANSWERS:
                break
    if not kept:
        return None
    return Question(key, prompt, _shuffled(key, [right] + kept), False, about)


def written_questions(moment: Moment) -> list[Question]:
    """A moment's scenarios, their choices shuffled too: authors tend to write the right
    answer first."""
    questions = []
    for i, s in enumerate(moment.scenarios):
        key = f"{moment.journey_id}-{moment.id}-s{i + 1}"
        questions.append(Question(key, s.situation, _shuffled(key, [
            Answer(c.answer, bool(c.right), c.why or "") for c in s.choices]), True, moment))
    return questions


def _near(stages: list[Stage], stage: Stage) -> list[Stage]:
    """The other stages of a journey, nearest first: the likeliest confusions."""
    return sorted((s for s in stages if s.id != stage.id),
                  key=lambda s: (abs(s.position - stage.position), s.position))


def stage_of_moment(journey: Journey, moment: Moment, ui: Interface | None = None
                    ) -> Question | None:
    ui = ui or english()
    stage = journey.stage(moment.stage)
    if stage is None:
        return None
    number = ui.number(stage.position)
    if stage.customer_goal:
        why = ui.gettext("It happens in stage %(number)s, “%(stage)s”. The customer's goal "
                         "there: %(goal)s", number=number, stage=stage.name,
                         goal=stage.customer_goal)
    else:
        why = ui.gettext("It happens in stage %(number)s, “%(stage)s”.", number=number,
                         stage=stage.name)
    return _question(
        f"{journey.id}-{moment.id}-stage",
        ui.gettext("In which stage does “%(moment)s” happen?", moment=moment.title),
        Answer(stage.name, True, why),
        [Answer(other.name, False, ui.gettext(
            "This is stage %(number)s; “%(moment)s” comes in stage %(moment_stage)s.",
            number=ui.number(other.position), moment=moment.title, moment_stage=number))
         for other in _near(journey.stages, stage)], moment)


def words_at_moment(atlas: Atlas, journey: Journey, moment: Moment, avoid_first: bool,
                    ui: Interface | None = None) -> Question | None:
    """Which words to avoid (or, the other way round, which work) at a moment."""
    ui = ui or english()
    key = f"{journey.id}-{moment.id}"

    def elsewhere():
        # Words that work elsewhere, a different pick for each question (keyed, not random);
        # only looked for when the moment's own say gives too few.
        others = sorted(_words_elsewhere(atlas, journey, moment),
                        key=lambda pair: _keyed(key, pair[1]))
        return (Answer(said, False, ui.gettext("This works: it is what to say at “%(moment)s”.",
                                               moment=m.title))
                for m, said in others)

    if avoid_first and moment.avoid:
        right = Answer(moment.avoid[0], True, ui.gettext(
            "It is on the list of what to avoid at “%(moment)s”.", moment=moment.title))
        own = (Answer(said, False, ui.gettext(
            "This one works here: it is what to say at “%(moment)s”.", moment=moment.title))
            for said in moment.say)
        wrong = _then(own, elsewhere)
        return _question(f"{journey.id}-{moment.id}-avoid",
                         ui.gettext("At “%(moment)s”, which of these should you avoid?",
                                    moment=moment.title),
                         right, wrong, moment)
    if moment.say and moment.avoid:
        right = Answer(moment.say[0], True, ui.gettext("It is what to say at “%(moment)s”.",
                                                       moment=moment.title))
        wrong = [Answer(avoided, False, ui.gettext(
            "It is on the list of what to avoid at “%(moment)s”.", moment=moment.title))
            for avoided in moment.avoid]
        return _question(f"{journey.id}-{moment.id}-say",
                         ui.gettext("At “%(moment)s”, what could you say?",
                                    moment=moment.title), right, wrong, moment)
    return None


def _then(first: Iterable[Answer], later) -> Iterable[Answer]:
    """`first`, then what `later()` makes, called only if `first` was not enough."""
    yield from first
    yield from later()


def _words_elsewhere(atlas: Atlas, journey: Journey, moment: Moment
                     ) -> list[tuple[Moment, str]]:
    """(moment, words) said at moments other than `moment`: all of them, in atlas order,
    where the atlas has at most WORDS_POOL; else those of `journey` and the journeys after
    it (the first again after the last) until there are WORDS_POOL."""
    journeys = atlas.journeys
    start = next((i for i, j in enumerate(journeys) if j is journey), 0)
    pool: list[tuple[Moment, str]] = []
    for j in journeys[start:] + journeys[:start]:
        pool += [(m, said) for m in j.moments if m is not moment for said in m.say]
        if len(pool) >= WORDS_POOL and len(journeys) > 1:
            return pool
    return [(m, said) for j in journeys for m in j.moments if m is not moment
            for said in m.say]


def accountable_for(atlas: Atlas, journey: Journey, stage: Stage,
                    ui: Interface | None = None) -> Question | None:
    ui = ui or english()
    accountable = [rid for rid, letter in stage.roles.items() if letter == "A"]
    if len(accountable) != 1 or accountable[0] not in atlas.roles:
        return None  # none or several: lint tells the author; no question to ask
    role = atlas.roles[accountable[0]]
    # The other roles at the stage, then the atlas' others: made only as far as needed.
    others = chain(((rid, letter) for rid, letter in stage.roles.items() if rid != role.id),
                   ((rid, None) for rid in atlas.roles if rid not in stage.roles))
    wrong = (Answer(atlas.roles[rid].name, False,
                    ui.gettext(THEIR_PART[letter], role=atlas.roles[rid].name) if letter else
                    ui.gettext("%(role)s has no part in this stage.",
                               role=atlas.roles[rid].name))
             for rid, letter in others if rid in atlas.roles)
    return _question(f"{journey.id}-{stage.id}-accountable",
                     ui.gettext("Who is accountable for “%(stage)s”?", stage=stage.name),
                     Answer(role.name, True, ui.gettext(
                         "%(role)s is Accountable: they answer for the outcome, one role per "
                         "stage.", role=role.name)),
                     wrong, stage)


def customer_words(journey: Journey, stage: Stage, ui: Interface | None = None
                   ) -> Question | None:
    ui = ui or english()
    if not stage.internal_name:
        return None
    return _question(
        f"{journey.id}-{stage.id}-words",
        ui.gettext("Inside we call it “%(internal_name)s”. How do customers put it?",
                   internal_name=stage.internal_name),
        Answer(stage.name, True, ui.gettext("Those are the customer's own words for it: use "
                                            "them when you talk with customers.")),
        [Answer(other.name, False, ui.gettext(
            "That is how customers put stage %(number)s (“%(internal_name)s” inside).",
            number=ui.number(other.position), internal_name=other.internal_name)
            if other.internal_name else ui.gettext(
                "That is how customers put stage %(number)s.",
                number=ui.number(other.position)))
         for other in _near(journey.stages, stage)], stage)


def your_part(journey: Journey, stage: Stage, letter: str, ui: Interface | None = None
              ) -> Question:
    ui = ui or english()
    return Question(
        f"{journey.id}-{stage.id}-part",
        ui.gettext("In “%(stage)s”, what is your part?", stage=stage.name),
        _shuffled(f"{journey.id}-{stage.id}-part", [
            Answer(word, key == letter,
                   ui.gettext(YOUR_PART_HERE[key]) if key == letter else
                   ui.gettext(YOUR_PART[letter]))
            for key, word in ui.words(RACI_WORDS).items()]), False, stage)


def path_questions(atlas: Atlas, role: Role, stops: list, limit: int = PATH_QUESTIONS,
                   ui: Interface | None = None) -> list[Question]:
    """A path's practice questions: the authors' scenarios on its moments first, then made
    ones from stops spread over the whole path, each of another kind than the one before;
    never one prompt twice. Those made from the map are asked in the language of `ui`
    (English without one)."""
    ui = ui or english()
    chosen: list[Question] = []
    prompts: set[str] = set()

    def take(question: Question | None) -> bool:
        if question is None or question.prompt in prompts or len(chosen) >= limit:
            return False
        chosen.append(question)
        prompts.add(question.prompt)
        return True

    for stop in stops:
        for moment in stop.moments:
            for question in written_questions(moment):
                take(question)
    # Only the first stop with a RACI letter asks the reader's own part: once is enough.
    first_part = next((i for i, stop in enumerate(stops) if stop.letter), None)
    made: dict[int, list[tuple[str, Question]]] = {}

    def candidates(i: int) -> list[tuple[str, Question]]:
        """Stop i's questions, made when first asked for: a path asks only a few stops."""
        if i not in made:
            made[i] = _made_at(atlas, role, stops[i], i, ui)
            if i == first_part:
                stop = stops[i]
                made[i].append(("part", your_part(stop.journey, stop.stage, stop.letter, ui)))
        return made[i]

    order = _spread(list(range(len(stops))), limit)
    last_kind = None
    while len(chosen) < limit and any(candidates(i) for i in range(len(stops))):
        for i in order:
            options = candidates(i)
            pick = next((c for c in options if c[0] != last_kind), options[0] if options
                        else None)
            if pick is None:
                continue
            options.remove(pick)
            if take(pick[1]):
                last_kind = pick[0]
            if len(chosen) >= limit:
                break
    return chosen


def _made_at(atlas: Atlas, role: Role, stop, index: int, ui: Interface
             ) -> list[tuple[str, Question]]:
    """The questions one stop can give, (kind, question), the kinds turned by `index` so
    that neighbouring stops lead with different kinds."""
    journey, stage = stop.journey, stop.stage
    made: list[tuple[str, Question | None]] = []
    for n, moment in enumerate(stop.moments):
        made.append(("words", words_at_moment(atlas, journey, moment,
                                              avoid_first=(index + n) % 2 == 0, ui=ui)))
        made.append(("stage", stage_of_moment(journey, moment, ui)))
    # Who answers for the stage matters to those who do the work or are asked (R, C); the
    # accountable role itself, or one only kept informed, would learn little from it.
    if stage.roles.get(role.id) in ("R", "C"):
        made.append(("accountable", accountable_for(atlas, journey, stage, ui)))
    made.append(("customer-words", customer_words(journey, stage, ui)))
    made = [(kind, q) for kind, q in made if q is not None]
    turn = index % len(made) if made else 0
    return made[turn:] + made[:turn]


def _spread(items: list, limit: int) -> list:
    """Up to `limit` items drawn evenly from the whole list, then the rest: questions from
    the whole path, not only its first journey."""
    if len(items) <= limit:
        return list(items)
    step = len(items) / limit
    first = [items[int(i * step)] for i in range(limit)]
    return first + [item for item in items if item not in first]
