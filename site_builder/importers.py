"""Turning a journey kept elsewhere into atlas files: a spreadsheet (CSV, one row per stage)
or a Mermaid `journey` diagram.

Every value is checked with the same rules as the atlas (schema.py); problems name the
source file and its line. Nothing is written unless the whole import is clean, and
existing files are never replaced without `force`. Files are read a line at a time and
no further than `max_rows` stages, so a huge or hostile file costs little.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import schema
from .export import CSV_COLUMNS, CSV_FIELDS, unneutralise
from .loader import RESERVED_IDS, load_atlas, unknown_ref
from .model import Atlas
from .problems import ContentError, ProblemList
from .schema import slug
from .sources import Document

REQUIRED_CSV = ("name",)
# Mermaid task scores run 1..5; stage emotions run -2..2.
SCORE_TO_EMOTION = {1: -2, 2: -1, 3: 0, 4: 1, 5: 2}
# A journey has 5 to 12 stages as a rule: far more means the wrong file (or a hostile one),
# and each stage is a file written. `--max-rows` raises the limit.
MAX_ROWS = 500
MAX_LINE = 1 << 20  # bytes (UTF-16: characters); a stage row is a few hundred
SNIFF_CHARS = 1024  # csv.Sniffer takes quadratic time on long lines; a header is short


@dataclass
class ImportedJourney:
    journey_id: str
    title: str
    stages: list[tuple[str, dict, str]] = field(default_factory=list)  # (id, front matter, body)
    new_roles: dict[str, str] = field(default_factory=dict)  # id -> name
    personas: list[str] = field(default_factory=list)


Known = dict[str, set[str]]  # kind of id ("role", "persona", ...) -> the ids the atlas has


def known_ids(atlas: Atlas | None) -> Known:
    """The ids an imported stage may name, by the kinds of schema.Ref."""
    if atlas is None:
        return {"role": set(), "persona": set(), "insight": set(), "journey": set()}
    return {"role": set(atlas.roles), "persona": set(atlas.personas),
            "insight": set(atlas.insights), "journey": {j.id for j in atlas.journeys}}


def _unique(candidate: str, taken: set[str]) -> str:
    name, n = candidate, 2
    while name in taken:
        name = f"{candidate}-{n}"
        n += 1
    taken.add(name)
    return name


class SourceError(Exception):
    """The file to import is missing or is no file: nothing to report line by line."""


class TextError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


SAVE_AS_UTF8 = "save the file as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)')"


def text_lines(path: Path) -> Iterator[str]:
    """The lines of a file (ends kept, as `csv` wants them) in the encodings Excel and
    editors write: a byte-order mark decides (UTF-8, or UTF-16 from Excel's "Unicode
    Text"); otherwise UTF-8; otherwise Windows-1252 (Excel's "CSV (Comma delimited)").
    One line at a time, so a file costs only what is read of it. Raises TextError at the
    first line that cannot be read."""
    with path.open("rb") as raw:
        head = raw.read(3)
        if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            raw.seek(0)
            text = io.TextIOWrapper(raw, "utf-16", errors="replace", newline="")
            lines, encoding = iter(lambda: text.readline(MAX_LINE), ""), "UTF-16"
        else:
            raw.seek(3 if head == codecs.BOM_UTF8 else 0)
            lines = iter(lambda: raw.readline(MAX_LINE), b"")
            # Without a byte-order mark, the first line that is not ASCII decides.
            encoding = "UTF-8" if head == codecs.BOM_UTF8 else None
        for number, line in enumerate(lines, start=1):
            if len(line) == MAX_LINE and line[-1:] not in ("\n", b"\n"):
                raise TextError(number, f"this line is over {MAX_LINE:,} characters long; is "
                                        "this the right file?")
            if isinstance(line, bytes):
                line, encoding = _decode(line, encoding, number)
            if encoding == "UTF-16" and "\ufffd" in line:  # what errors="replace" put in
                raise TextError(number, f"this line is not UTF-16 text; {SAVE_AS_UTF8}")
            if "\0" in line:
                raise TextError(number, "this line holds NUL characters: a UTF-16 file "
                                        f"without its byte-order mark? {SAVE_AS_UTF8}")
            yield line


def _decode(data: bytes, encoding: str | None, number: int) -> tuple[str, str | None]:
    """A line's text, and the file's encoding as now known (None: all ASCII so far)."""
    try:
        text = data.decode("utf-8" if encoding in (None, "UTF-8") else "cp1252")
        return text, encoding or (None if text.isascii() else "UTF-8")
    except UnicodeDecodeError as exc:
        if encoding is None:  # no UTF-8 so far, nor a mark: Windows-1252
            return _decode(data, "Windows-1252", number)
        names = "UTF-8 or Windows-1252" if encoding == "Windows-1252" else encoding
        raise TextError(number, f"byte 0x{data[exc.start]:02X} is not {names} text; "
                                f"{SAVE_AS_UTF8}") from None


# --- CSV ------------------------------------------------------------------------------------

def read_csv(path: Path, journey_id: str, title: str | None, problems: ProblemList,
             known: Known, max_rows: int = MAX_ROWS) -> ImportedJourney:
    """`known`: the ids of the atlas the journey goes into, by kind (known_ids)."""
    rel = str(path)
    imported = ImportedJourney(journey_id, title or journey_id.replace("-", " ").capitalize())
    try:
        lines = text_lines(path)
        first = next(lines, "")
        try:
            guess = csv.Sniffer().sniff(first[:SNIFF_CHARS].rstrip("\r\n"), delimiters=",;\t")
            delimiter, space = guess.delimiter, guess.skipinitialspace
        except csv.Error:
            delimiter, space = ",", False
        # Only the separator is guessed: quoting stays Excel's ('""' inside quotes), which a
        # header without quotes would otherwise turn off.
        reader = csv.reader(itertools.chain([first] if first else [], lines),
                            delimiter=delimiter, skipinitialspace=space)
        _read_csv_rows(_csv_rows(reader), rel, imported, problems, known, max_rows)
    except TextError as exc:
        problems.error(rel, exc.line, str(exc))
    if not imported.stages and not problems.errors:
        problems.error(rel, 1, "no stage rows found under the header")
    return imported


def _csv_rows(reader) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each row; a CSV error is a TextError at the row it is in."""
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):  # mostly a '"' left open: the rest is one cell
            raise TextError(start, f"a cell in the row starting here is longer than "
                                   f"{csv.field_size_limit()} characters; is a '\"' left "
                                   "open?") from None
        if "new-line character" in str(exc):  # csv's own hint is about Python's open()
            raise TextError(start, "a line break ('\\r') outside quotes, as old Macs end "
                                   f"lines; {SAVE_AS_UTF8}") from None
        raise TextError(start, f"this row cannot be read as CSV: {exc}") from None


