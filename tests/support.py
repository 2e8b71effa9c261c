"""Helpers shared by the tests: writing small atlases and building real sites."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"
# MkDocs, or ProperDocs where only it is installed (the second leg of .ci/run).
ENGINE = "mkdocs" if importlib.util.find_spec("mkdocs") else "properdocs"
MKDOCS = [sys.executable, "-m", ENGINE]
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
          env: dict | None = None, lint=None, settings: dict | None = None,
          config: Path | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of an atlas through a config that inherits the sample's
    mkdocs.yml, or through `config` when given; `lint` sets the plugin's lint option
    (False: no lint warnings); `settings` adds to the config (paths in it are relative to
    the content folder's parent)."""
    if config is None:
        config = Path(content_dir).parent / f"mkdocs-{Path(content_dir).name}.yml"
        text = (f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {Path(content_dir).name}\n"
                f"site_dir: {site_dir}\n")
        if lint is not None:
            text += yaml.safe_dump({"plugins": ["search", {"journey-atlas": {"lint": lint}}]})
        if settings:
            text += yaml.safe_dump(settings)
        config.write_text(text, encoding="utf-8")
    else:
        extra_args = ("-d", str(site_dir), *extra_args)
    return subprocess.run(MKDOCS + ["build", "--strict", "-f", str(config), *extra_args],
                          capture_output=True, text=True, cwd=cwd or config.parent,
                          env=env or fixed_date_env())


CLI = [sys.executable, "-m", "journey_atlas"]


def release(workspace: Path, *args: str) -> subprocess.CompletedProcess:
    """`journey-atlas release ARGS` in `workspace` (its mkdocs.yml), on the tests' fixed day."""
    return subprocess.run(CLI + ["release", *args], cwd=workspace, capture_output=True,
                          text=True, env=fixed_date_env())


def fonts_always(route) -> None:
    """A Playwright route for atlas.css that draws with the bundled fonts even on a busy
    machine: the theme's `font-display: optional` would keep the fallback font when a face
    is late, and a test that measures text would measure another font."""
    response = route.fetch()
    route.fulfill(response=response, body=response.text().replace(
        "font-display: optional", "font-display: block"))
