"""Loading the sample atlas into the model, and the views derived from it."""

from __future__ import annotations

from journey_atlas.loader import entity_files, load_atlas
from journey_atlas.views import build_views
from support import SAMPLE, minimal_atlas


def test_sample_atlas_loads_without_problems():
    result = load_atlas(SAMPLE)
    assert result.problems == []
    atlas = result.atlas
    assert atlas.name == "Fieldline"
    assert atlas.lasting_impression == ["Dependable", "Straight-talking", "On-our-side"]
    assert [j.id for j in atlas.journeys] == ["adopting-fieldline", "getting-help", "moving-our-data"]
    assert len(atlas.roles) >= 6 and len(atlas.personas) >= 3
    assert sum(len(j.moments) for j in atlas.journeys) >= 12
    assert 8 <= len(atlas.journey("adopting-fieldline").stages) <= 10


def test_stages_follow_journey_yml_order_and_carry_every_field():
    journey = load_atlas(SAMPLE).atlas.journey("adopting-fieldline")
    assert journey.stages[0].id == "missing-jobs"
    assert [s.position for s in journey.stages] == list(range(1, len(journey.stages) + 1))
    stage = journey.stage("signed-now-what")
    assert stage.internal_name == "Contract and handover"
    assert (stage.emotion, stage.desired_emotion) == (0, 2)
    assert stage.roles == {"account-executive": "R", "implementation-specialist": "A",
                           "billing-specialist": "I"}
    assert stage.touchpoints[2].owner == "billing-specialist"
    assert stage.metrics.figures() == [("entered", 150), ("stayed", 146), ("left", 4)]
    assert [g.status for g in stage.gaps] == ["doing", "idea"]


def test_moments_are_ordered_by_stage_then_first_to_last_impression():
    journey = load_atlas(SAMPLE).atlas.journey("adopting-fieldline")
    in_stage = [m.id for m in journey.moments_in("signed-now-what")]
    assert in_stage == ["welcome-call", "first-invoice", "kickoff"]
    positions = [journey.stage(m.stage).position for m in journey.moments]
    assert positions == sorted(positions)


def test_single_text_is_accepted_where_a_list_is_expected(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    (root / "journeys/buying/moments/hello.md").write_text(
        "---\ntitle: Hello\nstage: first\nsay: Welcome back\n---\n", encoding="utf-8")
    moment = load_atlas(root).atlas.journey("buying").moments[0]
    assert moment.say == ["Welcome back"]
    assert moment.kind == "pivotal"


def test_role_view_groups_involvement_by_journey_in_journey_order():
    atlas = load_atlas(SAMPLE).atlas
    views = build_views(atlas)
    csm = views.role_journeys(atlas.roles["customer-success-manager"])
    assert [item.journey.id for item in csm] == ["adopting-fieldline", "getting-help",
                                                "moving-our-data"]
    stages = [(stage.id, letter) for stage, letter in csm[0].stages]
    assert stages == [("setting-up", "C"), ("first-live-week", "I"), ("part-of-how-we-work", "A"),
                      ("worth-renewing", "A")]
    assert [m.id for m in csm[0].moments] == ["quarterly-review", "renewal-conversation"]


def test_persona_view_lists_journeys_made_for_it():
    atlas = load_atlas(SAMPLE).atlas
    views = build_views(atlas)
    dispatcher = views.persona_journeys(atlas.personas["crew-dispatcher"])
    assert [j.id for j in dispatcher] == ["adopting-fieldline", "getting-help"]


def test_entity_files_lists_what_the_atlas_reads_and_not_free_pages():
    files = entity_files(SAMPLE)
    assert "atlas.yml" in files and "journeys/getting-help/journey.yml" in files
    assert "roles/support-agent.md" in files
    assert "about.md" not in files and "index.md" not in files