def _read_csv_rows(rows: Iterator[tuple[int, list[str]]], rel: str,
                   imported: ImportedJourney, problems: ProblemList, known: Known,
                   max_rows: int) -> None:
    journey_id = imported.journey_id
    try:
        header = [h.strip().lower().replace(" ", "_") for h in next(rows)[1]]
    except StopIteration:
        problems.error(rel, 1, "the file is empty; expected a header row with at least 'name'")
        return
    unknown = list(dict.fromkeys(h for h in header if h and h not in CSV_COLUMNS))
    for column in unknown:
        near = schema.nearest(column, CSV_COLUMNS)
        problems.error(rel, 1, f"unknown column '{column}'" + (
            f"; did you mean '{near[0]}'?" if near else f"; columns are: {', '.join(CSV_COLUMNS)}"))
    for column in REQUIRED_CSV:
        if column not in header:
            problems.error(rel, 1, f"missing column '{column}' (the stage in the customer's words)")
    if unknown or any(c not in header for c in REQUIRED_CSV):
        return
    taken: set[str] = set()
    count = 0
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        # Export neutralises cells a spreadsheet would run as formulas: undo that.
        cells = dict(zip(header, (unneutralise(c.strip()).strip() for c in row)))
        if cells.get("journey") and cells["journey"] != journey_id:
            continue  # an export of several journeys: take only the one asked for
        count += 1
        if _over_limit(count, max_rows, "stage rows", rel, line, problems):
            return  # stop reading: the file may go on for millions of rows
        if len(row) > len(header):
            problems.error(rel, line, f"this row has {len(row)} cells but the header has "
                                      f"{len(header)} columns")
            continue
        data = _stage_from_cells(cells, rel, line, problems, known)
        if data is None:
            continue
        stage_id = cells.get("stage") or slug(data["name"])
        if not schema.is_id(stage_id) or stage_id in RESERVED_IDS:
            problems.error(rel, line, f"stage id '{stage_id}' is not a valid id: use lower-case "
                                      "letters, digits and single hyphens"
                                      + (", and not 'index'" if stage_id in RESERVED_IDS else ""))
            continue
        if stage_id in taken:
            problems.error(rel, line, f"stage id '{stage_id}' appears twice")
            continue
        taken.add(stage_id)
        imported.stages.append((stage_id, data, ""))


