"""KPIs that stay current (issue 21): measures declared in kpis.yml, readings in CSV files.

kpis.yml at the content root declares the measures; each measure's readings are in
kpis/<kpi-id>.csv with the columns date,journey,stage,value (stage empty for a reading of
the whole journey), as a BI export or a scheduled job writes them, so figures refresh
without anyone editing a stage file. Readings are checked like content: every problem in
every file, each at its row (the file's line; the header is row 1) and the column where
the cell starts, all at once.

A file of 100,000 readings must add well under a second to a build: rows are read with the
csv module and kept as plain (date, value) tuples, and the text of a message (the nearest
journey, a cell's column) is worked out only for rows that are wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import schema
from .i18n import Interface
from .model import Atlas, Kpi, english
from .problems import ProblemList
from .sources import load_yaml_file, read_text

KPIS_FILE = "kpis.yml"
READINGS_FOLDER = "kpis"
READINGS_SUFFIX = ".csv"
HEADER = ("date", "journey", "stage", "value")
# A readings file is an export: a daily reading of 20 measures at 300 places for ten years
# is about 22 million rows; this allows a few million, and keeps a stray dump out of memory.
MAX_READINGS_BYTES = 64 * 1024 * 1024
DATE_WORDS = "a date written YYYY-MM-DD"
# More than any measure needs (a trillion is 1e12), and small enough to draw: the range of
# 1e308 and -1e308 overflows the trend's arithmetic.
MAX_VALUE = 1e15


def readings_files(root: Path) -> list[Path]:
    folder = root / READINGS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == READINGS_SUFFIX and p.is_file())


def in_readings_folder(rel: str) -> bool:
    """Whether a content-relative path lies in kpis/ (data: never published)."""
    return rel.startswith(READINGS_FOLDER + "/")


def stray_files(root: Path) -> list[str]:
    """What kpis/ holds besides <id>.csv files, which nothing reads (a .CSV, a backup)."""
    folder = root / READINGS_FOLDER
    if not folder.is_dir():
        return []
    read = set(readings_files(root))
    return sorted(path.relative_to(root).as_posix() for path in folder.rglob("*")
                  if path not in read and not path.is_dir())


def is_readings_file(rel: str) -> bool:
    """Whether a content-relative path is a KPI readings file (kpis/<id>.csv)."""
    folder, _, name = rel.partition("/")
    return folder == READINGS_FOLDER and "/" not in name and name.endswith(READINGS_SUFFIX)


def load_kpis(root: Path, atlas: Atlas, problems: ProblemList, refused: set[Path],
              refs: list) -> dict[str, Kpi]:
    """The declared KPIs with their readings; every problem goes to `problems`."""
    kpis = _declarations(root, problems, refused, refs)
    for rel in stray_files(root):
        problems.warning(rel, 1, f"not read: readings are {READINGS_FOLDER}/<kpi-id>"
                                 f"{READINGS_SUFFIX}, one file a KPI; move anything else out "
                                 f"of {READINGS_FOLDER}/ (it is not published either)")
    places = _Places(root, atlas)
    for path in readings_files(root):
        if path in refused or path.parent in refused:  # told why in loader._check_files
            continue
        rel = f"{READINGS_FOLDER}/{path.name}"
        kpi = kpis.get(path.stem)
        if kpi is None:
            _undeclared(rel, path.stem, kpis, (root / KPIS_FILE).is_file(), problems)
            continue
        text = read_text(path, rel, problems)
        if text is not None:
            kpi.source = rel
            kpi.readings = _readings(text, rel, places, problems)
    return kpis


def _declarations(root: Path, problems: ProblemList, refused: set[Path],
                  refs: list) -> dict[str, Kpi]:
    path = root / KPIS_FILE
    if not path.is_file() or path in refused:
        return {}
    doc = load_yaml_file(path, KPIS_FILE, problems)
    data = schema.check_document("kpis", doc, problems, refs) if doc else None
    if not data:
        return {}
    kpis: dict[str, Kpi] = {}
    first_line: dict[str, int] = {}
    # The checked list leaves out the items that were wrong (told above); each item is
    # checked again, quietly, to know which item of the file each declaration is.
    quiet = schema.CheckContext(doc, ProblemList())
    for i, raw in enumerate(doc.data["kpis"]):
        item = schema.KPI.check(raw, ("kpis", i), quiet) if raw is not None else None
        if item is None:
            continue
        line = doc.line(("kpis", i, "id"))
        if item["id"] in kpis:
            problems.error(KPIS_FILE, line, f"kpis #{i + 1} › id: the KPI '{item['id']}' is "
                           f"declared twice (first on line {first_line[item['id']]}); "
                           "declare each KPI once", doc.column(("kpis", i, "id")))
            continue
        first_line[item["id"]] = line
        kpis[item["id"]] = Kpi(lines={"id": line}, **schema.construct(schema.KPI, item))
    return kpis


def _undeclared(rel: str, kpi_id: str, kpis: dict[str, Kpi], declared_file: bool,
                problems: ProblemList) -> None:
    if not declared_file:
        hint = f"add {KPIS_FILE} with a KPI whose id is '{kpi_id}'"
    else:
        near = schema.nearest(kpi_id, kpis)
        hint = (f"did you mean '{near[0]}'? (rename the file to {READINGS_FOLDER}/{near[0]}"
                f"{READINGS_SUFFIX})" if near
                else f"declare it in {KPIS_FILE}, or rename the file after a declared KPI"
                     + (f" ({', '.join(list(kpis)[:10])})" if kpis else ""))
    problems.error(rel, 1, f"readings of the KPI '{kpi_id}', but {KPIS_FILE} declares no "
                           f"KPI '{kpi_id}'; {hint}")


class _Places:
    """Which journey and stage ids a reading may name, and what to say when it names another.
    A journey or stage whose file exists but failed to load is reported at its file: its
    readings are skipped without a message of their own (no cascade)."""

    def __init__(self, root: Path, atlas: Atlas):
        self.stages = {j.id: {s.id for s in j.stages} for j in atlas.journeys}
        self.root = root
        self._unknown: dict[tuple, tuple[int, str]] = {}  # (journey, stage) -> cell, message

    def problem(self, journey: str, stage: str) -> tuple[int, str]:
        """Which cell (1: journey, 2: stage) says why (journey, stage) is no place of the
        atlas, and why; the message is "" where the reading is skipped quietly."""
        key = (journey, stage)
        if key not in self._unknown:
            self._unknown[key] = self._why(journey, stage)
        return self._unknown[key]

    def _why(self, journey: str, stage: str) -> tuple[int, str]:
        folder = self.root / "journeys"
        if journey not in self.stages:
            if schema.is_id(journey) and (folder / journey / "journey.yml").is_file():
                return 1, ""  # the journey's file has errors of its own
            near = schema.nearest(journey, self.stages)
            hint = (f"did you mean '{near[0]}'?" if near
                    else f"journeys: {', '.join(sorted(self.stages)) or 'none yet'}")
            return 1, f"journey: unknown journey '{journey}'; {hint}"
        if schema.is_id(stage) and (folder / journey / "stages" / f"{stage}.md").is_file():
            return 2, ""  # the stage's file has errors of its own, or is not listed
        known = self.stages[journey]
        near = schema.nearest(stage, known)
        hint = (f"did you mean '{near[0]}'?" if near
                else f"stages of this journey: {', '.join(sorted(known))}")
        return 2, (f"stage: unknown stage '{stage}' of journey '{journey}'; {hint} (leave the "
                "stage empty for a reading of the whole journey)")


def _readings(text: str, rel: str, places: _Places, problems: ProblemList
              ) -> dict[tuple, list[tuple]]:
    # Lines end at "\n" only: splitlines() would also end one at a form feed or U+2028, and
    # the rows' numbers would drift from the file's lines.
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    rows = csv.reader(lines)
    try:
        header = next(rows, None)
    except csv.Error:
        header = [""]
    if header is None:
        problems.error(rel, 1, f"the file is empty; expected the header {','.join(HEADER)} "
                               "and a reading on each line after it")
        return {}
    if tuple(header) != HEADER:
        problems.error(rel, 1, f"expected the header {','.join(HEADER)}, got "
                               f"'{','.join(header)[:80]}'")
        return {}
    # Each place's readings, found by the row's own cells: journey -> stage ("" for the
    # whole journey) -> (place, {date: row}, [(date, value)]). Made up front for every
    # place, so a good row costs a few look-ups; dates repeat across places and are parsed
    # once each.
    slots = {journey: {stage: ((journey, stage or None), {}, [])
                       for stage in ("", *stages)} for journey, stages in places.stages.items()}
    days: dict[str, dt.date] = {}
    fromisoformat = dt.date.fromisoformat
    isfinite = math.isfinite
    done, offset = 1, 0  # the last line read; lines before the reader's first
    while True:
        try:
            cells = next(rows, None)
        except csv.Error:  # a cell larger than the csv module reads: a quote left open
            cells, line = [], -1
        else:
            line = offset + rows.line_num
        if cells is None:
            break
        started, done = done + 1, line
        if done != started:  # a quoted cell ran over the end of its line: read on after it
            _unclosed_quote(problems, rel, started)
            rows, offset, done = csv.reader(lines[started:]), started, started
            continue
        if len(cells) != 4:
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line, or one of spaces
            problems.error(rel, line, f"expected 4 cells ({','.join(HEADER)}), got "
                           f"{len(cells)}")
            continue
        day_text, journey, stage, value_text = cells
        day = days.get(day_text)
        if day is None:
            # date.fromisoformat also takes 20260301 and 2026-W09: only YYYY-MM-DD here.
            try:
                if len(day_text) != 10 or day_text[4] != "-" or day_text[7] != "-":
                    raise ValueError
                day = days[day_text] = fromisoformat(day_text)
            except ValueError:
                _cell_error(problems, rel, lines, line, 0, _date_problem(day_text))
        of_journey = slots.get(journey)
        slot = of_journey.get(stage) if of_journey is not None else None
        if slot is None:
            cell, message = places.problem(journey, stage)
            if message:
                _cell_error(problems, rel, lines, line, cell, message)
        try:
            if "_" in value_text:  # float() takes 1_000; a spreadsheet would not
                raise ValueError
            value = float(value_text)
            if not isfinite(value) or not -MAX_VALUE <= value <= MAX_VALUE:
                raise ValueError
        except ValueError:
            _cell_error(problems, rel, lines, line, 3, _value_problem(value_text))
            continue
        if day is None or slot is None:
            continue
        # The row's line: the file's own line numbers, the header being row 1.
        first = slot[1].setdefault(day, line)
        if first != line:
            where = f"stage '{stage}' of journey '{journey}'" if stage else f"journey '{journey}'"
            _cell_error(problems, rel, lines, line, 0,
                        f"date: a second reading for {where} on {day_text} (the first is on "
                        f"row {first}); keep one reading per date and place")
            continue
        slot[2].append((day, value))
    found = {}
    for of_journey in slots.values():
        for place, _, series in of_journey.values():
            if series:
                series.sort()
                found[place] = series
    return found


def _unclosed_quote(problems: ProblemList, rel: str, row: int) -> None:
    problems.error(rel, row, "this row opens a quoted cell (\") that does not close on the same "
                             "line; a reading is one line: close the quote, or remove it "
                             "(the row was skipped)")


def _date_problem(text: str) -> str:
    shown = schema.describe(text) if text.strip() else "nothing"
    try:
        if schema._DATE_SHAPE.fullmatch(text.strip()):
            dt.date(*map(int, text.strip().split("-")))
            return f"date: expected {DATE_WORDS} with two-digit month and day, got {shown}"
    except ValueError:
        return f"date: expected {DATE_WORDS}; {text.strip()} is not a day of the calendar"
    return f"date: expected {DATE_WORDS}, got {shown}"


def _value_problem(text: str) -> str:
    if not text.strip():
        return "value: expected a number, got nothing"
    if _is_number(text) and "_" not in text:  # a number, only too large to be a reading
        return (f"value: expected a number from -{MAX_VALUE:,.0f} to {MAX_VALUE:,.0f}, got "
                f"{schema.describe(text)}")
    hint = ""
    if "," in text:
        hint = " (write numbers without thousands separators, with '.' before decimals)"
    elif text.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
        hint = " (a reading must be a finite number; leave out a row with no reading)"
    elif text.strip().endswith("%"):
        hint = " (write the number only: the unit is declared in kpis.yml)"
    return f"value: expected a number, got {schema.describe(text)}{hint}"


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _cell_error(problems: ProblemList, rel: str, lines: list[str], row: int, cell: int,
                message: str) -> None:
    problems.error(rel, row, message, cell_columns(lines[row - 1])[cell])


def cell_columns(line: str) -> list[int]:
    """The 1-based column where each cell of a CSV line starts (quotes taken into account)."""
    starts, quoted = [1], False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(i + 2)
    return starts + [len(line) + 1] * 4


# --- what pages show ------------------------------------------------------------------------

TREND_READINGS = 24  # the trend drawing shows at most the latest 24 readings


@dataclass(frozen=True)
class Measure:
    """One KPI at one place, as a page shows it."""

    kpi: Kpi
    series: list[tuple]  # (date, value), oldest first: the latest TREND_READINGS readings
    count: int  # how many readings there are in all
    latest: tuple  # (date, value)
    previous: tuple | None  # the reading before the latest
    stale: bool  # the latest reading is older than the KPI's stale_after_days

    @property
    def movement(self) -> str | None:
        """'up', 'down' or 'level' from the previous reading; None with one reading only."""
        if self.previous is None:
            return None
        change = self.latest[1] - self.previous[1]
        return "up" if change > 0 else ("down" if change < 0 else "level")

    @property
    def verdict(self) -> str | None:
        """'right' when it moves the way that is better, 'wrong' the other way, 'level'."""
        movement = self.movement
        if movement in (None, "level"):
            return movement
        return "right" if (movement == "up") == (self.kpi.better == "higher") else "wrong"

    @property
    def meets_target(self) -> bool | None:
        target = self.kpi.target
        if target is None:
            return None
        value = self.latest[1]
        return value >= target if self.kpi.better == "higher" else value <= target


def measures_by_place(atlas: Atlas, on: dt.date) -> dict[tuple, list[Measure]]:
    """For every place with readings, each KPI read there, in the order of kpis.yml. Judged
    on the build's date `on`: a reading dated after it is shown, never stale."""
    found: dict[tuple, list[Measure]] = {}
    for kpi in atlas.kpis.values():
        for place, series in kpi.readings.items():
            if not series:
                continue
            latest = series[-1]
            stale = (kpi.stale_after_days is not None
                     and (on - latest[0]).days > kpi.stale_after_days)
            found.setdefault(place, []).append(Measure(
                kpi, series[-TREND_READINGS:], len(series), latest,
                series[-2] if len(series) > 1 else None, stale))
    return found


def figure(value: float | None, unit: str | None = None, ui: Interface | None = None) -> str:
    """A reading as people write it: 1,250 · 4.2 % · 3.5 days · −0.25 (a true minus); its
    digits grouped and its decimals marked as the language of `ui` writes them (English
    without one): 1 250 · 4,2 % in French."""
    if value is None:
        return ""
    size = abs(value)
    decimals = 0 if size >= 100 or value == int(value) else (1 if size >= 10 else 2)
    rounded = f"{size:.{decimals}f}"  # rounded here, so every language shows the same figure
    sign = "−" if value < 0 and rounded.strip("0.") else ""
    # The language's own grouping and decimal mark; trailing zeros go (4.20 -> 4.2).
    text = sign + (ui or english()).number(Decimal(rounded))
    return f"{text}\u00a0{unit}" if unit else text
