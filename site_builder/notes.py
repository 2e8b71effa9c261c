"""One Python-Markdown engine for every note of a build, instead of one per page.

MkDocs makes a whole new engine for each page it renders, which costs about as much as
converting a short note (extensions loaded, processors registered, patterns compiled).
Python-Markdown supports converting many documents with one engine (`reset()` between
them), so notes of atlas pages share one, made with the build's own extensions and
settings. Only MkDocs' per-page work is not in it: the plugin hands each note a `resolve`
function that rewrites a relative link as MkDocs does, or says that MkDocs must render the
note itself (a link it would warn about, raw HTML whose anchors it would collect, a heading
that could name the page). Links to anchors are noted as MkDocs notes them, to be checked. Those notes go through MkDocs as ever,
so every note's HTML is what MkDocs would make; `tests/test_notes.py` compares the two on
a corpus of notes.

Only with extensions known to start each document afresh after `reset()` (Python-Markdown's
own, whose state `reset()` clears, and ours); with any other the plugin leaves every note
to MkDocs.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from .markdown_limits import ShownAsTyped
from .safe_markdown import SafeMarkdown

# Python-Markdown's extensions that keep nothing from one document to the next once the
# engine is reset (those with state clear it in their `reset`). `abbr` is added where its
# `reset` clears the abbreviations (Markdown 3.7 on; before, each one stayed registered).
_REUSABLE = {"admonition", "attr_list", "codehilite", "def_list", "fenced_code", "footnotes",
             "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
             "smarty", "tables", "toc", "wikilinks"}


def _abbr_resets() -> bool:
    from markdown.extensions import abbr
    return hasattr(abbr.AbbrExtension, "reset")


def engine_reusable(extensions: Iterable[Any]) -> bool:
    """True when one engine made with `extensions` converts each note as a new one would."""
    reusable = _REUSABLE | ({"abbr"} if _abbr_resets() else set())
    for extension in extensions:
        if isinstance(extension, (SafeMarkdown, ShownAsTyped)):
            continue  # ours: no state between documents
        if not isinstance(extension, str):
            return False
        if extension.removeprefix("markdown.extensions.") not in reusable:
            return False
    return True


class NeedsOwnRendering(Exception):
    """Raised by a `resolve` function: this note must be rendered by MkDocs itself."""


# resolve(path, query, fragment) -> (the new address of a link to `path`, relative to the
# note's file and %-encoded as written; the file it leads to), or NeedsOwnRendering
Resolve = Callable[[str, str, str], tuple[str, Any]]


@dataclass
class Rendered:
    html: str
    toc_tokens: list = field(default_factory=list)  # Python-Markdown's, for MkDocs' get_toc
    anchor_ids: set[str] = field(default_factory=set)  # ids in the note, as MkDocs collects
    # Links to anchors, as MkDocs notes them: (file linked to, or None for the note's own
    # page; anchor; the link as written), in the note's order.
    anchor_links: list[tuple[Any, str, str]] = field(default_factory=list)


class _Links(Treeprocessor):
    """MkDocs' link handling, in the order MkDocs registers it (priority 0, after the
    extensions' own): addresses that are not relative to a file are left as they are;
    the rest go to `resolve`."""

    resolve: Resolve | None = None
    anchor_links: list[tuple[Any, str, str]] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                key = "href"
            elif element.tag == "img":
                key = "src"
            else:
                continue
            url = element.get(key)
            if url is None:
                raise NeedsOwnRendering  # MkDocs would stop on it: let it say so
            scheme, netloc, path, query, fragment = urlsplit(url)
            if scheme or netloc:
                continue  # an address elsewhere: as written
            if url.startswith(("/", "\\")):
                raise NeedsOwnRendering  # MkDocs tells about an absolute link
            if AMP_SUBSTITUTE in url:
                continue  # an obfuscated email address: as written
            if not path:  # a query or an anchor on the same page: as written
                if fragment:
                    self.anchor_links.append((None, fragment, url))
                continue
            address, target = self.resolve(path, query, fragment)
            if fragment:
                self.anchor_links.append((target, fragment, url))
            element.set(key, address)


class _Anchors(Treeprocessor):
    """The ids a page holds, collected as MkDocs collects them (beside `toc`, priority 5)."""

    def __init__(self, md):
        super().__init__(md)
        self.ids: set[str] = set()

    def run(self, root: etree.Element) -> None:
        add = self.ids.add
        for element in root.iter():
            if anchor := element.get("id"):
                add(anchor)
            if element.tag == "a" and (anchor := element.get("name")):
                add(anchor)


class _FirstHeading(Treeprocessor):
    """A note that opens with a level-1 heading: MkDocs would take the page's title from it."""

    def run(self, root: etree.Element) -> None:
        if len(root) and root[0].tag == "h1":
            raise NeedsOwnRendering


class NoteEngine:
    """Converts notes one after another with one engine."""

    def __init__(self, extensions: list, configs: dict):
        self.md = markdown.Markdown(extensions=extensions, extension_configs=configs or {})
        # Registered after the extensions, as MkDocs registers its own processors.
        self._anchors = _Anchors(self.md)
        self.md.treeprocessors.register(self._anchors, "journey_atlas_note_anchors", 5)
        self._links = _Links(self.md)
        self.md.treeprocessors.register(self._links, "journey_atlas_note_links", 0)
        self.md.treeprocessors.register(_FirstHeading(self.md), "journey_atlas_note_title", 1)

    def convert(self, text: str, resolve: Resolve) -> Rendered | None:
        """The note's HTML, or None when MkDocs must render it (see the module's doc).
        `resolve(path, query, fragment)` gives a relative link's address and the file it
        leads to, or raises NeedsOwnRendering."""
        if "<" in text:  # raw HTML (or an autolink): MkDocs collects its anchors
            return None
        md = self.md.reset()
        self._anchors.ids = set()
        self._links.resolve, self._links.anchor_links = resolve, []
        try:
            html = md.convert(text)
        except NeedsOwnRendering:
            return None
        finally:
            self._links.resolve = None
        return Rendered(html, getattr(md, "toc_tokens", []), self._anchors.ids,
                        self._links.anchor_links)
