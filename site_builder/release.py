"""Versioned releases: `journey-atlas release VERSION`.

Each release is a frozen copy of the site under `<publish-dir>/<version>/`, listed in
`<publish-dir>/versions.json` in mike's format so existing version selectors understand
it. Everything is prepared in a staging folder inside the publish folder (same file
system), then moved in with renames at the very end: a failed or interrupted build leaves
the publish folder exactly as it was.

The site itself is built by running `mkdocs build` (this core never imports MkDocs); the
release's context reaches the plugin through one environment variable.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path
from typing import Iterator

ENV = "JOURNEY_ATLAS_RELEASE"
VERSIONS_FILE = "versions.json"
EXPORT_FILE = "atlas.json"
STAGING_PREFIX = ".journey-atlas-staging-"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
RESERVED = {VERSIONS_FILE, "index.html", EXPORT_FILE}


class ReleaseError(Exception):
    pass


@dataclass
class ReleaseContext:
    """What the plugin needs to know about the release it is building."""

    version: str
    title: str
    previous_version: str | None = None
    previous_export: str | None = None  # path of the previous release's atlas.json

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls, environ=os.environ) -> "ReleaseContext | None":
        raw = environ.get(ENV)
        return cls(**json.loads(raw)) if raw else None

    def previous_data(self) -> dict | None:
        if not self.previous_export or not os.path.isfile(self.previous_export):
            return None
        with open(self.previous_export, encoding="utf-8") as f:
            return json.load(f)


@dataclass
class ReleaseOptions:
    version: str
    config: Path = Path("mkdocs.yml")
    publish_dir: Path = Path("public")
    title: str | None = None
    aliases: list[str] = field(default_factory=lambda: ["latest"])
    force: bool = False
    strict: bool = False


def check_name(name: str, what: str = "version") -> str | None:
    """Why `name` cannot be a version or alias folder, or None when it can."""
    if not name or not name.strip():
        return f"the {what} is empty"
    if "/" in name or "\\" in name or ".." in name or " " in name or not NAME.match(name):
        return (f"the {what} '{name}' is not usable as a folder name: use letters, digits, "
                "dots, hyphens, underscores and plus signs, with no '/', '..' or spaces")
    if name in RESERVED or name.startswith(STAGING_PREFIX):
        return f"the {what} '{name}' is a name Journey Atlas uses itself"
    return None


def version_key(version: str) -> tuple:
    """Natural order: 1.10 after 1.9; numbers before words."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                 for p in re.split(r"[.\-+_]", version))


def read_versions(publish_dir: Path) -> list[dict]:
    path = publish_dir / VERSIONS_FILE
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data, list) and all(isinstance(v, dict) and "version" in v for v in data)
        return data
    except (ValueError, AssertionError):
        raise ReleaseError(f"{path} is not a versions list in mike's format; fix or remove it")


def release(options: ReleaseOptions, say=print) -> Path:
    version = options.version
    problems = [p for p in [check_name(version)] + [check_name(a, "alias")
                                                    for a in options.aliases] if p]
    if version in options.aliases:
        problems.append(f"the alias '{version}' is the version itself")
    if problems:
        raise ReleaseError("; ".join(problems))
    publish = options.publish_dir.resolve()
    publish.mkdir(parents=True, exist_ok=True)
    versions = read_versions(publish)
    known = {v["version"] for v in versions}
    clash = [a for a in options.aliases if a in known]
    if clash:
        raise ReleaseError(f"'{clash[0]}' is already a version; an alias needs another name")
    if version in known and not options.force:
        raise ReleaseError(f"version {version} is already published in {publish / version}; "
                           "use --force to replace it")
    if version in {a for v in versions for a in v.get("aliases", [])}:
        raise ReleaseError(f"'{version}' is already an alias of another version")

    older = sorted((v["version"] for v in versions if version_key(v["version"]) <
                    version_key(version)), key=version_key)
    previous = older[-1] if older else None
    context = ReleaseContext(version, options.title or version, previous,
                             str(publish / previous / EXPORT_FILE) if previous else None)

    with _staging_folder(publish / f"{STAGING_PREFIX}{version}") as staging:
        site = staging / "site"
        _build(options, site, context, say)
        for alias in options.aliases:
            _write_redirects(site, staging / f"alias-{alias}", f"../{version}/")
        new_versions = [dict(v, aliases=[a for a in v.get("aliases", [])
                                         if a not in options.aliases])
                        for v in versions if v["version"] != version]
        new_versions.append({"version": version, "title": options.title or version,
                             "aliases": list(options.aliases)})
        new_versions.sort(key=lambda v: version_key(v["version"]), reverse=True)
        (staging / VERSIONS_FILE).write_text(json.dumps(new_versions, indent=2) + "\n",
                                             encoding="utf-8")
        home = "latest/" if any("latest" in v["aliases"] for v in new_versions) else (
            new_versions[0]["version"] + "/")
        (staging / "index.html").write_text(redirect_page(home), encoding="utf-8")
        # Everything is ready: move it in. Renames within one file system are quick.
        swap_in(staging / "site", publish / version, staging / "old-version")
        for alias in options.aliases:
            swap_in(staging / f"alias-{alias}", publish / alias, staging / f"old-alias-{alias}")
        os.replace(staging / VERSIONS_FILE, publish / VERSIONS_FILE)
        os.replace(staging / "index.html", publish / "index.html")
    say(f"Published {version} to {publish / version}"
        + (f" (aliases: {', '.join(options.aliases)})" if options.aliases else "")
        + (f"; compared with {previous}" if previous else "; this is the first release"))
    return publish / version


