"""Versioned releases: `journey-atlas release VERSION`.

Each release is a frozen copy of the site under `<publish-dir>/<version>/`, listed in
`<publish-dir>/versions.json` in mike's format so existing version selectors understand
it. Everything is prepared in a staging folder beside the publish folder (so nothing
half-built is ever served, and on the same file system, so it moves in by rename). Once it
is all there, a journal lists the moves, and each move is atomic where the system allows:
the publish folder is in its old or its new state at every instant, and a run that was
killed half-way through the moves is finished by the next one.

One release at a time goes into a publish folder: the others wait for its lock.

The site itself is built by running `mkdocs build` (this core never imports MkDocs); the
release's context reaches the plugin through one environment variable.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Iterator

from .export import FORMAT
from .i18n import SOURCE_LANGUAGE, Interface
from .script_words import FILE as SCRIPT_WORDS_FILE

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

ENV = "JOURNEY_ATLAS_RELEASE"
# MkDocs builds the site; where only ProperDocs (its maintained fork) is installed, ProperDocs.
BUILD_TOOL = "mkdocs" if importlib.util.find_spec("mkdocs") else "properdocs"
VERSIONS_FILE = "versions.json"
EXPORT_FILE = "atlas.json"
REDIRECT_SCRIPT = "redirect.js"
STAGING_PREFIX = ".journey-atlas-staging-"  # `journey-atlas build`
RELEASE_STAGING = ".journey-atlas-release"  # `journey-atlas release`
PROBE = ".journey-atlas-probe"
JOURNAL = "journal.json"
NEW, OLD = "new-", "old-"  # staged folders are NEW + their name; what they replace, OLD + it
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")
RESERVED = {VERSIONS_FILE, "index.html", EXPORT_FILE, REDIRECT_SCRIPT}
# The site's Content-Security-Policy, for every page (theme/main.html gets it from the
# plugin) and the redirects: only this site's own files run or load.
# Search runs Pagefind's WebAssembly, which needs 'wasm-unsafe-eval' (and nothing more).
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'")
# `mkdocs serve` injects its live-reload script inline into every page it serves: under the
# site's policy the browser would refuse it, and a save would never show. Only the local
# preview allows inline scripts; what is published never does.
PREVIEW_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", 1)
OFFLINE_WORKER = "sw.js"  # the theme's service worker, at the root of each site folder
# Sends the reader on keeping ?query and #fragment, which the meta refresh drops. A file,
# not an inline script, because the policy allows no inline script.
REDIRECT_JS = ("location.replace(document.querySelector('link[rel=\"canonical\"]').href"
               " + location.search + location.hash);\n")
_DENIED = "make the folder writable for this user, or choose another folder"
ADVICE = {
    errno.ENOSPC: "the disk is full: free some space on it, then try again",
    errno.EDQUOT: "the disk quota is used up: free some space, then try again",
    errno.EROFS: "the file system is read-only: make it writable or choose another folder",
    errno.EACCES: _DENIED,
    errno.EPERM: _DENIED,
    errno.ENAMETOOLONG: "choose a shorter version, alias or folder name",
}
# The language a built page says it is in (theme/main.html).
PAGE_LANGUAGE = re.compile(r'<html lang="([^"<>]*)"')
# The last line of a child's traceback when a file-system error ended it, e.g.
# OSError: [Errno 28] No space left on device: 'from' -> 'to'
CHILD_OS_ERROR = re.compile(r"^\w*Error: \[Errno (\d+)\] ([^:\n]+)(.*)$", re.M)


class ReleaseError(Exception):
    pass


@dataclass
class ReleaseContext:
    """What the plugin needs to know about the release it is building."""

    version: str
    title: str
    previous_version: str | None = None
    previous_export: str | None = None  # path of the previous release's atlas.json
    # Every earlier release, oldest first (the previous one last): {"version", "title",
    # "export"}, the path of its atlas.json. Read only when a page needs them (history.py).
    earlier: list[dict] = field(default_factory=list)

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    def in_language(self, language: str) -> "ReleaseContext":
        """The same release, built in one of the atlas' other languages: compared with the
        previous release's site in that language (its `<language>/atlas.json`) when it had
        one, else with its first language's (the map's structure compares the same)."""
        if not self.previous_export:
            return self
        folder, name = os.path.split(self.previous_export)
        own = os.path.join(folder, language, name)
        return replace(self, previous_export=own) if os.path.isfile(own) else self

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
    # fullmatch: `$` would let a name end in a newline.
    if "/" in name or "\\" in name or ".." in name or " " in name or not NAME.fullmatch(name):
        return (f"the {what} {name!r} is not usable as a folder name: use letters, digits, "
                "dots, hyphens, underscores and plus signs, with no '/', '..' or spaces")
    if name in RESERVED:  # staging names start with a dot, which NAME already refuses
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
    except (ValueError, RecursionError):
        data = None
    if not (isinstance(data, list) and all(_is_version_entry(v) for v in data)):
        raise ReleaseError(f"{path} is not a versions list in mike's format (each item "
                           '{"version": "1.0", "title": "1.0", "aliases": ["latest"]}); '
                           "fix or remove it")
    return data


def _is_version_entry(entry) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("version"), str)
            and isinstance(entry.get("title", ""), (str, int, float))
            and isinstance(entry.get("aliases", []), list)
            and all(isinstance(a, str) for a in entry.get("aliases", [])))


def release(options: ReleaseOptions, say=print) -> Path:
    version, aliases = options.version, list(options.aliases)
    publish = options.publish_dir.resolve()
    problems = [p for p in [check_name(version)] + [check_name(a, "alias")
                                                    for a in aliases] if p]
    if version in aliases:
        problems.append(f"the alias '{version}' is the version itself")
    limit = _name_max(publish) - len(NEW)  # staged as NEW + name
    problems += [f"the {what} '{name[:20]}…' is {len(name)} characters long; folder names "
                 f"in {publish} can have at most {limit}: choose a shorter one"
                 for what, name in [("version", version)] + [("alias", a) for a in aliases]
                 if len(name) > limit]
    if problems:
        raise ReleaseError("; ".join(problems))
    try:
        publish.mkdir(parents=True, exist_ok=True)
        with _exclusive(publish, f"another release into {publish}", say) as lock:
            return _release(options, publish, lock, say)
    except OSError as exc:
        raise ReleaseError(_describe(exc, publish)) from None


def _release(options: ReleaseOptions, publish: Path, lock: int | None, say) -> Path:
    version, aliases = options.version, list(options.aliases)
    for leftover in _staging_places(publish):
        _clear(leftover, publish, say)
    for leftover in publish.glob(f"{STAGING_PREFIX}*"):  # left inside by earlier versions
        shutil.rmtree(leftover, ignore_errors=True)
    versions = read_versions(publish)
    known = {v["version"] for v in versions}
    clash = [a for a in aliases if a in known]
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
    titles = {v["version"]: v.get("title") or v["version"] for v in versions}
    context = ReleaseContext(version, options.title or version, previous,
                             str(publish / previous / EXPORT_FILE) if previous else None,
                             [{"version": v, "title": str(titles[v]),
                               "export": str(publish / v / EXPORT_FILE)} for v in older])
    if previous:
        _check_export(Path(context.previous_export), previous)

    try:
        staging = _new_staging(publish)
        try:
            _stage(options, versions, context, staging, lock, say)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)  # nothing has moved yet
            raise
    except OSError as exc:
        raise ReleaseError(f"{_describe(exc, publish)}; nothing was published") from None
    _clear(staging, publish)  # makes the journal's moves, then removes the staging folder
    say(f"Published {version} to {publish / version}"
        + (f" (aliases: {', '.join(aliases)})" if aliases else "")
        + (f"; compared with {previous}" if previous else "; this is the first release"))
    return publish / version


def _stage(options: ReleaseOptions, versions: list[dict], context: ReleaseContext,
           staging: Path, lock: int | None, say) -> None:
    """Build the release and everything that changes with it into `staging`, and the
    journal of the moves that publish it."""
    version, aliases = options.version, list(options.aliases)
    site = staging / f"{NEW}{version}"
    _build(options, site, context, lock, say)
    language = site_language(site)  # the redirects speak the site's language
    for alias in aliases:
        _write_redirects(site, staging / f"{NEW}{alias}", f"../{version}/", language)
    new_versions = [dict(v, aliases=[a for a in v.get("aliases", []) if a not in aliases])
                    for v in versions if v["version"] != version]
    new_versions.append({"version": version, "title": context.title, "aliases": aliases})
    new_versions.sort(key=lambda v: version_key(v["version"]), reverse=True)
    # Files move in with os.replace within one file system: readers see the old file or
    # the new one, never half of one.
    (staging / VERSIONS_FILE).write_text(json.dumps(new_versions, indent=2) + "\n",
                                         encoding="utf-8")
    home = "latest/" if any("latest" in v["aliases"] for v in new_versions) else (
        new_versions[0]["version"] + "/")
    (staging / REDIRECT_SCRIPT).write_text(REDIRECT_JS, encoding="utf-8")
    (staging / "index.html").write_text(redirect_page(home, language=language),
                                        encoding="utf-8")
    _write_journal(staging, f"release {version}", [version] + aliases,
                   [REDIRECT_SCRIPT, VERSIONS_FILE, "index.html"])


def _check_export(path: Path, version: str) -> None:
    """The previous release's export must be readable before its successor is built (else
    the plugin fails in the middle of the build)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return  # a release made without one: nothing to compare with
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        why = (exc.strerror if isinstance(exc, OSError) else
               "nested too deeply or too large to read" if not isinstance(exc, ValueError)
               else f"not valid JSON: {exc}")
    else:
        if not (isinstance(data, dict) and data.get("format") == FORMAT):
            why = f'not a Journey Atlas export: no "format": "{FORMAT}"'
        elif not _export_shape_ok(data):
            why = "its atlas, roles, personas or journeys are not what an export holds"
        else:
            return
    raise ReleaseError(f"{path}, the export of release {version} that this release is "
                       f"compared with, is unreadable ({why}); restore it from a backup, or "
                       f"republish {version} from its sources with --force; nothing was "
                       "published")


