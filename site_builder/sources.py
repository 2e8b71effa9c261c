"""Reading content files: YAML documents and Markdown with YAML front matter.

Every value keeps the line it came from in the file itself (not the line within the
front matter), so a validation message can point authors at the exact spot.
"""

from __future__ import annotations

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
    record_line: int = 1  # where a key missing from the whole document is reported

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


def read_text(path: Path, rel: str, problems: ProblemList) -> str | None:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(rel, line, f"expected UTF-8 text; byte 0x{raw[exc.start]:02x} is not valid UTF-8 "
                                  "(save the file as UTF-8)")
        return None


def load_yaml_file(path: Path, rel: str, problems: ProblemList) -> Document | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    return parse_yaml(text, rel, problems, first_line=1)


def load_markdown_file(path: Path, rel: str, problems: ProblemList) -> Document | None:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    return parse_front_matter(text, rel, problems)


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
    return doc


# libyaml's C parser when PyYAML was built with it: the same YAML, several times faster.
# Only its node tree is used: _NodeReader turns it into values, keeping line numbers.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, rel: str, problems: ProblemList, first_line: int) -> Document | None:
    doc = Document(path=rel)
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
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        col = (mark.column + 1) if mark else 1
        what = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        problems.error(rel, line, f"YAML syntax error: {what}{context}", col)
        return None
    except yaml.YAMLError as exc:  # errors without a position, e.g. bad characters
        problems.error(rel, first_line, f"YAML syntax error: {exc}")
        return None
    return doc


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _NodeReader:
    """Turns the node tree into plain values, noting where each key and value stands.

    One walk does both: PyYAML's constructor would walk the tree a second time (most
    values are strings, whose text is their value). Numbers, booleans, dates and merge
    keys (`<<: *defaults`) are left to PyYAML's safe constructor."""

    def __init__(self, loader: yaml.SafeLoader, doc: Document, first_line: int,
                 problems: ProblemList):
        self.loader, self.doc, self.first_line, self.problems = loader, doc, first_line, problems
        self.open: set[int] = set()  # nodes being read: an alias to one of them is a loop
        self.looped = False

    def value(self, node: yaml.Node, at: Path_) -> Any:
        doc = self.doc
        line = node.start_mark.line + self.first_line
        doc.value_lines[at] = line
        doc.columns[(False, at)] = node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.open:
            self.problems.error(doc.path, line, "this value contains itself through a YAML "
                                                "alias (*name); write the value out instead")
            self.looped = True
            return None
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.value(item, at + (i,)) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, at)
            return self.loader.construct_object(node, deep=True)
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, at: Path_) -> dict:
        doc, mapping, seen = self.doc, {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:  # rare: let PyYAML merge, keep our lines
                mapping = {**self.loader.construct_object(node, deep=True), **mapping}
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
        return mapping

    def key(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        return f"<{node.id}>"  # a list or mapping as a key: the schema will say it is wrong

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR_TAG:  # nearly every key and value: its text is its value
            return node.value
        return self.loader.construct_object(node)
