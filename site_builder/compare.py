"""What changed between two releases, from their exports (export.atlas_to_dict).

Comparisons work on the exported data, not on git, so any two releases can be compared
long after the content has moved on. Every field that schema.py declares, of every kind,
is compared; a field is reported by its label, or in a section of its own where it names
one (`Field.change`: who does what, gaps, emotions, stage order).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import schema, teams
from .i18n import N_, Interface
from .model import english

# What "What changed" compares, by the kind of item it reports.
RECORDS = {"atlas": schema.ATLAS, "journey": schema.JOURNEY, "stage": schema.STAGE,
           "moment": schema.MOMENT, "role": schema.ROLE, "team": schema.TEAM,
           "persona": schema.PERSONA, "insight": schema.INSIGHT, "term": schema.GLOSSARY_TERM}
ITEM_KINDS = {"atlas": N_("Atlas"), "journey": N_("Journey"), "stage": N_("Stage"),
              "moment": N_("Moment"), "role": N_("Role"), "team": N_("Team"),
              "persona": N_("Persona"), "insight": N_("Insight"), "term": N_("Glossary term")}
WITH_BODY = {"stage", "moment", "role", "team", "persona", "insight"}  # notes: "notes"
# Fields with a report of their own (a section of "What changed"), not listed as details.
OWN_REPORTS = {"raci", "gaps", "emotion", "programme"}
GAP_CHANGE_WORDS = {"opened": N_("Opened"), "closed": N_("Closed"),
                    "reprioritised": N_("Re-prioritised"), "status": N_("Status changed"),
                    "changed": N_("Changed")}
# What "What changed" calls a changed detail (Item.fields): each field's label
# (schema.Record.label: its own, else its key in words), and a page's notes. Listed here
# for the extractor; a field missing from this list is shown in English.
FIELD_WORDS = (
    # Translators: a detail of a page, in lower case, as "What changed" lists the details
    # that changed ("customer goal, pain points"); "notes" are the page's own text.
    N_("notes"), N_("backstage"), N_("culture"), N_("current"), N_("customer does"),
    N_("customer figures"), N_("customer goal"), N_("customer's words"), N_("date"),
    N_("desired"), N_("detail journey"), N_("effort"), N_("extra data"),
    N_("facilitator notes"), N_("feeling"), N_("feeling after"), N_("feeling before"),
    N_("feeling by persona"), N_("goals"), N_("how it supports the strategy"), N_("impact"),
    N_("insights"), N_("internal name"), N_("kind"), N_("last reviewed"), N_("lifecycle"),
    N_("manager"), N_("means"), N_("outcome"), N_("owner"), N_("pain points"),
    N_("personas"), N_("practice questions"), N_("questions"), N_("quote"),
    N_("review interval"), N_("roles"), N_("segment"), N_("session length"), N_("source"),
    N_("stage"), N_("stage order"), N_("stages"), N_("status"), N_("strategy"), N_("team"),
    N_("the three words"), N_("thinking"), N_("time horizon"), N_("title"),
    N_("touchpoints"), N_("what great looks like"), N_("what it may decide"),
    N_("what to avoid"), N_("what to say"))
# A gap's status inside a sentence of "What changed" ("from idea to doing").
GAP_STATUS_IN_WORDS = {"idea": N_("idea"), "planned": N_("planned"), "doing": N_("doing"),
                       "done": N_("done")}


@dataclass
class Item:
    """One thing that changed, e.g. a stage renamed; `journey` is None for atlas-wide items."""

    kind: str  # journey, stage, moment, role, persona
    id: str
    name: str
    journey: str | None = None
    old_name: str | None = None
    fields: list[str] = field(default_factory=list)  # for changed items: their labels
    bookkeeping: bool = False  # only review dates changed: listed, but no role is told
    roles: list[str] = field(default_factory=list)  # every role it names, before or after


@dataclass
class RaciChange:
    role: str
    journey: str
    stage: str
    stage_name: str
    old: str | None  # None: the role was not part of the stage
    new: str | None


@dataclass
class GapChange:
    journey: str
    stage: str
    stage_name: str
    title: str
    what: str  # opened, closed, reprioritised, status
    detail: str = ""  # in English; `told` says it in any language (gap_detail)
    roles: list[str] = field(default_factory=list)  # the gap's owner, before and after
    told: tuple = ()  # what `detail` says, as (why, values...): see gap_detail


@dataclass
class EmotionChange:
    journey: str
    stage: str
    stage_name: str
    old: int | None
    new: int | None
    desired_old: int | None
    desired_new: int | None
    roles: list[str] = field(default_factory=list)  # the roles the stage names


@dataclass
class ProgrammeChange:
    """A journey's place in the programme changed: its phase, status or owner."""

    journey: str
    title: str
    what: str  # phase, status or owner (the journey's key)
    old: str | None
    new: str | None
    roles: list[str] = field(default_factory=list)  # its owner, before and after


