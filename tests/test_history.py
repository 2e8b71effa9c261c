"""The customer asset over releases (site_builder/history.py): old exports read lazily,
once, as far as they go; stages matched by id; what changed said in a sentence."""

from __future__ import annotations

import json
import time

import pytest

from journey_atlas import history
from journey_atlas.history import AssetHistory, reduce_export


def export(*stages, jid="j") -> dict:
    """An export with one journey of (stage id, metrics) pairs."""
    return {"format": "journey-atlas/1", "journeys": [
        {"id": jid, "stages": [{"id": sid, "metrics": metrics} for sid, metrics in stages]}]}


def written(tmp_path, version: str, data) -> dict:
    path = tmp_path / version / "atlas.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return {"version": version, "title": version, "export": str(path)}


def test_old_formats_are_read_as_far_as_they_go():
    old = {"journeys": [
        {"id": "j", "stages": [
            {"id": "a", "metrics": {"entered": 10, "left": 2, "why": ["x"]}},
            {"id": "b"},  # no metrics key at all
            {"id": "c", "metrics": None},
            {"id": "d", "metrics": {"entered": "12", "left": True, "stayed": -1, "grew": 3.0}},
            {"name": "no id"}, "not a stage"]},
        {"id": "k"},  # no stages key
        {"title": "no id"}]}
    assert reduce_export(old) == {"j": {"a": {"entered": 10, "left": 2}, "b": {}, "c": {},
                                        "d": {"grew": 3}}, "k": {}}
    # A journey list keyed by id, as a hand-made or future export might have it.
    assert reduce_export({"journeys": {"j": {"stages": {"a": {"metrics": {"left": 1}}}}}}) == {
        "j": {"a": {"left": 1}}}
    for not_an_export in ([], "text", {"roles": {}}, {"journeys": "none"}, None):
        with pytest.raises(ValueError):
            reduce_export(not_an_export)


def test_stages_are_matched_by_id_and_what_changed_is_said(tmp_path):
    earlier = [written(tmp_path, "1.0", export(("a", {"entered": 100, "left": 40}))),
               written(tmp_path, "1.1", export(("a", {"entered": 100, "left": 30}),
                                               ("b", None)))]
    now = export(("a", {"entered": 120, "left": 22}), ("b", {"left": 5}), ("c", {}), ("d", {"left": 1}))
    found = AssetHistory(earlier, "1.2", now).journey("j")
    assert found.versions == ["1.0", "1.1", "1.2"]
    a = found.stage("a")
    assert [p.figures for p in a.points] == [{"entered": 100, "left": 40},
                                             {"entered": 100, "left": 30},
                                             {"entered": 120, "left": 22}]
    assert a.changes == ["Left: 40 → 22 since 1.0 (18 fewer)",
                         "Entered: 100 → 120 since 1.0 (20 more)"]
    assert a.columns == ["entered", "left"] and a.since == "1.0" and a.points[-1].current
    b = found.stage("b")  # in 1.1 without figures, not yet mapped in 1.0
    assert [p.figures for p in b.points] == [None, {}, {"left": 5}]
    assert b.changes == [] and b.since == "1.2"
    assert found.stage("c") is None  # no figures in any release
    assert [p.figures for p in found.stage("d").points] == [None, None, {"left": 1}]
    assert AssetHistory(earlier, "1.2", now).journey("other") is not None  # empty, not None
    assert AssetHistory([], "1.0", now).journey("j") is None


def test_exports_are_read_once_when_first_asked_and_broken_ones_are_skipped(tmp_path, monkeypatch):
    earlier = [written(tmp_path, "0.9", "{not json"),
               written(tmp_path, "1.0", export(("a", {"left": 4}))),
               written(tmp_path, "1.1", {"roles": {}}),
               {"version": "1.2", "title": "1.2", "export": str(tmp_path / "gone.json")},
               written(tmp_path, "1.3", export(("a", {"left": 3})))]
    earlier[2]["export"] = str(tmp_path / "1.1/atlas.json")
    read, warnings = [], []
    real = history.read_export
    monkeypatch.setattr(history, "read_export", lambda path: read.append(path) or real(path))
    previous = export(("a", {"left": 3}))  # the previous release's, already read
    assets = AssetHistory(earlier, "1.4", export(("a", {"left": 2})),
                          known={"1.3": previous}, warn=warnings.append)
    assert read == []  # nothing until a page asks
    found = assets.journey("j")
    assert assets.journey("j") is found and assets.journey("k") is not None
    assert read == [e["export"] for e in earlier[:4]]  # each once; 1.3 was known
    assert found.versions == ["1.0", "1.3", "1.4"]
    assert len(warnings) == 3
    assert "release 0.9" in warnings[0] and "unreadable" in warnings[0]
    assert "release 1.1" in warnings[1] and "not a Journey Atlas export" in warnings[1]
    assert "release 1.2 has no export" in warnings[2]


def test_fifty_releases_of_a_thousand_stages(tmp_path):
    """A long history: every export is read once, and the journey's history comes out
    in journey order, each stage with all fifty-one releases."""
    stages = [f"s{i}" for i in range(1000)]
    earlier = [written(tmp_path, f"1.{v}", export(*[
        (sid, {"entered": 1000, "left": 500 - v - i % 7, "why": ["a reason"] * 3})
        for i, sid in enumerate(stages)])) for v in range(50)]
    now = export(*[(sid, {"entered": 1000, "left": 400}) for sid in stages])
    started = time.perf_counter()
    found = AssetHistory(earlier, "2.0", now).journey("j")
    elapsed = time.perf_counter() - started
    assert list(found.stages) == stages
    assert all(len(s.points) == 51 for s in found.stages.values())
    assert found.stage("s0").changes == ["Left: 500 → 400 since 1.0 (100 fewer)"]
    assert elapsed < 30, f"{elapsed:.1f} s"  # about a second on a laptop
