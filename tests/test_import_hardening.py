"""`import` and `export` against hostile or awkward files: huge files, formula cells,
the encodings Excel saves, missing files, and everything Mermaid's journey grammar allows."""

from __future__ import annotations

import csv
import io
import resource
import subprocess
import sys

import pytest

from journey_atlas.export import neutralise, unneutralise
from journey_atlas.loader import load_atlas
from support import fixed_date_env, front_matter, minimal_atlas, write

CLI = [sys.executable, "-m", "journey_atlas"]


def run(*args, timeout=60, preexec_fn=None):
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True,
                          env=fixed_date_env(), timeout=timeout, preexec_fn=preexec_fn)


def import_file(kind, path, root, journey="j", *extra, **kwargs):
    return run("import", kind, path, "--journey", journey, "--into", root, *extra, **kwargs)


def assert_refused(result, root, journey="j"):
    """Exit 1, a report instead of a traceback, and not one file written."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "journeys" / journey).exists()


# --- size limits -------------------------------------------------------------------------

def _one_gib_of_memory():
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_a_million_rows_are_refused_while_reading_under_a_memory_cap(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    big = tmp_path / "million.csv"
    with big.open("w", encoding="utf-8") as f:
        f.write("name\n")
        f.writelines(f"Stage {i}\n" for i in range(1_000_000))
    result = import_file("csv", big, root, "big", timeout=30, preexec_fn=_one_gib_of_memory)
    assert_refused(result, root, "big")
    assert (f"{big}:502:1: error: more than 500 stage rows (a journey has 5 to 12 stages as a "
            "rule); if this is the right file, raise the limit with --max-rows") in result.stderr
    assert "nothing was written" in result.stderr


def test_max_rows_raises_the_limit(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.csv", "name\nOne\nTwo\n\nThree\nFour\n")
    result = import_file("csv", path, root, "j", "--max-rows", "3")
    assert_refused(result, root)
    assert f"{path}:6:1: error: more than 3 stage rows" in result.stderr  # blank line 4 is no row
    assert import_file("csv", path, root, "j", "--max-rows", "4").returncode == 0
    assert len(load_atlas(root).atlas.journey("j").stages) == 4


def test_rows_of_other_journeys_do_not_count_towards_the_limit(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    rows = "".join(f"other,Other {i}\n" for i in range(10)) + "j,Mine\n"
    path = write(tmp_path / "j.csv", "journey,name\n" + rows)
    result = import_file("csv", path, root, "j", "--max-rows", "1")
    assert result.returncode == 0, result.stderr
    assert [s.name for s in load_atlas(root).atlas.journey("j").stages] == ["Mine"]


def test_mermaid_sections_and_tasks_are_limited_too(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.mmd", "journey\nsection One\n  Task: 3: Me\nsection Two\n")
    result = import_file("mermaid", path, root, "j", "--max-rows", "2")
    assert_refused(result, root)
    assert f"{path}:4:1: error: more than 2 sections and tasks" in result.stderr


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_max_rows_must_be_a_positive_whole_number(tmp_path, value):
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.csv", "name\nOne\n")
    result = import_file("csv", path, root, "j", "--max-rows", value)
    assert result.returncode == 2
    assert f"--max-rows: expected a whole number above 0, got '{value}'" in result.stderr


def test_a_cell_over_the_csv_field_limit_is_reported_at_its_row(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.csv", "name,feeling\nFine,ok\nHuge," + "x" * 200_000 + "\n")
    result = import_file("csv", path, root)
    assert_refused(result, root)
    assert (f"{path}:3:1: error: a cell in the row starting here is longer than 131072 "
            "characters; is a '\"' left open?") in result.stderr


def test_a_quote_left_open_is_reported_where_it_opens(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    lines = "".join(f"Stage {i} with a few more words to fill the line up,ok\n"
                    for i in range(5000))
    path = write(tmp_path / "j.csv", 'name,feeling\nFine,ok\n"Open quote,ok\n' + lines)
    result = import_file("csv", path, root)
    assert_refused(result, root)
    assert f"{path}:3:1: error: a cell in the row starting here is longer than" in result.stderr


def test_a_line_of_megabytes_is_refused_without_reading_it_whole(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = tmp_path / "j.csv"
    path.write_bytes(b"name\n" + b"x" * (3 << 20))
    result = import_file("csv", path, root)
    assert_refused(result, root)
    assert f"{path}:2:1: error: this line is over 1,048,576 characters long" in result.stderr


def test_a_long_header_line_does_not_hang_the_delimiter_guess(tmp_path):
    # csv.Sniffer takes quadratic time on such a line: a minute for this one, unguarded.
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.csv", "name" + ',"a' * 40_000 + "\nOne\n")
    result = import_file("csv", path, root, timeout=20)
    assert_refused(result, root)
    assert f"{path}:1:1: error: unknown column" in result.stderr


# --- formula cells ---------------------------------------------------------------------------

FORMULAS = {
    "name": '=HYPERLINK("http://evil.example","Click")',
    "internal_name": "+cmd|' /C calc'!A0",
    "customer_goal": "-2 weeks to go live",
    "feeling": "@SUM(1+1)",
    "pain_points": ["=1+1 is the price", "'=already quoted"],
}


def test_export_neutralises_formula_cells_and_import_restores_them(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "journeys/buying/stages/second.md", front_matter(
        {**FORMULAS, "emotion": -1, "desired_emotion": 1}))
    out = tmp_path / "stages.csv"
    assert run("export", root, "--format", "csv", "--out", out).returncode == 0
    row = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))[1]
    assert row["name"] == "'" + FORMULAS["name"]
    assert row["internal_name"] == "'+cmd|' /C calc'!A0"
    assert row["customer_goal"] == "'-2 weeks to go live"
    assert row["feeling"] == "'@SUM(1+1)"
    assert row["pain_points"] == "'=1+1 is the price; '=already quoted"  # the cell's start only
    assert (row["emotion"], row["desired_emotion"]) == ("-1", "1")  # numbers are no formulas
    result = import_file("csv", out, root, "buying", "--force", "--persona", "buyer")
    assert result.returncode == 0, result.stderr
    second = load_atlas(root).atlas.journey("buying").stages[1]
    assert (second.name, second.internal_name, second.customer_goal, second.feeling) == (
        FORMULAS["name"], FORMULAS["internal_name"], FORMULAS["customer_goal"],
        FORMULAS["feeling"])
    assert second.pain_points == FORMULAS["pain_points"]
    assert (second.emotion, second.desired_emotion) == (-1, 1)


@pytest.mark.parametrize("text, written", [
    ("=1+1", "'=1+1"), ("+1 day", "'+1 day"), ("-", "'-"), ("@home", "'@home"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=x", "''=x"),
    ("-1", "-1"), ("+2", "+2"), ("-0.5", "-0.5"), ("x=1", "x=1"), ("'quoted'", "'quoted'"),
])
def test_neutralise_prefixes_formula_starts_only_and_unneutralise_undoes_it(text, written):
    assert neutralise(text) == written
    assert unneutralise(written) == text


def test_a_text_starting_with_a_quote_and_a_formula_sign_round_trips(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    write(root / "journeys/buying/stages/second.md", front_matter({"name": "'=not a formula"}))
    out = tmp_path / "stages.csv"
    assert run("export", root, "--format", "csv", "--out", out).returncode == 0
    assert "\nbuying,second,''=not a formula," in out.read_text(encoding="utf-8")
    assert import_file("csv", out, root, "buying", "--force").returncode == 0
    assert load_atlas(root).atlas.journey("buying").stages[1].name == "'=not a formula"


# --- encodings and files -----------------------------------------------------------------------

def test_windows_1252_csv_as_excel_saves_it(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = tmp_path / "j.csv"
    path.write_bytes("name,feeling\r\nCafé visit,“fine” – €5\r\n".encode("cp1252"))
    result = import_file("csv", path, root)
    assert result.returncode == 0, result.stderr
    [stage] = load_atlas(root).atlas.journey("j").stages
    assert (stage.name, stage.feeling) == ("Café visit", "“fine” – €5")


def test_utf16_tab_separated_unicode_text_as_excel_saves_it(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = tmp_path / "j.txt"
    text = "name\tfeeling\r\nZürich öffnet\t\"tabs\tinside\"\r\nÅrhus\tgood\r\n"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    result = import_file("csv", path, root)
    assert result.returncode == 0, result.stderr
    stages = load_atlas(root).atlas.journey("j").stages
    assert [(s.name, s.feeling) for s in stages] == [("Zürich öffnet", "tabs\tinside"),
                                                    ("Århus", "good")]


def test_utf8_with_byte_order_mark(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = tmp_path / "j.csv"
    path.write_bytes(b"\xef\xbb\xbfname\nCaf\xc3\xa9\n")
    assert import_file("csv", path, root).returncode == 0
    assert load_atlas(root).atlas.journey("j").stages[0].name == "Café"


@pytest.mark.parametrize("data, line, message", [
    # 0x81 is undefined in Windows-1252; the 0xE9 before it made the file Windows-1252
    (b"name\nCaf\xe9\nBad \x81 byte\n", 3, "byte 0x81 is not UTF-8 or Windows-1252 text; save "
                                           "the file as UTF-8"),
    # UTF-8 so far (line 2), so a stray byte further on is no Windows-1252 file
    (b"name\nCaf\xc3\xa9\nCaf\xe9\n", 3, "byte 0xE9 is not UTF-8 text; save the file as UTF-8"),
    (b"\xef\xbb\xbfname\nCaf\xe9\n", 2, "byte 0xE9 is not UTF-8 text"),
    (b"\xff\xfe" + "name\nOne\n".encode("utf-16-le") + b"\x00\xd8\n\x00", 3,
     "this line is not UTF-16 text; save the file as UTF-8"),
    ("name\nOne\n".encode("utf-16-le"), 1, "this line holds NUL characters: a UTF-16 file "
                                           "without its byte-order mark?"),
    (b"name\nA\r\nB\rC\n", 3, "a line break ('\\r') outside quotes, as old Macs end lines"),
])
def test_undecodable_text_names_file_and_line(tmp_path, data, line, message):
    root = minimal_atlas(tmp_path / "content")
    path = tmp_path / "j.csv"
    path.write_bytes(data)
    result = import_file("csv", path, root)
    assert_refused(result, root)
    assert f"{path}:{line}:1: error: {message}" in result.stderr


def test_windows_1252_mermaid_reads_like_the_csv(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = tmp_path / "j.mmd"
    path.write_bytes("journey\r\nsection Café\r\n  Order: 4: Agent\r\n".encode("cp1252"))
    assert import_file("mermaid", path, root).returncode == 0
    assert load_atlas(root).atlas.journey("j").stages[0].name == "Café"
    path.write_bytes(b"journey\nsection Caf\xe9\nsection \x9d\n")
    result = import_file("mermaid", path, root, "k")
    assert_refused(result, root, "k")
    assert f"{path}:3:1: error: byte 0x9D is not UTF-8 or Windows-1252 text" in result.stderr


@pytest.mark.parametrize("kind, what", [("csv", "CSV"), ("mermaid", "Mermaid")])
def test_a_missing_file_or_a_folder_is_one_clear_error(tmp_path, kind, what):
    root = minimal_atlas(tmp_path / "content")
    missing = tmp_path / "nowhere.csv"
    result = import_file(kind, missing, root)
    assert_refused(result, root)
    assert result.stderr == f"journey-atlas import: {missing}: no such file\n"
    result = import_file(kind, tmp_path, root)
    assert_refused(result, root)
    assert result.stderr == (f"journey-atlas import: {tmp_path}: is a folder, expected a "
                             f"{what} file\n")


def test_a_journey_id_ending_in_a_newline_is_refused(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.csv", "name\nOne\n")
    result = import_file("csv", path, root, "moving\n")
    assert_refused(result, root, "moving\n")
    assert f"{path}:1:1: error: journey id 'moving\\n' is not a valid id" in result.stderr
    assert not (root / "journeys").joinpath("moving\n").exists()


# --- Mermaid's grammar ---------------------------------------------------------------------------
# The cases of Mermaid's own parser tests (mermaid-js/mermaid,
# packages/mermaid/src/diagrams/user-journey/parser/journey.spec.js), as files to import.

SPEC_TASKS = ("journey\ntitle Adding journey diagram functionality to mermaid\n"
              "section Documentation\nA task: 5: Alice, Bob, Charlie\nB task: 3:Bob, Charlie\n"
              "C task: 5\nD task: 5: Charlie, Alice\nE task: 5:\nsection Another section\n"
              "P task: 5:\nQ task: 5:\nR task: 5:")
SPEC_TITLE = "Adding journey diagram functionality to mermaid"

MERMAID_SPEC = [
    ("journey\naccDescr: A user journey for family shopping\n"
     f"title {SPEC_TITLE}\nsection Order from website", SPEC_TITLE, ["Order from website"]),
    ("journey\naccDescr {\n        A user journey for\n        family shopping\n      }"
     f"title {SPEC_TITLE}\naccTitle: Adding acc journey diagram functionality to mermaid\n"
     "section Order from website", SPEC_TITLE, ["Order from website"]),
    ("journey\n    accTitle: The title\n    section Order from website", "J",
     ["Order from website"]),
    (f"journey\ntitle {SPEC_TITLE}\nsection Order from website", SPEC_TITLE,
     ["Order from website"]),
    ("journey\ntitle Adding gantt diagram functionality to mermaid\n"
     "section Line1<br>Line2<br/>Line3</br />Line4<br\t/>Line5",
     "Adding gantt diagram functionality to mermaid", ["Line1 Line2 Line3 Line4 Line5"]),
    (SPEC_TASKS, SPEC_TITLE, ["Documentation", "Another section"]),
]


@pytest.mark.parametrize("text, title, stages", MERMAID_SPEC)
def test_mermaids_own_parser_cases_import(tmp_path, text, title, stages):
    root = minimal_atlas(tmp_path / "content")
    result = import_file("mermaid", write(tmp_path / "j.mmd", text), root)
    assert result.returncode == 0, result.stderr
    journey = load_atlas(root).atlas.journey("j")
    assert journey.title == title
    assert [s.name for s in journey.stages] == stages


def test_mermaid_spec_tasks_become_touchpoints_scores_and_roles(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    assert import_file("mermaid", write(tmp_path / "j.mmd", SPEC_TASKS), root).returncode == 0
    docs, other = load_atlas(root).atlas.journey("j").stages
    assert [t.name for t in docs.touchpoints] == ["A task", "B task", "C task", "D task",
                                                  "E task"]
    assert docs.emotion == 2  # scores 5, 3, 5, 5, 5: 4.6, rounded to 5
    assert docs.roles == {"alice": "A", "bob": "R", "charlie": "R"}  # 'E task: 5:' has none
    assert (other.emotion, other.roles) == (2, {})


def test_mermaid_the_title_only_case_is_read_but_has_no_stages(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.mmd", f"journey\ntitle {SPEC_TITLE}")
    result = import_file("mermaid", path, root)
    assert_refused(result, root)
    assert result.stderr.startswith(f"{path}:1:1: error: no 'section' lines")
    assert "found 1 error" in result.stderr


def test_mermaid_line_breaks_and_keywords_in_any_case(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.mmd", "journey\nTITLE Moving\nSection Sign<BR/>  up <br />now\n"
                                     "  Fill in<br>the form: 4: Agent\n")
    assert import_file("mermaid", path, root).returncode == 0
    journey = load_atlas(root).atlas.journey("j")
    assert journey.title == "Moving"
    [stage] = journey.stages
    assert stage.name == "Sign up now"
    assert [t.name for t in stage.touchpoints] == ["Fill in the form"]


def test_mermaid_task_names_end_at_the_first_colon_as_in_mermaid(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.mmd", "journey\nsection A\n  Call: 4: Agent: after lunch\n"
                                     "  Step 1: sign up: 5: Agent\n")
    result = import_file("mermaid", path, root)
    assert_refused(result, root)
    # Mermaid reads 'Step 1' as the task and 'sign up' as its score; say why.
    assert (f"{path}:4:1: error: expected a score from 1 to 5, got 'sign up' (a task's name "
            "ends at its first ':')") in result.stderr
    assert "j.mmd:3:" not in result.stderr  # a third piece is ignored, as Mermaid does
    write(path, "journey\nsection A\n  Call: 4: Agent: after lunch\n")
    assert import_file("mermaid", path, root).returncode == 0
    [stage] = load_atlas(root).atlas.journey("j").stages
    assert stage.roles == {"agent": "A"} and [t.name for t in stage.touchpoints] == ["Call"]


@pytest.mark.parametrize("text, line, message", [
    ("journey\nsection A\naccDescr {\n  never closed\nTask: 3: Me\n", 3,
     "this 'accDescr {' is never closed: expected a '}' after the description"),
    ("journey\nsection A\n  Task: \u00b2: Me\n", 3, "expected a score from 1 to 5, got '\u00b2'"),
    ("journey\nsection A\n  : 3: Me\n", 3, "expected a task written 'Task name: score: actor"),
])
def test_mermaid_malformed_lines_are_reported(tmp_path, text, line, message):
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.mmd", text)
    result = import_file("mermaid", path, root)
    assert_refused(result, root)
    assert f"{path}:{line}:1: error: {message}" in result.stderr


def test_mermaid_reports_every_problem_at_once(tmp_path):
    root = minimal_atlas(tmp_path / "content")
    path = write(tmp_path / "j.mmd", "journey\nsection A\n  One: 9: Me\n  two words\n"
                                     "  Three: x: Me\n")
    result = import_file("mermaid", path, root)
    assert_refused(result, root)
    assert [line.split(": error: ")[0] for line in result.stderr.splitlines()[:-1]] == [
        f"{path}:3:1", f"{path}:4:1", f"{path}:5:1"]
    assert "found 3 errors in the content; nothing was written." in result.stderr
