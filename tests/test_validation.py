"""Each validation rule: the bad input, the message, the file and the file's own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from journey_atlas.loader import load_atlas
from support import front_matter, minimal_atlas, write

STAGE = "journeys/buying/stages/first.md"
MOMENT = "journeys/buying/moments/hello.md"
JOURNEY = "journeys/buying/journey.yml"


@pytest.fixture
def atlas_dir(tmp_path) -> Path:
    return minimal_atlas(tmp_path / "content")


def problems(root: Path) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.message) for p in load_atlas(root).problems]


def only_problem(root: Path) -> tuple[str, int, str]:
    found = problems(root)
    assert len(found) == 1, found
    return found[0]


def test_minimal_atlas_is_valid(atlas_dir):
    assert problems(atlas_dir) == []


def test_yaml_syntax_error_names_the_files_own_line(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: I look around\nroles: {agent: A\n---\n")
    path, line, message = only_problem(atlas_dir)
    assert path == STAGE
    assert message.startswith("YAML syntax error")
    assert line == 4  # the closing '---' where PyYAML notices the unclosed '{', not line 3 of YAML


def test_unknown_key_suggests_the_nearest(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: I look around\n\ncustmer_goal: Find one\n---\n")
    assert only_problem(atlas_dir) == (
        STAGE, 4, "unknown key 'custmer_goal' in stage; did you mean 'customer_goal'? "
                  "(custom data belongs under 'extra:')")


def test_unknown_keys_are_allowed_under_extra(atlas_dir):
    write(atlas_dir / STAGE, front_matter({"name": "x", "extra": {"anything": [1, {"b": 2}]}}))
    assert problems(atlas_dir) == []


def test_wrong_type(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: I look around\npain_points:\n  nested: mapping\n---\n")
    path, line, message = only_problem(atlas_dir)
    assert (path, line) == (STAGE, 4)
    assert message.startswith("pain_points: expected a list of items, each text")


def test_missing_required_key(atlas_dir):
    write(atlas_dir / STAGE, "---\ninternal_name: Browsing\n---\n")
    found = problems(atlas_dir)
    assert (STAGE, 1, "missing required key 'name' in stage (the stage in the customer's words)") \
        in found


def test_missing_required_key_in_a_list_item_points_at_the_item(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\ngaps:\n  - impact: 3\n    effort: 2\n---\n")
    path, line, message = only_problem(atlas_dir)
    assert (path, line) == (STAGE, 4)
    assert "missing required key 'title' in gap" in message


@pytest.mark.parametrize("value", [-3, 3, "happy", 1.5])
def test_emotion_outside_range(atlas_dir, value):
    write(atlas_dir / STAGE, front_matter({"name": "x", "desired_emotion": value}))
    path, line, message = only_problem(atlas_dir)
    assert (path, line) == (STAGE, 3)
    assert message.startswith("desired_emotion: expected a whole number from -2 to 2")


@pytest.mark.parametrize("field", ["impact", "effort"])
@pytest.mark.parametrize("value", [0, 6])
def test_impact_and_effort_outside_range(atlas_dir, field, value):
    gap = {"title": "Slow reply", "impact": 3, "effort": 3}
    gap[field] = value
    write(atlas_dir / STAGE, front_matter({"name": "x", "gaps": [gap]}))
    path, line, message = only_problem(atlas_dir)
    assert path == STAGE
    assert line == (5 if field == "impact" else 6)
    assert message == f"gaps #1 › {field}: expected a whole number from 1 to 5, got {value}"


def test_raci_letter_other_than_rac_i(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\nroles:\n  agent: X\n---\n")
    assert only_problem(atlas_dir) == (
        STAGE, 4, "roles › agent: expected one of R, A, C, I, got the text 'X'")


def test_unknown_role_names_nearest_ids(atlas_dir):
    write(atlas_dir / MOMENT, "---\ntitle: Hello\nstage: first\nroles:\n  - agnet\n---\n")
    assert only_problem(atlas_dir) == (MOMENT, 5, "unknown role 'agnet'; did you mean 'agent'?")


def test_unknown_role_without_a_near_match_lists_known_roles(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\ngaps:\n  - title: t\n    owner: zzz\n---\n")
    assert only_problem(atlas_dir) == (STAGE, 5, "unknown role 'zzz'; known roles: agent")


def test_unknown_persona(atlas_dir):
    write(atlas_dir / JOURNEY, "title: Buying\npersonas: [buyr]\nstages: [first, second]\n")
    assert only_problem(atlas_dir) == (JOURNEY, 2, "unknown persona 'buyr'; did you mean 'buyer'?")


def test_moment_whose_stage_is_not_in_its_journey(atlas_dir):
    write(atlas_dir / MOMENT, "---\ntitle: Hello\nstage: frist\n---\n")
    assert only_problem(atlas_dir) == (
        MOMENT, 3, "unknown stage 'frist' for a moment of journey 'buying'; did you mean 'first'?")


def test_moment_pointing_at_a_stage_of_another_journey(atlas_dir):
    write(atlas_dir / "journeys/other/journey.yml", "title: Other\nstages: [elsewhere]\n")
    write(atlas_dir / "journeys/other/stages/elsewhere.md", front_matter({"name": "E"}))
    write(atlas_dir / MOMENT, "---\ntitle: Hello\nstage: elsewhere\n---\n")
    path, line, message = only_problem(atlas_dir)
    assert (path, line) == (MOMENT, 3)
    assert "that stage belongs to journey 'other'" in message


def test_listed_stage_without_a_file(atlas_dir):
    write(atlas_dir / JOURNEY, "title: Buying\nstages:\n  - first\n  - second\n  - secnd-thoughts\n")
    path, line, message = only_problem(atlas_dir)
    assert (path, line) == (JOURNEY, 5)
    assert message.startswith("stage 'secnd-thoughts' is listed but there is no file "
                              "journeys/buying/stages/secnd-thoughts.md")


def test_stage_file_not_listed(atlas_dir):
    write(atlas_dir / "journeys/buying/stages/third.md", front_matter({"name": "Later"}))
    assert only_problem(atlas_dir) == (
        "journeys/buying/stages/third.md", 1,
        "stage 'third' is not listed in journeys/buying/journey.yml: add it to 'stages:' where "
        "it belongs in the journey, or delete the file")


def test_stage_listed_twice(atlas_dir):
    write(atlas_dir / JOURNEY, "title: Buying\nstages:\n  - first\n  - second\n  - first\n")
    assert only_problem(atlas_dir) == (
        JOURNEY, 5, "stage 'first' is listed twice (first on line 3); list each stage once")


def test_duplicate_key(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\nfeeling: calm\nfeeling: tense\n---\n")
    assert only_problem(atlas_dir) == (
        STAGE, 4, "duplicate key 'feeling' (first given on line 3); each key may appear once")


def test_invalid_file_name_is_not_an_id(atlas_dir):
    write(atlas_dir / "roles/Head Chef.md", front_matter({"name": "Head chef"}))
    path, line, message = only_problem(atlas_dir)
    assert (path, line) == ("roles/Head Chef.md", 1)
    assert "not a valid role id" in message


def test_missing_front_matter(atlas_dir):
    write(atlas_dir / "roles/agent.md", "# Agent\n\nNo front matter here.\n")
    path, line, message = [p for p in problems(atlas_dir) if p[0] == "roles/agent.md"][0]
    assert (path, line) == ("roles/agent.md", 1)
    assert message.startswith("expected YAML front matter")


def test_unclosed_front_matter(atlas_dir):
    write(atlas_dir / "roles/agent.md", "---\nname: Agent\n")
    path, line, message = [p for p in problems(atlas_dir) if p[0] == "roles/agent.md"][0]
    assert (path, line) == ("roles/agent.md", 1)
    assert "never closed" in message


def test_not_utf8(atlas_dir):
    (atlas_dir / "roles/agent.md").write_bytes(b"---\nname: Caf\xe9\n---\n")
    path, line, message = [p for p in problems(atlas_dir) if p[0] == "roles/agent.md"][0]
    assert (path, line) == ("roles/agent.md", 2)
    assert "not valid UTF-8" in message


def test_missing_atlas_file(atlas_dir):
    (atlas_dir / "atlas.yml").unlink()
    path, line, message = only_problem(atlas_dir)
    assert (path, line) == ("atlas.yml", 1)
    assert message.startswith("missing atlas.yml")


def test_lasting_impression_needs_three_words(atlas_dir):
    write(atlas_dir / "atlas.yml", "name: Tiny\nlasting_impression: [Kind, Quick]\n")
    assert only_problem(atlas_dir) == ("atlas.yml", 2, "lasting_impression: expected exactly 3 "
                                                       "items, got 2")


def test_yaml_boolean_where_a_number_is_expected(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\nemotion: yes\n---\n")
    assert only_problem(atlas_dir) == (STAGE, 3, "emotion: expected a whole number from -2 to "
                                                 "2, got the boolean true")


def test_yaml_alias_that_contains_itself(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\npain_points: &loop [a, *loop]\n---\n")
    path, line, message = only_problem(atlas_dir)
    assert (path, line) == (STAGE, 3)
    assert "contains itself through a YAML alias" in message


def test_yaml_anchors_aliases_and_merge_keys_are_read_as_yaml_says(atlas_dir):
    write(atlas_dir / JOURNEY, """
        title: Buying
        personas: &who [buyer]
        stages: [first, second]
        """)
    write(atlas_dir / STAGE, "---\nname: I look around\ntouchpoints:\n"
                             "  - &site {name: Site, channel: web}\n  - <<: *site\n    name: App\n"
                             "pain_points: [&slow Slow, *slow]\n---\n")
    result = load_atlas(atlas_dir)
    assert result.problems == []
    stage = result.atlas.journeys[0].stages[0]
    assert [(t.name, t.channel) for t in stage.touchpoints] == [("Site", "web"), ("App", "web")]
    assert stage.pain_points == ["Slow", "Slow"]


def test_every_problem_is_reported_in_one_run(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\nemotion: 9\nroles: {agnt: Q}\n---\n")
    write(atlas_dir / MOMENT, "---\ntitle: Hello\nstage: nowhere\n---\n")
    write(atlas_dir / "roles/broken.md", "---\nname: [unclosed\n---\n")
    found = problems(atlas_dir)
    files = {path for path, _, _ in found}
    assert files == {STAGE, MOMENT, "roles/broken.md"}
    assert len(found) == 5  # emotion, RACI letter, unknown role, stage, YAML syntax


def test_optional_keys_are_optional(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: Only a name\n---\n")
    write(atlas_dir / MOMENT, "---\ntitle: Hello\nstage: first\nfeeling_before:\n---\n")
    assert problems(atlas_dir) == []


# --- the journey board's keys (issue 15) -----------------------------------------------------

def located(root: Path) -> list[tuple[str, int, int, str]]:
    return [(p.path, p.line, p.col, p.message) for p in load_atlas(root).problems]


def test_board_keys_are_valid(atlas_dir):
    write(atlas_dir / STAGE, front_matter({
        "name": "x", "actions": ["Looks around", "Asks a friend"],
        "thinking": "Is this the right place?", "persona_emotions": {"buyer": -2},
        "backstage": [{"name": "Check stock", "owner": "agent", "system": "Warehouse"},
                      "Nightly sync"]}))
    assert problems(atlas_dir) == []


def test_persona_emotions_unknown_persona_is_located(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\npersona_emotions:\n  buyr: 1\n---\n")
    assert located(atlas_dir) == [
        (STAGE, 4, 9, "unknown persona 'buyr'; did you mean 'buyer'?")]


def test_persona_emotions_score_out_of_range_is_located(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\npersona_emotions:\n  buyer: 3\n---\n")
    assert located(atlas_dir) == [
        (STAGE, 4, 10, "persona_emotions › buyer: expected a whole number from -2 to 2, "
                       "got 3")]


def test_persona_emotions_must_be_a_mapping(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\npersona_emotions: [buyer]\n---\n")
    path, line, message = only_problem(atlas_dir)
    assert (path, line) == (STAGE, 3)
    assert message.startswith("persona_emotions: expected a mapping of a persona id to a "
                              "whole number from -2 to 2, got a list")


def test_backstage_owner_must_be_a_known_role(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\nbackstage:\n  - name: Check stock\n"
                             "    owner: agnt\n---\n")
    assert located(atlas_dir) == [(STAGE, 5, 12, "unknown role 'agnt'; did you mean 'agent'?")]


def test_backstage_step_needs_a_name_and_known_keys(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\nbackstage:\n  - owner: agent\n"
                             "  - name: Sync\n    sistem: CRM\n---\n")
    found = problems(atlas_dir)
    assert (STAGE, 4, "missing required key 'name' in backstage step (the process, in a few "
                      "words)") in found
    assert any(line == 6 and message.startswith("backstage #2: unknown key 'sistem' in "
                                                 "backstage step; did you mean 'system'?")
               for _, line, message in found), found


def test_board_keys_wrong_types(atlas_dir):
    write(atlas_dir / STAGE, "---\nname: x\nactions:\n  a: b\nthinking: [not, text]\n"
                             "backstage: just text\n---\n")
    messages = {(line, message.split(",")[0]) for _, line, message in problems(atlas_dir)}
    assert (4, "actions: expected a list of items") in messages
    assert (5, "thinking: expected text") in messages
    assert (6, "backstage: expected a list of items") in messages


# --- the facilitator guide's keys (issue 17) ---------------------------------------------------

def test_session_minutes_and_facilitator_notes_are_valid(atlas_dir):
    write(atlas_dir / JOURNEY, "title: Buying\nsession_minutes: 45\nstages: [first, second]\n")
    write(atlas_dir / STAGE, front_matter({"name": "x", "facilitator_notes": "Ask first.\n\n"
                                                                             "Then listen."}))
    result = load_atlas(atlas_dir)
    assert result.problems == []
    journey = result.atlas.journeys[0]
    assert journey.session_minutes == 45
    assert journey.stages[0].facilitator_notes == "Ask first.\n\nThen listen."


def test_session_minutes_defaults_to_an_hour(atlas_dir):
    assert load_atlas(atlas_dir).atlas.journeys[0].session_minutes == 60


@pytest.mark.parametrize("value, got", [("an hour", "the text 'an hour'"),
                                        ("45.5", "the number 45.5"), ("yes", "the boolean true"),
                                        ("[45]", "a list")])
def test_session_minutes_must_be_a_whole_number(atlas_dir, value, got):
    write(atlas_dir / JOURNEY, f"title: Buying\nstages: [first, second]\nsession_minutes: "
                               f"{value}\n")
    assert located(atlas_dir) == [
        (JOURNEY, 3, 18, f"session_minutes: expected a whole number from 20 to 480, got {got}")]


@pytest.mark.parametrize("value", [19, 0, -60, 481, 6000])
def test_session_minutes_out_of_range(atlas_dir, value):
    write(atlas_dir / JOURNEY, f"title: Buying\nsession_minutes: {value}\nstages: [first, "
                               "second]\n")
    assert located(atlas_dir) == [
        (JOURNEY, 2, 18, f"session_minutes: expected a whole number from 20 to 480, got "
                         f"{value}")]


def test_session_minutes_too_short_for_the_stages(atlas_dir):
    ids = [f"s{i}" for i in range(20)]
    write(atlas_dir / JOURNEY, "title: Buying\n\nsession_minutes: 23\nstages: ["
                               + ", ".join(ids) + "]\n")
    for sid in ids:
        write(atlas_dir / f"journeys/buying/stages/{sid}.md", front_matter({"name": sid}))
    for old in ("first", "second"):
        (atlas_dir / f"journeys/buying/stages/{old}.md").unlink()
    (atlas_dir / MOMENT).unlink()
    assert located(atlas_dir) == [
        (JOURNEY, 3, 18, "session_minutes: 23 minutes is too short for 20 stages; the "
                         "facilitator guide needs a minute for each stage and two each to "
                         "open and close: give at least 24")]


@pytest.mark.parametrize("value, got", [("[Ask first, Then listen]", "a list"),
                                        ("{ask: first}", "a mapping")])
def test_facilitator_notes_must_be_text(atlas_dir, value, got):
    write(atlas_dir / STAGE, f"---\nname: x\n\nfacilitator_notes: {value}\n---\n")
    [(path, line, col, message)] = located(atlas_dir)
    assert (path, line, col) == (STAGE, 4, 20)
    assert message.startswith(f"facilitator_notes: expected text, got {got}")
