"""Team pages (issue 17): a team file, how a role's `team` leads to it, what a team page
shows managers who own the outcome, and teams in lint, "What changed" and the export."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from journey_atlas import schema
from journey_atlas.compare import compare
from journey_atlas.export import atlas_to_dict
from journey_atlas.lint import RULES, check
from journey_atlas.loader import load_atlas
from support import SAMPLE, build, front_matter, minimal_atlas, write
from test_build import html, links_of


def section(page: str, section_id: str) -> str:
    """The text of the <section> headed by the heading with `section_id`, tags taken out."""
    start = page.rindex("<section", 0, page.index(f'id="{section_id}"'))
    depth = 0
    for tag in re.finditer(r"<(/?)section\b[^>]*>", page[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return " ".join(re.sub(r"<[^>]+>", " ", page[start:start + tag.end()]).split())
    raise AssertionError(f"section {section_id} is not closed")


def in_order(text: str, *parts: str) -> bool:
    """Whether each part is found in `text` after the one before it."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


# --- the sample -------------------------------------------------------------------------

def test_the_sample_support_page_lists_its_stages_moments_and_gaps(sample_site):
    page = html(sample_site, "teams/support/index.html")
    assert "<h1>Support</h1>" in page
    assert "Managed by Priya Shah, Head of Support" in page
    decisions = section(page, "decisions")
    assert "Credit up to one month&#39;s subscription for an outage we caused" in decisions
    owns = section(page, "owns")
    # Per journey in journey order, each stage with its letter and the team's role.
    assert in_order(owns, "Adopting Fieldline", "The first week the crews use it for real",
                    "R Responsible: Support Agent",
                    "Getting help when something goes wrong",
                    "Journey owner: Support Team Lead",
                    "Something is broken and my crew is waiting",
                    "A Accountable: Support Team Lead", "R Responsible: Support Agent",
                    "Getting my crews back to work", "A Accountable: Support Agent",
                    "Will this happen again?", "A Accountable: Support Team Lead")
    assert "Do I still trust them" not in owns  # the agent is only Informed there
    assert in_order(owns, "The first human reply", "First impression",
                    "The honest update", "Crews moving again", "The incident summary lands")
    # Highest impact first, each with its status, impact and effort.
    gaps = section(page, "team-gaps")
    assert in_order(gaps, "Support briefed on every go-live Done Impact 5 · effort 1",
                    "A person answers within two minutes Doing Impact 5 · effort 3",
                    "Shared list of workarounds Done Impact 4 · effort 2",
                    "Plain-language incident summaries Planned Impact 3 · effort 1",
                    "Status page linked from the phone menu Planned Impact 2 · effort 1")
    assert "Credits offered, not requested" not in gaps  # Billing's, in Finance
    asset = section(page, "team-asset")
    assert in_order(asset, "3. Getting my crews back to work", "Among the biggest losses",
                    "Entered 2400", "Stayed 2290", "Diminished 80", "Left 30")
    facts = page[page.index('class="facts-row team-facts"'):]
    # As many as the list shows R on (a stage with an A and an R of the team counts for both:
    # a manager counting the list would count it twice).
    assert in_order(facts, "Accountable for", "4 stages", "Responsible for", "3 stages",
                    "Moments owned", "5", "Open gaps", "3")


def test_a_team_only_its_roles_name_gets_a_page_too(sample_site):
    page = html(sample_site, "teams/sales/index.html")
    assert "<h1>Sales</h1>" in page and "Managed by" not in page
    assert "No team file describes this team yet" in page
    assert "Account Executive" in page and "Solutions Consultant" in page


def test_the_teams_index_lists_every_team_by_name(sample_site):
    page = html(sample_site, "teams/index.html")
    names = re.findall(r'<h2 class="h3"><a href="[^"]+">([^<]+)</a>', page)
    assert names == ["Customer Success", "Finance", "Marketing", "Sales", "Support"]
    assert "Priya Shah, Head of Support" in page


def test_role_page_home_roles_and_foot_lead_to_the_teams(sample_site):
    assert "teams/support/" in links_of(sample_site, "roles/support-agent/index.html")
    role = html(sample_site, "roles/support-agent/index.html")
    assert '<p class="eyebrow">Role · <a href="../../teams/support/">Support</a></p>' in role
    home = links_of(sample_site, "index.html")
    assert "teams/" in home
    roles = links_of(sample_site, "roles/index.html")
    assert {"teams/support/", "teams/customer-success/", "teams/sales/"} <= roles
    for page in ("journeys/index.html", "glossary/index.html", "teams/support/index.html"):
        foot = html(sample_site, page).split('<footer class="footer">')[1]
        assert 'Teams</a>' in foot, page


