"""When each page was last reviewed and when the next review is due.

A page's `reviewed` date and `review_every_months` come from its own file, else from its
journey's `journey.yml`, else from `atlas.yml`. "Due" is judged on the build's date
(`SOURCE_DATE_EPOCH` when set), so the same input builds the same bytes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
from dataclasses import dataclass

from .i18n import Interface
from .model import Atlas, Journey, Moment, Stage, english


def today() -> dt.date:
    """The build's date: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def long_date(day: dt.date, ui: Interface | None = None) -> str:
    """A date in words, "3 December 2026": the Interface's date (`ui.date`), English unless
    `ui` says otherwise."""
    return (ui or english()).date(day)


@dataclass(frozen=True)
class Freshness:
    reviewed: dt.date | None  # None: never reviewed
    # "this page", "the journey", "the whole atlas": a key, which the templates compare and
    # say in their own words (partials/page_foot.html)
    reviewed_in: str
    every: int | None  # months between reviews, where a period is set
    due: dt.date | None
    overdue: bool


def freshness(atlas: Atlas, entity, journey: Journey | None, on: dt.date) -> Freshness:
    """The review state of a page about `entity` (a stage, moment, role, persona, journey
    or the atlas), inheriting from its journey and the atlas."""
    chain = [(entity, "this page")]
    if journey is not None and journey is not entity:
        chain.append((journey, "the journey"))
    if entity is not atlas:
        chain.append((atlas, "the whole atlas"))
    reviewed, where = next(((e.reviewed, w) for e, w in chain if e.reviewed), (None, ""))
    every = next((e.review_every_months for e, _ in chain if e.review_every_months), None)
    due = add_months(reviewed, every) if reviewed and every else None
    return Freshness(reviewed, where, every, due, due is not None and due < on)


@dataclass(frozen=True)
class ReviewItem:
    title: str
    kind: str
    source: str  # the content file
    page: object  # the entity whose page it is
    state: Freshness
    owners: list[str]  # role ids that own it: a stage's Accountable, a moment's roles


def review_list(atlas: Atlas, on: dt.date) -> list[ReviewItem]:
    """Every content file, the most urgent first: overdue (longest overdue first), never
    reviewed, then by due date; reviewed files without a review period last."""
    items = [ReviewItem(atlas.name, "atlas", "atlas.yml", atlas,
                        freshness(atlas, atlas, None, on), [])]
    for journey in atlas.journeys:
        items.append(ReviewItem(journey.title, "journey", journey.file, journey,
                                freshness(atlas, journey, journey, on), []))
        items += [ReviewItem(s.name, "stage", s.file, s, freshness(atlas, s, journey, on),
                             s.accountable) for s in journey.stages]
        items += [ReviewItem(m.title, "moment", m.file, m, freshness(atlas, m, journey, on),
                             list(m.roles)) for m in journey.moments]
    for kind, entities in (("role", atlas.roles), ("persona", atlas.personas)):
        items += [ReviewItem(e.name, kind, e.file, e, freshness(atlas, e, None, on), [])
                  for e in entities.values()]

    def urgency(item: ReviewItem) -> tuple:
        state = item.state
        if state.overdue:
            return (0, state.due, item.source)
        if state.reviewed is None:
            return (1, dt.date.min, item.source)
        if state.due is not None:
            return (2, state.due, item.source)
        return (3, dt.date.min, item.source)
    return sorted(items, key=urgency)


def journey_of(atlas: Atlas, entity) -> Journey | None:
    if isinstance(entity, (Stage, Moment)):
        return atlas.journey(entity.journey_id)
    return entity if isinstance(entity, Journey) else None
