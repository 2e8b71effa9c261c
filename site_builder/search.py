"""Search: which pages are found, as what, and the index the site searches.

A served site searches with Pagefind: its index is split in small chunks, so a query fetches
a few hundred KB however large the atlas grows, and nothing loads before the search box is
used. The plugin hands each page's words to Pagefind as the build draws it (`PagefindFeed`);
Pagefind indexes them alongside, on another core.
A copy opened from disk (file://) cannot fetch chunks: it carries one small script index
of every page's words instead (`ScriptIndex`), searched by the theme's own few lines."""

from __future__ import annotations

import base64
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import threading
import time
import zlib

from . import output
from .i18n import N_, Interface
from .model import english
from .pages import PageSpec, search_text

INDEX_DIR = "pagefind"  # in the site folder, where the theme's search box looks
SCRIPT_INDEX = "search/search_index.js"  # the file:// copy's index (see file_copy.py)
SCRIPT_GLOBAL = "journeyAtlasSearchIndex"  # atlas.js reads the script index from this name
# What a result says it is, by the kind of page it leads to (in English: result_meta says
# it in a build's language); any other page is a "Page".
KIND_LABELS = {"stage": N_("Stage"), "moment": N_("Moment"), "journey": N_("Journey"),
               "role": N_("Role"), "persona": N_("Persona"), "team": N_("Team"),
               "insight": N_("Research"), "path": N_("Path"), "tour": N_("Tour"),
               "glossary": N_("Glossary")}
OTHER_LABEL = N_("Page")
# Pages that list what other pages hold (a journey's grids, the indexes): found there, their
# words would push the stage or role itself down the results.
NOT_INDEXED = frozenset({"emotions", "asset", "raci", "cards", "guide", "journeys", "roles",
                         "personas", "teams", "paths", "insights", "review", "gaps",
                         "changes", "lifecycle", "home"})
OFFLINE_MANIFEST = "offline.json"  # in INDEX_DIR: what a browser keeps to search offline
# A browser's offline copy keeps the whole index only while it is this small; a larger
# atlas searches offline among what that browser has already fetched.
OFFLINE_INDEX_BUDGET = 1_500_000
# Tags Pagefind joins to the next word without a space ("happyAim", "Entered127"):
# the page draws them apart with CSS, not with whitespace.
# Each pattern starts with "<", which keeps it quick over a whole atlas.
_GLUED_AFTER = re.compile(r"</(?:a|div|dt|dd|span|small|td|th|label|summary|figcaption)>(?=<)")
_GLUED_BEFORE = re.compile(r"<(?<=\w<)(?=(?:span|small|div|br|ul|ol|dl)\b)")
# Of Pagefind's output, what the search box needs; the rest is Pagefind's own UI.
_UI_FILES = re.compile(r"^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$")


def indexed(spec: PageSpec | None) -> bool:
    """Whether a page is found by search (an ordinary Markdown page always is)."""
    return spec is None or spec.kind not in NOT_INDEXED


def result_meta(spec: PageSpec | None, journey_title: str | None,
                ui: Interface | None = None) -> dict[str, str]:
    """What a result shows beside its title: the kind of page (in the language of `ui`,
    English without one), and the journey it is in."""
    label = KIND_LABELS.get(spec.kind, OTHER_LABEL) if spec else OTHER_LABEL
    meta = {"kind": (ui or english()).gettext(label)}
    if journey_title:
        meta["journey"] = journey_title
    return meta


def indexed_html(content: str, meta: dict[str, str], language: str) -> str:
    """The page as Pagefind reads it: its drawn content (drawings not yet in: their words are
    in each drawing's text alternative on the page) and what a result shows, as attributes
    so a comma in a journey's name cannot split it."""
    names = ", ".join(f"{key}[data-{key}]" for key in meta)
    values = "".join(f' data-{key}="{html.escape(value)}"' for key, value in meta.items())
    return (f'<!doctype html><html lang="{html.escape(language)}"><body>'
            f'<main data-pagefind-body data-pagefind-meta="{names}"{values}>'
            f"{_spaced(content)}</main></body></html>")


def _spaced(content: str) -> str:
    return _GLUED_BEFORE.sub(" <", _GLUED_AFTER.sub(r"\g<0> ", content))


def searched_first(pages: list, spec_of) -> list:
    """The pages in the order to draw them: those search finds first, the rest after, each
    group in its order. `spec_of(page)` is the page's PageSpec, None for an ordinary page."""
    later = [not indexed(spec_of(page)) for page in pages]
    return ([p for p, last in zip(pages, later) if not last]
            + [p for p, last in zip(pages, later) if last])


class SearchUnavailable(Exception):
    """Pagefind could not be started or failed: the message says what to do."""