def _export_shape_ok(data: dict) -> bool:
    """The parts of an export that "What changed" walks are there, of the right kinds."""
    journeys = data.get("journeys")
    return (isinstance(data.get("atlas"), dict)
            and all(isinstance(data.get(k, {}), dict) for k in ("roles", "personas", "insights"))
            and isinstance(journeys, list)
            and all(isinstance(j, dict) and isinstance(j.get("id"), str)
                    and isinstance(j.get("stages", []), list)
                    and isinstance(j.get("moments", []), list)
                    and all(isinstance(x, dict) and isinstance(x.get("id"), str)
                            for x in j.get("stages", []) + j.get("moments", []))
                    for j in journeys))


def _build(options: ReleaseOptions, site: Path, context: ReleaseContext, lock, say) -> None:
    ok, output = run_mkdocs_build(options.config, site, options.strict,
                                  {ENV: context.to_env()}, lock)
    if not ok:
        _raise_child_os_error(output, site)
        raise ReleaseError(f"the build failed, nothing was published:\n{output}")
    if output:
        say(output)


def run_mkdocs_build(config: Path, site: Path, strict: bool = False,
                     env: dict | None = None, lock: int | None = None) -> tuple[bool, str]:
    """`mkdocs build` of `config` into `site`, in a child process (this core never imports
    MkDocs). Returns success and what MkDocs said, less its INFO lines. The child holds
    `lock` too: if we are killed, the next run waits until the orphaned build is over."""
    command = [sys.executable, "-m", BUILD_TOOL, "build", "--clean", "-f", str(config),
               "-d", str(site)] + (["--strict"] if strict else [])
    result = subprocess.run(command, capture_output=True, text=True,
                            env=dict(os.environ, **(env or {})),
                            pass_fds=() if lock is None else (lock,))
    output = "\n".join(line for line in (result.stdout + result.stderr).splitlines()
                       if line.strip() and not line.startswith("INFO"))
    return result.returncode == 0, output


