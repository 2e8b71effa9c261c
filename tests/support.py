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


PLUGIN = "journey-atlas"


def _sample_plugin_options() -> dict:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and PLUGIN in plugin:
            return plugin[PLUGIN] or {}
    return {}


# The sample's plugin options in one language (a config's `plugins:` list replaces the one
# it inherits): tests build one language unless they ask for more, each being a whole build.
ONE_LANGUAGE = yaml.safe_dump({"plugins": [{PLUGIN: {
    k: v for k, v in _sample_plugin_options().items() if k != "languages"}}]})


def sample_config(docs_dir: str = "content", languages: bool = False) -> str:
    """A mkdocs.yml that inherits the sample's, in English only unless `languages`."""
    return (f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {docs_dir}\n"
            + ("" if languages else ONE_LANGUAGE))


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
            text += yaml.safe_dump({"plugins": [{"journey-atlas": {"lint": lint}}]})
        elif not (settings and "plugins" in settings):
            text += ONE_LANGUAGE
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


def wait_until(page, script: str, arg=None, timeout_ms: int = 15_000) -> None:
    """Polls `script` until it is truthy. Playwright's wait_for_function does not await a
    promise (an async predicate is truthy at once), so service-worker and cache checks,
    which are all async, are polled here through evaluate, which does."""
    waited = 0
    while not page.evaluate(script, arg):
        if waited >= timeout_ms:
            raise AssertionError(f"still not true after {timeout_ms} ms: {script}")
        page.wait_for_timeout(100)
        waited += 100


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def release_with_history(workspace: Path) -> None:
    """Releases 1.0, 1.1 and 1.2 of the sample in `workspace` (a copy of it in content/,
    with its mkdocs.yml), the customer figures of journey getting-help changing between
    them: back-to-work loses 30, then 24, then 12 customers; will-it-happen-again has no
    figures in 1.0, then loses 30, then 20; credit-arrives is new in 1.2."""
    stages = workspace / "content/journeys/getting-help/stages"
    for version in ("1.0", "1.1", "1.2"):
        if version == "1.1":
            _replace(stages / "back-to-work.md", "  stayed: 2290\n", "  stayed: 2296\n")
            _replace(stages / "back-to-work.md", "  left: 30\n", "  left: 24\n")
            _replace(stages / "will-it-happen-again.md", "\ngaps:\n", "\nmetrics:\n"
                     "  entered: 2320\n  stayed: 2250\n  diminished: 40\n  left: 30\ngaps:\n")
        if version == "1.2":
            _replace(stages / "back-to-work.md", "  stayed: 2296\n", "  stayed: 2308\n")
            _replace(stages / "back-to-work.md", "  left: 24\n", "  left: 12\n")
            _replace(stages / "will-it-happen-again.md", "  stayed: 2250\n", "  stayed: 2260\n")
            _replace(stages / "will-it-happen-again.md", "  left: 30\n", "  left: 20\n")
            write(stages / "credit-arrives.md", front_matter(
                {"name": "The credit arrives without my asking",
                 "metrics": {"entered": 2300, "stayed": 2290, "left": 10}}))
            _replace(workspace / "content/journeys/getting-help/journey.yml",
                     "  - will-it-happen-again\n", "  - will-it-happen-again\n  - credit-arrives\n")
        result = release(workspace, version)
        assert result.returncode == 0, result.stderr
