"""Turning a journey kept elsewhere into atlas files: a spreadsheet (CSV, one row per stage)
or a Mermaid `journey` diagram.

Every value is checked with the same rules as the atlas (schema.py); problems name the
source file and its line. Nothing is written unless the whole import is clean, and
existing files are never replaced without `force`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import schema
from .export import CSV_COLUMNS
from .loader import load_atlas
from .problems import ContentError, ProblemList
from .sources import Document

ROLE_PAIR = re.compile(r"^\s*([^:=]+?)\s*[:=]\s*([A-Za-z])\s*$")
TOUCHPOINT = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<channel>[^()]*)\))?\s*$")
REQUIRED_CSV = ("name",)
# Mermaid task scores run 1..5; stage emotions run -2..2.
SCORE_TO_EMOTION = {1: -2, 2: -1, 3: 0, 4: 1, 5: 2}


@dataclass
class ImportedJourney:
    journey_id: str
    title: str
    stages: list[tuple[str, dict, str]] = field(default_factory=list)  # (id, front matter, body)
    new_roles: dict[str, str] = field(default_factory=dict)  # id -> name
    personas: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """An id from a name: 'I realise we need help!' -> 'i-realise-we-need-help'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:60].strip("-") or "stage"


def _unique(candidate: str, taken: set[str]) -> str:
    name, n = candidate, 2
    while name in taken:
        name = f"{candidate}-{n}"
        n += 1
    taken.add(name)
    return name


