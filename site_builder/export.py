"""Machine-readable exports of an atlas: JSON (the whole model, the basis of release
comparisons) and CSV (one row per stage, the same columns `import csv` reads)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re

from .model import Atlas, Stage

FORMAT = "journey-atlas/1"
# Columns of the stage CSV, shared by export and import (see importers.py).
CSV_COLUMNS = ("journey", "stage", "name", "internal_name", "customer_goal", "feeling",
               "emotion", "desired_emotion", "touchpoints", "pain_points", "roles", "questions")
LIST_SEPARATOR = "; "
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); OWASP's
# advice is a leading "'", which shows the text as typed. Cells that already start with
# "'" before one of them get one more, so `import csv` can take exactly one off again.
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")  # an emotion of -1 is no formula: left as is


def atlas_to_dict(atlas: Atlas) -> dict:
    def entity(obj, drop=("lines", "source")) -> dict:
        data = {}
        for f in dataclasses.fields(obj):
            if f.name in drop:
                continue
            value = getattr(obj, f.name)
            data[f.name] = _plain(value)
        return data

    return {
        "format": FORMAT,
        "atlas": entity(atlas, drop=("lines", "journeys", "roles", "personas", "content_dir")),
        "roles": {rid: entity(role) for rid, role in atlas.roles.items()},
        "personas": {pid: entity(p) for pid, p in atlas.personas.items()},
        "journeys": [
            {**entity(j, drop=("lines", "source", "stages", "moments")),
             "stages": [entity(s) for s in j.stages],
             "moments": [entity(m) for m in j.moments]}
            for j in atlas.journeys
        ],
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
    def opt(value) -> str:
        return "" if value is None else str(value)

    touchpoints = [t.name + (f" ({t.channel})" if t.channel else "") for t in stage.touchpoints]
    return [journey_id, stage.id, stage.name, opt(stage.internal_name), opt(stage.customer_goal),
            opt(stage.feeling), opt(stage.emotion), opt(stage.desired_emotion),
            LIST_SEPARATOR.join(touchpoints), LIST_SEPARATOR.join(stage.pain_points),
            LIST_SEPARATOR.join(f"{r}: {letter}" for r, letter in stage.roles.items()),
            LIST_SEPARATOR.join(stage.questions)]
