"""Authoring tools: new, schema, import (CSV, Mermaid) and export."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import jsonschema
import pytest
import yaml

from journey_atlas.cli import write_schemas
from journey_atlas.export import CSV_COLUMNS, atlas_to_dict
from journey_atlas.loader import load_atlas
from journey_atlas.schema import KINDS, json_schema, reference
from journey_atlas.sources import parse_front_matter, parse_yaml
from journey_atlas.problems import ProblemList
from support import MKDOCS, ROOT, SAMPLE, fixed_date_env, minimal_atlas, write

CLI = [sys.executable, "-m", "journey_atlas"]
SHIPPED = ROOT / "site_builder" / "schemas"


def run(*args, cwd=None):
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                          env=fixed_date_env())


# --- new ---------------------------------------------------------------------------------

def test_new_atlas_builds_strict_as_created(tmp_path):
    target = tmp_path / "our-atlas"
    result = run("new", target, "--name", 'Acme: "Care" & Co')
    assert result.returncode == 0, result.stderr
    for path in ("mkdocs.yml", "README.md", ".gitignore", ".github/workflows/atlas.yml",
                 "content/atlas.yml", "schemas/stage.schema.json"):
        assert (target / path).is_file(), path
    assert yaml.safe_load((target / "content/atlas.yml").read_text())["name"] == 'Acme: "Care" & Co'
    build = subprocess.run(MKDOCS + ["build", "--strict"], cwd=target, capture_output=True,
                           text=True, env=fixed_date_env())
    assert build.returncode == 0, build.stderr
    assert "Acme: &#34;Care&#34; &amp; Co" in (target / "site/index.html").read_text()
    assert run("validate", "--strict", cwd=target).returncode == 0


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    write(tmp_path / "taken/notes.txt", "mine")
    result = run("new", tmp_path / "taken")
    assert result.returncode == 1 and "not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]


# --- schemas -----------------------------------------------------------------------------

def test_shipped_schemas_are_current(tmp_path):
    written = write_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in SHIPPED.glob("*.json"))
    for path in written:
        assert path.read_text() == (SHIPPED / path.name).read_text(), \
            f"run: journey-atlas schema --out site_builder/schemas ({path.name} is stale)"


def test_schema_command_writes_one_schema_per_kind(tmp_path):
    result = run("schema", "--out", tmp_path / "s")
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(
        f"{kind}.schema.json" for kind in KINDS)


def _documents():
    """(kind, data) of every original in the sample atlas (translations hold only text;
    tests/test_translations.py checks them)."""
    problems = ProblemList()
    yield "atlas", parse_yaml((SAMPLE / "atlas.yml").read_text(), "a", problems, 1).data
    for journey in (SAMPLE / "journeys").iterdir():
        yield "journey", parse_yaml((journey / "journey.yml").read_text(), "j", problems, 1).data
        for kind, folder in (("stage", "stages"), ("moment", "moments")):
            for path in (journey / folder).glob("*.md"):
                if "." in path.stem:
                    continue
                yield kind, parse_front_matter(path.read_text(), "x", problems).data
    for kind in ("role", "persona"):
        for path in (SAMPLE / f"{kind}s").glob("*.md"):
            if "." in path.stem:
                continue
            yield kind, parse_front_matter(path.read_text(), "x", problems).data


def _as_json(data):
    return json.loads(json.dumps(data, default=str))  # dates as YYYY-MM-DD, as editors see them


def test_schemas_accept_every_sample_file():
    for kind, data in _documents():
        jsonschema.validate(_as_json(data), json_schema(kind))


BAD = [
    ("stage", {"name": "x", "emotion": 3}, "emotion"),
    ("stage", {"name": "x", "roles": {"csm": "Q"}}, "roles"),
    ("stage", {"name": "x", "gaps": [{"title": "t", "impact": 0}]}, "impact"),
    ("stage", {"name": "x", "custmer_goal": "y"}, "custmer_goal"),
    ("stage", {"internal_name": "no name"}, "name"),
    ("moment", {"title": "t", "stage": "s", "kind": "pivotl"}, "kind"),
    ("journey", {"title": "t"}, "stages"),
    ("atlas", {"name": "n", "lasting_impression": ["a", "b"]}, "lasting_impression"),
    ("persona", {"name": "n", "kind": "buyer"}, "kind"),
    ("role", {"name": "n", "team": True}, "team"),
]


@pytest.mark.parametrize("kind, data, key", BAD)
def test_schema_and_validator_reject_the_same_mistakes(kind, data, key):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema(kind))
    from journey_atlas.schema import check_document
    from journey_atlas.sources import Document
    problems = ProblemList()
    check_document(kind, Document(path="f", data=data), problems)
    assert problems.errors and key in problems.errors[0].message


# --- export ----------------------------------------------------------------------------------

def test_export_json_holds_the_whole_model():
    result = run("export", SAMPLE, "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["format"] == "journey-atlas/1"
    assert data["atlas"]["name"] == "Fieldline" and data["atlas"]["reviewed"] == "2026-10-15"
    journey = data["journeys"][0]
    assert journey["id"] == "adopting-fieldline"
    assert journey["stages"][4]["roles"] == {"account-executive": "R",
                                            "implementation-specialist": "A",
                                            "billing-specialist": "I"}
    assert journey["moments"][0]["id"] == "first-call"
    assert data == atlas_to_dict(load_atlas(SAMPLE).atlas)


def test_export_refuses_invalid_content(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "roles/agent.md", "---\nname: [x\n---\n")
    result = run("export", root)
    assert result.returncode == 1 and "YAML syntax error" in result.stderr and not result.stdout


def test_csv_export_imports_back_to_the_same_stages(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    exported = tmp_path / "stages.csv"
    assert run("export", content, "--format", "csv", "--out", exported).returncode == 0
    rows = list(csv.DictReader(io.StringIO(exported.read_text())))
    assert list(rows[0]) == list(CSV_COLUMNS) and len(rows) == sum(
        len(j.stages) for j in load_atlas(SAMPLE).atlas.journeys)
    shutil.rmtree(content / "journeys/getting-help/stages")
    (content / "journeys/getting-help/journey.yml").unlink()
    result = run("import", "csv", exported, "--journey", "getting-help", "--into", content,
                 "--force", "--persona", "crew-dispatcher")
    assert result.returncode == 0, result.stderr
    original = load_atlas(SAMPLE).atlas.journey("getting-help")
    imported = load_atlas(content).atlas.journey("getting-help")
    assert [s.id for s in imported.stages] == [s.id for s in original.stages]
    for before, after in zip(original.stages, imported.stages):
        assert (after.name, after.internal_name, after.emotion, after.desired_emotion,
                after.roles, after.pain_points, after.questions) == (
            before.name, before.internal_name, before.emotion, before.desired_emotion,
            before.roles, before.pain_points, before.questions)
        assert [(t.name, t.channel) for t in after.touchpoints] == [
            (t.name, t.channel) for t in before.touchpoints]


# --- import ----------------------------------------------------------------------------------

CSV_GOOD = """stage,name,internal_name,emotion,desired_emotion,touchpoints,pain_points,roles,questions
,I realise I need help,Awareness,-1,1,Web search (web); A friend,Too much jargon,agent: A,Where do people look?
look-around,I look around,,0,1,,,agent: R,
"""


def test_import_csv_writes_a_journey_that_validates(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(tmp_path / "j.csv", CSV_GOOD)
    result = run("import", "csv", tmp_path / "j.csv", "--journey", "getting-started",
                 "--title", "Getting started", "--into", root)
    assert result.returncode == 0, result.stderr
    journey = load_atlas(root).atlas.journey("getting-started")
    assert journey.title == "Getting started"
    assert [s.id for s in journey.stages] == ["i-realise-i-need-help", "look-around"]
    first = journey.stages[0]
    assert (first.emotion, first.desired_emotion, first.roles) == (-1, 1, {"agent": "A"})
    assert [(t.name, t.channel) for t in first.touchpoints] == [("Web search", "web"),
                                                                 ("A friend", None)]
    assert first.questions == ["Where do people look?"]


def test_import_csv_reports_bad_rows_with_file_and_line_and_writes_nothing(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    bad = ("name,emotion,roles,colour\n")
    write(tmp_path / "bad.csv", bad)
    result = run("import", "csv", tmp_path / "bad.csv", "--journey", "x", "--into", root)
    assert result.returncode == 1
    assert f"{tmp_path / 'bad.csv'}:1:1: error: unknown column 'colour'" in result.stderr
    write(tmp_path / "bad.csv", 'name,emotion,roles\nFine,1,agent: A\n"Multi\nline",9,agent: A\n'
                                ',0,\nWho?,0,agnt: A\nWrong,0,agent A\n')
    result = run("import", "csv", tmp_path / "bad.csv", "--journey", "x", "--into", root)
    assert result.returncode == 1
    err = result.stderr
    assert "bad.csv:3:1: error: emotion: expected a whole number from -2 to 2, got 9" in err
    assert "bad.csv:5:1: error: missing required key 'name' in stage" in err
    assert "bad.csv:6:1: error: unknown role 'agnt'; did you mean 'agent'?" in err
    assert "bad.csv:7:1: error: roles: expected 'role-id: R' pairs" in err
    assert "nothing was written" in err
    assert not (root / "journeys/x").exists()


def test_import_never_overwrites_without_force(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(tmp_path / "j.csv", CSV_GOOD)
    result = run("import", "csv", tmp_path / "j.csv", "--journey", "buying", "--into", root)
    assert result.returncode == 1 and "use --force" in result.stderr
    assert load_atlas(root).atlas.journey("buying").title == "Buying"
    forced = run("import", "csv", tmp_path / "j.csv", "--journey", "buying", "--into", root,
                 "--force")
    assert forced.returncode == 0
    assert len(load_atlas(root).atlas.journey("buying").stages) == 2


MERMAID = """```mermaid
journey
    title Moving house
    %% a comment
    section Deciding to move
      Browse listings: 3: Customer
      Call the agent: 4: Customer, Agent
    section Moving day
      Van arrives late: 1: Mover
      Everything unpacked: 2: Customer
```
"""


def test_import_mermaid_sections_tasks_scores_and_actors(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(tmp_path / "j.mmd", MERMAID)
    result = run("import", "mermaid", tmp_path / "j.mmd", "--journey", "moving", "--into", root,
                 "--persona", "buyer")
    assert result.returncode == 0, result.stderr
    atlas = load_atlas(root).atlas
    journey = atlas.journey("moving")
    assert journey.title == "Moving house" and journey.personas == ["buyer"]
    decide, moving = journey.stages
    assert decide.name == "Deciding to move" and decide.emotion == 1  # scores 3 and 4 -> 3.5 -> 4
    assert [t.name for t in decide.touchpoints] == ["Browse listings", "Call the agent"]
    assert decide.roles == {"customer": "A", "agent": "R"}  # 'Agent' is the existing role
    assert moving.emotion == -1  # scores 1 and 2 average 1.5, rounded to 2, which is -1
    assert set(atlas.roles) == {"agent", "customer", "mover"}


@pytest.mark.parametrize("text, line, message", [
    ("flowchart LR\n", 1, "expected the diagram to start with 'journey'"),
    ("journey\n  Orphan task: 3: Me\n", 2, "a task must come after a 'section' line"),
    ("journey\n  section A\n    Task: 7: Me\n", 3, "expected a score from 1 to 5, got '7'"),
    ("journey\n  section A\n    just words\n", 3, "expected a task written"),
    ("journey\n  title Nothing\n", 1, "no 'section' lines"),
])
def test_import_mermaid_reports_malformed_lines(tmp_path, text, line, message):
    root = minimal_atlas(tmp_path / "content")
    write(tmp_path / "j.mmd", text)
    result = run("import", "mermaid", tmp_path / "j.mmd", "--journey", "m", "--into", root)
    assert result.returncode == 1
    assert f"j.mmd:{line}:1: error: {message}" in result.stderr
    assert not (root / "journeys/m").exists()


def test_readme_lists_every_key_as_the_schema_declares_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- every-key:start -->\n", "<!-- every-key:end -->"
    shown = readme[readme.index(start) + len(start):readme.index(end)]
    assert shown == reference(), ("README.md's 'Every key' is stale: paste the output of "
                                  "`journey-atlas schema --markdown` between its markers")


def test_import_csv_checks_the_personas_and_backstage_owners_it_names(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(tmp_path / "board.csv",
          "name,persona_emotions,backstage\n"
          "Fine,buyer: 1,Credit check @agent\n"
          "Who feels?,byer: -1,\n"
          "Who runs it?,,Credit check (Ledger) @clerk\n")
    result = run("import", "csv", tmp_path / "board.csv", "--journey", "x", "--into", root)
    assert result.returncode == 1
    err = result.stderr
    assert "board.csv:3:1: error: unknown persona 'byer'; did you mean 'buyer'?" in err
    assert "board.csv:4:1: error: unknown role 'clerk'; known roles: agent" in err
    assert "board.csv:2" not in err
    assert not (root / "journeys/x").exists()
