"""Releases under stress: odd and overlong names, two runs at once, a run killed mid-way, a
full or read-only disk, a broken earlier export, and bookmarks with a #fragment."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journey_atlas.release import redirect_page, swap_in
from support import CLI, ROOT, fixed_date_env, minimal_atlas, release, write



@pytest.fixture
def workspace(tmp_path):
    """A small atlas (one journey) with its mkdocs.yml: a release of it takes well under a
    second."""
    minimal_atlas(tmp_path / "content")
    write(tmp_path / "mkdocs.yml", f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: content\n")
    return tmp_path


def listing(folder: Path) -> dict:
    """Every path under `folder`, with the SHA-256 of each file's bytes."""
    return {p.relative_to(folder).as_posix(): "folder" if p.is_dir() and not p.is_symlink()
            else hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))}


def leftovers(folder: Path) -> list[str]:
    """Staging folders, probes and the like, anywhere under `folder`."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob(".journey-atlas-*"))


def versions(public: Path) -> dict:
    return {v["version"]: v["aliases"] for v in json.loads((public / "versions.json").read_text())}


def plain_failure(result, *words: str) -> None:
    """Exit 1 with one message (one line) that says all of `words`, and no traceback."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert "\n" not in message and message.startswith("journey-atlas release: "), message
    for word in words:
        assert word in message


# --- 1. names -----------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["1.0\n"], ["1.0", "--alias", "latest\n"]],
                         ids=["version", "alias"])
def test_names_ending_in_a_newline_are_refused(workspace, args):
    result = release(workspace, *args)
    plain_failure(result, "is not usable as a folder name", "\\n")
    assert not (workspace / "public").exists()


def test_names_too_long_for_the_file_system_are_refused_before_building(workspace):
    public = workspace / "public"
    limit = os.pathconf(workspace, "PC_NAME_MAX") - len("new-")  # staged as new-<name>
    result = release(workspace, "a" * (limit + 1))
    plain_failure(result, f"is {limit + 1} characters long", f"folder names in {public} can "
                  f"have at most {limit}")
    plain_failure(release(workspace, "1.0", "--alias", "b" * (limit + 1)), "the alias 'bbb")
    assert not public.exists() and not leftovers(workspace)  # refused before anything
    # Exactly at the limit is fine.
    longest = release(workspace, "a" * limit)
    assert longest.returncode == 0, longest.stderr
    assert (public / ("a" * limit) / "index.html").is_file() and not leftovers(workspace)


# --- 2. two runs at once ------------------------------------------------------------------

@contextlib.contextmanager
def held_lock(folder: Path):
    """Hold the lock a release (on its publish folder) or a build (on the site folder's
    parent) takes: flock on the folder itself."""
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        os.close(fd)


def start_both(workspace, commands: list[list[str]], lock: Path, waiting: str) -> list[str]:
    """Start `commands` at once while holding `lock`; once both say `waiting`, let go.
    Returns what each wrote on standard error."""
    logs = [workspace / f"run-{i}.log" for i in range(len(commands))]
    with held_lock(lock):
        runs = [subprocess.Popen(CLI + command, cwd=workspace, env=fixed_date_env(),
                                 stdout=subprocess.DEVNULL, stderr=log.open("w"))
                for command, log in zip(commands, logs)]
        deadline = time.time() + 20
        while time.time() < deadline and not all(waiting in log.read_text() for log in logs):
            if all(run.poll() is not None for run in runs):
                break  # both ended without waiting
            time.sleep(0.02)
    for run in runs:
        run.wait(timeout=60)
    outputs = [log.read_text() for log in logs]
    for run, output in zip(runs, outputs):
        assert run.returncode == 0, output
        assert output.count(waiting) == 1, output
    return outputs


def test_two_releases_at_once_are_both_published(workspace):
    public = workspace / "public"
    public.mkdir()
    start_both(workspace, [["release", "1.0"], ["release", "1.1"]], public,
               f"Waiting for another release into {public} to finish…")
    published = versions(public)
    assert set(published) == {"1.0", "1.1"}
    [latest] = [v for v, aliases in published.items() if aliases == ["latest"]]  # the later
    for version in ("1.0", "1.1"):
        assert (public / version / "index.html").is_file()
    assert f"../../../{latest}/roles/agent/" in (public / "latest/roles/agent/index.html"
                                                 ).read_text()
    assert not leftovers(workspace)


def test_two_builds_at_once_into_one_site_both_finish(workspace):
    start_both(workspace, [["build"], ["build"]], workspace,
               f"Waiting for another build into {workspace / 'site'} to finish…")
    assert (workspace / "site/roles/agent/index.html").is_file()
    assert not leftovers(workspace)


# --- 3. killed runs -----------------------------------------------------------------------

def children(pid: int) -> list[str]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return path.read_text().split() if path.exists() else []


