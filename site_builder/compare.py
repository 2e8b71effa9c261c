"""What changed between two releases, from their exports (export.atlas_to_dict).

Comparisons work on the exported data, not on git, so any two releases can be compared
long after the content has moved on. Every field that schema.py declares, of every kind,
is compared; a field is reported by its label, or in a section of its own where it names
one (`Field.change`: who does what, gaps, emotions, stage order).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import schema, teams

# What "What changed" compares, by the kind of item it reports.
RECORDS = {"atlas": schema.ATLAS, "journey": schema.JOURNEY, "stage": schema.STAGE,
           "moment": schema.MOMENT, "role": schema.ROLE, "team": schema.TEAM,
           "persona": schema.PERSONA, "insight": schema.INSIGHT, "term": schema.GLOSSARY_TERM}
ITEM_KINDS = {"atlas": "Atlas", "journey": "Journey", "stage": "Stage", "moment": "Moment",
              "role": "Role", "team": "Team", "persona": "Persona", "insight": "Insight",
              "term": "Glossary term"}
WITH_BODY = {"stage", "moment", "role", "team", "persona", "insight"}  # notes: "notes"
# Fields with a report of their own (a section of "What changed"), not listed as details.
OWN_REPORTS = {"raci", "gaps", "emotion", "programme"}
GAP_CHANGE_WORDS = {"opened": "Opened", "closed": "Closed", "reprioritised": "Re-prioritised",
                    "status": "Status changed", "changed": "Changed"}


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
    detail: str = ""
    roles: list[str] = field(default_factory=list)  # the gap's owner, before and after


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
                    changes.gaps.append(GapChange(jid, sid, stage["name"], gap["title"],
                                                  "closed", "its stage was removed",
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
        changes.gaps.append(GapChange(journey, stage["id"], name, title, what, detail,
                                      _roles("gap", *versions)))

    for title, gap in new_gaps.items():
        before = old_gaps.get(title)
        if before is None:
            if gap["status"] != "done":
                told(title, "opened", _rating(gap), gap)
            continue
        if gap["status"] == "done" and before["status"] != "done":
            told(title, "closed", "marked done", before, gap)
        elif gap["status"] != before["status"]:
            told(title, "status", f"from {before['status']} to {gap['status']}", before, gap)
        if (before["impact"], before["effort"]) != (gap["impact"], gap["effort"]):
            told(title, "reprioritised", f"was {_rating(before)}; now {_rating(gap)}",
                 before, gap)
        other = [k for k in schema.GAP.fields if k not in ("title", "status", "impact", "effort")
                 and before.get(k) != gap.get(k)]
        if other:
            told(title, "changed", ", ".join(schema.GAP.label(k) for k in other), before, gap)
    for title, gap in old_gaps.items():
        if title not in new_gaps and gap["status"] != "done":
            told(title, "closed", "removed from the map", gap)


PROGRAMME_KEYS = tuple(k for k, f in schema.JOURNEY.fields.items() if f.change == "programme")


def _compare_programme(changes: Changes, journey: str, before: dict, after: dict) -> None:
    for key in PROGRAMME_KEYS:
        default = schema.JOURNEY.fields[key].default  # an older export lacks the key
        old, new = before.get(key, default), after.get(key, default)
        if old != new:
            owners = sorted({o for o in (before.get("owner"), after.get("owner")) if o})
            changes.programme.append(ProgrammeChange(journey, after["title"], key, old, new,
                                                     owners))


def _rating(gap: dict) -> str:
    impact = gap["impact"] if gap["impact"] is not None else "?"
    effort = gap["effort"] if gap["effort"] is not None else "?"
    return f"impact {impact}, effort {effort}"