def _split(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", cell or "") if part.strip()]


# --- CSV ------------------------------------------------------------------------------------

def read_csv(path: Path, journey_id: str, title: str | None, problems: ProblemList,
             known_roles: set[str]) -> ImportedJourney:
    rel = str(path)
    text = path.read_text(encoding="utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    imported = ImportedJourney(journey_id, title or journey_id.replace("-", " ").capitalize())
    try:
        header = [h.strip().lower().replace(" ", "_") for h in next(reader)]
    except StopIteration:
        problems.error(rel, 1, "the file is empty; expected a header row with at least 'name'")
        return imported
    unknown = [h for h in header if h and h not in CSV_COLUMNS]
    for column in unknown:
        near = schema.nearest(column, CSV_COLUMNS)
        problems.error(rel, 1, f"unknown column '{column}'" + (
            f"; did you mean '{near[0]}'?" if near else f"; columns are: {', '.join(CSV_COLUMNS)}"))
    for column in REQUIRED_CSV:
        if column not in header:
            problems.error(rel, 1, f"missing column '{column}' (the stage in the customer's words)")
    if unknown or any(c not in header for c in REQUIRED_CSV):
        return imported
    taken: set[str] = set()
    start = 2
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.error(rel, line, f"this row has {len(row)} cells but the header has "
                                      f"{len(header)} columns")
            continue
        cells = dict(zip(header, (c.strip() for c in row)))
        if cells.get("journey") and cells["journey"] != journey_id:
            continue  # an export of several journeys: take only the one asked for
        data = _stage_from_cells(cells, rel, line, problems)
        if data is None:
            continue
        stage_id = cells.get("stage") or slug(data["name"])
        if not re.match(schema.ID_REGEX, stage_id):
            problems.error(rel, line, f"stage id '{stage_id}' is not a valid id: use lower-case "
                                      "letters, digits and single hyphens")
            continue
        if stage_id in taken:
            problems.error(rel, line, f"stage id '{stage_id}' appears twice")
            continue
        taken.add(stage_id)
        _check_roles(data, known_roles, rel, line, problems)
        imported.stages.append((stage_id, data, ""))
    if not imported.stages and not problems.errors:
        problems.error(rel, 1, "no stage rows found under the header")
    return imported


def _stage_from_cells(cells: dict, rel: str, line: int, problems: ProblemList) -> dict | None:
    raw: dict = {}
    for key in ("name", "internal_name", "customer_goal", "feeling"):
        if cells.get(key):
            raw[key] = cells[key]
    for key in ("emotion", "desired_emotion"):
        value = cells.get(key, "")
        if value:
            try:
                raw[key] = int(value.replace("−", "-").replace("+", ""))
            except ValueError:
                raw[key] = value  # the schema check explains what is expected
    if cells.get("touchpoints"):
        raw["touchpoints"] = []
        for item in _split(cells["touchpoints"]):
            match = TOUCHPOINT.match(item)
            tp = {"name": match.group("name") or item}
            if match.group("channel"):
                tp["channel"] = match.group("channel").strip()
            raw["touchpoints"].append(tp)
    for key in ("pain_points", "questions"):
        if cells.get(key):
            raw[key] = _split(cells[key])
    if cells.get("roles"):
        raw["roles"] = {}
        for item in _split(cells["roles"]):
            pair = ROLE_PAIR.match(item)
            if not pair:
                problems.error(rel, line, f"roles: expected 'role-id: R' pairs separated by ';', "
                                          f"got '{item}'")
                return None
            raw["roles"][pair.group(1)] = pair.group(2).upper()
    return _checked(schema.STAGE, raw, rel, line, problems)


def _checked(record: schema.Record, raw: dict, rel: str, line: int,
             problems: ProblemList) -> dict | None:
    """Check imported values with the atlas' own rules, reporting at the source line."""
    doc = Document(path=rel, data=raw, value_lines={(): line}, record_line=line)
    before = len(problems.items)
    data = record.check(raw, (), schema.CheckContext(doc, problems))
    return None if data is None or len(problems.items) > before else data


def _check_roles(data: dict, known: set[str], rel: str, line: int,
                 problems: ProblemList) -> None:
    for role_id in data.get("roles", {}):
        if role_id in known:
            continue
        near = schema.nearest(role_id, known)
        hint = (f"did you mean '{near[0]}'?" if near else
                f"known roles: {', '.join(sorted(known))}" if known else
                "there are no roles yet: add roles/<role-id>.md first")
        problems.error(rel, line, f"unknown role '{role_id}'; {hint}")


# --- Mermaid ----------------------------------------------------------------------------------

TASK = re.compile(r"^(?P<task>[^:]+?)\s*:\s*(?P<score>[^:]*?)\s*(?::\s*(?P<actors>.*))?$")


def read_mermaid(path: Path, journey_id: str, title: str | None, problems: ProblemList,
                 known_roles: dict[str, str]) -> ImportedJourney:
    """Sections become stages, tasks touchpoints, scores the stage's emotion, actors roles."""
    rel = str(path)
    imported = ImportedJourney(journey_id, title or journey_id.replace("-", " ").capitalize())
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    seen_header = False
    sections: list[tuple[int, str, list]] = []  # (line, name, [(line, task, score, actors)])
    for number, raw in enumerate(lines, start=1):
        text = raw.split("%%", 1)[0].strip()
        if not text or text.startswith("```"):
            continue
        if not seen_header:
            if text != "journey":
                problems.error(rel, number, "expected the diagram to start with 'journey'")
                return imported
            seen_header = True
            continue
        if text.startswith("title "):
            imported.title = title or text[len("title "):].strip()
        elif text.startswith("section "):
            sections.append((number, text[len("section "):].strip(), []))
        elif text.startswith(("accTitle", "accDescr")):
            continue
        else:
            task = TASK.match(text)
            if not task:
                problems.error(rel, number, "expected a task written 'Task name: score: actor, "
                                            "actor'")
                continue
            if not sections:
                problems.error(rel, number, "a task must come after a 'section' line")
                continue
            score = task.group("score")
            if not score.isdigit() or int(score) not in SCORE_TO_EMOTION:
                problems.error(rel, number, f"expected a score from 1 to 5, got '{score}'")
                continue
            actors = [a.strip() for a in (task.group("actors") or "").split(",") if a.strip()]
            sections[-1][2].append((number, task.group("task").strip(), int(score), actors))
    if not seen_header:
        problems.error(rel, 1, "the file is empty; expected a Mermaid 'journey' diagram")
        return imported
    if not sections:
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
                    actor if actor in known_roles else slug(actor))
                if role_id not in known_roles:
                    imported.new_roles.setdefault(role_id, actor)
                # The first actor named in a section is taken as accountable; review it.
                roles.setdefault(role_id, "A" if not roles else "R")
        if roles:
            raw["roles"] = roles
        data = _checked(schema.STAGE, raw, rel, number, problems)
        if data is not None:
            imported.stages.append((stage_id, data, ""))
    return imported


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
                   force: bool = False) -> list[str]:
    """Read `source` (kind 'csv' or 'mermaid') and write it as a journey; raises
    ContentError listing every problem, or FileExistsError."""
    problems = ProblemList()
    if not re.match(schema.ID_REGEX, journey_id):
        problems.error(str(source), 1, f"journey id '{journey_id}' is not a valid id: use "
                                       "lower-case letters, digits and single hyphens")
        raise ContentError(problems.sorted(), outcome="nothing was written")
    existing = load_atlas(content_dir).atlas if (content_dir / "atlas.yml").is_file() else None
    roles = {r.id: r.name for r in existing.roles.values()} if existing else {}
    if kind == "csv":
        imported = read_csv(source, journey_id, title, problems, set(roles))
    else:
        imported = read_mermaid(source, journey_id, title, problems, roles)
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