class PagefindFeed:
    """Pages for Pagefind, handed over one by one as the build draws them.

    Pagefind runs as a process of its own (`pagefind --service`, the binary of the
    `pagefind[bin]` package) and indexes each page on the machine's other core while the
    build draws the next; the build draws the pages search finds first (`searched_first`),
    so Pagefind writes its index while the build draws the rest. This speaks Pagefind's
    service protocol (base64 JSON messages, each ended by a comma) directly: the package's
    Python API reads one answer per tenth of a second, 100 s for a 1,000-page atlas."""

    def __init__(self, language: str, output_dir: str, deferred: bool = False):
        """`deferred`: keep the pages and hand them over only in `write` (live preview,
        which writes the index on a thread of its own once the pages are served)."""
        try:
            from pagefind.service import get_executable
        except ImportError as exc:
            raise SearchUnavailable(
                f"search needs Pagefind ({exc}); install journey-atlas again "
                "(`pip install -e .`), which brings the `pagefind[bin]` package") from None
        self._binary = get_executable()
        if self._binary is None:
            raise SearchUnavailable("search needs Pagefind's program, which is missing; "
                                    "install journey-atlas again (`pip install -e .`)")
        self.language = language
        self.output_dir = os.path.abspath(output_dir)
        self.count = 0
        self._kept: list[tuple[str, str]] | None = [] if deferred else None
        self._answers: dict[int, dict] = {}  # message id -> Pagefind's answer
        self._errors: list[str] = []
        self._ended = False  # Pagefind's output closed (it finished, or it stopped)
        self._answered = threading.Condition()
        self._lock = threading.Lock()  # starting and stopping Pagefind (two threads may)
        self._abandoned = False
        self._process = None
        self._sent = 0
        self._write_id: int | None = None
        if not deferred:
            self._start()

    def _start(self) -> None:
        try:
            self._process = subprocess.Popen(
                [str(self._binary), "--service"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchUnavailable(f"search: Pagefind could not start ({exc})") from None
        self._reader = threading.Thread(target=self._read, name="pagefind", daemon=True)
        self._reader.start()
        answer = self._wait(self._send({"type": "NewIndex",
                                        "config": {"force_language": self.language}}))
        if answer is None or "index_id" not in answer:
            self._stop()
            raise SearchUnavailable(f"search: Pagefind did not start an index "
                                    f"({self._failure()})")
        self._index_id = answer["index_id"]

    def add(self, page_html: str, url: str) -> None:
        """Index a page; `url` is its address from the site's root."""
        if self._write_id is not None:
            raise RuntimeError(f"{url}: a page for the index after the index was sealed")
        self.count += 1
        if self._kept is not None:
            self._kept.append((page_html, url))
            return
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url,
                    "file_path": None, "file_contents": page_html})

    def seal(self) -> None:
        """No more pages: Pagefind writes the index now, while the build draws the pages
        that are not searched (a journey's views, the indexes), which it draws last."""
        if self._write_id is None and self._process is not None:
            self._write_id = self._send({"type": "WriteFiles", "index_id": self._index_id,
                                         "output_path": self.output_dir})

    def write(self) -> int:
        """Wait for the index to be written to `output_dir`; the number of pages."""
        if self._abandoned:
            return 0
        if self._kept is not None:  # deferred: Pagefind starts now, and gets every page
            with self._lock:
                if self._abandoned:
                    return 0
                self._start()
            pages, self._kept = self._kept, None
            for page_html, url in pages:
                if self._abandoned:
                    break
                self._send({"type": "AddFile", "index_id": self._index_id, "url": url,
                            "file_path": None, "file_contents": page_html})
        self.seal()
        answer = self._wait(self._write_id)
        if answer is not None and answer.get("type") == "WriteFiles":
            _wait_until_whole(self.output_dir)
            if not _without_stale(self.output_dir):  # the last build's could not be told
                shutil.rmtree(self.output_dir, ignore_errors=True)  # apart: write into nothing
                answer = self._wait(self._send({"type": "WriteFiles", "index_id": self._index_id,
                                                "output_path": self.output_dir}))
                if answer is not None and answer.get("type") == "WriteFiles":
                    _wait_until_whole(self.output_dir)
        self._stop()
        if self._abandoned:
            return 0
        if answer is None or answer.get("type") != "WriteFiles" or self._errors:
            raise SearchUnavailable(f"search: Pagefind failed ({self._failure()})")
        for name in os.listdir(self.output_dir):
            if _UI_FILES.match(name):
                os.remove(os.path.join(self.output_dir, name))
        write_offline_manifest(self.output_dir)
        return self.count

    def abandon(self) -> None:
        """Stop without writing an index (the build stopped, or a newer one started)."""
        with self._lock:
            self._abandoned, self._kept = True, None
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self._stop()

    def _send(self, payload: dict) -> int:
        self._sent += 1
        message = {"message_id": self._sent, "payload": payload}
        try:  # Pagefind reads ahead of its work, so this seldom waits
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
            self._process.stdin.flush()
        except (OSError, ValueError) as exc:  # it stopped: said once, at the end
            if not self._errors:
                self._errors.append(f"it stopped taking pages: {exc}")
        return self._sent

    def _read(self) -> None:
        """Pagefind's answers, as they come (on a thread: its output must never fill up)."""
        pending = b""
        try:
            while chunk := self._process.stdout.read1(1 << 16):
                *answers, pending = (pending + chunk).split(b",")
                for raw in answers:
                    answer = json.loads(base64.b64decode(raw))
                    payload = answer.get("payload") or {}
                    with self._answered:
                        if payload.get("type") == "Error":
                            self._errors.append(str(payload.get("message", payload))[:300])
                        if answer.get("message_id") is not None:
                            self._answers[answer["message_id"]] = payload
                        self._answered.notify_all()
        except (OSError, ValueError) as exc:
            self._errors.append(f"its answer could not be read: {exc}")
        finally:
            with self._answered:
                self._ended = True
                self._answered.notify_all()

    def _wait(self, message_id: int) -> dict | None:
        """Pagefind's answer to a message; None if it ended without one."""
        with self._answered:
            self._answered.wait_for(lambda: message_id in self._answers or self._ended)
            return self._answers.pop(message_id, None)

    def _failure(self) -> str:
        if self._errors:
            return "; ".join(dict.fromkeys(self._errors))
        code = self._process.poll()
        return f"it ended with status {code}" if code is not None else "no answer"

    def _stop(self) -> None:
        with self._lock:
            process = self._process
            if process is None:
                return
            if process.stdin and not process.stdin.closed:
                try:
                    process.stdin.close()  # Pagefind ends when its input does
                except OSError:
                    pass
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._reader.join()