@dataclass
class Changes:
    previous: str | None  # the previous release's version; None for the first release
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    renamed: list[Item] = field(default_factory=list)
    changed: list[Item] = field(default_factory=list)
    raci: list[RaciChange] = field(default_factory=list)
    gaps: list[GapChange] = field(default_factory=list)
    emotions: list[EmotionChange] = field(default_factory=list)
    programme: list[ProgrammeChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed or self.raci
                    or self.gaps or self.emotions or self.programme)

    def in_language(self, ui: Interface) -> "Changes":
        """The same changes, with what they say (the changed details, the gaps' details) in
        the language of `ui`; compare() says it in English."""
        def item(i: Item) -> Item:
            return replace(i, fields=[ui.gettext(label) for label in i.fields]) if i.fields else i

        return replace(self, added=[item(i) for i in self.added],
                       removed=[item(i) for i in self.removed],
                       renamed=[item(i) for i in self.renamed],
                       changed=[item(i) for i in self.changed],
                       gaps=[replace(g, detail=gap_detail(g.told, ui)) if g.told else g
                             for g in self.gaps])

    def for_role(self, role_id: str) -> dict:
        """What changed for one role: its RACI letters, and every change to a stage,
        moment, touchpoint or gap it is named in."""
        return {
            "raci": [c for c in self.raci if c.role == role_id],
            "entities": [(what, i) for what, items in (("added", self.added),
                                                     ("removed", self.removed),
                                                     ("renamed", self.renamed),
                                                     ("changed", self.changed))
                      for i in items if role_id in i.roles and not i.bookkeeping],
            "gaps": [g for g in self.gaps if role_id in g.roles],
            "emotions": [e for e in self.emotions if role_id in e.roles],
            "programme": [p for p in self.programme if role_id in p.roles],
        }

    def counts(self, role_ids) -> dict:
        """How many changes "What changed" lists, in all and for each role (what a reader's
        browser shows as "Since 1.2: 3 changes for Ward Nurse")."""
        def count(found: dict) -> int:
            return sum(len(items) for items in found.values())
        return {"previous": self.previous,
                "total": sum(map(len, (self.added, self.removed, self.renamed, self.changed,
                                       self.raci, self.gaps, self.emotions, self.programme))),
                "roles": {role_id: count(self.for_role(role_id)) for role_id in role_ids}}


COUNTS_FILE = "changes.json"  # written beside a release's pages: Changes.counts()


