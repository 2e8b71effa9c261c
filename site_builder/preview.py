"""Live preview (`mkdocs serve`): which pages a save can change, and the problems overlay.

On each save MkDocs builds the site again. A page whose inputs are the same as last time
comes out the same bytes, so its last output is reused instead of drawn again. What a page
reads is judged by the files it can be drawn from, conservatively:

- a page of journey J (its overview, views, stages and moments) reads J's folder, the
  folders of the journeys J is linked with (detail journeys both ways), every file outside
  `journeys/` (atlas, roles, personas, teams, glossary, research, measures, pages) and every
  `journey.yml` (names and order of the journeys, in navigation and links);
- every other page (home, indexes, roles, personas, paths, tour …) reads everything.

Plus the site's configuration, the theme's files and the date (freshness is judged on it).
A test edits a served atlas in every kind of way and compares each result with a clean
build, byte for byte (tests/test_preview.py).

Even so a save goes through MkDocs' whole build, seconds on a large atlas. So a save of one
or a few atlas files that load without a problem gets a *quick look* first: the pages drawn
from those files alone are drawn again and written over the served site, the browser
reloads and shows them, and the whole build follows a moment later (every page that lists
the changed names), ending in the same bytes as a clean build. `quick_look` decides."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import shutil
import tempfile

from .model import Atlas
from .problems import Problem

JOURNEY_SCOPED = frozenset({"journey", "stage", "moment", "emotions", "asset", "raci",
                            "cards", "guide"})
JOURNEY_FILE = "journey.yml"
# A quick look draws the saved files' own pages only; more than this is a whole build.
QUICK_LOOK_FILES = 3
QUICK_LOOK_PAGES = 12
# Seconds from a quick look to the whole build: the browser fetches the page first (while a
# build runs, MkDocs' server holds every request until it ends).
WHOLE_BUILD_AFTER = 0.3


def _digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def _folder_digest(root: str) -> dict[str, str]:
    """Every file under `root` by its path relative to it, as a digest of its bytes."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as f:
                    found[os.path.relpath(path, root).replace(os.sep, "/")] = _digest(f.read())
            except OSError:
                found[os.path.relpath(path, root)] = "unreadable"
    return found


class Inputs:
    """What every page of one build can read, as digests to compare with the next build's.

    Read before the atlas is loaded: a save in between makes the digests older than the
    pages drawn, so the next build (which that save asks for) draws them again. Read after,
    the digests would be newer than the pages, and the next build would keep them stale."""

    def __init__(self, docs_dir: str, theme_dirs: list[str], config_text: str,
                 today: dt.date | None = None):
        files = _folder_digest(docs_dir)
        theme = [_digest(d, *sorted(f"{k}={v}" for k, v in _folder_digest(d).items()))
                 for d in theme_dirs]
        journey_folders: dict[str, list[str]] = {}
        outside = []
        for rel, digest in files.items():
            parts = rel.split("/")
            if parts[0] == "journeys" and len(parts) > 2:
                journey_folders.setdefault(parts[1], []).append(f"{rel}={digest}")
                if parts[2] != JOURNEY_FILE:
                    continue
            outside.append(f"{rel}={digest}")
        self.shared = _digest(config_text, str(today or dt.date.today()), *theme, *outside)
        self.journeys = {j: _digest(*entries) for j, entries in journey_folders.items()}
        self.everything = _digest(self.shared, *sorted(f"{j}={d}" for j, d in
                                                       self.journeys.items()))
        self.related: dict[str, set[str]] = {}

    def link(self, atlas: Atlas) -> "Inputs":
        """The journeys each journey's pages show the names of, once the atlas is loaded."""
        self.related = _linked_journeys(atlas)
        return self

    def page_key(self, kind: str, journey_id: str | None) -> str:
        """Same key, same page: what the page of this kind (in this journey) can read."""
        if kind in JOURNEY_SCOPED and journey_id:
            linked = sorted(self.related.get(journey_id, {journey_id}))
            return _digest(kind, self.shared, *(f"{j}={self.journeys.get(j, '')}" for j in linked))
        return _digest(kind, self.everything)


