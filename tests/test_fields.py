"""A field is declared once, in schema.py: the model, the JSON Schema, the CSV columns,
the importer and "What changed" come from that declaration."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import textwrap

import pytest

from journey_atlas import schema
from journey_atlas.compare import compare
from journey_atlas.export import CSV_COLUMNS, atlas_to_dict
from journey_atlas.loader import load_atlas
from support import SAMPLE, front_matter, minimal_atlas, write

ADD_A_FIELD = textwrap.dedent("""
    import csv, io, json, sys
    from journey_atlas import schema
    # The one edit a new plain field needs (besides the template that shows it):
    schema.STAGE.fields["first_words"] = schema.Field(
        schema.Text(), doc="what the customer says first", label="first words", csv="text")

    from journey_atlas.compare import compare
    from journey_atlas.export import atlas_to_dict, to_csv
    from journey_atlas.importers import read_csv
    from journey_atlas.loader import load_atlas
    from journey_atlas.problems import ProblemList

    loaded = load_atlas(sys.argv[1])
    assert not loaded.problems, loaded.problems
    stage = loaded.atlas.journeys[0].stages[0]
    exported = atlas_to_dict(loaded.atlas)
    changed = json.loads(json.dumps(exported))
    changed["journeys"][0]["stages"][0]["first_words"] = "Hello, anyone?"
    items = compare(exported, changed, "1.0").changed
    rows = list(csv.reader(io.StringIO(to_csv(loaded.atlas))))
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(to_csv(loaded.atlas))
    problems = ProblemList()
    imported = read_csv(__import__("pathlib").Path(sys.argv[2]), "buying", None, problems,
                        {"role": {"agent"}})
    print(json.dumps({
        "model": stage.first_words,
        "json_schema": schema.json_schema("stage")["properties"]["first_words"],
        "csv_header": rows[0], "csv_row": rows[1],
        "changed": [(i.kind, i.id, i.fields) for i in items],
        "imported": imported.stages[0][1].get("first_words"),
        "import_problems": [p.message for p in problems.items],
    }))