def compare(old: dict | None, new: dict, previous_version: str | None) -> Changes:
    """Every field schema.py declares, of every kind, in two exports."""
    changes = Changes(previous_version if old else None)
    if not old:
        return changes
    _compare_named(changes, "atlas", {"atlas": old["atlas"]}, {"atlas": new["atlas"]}, None)
    _compare_named(changes, "term", _by(old["atlas"].get("glossary"), "term"),
                   _by(new["atlas"].get("glossary"), "term"), None)
    for kind in ("role", "persona", "insight"):  # an export before insights has none
        _compare_named(changes, kind, old.get(kind + "s") or {}, new.get(kind + "s") or {},
                       None)
    # An export before team files had teams all the same: those its roles named.
    old_teams = old["teams"] if "teams" in old else teams.teams_of_roles(old.get("roles") or {})
    _compare_named(changes, "team", old_teams, new.get("teams") or {}, None)
    old_journeys, new_journeys = _by(old["journeys"], "id"), _by(new["journeys"], "id")
    _compare_named(changes, "journey", old_journeys, new_journeys, None)
    for jid, journey in new_journeys.items():
        before = old_journeys.get(jid)
        if before is None:
            continue
        _compare_programme(changes, jid, before, journey)
        old_stages, new_stages = _by(before["stages"], "id"), _by(journey["stages"], "id")
        _compare_named(changes, "stage", old_stages, new_stages, jid)
        _compare_named(changes, "moment", _by(before["moments"], "id"),
                       _by(journey["moments"], "id"), jid)
        for sid, stage in new_stages.items():
            old_stage = old_stages.get(sid, {"roles": {}, "gaps": [], "emotion": None,
                                             "desired_emotion": None})
            _compare_raci(changes, jid, stage, old_stage)
            _compare_gaps(changes, jid, stage, old_stage)
            if sid in old_stages and (
                    (old_stage.get("emotion"), old_stage.get("desired_emotion")) !=
                    (stage.get("emotion"), stage.get("desired_emotion"))):
                changes.emotions.append(EmotionChange(
                    jid, sid, stage["name"], old_stage.get("emotion"), stage.get("emotion"),
                    old_stage.get("desired_emotion"), stage.get("desired_emotion"),
                    _roles("stage", old_stage, stage)))
        for sid, stage in old_stages.items():
            if sid not in new_stages:
                _compare_raci(changes, jid, {"id": sid, "name": stage["name"], "roles": {}},
                              stage)
                for gap in stage.get("gaps") or []:
                    changes.gaps.append(_gap_change(jid, sid, stage["name"], gap["title"],
                                                    "closed", ("stage removed",),
                                                    _roles("gap", gap)))
    return changes


def _by(items: list[dict] | None, key: str) -> dict:
    return {item[key]: item for item in items or []}


def _roles(kind: str, *versions: dict) -> list[str]:
    record = schema.GAP if kind == "gap" else RECORDS[kind]
    return sorted(set().union(*(schema.references(record, v, "role") for v in versions)))


def _changed_keys(kind: str, before: dict, after: dict) -> list[str]:
    record = RECORDS[kind]
    changed = []
    for key, f in record.fields.items():
        if key == record.title_key or f.change in OWN_REPORTS:
            continue
        # A key an older export lacks has its default then (a journey's session length).
        old, new = before.get(key, f.default), after.get(key, f.default)
        if f.change == "order":  # a journey's stages: has their order changed?
            old, new = _common_order(old, new)
        if old != new:
            changed.append(key)
    if kind in WITH_BODY and before.get("body") != after.get("body"):
        changed.append("body")
    return changed


def _common_order(old: list[dict] | None, new: list[dict] | None) -> tuple[list, list]:
    """The ids both lists have, in each list's order (added or removed ones are told apart)."""
    old_ids = [s["id"] if isinstance(s, dict) else s for s in old or []]
    new_ids = [s["id"] if isinstance(s, dict) else s for s in new or []]
    return [i for i in old_ids if i in new_ids], [i for i in new_ids if i in old_ids]


def _compare_named(changes: Changes, kind: str, old: dict, new: dict,
                   journey: str | None) -> None:
    title_key = RECORDS[kind].title_key
    for eid, entity in new.items():
        if eid not in old:
            changes.added.append(_item(kind, eid, entity, journey, entity))
            continue
        before = old[eid]
        if before.get(title_key) != entity.get(title_key):
            item = _item(kind, eid, entity, journey, before, entity)
            item.old_name = before.get(title_key)
            changes.renamed.append(item)
        keys = _changed_keys(kind, before, entity)
        if keys:
            record = RECORDS[kind]
            item = _item(kind, eid, entity, journey, before, entity)
            item.fields = ["notes" if key == "body" else record.label(key) for key in keys]
            item.bookkeeping = all(key in record.fields
                                   and record.fields[key].change == "bookkeeping"
                                   for key in keys)
            changes.changed.append(item)
    for eid, entity in old.items():
        if eid not in new:
            changes.removed.append(_item(kind, eid, entity, journey, entity))


def _item(kind: str, eid: str, entity: dict, journey: str | None, *versions: dict) -> Item:
    name = entity.get(RECORDS[kind].title_key) or eid
    roles = _roles(kind, *versions) + ([eid] if kind == "role" else [])
    if kind == "team":  # its roles are told, before and after
        roles = sorted(set().union(*(v.get("roles") or [] for v in versions)))
    return Item(kind, eid, name, journey, roles=roles)