def _linked_journeys(atlas: Atlas) -> dict[str, set[str]]:
    """Each journey with itself and the journeys its stages open (detail journeys) or that
    open it: the pages of either show the other's names."""
    linked = {j.id: {j.id} for j in atlas.journeys}
    for journey in atlas.journeys:
        for stage in journey.stages:
            detail = getattr(stage, "journey", None)
            if detail and detail in linked:
                linked[journey.id].add(detail)
                linked[detail].add(journey.id)
    return linked


PREVIEW_FOLDER_PREFIX = "journey-atlas-preview-"


def preview_folder() -> str:
    """A folder of this preview's own (removed when it ends), after removing those that
    earlier previews left when they were killed (SIGTERM ends Python without its cleanup).
    Each is named with its process id: a running preview's stays."""
    base = tempfile.gettempdir()
    if os.name == "posix":  # (elsewhere no harmless way to ask whether a process runs)
        for name in os.listdir(base):
            pid = name[len(PREVIEW_FOLDER_PREFIX):].split("-", 1)[0]
            if name.startswith(PREVIEW_FOLDER_PREFIX) and pid.isdigit() and not _runs(int(pid)):
                shutil.rmtree(os.path.join(base, name), ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{PREVIEW_FOLDER_PREFIX}{os.getpid()}-")


def _runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal: only whether it exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


def content_state(docs_dir: str) -> dict[str, tuple[int, int]]:
    """Each file under the content folder (its path relative to it) with its modification
    time and size: a save changes them. A stat per file, no reading. Hidden files are left
    out: never published, and editors make and remove them around a save (Emacs' .#lock,
    Vim's .swp), which would otherwise look like a file coming and going."""
    state = {}
    for folder, dirs, files in os.walk(docs_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:  # gone, or a broken link: the loader tells
                info = None
            rel = os.path.relpath(path, docs_dir).replace(os.sep, "/")
            state[rel] = (info.st_mtime_ns, info.st_size) if info else (-1, -1)
    return state


def quick_look(before: dict[str, tuple[int, int]] | None, now: dict[str, tuple[int, int]],
               own_pages: dict[str, list[str]]) -> list[str] | None:
    """The pages a quick look draws for the saves between two states of the content folder,
    or None when a save needs the whole build at once: nothing was saved (the configuration
    or the theme changed, or the whole build is due), a file came or went (pages come and
    go), a saved file has no page of its own (a translation, a reading, a page of
    MkDocs' own) or too many were saved. `own_pages` gives each source file the pages drawn from it."""
    if before is None or before.keys() != now.keys():
        return None
    saved = sorted(rel for rel, stamp in now.items() if before[rel] != stamp)
    if not saved or len(saved) > QUICK_LOOK_FILES or any(rel not in own_pages
                                                         for rel in saved):
        return None
    pages = [page for rel in saved for page in own_pages[rel]]
    return pages if len(pages) <= QUICK_LOOK_PAGES else None


def problems_overlay(problems: list[Problem], content_dir: str, summary: str) -> str:
    """What the browser shows over the last good pages while the content is broken."""
    items = "".join(f"<li><code>{html.escape(p.format(content_dir))}</code></li>"
                    for p in problems if p.level == "error")
    return (f'<div class="build-problems" role="alert" data-build-problems>'
            f"<p><strong>{html.escape(summary)}</strong> The pages below are from the last "
            f"build that worked; this clears when the files are fixed.</p>"
            f"<ul>{items}</ul></div>")


def with_overlay(page_html: str, overlay: str) -> str:
    at = page_html.find(">", page_html.find("<body")) + 1
    return page_html[:at] + overlay + page_html[at:] if at > 0 else overlay + page_html
