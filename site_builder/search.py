"""Search: which pages are found, as what, and the index the site searches.

A served site searches with Pagefind: its index is split in small chunks, so a query fetches
a few hundred KB however large the atlas grows, and nothing loads before the search box is
used. The plugin gathers each page's words as the build draws it (`PagefindFeed`) and has
Pagefind index them at the end, in one go.
A copy opened from disk (file://) cannot fetch chunks: it carries one small script index
of every page's words instead (`ScriptIndex`), searched by the theme's own few lines."""

from __future__ import annotations

import asyncio
import gzip
import html
import json
import os
import re
import shutil
import tempfile
import threading

from .pages import PageSpec, search_text

INDEX_DIR = "pagefind"  # in the site folder, where the theme's search box looks
SCRIPT_INDEX = "search/search_index.js"  # the file:// copy's index (see file_copy.py)
SCRIPT_GLOBAL = "journeyAtlasSearchIndex"  # atlas.js reads the script index from this name
# What a result says it is, by the kind of page it leads to.
KIND_LABELS = {"stage": "Stage", "moment": "Moment", "journey": "Journey", "role": "Role",
               "persona": "Persona", "team": "Team", "insight": "Research", "path": "Path",
               "tour": "Tour", "glossary": "Glossary"}
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
_GLUED = re.compile(r"(</(?:a|div|dt|dd|span|small|td|th|label|summary|figcaption)>)(?=<)"
                    r"|(?<=\w)(?=<(?:span|small|div|br|ul|ol|dl)\b)")
_SPACE_AFTER = r"\g<0> "  # a space after what matched (after nothing, for a tag that opens)
# Of Pagefind's output, what the search box needs; the rest is Pagefind's own UI.
_UI_FILES = re.compile(r"^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$")


def indexed(spec: PageSpec | None) -> bool:
    """Whether a page is found by search (an ordinary Markdown page always is)."""
    return spec is None or spec.kind not in NOT_INDEXED


def result_meta(spec: PageSpec | None, journey_title: str | None) -> dict[str, str]:
    """What a result shows beside its title: the kind of page, and the journey it is in."""
    meta = {"kind": KIND_LABELS.get(spec.kind, "Page") if spec else "Page"}
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
            f"{_GLUED.sub(_SPACE_AFTER, content)}</main></body></html>")


class SearchUnavailable(Exception):
    """Pagefind could not be started or failed: the message says what to do."""


class PagefindFeed:
    """Pages for Pagefind, gathered as the build draws them, then indexed in one go.

    Each page is written, as `indexed_html` makes it, to a folder of its own under the
    system's temporary folder; Pagefind then reads that folder with its own threads (one
    request: handing it pages one by one over its pipe costs about 90 ms a page)."""

    def __init__(self, language: str, output_dir: str):
        try:
            from pagefind.index import PagefindIndex  # noqa: F401 (checked before drawing)
        except ImportError as exc:
            raise SearchUnavailable(
                f"search needs Pagefind ({exc}); install journey-atlas again "
                "(`pip install -e .`), which brings the `pagefind[bin]` package") from None
        self.language = language
        self.output_dir = os.path.abspath(output_dir)
        self.pages = tempfile.mkdtemp(prefix="journey-atlas-search-")
        self.count = 0

    def add(self, page_html: str, url: str) -> None:
        """Keep a page for the index; `url` is its address from the site's root."""
        rel = url.strip("/")
        if not rel or rel.endswith("/") or not rel.endswith(".html"):
            rel = (rel + "/" if rel else "") + "index.html"
        path = os.path.join(self.pages, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(page_html)
        self.count += 1

    def write(self) -> int:
        """Index the pages kept, write the index to `output_dir`; the number of pages."""
        failed = []

        def run() -> None:  # a loop of its own: the caller may be inside one (Playwright)
            try:
                asyncio.run(self._index())
            except Exception as exc:
                failed.append(exc)

        try:
            worker = threading.Thread(target=run, name="pagefind")
            worker.start()
            worker.join()
            if failed:
                raise failed[0]
        except Exception as exc:
            raise SearchUnavailable(f"search: Pagefind failed ({type(exc).__name__}: "
                                    f"{exc})") from None
        finally:
            self.abandon()
        for name in os.listdir(self.output_dir):
            if _UI_FILES.match(name):
                os.remove(os.path.join(self.output_dir, name))
        write_offline_manifest(self.output_dir)
        return self.count

    async def _index(self) -> None:
        from pagefind.index import PagefindIndex
        config = {"force_language": self.language, "output_path": self.output_dir}
        async with PagefindIndex(config=config) as index:
            await index.add_directory(self.pages)

    def abandon(self) -> None:
        """Drop the pages kept (the index is written, or the build stopped)."""
        shutil.rmtree(self.pages, ignore_errors=True)


class ScriptIndex:
    """Every page's words in one script, for the copy that is opened from disk."""

    def __init__(self):
        self.docs: list[dict[str, str]] = []

    def add(self, location: str, title: str, content: str, meta: dict[str, str]) -> None:
        text = html.unescape(search_text(content)[len("<p>"):-len("</p>")])
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
    fragments = {}
    for name in sorted(os.listdir(os.path.join(index_dir, "fragment"))):
        with open(os.path.join(index_dir, "fragment", name), "rb") as f:
            data = gzip.decompress(f.read())
        # A fragment is Pagefind's signature, then the page's JSON.
        url = json.loads(data[data.index(b"{"):])["url"]
        fragments[url.lstrip("/")] = "fragment/" + name
    manifest = {"files": files + (chunks if size <= OFFLINE_INDEX_BUDGET else []),
                "fragments": fragments}
    with open(os.path.join(index_dir, OFFLINE_MANIFEST), "w", encoding="utf-8") as f:
        json.dump(manifest, f, sort_keys=True, separators=(",", ":"))
