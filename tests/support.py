"""Helpers shared by the tests: writing small atlases and building real sites."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"
MKDOCS = [sys.executable, "-m", "mkdocs"]
# Builds in tests happen "on" a fixed day, so review dates in the sample never expire under
# CI and dates in the output never change.
SOURCE_DATE_EPOCH = "1795305600"  # 2026-11-22


def fixed_date_env(**extra: str) -> dict:
    return {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **extra}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def front_matter(data: dict, body: str = "") -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body


def minimal_atlas(root: Path) -> Path:
    """The smallest valid atlas: one journey of two stages, one role, one persona, one moment."""
    write(root / "atlas.yml", "name: Tiny Co\n")
    write(root / "roles/agent.md", front_matter({"name": "Agent"}))
    write(root / "personas/buyer.md", front_matter({"name": "Buyer"}))
    write(root / "journeys/buying/journey.yml", """
        title: Buying
        personas: [buyer]
        stages:
          - first
          - second
        """)
    write(root / "journeys/buying/stages/first.md", front_matter(
        {"name": "I look around", "roles": {"agent": "A"}}))
    write(root / "journeys/buying/stages/second.md", front_matter({"name": "I decide"}))
    write(root / "journeys/buying/moments/hello.md", front_matter(
        {"title": "Hello", "stage": "first", "roles": ["agent"]}))
    return root


def build(content_dir: Path, site_dir: Path, *extra_args: str, cwd: Path | None = None,
          env: dict | None = None, lint=None, config: dict | None = None
          ) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of an atlas through a config that inherits the sample's
    mkdocs.yml; `lint` sets the plugin's lint option (False: no lint warnings); `config`
    adds settings (paths in it are relative to the content folder's parent)."""
    config_file = Path(content_dir).parent / f"mkdocs-{Path(content_dir).name}.yml"
    text = (f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {Path(content_dir).name}\n"
            f"site_dir: {site_dir}\n")
    if lint is not None:
        text += yaml.safe_dump({"plugins": ["search", {"journey-atlas": {"lint": lint}}]})
    if config:
        text += yaml.safe_dump(config)
    config_file.write_text(text, encoding="utf-8")
    return subprocess.run(MKDOCS + ["build", "--strict", "-f", str(config_file), *extra_args],
                          capture_output=True, text=True, cwd=cwd or config_file.parent,
                          env=env or fixed_date_env())