def test_release_killed_while_building_leaves_nothing_in_the_publish_folder(workspace):
    if not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
        pytest.skip("needs /proc/PID/task/PID/children (Linux) to see the build start")
    public = workspace / "public"
    assert release(workspace, "1.0").returncode == 0
    before = listing(public)
    process = subprocess.Popen(CLI + ["release", "1.1"], cwd=workspace, env=fixed_date_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while not children(process.pid) and process.poll() is None and time.time() < deadline:
        time.sleep(0.005)
    assert children(process.pid), "the release never started its build"
    process.send_signal(signal.SIGKILL)  # no clean-up of any kind runs
    process.wait(timeout=10)
    assert not leftovers(public)  # nothing half-built is served
    assert listing(public) == before
    # The next run waits for the orphaned build, then clears what it left.
    again = release(workspace, "1.1")
    assert again.returncode == 0, again.stderr
    assert versions(public) == {"1.1": ["latest"], "1.0": []}
    assert not leftovers(workspace)


CRASH_BETWEEN_RENAMES = """
import os, sys
from pathlib import Path
from journey_atlas import release
release._exchange = lambda a, b: False  # as where renameat2 is missing: two renames
rename, latest = os.rename, Path(sys.argv[2]).resolve() / "latest"
def rename_then_die(src, dst):
    rename(src, dst)
    if Path(src) == latest:
        os._exit(9)  # dies right after moving latest/ out of the way
os.rename = rename_then_die
release.release(release.ReleaseOptions("1.1", config=Path(sys.argv[1]),
                                       publish_dir=Path(sys.argv[2])))
"""


def test_crash_between_the_two_renames_is_repaired_by_the_next_run(workspace):
    public = workspace / "public"
    assert release(workspace, "1.0").returncode == 0
    crash = subprocess.run([sys.executable, "-c", CRASH_BETWEEN_RENAMES,
                            str(workspace / "mkdocs.yml"), str(public)], cwd=workspace,
                           capture_output=True, text=True, env=fixed_date_env())
    assert crash.returncode == 9, crash.stderr
    assert not (public / "latest").exists()  # the one moment the fallback cannot avoid
    # The next run, whatever it publishes, first finishes the interrupted release.
    beta = release(workspace, "1.2", "--alias", "beta")
    assert beta.returncode == 0, beta.stderr
    assert "Finished release 1.1, which an interrupted run had left half-way" in beta.stderr
    assert "../../../1.1/roles/agent/" in (public / "latest/roles/agent/index.html").read_text()
    assert versions(public) == {"1.2": ["beta"], "1.1": ["latest"], "1.0": []}
    assert "url=latest/" in (public / "index.html").read_text()
    assert not leftovers(workspace)


@pytest.mark.skipif(not hasattr(ctypes.CDLL(None), "renameat2"),
                    reason="needs Linux renameat2")
def test_swap_in_replaces_a_folder_in_one_step(tmp_path, monkeypatch):
    new, target = write(tmp_path / "new/page.html", "new").parent, tmp_path / "target"
    write(target / "page.html", "old")

    def no_rename(*args):
        raise AssertionError("a rename would leave the target missing for a moment")

    monkeypatch.setattr(os, "rename", no_rename)
    swap_in(new, target, tmp_path / "old")
    assert (target / "page.html").read_text() == "new"
    assert (new / "page.html").read_text() == "old"  # exchanged, to be deleted


# --- 4. redirects -------------------------------------------------------------------------

def test_redirect_pages_escape_the_target_and_share_the_theme_policy(workspace):
    page = redirect_page('../x"><script>alert(1)</script>/')
    assert "<script>alert" not in page and "&quot;&gt;&lt;script&gt;" in page
    assert release(workspace, "1.0").returncode == 0
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                       (workspace / "public/1.0/index.html").read_text()).group(1)
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert f'http-equiv="Content-Security-Policy" content="{policy}"' in page
    latest = workspace / "public/latest"
    pages = sorted(latest.rglob("*.html"))
    assert len(pages) > 10
    for alias_page in pages:  # each names a real page, and a script that is there
        text = alias_page.read_text()
        target = re.search(r'<link rel="canonical" href="([^"]+)">', text).group(1)
        script = re.search(r'<script src="([^"]+)"></script>', text).group(1)
        assert (alias_page.parent / target).resolve().is_relative_to(workspace / "public/1.0")
        assert (alias_page.parent / target).exists()
        assert (alias_page.parent / script).resolve() == latest / "redirect.js"
    assert (latest / "redirect.js").is_file() and (latest.parent / "redirect.js").is_file()


