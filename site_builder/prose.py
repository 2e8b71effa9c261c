"""Notes that are plain prose, turned into HTML without the Markdown engine.

Most notes under a stage, moment or role are a few sentences. Python-Markdown spends about
a tenth of a millisecond on each even so, which in a large atlas is most of a build's
Markdown time. For text made only of letters, digits, spaces and ordinary punctuation,
with every line starting with a letter, its output is known: each paragraph in a `<p>`,
its lines kept as they are. Anything else (a list, a link, emphasis, a heading, HTML, a
character that could start any of these) goes through Markdown as before.
`tests/test_prose.py` checks the shortcut against Python-Markdown itself on generated text.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from .markdown_limits import ShownAsTyped
from .safe_markdown import SafeMarkdown

# Extensions whose syntax always needs a character or a line start that plain prose lacks
# (`smarty`, `nl2br` or `meta`, for example, change plain text itself, so are not here).
PROSE_NEUTRAL_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "fenced_code", "footnotes",
    "md_in_html", "sane_lists", "tables", "toc"})

# A line: a letter first, then letters, digits, single spaces and punctuation that Markdown
# gives no meaning to; no space at the end (two there would make a line break).
_PLAIN_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[ .,;:?!'\"()/%’‘“”–—…])*(?<! )")


def engine_leaves_prose_alone(extensions: Iterable[Any], configs: dict) -> bool:
    """True when every configured Markdown extension is one that plain prose cannot
    trigger, so the shortcut gives what the engine would."""
    for extension in extensions:
        if isinstance(extension, (SafeMarkdown, ShownAsTyped)):  # ours: prose passes as is
            continue
        if not isinstance(extension, str):
            return False  # an extension object we do not know
        name = extension.removeprefix("markdown.extensions.")
        if name not in PROSE_NEUTRAL_EXTENSIONS:
            return False
    # A table-of-contents marker made of plain words would be replaced by the contents.
    toc = configs.get("toc") or configs.get("markdown.extensions.toc") or {}
    return "marker" not in toc


def prose_html(text: str) -> str | None:
    """The HTML of `text` when it is plain prose, else None (convert it with Markdown)."""
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
        elif _PLAIN_LINE.fullmatch(line):
            paragraphs[-1].append(line)
        else:
            return None
    return "\n".join("<p>" + "\n".join(lines) + "</p>" for lines in paragraphs if lines)