def _raise_child_os_error(output: str, site: Path) -> None:
    """A build that died of a full disk (and the like) is told plainly, not as a traceback."""
    found = CHILD_OS_ERROR.findall(output)
    if found and int(found[-1][0]) in ADVICE:
        code, text, rest = found[-1]
        paths = re.findall(r"'([^'\n]+)'", rest)
        raise OSError(int(code), text, paths[-1] if paths else str(site))


def _describe(exc: OSError, where: Path) -> str:
    """One line for an OSError: the path (else `where`), what went wrong, what to do."""
    advice = ADVICE.get(exc.errno, "fix that, then try again")
    return f"{exc.filename or where}: {exc.strerror}. {advice[0].upper()}{advice[1:]}"


def _name_max(folder: Path) -> int:
    """The longest file name the file system of `folder` (or its nearest parent) allows."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # no pathconf (Windows), or no limit
        return 255


@contextlib.contextmanager
def _exclusive(folder: Path, what: str, say) -> Iterator[int | None]:
    """One run at a time into `folder`: flock on the folder itself (no file left behind;
    the kernel drops it with the last holder, however it ends). Yields the descriptor."""
    if fcntl is None:  # a lock folder instead, made atomically; a crash leaves it behind
        lock, waited = folder.parent / f".journey-atlas-lock-{folder.name}", False
        while True:
            try:
                lock.mkdir()
                break
            except FileExistsError:
                if not waited:
                    say(f"Waiting for {what} to finish… (remove {lock} if none is running)")
                waited = True
                time.sleep(0.5)
        try:
            yield None
        finally:
            lock.rmdir()
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"Waiting for {what} to finish…")
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:  # e.g. a network file system without flock
            say(f"Warning: cannot lock {folder} ({exc.strerror}); run one at a time into it")
        yield fd
    finally:
        os.close(fd)


def _staging_places(publish: Path) -> list[Path]:
    return [publish.parent / f"{RELEASE_STAGING}-{publish.name}", publish / RELEASE_STAGING]


def _new_staging(publish: Path) -> Path:
    """An empty staging folder, checked by a write probe (a small file moved into `publish`,
    then removed) before anything is built: beside `publish` if possible, else inside it."""
    beside, inside = _staging_places(publish)
    for staging in (beside, inside):
        try:
            staging.mkdir()
            (staging / PROBE).write_bytes(b"probe\n")
            os.rename(staging / PROBE, publish / PROBE)
            os.unlink(publish / PROBE)
            return staging
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            # The parent is not writable, or `publish` is a mount of its own (another disk,
            # a bind mount) that renames cannot reach: stage inside, visible while building.
            if staging == inside or exc.errno not in (errno.EXDEV, errno.EACCES, errno.EPERM,
                                                      errno.EROFS):
                raise
        except BaseException:  # interrupted while probing: leave nothing behind
            shutil.rmtree(staging, ignore_errors=True)
            with contextlib.suppress(OSError):
                os.unlink(publish / PROBE)  # moved in, not yet removed
            raise


def _write_journal(staging: Path, what: str, folders: list[str], files: list[str]) -> None:
    """Written once everything is staged: the moves to make, each staged folder with its
    inode, by which a move is known to be done (the target is then that folder)."""
    plan = {"what": what, "folders": [[name, os.lstat(staging / f"{NEW}{name}").st_ino]
                                      for name in folders], "files": files}
    (staging / f"{JOURNAL}.tmp").write_text(json.dumps(plan), encoding="utf-8")
    os.replace(staging / f"{JOURNAL}.tmp", staging / JOURNAL)


def _finish(staging: Path, target_dir: Path) -> str | None:
    """Make the moves of the staging folder's journal that are not made yet; returns what
    they publish, or None when there is no journal (then nothing had moved). The run that
    wrote the journal calls this, and so does the next run if that one was killed."""
    try:
        plan = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    for name, inode in plan["folders"]:
        new, target = staging / f"{NEW}{name}", target_dir / name
        if _inode(target) != inode and _inode(new) == inode:
            swap_in(new, target, staging / f"{OLD}{name}")
    for name in plan["files"]:
        if (staging / name).exists():
            os.replace(staging / name, target_dir / name)
    (staging / JOURNAL).unlink()
    return plan["what"]


def _inode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_ino
    except FileNotFoundError:
        return None


def _clear(staging: Path, target_dir: Path, say=None) -> None:
    """Finish what a staging folder's journal lists, then remove the folder (also when a
    killed run left it). If finishing fails, the folder stays for the next run."""
    if not staging.exists():
        return
    what = _finish(staging, target_dir)
    if what and say:
        say(f"Finished {what}, which an interrupted run had left half-way")
    shutil.rmtree(staging, ignore_errors=True)


def swap_in(new: Path, target: Path, old: Path) -> None:
    """Put `new` where `target` is. An existing `target` is exchanged with `new` in one step
    where the system can (so it is never missing), else moved to `old` first. What was
    `target` ends up at `new` or `old`, to be deleted."""
    if not os.path.lexists(target):
        os.rename(new, target)
    elif not _exchange(new, target):
        os.rename(target, old)
        os.rename(new, target)


def _load_renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library without it (glibc before 2.28)
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    return function


_RENAMEAT2 = _load_renameat2()
AT_FDCWD, RENAME_EXCHANGE = -100, 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # an old kernel, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def build_aside(config: Path, site_dir: Path, strict: bool = False, say=print,
                env: dict | None = None) -> bool:
    """`journey-atlas build`: build next to `site_dir`, then swap it in, so a failed or
    interrupted build leaves the previous site untouched."""
    site_dir = site_dir.resolve()
    parent, staging = site_dir.parent, site_dir.parent / f"{STAGING_PREFIX}{site_dir.name}"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        # The lock is on the parent: the site folder itself gets replaced.
        with _exclusive(parent, f"another build into {site_dir}", say) as lock:
            _clear(staging, parent, say)
            staging.mkdir()
            try:
                new = staging / f"{NEW}{site_dir.name}"
                ok, output = run_mkdocs_build(config, new, strict, env=env, lock=lock)
                if not ok:
                    _raise_child_os_error(output, new)
                if output:
                    say(output)
                if ok:
                    _write_journal(staging, f"the build of {site_dir}", [site_dir.name], [])
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)  # nothing has moved yet
                raise
            _clear(staging, parent)  # moves the site in if it was built
            return ok
    except OSError as exc:
        raise ReleaseError(_describe(exc, site_dir)) from None


def site_language(site: Path) -> str:
    """The language of a built site: what its home page says (`<html lang>`), else
    English."""
    try:
        with open(site / "index.html", encoding="utf-8", errors="replace") as f:
            found = PAGE_LANGUAGE.search(f.read(4096))
    except OSError:
        return SOURCE_LANGUAGE
    return found.group(1) if found and found.group(1) else SOURCE_LANGUAGE


@functools.lru_cache(maxsize=4)
def _interface(language: str) -> Interface:
    return Interface(language)  # once per release, not once per redirect page


def redirect_page(url: str, script: str = REDIRECT_SCRIPT,
                  language: str = SOURCE_LANGUAGE) -> str:
    """A page that sends readers to `url`: with `script` (REDIRECT_JS, keeping the
    #fragment), or with the meta refresh for readers without JavaScript; in the interface's
    `language` (the site's)."""
    href, src = escape(url, quote=True), escape(script, quote=True)
    ui = _interface(language)
    title = escape(ui.gettext("Redirecting…"))
    # Translators: the link on a page that sends readers on to the page's new address.
    link = ui.gettext("Go to %(address)s", address=href)
    # data-journey-atlas: the offline worker keeps only pages that carry it (theme/sw.js).
    return (f"<!doctype html>\n<html lang=\"{escape(language, quote=True)}\" data-journey-atlas>"
            "<head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
            f"<title>{title}</title><link rel=\"canonical\" href=\"{href}\">"
            f"<script src=\"{src}\"></script>"
            f"<noscript><meta http-equiv=\"refresh\" content=\"0; url={href}\"></noscript>"
            "</head>"
            f"<body><p><a href=\"{href}\">{link}</a></p></body></html>\n")


def _write_redirects(site: Path, alias_dir: Path, target_prefix: str,
                     language: str = SOURCE_LANGUAGE) -> None:
    """A page for every page of the release that sends readers to the same page in it,
    so bookmarks such as latest/roles/ward-nurse/#moments keep working."""
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site)
        depth = len(rel.parts) - 1
        target = "../" * depth + target_prefix + rel.as_posix()
        if target.endswith("index.html"):
            target = target[: -len("index.html")]
        out = alias_dir / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(redirect_page(target, "../" * depth + REDIRECT_SCRIPT, language),
                       encoding="utf-8")
    (alias_dir / REDIRECT_SCRIPT).write_text(REDIRECT_JS, encoding="utf-8")
    if (site / OFFLINE_WORKER).is_file():  # the alias keeps its own offline copy (theme/sw.js)
        shutil.copyfile(site / OFFLINE_WORKER, alias_dir / OFFLINE_WORKER)
        # with the interface's words it imports, in the release's language
        if (site / SCRIPT_WORDS_FILE).is_file():
            (alias_dir / SCRIPT_WORDS_FILE).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site / SCRIPT_WORDS_FILE, alias_dir / SCRIPT_WORDS_FILE)