def _over_limit(count: int, max_rows: int, what: str, rel: str, line: int,
                problems: ProblemList) -> bool:
    if count <= max_rows:
        return False
    problems.error(rel, line, f"more than {max_rows} {what} (a journey has 5 to 12 stages as "
                              "a rule); if this is the right file, raise the limit with "
                              "--max-rows")
    return True


def _stage_from_cells(cells: dict, rel: str, line: int, problems: ProblemList,
                      known: Known) -> dict | None:
    raw: dict = {}
    for column, (key, codec) in CSV_FIELDS.items():
        if not cells.get(column):
            continue
        try:
            raw[key] = codec.read(cells[column])
        except ValueError as exc:
            problems.error(rel, line, f"{column}: {exc}")
            return None
    return _checked(schema.STAGE, raw, rel, line, problems, known)


def _checked(record: schema.Record, raw: dict, rel: str, line: int,
             problems: ProblemList, known: Known) -> dict | None:
    """Check imported values with the atlas' own rules, reporting at the source line: the
    ids it names too (roles, personas, ...) against the atlas it goes into, as validate
    would after it (`known`: kind -> ids; a kind not in it is left to validate)."""
    doc = Document(path=rel, data=raw, value_lines={(): line}, record_line=line)
    before = len(problems.items)
    ctx = schema.CheckContext(doc, problems)
    data = record.check(raw, (), ctx)
    for kind, ref_id, *_ in ctx.refs:
        if kind in known and ref_id not in known[kind]:
            problems.error(rel, line, unknown_ref(kind, ref_id, known[kind]))
    return None if data is None or len(problems.items) > before else data




# --- Mermaid ----------------------------------------------------------------------------------
# As Mermaid's own grammar reads a `journey` (mermaid-js/mermaid, packages/mermaid/src/
# diagrams/user-journey/parser/journey.jison): keywords in any case, a task's name ends at
# its first ':', `accDescr { ... }` may run over many lines.

KEYWORD = re.compile(r"(?P<word>title|section)\s(?P<text>.+)", re.IGNORECASE)
ACC_LINE = re.compile(r"acc(?:Title|Descr)\s*:", re.IGNORECASE)
ACC_BLOCK = re.compile(r"accDescr\s*\{", re.IGNORECASE)
# <br>, <br/>, <br />, and </br>, which browsers also read as a line break.
LINE_BREAK = re.compile(r"</?br\s*/?>", re.IGNORECASE)
SCORES = {str(score) for score in SCORE_TO_EMOTION}