def index_reusable(index_dir: str) -> bool:
    """Whether Pagefind may write over the last build's index (site_builder/output.py keeps
    the site folder). Pagefind passes over a file that is already there, its name being its
    content's hash, so each must be whole: they are when the offline manifest, written once
    Pagefind's files were whole, is newer than every one of them (a write stopped half-way
    leaves newer files, perhaps cut short)."""
    try:
        if os.path.islink(index_dir):
            return False
        written = os.stat(os.path.join(index_dir, OFFLINE_MANIFEST)).st_ctime_ns
        for folder, subfolders, names in os.walk(index_dir):
            # Only Pagefind's own folders, one level down (anything else would stay).
            if subfolders and (folder != index_dir
                               or not set(subfolders) <= set(_INDEX_FOLDERS)):
                return False
            for name in names:
                info = os.lstat(os.path.join(folder, name))
                if info.st_ctime_ns > written or not output.writable_over(info):
                    return False
    except OSError:
        return False
    return True


def _without_stale(output_dir: str) -> bool:
    """Remove what the index just written does not name (an index written over the last
    build's keeps the last build's files of pages since changed); False if the index
    cannot be read to tell."""
    try:
        with open(os.path.join(output_dir, "pagefind-entry.json"), "rb") as f:
            languages = list(json.loads(f.read())["languages"].values())
        metas = {f"pagefind.{language['hash']}.pf_meta" for language in languages}
        wasm = {f"wasm.{language['wasm']}.pagefind" for language in languages}
        named = b""  # each language's metadata names its pages, index chunks and filters
        for name in metas:
            with open(os.path.join(output_dir, name), "rb") as f:
                named += gzip.decompress(f.read())
        for name in os.listdir(output_dir):
            if ((name.endswith(".pf_meta") and name not in metas)
                    or (_LANGUAGE_WASM.match(name) and name not in wasm)):
                os.remove(os.path.join(output_dir, name))
        for folder in _INDEX_FOLDERS:
            path = os.path.join(output_dir, folder)
            for name in os.listdir(path) if os.path.isdir(path) else ():
                if _cbor_text(name.rsplit(".", 1)[0]) not in named:
                    os.remove(os.path.join(path, name))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError, zlib.error):
        return False
    return True


_INDEX_FOLDERS = ("fragment", "index", "filter")  # what Pagefind writes in its folder
# Pagefind's WebAssembly for one language; `wasm.unknown.pagefind` (for pages of no known
# language) is written every time.
_LANGUAGE_WASM = re.compile(r"^wasm\.(?!unknown\.)[^.]+\.pagefind$")


def _cbor_text(text: str) -> bytes:
    """`text` as Pagefind's metadata (CBOR) holds a string: its length, then its bytes."""
    data = text.encode("utf-8")
    size = len(data)
    head = (bytes([0x60 + size]) if size < 24 else bytes([0x78, size]) if size < 256
            else bytes([0x79]) + size.to_bytes(2, "big"))
    return head + data


