"""Versioned releases into a temporary publish folder, and what changed between them."""

from __future__ import annotations

import copy
import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from journey_atlas.compare import compare
from journey_atlas.export import atlas_to_dict
from journey_atlas.loader import load_atlas
from support import (CLI, ROOT, SAMPLE, fixed_date_env, release, release_with_history,
                     sample_config, write)



@pytest.fixture
def workspace(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "content")
    write(tmp_path / "mkdocs.yml", sample_config())
    return tmp_path


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_changes(content: Path):
    """The workshop's edits: rename a stage, remove a moment, change a RACI letter, close a gap."""
    stages = content / "journeys/adopting-fieldline/stages"
    edit(stages / "looking-for-help.md", "name: I look for someone who has solved this before",
         "name: I look for a firm that has fixed this before")
    (content / "journeys/adopting-fieldline/moments/first-invoice.md").unlink()
    edit(stages / "signed-now-what.md", "  billing-specialist: I", "  billing-specialist: C")
    edit(stages / "signed-now-what.md", "    status: doing", "    status: done")


def test_two_releases_move_latest_and_say_what_changed(workspace):
    first = release(workspace, "1.0")
    assert first.returncode == 0, first.stderr
    assert "this is the first release" in first.stderr
    public = workspace / "public"
    changes_1 = (public / "1.0/changes/index.html").read_text()
    assert "This is the first release of the atlas" in changes_1
    make_changes(workspace / "content")
    second = release(workspace, "1.1", "--title", "1.1 spring")
    assert second.returncode == 0, second.stderr
    assert json.loads((public / "versions.json").read_text()) == [
        {"version": "1.1", "title": "1.1 spring", "aliases": ["latest"]},
        {"version": "1.0", "title": "1.0", "aliases": []},
    ]
    page = (public / "1.1/changes/index.html").read_text()
    assert "<del>I look for someone who has solved this before</del> is now" in page
    assert "I look for a firm that has fixed this before" in page
    assert "The first invoice" in page.split('id="removed"')[1]
    assert "Closed:</strong> Welcome within one working day" in page
    raci = page.split('id="raci-changes"')[1]
    assert "Billing Specialist" in raci and "Informed" in raci and "Consulted" in raci
    # Each release folder and the alias have their own offline worker (one per scope).
    worker = (public / "1.1/sw.js").read_bytes()
    assert worker and (public / "1.0/sw.js").read_bytes() == worker
    assert (public / "latest/sw.js").read_bytes() == worker
    # and the words it imports (the page it shows for what is not kept is in the language)
    assert (public / "latest/assets/words.js").read_bytes() == (
        public / "1.1/assets/words.js").read_bytes()
    role = (public / "1.1/roles/billing-specialist/index.html").read_text()
    assert "What changed for you since 1.0" in role
    assert "from Informed to <strong>Consulted</strong>" in role
    assert "Moment removed: The first invoice" in role
    # Each release keeps its own export; old releases stay as they were.
    assert json.loads((public / "1.0/atlas.json").read_text())["format"] == "journey-atlas/1"
    assert "The first invoice" in (public / "1.0/journeys/adopting-fieldline/index.html").read_text()
    # latest/ keeps bookmarks working by sending each page to the same page of the release.
    redirect = (public / "latest/roles/billing-specialist/index.html").read_text()
    assert 'http-equiv="refresh" content="0; url=../../../1.1/roles/billing-specialist/"' in redirect
    assert 'url=latest/' in (public / "index.html").read_text()


def test_existing_version_is_not_replaced_without_force(workspace):
    assert release(workspace, "1.0").returncode == 0
    before = snapshot(workspace / "public")
    again = release(workspace, "1.0")
    assert again.returncode == 1
    assert "version 1.0 is already published" in again.stderr and "--force" in again.stderr
    assert snapshot(workspace / "public") == before
    edit(workspace / "content/atlas.yml", "name: Fieldline", "name: Fieldline Ltd")
    forced = release(workspace, "1.0", "--force")
    assert forced.returncode == 0
    assert "Fieldline Ltd" in (workspace / "public/1.0/index.html").read_text()


@pytest.mark.parametrize("version", ["", " ", "1.0/evil", "../1.0", "1 0", "..", "versions.json",
                                     "-rf"])
