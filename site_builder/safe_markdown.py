"""A Markdown extension that keeps author-written Markdown from injecting markup.

Raw HTML in Markdown is shown as text, and links or images whose address could run
script (`javascript:`, `data:`, `vbscript:` ...) lose that address; event-handler
attributes (`onclick=`, which `attr_list` would otherwise set) are dropped. An atlas that
opts in to raw HTML keeps its tags, less what could run script or take the reader
elsewhere: `on*=` attributes, unsafe addresses, `<meta http-equiv>` (a refresh navigates
off-site), `<base>` (it would move every relative link) and `srcdoc`.
Everything else Markdown does is unchanged.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

# A scheme is letters, digits, + - . before a colon; browsers ignore whitespace and
# control characters inside it, so those are stripped before looking.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "codebase", "background", "ping")
# Tags dropped, their text kept (escaped): a refresh or a <base> would take the reader
# elsewhere; <plaintext> and its like would swallow the rest of the page.
DROPPED_TAGS = frozenset({"meta", "base", "plaintext", "xmp", "listing", "noembed",
                          "noframes"})
# Dropped with everything in them. Inside <svg> or <math> a browser reads <style> text as
# markup, which this parser (like any HTML parser outside a browser) cannot follow.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})
ANIMATIONS = frozenset({"animate", "set", "animatemotion", "animatetransform"})
ANIMATED_VALUES = ("values", "to", "from", "by")


def is_unsafe_attribute(name: str, value: str | None) -> bool:
    name = name.lower()
    if name in ANIMATED_VALUES and value is not None:  # "0;javascript:..." animates a link
        return not all(is_safe_url(part.strip()) for part in value.split(";"))
    return (name.startswith("on") or name == "srcdoc"
            or (name in URL_ATTRIBUTES and value is not None and not is_safe_url(value)))


def is_safe_url(url: str) -> bool:
    # Decode character references first: the value may reach a browser that decodes them.
    match = _SCHEME.match(_IGNORED_IN_SCHEME.sub("", html.unescape(url)))
    return match is None or match.group(1).lower() in SAFE_SCHEMES


class _DropUnsafeUrls(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            # Set through attr_list ({: onclick="..."}): the raw-HTML rules, but for addresses,
            # which lose their element below.
            for name in [n for n, v in element.attrib.items() if n not in URL_ATTRIBUTES
                         and is_unsafe_attribute(n, v)]:
                del element.attrib[name]
            if any(not is_safe_url(element.get(a)) for a in URL_ATTRIBUTES if element.get(a)):
                # Keep the text, lose the address: the link or image becomes a plain span
                # (later processors, such as MkDocs' link rewriting, expect links to have one).
                for attribute in URL_ATTRIBUTES:
                    element.attrib.pop(attribute, None)
                element.tag = "span"


class _RawHtmlRewriter(HTMLParser):
    """Reads raw HTML and writes it out again as it understood it, less what is unsafe. Text
    is written escaped, so nothing this parser took for text can become a tag in a browser."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.dropping: str | None = None  # inside a <script> or <style> being dropped

    def handle_starttag(self, tag, attrs, closing=""):
        if self.dropping:
            return
        if tag in DROPPED_WITH_CONTENT:
            self.dropping = None if closing else tag
            return
        animated = dict(attrs).get("attributename", "") or ""
        if tag in DROPPED_TAGS or (tag in ANIMATIONS and "href" in animated.lower()):
            return
        kept = "".join(f" {name}" if value is None else f' {name}="{html.escape(value)}"'
                       for name, value in attrs if not is_unsafe_attribute(name, value))
        self.out.append(f"<{tag}{kept}{closing}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, " /")

    def handle_endtag(self, tag):
        if self.dropping:
            if tag == self.dropping:
                self.dropping = None
            return
        if tag not in DROPPED_TAGS and tag not in DROPPED_WITH_CONTENT:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name):
        if not self.dropping:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.dropping:
            self.out.append(f"&#{name};")

    def handle_comment(self, data):
        pass  # browsers end comments where this parser would not (<!-->): leave them out

    def handle_decl(self, decl):
        pass  # a doctype has no place inside a page

    def unknown_decl(self, data):
        pass

    def handle_pi(self, data):
        pass


def clean_raw_html(text: str) -> str:
    rewriter = _RawHtmlRewriter()
    rewriter.feed(text)
    rewriter.close()
    return "".join(rewriter.out)


class _CleanRawHtml(Postprocessor):
    """Runs before Python-Markdown puts the raw HTML it set aside back into the page."""

    def run(self, text: str) -> str:
        stash = self.md.htmlStash
        stash.rawHtmlBlocks = [clean_raw_html(block) if isinstance(block, str) else block
                               for block in stash.rawHtmlBlocks]
        return text


class SafeMarkdown(Extension):
    def __init__(self, raw_html: bool = False, **kwargs):
        self.raw_html = raw_html  # the atlas opted in (`allow_raw_html: true`)
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        if self.raw_html:
            md.postprocessors.register(_CleanRawHtml(md), "journey_atlas_clean_raw_html", 40)
        else:
            # Without these, `<script>` and friends are ordinary text and get escaped.
            for registry, name in ((md.preprocessors, "html_block"),
                                   (md.inlinePatterns, "html")):
                if name in registry:
                    registry.deregister(name)
        md.treeprocessors.register(_DropUnsafeUrls(md), "journey_atlas_safe_urls", 0)