def _compare_raci(changes: Changes, journey: str, stage: dict, old_stage: dict) -> None:
    old_roles, new_roles = old_stage.get("roles") or {}, stage.get("roles") or {}
    for role in sorted(set(old_roles) | set(new_roles)):
        if old_roles.get(role) != new_roles.get(role):
            changes.raci.append(RaciChange(role, journey, stage["id"], stage["name"],
                                           old_roles.get(role), new_roles.get(role)))


def _compare_gaps(changes: Changes, journey: str, stage: dict, old_stage: dict) -> None:
    old_gaps = _by(old_stage.get("gaps"), "title")
    new_gaps = _by(stage.get("gaps"), "title")
    name = stage["name"]

    def told(title, what, detail, *versions):
        changes.gaps.append(_gap_change(journey, stage["id"], name, title, what, detail,
                                        _roles("gap", *versions)))

    for title, gap in new_gaps.items():
        before = old_gaps.get(title)
        if before is None:
            if gap["status"] != "done":
                told(title, "opened", ("rating", *_scores(gap)), gap)
            continue
        if gap["status"] == "done" and before["status"] != "done":
            told(title, "closed", ("done",), before, gap)
        elif gap["status"] != before["status"]:
            told(title, "status", ("status", before["status"], gap["status"]), before, gap)
        if _scores(before) != _scores(gap):
            told(title, "reprioritised", ("reprioritised", _scores(before), _scores(gap)),
                 before, gap)
        other = [k for k in schema.GAP.fields if k not in ("title", "status", "impact", "effort")
                 and before.get(k) != gap.get(k)]
        if other:
            told(title, "changed", ("fields", *(schema.GAP.label(k) for k in other)),
                 before, gap)
    for title, gap in old_gaps.items():
        if title not in new_gaps and gap["status"] != "done":
            told(title, "closed", ("removed",), gap)


PROGRAMME_KEYS = tuple(k for k, f in schema.JOURNEY.fields.items() if f.change == "programme")


def _compare_programme(changes: Changes, journey: str, before: dict, after: dict) -> None:
    for key in PROGRAMME_KEYS:
        default = schema.JOURNEY.fields[key].default  # an older export lacks the key
        old, new = before.get(key, default), after.get(key, default)
        if old != new:
            owners = sorted({o for o in (before.get("owner"), after.get("owner")) if o})
            changes.programme.append(ProgrammeChange(journey, after["title"], key, old, new,
                                                     owners))


def _scores(gap: dict) -> tuple:
    return gap["impact"], gap["effort"]


def _gap_change(journey: str, stage: str, stage_name: str, title: str, what: str,
                told: tuple, roles: list[str]) -> GapChange:
    return GapChange(journey, stage, stage_name, title, what, gap_detail(told, english()),
                     roles, told)


# A gap change's detail, by GapChange.told[0], where it takes no values.
GAP_DETAILS = {"stage removed": N_("its stage was removed"), "done": N_("marked done"),
               "removed": N_("removed from the map")}


def gap_detail(told: tuple, ui: Interface) -> str:
    """What a gap change's detail says (GapChange.told), in the language of `ui`:
    ("rating", impact, effort), ("reprioritised", (impact, effort) before, after),
    ("status", before, after), ("fields", label...), or a key of GAP_DETAILS."""
    if not told:
        return ""
    why, *values = told
    if why == "rating":
        return _rating(*values, ui)
    if why == "reprioritised":
        before, after = values
        return ui.gettext("was %(before)s; now %(after)s", before=_rating(*before, ui),
                          after=_rating(*after, ui))
    if why == "status":
        before, after = (ui.gettext(GAP_STATUS_IN_WORDS[status])
                         if status in GAP_STATUS_IN_WORDS else str(status) for status in values)
        # Translators: a gap's status changed, e.g. "from idea to doing".
        return ui.gettext("from %(before)s to %(after)s", before=before, after=after)
    if why == "fields":
        return ", ".join(ui.gettext(label) for label in values)
    return ui.gettext(GAP_DETAILS[why])


def _rating(impact, effort, ui: Interface) -> str:
    # Translators: a gap's scores, from 1 to 5 ("?" where not given).
    return ui.gettext("impact %(impact)s, effort %(effort)s",
                      impact="?" if impact is None else impact,
                      effort="?" if effort is None else effort)