def test_bad_versions_are_refused(workspace, version):
    result = release(workspace, "--", version)  # "--": let "-rf" through as a version
    assert result.returncode == 1, result.stderr
    assert "journey-atlas release:" in result.stderr
    assert not (workspace / "public").exists() or not any((workspace / "public").iterdir())


def test_failing_build_leaves_the_publish_folder_byte_identical(workspace):
    assert release(workspace, "1.0").returncode == 0
    before = snapshot(workspace / "public")
    write(workspace / "content/roles/broken.md", "---\nname: [unclosed\n---\n")
    failed = release(workspace, "1.1")
    assert failed.returncode == 1
    assert "the build failed, nothing was published" in failed.stderr
    assert "roles/broken.md:3:1: error: YAML syntax error" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert snapshot(workspace / "public") == before


def test_interrupted_release_leaves_the_publish_folder_as_it_was(workspace):
    assert release(workspace, "1.0").returncode == 0
    before = snapshot(workspace / "public")
    # The build of 1.1 says when it has begun, then takes its time (an MkDocs hook), so the
    # interrupt lands in the middle of it however busy the machine is.
    write(workspace / "slow_build.py", """
        import pathlib, time
        def on_pre_build(config):
            pathlib.Path(config.config_file_path).parent.joinpath("building").touch()
            time.sleep(60)
        """)
    with open(workspace / "mkdocs.yml", "a", encoding="utf-8") as f:
        f.write("hooks: [slow_build.py]\n")
    process = subprocess.Popen(CLI + ["release", "1.1"], cwd=workspace, env=fixed_date_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    staging = workspace / ".journey-atlas-release-public"  # beside, never inside, public/
    deadline = time.time() + 60
    while not (workspace / "building").exists() and time.time() < deadline:
        time.sleep(0.01)
    assert staging.exists(), "the release never started building"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert snapshot(workspace / "public") == before
    assert not staging.exists()


def test_alias_moves_and_custom_aliases(workspace):
    assert release(workspace, "1.0", "--alias", "latest", "--alias", "stable").returncode == 0
    assert release(workspace, "2.0", "--alias", "latest").returncode == 0
    versions = json.loads((workspace / "public/versions.json").read_text())
    assert versions == [{"version": "2.0", "title": "2.0", "aliases": ["latest"]},
                        {"version": "1.0", "title": "1.0", "aliases": ["stable"]}]
    assert "../../1.0/roles/" in (workspace / "public/stable/roles/index.html").read_text()
    assert "../../2.0/roles/" in (workspace / "public/latest/roles/index.html").read_text()


# --- comparisons on hand-made pairs -------------------------------------------------------

@pytest.fixture(scope="module")
def base():
    return atlas_to_dict(load_atlas(SAMPLE).atlas)


def journey(data, jid="adopting-fieldline"):
    return next(j for j in data["journeys"] if j["id"] == jid)


def stage(data, sid, jid="adopting-fieldline"):
    return next(s for s in journey(data, jid)["stages"] if s["id"] == sid)


def test_first_release_and_no_change(base):
    assert compare(None, base, None).previous is None
    same = compare(base, copy.deepcopy(base), "1.0")
    assert same.previous == "1.0" and same.empty


def test_stages_added_removed_renamed_and_fields_changed(base):
    new = copy.deepcopy(base)
    stages = journey(new)["stages"]
    stages.append({**copy.deepcopy(stages[0]), "id": "brand-new", "name": "Something new"})
    removed = stages.pop(1)
    stage(new, "show-me-it-works")["name"] = "Show me, on my own jobs"
    stage(new, "setting-up")["pain_points"].append("Nobody owns the data clean-up")
    stage(new, "setting-up")["customer_goal"] = "Set up in a week"
    changes = compare(base, new, "1.0")
    assert [(i.kind, i.id) for i in changes.added] == [("stage", "brand-new")]
    assert [(i.kind, i.id) for i in changes.removed] == [("stage", removed["id"])]
    assert [(i.id, i.old_name, i.name) for i in changes.renamed] == [
        ("show-me-it-works", "Can they show me it works for a team like mine?",
         "Show me, on my own jobs")]
    assert [(i.id, i.fields) for i in changes.changed] == [
        ("setting-up", ["customer goal", "pain points"])]
    # Roles of the removed stage lose their part; its open gaps close with it.
    assert {(c.role, c.old, c.new) for c in changes.raci if c.stage == removed["id"]} == {
        ("account-executive", "A", None), ("marketing-manager", "R", None),
        ("solutions-consultant", "C", None)}
    assert [(g.title, g.what) for g in changes.gaps] == [
        ("Case studies from firms of every size", "closed")]


def test_raci_gap_and_emotion_changes(base):
    new = copy.deepcopy(base)
    s = stage(new, "first-live-week")
    s["roles"]["customer-success-manager"] = "C"
    del s["roles"]["support-agent"]
    s["roles"]["billing-specialist"] = "I"
    s["emotion"], s["desired_emotion"] = 0, 2
    s["gaps"].append({"title": "Go-live checklist", "current": None, "desired": None,
                      "impact": 3, "effort": 1, "owner": None, "status": "idea"})
    g = stage(new, "setting-up")["gaps"][0]
    g["impact"], g["status"] = 5, "doing"
    changes = compare(base, new, "1.0")
    assert {(c.role, c.old, c.new) for c in changes.raci} == {
        ("customer-success-manager", "I", "C"), ("support-agent", "R", None),
        ("billing-specialist", None, "I")}
    assert [(g.title, g.what, g.detail) for g in changes.gaps] == [
        ("Training in the week before go-live", "status", "from planned to doing"),
        ("Training in the week before go-live", "reprioritised",
         "was impact 4, effort 2; now impact 5, effort 2"),
        ("Go-live checklist", "opened", "impact 3, effort 1"),
    ]
    [emotion] = changes.emotions
    assert (emotion.stage, emotion.old, emotion.new) == ("first-live-week", -1, 0)
    for_support = changes.for_role("support-agent")
    assert [(c.stage, c.old, c.new) for c in for_support["raci"]] == [
        ("first-live-week", "R", None)]


def test_moments_and_journeys(base):
    new = copy.deepcopy(base)
    moments = journey(new)["moments"]
    moments[0]["say"] = ["Something better to say"]
    new["journeys"] = [j for j in new["journeys"] if j["id"] != "getting-help"]
    new["roles"]["night-porter"] = {"id": "night-porter", "name": "Night Porter"}
    changes = compare(base, new, "1.0")
    assert ("journey", "getting-help") in [(i.kind, i.id) for i in changes.removed]
    assert ("role", "night-porter") in [(i.kind, i.id) for i in changes.added]
    [item] = [i for i in changes.changed if i.kind == "moment"]
    assert (item.id, item.fields) == ("first-call", ["what to say"])
    assert ("changed", item) in changes.for_role("account-executive")["entities"]


# --- journey-atlas build: the same staging and swap for everyday builds -------------------

def test_build_command_swaps_in_a_complete_site(workspace):
    result = subprocess.run(CLI + ["build"], cwd=workspace, capture_output=True, text=True,
                            env=fixed_date_env())
    assert result.returncode == 0, result.stderr
    assert (workspace / "site/index.html").is_file()
    assert not list(workspace.glob(".journey-atlas-staging-*"))


def test_failed_or_interrupted_build_leaves_the_previous_site(workspace):
    assert subprocess.run(CLI + ["build"], cwd=workspace, env=fixed_date_env(),
                          capture_output=True).returncode == 0
    before = snapshot(workspace / "site")
    write(workspace / "content/roles/broken.md", "---\nname: [unclosed\n---\n")
    failed = subprocess.run(CLI + ["build"], cwd=workspace, capture_output=True, text=True,
                            env=fixed_date_env())
    assert failed.returncode == 1 and "YAML syntax error" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert snapshot(workspace / "site") == before
    (workspace / "content/roles/broken.md").unlink()
    process = subprocess.Popen(CLI + ["build"], cwd=workspace, env=fixed_date_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    staging = workspace / ".journey-atlas-staging-site"
    deadline = time.time() + 20
    while not staging.exists() and time.time() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    assert snapshot(workspace / "site") == before
    assert not staging.exists()


def test_sample_builds_byte_identical_twice(workspace, tmp_path):
    outputs = []
    for name in ("one", "two"):
        result = subprocess.run(CLI + ["build", "--site-dir", str(tmp_path / name)],
                                cwd=workspace, capture_output=True, text=True,
                                env=fixed_date_env())
        assert result.returncode == 0, result.stderr
        outputs.append(snapshot(tmp_path / name))
        time.sleep(1.1)  # a later second: dates must come from SOURCE_DATE_EPOCH only
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 60


# --- the customer asset over releases --------------------------------------------------

ASSET = "journeys/getting-help/asset/index.html"


def history_card(page: str, stage_id: str) -> str:
    """The 'Over releases' card of one stage on an asset page, as HTML."""
    card = page.split(f'id="history-{stage_id}"')[1]
    return card.split("</article>")[0]


def rows(card: str) -> list[list[str]]:
    """The history table's rows: the release, then each cell's text."""
    import re
    body = card.split("<tbody>")[1].split("</tbody>")[0]
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split())
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_asset_page_shows_every_earlier_release_beside_the_current(workspace):
    release_with_history(workspace)
    public = workspace / "public"
    page = (public / "1.2" / ASSET).read_text()
    assert "Over releases" in page
    back = history_card(page, "back-to-work")
    assert "Left: 30 → 12 since 1.0 (18 fewer)" in back
    assert rows(back) == [["1.0", "2400", "2290", "80", "30"],
                          ["1.1", "2400", "2296", "80", "24"],
                          ["1.2 (this release)", "2400", "2308", "80", "12"]]
    assert "<th scope=\"col\">Left</th>" in back
    # The drawing: a column a release, the losses on one scale.
    assert back.count('class="history-column') == 3
    assert "30 left" in back and "24 left" in back and "12 left" in back
    again = history_card(page, "will-it-happen-again")
    assert "Left: 30 → 20 since 1.1 (10 fewer)" in again
    assert rows(again)[0] == ["1.0", "no figures"]
    new = history_card(page, "credit-arrives")
    assert rows(new)[:2] == [["1.0", "not yet mapped"], ["1.1", "not yet mapped"]]
    assert "First figures in this release." in new and "not yet mapped" in new.split("<svg")[1]
    assert "No change in its figures since 1.0." in history_card(page, "crew-is-waiting")
    assert 'id="history-is-anyone-on-it"' not in page  # no figures in any release
    # 1.1 shows 1.0 only; the first release says when history starts.
    assert [r[0] for r in rows(history_card((public / "1.1" / ASSET).read_text(),
                                            "back-to-work"))] == ["1.0", "1.1 (this release)"]
    first = (public / "1.0" / ASSET).read_text()
    assert "Over releases" not in first and "from the second release on" in first


def test_a_broken_earlier_export_is_left_out_of_the_history(workspace):
    public = workspace / "public"
    assert release(workspace, "1.0").returncode == 0
    assert release(workspace, "1.1").returncode == 0
    (public / "1.0/atlas.json").write_text('{"format": "journey-atlas/1", "journ')
    result = release(workspace, "1.2")
    assert result.returncode == 0, result.stderr
    assert "export of release 1.0" in result.stderr and "leaves it out" in result.stderr
    card = history_card((public / "1.2" / ASSET).read_text(), "back-to-work")
    assert [r[0] for r in rows(card)] == ["1.1", "1.2 (this release)"]
    # A missing one too; with no earlier export left to read, the page says so.
    (public / "1.1/atlas.json").unlink()
    result = release(workspace, "1.2", "--force")
    assert result.returncode == 0, result.stderr
    assert "release 1.1 has no export" in result.stderr
    page = (public / "1.2" / ASSET).read_text()
    assert "Over releases" not in page and "could not be read" in page


def test_the_history_is_the_same_bytes_every_time(workspace):
    release_with_history(workspace)
    public = workspace / "public"
    before = (public / "1.2" / ASSET).read_bytes()
    time.sleep(1.1)  # a later second: nothing may depend on the clock
    result = release(workspace, "1.2", "--force")
    assert result.returncode == 0, result.stderr
    assert (public / "1.2" / ASSET).read_bytes() == before
