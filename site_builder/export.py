"""Machine-readable exports of an atlas: JSON (the whole model, the basis of release
comparisons) and CSV (one row per stage, the same columns `import csv` reads)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from . import schema
from .model import Atlas, Stage

FORMAT = "journey-atlas/1"
LIST_SEPARATOR = "; "
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); OWASP's
# advice is a leading "'", which shows the text as typed. Cells that already start with
# "'" before one of them get one more, so `import csv` can take exactly one off again.
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")  # an emotion of -1 is no formula: left as is


def atlas_to_dict(atlas: Atlas) -> dict:
    def entity(obj, drop=("lines", "file")) -> dict:
        data = {}
        for f in dataclasses.fields(obj):
            if f.name in drop:
                continue
            value = getattr(obj, f.name)
            data[f.name] = _plain(value)
        return data

    return {
        "format": FORMAT,
        "atlas": entity(atlas, drop=("lines", "journeys", "roles", "teams", "personas",
                                     "insights", "content_dir", "kpis")),
        "roles": {rid: entity(role) for rid, role in atlas.roles.items()},
        # Every team, described by a file or only named by its roles ("roles": their ids).
        "teams": {tid: entity(team) for tid, team in atlas.teams.items()},
        "personas": {pid: entity(p) for pid, p in atlas.personas.items()},
        "insights": {iid: entity(i) for iid, i in atlas.insights.items()},
        "journeys": [
            {**entity(j, drop=("lines", "file", "stages", "moments")),
             "stages": [entity(s) for s in j.stages],
             "moments": [entity(m) for m in j.moments]}
            for j in atlas.journeys
        ],
        # The measures as declared, without their readings: this export travels with every
        # build and release, and is read whole to compare releases; 100,000 readings would
        # make it many times larger, and they are a BI export's data, kept in kpis/*.csv.
        "kpis": [entity(kpi, drop=("lines", "source", "readings")) for kpi in atlas.kpis.values()],
    }


def _plain(value):
    if value is None or isinstance(value, (str, int, float)):  # most values: asked first
        return value
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def to_json(atlas: Atlas) -> str:
    return json_text(atlas_to_dict(atlas))


def json_text(exported: dict, indent: int | None = 2) -> str:
    """An export (atlas_to_dict) as JSON text; `indent=None` writes one line, several times
    faster (Python's JSON encoder uses its C speed-up only without indentation)."""
    return json.dumps(exported, indent=indent, ensure_ascii=False) + "\n"


def to_csv(atlas: Atlas) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for journey in atlas.journeys:
        for stage in journey.stages:
            writer.writerow([neutralise(cell) for cell in stage_row(journey.id, stage)])
    return out.getvalue()


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text instead of running it: "=1+1" -> "'=1+1"."""
    return "'" + cell if FORMULA_START.match(cell) and not NUMBER.fullmatch(cell) else cell


def unneutralise(cell: str) -> str:
    """The text `neutralise` was given: "'=1+1" -> "=1+1", "-1" -> "-1"."""
    return cell[1:] if cell.startswith("'") and FORMULA_START.match(cell) else cell


def stage_row(journey_id: str, stage: Stage) -> list[str]:
    return [journey_id, stage.id] + [codec.write(getattr(stage, key))
                                     for key, codec in CSV_FIELDS.values()]


# --- the stage CSV's cells, by the codec a field names in schema.py (Field.csv) ------------

@dataclass(frozen=True)
class CsvCodec:
    write: Callable[[Any], str]  # the model's value -> the cell
    read: Callable[[str], Any]  # a non-empty cell -> the raw value schema.py checks;
    #                             raises ValueError saying what was expected


_TOUCHPOINT = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<channel>[^()]*)\))?\s*$")
_ROLE_PAIR = re.compile(r"^\s*([^:=]+?)\s*[:=]\s*([A-Za-z])\s*$")
_SCORE_PAIR = re.compile(r"^\s*([^:=]+?)\s*[:=]\s*(\S+)\s*$")
# A backstage step: "Nightly work-order sync (Fieldline Sync) @implementation-specialist".
_BACKSTAGE = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<system>[^()]*)\))?\s*(?:@(?P<owner>\S+))?\s*$")


def split_cell(cell: str) -> list[str]:
    """The items of a list cell: separated by ';' or line breaks."""
    return [part.strip() for part in re.split(r"[;\n]", cell) if part.strip()]


def _text(value) -> str:
    return "" if value is None else str(value)


def _number(cell: str):
    try:
        return int(cell.replace("−", "-").replace("+", ""))
    except ValueError:
        return cell  # the schema's check says what is expected


def _touchpoint(item: str) -> dict:
    match = _TOUCHPOINT.match(item)
    point = {"name": match.group("name") or item}
    if match.group("channel"):
        point["channel"] = match.group("channel").strip()
    return point


def _pairs(cell: str, pattern, example: str, value) -> dict:
    """`id: value` pairs separated by ';' (RACI letters, persona scores)."""
    pairs = {}
    for item in split_cell(cell):
        pair = pattern.match(item)
        if not pair:
            raise ValueError(f"expected '{example}' pairs separated by ';', got '{item}'")
        pairs[pair.group(1)] = value(pair.group(2))
    return pairs


def _raci(cell: str) -> dict:
    return _pairs(cell, _ROLE_PAIR, "role-id: R", str.upper)


def _scores(cell: str) -> dict:
    return _pairs(cell, _SCORE_PAIR, "persona-id: -1", _number)


def _backstage(item: str) -> dict:
    match = _BACKSTAGE.match(item)
    step = {"name": match.group("name") or item}
    if match.group("system"):
        step["system"] = match.group("system").strip()
    if match.group("owner"):
        step["owner"] = match.group("owner")
    return step


def _backstage_item(step) -> str:
    return (step.name + (f" ({step.system})" if step.system else "")
            + (f" @{step.owner}" if step.owner else ""))


CSV_CODECS = {
    "text": CsvCodec(_text, lambda cell: cell),
    "number": CsvCodec(_text, _number),
    "texts": CsvCodec(lambda items: LIST_SEPARATOR.join(items), split_cell),
    "touchpoints": CsvCodec(
        lambda points: LIST_SEPARATOR.join(t.name + (f" ({t.channel})" if t.channel else "")
                                           for t in points),
        lambda cell: [_touchpoint(item) for item in split_cell(cell)]),
    "raci": CsvCodec(lambda roles: LIST_SEPARATOR.join(f"{r}: {letter}"
                                                       for r, letter in roles.items()), _raci),
    "scores": CsvCodec(lambda scores: LIST_SEPARATOR.join(f"{p}: {score}"
                                                          for p, score in scores.items()),
                       _scores),
    "backstage": CsvCodec(lambda steps: LIST_SEPARATOR.join(map(_backstage_item, steps)),
                          lambda cell: [_backstage(item) for item in split_cell(cell)]),
}
# The stage fields that have a column, in the schema's order; shared by export and import:
# column name -> (the stage's key, its codec).
CSV_FIELDS = {f.csv_column or key: (key, CSV_CODECS[f.csv])
              for key, f in schema.STAGE.fields.items() if f.csv}
CSV_COLUMNS = ("journey", "stage", *CSV_FIELDS)