def _build(options: ReleaseOptions, site: Path, context: ReleaseContext, say) -> None:
    ok, output = run_mkdocs_build(options.config, site, options.strict,
                                  {ENV: context.to_env()})
    if not ok:
        raise ReleaseError(f"the build failed, nothing was published:\n{output}")
    if output:
        say(output)


def run_mkdocs_build(config: Path, site: Path, strict: bool = False,
                     env: dict | None = None) -> tuple[bool, str]:
    """`mkdocs build` of `config` into `site`, in a child process (this core never imports
    MkDocs). Returns success and what MkDocs said, less its INFO lines."""
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config),
               "-d", str(site)] + (["--strict"] if strict else [])
    result = subprocess.run(command, capture_output=True, text=True,
                            env=dict(os.environ, **(env or {})))
    output = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                       if line.strip() and not line.startswith("INFO"))
    return result.returncode == 0, output


@contextlib.contextmanager
def _staging_folder(staging: Path) -> Iterator[Path]:
    """A fresh folder to prepare things in, beside where they go (same file system, so
    they move in by rename); gone afterwards, whatever happened."""
    shutil.rmtree(staging, ignore_errors=True)  # left over from an interrupted run
    staging.mkdir(parents=True)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(new: Path, target: Path, old: Path) -> None:
    """Put `new` where `target` is; the previous `target` goes to `old` (to be deleted)."""
    if target.exists():
        os.rename(target, old)
    os.rename(new, target)


def build_aside(config: Path, site_dir: Path, strict: bool = False, say=print) -> bool:
    """`journey-atlas build`: build next to `site_dir`, then swap it in, so a failed or
    interrupted build leaves the previous site untouched."""
    site_dir = site_dir.resolve()
    with _staging_folder(site_dir.parent / f"{STAGING_PREFIX}{site_dir.name}") as staging:
        ok, output = run_mkdocs_build(config, staging / "site", strict)
        if output:
            say(output)
        if ok:
            swap_in(staging / "site", site_dir, staging / "old")
        return ok


def redirect_page(url: str) -> str:
    href = escape(url, quote=True)
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Redirecting…</title><meta http-equiv=\"refresh\" content=\"0; url={href}\">"
            f"<link rel=\"canonical\" href=\"{href}\"></head>"
            f"<body><p><a href=\"{href}\">Go to {href}</a></p></body></html>\n")


def _write_redirects(site: Path, alias_dir: Path, target_prefix: str) -> None:
    """A page for every page of the release that sends readers to the same page in it,
    so bookmarks such as latest/roles/ward-nurse/ keep working."""
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site)
        depth = len(rel.parts) - 1
        target = "../" * depth + target_prefix + rel.as_posix()
        if target.endswith("index.html"):
            target = target[: -len("index.html")]
        out = alias_dir / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(redirect_page(target), encoding="utf-8")
