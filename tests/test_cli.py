"""`journey-atlas validate`: text and JSON output, exit codes, config discovery."""

from __future__ import annotations

import json
import subprocess
import sys

from support import ROOT, fixed_date_env, minimal_atlas, write

CLI = [sys.executable, "-m", "journey_atlas"]


def run(*args, cwd=ROOT):
    return subprocess.run(CLI + list(args), capture_output=True, text=True, cwd=cwd,
                          env=fixed_date_env())


def test_validate_sample_from_its_mkdocs_yml():
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Content is valid" in result.stderr


def test_validate_reports_problems_relative_to_the_current_folder(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "journeys/buying/stages/first.md", "---\nname: x\nemotion: 7\n---\n")
    result = run("validate", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.strip() == ("content/journeys/buying/stages/first.md:3:10: error: "
                                     "emotion: expected a whole number from -2 to 2, got 7")
    assert "Traceback" not in result.stderr


def test_validate_json_format(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "roles/agent.md", "---\nname: Agent\nteam: [a\n---\n")
    result = run("validate", str(root), "--format", "json")
    assert result.returncode == 1
    [problem] = json.loads(result.stdout)
    assert problem["path"].endswith("content/roles/agent.md")
    assert (problem["line"], problem["level"]) == (4, "error")
    assert problem["message"].startswith("YAML syntax error")


def test_validate_finds_docs_dir_through_inherit(tmp_path):
    root = minimal_atlas(tmp_path / "atlas")
    write(root / "atlas.yml", "nome: Tiny\n")
    write(tmp_path / "mkdocs.yml", f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: atlas\n")
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "atlas/atlas.yml:1:1: error: unknown key 'nome' in atlas; did you mean 'name'?" \
        in result.stdout


def test_usage_errors_exit_2(tmp_path):
    assert run("validate", cwd=tmp_path).returncode == 2  # no mkdocs.yml, no folder
    assert run("no-such-command").returncode == 2


def test_validate_reads_mkdocs_yml_as_mkdocs_does(tmp_path, monkeypatch):
    """INHERIT is merged deeply and !ENV is resolved, by MkDocs' own loader: a child
    config that adds a plugin keeps the parent's journey-atlas options."""
    minimal_atlas(tmp_path / "atlases/tiny")  # two stages: the stage_count rule would warn
    write(tmp_path / "base.yml", """
        site_name: Base
        docs_dir: !ENV [ATLAS_DIR, missing]
        theme: {name: journey-atlas}
        plugins:
          journey-atlas: {lint: false}
        """)
    write(tmp_path / "mkdocs.yml", "INHERIT: base.yml\nplugins:\n  search: {}\n")
    env = fixed_date_env(ATLAS_DIR=str(tmp_path / "atlases/tiny"))
    result = subprocess.run(CLI + ["validate", "--strict"], capture_output=True, text=True,
                            cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.strip() == f"Content is valid ({tmp_path / 'atlases/tiny'})"


def test_validate_says_when_mkdocs_yml_is_wrong(tmp_path):
    minimal_atlas(tmp_path / "content")
    write(tmp_path / "mkdocs.yml", "site_name: X\ndocs_dir: content\ntheme: {name: nope}\n")
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("journey-atlas validate: mkdocs.yml")
    assert "nope" in result.stderr