def test_breadcrumbs_run_home_teams_team(sample_site):
    page = html(sample_site, "teams/support/index.html")
    crumbs = page[page.index('<nav class="crumbs"'):page.index("</nav>", page.index(
        '<nav class="crumbs"'))]
    assert re.findall(r"<li[^>]*>(?:<a [^>]+>|<span [^>]+>)?([^<]+)", crumbs) == [
        "Fieldline", "Teams", "Support"]


# --- a small atlas --------------------------------------------------------------------------

@pytest.fixture
def crew_atlas(tmp_path) -> Path:
    """Two journeys; team Care has a file (named by id, by name, in other capitals) and
    owns stages in both, gaps, a moment and figures; team Night Shift has none."""
    root = minimal_atlas(tmp_path / "content")
    write(root / "roles/agent.md", front_matter({"name": "Agent", "team": "care"}))
    write(root / "roles/lead.md", front_matter({"name": "Lead", "team": "Care Team"}))
    write(root / "roles/coach.md", front_matter({"name": "Coach", "team": "  care  TEAM "}))
    write(root / "roles/porter.md", front_matter({"name": "Porter", "team": "Night Shift"}))
    write(root / "teams/care.md", front_matter(
        {"name": "Care Team", "manager": "Ana Ruiz, Head of Care",
         "decisions": ["Refund a visit", "Send a second crew"]}, "We look after callers.\n"))
    write(root / "journeys/buying/stages/first.md", front_matter(
        {"name": "I look around", "roles": {"agent": "A", "porter": "R", "coach": "C"},
         "metrics": {"entered": 500, "stayed": 420, "left": 80},
         "gaps": [{"title": "Small gap", "impact": 2, "effort": 1, "owner": "agent",
                   "status": "doing"},
                  {"title": "Porter's gap", "impact": 5, "owner": "porter"}]}))
    write(root / "journeys/buying/stages/second.md", front_matter(
        {"name": "I decide", "roles": {"lead": "R", "agent": "I"},
         "gaps": [{"title": "Big gap", "impact": 5, "effort": 4, "owner": "lead",
                   "status": "planned"},
                  {"title": "Unrated gap", "owner": "coach"}]}))
    write(root / "journeys/aftercare/journey.yml", """
        title: Aftercare
        personas: [buyer]
        owner: lead
        stages: [called, fixed]
        """)
    write(root / "journeys/aftercare/stages/called.md", front_matter(
        {"name": "I call you", "roles": {"coach": "I"}}))
    write(root / "journeys/aftercare/stages/fixed.md", front_matter(
        {"name": "It is fixed", "roles": {"coach": "A", "lead": "A"}}))
    return root


def test_a_role_team_leads_to_its_file_by_id_or_name(crew_atlas):
    loaded = load_atlas(crew_atlas)
    assert loaded.problems == []
    teams = loaded.atlas.teams
    assert list(teams) == ["care", "night-shift"]  # by name: Care Team, Night Shift
    assert teams["care"].roles == ["agent", "coach", "lead"]  # by name
    assert teams["care"].file == "teams/care.md"
    assert (teams["night-shift"].name, teams["night-shift"].roles,
            teams["night-shift"].file) == ("Night Shift", ["porter"], "")
    assert loaded.atlas.roles["coach"].team_id == "care"
    assert loaded.atlas.roles["agent"].team_id == "care"