""")


def test_a_new_stage_field_reaches_model_schema_csv_import_and_changes(tmp_path):
    atlas = minimal_atlas(tmp_path / "content")
    write(atlas / "journeys/buying/stages/first.md", front_matter(
        {"name": "I look around", "first_words": "Is anyone there?", "roles": {"agent": "A"}}))
    result = subprocess.run([sys.executable, "-c", ADD_A_FIELD, str(atlas),
                             str(tmp_path / "stages.csv")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["model"] == "Is anyone there?"
    assert seen["json_schema"] == {"description": "what the customer says first",
                                   "anyOf": [{"type": ["string", "number"]}, {"type": "null"}]}
    assert seen["csv_header"][-1] == "first_words"
    assert seen["csv_row"][-1] == "Is anyone there?"
    assert seen["changed"] == [["stage", "first", ["first words"]]]
    assert seen["imported"] == "Is anyone there?" and seen["import_problems"] == []


def test_without_the_declaration_the_key_is_unknown(tmp_path):
    atlas = minimal_atlas(tmp_path / "content")
    write(atlas / "journeys/buying/stages/first.md", front_matter(
        {"name": "I look around", "first_words": "Is anyone there?"}))
    [problem] = load_atlas(atlas).problems
    assert problem.message.startswith("unknown key 'first_words' in stage")


def test_csv_columns_are_the_stage_fields_that_declare_one():
    assert CSV_COLUMNS == ("journey", "stage", "name", "internal_name", "customer_goal",
                           "actions", "thinking", "feeling", "emotion", "desired_emotion",
                           "persona_emotions", "touchpoints", "pain_points", "roles",
                           "backstage", "detail_journey", "questions", "facilitator_notes")


def test_model_attributes_are_the_records_fields():
    from journey_atlas.model import Gap, Moment, Stage
    assert Stage("s", "j", name="x").gaps == []  # a fresh list each, from the declaration
    assert Gap(title="t").status == "idea" and Moment("m", "j", title="t", stage="s").kind == \
        "pivotal"
    for model, record in ((Stage, schema.STAGE), (Gap, schema.GAP), (Moment, schema.MOMENT)):
        assert set(record.fields) <= set(model.__dataclass_fields__)


# --- "What changed" compares every declared field of every kind ---------------------------

@pytest.fixture(scope="module")
def base():
    return atlas_to_dict(load_atlas(SAMPLE).atlas)


def stage(data, sid, jid="adopting-fieldline"):
    journey = next(j for j in data["journeys"] if j["id"] == jid)
    return next(s for s in journey["stages"] if s["id"] == sid)


def test_atlas_fields_are_compared(base):
    new = copy.deepcopy(base)
    new["atlas"]["strategy"] = "Keep every crew busy."
    new["atlas"]["culture"] = "We pick up the phone."
    new["atlas"]["lasting_impression"] = ["Calm", "Quick", "Kind"]
    changes = compare(base, new, "1.0")
    assert [(i.kind, i.fields) for i in changes.changed] == [
        ("atlas", ["strategy", "culture", "the three words"])]


def test_every_field_of_each_kind_is_compared(base):
    new = copy.deepcopy(base)
    new["roles"]["support-agent"]["team"] = "Customer care"
    persona = next(iter(new["personas"].values()))
    persona["goals"] = ["A new goal"]
    journey = new["journeys"][0]
    journey["horizon_months"] = 36
    journey["stages"][0], journey["stages"][1] = journey["stages"][1], journey["stages"][0]
    s = stage(new, "setting-up")
    s["metrics"]["left"] = 1
    s["reviewed"] = "2026-01-05"
    changes = compare(base, new, "1.0")
    assert {(i.kind, i.id, tuple(i.fields)) for i in changes.changed} == {
        ("role", "support-agent", ("team",)), ("persona", persona["id"], ("goals",)),
        ("journey", journey["id"], ("time horizon", "stage order")),
        ("stage", "setting-up", ("customer figures", "last reviewed"))}


def test_a_role_sees_every_change_it_is_named_in(base):
    new = copy.deepcopy(base)
    s = stage(new, "setting-up")  # implementation-specialist is Accountable here
    s["name"] = "Setting up, calmly"
    s["gaps"][0]["status"] = "done"  # the specialist owns it
    s["touchpoints"][2]["channel"] = "app"  # the help centre, owned by the support agent
    changes = compare(base, new, "1.0")
    mine = changes.for_role("implementation-specialist")
    assert [(what, i.kind, i.id) for what, i in mine["entities"]] == [
        ("renamed", "stage", "setting-up"), ("changed", "stage", "setting-up")]
    assert [(g.title, g.what) for g in mine["gaps"]] == [
        ("Training in the week before go-live", "closed")]
    support = changes.for_role("support-agent")
    assert [(what, i.id, i.fields) for what, i in support["entities"]] == [
        ("renamed", "setting-up", []), ("changed", "setting-up", ["touchpoints"])]
    assert changes.for_role("billing-specialist") == {"raci": [], "entities": [], "gaps": [],
                                                      "emotions": [], "programme": []}


def test_review_dates_are_listed_but_no_role_is_told(base):
    new = copy.deepcopy(base)
    stage(new, "setting-up")["reviewed"] = "2026-11-30"
    changes = compare(base, new, "1.0")
    [item] = changes.changed
    assert (item.id, item.fields, item.bookkeeping) == ("setting-up", ["last reviewed"], True)
    assert changes.for_role("implementation-specialist")["entities"] == []
    assert changes.counts(["implementation-specialist"]) == {
        "previous": "1.0", "total": 1, "roles": {"implementation-specialist": 0}}


def test_role_page_tells_the_role_what_changed(tmp_path):
    from journey_atlas.pages import PageRenderer, plan_pages
    from journey_atlas.release import ReleaseContext
    atlas = load_atlas(SAMPLE).atlas
    old = atlas_to_dict(atlas)
    renamed = copy.deepcopy(old)
    stage(old, "setting-up")["name"] = "The old name"
    changes = compare(old, renamed, "1.0")
    release = ReleaseContext("1.1", "1.1", "1.0")
    renderer = PageRenderer(atlas, [str(SAMPLE.parent / "theme")], release=release,
                            changes=changes)
    spec = next(p for p in plan_pages(atlas, True, release)
                if p.kind == "role" and p.obj.id == "implementation-specialist")
    page = renderer.render(spec, "", "roles/implementation-specialist/")
    assert "Nothing changed for this role" not in page
    assert ('Stage renamed: <del>The old name</del> is now <a href="../../journeys/'
            'adopting-fieldline/stages/setting-up/">Getting my team set up without chaos</a>'
            ) in page


# --- the journey board's keys (issue 15) ---------------------------------------------------

BOARD_STAGE = {
    "name": "I look around", "roles": {"agent": "A"},
    "actions": ["Looks at the shelf", "Asks a friend; then waits"],
    "thinking": "=Is this the right place?",
    "persona_emotions": {"buyer": -2},
    "backstage": [{"name": "Check stock", "owner": "agent", "system": "Warehouse system"},
                  {"name": "Nightly sync"}],
}


def test_a_stage_with_the_board_keys_makes_the_csv_round_trip(tmp_path):
    from journey_atlas.export import to_csv
    from journey_atlas.importers import known_ids, read_csv
    from journey_atlas.problems import ProblemList
    atlas = minimal_atlas(tmp_path / "content")
    write(atlas / "journeys/buying/stages/first.md", front_matter(BOARD_STAGE))
    loaded = load_atlas(atlas)
    assert not loaded.problems
    path = tmp_path / "stages.csv"
    path.write_text(to_csv(loaded.atlas), encoding="utf-8")
    problems = ProblemList()
    imported = read_csv(path, "buying", None, problems, known_ids(loaded.atlas))
    assert problems.items == []
    stage_id, data, _ = imported.stages[0]
    assert stage_id == "first"
    # A list item is split at ';', as every list cell is.
    assert data["actions"] == ["Looks at the shelf", "Asks a friend", "then waits"]
    assert data["thinking"] == "=Is this the right place?"  # neutralised, then restored
    assert data["persona_emotions"] == {"buyer": -2}
    assert data["backstage"] == BOARD_STAGE["backstage"]


def test_what_changed_reports_the_board_keys(base):
    new = copy.deepcopy(base)
    s = stage(new, "crew-is-waiting", "getting-help")
    s["actions"] = s["actions"][:1]
    s["thinking"] = "Pick up, please."
    s["persona_emotions"]["operations-director"] = -2
    s["backstage"][0]["owner"] = "support-agent"
    changes = compare(base, new, "1.0")
    assert [(i.kind, i.id, i.fields) for i in changes.changed] == [
        ("stage", "crew-is-waiting",
         ["customer does", "thinking", "feeling by persona", "backstage"])]
    # A backstage step's owner is told of changes to its stage.
    assert "support-team-lead" in changes.changed[0].roles
