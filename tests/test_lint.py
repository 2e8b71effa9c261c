"""Journey lint: each rule's warning, where it points, and how rules are switched."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys

import pytest

from journey_atlas.lint import LintConfig, check
from support import SAMPLE, build, fixed_date_env, write

ON = dt.date(2026, 11, 22)
STAGE = "journeys/getting-help/stages/back-to-work.md"


@pytest.fixture
def atlas(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    return root


def warnings(root, options=None, on=ON):
    result = check(str(root), options, on)
    assert result.errors == []
    return [(p.path, p.line, p.message) for p in result.problems if p.level == "warning"]


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_sample_is_lint_clean():
    assert warnings(SAMPLE) == []


def test_jargon_in_a_stage_name(atlas):
    edit(atlas / STAGE, "name: Getting my crews back to work", "name: Ticket resolution and upsell")
    [(path, line, message)] = warnings(atlas)
    assert (path, line) == (STAGE, 2)
    assert "uses internal jargon (upsell, ticket)" in message and message.endswith("[jargon]")


def test_jargon_words_are_configurable_and_match_whole_words(atlas):
    found = warnings(atlas, {"jargon_words": ["crew"]})
    assert (STAGE, 2, "stage name 'Getting my crews back to work' uses internal jargon (crew); "
            "name the stage in the customer's words and keep ours in 'internal_name' "
            "[jargon]") in found
    assert warnings(atlas, {"jargon_words": ["rew"]}) == []  # not inside a word


def test_too_few_and_too_many_stages(atlas):
    found = warnings(atlas, {"min_stages": 6})
    assert found == [(f"journeys/{journey}/journey.yml", 7 if journey == "getting-help" else 12,
                      f"journey '{journey}' has 5 stages; a journey map reads best with 6 to 12 "
                      "[stage_count]") for journey in ("getting-help", "moving-our-data")]
    assert len(warnings(atlas, {"max_stages": 8})) == 1


def test_stage_with_no_or_several_accountable_roles(atlas):
    edit(atlas / STAGE, "  support-agent: A", "  support-agent: R")
    [(path, line, message)] = warnings(atlas)
    assert (path, line) == (STAGE, 21)  # the `roles:` key
    assert message.startswith("in stage 'back-to-work' no role is Accountable")
    edit(atlas / STAGE, "  support-team-lead: C", "  support-team-lead: A")
    edit(atlas / STAGE, "  support-agent: R", "  support-agent: A")
    assert "2 roles are Accountable (support-agent, support-team-lead)" in warnings(atlas)[0][2]


def test_moment_without_an_owner(atlas):
    moment = atlas / "journeys/getting-help/moments/honest-update.md"
    edit(moment, "roles: [support-agent, support-team-lead]\n", "")
    assert warnings(atlas) == [("journeys/getting-help/moments/honest-update.md", 2,
                                "moment 'honest-update' has no owning role: add 'roles:' so "
                                "staff know whose moment it is [moment_owner]")]


def test_role_nobody_uses(atlas):
    write(atlas / "roles/night-porter.md", "---\nname: Night Porter\n---\n")
    assert warnings(atlas) == [("roles/night-porter.md", 2, "role 'night-porter' is not part of "
                                "any stage, touchpoint, gap or moment [unused_role]")]


def test_journey_without_persona(atlas):
    edit(atlas / "journeys/getting-help/journey.yml",
         "personas: [crew-dispatcher, operations-director]\n", "")
    [(path, line, message)] = warnings(atlas)
    assert (path, line) == ("journeys/getting-help/journey.yml", 1)
    assert message.endswith("[journey_persona]")


def test_review_period_is_inherited_from_the_atlas(atlas):
    # getting-help was reviewed 2026-09-30; the atlas asks for a review every 12 months.
    assert warnings(atlas, on=dt.date(2027, 9, 30)) == []
    found = warnings(atlas, on=dt.date(2027, 10, 1))
    assert found == [("journeys/getting-help/journey.yml", 6,
                      "last reviewed 2026-09-30; a review was due by 2027-09-30 (every 12 "
                      "months) [review_due]")]


def test_stage_review_period_overrides_the_atlas(atlas):
    edit(atlas / STAGE, "name: Getting my crews back to work",
         "name: Getting my crews back to work\nreviewed: 2026-01-31\nreview_every_months: 3")
    [(path, line, message)] = warnings(atlas)
    assert (path, line) == (STAGE, 3)
    assert "a review was due by 2026-04-30 (every 3 months)" in message


def test_moments_roles_and_personas_are_reviewed_too(atlas):
    role = atlas / "roles/support-agent.md"
    role.write_text(role.read_text(encoding="utf-8").replace(
        "---\n", "---\nreviewed: 2025-05-01\nreview_every_months: 6\n", 1), encoding="utf-8")
    assert warnings(atlas) == [("roles/support-agent.md", 2, "last reviewed 2025-05-01; a "
                                "review was due by 2025-11-01 (every 6 months) [review_due]")]


def test_a_question_the_journey_already_asks(atlas):
    edit(atlas / STAGE, "  - Which workaround do you know that a newer colleague might not?",
         "  - Which workaround do you know that a newer colleague might not?\n"
         "  - How often would you want an update if your crews were stuck")
    assert warnings(atlas) == [
        (STAGE, 47, "the question 'How often would you want an update if your crews were "
                    "stuck' is already asked at stage 'is-anyone-on-it' of this journey; the "
                    "cards ask it once [repeated_question]")]
    assert warnings(atlas, {"repeated_question": False}) == []


def test_every_rule_can_be_switched_off(atlas):
    edit(atlas / STAGE, "name: Getting my crews back to work", "name: Churn ticket")
    write(atlas / "roles/night-porter.md", "---\nname: Night Porter\n---\n")
    assert len(warnings(atlas)) == 2
    assert warnings(atlas, {"jargon": False, "unused_role": False}) == []
    assert warnings(atlas, False) == []


def test_unknown_lint_option_is_an_error_with_the_nearest_name():
    with pytest.raises(ValueError, match="unknown option 'jargn'; did you mean 'jargon'"):
        LintConfig.from_options({"jargn": False})
    with pytest.raises(ValueError, match="stage_count: expected true or false"):
        LintConfig.from_options({"stage_count": "no"})


def test_warnings_show_in_mkdocs_build_and_fail_strict(atlas, tmp_path):
    edit(atlas / STAGE, "name: Getting my crews back to work", "name: Ticket closed")
    strict = build(atlas, tmp_path / "site")
    assert strict.returncode == 1
    assert "WARNING" in strict.stderr and "uses internal jargon (ticket)" in strict.stderr
    assert "Aborted with 1 warnings in strict mode!" in strict.stdout + strict.stderr
    relaxed = build(atlas, tmp_path / "site", lint={"jargon": False})
    assert relaxed.returncode == 0, relaxed.stderr


def test_validate_fails_on_warnings_only_with_strict(atlas, tmp_path):
    edit(atlas / STAGE, "name: Getting my crews back to work", "name: Ticket closed")
    cli = [sys.executable, "-m", "journey_atlas", "validate", str(atlas)]
    plain = subprocess.run(cli, capture_output=True, text=True, env=fixed_date_env())
    assert plain.returncode == 0 and ": warning: stage name 'Ticket closed'" in plain.stdout
    strict = subprocess.run(cli + ["--strict"], capture_output=True, text=True,
                            env=fixed_date_env())
    assert strict.returncode == 1
