"""Build-speed benchmark: Journey Atlas against MkDocs' own floor, at several atlas sizes.

    .venv/bin/python tests/benchmarks/bench_build.py            # 250, 1000 and 5000 pages
    .venv/bin/python tests/benchmarks/bench_build.py 1000 --runs 5
    .venv/bin/python tests/benchmarks/bench_build.py 1000 --kpi-readings 100000
    .venv/bin/python tests/benchmarks/bench_build.py 1000 --notes prose

With --kpi-readings N it builds the same atlas without and with N KPI readings instead
(kpis/*.csv, issue 21), alternating the two, and prints what the readings add.

For each size it generates a synthetic atlas (journeys, stages, moments, roles, personas,
with realistic text in every field), builds it as a user does (searched with Pagefind,
which the plugin runs), builds a plain MkDocs site with the same pages and the same text on
a bare theme with MkDocs' search plugin (the floor: both sites come with search),
alternating the two, and prints pages, median seconds of each, their ratio, output size, average page
size and peak memory. Not part of the test run: timings belong here, not in tests.

Notes (the Markdown under every stage, moment and role) are ordinary Markdown by default
(`--notes markdown`): the same words as in prose mode, with some **bold**, a short bulleted
list and a link to a role's page (relative to the note's file, as authors write them, which
MkDocs rewrites). The floor's pages get the same Markdown. `--notes prose` writes each note
as one paragraph of plain prose, as earlier versions of this benchmark did.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EPOCH = "1795305600"
BUILD_DAY = dt.date(2026, 11, 22)  # EPOCH's day
WORDS = ("customer crew dispatch job site visit invoice contract team schedule partner call "
         "promise answer problem week morning board manager client office report trust help "
         "first clear honest quick plan owner update review service quality renewal data "
         "training order price value question follow faster simple calm ready").split()
STAGES_PER_JOURNEY = 10
MOMENTS_PER_STAGE = 2


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def markdown_note(prose: str, link_text: str, link: str) -> str:
    """The words of a prose note as ordinary Markdown: a paragraph with two words in bold,
    a bulleted list of three items and a closing line with a link (to `link`, relative to
    the note's own file)."""
    words = prose.rstrip(".").split()
    lead, items, rest = words[:len(words) // 3], words[len(words) // 3:-6], words[-6:]
    lead[2:4] = ["**" + " ".join(lead[2:4]) + "**"]
    step = max(1, len(items) // 3)
    bullets = [" ".join(items[i * step:(i + 1) * step if i < 2 else None]) for i in range(3)]
    return (" ".join(lead) + ".\n\n" + "".join(f"- {b}\n" for b in bullets) + "\n"
            + " ".join(rest).capitalize() + f", and see [{link_text}]({link}).\n")


def front(data: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, width=100) + "---\n" + body


def generate_atlas(root: Path, pages: int, seed: int = 1, notes: str = "markdown"
                   ) -> dict[str, str]:
    """About `pages` pages of output: each journey makes 35 (overview, 4 views, 10 stages,
    20 moments) and each role 2 (its page and its learning path). `notes`: "markdown" or
    "prose" (the same words either way; see the module's docstring). Returns each Markdown
    note by its page's location, for the floor."""
    rng = random.Random(seed)
    written: dict[str, str] = {}

    def note(words: int, role: str, to_roles: str) -> str:
        prose = sentence(rng, words)
        if notes == "prose":
            return prose + "\n"
        return markdown_note(prose, f"the page of {role}", f"{to_roles}{role}.md")

    def page(path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        if notes == "markdown":
            location = path.relative_to(root).with_suffix("").as_posix() + "/"
            written[location] = text.split("\n---\n", 1)[1]

    role_count = max(6, pages // 25)
    journeys = max(1, round((pages - 2 * role_count - 20) / 35))
    (root / "roles").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "atlas.yml").write_text(yaml.safe_dump({
        "name": "Benchmark Co", "strategy": sentence(rng, 30), "culture": sentence(rng, 25),
        "lasting_impression": ["Clear", "Quick", "Kind"]}), encoding="utf-8")
    roles = [f"role-{i:03d}" for i in range(role_count)]
    for i, role in enumerate(roles):
        page(root / f"roles/{role}.md", front(
            {"name": f"Role {i} {rng.choice(WORDS).title()}", "team": f"Team {i % 7}",
             "supports_strategy": sentence(rng, 25)},
            note(60, roles[(i + 1) % role_count], "")))
    personas = [f"persona-{i}" for i in range(5)]
    for i, persona in enumerate(personas):
        (root / f"personas/{persona}.md").write_text(front(
            {"name": f"Persona {i}", "kind": ("economic", "technical", "user")[i % 3],
             "segment": sentence(rng, 8), "goals": [sentence(rng, 10) for _ in range(3)],
             "quote": sentence(rng, 15)}, sentence(rng, 50) + "\n"), encoding="utf-8")
    for j in range(journeys):
        base = root / f"journeys/journey-{j:03d}"
        (base / "stages").mkdir(parents=True)
        (base / "moments").mkdir()
        stage_ids = [f"stage-{s:02d}" for s in range(STAGES_PER_JOURNEY)]
        (base / "journey.yml").write_text(yaml.safe_dump({
            "title": f"Journey {j}: {sentence(rng, 4)}", "personas": rng.sample(personas, 2),
            "segment": sentence(rng, 6), "outcome": sentence(rng, 15), "horizon_months": 12,
            "stages": stage_ids}, sort_keys=False), encoding="utf-8")
        for s, stage_id in enumerate(stage_ids):
            involved = rng.sample(roles, 3)
            page(base / f"stages/{stage_id}.md", front({
                "name": f"I {sentence(rng, 6).lower()}", "internal_name": sentence(rng, 3),
                "customer_goal": sentence(rng, 18), "feeling": sentence(rng, 14),
                "emotion": rng.randint(-2, 2), "desired_emotion": rng.randint(0, 2),
                "touchpoints": [{"name": sentence(rng, 4), "channel": "phone",
                                 "owner": rng.choice(involved)} for _ in range(2)],
                "pain_points": [sentence(rng, 12) for _ in range(2)],
                "roles": dict(zip(involved, ("A", "R", "C"))),
                "metrics": {"entered": 1000, "stayed": 800, "grew": 50, "left": 150,
                            "why": [sentence(rng, 12)]},
                "gaps": [{"title": sentence(rng, 5), "current": sentence(rng, 12),
                          "desired": sentence(rng, 12), "impact": rng.randint(1, 5),
                          "effort": rng.randint(1, 5), "owner": involved[0],
                          "status": "planned"}],
                "questions": [sentence(rng, 14) for _ in range(2)]},
                note(80, involved[0], "../../../roles/")))
            for m in range(MOMENTS_PER_STAGE):
                page(base / f"moments/{stage_id}-m{m}.md", front({
                    "title": sentence(rng, 5), "stage": stage_id,
                    "kind": "pivotal", "feeling_before": sentence(rng, 10),
                    "feeling_after": sentence(rng, 10),
                    "great_looks_like": [sentence(rng, 12) for _ in range(2)],
                    "say": [sentence(rng, 14)], "avoid": [sentence(rng, 10)],
                    "roles": involved[:2]}, note(40, involved[1], "../../../roles/")))
    return written


def generate_readings(root: Path, readings: int, seed: int = 2) -> None:
    """`readings` KPI readings for the atlas made by `generate_atlas`: three KPIs read daily
    at every stage and journey (journey-wide), as a BI export writes them."""
    rng = random.Random(seed)
    places = []
    for journey in sorted((root / "journeys").iterdir()):
        places.append((journey.name, ""))
        places += [(journey.name, p.stem) for p in sorted((journey / "stages").glob("*.md"))]
    ids = ("first-contact-resolution", "days-to-first-value", "renewal-rate")
    (root / "kpis.yml").write_text(yaml.safe_dump({"kpis": [
        {"id": kpi, "name": kpi.replace("-", " ").capitalize(), "unit": "%", "target": 80,
         "better": "higher", "stale_after_days": 30} for kpi in ids]}), encoding="utf-8")
    (root / "kpis").mkdir()
    per_file = readings // len(ids)
    # The latest readings are on the build's day (EPOCH): none is stale.
    start = BUILD_DAY - dt.timedelta(days=per_file // len(places))
    for n, kpi in enumerate(ids):
        count = per_file + (readings - per_file * len(ids) if n == 0 else 0)
        rows = ["date,journey,stage,value"]
        for i in range(count):
            journey, stage = places[i % len(places)]
            day = start + dt.timedelta(days=i // len(places))
            rows.append(f"{day.isoformat()},{journey},{stage},{rng.uniform(50, 95):.1f}")
        (root / f"kpis/{kpi}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def bench_readings(pages: int, readings: int, runs: int, work_dir: str | None = None,
                   notes: str = "markdown") -> dict:
    """The same atlas built without and with `readings` KPI readings, alternating."""
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        work = Path(tmp)
        generate_atlas(work / "atlas", pages, notes=notes)
        shutil.copytree(work / "atlas", work / "measured")
        generate_readings(work / "measured", readings)
        plain = atlas_config(work)
        measured = work / "measured.yml"
        measured.write_text(plain.read_text(encoding="utf-8").replace(
            "docs_dir: atlas", "docs_dir: measured").replace(
            "site_dir: atlas-site", "site_dir: measured-site"), encoding="utf-8")
        timed_build(plain), timed_build(measured)  # warm-up
        times = {"without": [], "with": []}
        cpu = {"without": [], "with": []}
        memory = {"without": 0, "with": 0}
        for _ in range(runs):
            for name, config in (("without", plain), ("with", measured)):
                seconds, cpu_seconds, mib = timed_build(config)
                times[name].append(seconds)
                cpu[name].append(cpu_seconds)
                memory[name] = max(memory[name], mib)
        csv_mb = sum(p.stat().st_size for p in (work / "measured/kpis").iterdir()) / 2**20
        return {"pages": folder_stats(work / "measured-site")[0], "readings": readings,
                "csv_mb": csv_mb, **{f"{k}_s": statistics.median(v) for k, v in times.items()},
                **{f"{k}_cpu": statistics.median(v) for k, v in cpu.items()},
                **{f"{k}_mib": v for k, v in memory.items()}}


def atlas_config(work: Path, with_mkdocs_search: bool = False) -> Path:
    """The atlas as a user builds it: searched with Pagefind, which the plugin runs.
    `with_mkdocs_search` adds MkDocs' own search plugin, whose index of every page's text is
    where the floor site takes its pages from (built once, not timed)."""
    name = "atlas-text" if with_mkdocs_search else "atlas"
    config = work / f"{name}.yml"
    config.write_text(yaml.safe_dump({
        "site_name": "Benchmark", "docs_dir": "atlas", "site_dir": f"{name}-site",
        "theme": {"name": "journey-atlas"},
        "plugins": (["search"] if with_mkdocs_search else [])
        + [{"journey-atlas": {"lint": False}}]}), encoding="utf-8")
    return config


def words_of(markdown_text: str) -> str:
    """The words of a Markdown note as they stand in the search index's text."""
    import markdown
    return " ".join(re.sub(r"<[^>]*>", " ", markdown.markdown(markdown_text)).split())


def floor_site(work: Path, atlas_site: Path, notes: dict[str, str]) -> Path:
    """A plain MkDocs site with one Markdown page per atlas page, holding that page's text
    (from the atlas' own search index), on a bare theme with the search plugin. Where the
    atlas page has a Markdown note (`notes`, by location), the floor's page has that note's
    Markdown in place of its words, so the floor converts the same Markdown."""
    index = json.loads((atlas_site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = work / "plain"
    missing = []  # notes whose words the index does not hold as expected
    for entry in index["docs"]:
        if "#" in entry["location"]:
            continue
        location = entry["location"].rstrip("/") or "index"
        path = docs / (location + ".md" if location != "index" else "index.md")
        if location.endswith(".html"):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        text = entry["text"]
        if entry["location"] in notes:
            note = notes[entry["location"]]
            words = words_of(note)
            if words not in text:
                missing.append(entry["location"])
            # The floor's page has the atlas page's path, so the note's links resolve alike.
            text = text.replace(words, "\n\n" + note + "\n\n", 1)
        path.write_text(f"# {entry['title']}\n\n{text}\n", encoding="utf-8")
    if missing:
        raise SystemExit(f"{len(missing)} notes not found in the search index, e.g. {missing[0]}")
    theme = work / "bare-theme"
    theme.mkdir(exist_ok=True)
    (theme / "main.html").write_text(
        "<!doctype html><html><head><meta charset=utf-8><title>{{ page.title }}</title></head>"
        "<body>{{ page.content }}</body></html>\n", encoding="utf-8")
    config = work / "plain.yml"
    config.write_text(yaml.safe_dump({
        "site_name": "Plain", "docs_dir": "plain", "site_dir": "plain-site",
        "theme": {"name": None, "custom_dir": "bare-theme"}, "plugins": ["search"]}),
        encoding="utf-8")
    return config


def timed_build(config: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak memory (MiB) of one
    `mkdocs build` in a child process. CPU time is steadier on a shared machine."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                               cwd=config.parent, env=env, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = process.stderr.read().decode()
    process.stderr.close()
    if status != 0:
        raise SystemExit(f"build of {config.name} failed:\n{stderr}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def folder_stats(site: Path) -> tuple[int, float, float]:
    pages = list(site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    page_bytes = sum(p.stat().st_size for p in pages)
    return len(pages), total / 2**20, page_bytes / max(len(pages), 1) / 1024


def bench(pages: int, runs: int, work_dir: str | None = None, notes: str = "markdown") -> dict:
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        work = Path(tmp)
        written = generate_atlas(work / "atlas", pages, notes=notes)
        timed_build(atlas_config(work, with_mkdocs_search=True))  # the floor's text
        plain = floor_site(work, work / "atlas-text-site", written)
        shutil.rmtree(work / "atlas-text-site")
        atlas = atlas_config(work)
        timed_build(atlas), timed_build(plain)  # warm-up
        times = {"atlas": [], "floor": []}
        cpu = {"atlas": [], "floor": []}
        memory = {"atlas": 0, "floor": 0}
        for _ in range(runs):  # alternate, so drift hits both alike
            for name, config in (("atlas", atlas), ("floor", plain)):
                seconds, cpu_seconds, mib = timed_build(config)
                times[name].append(seconds)
                cpu[name].append(cpu_seconds)
                memory[name] = max(memory[name], mib)
        count, atlas_mb, atlas_kb = folder_stats(work / "atlas-site")
        plain_count, plain_mb, _ = folder_stats(work / "plain-site")
        atlas_s, floor_s = statistics.median(times["atlas"]), statistics.median(times["floor"])
        atlas_cpu, floor_cpu = statistics.median(cpu["atlas"]), statistics.median(cpu["floor"])
        return {"pages": count, "floor_pages": plain_count, "atlas_s": atlas_s,
                "floor_s": floor_s, "ratio": atlas_s / floor_s, "atlas_cpu": atlas_cpu,
                "floor_cpu": floor_cpu, "cpu_ratio": atlas_cpu / floor_cpu, "atlas_mb": atlas_mb,
                "floor_mb": plain_mb, "kb_per_page": atlas_kb, "atlas_mib": memory["atlas"],
                "floor_mib": memory["floor"], "ms_per_page": 1000 * atlas_s / count}


def compile_project() -> None:
    """Byte-compile our own modules, as `pip install` does for an installed package. An
    editable install under PYTHONDONTWRITEBYTECODE (set on some machines and in CI images)
    would otherwise compile them afresh in every build, which MkDocs' own modules never pay."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "site_builder", "plugins", "theme"],
                   cwd=ROOT, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[250, 1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kpi-readings", type=int, metavar="N",
                        help="build each size without and with N KPI readings instead")
    parser.add_argument("--notes", choices=("markdown", "prose"), default="markdown",
                        help="notes under stages, moments and roles: ordinary Markdown (bold, "
                        "a list, a link; the default) or plain prose")
    parser.add_argument("--work-dir", help="where to generate and build (default: the system's "
                        "temporary folder); /dev/shm takes the disk out of the figures")
    args = parser.parse_args()
    compile_project()
    print(f"notes: {args.notes}")
    if args.kpi_readings:
        print(f"{'pages':>6} {'readings':>9} {'CSV MB':>7} {'without s':>9} {'with s':>7} "
              f"{'added s':>8} {'cpu without':>11} {'cpu with':>8} {'cpu added':>9} "
              f"{'MiB without':>11} {'MiB with':>8}")
        for size in args.sizes:
            r = bench_readings(size, args.kpi_readings, args.runs, args.work_dir, args.notes)
            print(f"{r['pages']:>6} {r['readings']:>9,} {r['csv_mb']:>7.1f} "
                  f"{r['without_s']:>9.2f} {r['with_s']:>7.2f} "
                  f"{r['with_s'] - r['without_s']:>8.2f} {r['without_cpu']:>11.2f} "
                  f"{r['with_cpu']:>8.2f} {r['with_cpu'] - r['without_cpu']:>9.2f} "
                  f"{r['without_mib']:>11} {r['with_mib']:>8}", flush=True)
        return
    # ms/page divides the whole build, start-up included, so it falls as atlases grow;
    # "extra ms/page" is the cost of each page added since the previous size: flat means
    # the build grows in a straight line.
    print(f"{'pages':>6} {'atlas s':>8} {'floor s':>8} {'ratio':>6} {'cpu s':>6} "
          f"{'floor cpu':>9} {'cpu ratio':>9} {'ms/page':>8} {'extra ms/page':>13} "
          f"{'out MB':>7} {'floor MB':>8} {'KB/page':>8} {'peak MiB':>9} {'floor MiB':>9}")
    previous = None
    for size in args.sizes:
        r = bench(size, args.runs, args.work_dir, args.notes)
        extra = (f"{1000 * (r['atlas_s'] - previous['atlas_s']) / (r['pages'] - previous['pages']):>13.2f}"
                 if previous and r["pages"] > previous["pages"] else f"{'':>13}")
        print(f"{r['pages']:>6} {r['atlas_s']:>8.2f} {r['floor_s']:>8.2f} {r['ratio']:>6.2f} "
              f"{r['atlas_cpu']:>6.2f} {r['floor_cpu']:>9.2f} {r['cpu_ratio']:>9.2f} "
              f"{r['ms_per_page']:>8.2f} {extra} {r['atlas_mb']:>7.1f} {r['floor_mb']:>8.1f} "
              f"{r['kb_per_page']:>8.1f} {r['atlas_mib']:>9} {r['floor_mib']:>9}", flush=True)
        previous = r


if __name__ == "__main__":
    main()
