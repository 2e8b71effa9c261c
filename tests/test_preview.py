"""Live preview (`mkdocs serve`, site_builder/preview.py): a rebuild after a save reuses
the pages the save cannot change, and comes out byte for byte as a clean build would;
while the content is broken, every page shows the problems over the last good build.

The rebuilds run in this process, as `mkdocs serve` runs them: one plugin kept from build
to build (MkDocs keeps a plugin with on_startup), the site folder cleaned each time."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from support import MKDOCS, ROOT, SAMPLE, SOURCE_DATE_EPOCH, _replace, fixed_date_env, sample_config


class Served:
    """An atlas under live preview: `rebuild()` after each edit, as a save would."""

    def __init__(self, work: Path):
        self.content = work / "content"
        shutil.copytree(SAMPLE, self.content)
        self.config = work / "mkdocs.yml"
        self.config.write_text(sample_config(), encoding="utf-8")
        self.site = work / "served"
        self.plugin = None

    def _build(self, site: Path, command: str, fresh: bool = False) -> None:
        config = load_config(str(self.config), site_dir=str(site))
        config.plugins.on_startup(command=command, dirty=False)
        self.plugin = config.plugins["journey-atlas"]
        if fresh:
            self.plugin.outputs, self.plugin.atlas = {}, None
        mkdocs_build(config)
        for writing, _ in self.plugin.indexing:  # live preview writes search a moment later
            writing.join()

    def rebuild(self) -> None:
        self._build(self.site, "serve")

    def start_serving(self) -> list[str]:
        """What `mkdocs serve` does after the first build: the plugin's on_serve, here with a
        server that only records the folders it is asked to watch."""
        watched: list[str] = []
        config = load_config(str(self.config), site_dir=str(self.site))
        server = SimpleNamespace(watch=watched.append)
        assert self.plugin.on_serve(server, config=config, builder=None) is server
        return watched

    def page(self, path: str) -> str:
        return (self.site / path / "index.html").read_text(encoding="utf-8")

    def first_build(self) -> None:
        """The first build of a preview: MkDocs keeps a plugin that has on_startup from one
        configuration to the next in a process, so one left by another test is reset."""
        self._build(self.site, "serve", fresh=True)

    def clean(self, site: Path) -> None:
        """A build from nothing, by a plugin that has kept nothing (then live preview goes
        on with the kept one)."""
        kept = (self.plugin.outputs, self.plugin.atlas) if self.plugin else None
        self._build(site, "serve", fresh=True)
        if kept:
            self.plugin.outputs, self.plugin.atlas = kept


@pytest.fixture
def served(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    atlas = Served(tmp_path)
    yield atlas
    if atlas.plugin:
        atlas.plugin.on_shutdown()


# Pagefind's own numbering of the pages (in its index chunks and the files that name them)
# once came out differently between a preview rebuild and a clean one on a fresh machine,
# not reproduced since; each page's words and meta (its fragment, named by its content)
# and the set of files must still match exactly. A built site is held to every byte
# (test_release's two builds).
PAGEFIND_NUMBERED = re.compile(r"^pagefind/(index/.*|pagefind-entry\.json|.*\.pf_meta|"
                               r"wasm\..*|offline\.json)$")


def differences(a: Path, b: Path) -> list[str]:
    found = []

    def walk(cmp: filecmp.dircmp, at: str) -> None:
        found.extend(f"{at}{name} only on one side" for name in cmp.left_only + cmp.right_only
                     if not PAGEFIND_NUMBERED.match(f"{at}{name}"))
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files,
                                               shallow=False)
        found.extend(f"{at}{name}" for name in mismatch + errors
                     if not PAGEFIND_NUMBERED.match(f"{at}{name}"))
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, f"{at}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


def test_rebuilds_after_every_kind_of_edit_equal_a_clean_build(served, tmp_path):
    served.first_build()
    help_ = served.content / "journeys/getting-help"

    def rename_stage():
        os.rename(help_ / "stages/back-to-work.md", help_ / "stages/working-again.md")
        for path in served.content.rglob("*"):  # the journey's list, moments, readings …
            if path.suffix in (".md", ".yml", ".csv") and "back-to-work" in path.read_text("utf-8"):
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace("back-to-work", "working-again"), encoding="utf-8")

    def delete_and_add_moments():
        os.remove(help_ / "moments/incident-summary.md")
        shutil.copy(help_ / "moments/first-reply.md", help_ / "moments/second-reply.md")
        _replace(help_ / "moments/second-reply.md", "title: ", "title: Again, ")

    # Each step is a few saves at once (a clean build to compare with costs seconds).
    steps = {
        "a stage's name, a role's RACI letter, a moment moved to another stage": [
            lambda: _replace(help_ / "stages/back-to-work.md", "name: ", "name: Now, "),
            lambda: _replace(help_ / "stages/back-to-work.md", "support-team-lead: C",
                             "support-team-lead: R"),
            lambda: _replace(help_ / "moments/crews-moving-again.md", "stage: back-to-work",
                             "stage: will-it-happen-again")],
        "a stage renamed (file, list, references), a moment deleted, another added": [
            rename_stage, delete_and_add_moments],
        "a role's name": [lambda: _replace(
            served.content / "roles/billing-specialist.md", "name: Billing Specialist",
            "name: Billing and Invoicing Specialist")],
    }
    for n, (what, edits) in enumerate(steps.items()):
        for edit in edits:
            edit()
        served.rebuild()
        if n == 0:  # saves in one journey leave the other journeys' pages as they were
            drawn_again = set(served.plugin.pages) - served.plugin.reused
            assert any(src.startswith("journeys/getting-help/") for src in drawn_again)
            assert not any(src.startswith("journeys/adopting-fieldline/")
                           for src in drawn_again)
            assert any(src.startswith("journeys/adopting-fieldline/stages/")
                       for src in served.plugin.reused)
        served.clean(tmp_path / f"clean-{n}")
        assert differences(served.site, tmp_path / f"clean-{n}") == [], what


def wait_for_file(folder: str, limit: float = 20) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if os.listdir(folder):
            return True
        time.sleep(0.05)
    return False


def test_a_save_gets_a_quick_look_at_its_own_pages_then_the_whole_build(served, tmp_path):
    served.first_build()
    watched = served.start_serving()
    stage = served.content / "journeys/getting-help/stages/back-to-work.md"
    lock = stage.parent / ".#back-to-work.md"  # an editor's, there while the file is edited
    lock.symlink_to("someone@laptop.4242:1764800000")
    served.rebuild()
    _replace(stage, "name: ", "name: Quickly, ")
    lock.unlink()  # gone with the save
    served.rebuild()
    assert served.plugin.quick == ["journeys/getting-help/stages/back-to-work.md"]
    stage_page = "journeys/getting-help/stages/back-to-work"
    assert "Quickly, " in served.page(stage_page)
    # The pages that list the stage wait for the whole build, which the quick look asks
    # for: a file in a folder the server watches.
    assert "Quickly, " not in served.page("journeys/getting-help")
    assert wait_for_file(watched[-1]), "the whole build was never asked for"
    quick = served.page(stage_page)
    served.rebuild()
    assert served.plugin.quick is None
    assert "Quickly, " in served.page("journeys/getting-help")
    assert served.page(stage_page) == quick  # the quick look drew what the build draws
    served.clean(tmp_path / "clean")
    assert differences(served.site, tmp_path / "clean") == []


def test_a_save_while_a_build_loads_the_atlas_is_drawn_by_the_next(served, tmp_path,
                                                                   monkeypatch):
    # The save lands after this build has loaded the atlas: its pages are drawn from the
    # older text, and must not be kept as if they were drawn from the newer (the next
    # build, which the save asks for, draws them again).
    import journey_atlas.mkdocs_plugin.atlas as plugin_module  # (as MkDocs loads it)

    served.first_build()
    stage = served.content / "journeys/getting-help/stages/back-to-work.md"
    _replace(stage, "name: ", "name: First, ")
    real_check = plugin_module.check

    def check_then_save(*args, **kwargs):
        result = real_check(*args, **kwargs)
        monkeypatch.setattr(plugin_module, "check", real_check)  # once
        _replace(stage, "name: First, ", "name: Second, ")
        return result

    monkeypatch.setattr(plugin_module, "check", check_then_save)
    served.rebuild()
    assert "First, " in served.page("journeys/getting-help")
    served.rebuild()
    assert "Second, " in served.page("journeys/getting-help")
    served.clean(tmp_path / "clean")
    assert differences(served.site, tmp_path / "clean") == []


@pytest.mark.parametrize("save", ["a new moment", "the atlas file", "four files at once"])
def test_a_save_that_changes_more_than_its_own_pages_gets_the_whole_build(served, save):
    served.first_build()
    served.start_serving()
    help_ = served.content / "journeys/getting-help"
    if save == "a new moment":  # a page comes: navigation and lists change
        shutil.copy(help_ / "moments/first-reply.md", help_ / "moments/second-reply.md")
    elif save == "the atlas file":  # no page of its own: the home page and every shell
        _replace(served.content / "atlas.yml", "name: ", "name: The ")
    else:
        for path in sorted(served.content.glob("journeys/*/stages/*.md"))[:5:4]:
            _replace(path, "name: ", "name: Now, ")
        for path in sorted(served.content.glob("journeys/*/moments/*.md"))[:2]:
            _replace(path, "title: ", "title: Now, ")
    served.rebuild()
    assert served.plugin.quick is None


def test_a_quick_look_waits_while_the_content_is_broken(served):
    served.first_build()
    served.start_serving()
    stage = served.content / "journeys/getting-help/stages/back-to-work.md"
    good = stage.read_text(encoding="utf-8")
    stage.write_text(good.replace("emotion: ", "emotion: very "), encoding="utf-8")
    served.rebuild()
    assert served.plugin.quick is None and "data-build-problems" in served.page("")
    stage.write_text(good.replace("name: ", "name: Fixed, "), encoding="utf-8")
    served.rebuild()  # every page showed the problems: every page is drawn again
    assert served.plugin.quick is None and "data-build-problems" not in served.page("")
    assert "Fixed, " in served.page("journeys/getting-help")


def test_each_language_stays_itself_from_rebuild_to_rebuild(served, tmp_path):
    # MkDocs keeps one instance of the plugin for the whole `mkdocs serve`: the other
    # languages' builds run in it, and once turned the next rebuild of the site French.
    served.config.write_text(sample_config(languages=True), encoding="utf-8")
    served.first_build()
    for _ in range(2):
        served.rebuild()
        assert '<html lang="en"' in served.page("")
        assert '<html lang="fr"' in served.page("fr")
        for index in ("pagefind", "fr/pagefind"):  # both languages' search is written
            assert (served.site / index / "pagefind-entry.json").is_file(), index


def test_mkdocs_serve_shows_a_saved_stage_then_every_page_naming_it(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    (tmp_path / "mkdocs.yml").write_text(sample_config(), encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(MKDOCS + ["serve", "-a", f"127.0.0.1:{port}"], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env=fixed_date_env())
    base = f"http://127.0.0.1:{port}/"

    def shows(path: str, text: str, limit: float = 60) -> bool:
        end = time.monotonic() + limit
        while time.monotonic() < end and server.poll() is None:
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    if text in response.read().decode("utf-8"):
                        return True
            except OSError:
                pass
            time.sleep(0.1)
        return False

    try:
        assert shows("", "<h1"), "mkdocs serve never served the site"
        time.sleep(1)  # the file watcher starts after the first build
        _replace(content / "journeys/getting-help/stages/back-to-work.md", "name: ",
                 "name: Saved, ")
        assert shows("journeys/getting-help/stages/back-to-work/", "Saved, ")
        assert shows("journeys/getting-help/", "Saved, "), "the whole build never followed"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors and "ERROR" not in errors, errors


def test_a_killed_previews_folder_goes_when_the_next_preview_starts(tmp_path, monkeypatch):
    import tempfile

    from journey_atlas import preview

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead_pid = subprocess.Popen(["true"])  # a process that has ended
    dead_pid.wait()
    left = tmp_path / f"{preview.PREVIEW_FOLDER_PREFIX}{dead_pid.pid}-abc"
    (left / "scratch").mkdir(parents=True)
    running = tmp_path / f"{preview.PREVIEW_FOLDER_PREFIX}{os.getppid()}-def"
    running.mkdir()
    other = tmp_path / "journey-atlas-previewer"  # not one of ours
    other.mkdir()
    mine = Path(preview.preview_folder())
    assert mine.is_dir() and mine.name.startswith(f"{preview.PREVIEW_FOLDER_PREFIX}{os.getpid()}-")
    assert not left.exists() and running.is_dir() and other.is_dir()


def test_broken_content_shows_its_problems_over_the_last_good_pages_then_clears(served):
    served.first_build()
    # MkDocs injects its live-reload script inline: the preview's policy lets it run (else
    # no save would ever show in the browser); a published page's never does (test_search).
    page = (served.site / "journeys/adopting-fieldline/index.html").read_text("utf-8")
    assert "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval';" in page
    stage = served.content / "journeys/getting-help/stages/back-to-work.md"
    good = stage.read_text(encoding="utf-8")
    stage.write_text(good.replace("emotion: ", "emotion: very "), encoding="utf-8")
    served.rebuild()  # no error: the browser gets pages, not a hang
    page = (served.site / "journeys/adopting-fieldline/index.html").read_text("utf-8")
    assert "data-build-problems" in page and 'role="alert"' in page
    assert "journeys/getting-help/stages/back-to-work.md:" in page
    assert "showing the last good build" in page
    assert "Adopting Fieldline" in page  # the last good page is still under it
    stage.write_text(good, encoding="utf-8")
    served.rebuild()
    page = (served.site / "journeys/adopting-fieldline/index.html").read_text("utf-8")
    assert "data-build-problems" not in page


def test_broken_content_on_the_first_build_still_stops_it(served):
    stage = served.content / "journeys/getting-help/stages/back-to-work.md"
    stage.write_text(stage.read_text("utf-8").replace("emotion: ", "emotion: very "), "utf-8")
    with pytest.raises((PluginError, Abort)):
        served.first_build()


def test_a_save_is_noticed_by_the_systems_file_events_not_by_polling(tmp_path):
    # MkDocs' server polls every half second; the plugin hands the same paths to watchdog's
    # native observer (inotify here), which reports a save as it happens.
    from types import SimpleNamespace

    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.polling import PollingObserver

    from plugins.atlas import AtlasPlugin

    docs, theme = tmp_path / "docs", tmp_path / "theme"
    (docs / "journeys").mkdir(parents=True)
    theme.mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: Watched\n", encoding="utf-8")
    rebuilt = threading.Event()
    server = LiveReloadServer(builder=rebuilt.set, host="127.0.0.1", port=0,
                              root=str(tmp_path))
    server.watch(str(docs))
    server.watch(str(config_file))
    config = SimpleNamespace(docs_dir=str(docs), config_file_path=str(config_file),
                             theme=SimpleNamespace(dirs=[str(theme)]))  # theme not watched
    plugin = AtlasPlugin()
    assert plugin.on_serve(server, config=config, builder=rebuilt.set) is server
    assert not isinstance(server.observer, PollingObserver)
    watched = sorted(e.watch.path for e in server.observer.emitters)
    # The same two, the theme still not, and the folder where a quick look asks for the
    # whole build.
    assert watched == sorted([str(tmp_path), str(docs), plugin.later_dir])
    threading.Thread(target=server.serve, daemon=True).start()
    try:
        for _ in range(200):  # the observer starts its watches, then itself
            if server.observer.is_alive():
                break
            time.sleep(0.05)
        (docs / "journeys/new.md").write_text("# New\n", encoding="utf-8")
        assert rebuilt.wait(10), "the save was not noticed"
        time.sleep(0.5)  # (the save's last events)
        rebuilt.clear()
        # A build reads every file: that must not ask for another build, or it never ends.
        for _ in range(3):
            (docs / "journeys/new.md").read_text(encoding="utf-8")
        assert not rebuilt.wait(1.5), "reading a file was taken for a change"
        (docs / "journeys/new.md").write_text("# Newer\n", encoding="utf-8")
        assert rebuilt.wait(10), "the second save was not noticed"
    finally:
        server.shutdown(wait=True)
        plugin.on_shutdown()


def test_a_theme_template_edited_while_serving_is_drawn_by_the_next_build(served):
    """The page templates are compiled once per process and not checked on each use: a
    template's file that changed is read again when the next build starts."""
    config = yaml.safe_load(served.config.read_text(encoding="utf-8"))
    config["theme"] = {"name": "journey-atlas", "custom_dir": "overrides"}
    served.config.write_text(yaml.safe_dump(config), encoding="utf-8")
    original = (ROOT / "theme/partials/pages/role.html").read_text(encoding="utf-8")
    override = served.config.parent / "overrides/partials/pages/role.html"
    override.parent.mkdir(parents=True)
    for word in ("first", "second"):
        override.write_text(f'<p class="house-words">{word}</p>' + original, encoding="utf-8")
        later = time.time() + (5 if word == "second" else 0)  # newer, even within a second
        os.utime(override, (later, later))
        served.rebuild() if word == "second" else served.first_build()
        assert f'<p class="house-words">{word}</p>' in served.page("roles/support-agent")
