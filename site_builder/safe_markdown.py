"""A Markdown extension that keeps author-written Markdown from injecting markup.

Raw HTML in Markdown is shown as text, and links or images whose address could run
script (`javascript:`, `data:`, `vbscript:` ...) lose that address. Everything else
Markdown does is unchanged.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# A scheme is letters, digits, + - . before a colon; browsers ignore whitespace and
# control characters inside it, so those are stripped before looking.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")


def is_safe_url(url: str) -> bool:
    # Decode character references first: the value may reach a browser that decodes them.
    match = _SCHEME.match(_IGNORED_IN_SCHEME.sub("", html.unescape(url)))
    return match is None or match.group(1).lower() in SAFE_SCHEMES


class _DropUnsafeUrls(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if any(not is_safe_url(element.get(a)) for a in URL_ATTRIBUTES if element.get(a)):
                # Keep the text, lose the address: the link or image becomes a plain span
                # (later processors, such as MkDocs' link rewriting, expect links to have one).
                for attribute in URL_ATTRIBUTES:
                    element.attrib.pop(attribute, None)
                element.tag = "span"


class SafeMarkdown(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Without these, `<script>` and friends are ordinary text and get escaped.
        for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
            if name in registry:
                registry.deregister(name)
        md.treeprocessors.register(_DropUnsafeUrls(md), "journey_atlas_safe_urls", 0)
