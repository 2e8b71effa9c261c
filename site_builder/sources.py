"""Reading content files: YAML documents and Markdown with YAML front matter, and the
listing of a content folder.

Every value keeps the line it came from in the file itself (not the line within the
front matter), so a validation message can point authors at the exact spot.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import ProblemList

Path_ = tuple  # a path into a document: ("gaps", 0, "impact")

_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass
class Document:
    """A parsed YAML mapping with the file line of every key and value."""

    path: str  # relative to the content folder
    data: Any = None
    body: str = ""  # Markdown after the front matter ("" for .yml files)
    value_lines: dict[Path_, int] = field(default_factory=dict)
    key_lines: dict[Path_, int] = field(default_factory=dict)
    columns: dict[tuple[int, Path_], int] = field(default_factory=dict)  # (is_key, path) -> col
    raw_text: dict[Path_, str] = field(default_factory=dict)  # plain scalars YAML typed
    record_line: int = 1  # where a key missing from the whole document is reported
    body_line: int = 1  # the file's line where `body` starts

    def line(self, at: Path_ = ()) -> int:
        """Line of the value at `at`, or of its nearest enclosing value that has one."""
        at = tuple(at)
        while at:
            if at in self.value_lines:
                return self.value_lines[at]
            at = at[:-1]
        return self.value_lines.get((), 1)

    def key_line(self, at: Path_) -> int:
        return self.key_lines.get(tuple(at)) or self.line(at)

    def column(self, at: Path_, key: bool = False) -> int:
        at = tuple(at)
        return self.columns.get((key, at)) or self.columns.get((False, at), 1)


def listing(folder: Path) -> list[tuple[str, bool, bool]]:
    """The entries of `folder` in name order: (name, is a file, is a folder), links followed;
    none if it is no folder. One system call for the folder, none per entry (os.scandir)."""
    try:
        with os.scandir(folder) as entries:
            found = []
            for entry in entries:
                try:
                    found.append((entry.name, entry.is_file(), entry.is_dir()))
                except OSError:  # a broken link or no permission: neither
                    found.append((entry.name, False, False))
    except (NotADirectoryError, FileNotFoundError):
        return []
    return sorted(found)


def read_text(path: Path, rel: str, problems: ProblemList) -> str | None:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(rel, line, f"expected UTF-8 text; byte 0x{raw[exc.start]:02x} is not valid UTF-8 "
                                  "(save the file as UTF-8)")
        return None


# The last parse of each file, by its text: `mkdocs serve` reloads the atlas on every save,
# and a save changes one file. Keyed by the text itself (reading is cheap, parsing is not),
# so a file is never taken for unchanged; only parses without problems are kept, and a
# Document is never changed after it is made (validation builds new values from it).
_PARSED: dict[tuple[str, str], tuple[str, Document]] = {}


def _parsed(kind: str, rel: str, text: str, problems: ProblemList, parse) -> Document | None:
    kept = _PARSED.get((kind, rel))
    if kept is not None and kept[0] == text:
        return kept[1]
    before = len(problems.items)
    doc = parse(text, rel, problems)
    if doc is not None and len(problems.items) == before:
        _PARSED[(kind, rel)] = (text, doc)
    else:
        _PARSED.pop((kind, rel), None)
    return doc


def load_yaml_file(path: Path, rel: str, problems: ProblemList) -> Document | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    return _parsed("yaml", rel, text, problems,
                   lambda text, rel, problems: parse_yaml(text, rel, problems, first_line=1))


def load_markdown_file(path: Path, rel: str, problems: ProblemList) -> Document | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    return _parsed("markdown", rel, text, problems, parse_front_matter)


def parse_front_matter(text: str, rel: str, problems: ProblemList) -> Document | None:
    opening = _FRONT_MATTER_OPEN.match(text)
    if not opening:
        problems.error(rel, 1, "expected YAML front matter: the file must start with a line '---', "
                               "then the keys, then a closing '---'")
        return None
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end())
    if not closing:
        problems.error(rel, 1, "the front matter opened with '---' on line 1 is never closed: "
                               "add a line '---' after the last key")
        return None
    yaml_text = text[opening.end():closing.start()]
    body_start = closing.end()
    if text.startswith("\r\n", body_start):
        body_start += 2
    elif text.startswith("\n", body_start):
        body_start += 1
    doc = parse_yaml(yaml_text, rel, problems, first_line=2)
    if doc is not None:
        doc.body = text[body_start:]
        doc.body_line = text.count("\n", 0, body_start) + 1
    return doc


# libyaml's C parser when PyYAML was built with it: the same YAML, several times faster.
# Only its node tree is used: _NodeReader turns it into values, keeping line numbers.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Limits that keep a few hundred hostile bytes from taking the machine down. Real content
# is a handful of levels deep and rarely uses aliases at all.
MAX_DEPTH = 50  # lists and mappings inside each other
MAX_ALIAS_VALUES = 10_000  # values produced by repeating anchored ones (*name), per file
MAX_ALIAS_CHARACTERS = 1_000_000  # and the text they repeat: 9,000 copies of a long text
MAX_YAML_CHARACTERS = 1_000_000  # a stage's front matter is a few KB, a glossary a few hundred
TOO_DEEP = (f"values are nested too deeply: lists and mappings go at most {MAX_DEPTH} levels "
            "inside each other")


class _TooBig(Exception):
    """Stops reading a document at once; the problem is already reported."""


def parse_yaml(text: str, rel: str, problems: ProblemList, first_line: int) -> Document | None:
    doc = Document(path=rel)
    if len(text) > MAX_YAML_CHARACTERS:  # reading YAML takes some 300 bytes per character
        problems.error(rel, first_line, f"the YAML here is {len(text) // 1000:,} KB; atlas "
                                        f"files hold at most {MAX_YAML_CHARACTERS // 1000:,} KB "
                                        "of it (long notes belong in the Markdown body)")
        return None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                doc.data = {}
                return doc
            reader = _NodeReader(loader, doc, first_line, problems)
            doc.data = reader.value(node, ())
            if reader.looped:  # told; its other checks would only repeat it
                return None
        finally:
            loader.dispose()
    except _TooBig:
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        col = (mark.column + 1) if mark else 1
        what = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        if "maximum nesting depth" in what:  # libyaml's own limit (1,000 levels)
            problems.error(rel, line, TOO_DEEP, col)
        else:
            problems.error(rel, line, f"YAML syntax error: {what}{context}", col)
        return None
    except yaml.YAMLError as exc:  # errors without a position, e.g. bad characters
        problems.error(rel, first_line, f"YAML syntax error: {exc}")
        return None
    except RecursionError:  # the pure-Python parser, without libyaml, on deep nesting
        problems.error(rel, first_line, TOO_DEEP)
        return None
    return doc


_STR_TAG = "tag:yaml.org,2002:str"
# `=` alone is YAML 1.1's "value" key, which no safe loader constructs: it is text here.
_TEXT_TAGS = (_STR_TAG, "tag:yaml.org,2002:value")
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _NodeReader:
    """Turns the node tree into plain values, noting where each key and value stands.

    One walk does both: PyYAML's constructor would walk the tree a second time (most
    values are strings, whose text is their value). Numbers, booleans and dates are left
    to PyYAML's safe constructor; the text as written is kept beside them (`raw_text`), so
    a text field shows `0x1F` or `12:30` as written, not as YAML 1.1's 31 or 750.

    Aliases (`*name`) repeat an anchored value wherever they stand; the reader counts
    what they produce, so a "billion laughs" file is refused instead of filling memory."""

    def __init__(self, loader: yaml.SafeLoader, doc: Document, first_line: int,
                 problems: ProblemList):
        self.loader, self.doc, self.first_line, self.problems = loader, doc, first_line, problems
        self.open: list[int] = []  # ids of the collections being read, outermost first
        self.read: set[int] = set()  # nodes read once already: reading one again is an alias
        self.alias_values = self.alias_characters = 0
        self.looped = False

    def value(self, node: yaml.Node, at: Path_) -> Any:
        doc = self.doc
        line = node.start_mark.line + self.first_line
        if id(node) in self.read:
            self.alias_values += 1
            if isinstance(node, yaml.ScalarNode):
                self.alias_characters += len(node.value)
            if (self.alias_values > MAX_ALIAS_VALUES
                    or self.alias_characters > MAX_ALIAS_CHARACTERS):
                self.problems.error(doc.path, line, "YAML aliases (*name) here expand to more "
                                    f"than {MAX_ALIAS_VALUES:,} values or "
                                    f"{MAX_ALIAS_CHARACTERS:,} characters; write the values "
                                    "out, or use fewer aliases", node.start_mark.column + 1)
                raise _TooBig
        else:
            self.read.add(id(node))
        doc.value_lines[at] = line
        doc.columns[(False, at)] = node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, at)
        if id(node) in self.open:
            self.problems.error(doc.path, line, "this value contains itself through a YAML "
                                                "alias (*name); write the value out instead")
            self.looped = True
            return None
        if len(self.open) >= MAX_DEPTH:
            self.problems.error(doc.path, line, TOO_DEEP, node.start_mark.column + 1)
            raise _TooBig
        self.open.append(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.value(item, at + (i,)) for i, item in enumerate(node.value)]
            return self.mapping(node, at)  # tags such as !!set or !!omap are read as written
        finally:
            self.open.pop()

    def mapping(self, node: yaml.MappingNode, at: Path_) -> dict:
        doc, mapping, seen, merged = self.doc, {}, {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:  # `<<: *defaults` or `<<: [*a, *b]`
                for key, value in self.merge(value_node, at).items():
                    merged.setdefault(key, value)  # the first merge key wins
                continue
            key = self.key(key_node)
            key_line = key_node.start_mark.line + self.first_line
            if key in seen:
                self.problems.error(doc.path, key_line,
                                    f"duplicate key '{key}' (first given on line {seen[key]}); "
                                    "each key may appear once")
            seen[key] = key_line
            doc.key_lines[at + (key,)] = key_line
            doc.columns[(True, at + (key,))] = key_node.start_mark.column + 1
            mapping[key] = self.value(value_node, at + (key,))
        # Keys written in the mapping win over merged ones, as YAML's merge key says.
        return {**merged, **mapping} if merged else mapping

    def merge(self, node: yaml.Node, at: Path_) -> dict:
        """The mappings a merge key names (earlier ones win), read with the same limits."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict = {}
        for source in reversed(sources):
            value = self.value(source, at)
            if not isinstance(value, dict):
                line = source.start_mark.line + self.first_line
                self.problems.error(self.doc.path, line, "a merge key (<<) takes a mapping or "
                                    "a list of mappings, such as <<: *defaults")
                continue
            merged.update(value)
        return merged

    def key(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return node.value  # keys are names and ids: always the text as written
        return f"<{node.id}>"  # a list or mapping as a key: the schema will say it is wrong

    def scalar(self, node: yaml.ScalarNode, at: Path_) -> Any:
        if node.tag in _TEXT_TAGS:  # nearly every key and value: its text is its value
            return node.value
        if not node.style:  # plain, not quoted: YAML decided its type from the text
            self.doc.raw_text[at] = node.value
        try:
            return self.loader.construct_object(node)
        except (ValueError, OverflowError):
            # YAML took it for a date or number it cannot be (2024-13-01): keep the text,
            # and let the field's check say what was expected there.
            return node.value
