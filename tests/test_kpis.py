"""KPIs that stay current (issue 21): kpis.yml declares the measures, kpis/<id>.csv holds
their readings; every bad row is told at its file, row and column, all at once; pages show
the latest value, target, trend and a stale mark judged on the build's date."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import resource
import shutil
import subprocess
from pathlib import Path

import pytest

from journey_atlas import kpis
from journey_atlas.kpis import cell_columns, figure, measures_by_place
from journey_atlas.loader import load_atlas
from journey_atlas.model import Kpi
from support import CLI, SAMPLE, build, fixed_date_env, minimal_atlas, write

KPIS_YML = """
    kpis:
      - id: csat
        name: Customer satisfaction
        unit: "%"
        target: 90
        stale_after_days: 30
    """
HEADER = "date,journey,stage,value\n"


@pytest.fixture
def atlas_dir(tmp_path) -> Path:
    root = minimal_atlas(tmp_path / "content")
    write(root / "kpis.yml", KPIS_YML)
    return root


def messages(root: Path) -> list[str]:
    return [p.format() for p in load_atlas(root).problems]


def readings(root: Path, text: str, name: str = "csat") -> list[str]:
    write(root / f"kpis/{name}.csv", HEADER + text)
    return messages(root)


# --- readings are checked like content ------------------------------------------------------

def test_good_readings_load_by_place_sorted_by_date(atlas_dir):
    assert readings(atlas_dir, "2026-03-01,buying,first,71\n2026-01-01,buying,first,64.5\n"
                               "\n2026-02-01,buying,,70\n") == []
    kpi = load_atlas(atlas_dir).atlas.kpis["csat"]
    assert kpi.readings == {
        ("buying", "first"): [(dt.date(2026, 1, 1), 64.5), (dt.date(2026, 3, 1), 71.0)],
        ("buying", None): [(dt.date(2026, 2, 1), 70.0)]}
    assert (kpi.name, kpi.unit, kpi.better, kpi.target, kpi.source) == (
        "Customer satisfaction", "%", "higher", 90, "kpis/csat.csv")


def test_every_kind_of_bad_row_is_told_at_its_row_and_column_all_at_once(atlas_dir):
    found = readings(atlas_dir, "\n".join([
        "2026-01-01,buyng,first,1",           # row 2: unknown journey
        "2026-01-01,buying,frist,1",          # row 3: unknown stage of that journey
        "2026-13-01,buying,first,1",          # row 4: no such day
        "01/02/2026,buying,first,1",          # row 5: not YYYY-MM-DD
        "2026-02-01,buying,first,lots",       # row 6: not a number
        "2026-02-02,buying,first,NaN",        # row 7: not a finite number
        "2026-02-03,buying,first,inf",        # row 8
        "2026-02-04,buying,first,1,250",      # row 9: five cells
        "2026-02-05,buying,first,",           # row 10: no value
        "2026-02-06,buying,first,5",          # row 11: the first reading of its day
        "2026-02-06,buying,first,6",          # row 12: a second one for the same place
        "2026-02-06,buying,,6",               # row 13: the whole journey: another place
        "20260207,buying,first,1",            # row 14: date.fromisoformat would take it
    ]) + "\n")
    f = "kpis/csat.csv"
    assert found == [
        f"{f}:2:12: error: journey: unknown journey 'buyng'; did you mean 'buying'?",
        f"{f}:3:19: error: stage: unknown stage 'frist' of journey 'buying'; did you mean "
        "'first'? (leave the stage empty for a reading of the whole journey)",
        f"{f}:4:1: error: date: expected a date written YYYY-MM-DD; 2026-13-01 is not a day "
        "of the calendar",
        f"{f}:5:1: error: date: expected a date written YYYY-MM-DD, got the text '01/02/2026'",
        f"{f}:6:25: error: value: expected a number, got the text 'lots'",
        f"{f}:7:25: error: value: expected a number, got the text 'NaN' (a reading must be "
        "a finite number; leave out a row with no reading)",
        f"{f}:8:25: error: value: expected a number, got the text 'inf' (a reading must be "
        "a finite number; leave out a row with no reading)",
        f"{f}:9:1: error: expected 4 cells (date,journey,stage,value), got 5",
        f"{f}:10:25: error: value: expected a number, got nothing",
        f"{f}:12:1: error: date: a second reading for stage 'first' of journey 'buying' on "
        "2026-02-06 (the first is on row 11); keep one reading per date and place",
        f"{f}:14:1: error: date: expected a date written YYYY-MM-DD, got the text '20260207'",
    ]


def test_a_bad_row_does_not_stop_the_other_files(atlas_dir):
    write(atlas_dir / "kpis.yml", KPIS_YML + "  - {id: nps, name: Net promoter score}\n")
    write(atlas_dir / "kpis/nps.csv", HEADER + "2026-01-01,buying,first,x\n")
    assert readings(atlas_dir, "2026-01-01,selling,,1\n") == [
        "kpis/csat.csv:2:12: error: journey: unknown journey 'selling'; journeys: buying",
        "kpis/nps.csv:2:25: error: value: expected a number, got the text 'x'"]


def test_columns_count_quoted_cells_as_written(atlas_dir):
    assert readings(atlas_dir, '"2026-01-01","buying","first, really",7\n') == [
        "kpis/csat.csv:2:23: error: stage: unknown stage 'first, really' of journey "
        "'buying'; stages of this journey: first, second (leave the stage empty for a "
        "reading of the whole journey)"]
    assert cell_columns('a,"b,c",d') == [1, 3, 9, 10, 10, 10, 10]


@pytest.mark.parametrize("header, shown", [
    ("day,journey,stage,value", "day,journey,stage,value"),
    ("date,journey,value", "date,journey,value"),
    ("Date,Journey,Stage,Value", "Date,Journey,Stage,Value"),
])
def test_the_header_must_name_the_four_columns(atlas_dir, header, shown):
    write(atlas_dir / "kpis/csat.csv", header + "\n2026-01-01,buying,first,1\n")
    assert messages(atlas_dir) == [
        f"kpis/csat.csv:1:1: error: expected the header date,journey,stage,value, got '{shown}'"]


def test_an_empty_readings_file_is_told(atlas_dir):
    write(atlas_dir / "kpis/csat.csv", "")
    assert messages(atlas_dir) == [
        "kpis/csat.csv:1:1: error: the file is empty; expected the header "
        "date,journey,stage,value and a reading on each line after it"]


def test_readings_of_an_undeclared_kpi_are_an_error(atlas_dir):
    assert readings(atlas_dir, "2026-01-01,buying,first,1\n", name="cstat") == [
        "kpis/cstat.csv:1:1: error: readings of the KPI 'cstat', but kpis.yml declares no "
        "KPI 'cstat'; did you mean 'csat'? (rename the file to kpis/csat.csv)"]
    write(atlas_dir / "kpis/csat.csv", HEADER)
    (atlas_dir / "kpis.yml").unlink()
    assert messages(atlas_dir) == [
        "kpis/csat.csv:1:1: error: readings of the KPI 'csat', but kpis.yml declares no KPI "
        "'csat'; add kpis.yml with a KPI whose id is 'csat'",
        "kpis/cstat.csv:1:1: error: readings of the KPI 'cstat', but kpis.yml declares no "
        "KPI 'cstat'; add kpis.yml with a KPI whose id is 'cstat'"]


def test_readings_that_are_not_utf8_are_told(atlas_dir):
    (atlas_dir / "kpis").mkdir()
    (atlas_dir / "kpis/csat.csv").write_bytes(HEADER.encode() + b"2026-01-01,buying,f\xe9,1\n")
    assert messages(atlas_dir) == [
        "kpis/csat.csv:2:1: error: expected UTF-8 text; byte 0xe9 is not valid UTF-8 (save "
        "the file as UTF-8)"]


def test_a_readings_file_linked_from_outside_is_refused(atlas_dir, tmp_path):
    write(tmp_path / "secret.csv", HEADER + "2026-01-01,buying,first,1\n")
    (atlas_dir / "kpis").mkdir()
    os.symlink(tmp_path / "secret.csv", atlas_dir / "kpis/csat.csv")
    found = messages(atlas_dir)
    assert len(found) == 1 and found[0].startswith(
        "kpis/csat.csv:1:1: error: this is a link to ") and "outside the content folder" in found[0]


def test_a_readings_file_over_the_size_limit_is_refused(atlas_dir, monkeypatch):
    monkeypatch.setattr(kpis, "MAX_READINGS_BYTES", 2 * 1024**2)
    write(atlas_dir / "kpis/csat.csv", HEADER + "2026-01-01,buying,first,1\n" * 90_000)
    assert messages(atlas_dir) == [
        "kpis/csat.csv:1:1: error: this file is 2 MB; KPI readings files may be at most 2 MB "
        "(keep the readings a page shows, e.g. the last few years)"]


def test_readings_of_a_stage_whose_file_is_broken_add_no_second_error(atlas_dir):
    write(atlas_dir / "journeys/buying/stages/first.md", "---\nname: [unclosed\n---\n")
    found = readings(atlas_dir, "2026-01-01,buying,first,1\n")
    assert len(found) == 1 and found[0].startswith("journeys/buying/stages/first.md:")


# --- kpis.yml is checked like every atlas file ---------------------------------------------

def test_bad_kpis_yml_keys_are_told_at_their_lines(atlas_dir):
    write(atlas_dir / "kpis.yml", """
        kpis:
          - id: csat
            name: Customer satisfaction
            beter: higher
          - id: Time To Value
            name: Time to value
          - id: nps
            name: Net promoter score
            better: more
            target: high
            stale_after_days: 0
          - id: csat
            name: Again
          - unit: days
        """)
    assert messages(atlas_dir) == [
        "kpis.yml:4:5: error: kpis #1: unknown key 'beter' in kpi; did you mean "
        "'better'? (custom data belongs under 'extra:')",
        "kpis.yml:5:9: error: kpis #2 › id: expected an id (lower-case letters, digits and "
        "single hyphens), e.g. 'first-contact-resolution', got the text 'Time To Value'",
        "kpis.yml:9:13: error: kpis #3 › better: expected one of higher, lower, got the text "
        "'more'",
        "kpis.yml:10:13: error: kpis #3 › target: expected a number, got the text 'high'",
        "kpis.yml:11:23: error: kpis #3 › stale_after_days: expected a whole number from 1 "
        "to 3,660, got 0",
        "kpis.yml:12:9: error: kpis #4 › id: the KPI 'csat' is declared twice (first on "
        "line 2); declare each KPI once",
        "kpis.yml:14:1: error: missing required key 'id' in kpi (the measure's id; its "
        "readings are in kpis/<id>.csv)",
        "kpis.yml:14:1: error: missing required key 'name' in kpi (what the measure is "
        "called)",
    ]


def test_kpis_yml_without_a_list_is_told(atlas_dir):
    write(atlas_dir / "kpis.yml", "measures: []\n")
    assert messages(atlas_dir) == [
        "kpis.yml:1:1: error: missing required key 'kpis' in kpis (the measures, one per item)",
        "kpis.yml:1:1: error: unknown key 'measures' in kpis; valid keys are: kpis (custom "
        "data belongs under 'extra:')"]


# --- what pages show -------------------------------------------------------------------------

def _measure(values, better="higher", target=None, stale_after_days=None, on=None):
    kpi = Kpi(id="k", name="K", better=better, target=target,
              stale_after_days=stale_after_days)
    kpi.readings = {("j", None): [(dt.date(2026, 1, d), v) for d, v in values]}
    from journey_atlas.model import Atlas
    atlas = Atlas(name="A", kpis={"k": kpi})
    return measures_by_place(atlas, on or dt.date(2026, 2, 1))[("j", None)][0]


def test_the_right_way_depends_on_which_way_is_better():
    assert _measure([(1, 5), (2, 7)]).verdict == "right"
    assert _measure([(1, 5), (2, 7)], better="lower").verdict == "wrong"
    assert _measure([(1, 7), (2, 5)], better="lower").verdict == "right"
    assert _measure([(1, 5), (2, 5)]).verdict == "level"
    assert _measure([(1, 5)]).verdict is None and _measure([(1, 5)]).movement is None
    assert _measure([(2, 30)], better="lower", target=30).meets_target is True
    assert _measure([(2, 31)], better="lower", target=30).meets_target is False
    assert _measure([(2, 79.9)], target=80).meets_target is False
    assert _measure([(2, 5)]).meets_target is None


def test_a_reading_is_stale_only_after_stale_after_days():
    # The latest reading is on 2 January; judged on 1 February it is 30 days old.
    assert not _measure([(2, 5)], stale_after_days=30).stale
    assert _measure([(2, 5)], stale_after_days=29).stale
    assert not _measure([(2, 5)]).stale  # without stale_after_days: never
    assert not _measure([(2, 5)], stale_after_days=1, on=dt.date(2025, 12, 1)).stale  # ahead


def test_the_trend_shows_the_latest_readings_only():
    measure = _measure([(d, d) for d in range(1, 31)])
    assert measure.count == 30 and len(measure.series) == kpis.TREND_READINGS
    assert measure.series[-1] == (dt.date(2026, 1, 30), 30) == measure.latest


@pytest.mark.parametrize("value, unit, shown", [
    (71.26, "%", "71.3\u00a0%"), (4.2, "%", "4.2\u00a0%"), (1250.0, None, "1,250"),
    (3.5, "days", "3.5\u00a0days"), (0.126, None, "0.13"), (-2.0, None, "−2"),
    (-0.001, None, "0"), (80, "%", "80\u00a0%"), (12345.6, "calls", "12,346\u00a0calls"),
])
def test_figures_are_written_as_people_write_them(value, unit, shown):
    assert figure(value, unit) == shown


def _section(html: str, start: str) -> str:
    at = html.index(start)
    return html[at:html.index("</section>", at)]


def test_a_stage_page_shows_latest_value_target_trend_and_stale_mark(sample_site):
    html = (sample_site / "journeys/getting-help/stages/crew-is-waiting/index.html"
            ).read_text(encoding="utf-8")
    section = _section(html, '<section class="block measures"')
    assert '<h2 id="measures">Measures</h2>' in section
    # Before the gaps, as every stage page lists them.
    assert html.index('class="block measures"') < html.index('<h2 id="gaps">')
    fcr, hours = section.split('<li class="kpi')[1:]
    assert "<h3 class=\"kpi-name\">First-contact resolution</h3>" in fcr
    assert '<span class="kpi-value">71.2\u00a0%</span>' in fcr and "on 1 November 2026" in fcr
    assert "Target 80\u00a0% · not met yet" in fcr
    assert re.search(r'<svg class="kpi-trend"[^>]* role="img" aria-label="First-contact '
                     r'resolution, 12 readings from 58\u00a0% on 1 December 2025 to '
                     r'71.2\u00a0% on 1 November 2026; target 80\u00a0%">', fcr)
    assert fcr.count("<polyline") == 1 and 'class="target"' in fcr
    assert "Moving the right way: up from 70.5\u00a0% on 1 October 2026" in fcr
    assert 'class="kpi-move move-right"' in fcr and "Stale" not in fcr
    # The incident tool's export stopped after September: 82 days old on 22 November.
    assert hours.startswith(' is-stale">')
    assert "Moving the wrong way: up from 4.4\u00a0hours on 1 August 2026" in hours
    assert ("<strong>Stale:</strong> last reading 1 September 2026 (readings older than 45 "
            "days are stale)") in hours


def test_a_stage_without_readings_has_no_measures_section(sample_site):
    html = (sample_site / "journeys/getting-help/stages/will-it-happen-again/index.html"
            ).read_text(encoding="utf-8")
    assert "Measures" not in html and "kpi-" not in html


def test_the_journey_page_shows_journey_wide_readings_and_a_measures_lane(sample_site):
    html = (sample_site / "journeys/getting-help/index.html").read_text(encoding="utf-8")
    section = _section(html, '<section class="block measures"')
    assert "75.4\u00a0%" in section and "5.7\u00a0hours" in section  # stage empty: the journey
    assert html.index("The journey board</h2>") < html.index('class="block measures"')
    lane = html[html.index('<tr class="lane lane-measures">'):]
    lane = lane[:lane.index("</tr>")]
    cells = lane.split("<td>")[1:]
    assert len(cells) == 5  # one per stage
    assert "71.2\u00a0%" in cells[0] and "5.1\u00a0hours" in cells[0]
    assert "Stale: last reading 1 September 2026" in cells[0]
    assert '</span> wrong way</span>' in cells[1]  # 72.4 %
    assert "kpi" not in cells[3]  # no readings for this stage
    other = (sample_site / "journeys/adopting-fieldline/index.html").read_text(encoding="utf-8")
    assert "lane-measures" not in other and "kpi-list" not in other


def test_staleness_is_judged_on_source_date_epoch(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    site = tmp_path / "site"
    # 1 October 2026: the September reading is a month old, within 45 days.
    result = build(content, site, env=fixed_date_env(SOURCE_DATE_EPOCH="1790812800"))
    assert result.returncode == 0, result.stderr
    html = (site / "journeys/getting-help/stages/crew-is-waiting/index.html"
            ).read_text(encoding="utf-8")
    assert "kpi-list" in html and "Stale" not in html


def test_readings_are_data_not_pages_and_atlas_json_has_declarations_only(sample_site):
    assert not list(sample_site.rglob("*.csv")) and not (sample_site / "kpis").exists()
    exported = json.loads((sample_site / "atlas.json").read_text(encoding="utf-8"))
    assert exported["kpis"] == [
        {"id": "first-contact-resolution", "name": "First-contact resolution", "unit": "%",
         "better": "higher", "target": 80, "stale_after_days": 45},
        {"id": "hours-to-crews-moving", "name": "Hours until crews work again",
         "unit": "hours", "better": "lower", "target": 4, "stale_after_days": 45}]
    assert "readings" not in json.dumps(exported)


def test_text_from_kpis_is_escaped(atlas_dir, tmp_path):
    write(atlas_dir / "kpis.yml", """
        kpis:
          - id: csat
            name: <script>alert(1)</script> & co
            unit: <b>%</b>
        """)
    write(atlas_dir / "kpis/csat.csv", HEADER + "2026-01-01,buying,first,1\n"
                                                "2026-01-02,buying,first,2\n")
    site = tmp_path / "site"
    assert build(atlas_dir, site, lint=False).returncode == 0
    for page in ("journeys/buying/stages/first/index.html", "journeys/buying/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
        assert "<script>alert(1)" not in html and "<b>%</b>" not in html


# --- a large export ---------------------------------------------------------------------------

def write_readings(root: Path, rows: int) -> None:
    """`rows` daily readings spread over the sample's stages and journeys."""
    places = [("getting-help", s) for s in ("", "crew-is-waiting", "is-anyone-on-it",
                                            "back-to-work", "will-it-happen-again")]
    places += [("adopting-fieldline", s) for s in ("", "missing-jobs", "setting-up")]
    start = dt.date(2000, 1, 1)
    lines = [HEADER.rstrip("\n")]
    per_place = -(-rows // len(places))
    for i in range(rows):
        journey, stage = places[i // per_place]
        lines.append(f"{start + dt.timedelta(days=i % per_place)},{journey},{stage},"
                     f"{60 + (i % 97) / 7:.2f}")
    (root / "kpis/first-contact-resolution.csv").write_text("\n".join(lines) + "\n",
                                                            encoding="utf-8")


# Address space for `journey-atlas validate`: it needs about 300 MiB with 100,000 readings
# (4 MB of CSV; 36 MiB more resident than without them). A quarter of test_hardening's cap.
KPI_MEMORY_CAP = 512 * 1024**2


def test_a_hundred_thousand_readings_validate_under_a_memory_cap(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    write_readings(content, 100_000)

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (KPI_MEMORY_CAP, KPI_MEMORY_CAP))
    result = subprocess.run([*CLI, "validate", str(content)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, preexec_fn=limit, env=fixed_date_env())
    assert result.returncode == 0, result.stdout + result.stderr
    atlas = load_atlas(content).atlas
    assert sum(map(len, atlas.kpis["first-contact-resolution"].readings.values())) == 100_000


def test_a_new_atlas_starts_with_a_kpi_and_its_readings(tmp_path):
    from journey_atlas.starter import create_atlas
    create_atlas(tmp_path / "new", "Acme")
    result = load_atlas(tmp_path / "new/content")
    assert result.problems == []
    kpi = result.atlas.kpis["on-time-delivery"]
    assert [len(kpi.readings[place]) for place in (("first-order", "waiting-for-it"),
                                                   ("first-order", None))] == [4, 4]


def test_the_json_schema_of_kpis_yml_agrees_with_the_validator():
    import jsonschema
    import yaml
    from journey_atlas.schema import json_schema
    from journey_atlas.starter import STARTER
    schema = json_schema("kpis")
    for path in (SAMPLE / "kpis.yml", STARTER / "content/kpis.yml"):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    for bad in ({"kpis": [{"id": "Not An Id", "name": "x"}]},
                {"kpis": [{"id": "x", "name": "x", "target": "high"}]},
                {"kpis": [{"id": "x", "name": "x", "better": "more"}]},
                {"kpis": [{"id": "x"}]}, {"measures": []}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_a_quote_left_open_is_told_at_its_row_and_the_rows_after_it_are_still_read(atlas_dir):
    found = readings(atlas_dir, "\n".join([
        '"2026-01-01,buying,first,1',              # row 2: the quote never closes
        "2026-01-02,buying,first,lots",            # row 3: read, and told
        '2026-01-03,"buying,first,1',              # row 4: open again, in the 2nd cell
        '2026-01-04,buying,first,"' + "x" * 200_000,  # row 5: larger than csv's cell limit
        "2026-01-05,buying,first,1e308",           # row 6: a number, too large to draw
        "2026-01-06,buying,first,2\f",             # row 7: a form feed ends no line here
        "2026-01-07,buying,frist,3",               # row 8: still its own line number
    ]) + "\n")
    f = "kpis/csat.csv"
    unclosed = ("error: this row opens a quoted cell (\") that does not close on the same "
                "line; a reading is one line: close the quote, or remove it (the row was "
                "skipped)")
    assert found == [
        f"{f}:2:1: {unclosed}",
        f"{f}:3:25: error: value: expected a number, got the text 'lots'",
        f"{f}:4:1: {unclosed}",
        f"{f}:5:1: {unclosed}",
        f"{f}:6:25: error: value: expected a number from -1,000,000,000,000,000 to "
        "1,000,000,000,000,000, got the text '1e308'",
        f"{f}:8:19: error: stage: unknown stage 'frist' of journey 'buying'; did you mean "
        "'first'? (leave the stage empty for a reading of the whole journey)",
    ]


def test_other_files_in_the_readings_folder_are_warned_about_and_not_published(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    shutil.copy(root / "kpis/first-contact-resolution.csv",
                root / "kpis/first-contact-resolution.CSV")
    write(root / "kpis/old/backup.csv", HEADER)
    warnings = [(p.path, p.message) for p in load_atlas(root).problems if p.level == "warning"]
    assert [path for path, _ in warnings] == ["kpis/first-contact-resolution.CSV",
                                              "kpis/old/backup.csv"]
    assert warnings[0][1].startswith("not read: readings are kpis/<kpi-id>.csv")
    result = build(root, tmp_path / "site", lint=False)
    assert result.returncode == 1  # --strict: a warning fails the build
    result = subprocess.run(
        [CLI[0], "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / "mkdocs-content.yml")],
        capture_output=True, text=True, env=fixed_date_env())
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site/kpis").exists()
