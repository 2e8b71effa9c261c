"""What changed between two releases, from their exports (export.atlas_to_dict).

Comparisons work on the exported data, not on git, so any two releases can be compared
long after the content has moved on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Stage fields compared one by one (lists and mappings are compared whole).
STAGE_FIELDS = ("internal_name", "customer_goal", "feeling", "emotion", "desired_emotion",
                "touchpoints", "pain_points", "metrics", "questions", "body")
MOMENT_FIELDS = ("stage", "kind", "feeling_before", "feeling_after", "great_looks_like", "say",
                 "avoid", "roles", "body")
FIELD_WORDS = {"internal_name": "internal name", "customer_goal": "customer goal",
               "desired_emotion": "desired emotion", "pain_points": "pain points",
               "feeling_before": "feeling before", "feeling_after": "feeling after",
               "great_looks_like": "what great looks like", "body": "notes"}


@dataclass
class Item:
    """One thing that changed, e.g. a stage renamed; `journey` is None for atlas-wide items."""

    kind: str  # journey, stage, moment, role, persona
    id: str
    name: str
    journey: str | None = None
    old_name: str | None = None
    fields: list[str] = field(default_factory=list)  # for changed items
    roles: list[str] = field(default_factory=list)  # a moment's owning roles


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


@dataclass
class EmotionChange:
    journey: str
    stage: str
    stage_name: str
    old: int | None
    new: int | None
    desired_old: int | None
    desired_new: int | None


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

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.changed or self.raci
                    or self.gaps or self.emotions)

    def for_role(self, role_id: str) -> dict:
        """What changed for one role: its RACI letters and the moments it owns."""
        return {
            "raci": [c for c in self.raci if c.role == role_id],
            "moments": [(what, i) for what, items in (("added", self.added),
                                                       ("removed", self.removed),
                                                       ("changed", self.changed))
                        for i in items if i.kind == "moment" and role_id in i.roles],
        }


def compare(old: dict | None, new: dict, previous_version: str | None) -> Changes:
    changes = Changes(previous_version if old else None)
    if not old:
        return changes
    for kind in ("role", "persona"):
        _compare_named(changes, kind, old[kind + "s"], new[kind + "s"], "name", None)
    old_journeys = {j["id"]: j for j in old["journeys"]}
    new_journeys = {j["id"]: j for j in new["journeys"]}
    _compare_named(changes, "journey", old_journeys, new_journeys, "title", None)
    for jid, journey in new_journeys.items():
        before = old_journeys.get(jid)
        if before is None:
            continue
        old_stages = {s["id"]: s for s in before["stages"]}
        new_stages = {s["id"]: s for s in journey["stages"]}
        _compare_named(changes, "stage", old_stages, new_stages, "name", jid, STAGE_FIELDS)
        _compare_named(changes, "moment", {m["id"]: m for m in before["moments"]},
                       {m["id"]: m for m in journey["moments"]}, "title", jid, MOMENT_FIELDS)
        for sid, stage in new_stages.items():
            old_stage = old_stages.get(sid, {"roles": {}, "gaps": [], "emotion": None,
                                             "desired_emotion": None})
            _compare_raci(changes, jid, stage, old_stage)
            _compare_gaps(changes, jid, stage, old_stage)
            if sid in old_stages and (
                    (old_stage["emotion"], old_stage["desired_emotion"]) !=
                    (stage["emotion"], stage["desired_emotion"])):
                changes.emotions.append(EmotionChange(
                    jid, sid, stage["name"], old_stage["emotion"], stage["emotion"],
                    old_stage["desired_emotion"], stage["desired_emotion"]))
        for sid, stage in old_stages.items():
            if sid not in new_stages:
                _compare_raci(changes, jid, {"id": sid, "name": stage["name"], "roles": {}},
                              stage)
                for gap in stage["gaps"]:
                    changes.gaps.append(GapChange(jid, sid, stage["name"], gap["title"],
                                                  "closed", "its stage was removed"))
    return changes


def _compare_named(changes: Changes, kind: str, old: dict, new: dict, name_key: str,
                   journey: str | None, fields: tuple[str, ...] = ()) -> None:
    for eid, entity in new.items():
        if eid not in old:
            changes.added.append(_item(kind, eid, entity, name_key, journey))
            continue
        before = old[eid]
        if before.get(name_key) != entity.get(name_key):
            item = _item(kind, eid, entity, name_key, journey)
            item.old_name = before.get(name_key)
            changes.renamed.append(item)
        changed = [FIELD_WORDS.get(f, f) for f in fields if before.get(f) != entity.get(f)]
        if changed:
            item = _item(kind, eid, entity, name_key, journey)
            item.fields = changed
            changes.changed.append(item)
    for eid, entity in old.items():
        if eid not in new:
            changes.removed.append(_item(kind, eid, entity, name_key, journey))


def _item(kind: str, eid: str, entity: dict, name_key: str, journey: str | None) -> Item:
    roles = list(entity.get("roles") or []) if kind == "moment" else []
    return Item(kind, eid, entity.get(name_key) or eid, journey, roles=roles)


def _compare_raci(changes: Changes, journey: str, stage: dict, old_stage: dict) -> None:
    old_roles, new_roles = old_stage.get("roles") or {}, stage.get("roles") or {}
    for role in sorted(set(old_roles) | set(new_roles)):
        if old_roles.get(role) != new_roles.get(role):
            changes.raci.append(RaciChange(role, journey, stage["id"], stage["name"],
                                           old_roles.get(role), new_roles.get(role)))


def _compare_gaps(changes: Changes, journey: str, stage: dict, old_stage: dict) -> None:
    old_gaps = {g["title"]: g for g in old_stage.get("gaps") or []}
    new_gaps = {g["title"]: g for g in stage.get("gaps") or []}
    name = stage["name"]
    for title, gap in new_gaps.items():
        before = old_gaps.get(title)
        if before is None:
            if gap["status"] != "done":
                changes.gaps.append(GapChange(journey, stage["id"], name, title, "opened",
                                              _rating(gap)))
            continue
        if gap["status"] == "done" and before["status"] != "done":
            changes.gaps.append(GapChange(journey, stage["id"], name, title, "closed",
                                          "marked done"))
        elif gap["status"] != before["status"]:
            changes.gaps.append(GapChange(journey, stage["id"], name, title, "status",
                                          f"from {before['status']} to {gap['status']}"))
        if (before["impact"], before["effort"]) != (gap["impact"], gap["effort"]):
            changes.gaps.append(GapChange(journey, stage["id"], name, title, "reprioritised",
                                          f"was {_rating(before)}; now {_rating(gap)}"))
    for title, gap in old_gaps.items():
        if title not in new_gaps and gap["status"] != "done":
            changes.gaps.append(GapChange(journey, stage["id"], name, title, "closed",
                                          "removed from the map"))


def _rating(gap: dict) -> str:
    impact = gap["impact"] if gap["impact"] is not None else "?"
    effort = gap["effort"] if gap["effort"] is not None else "?"
    return f"impact {impact}, effort {effort}"
