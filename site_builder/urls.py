"""Site URLs: permanent, mirroring the content files, and always linked relatively so the
site works offline and under any sub-path."""

from __future__ import annotations

import functools
import posixpath


def page_url(doc_path: str, directory_urls: bool = True) -> str:
    """Site-root-relative URL of the page for `doc_path` ('roles/csm', 'journeys/x/index')."""
    if directory_urls:
        if doc_path == "index":
            return ""
        if doc_path.endswith("/index"):
            return doc_path[: -len("index")]
        return doc_path + "/"
    return doc_path + ".html"


@functools.lru_cache(maxsize=65536)
def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, both site-root-relative; the shortest
    relative path (pages link to hundreds of others, so this is done by hand, not relpath)."""
    here = _folder(from_url)
    target, _, fragment = to_url.partition("#")
    there = [part for part in target.split("/") if part]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    rel = "/".join(parts)
    if target.endswith("/") or not target:
        rel = rel + "/" if rel else "./"
    elif not rel:
        rel = "./"
    return rel + (f"#{fragment}" if fragment else "")


def _folder(page_url: str) -> list[str]:
    """The folders of the page at `page_url`, outermost first, that its links start from."""
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    return [part for part in folder.split("/") if part]


def link_place(page_url: str) -> tuple[int, str]:
    """What a relative link from the page at `page_url` to a page or file at the top of
    the site depends on: how deep the page is, and its top folder (see relative_url). Pages
    with the same place have the same links to the top-level pages and to the assets."""
    folder = _folder(page_url)
    return len(folder), folder[0] if folder else ""


class Linker:
    """Makes relative links from one page; templates call it as `href(thing)`."""

    def __init__(self, page_url_: str, directory_urls: bool = True):
        self.page_url = page_url_
        self.directory_urls = directory_urls

    def __call__(self, target, anchor: str | None = None) -> str:
        doc_path = target if isinstance(target, str) else target.doc_path
        url = page_url(doc_path, self.directory_urls)
        return relative_url(self.page_url, url + (f"#{anchor}" if anchor else ""))