@pytest.mark.browser
def test_bookmarks_into_latest_keep_their_fragment(page, browser, workspace, serve):
    assert release(workspace, "1.0").returncode == 0
    base = serve(workspace / "public")
    refused = []  # what the pages' policy refuses shows up as a console error
    page.on("console", lambda message: "Content Security Policy" in message.text
            and refused.append(message.text))
    page.goto(base + "latest/roles/agent/#j-buying", wait_until="commit")
    page.wait_for_url(base + "1.0/roles/agent/#j-buying", timeout=5000)
    assert page.get_by_role("heading", level=1).inner_text() == "Agent"
    page.goto(base + "?from=mail#main", wait_until="commit")  # the root, then latest/
    page.wait_for_url(base + "1.0/?from=mail#main", timeout=5000)
    assert not refused
    # Without JavaScript the meta refresh still gets there (the fragment is lost).
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(base + "latest/roles/agent/", wait_until="commit")
        tab.wait_for_url(base + "1.0/roles/agent/", timeout=5000)
    finally:
        context.close()


# --- 5. disks, permissions, a broken export -----------------------------------------------

@contextlib.contextmanager
def mounted(target: Path, *options: str, source: str = "tmpfs"):
    """`mount` (as root); skips the test where that is not allowed. Always unmounted."""
    if not shutil.which("mount"):
        pytest.skip("no mount command here")
    result = subprocess.run(["mount", *options, source, str(target)], capture_output=True,
                            text=True)
    if result.returncode:
        pytest.skip(f"cannot mount here: {result.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=True)


def fill(disk: Path, leave: int) -> None:
    """Fill the file system of `disk`, then free `leave` bytes again. Unbuffered: a buffered
    file keeps what did not fit and fails again when truncated or closed."""
    with open(disk / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        f.truncate(max(0, f.tell() - leave))


@pytest.mark.parametrize("leave", [0, 128 * 1024], ids=["full", "nearly-full"])
def test_a_full_disk_is_told_plainly(workspace, leave):
    disk = workspace / "disk"
    disk.mkdir()
    with mounted(disk, "-t", "tmpfs", "-o", "size=4m"):
        public = disk / "public"
        first = release(workspace, "1.0", "--publish-dir", str(public))
        assert first.returncode == 0, first.stderr
        before = listing(public)
        fill(disk, leave)
        # Full: the write probe finds out before building; nearly: the build, in the child.
        result = release(workspace, "1.1", "--publish-dir", str(public))
        plain_failure(result, str(disk), "No space left on device", "free some space",
                      "nothing was published")
        assert listing(public) == before
        assert not leftovers(disk)


def test_a_read_only_publish_folder_is_told_plainly(workspace):
    public = workspace / "public"
    assert release(workspace, "1.0").returncode == 0
    before = listing(public)
    with mounted(public, "--bind", source=str(public)):
        remount = subprocess.run(["mount", "-o", "remount,bind,ro", str(public)],
                                 capture_output=True, text=True)
        if remount.returncode:
            pytest.skip(f"cannot remount read-only here: {remount.stderr.strip()}")
        result = release(workspace, "1.1")
        plain_failure(result, str(public), "Read-only file system", "make it writable")
        assert listing(public) == before
    assert not leftovers(workspace)


@pytest.mark.parametrize("export", [b'{"format": "journey-atlas/1", "roles": {',
                                    b'{"roles": {}}', b"\xff\xfe{}", None],
                         ids=["truncated", "no-format", "not-utf-8", "a-folder"])
def test_a_broken_previous_export_is_told_before_building(workspace, export):
    public = workspace / "public"
    assert release(workspace, "1.0").returncode == 0
    path = public / "1.0/atlas.json"
    path.unlink()
    if export is None:
        path.mkdir()  # unreadable as a file
    else:
        path.write_bytes(export)
    before = listing(public)
    result = release(workspace, "1.1")
    plain_failure(result, f"{path}, the export of release 1.0",
                  "republish 1.0 from its sources with --force", "nothing was published")
    assert listing(public) == before
    assert not leftovers(workspace)


@pytest.mark.parametrize("export, why", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply or too large to read"),
    ('{"format": "journey-atlas/1", "journeys": []}', "not what an export holds"),
    ('{"format": "journey-atlas/1", "atlas": {}, "journeys": 5}', "not what an export holds"),
])
def test_a_previous_export_of_the_wrong_shape_is_told_not_a_traceback(workspace, export, why):
    work = workspace
    assert release(work, "1.0").returncode == 0
    (work / "public/1.0/atlas.json").write_text(export, encoding="utf-8")
    result = release(work, "1.1")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert why in result.stderr and "nothing was published" in result.stderr
    assert not (work / "public/1.1").exists()


def test_a_versions_list_with_a_number_for_a_version_is_told(workspace):
    work = workspace
    assert release(work, "1.0").returncode == 0
    (work / "public/versions.json").write_text('[{"version": 5, "aliases": []}]')
    result = release(work, "1.1")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "is not a versions list in mike's format" in result.stderr