def _one_line(text: str) -> str:
    """Mermaid draws <br> as a line break; a stage name is one line."""
    return " ".join(LINE_BREAK.sub(" ", text).split())


def read_mermaid(path: Path, journey_id: str, title: str | None, problems: ProblemList,
                 known_roles: dict[str, str], max_rows: int = MAX_ROWS) -> ImportedJourney:
    """Sections become stages, tasks touchpoints, scores the stage's emotion, actors roles."""
    rel = str(path)
    imported = ImportedJourney(journey_id, title or journey_id.replace("-", " ").capitalize())
    sections: list[tuple[int, str, list]] = []  # (line, name, [(line, task, score, actors)])
    try:
        _read_mermaid_lines(text_lines(path), rel, imported, sections, title, problems,
                            max_rows)
    except TextError as exc:
        problems.error(rel, exc.line, str(exc))
    if not sections and not problems.errors:
        problems.error(rel, 1, "no 'section' lines: each section becomes a stage")
    taken: set[str] = set()
    role_ids_by_name = {name.lower(): rid for rid, name in known_roles.items()}
    for number, name, tasks in sections:
        stage_id = _unique(slug(name), taken)
        raw: dict = {"name": name}
        if tasks:
            average = sum(t[2] for t in tasks) / len(tasks)
            raw["emotion"] = SCORE_TO_EMOTION[int(average + 0.5)]
            raw["touchpoints"] = [{"name": t[1]} for t in tasks]
        roles: dict[str, str] = {}
        for _, _, _, actors in tasks:
            for actor in actors:
                role_id = role_ids_by_name.get(actor.lower()) or (
                    actor if actor in known_roles else slug(actor, "role"))
                if role_id not in known_roles:
                    imported.new_roles.setdefault(role_id, actor)
                # The first actor named in a section is taken as accountable; review it.
                roles.setdefault(role_id, "A" if not roles else "R")
        if roles:
            raw["roles"] = roles
        data = _checked(schema.STAGE, raw, rel, number, problems, {})  # actors: new roles
        if data is not None:
            imported.stages.append((stage_id, data, ""))
    return imported


def _read_mermaid_lines(lines: Iterator[str], rel: str, imported: ImportedJourney,
                        sections: list, title: str | None, problems: ProblemList,
                        max_rows: int) -> None:
    """Fill `sections` (and the title) from the diagram's lines."""
    seen_header, description_from, rows = False, 0, 0
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if description_from:  # inside accDescr { ... }: skip to the '}'
            if "}" not in text:
                continue
            text, description_from = text.split("}", 1)[1].strip(), 0
        block = seen_header and ACC_BLOCK.match(text)
        if block:
            text = text[block.end():]
            if "}" not in text:
                description_from = number
                continue
            text = text.split("}", 1)[1].strip()  # Mermaid reads on after the '}'
        text = text.split("%%", 1)[0].strip()
        if not text or text.startswith("```"):
            continue
        if not seen_header:
            if text != "journey":
                problems.error(rel, number, "expected the diagram to start with 'journey'")
                return
            seen_header = True
            continue
        if ACC_LINE.match(text):
            continue
        keyword = KEYWORD.match(text)
        if keyword and keyword["word"].lower() == "title":
            imported.title = title or keyword["text"].strip()
            continue
        rows += 1
        if _over_limit(rows, max_rows, "sections and tasks", rel, number, problems):
            return  # stop reading: the file may go on for millions of lines
        if keyword:
            sections.append((number, _one_line(keyword["text"]), []))
            continue
        name, colon, data = text.partition(":")
        if not colon or not name.strip():
            problems.error(rel, number, "expected a task written 'Task name: score: actor, "
                                        "actor'")
            continue
        if not sections:
            problems.error(rel, number, "a task must come after a 'section' line")
            continue
        pieces = data.split(":")  # as Mermaid: score, then actors; more pieces are ignored
        score = pieces[0].strip()
        if score not in SCORES:
            hint = " (a task's name ends at its first ':')" if len(pieces) > 2 else ""
            problems.error(rel, number, f"expected a score from 1 to 5, got '{score}'{hint}")
            continue
        actors = [a.strip() for a in pieces[1].split(",") if a.strip()] if pieces[1:] else []
        sections[-1][2].append((number, _one_line(name), int(score), actors))
    if not seen_header:
        problems.error(rel, 1, "the file is empty; expected a Mermaid 'journey' diagram")
    if description_from:
        problems.error(rel, description_from, "this 'accDescr {' is never closed: expected a "
                                              "'}' after the description")