# How long Pagefind may take to finish its files after it says they are written.
WRITE_SETTLE_SECONDS = 10


def _wait_until_whole(output_dir: str) -> None:
    """Pagefind answers that it wrote the index while its last files are still being
    written (seen on a busy machine: the WebAssembly or the entry file empty or cut short,
    when Pagefind ended as its input closed). Its input stays open until they are whole."""
    deadline = time.monotonic() + WRITE_SETTLE_SECONDS
    while not _index_whole(output_dir) and time.monotonic() < deadline:
        time.sleep(0.02)


def _index_whole(output_dir: str) -> bool:
    """Whether the files every search needs are complete: the entry file names each
    language's metadata, which is there; Pagefind's script; each WebAssembly whole (gzip
    tells a cut-short file)."""
    try:
        with open(os.path.join(output_dir, "pagefind-entry.json"), "rb") as f:
            entry = json.loads(f.read())
        names = os.listdir(output_dir)
        if not os.path.getsize(os.path.join(output_dir, "pagefind.js")):
            return False
        metas = [f"pagefind.{language['hash']}.pf_meta"
                 for language in entry["languages"].values()]
        wasm = [name for name in names if name.startswith("wasm.") and name.endswith(".pagefind")]
        for name in metas + wasm:
            with open(os.path.join(output_dir, name), "rb") as f:
                if not gzip.decompress(f.read()):  # (an empty file decompresses to nothing)
                    return False
        return bool(metas and wasm)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError, zlib.error):
        return False


_TAG_OR_END = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>")


def without_ignored(content: str) -> str:
    """`content` without the elements marked `data-pagefind-ignore`, as Pagefind reads it (for
    the file:// copy's own index). Safe on our own output only, as search_text."""
    kept, at, skipping, depth = [], 0, None, 0
    for tag in _TAG_OR_END.finditer(content):
        closing, name = tag.group(1), tag.group(2).lower()
        if skipping is None:
            if not closing and "data-pagefind-ignore" in tag.group(3):
                kept.append(content[at:tag.start()])
                skipping, depth = name, 1
        elif name == skipping and not tag.group(3).rstrip().endswith("/"):
            depth += -1 if closing else 1
            if depth == 0:
                skipping, at = None, tag.end()
    if skipping is None:
        kept.append(content[at:])
    return "".join(kept)


class ScriptIndex:
    """Every page's words in one script, for the copy that is opened from disk."""

    def __init__(self):
        self.docs: list[dict[str, str]] = []

    def add(self, location: str, title: str, content: str, meta: dict[str, str]) -> None:
        text = html.unescape(search_text(without_ignored(content))[len("<p>"):-len("</p>")])
        self.docs.append({"location": location, "title": title, "text": text, **meta})

    def write(self, site_dir: str) -> None:
        path = os.path.join(site_dir, SCRIPT_INDEX)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # JSON is a JavaScript expression; `<` escaped so no `</script>` can end it early.
        data = json.dumps({"docs": self.docs}, ensure_ascii=False).replace("<", "\\u003c")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"window.{SCRIPT_GLOBAL} = {data};\n")


def write_offline_manifest(index_dir: str) -> None:
    """What a browser keeps so that search works in its offline copy: Pagefind's own files,
    the index chunks (within OFFLINE_INDEX_BUDGET), and each page's fragment by address, so a
    role's copy keeps the fragments of the pages it keeps (the results it can open)."""
    files, chunks, size = [], [], 0
    for name in sorted(os.listdir(index_dir)):
        if os.path.isfile(os.path.join(index_dir, name)) and name != OFFLINE_MANIFEST:
            files.append(name)
    for name in sorted(os.listdir(os.path.join(index_dir, "index"))):
        chunks.append("index/" + name)
        size += os.path.getsize(os.path.join(index_dir, "index", name))
    # A fragment's name is its content's hash: those the last manifest names (an index
    # written over the last build's) are not read again.
    known = {}
    try:
        with open(os.path.join(index_dir, OFFLINE_MANIFEST), "rb") as f:
            known = {path: url for url, path in json.loads(f.read())["fragments"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    fragments = {}
    for name in sorted(os.listdir(os.path.join(index_dir, "fragment"))):
        url = known.get("fragment/" + name)
        if url is None:
            with open(os.path.join(index_dir, "fragment", name), "rb") as f:
                data = gzip.decompress(f.read())
            # A fragment is Pagefind's signature, then the page's JSON.
            url = json.loads(data[data.index(b"{"):])["url"].lstrip("/")
        fragments[url] = "fragment/" + name
    manifest = {"files": files + (chunks if size <= OFFLINE_INDEX_BUDGET else []),
                "fragments": fragments}
    with open(os.path.join(index_dir, OFFLINE_MANIFEST), "w", encoding="utf-8") as f:
        json.dump(manifest, f, sort_keys=True, separators=(",", ":"))