def test_a_small_atlas_team_page(crew_atlas, tmp_path):
    result = build(crew_atlas, tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    page = html(site, "teams/care/index.html")
    assert "Managed by Ana Ruiz, Head of Care" in page
    assert in_order(section(page, "decisions"), "Refund a visit", "Send a second crew")
    owns = section(page, "owns")
    # Journeys in the atlas' order (by id: aftercare, then buying), stages in theirs.
    assert in_order(owns, "Aftercare", "Journey owner: Lead", "2 It is fixed",
                    "A Accountable: Coach", "A Accountable: Lead",
                    "Buying", "1 I look around", "A Accountable: Agent",
                    "2 I decide", "R Responsible: Lead",
                    "Hello", "Pivotal moment")
    assert "I call you" not in owns  # only Informed
    assert "Porter" not in owns  # another team's role
    gaps = section(page, "team-gaps")
    assert in_order(gaps, "Big gap Planned Impact 5 · effort 4 · Lead",
                    "Small gap Doing Impact 2 · effort 1 · Agent",
                    "Unrated gap Idea Impact not rated · effort not rated · Coach")
    assert "Porter&#39;s gap" not in gaps
    asset = section(page, "team-asset")
    assert in_order(asset, "1. I look around", "Entered 500", "Stayed 420", "Left 80")
    assert "I decide" not in asset  # no figures
    assert "We look after callers." in section(page, "about-team")
    night = html(site, "teams/night-shift/index.html")
    assert in_order(section(night, "owns"), "Buying", "I look around", "R Responsible: Porter")
    assert in_order(section(night, "team-gaps"), "Porter&#39;s gap", "Idea", "Impact 5")
    assert 'href="../../teams/care/"' in html(site, "roles/coach/index.html")


def test_an_atlas_without_teams_has_no_teams_page(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    result = build(root, tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site/teams").exists()
    assert "teams/" not in links_of(tmp_path / "site", "index.html")


# --- validation ----------------------------------------------------------------------------

TEAM = "teams/care.md"


def problems(root: Path) -> list[tuple[str, int, int, str]]:
    return [(p.path, p.line, p.col, p.message) for p in load_atlas(root).problems]


def test_unknown_key_in_a_team_file_suggests_the_nearest(crew_atlas):
    write(crew_atlas / TEAM, "---\nname: Care Team\nmanagr: Ana Ruiz\n---\n")
    assert problems(crew_atlas) == [(TEAM, 3, 1, "unknown key 'managr' in team; did you mean "
                                                 "'manager'? (custom data belongs under "
                                                 "'extra:')")]


def test_wrong_types_in_a_team_file(crew_atlas):
    write(crew_atlas / TEAM, "---\nname: Care Team\nmanager: [Ana, Bo]\n"
                             "decisions:\n  refund: yes\n---\n")
    assert problems(crew_atlas) == [
        (TEAM, 3, 10, "manager: expected text, got a list"),
        (TEAM, 5, 3, "decisions: expected a list of items, each text (one '- item' per "
                     "line), got a mapping")]


def test_a_team_file_needs_a_name(crew_atlas):
    write(crew_atlas / TEAM, "---\nmanager: Ana Ruiz\n---\n")
    [(path, line, col, message)] = problems(crew_atlas)
    assert (path, line) == (TEAM, 1)
    assert message.startswith("missing required key 'name' in team")


def test_two_team_files_one_text_could_lead_to_are_an_error(crew_atlas):
    write(crew_atlas / "teams/care-team.md", front_matter({"name": "Carers"}))
    write(crew_atlas / "teams/helpers.md", front_matter({"name": "care team"}))
    found = problems(crew_atlas)
    assert ("teams/helpers.md", 2, 1, "the team name 'care team' is also the name of "
            "teams/care.md; give each team file a name of its own (a role's 'team' must "
            "lead to one team)") in found
    assert ("teams/care.md", 2, 1, "the team name 'Care Team' reads as the id of "
            "teams/care-team.md ('Carers'), so a role with 'team: Care Team' would belong to "
            "both; rename one of the two") in found
    assert len(found) == 2


def test_a_team_file_id_must_be_an_id(crew_atlas):
    write(crew_atlas / "teams/Night Shift.md", front_matter({"name": "Night"}))
    [(path, line, col, message)] = problems(crew_atlas)
    assert path == "teams/Night Shift.md" and "not a valid team id" in message


def test_the_json_schema_of_a_team_file_agrees_with_the_validator():
    good = {"name": "Support", "manager": "Priya Shah", "decisions": ["Credit a month"]}
    jsonschema.validate(good, schema.json_schema("team"))
    for bad in ({"manager": "x"}, {"name": "x", "managr": "y"}, {"name": "x", "decisions": {}}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema.json_schema("team"))
    for path in (SAMPLE / "teams").glob("*.md"):
        from journey_atlas.problems import ProblemList
        from journey_atlas.sources import parse_front_matter
        data = parse_front_matter(path.read_text(encoding="utf-8"), "x", ProblemList()).data
        jsonschema.validate(data, schema.json_schema("team"))


# --- lint: a team file no role belongs to ---------------------------------------------------

ONLY_UNUSED_TEAM = {rule: rule == "unused_team" for rule in RULES}


def test_a_team_file_no_role_belongs_to_is_a_warning_naming_the_misspelt_role(crew_atlas):
    write(crew_atlas / "teams/night.md", front_matter({"name": "Night Shifts"}))
    result = check(str(crew_atlas), ONLY_UNUSED_TEAM)
    assert result.ok
    assert [(p.level, p.path, p.line, p.message) for p in result.problems] == [
        ("warning", "teams/night.md", 2, "no role belongs to team 'night' (Night Shifts); role "
         "'porter' has 'team: Night Shift': did you mean 'team: Night Shifts' there? "
         "[unused_team]")]
    assert check(str(crew_atlas), {**ONLY_UNUSED_TEAM, "unused_team": False}).problems == []


def test_a_team_file_nobody_names_at_all(crew_atlas):
    write(crew_atlas / "teams/kitchen.md", front_matter({"name": "Kitchen"}))
    [problem] = check(str(crew_atlas), ONLY_UNUSED_TEAM).problems
    assert problem.message == ("no role belongs to team 'kitchen' (Kitchen); add 'team: "
                               "Kitchen' to the roles in it (roles/<role-id>.md) [unused_team]")


# --- "What changed" and the export -------------------------------------------------------------

@pytest.fixture(scope="module")
def base():
    return atlas_to_dict(load_atlas(SAMPLE).atlas)


def test_the_export_holds_every_team_with_its_roles(base):
    assert list(base["teams"]) == ["customer-success", "finance", "marketing", "sales",
                                   "support"]
    support = base["teams"]["support"]
    assert support["manager"] == "Priya Shah, Head of Support"
    assert support["roles"] == ["support-agent", "support-team-lead"]
    assert len(support["decisions"]) == 5 and support["body"].startswith("Support answers")
    assert base["teams"]["sales"]["manager"] is None
    assert base["roles"]["support-agent"]["team_id"] == "support"
    json.dumps(base)  # plain data


def test_what_changed_tells_team_files_added_removed_and_changed(base):
    new = copy.deepcopy(base)
    new["teams"]["support"]["manager"] = "Sam Okafor, Head of Support"
    new["teams"]["support"]["decisions"].append("Call the customer's director after an outage")
    new["teams"]["sales"].update(manager="Lee Park", decisions=["Discount up to 10%"])
    del new["teams"]["marketing"]
    new["teams"]["billing"] = {"id": "billing", "name": "Billing", "manager": None,
                               "decisions": [], "extra": None, "body": "", "roles": []}
    changes = compare(base, new, "1.0")
    assert [(i.kind, i.id, i.fields) for i in changes.changed] == [
        ("team", "sales", ["manager", "what it may decide"]),
        ("team", "support", ["manager", "what it may decide"])]
    assert [(i.kind, i.id) for i in changes.added] == [("team", "billing")]
    assert [(i.kind, i.id, i.name) for i in changes.removed] == [
        ("team", "marketing", "Marketing")]
    # The team's roles are told, on their role pages.
    assert [(what, i.id) for what, i in changes.for_role("support-agent")["entities"]] == [
        ("changed", "support")]
    assert changes.for_role("marketing-manager")["entities"][0][0] == "removed"


def test_an_export_from_before_team_files_compares_with_the_teams_its_roles_named(base):
    old = copy.deepcopy(base)
    del old["teams"]
    for role in old["roles"].values():
        del role["team_id"]
    changes = compare(old, base, "1.0")
    assert [(i.kind, i.id, i.fields) for i in changes.changed] == [
        ("team", "customer-success", ["manager", "what it may decide", "notes"]),
        ("team", "support", ["manager", "what it may decide", "notes"])]
    assert changes.added == [] and changes.removed == [] and changes.renamed == []


def test_a_release_page_of_what_changed_links_the_team(tmp_path):
    from journey_atlas.pages import PageRenderer, plan_pages
    from journey_atlas.release import ReleaseContext
    atlas = load_atlas(SAMPLE).atlas
    new = atlas_to_dict(atlas)
    old = copy.deepcopy(new)
    old["teams"]["support"]["manager"] = "Someone else"
    changes = compare(old, new, "1.0")
    release = ReleaseContext("1.1", "1.1", "1.0")
    renderer = PageRenderer(atlas, [str(SAMPLE.parent / "theme")], release=release,
                            changes=changes)
    spec = next(p for p in plan_pages(atlas, True, release) if p.kind == "changes")
    page = renderer.render(spec, "", "changes/")
    assert ('<span class="badge">Team</span> <a href="../teams/support/">Support</a>: manager'
            in page)


# --- ids of teams no file describes -------------------------------------------------------------

def test_team_ids_are_slugs_kept_apart_and_never_a_list_page(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    for role_id, team in (("a", "Index"), ("b", "客服"), ("c", "サポート"), ("d", "Ünïcode Team")):
        write(root / f"roles/{role_id}.md", front_matter({"name": role_id.upper(),
                                                          "team": team}))
    loaded = load_atlas(root)
    assert loaded.problems == []
    ids = {t.name: t.id for t in loaded.atlas.teams.values()}
    assert ids["Index"] == "index-1" and ids["Ünïcode Team"] == "unicode-team"
    assert ids["客服"].startswith("team-") and ids["サポート"].startswith("team-")
    assert ids["客服"] != ids["サポート"]
    result = build(root, tmp_path / "site", lint=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/teams" / ids["客服"] / "index.html").is_file()


def test_the_sample_builds_with_teams_removed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    shutil.rmtree(content / "teams")
    loaded = load_atlas(content)
    assert loaded.problems == []
    assert loaded.atlas.teams["support"].file == "" and loaded.atlas.teams["support"].roles == [
        "support-agent", "support-team-lead"]