# --- writing ------------------------------------------------------------------------------------

def write_journey(imported: ImportedJourney, content_dir: Path, force: bool = False) -> list[str]:
    """Write the journey (and any new roles) into `content_dir`; returns the files written.

    Every file's text is made before the first one is written, so a problem in the data
    cannot leave half a journey behind."""
    journey_dir = content_dir / "journeys" / imported.journey_id
    journey = {"title": imported.title}
    if imported.personas:
        journey["personas"] = imported.personas
    journey["stages"] = [sid for sid, _, _ in imported.stages]
    texts = {journey_dir / "journey.yml": _yaml(journey)}
    texts.update({journey_dir / "stages" / f"{sid}.md": _front_matter(data, body)
                  for sid, data, body in imported.stages})
    texts.update({content_dir / "roles" / f"{rid}.md": _front_matter(
        {"name": name}, "Imported from a journey diagram: describe this role here.\n")
        for rid, name in imported.new_roles.items()})
    existing = [path for path in texts if path.exists()]
    if journey_dir.exists() and not force:
        existing = existing or [journey_dir]
    if existing and not force:
        raise FileExistsError(existing)
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [str(path) for path in texts]


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _front_matter(data: dict, body: str) -> str:
    return f"---\n{_yaml(data)}---\n{body}"


def import_journey(kind: str, source: Path, journey_id: str, content_dir: Path,
                   title: str | None = None, personas: list[str] | None = None,
                   force: bool = False, max_rows: int = MAX_ROWS) -> list[str]:
    """Read `source` (kind 'csv' or 'mermaid') and write it as a journey; raises
    ContentError listing every problem, SourceError when `source` is no file to read, or
    FileExistsError."""
    if not source.exists():
        raise SourceError(f"{source}: no such file")
    if source.is_dir():
        raise SourceError(f"{source}: is a folder, expected a "
                          f"{'CSV' if kind == 'csv' else 'Mermaid'} file")
    problems = ProblemList()
    if not schema.is_id(journey_id) or journey_id in RESERVED_IDS:
        problems.error(str(source), 1, f"journey id {journey_id!r} is not a valid id: use "
                                       "lower-case letters, digits and single hyphens")
        raise ContentError(problems.sorted(), outcome="nothing was written")
    existing = load_atlas(content_dir).atlas if (content_dir / "atlas.yml").is_file() else None
    roles = {r.id: r.name for r in existing.roles.values()} if existing else {}
    try:
        if kind == "csv":
            imported = read_csv(source, journey_id, title, problems, known_ids(existing),
                                max_rows)
        else:
            imported = read_mermaid(source, journey_id, title, problems, roles, max_rows)
    except OSError as exc:  # unreadable: no permission, a device, ...
        raise SourceError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    imported.personas = list(personas or [])
    known_personas = set(existing.personas) if existing else set()
    for persona in imported.personas:
        if persona not in known_personas:
            near = schema.nearest(persona, known_personas)
            problems.error(str(source), 1, f"unknown persona '{persona}' (--persona)" + (
                f"; did you mean '{near[0]}'?" if near else ""))
    if problems.errors:
        raise ContentError(problems.sorted(), outcome="nothing was written")
    return write_journey(imported, content_dir, force)
