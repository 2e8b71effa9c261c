"""Live-preview benchmark: with `mkdocs serve` on a synthetic atlas, how long from saving a
stage file to the page showing the change; and the same for plain MkDocs (the floor site of
bench_build.py: the same pages as plain Markdown, MkDocs' search plugin) saving one page.

    .venv/bin/python tests/benchmarks/bench_serve.py [PAGES] [--saves 5]

"Save-to-page" runs from writing the file to the served page holding the new text, polled
every 50 ms: the watcher noticing, the rebuild, and the page being served. A save gets a
quick look at its own pages first (site_builder/preview.py), so the figure beside it is
the time until the whole site is up to date: the journey's page lists the new name too.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_build import (EPOCH, atlas_config, compile_project, floor_site, generate_atlas,
                         timed_build)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, limit: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"{text!r} never appeared at {url}")


def saves(config: Path, source: Path, url: str, count: int, edit,
          listing: str | None = None) -> tuple[list[float], list[float]]:
    """Serve `config`, then `count` times write `source` changed by `edit(text, marker)` and
    time until `url` shows the marker, then until `listing` (a page that lists it) does
    too: the whole site is up to date. The next save waits for that."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    url = base + url
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=config.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env=dict(os.environ, SOURCE_DATE_EPOCH=EPOCH))
    try:
        wait_for(url, "<h1")
        times, whole = [], []
        for n in range(count):
            marker = f"Edited name number {n}"
            text = edit(source.read_text(encoding="utf-8"), marker)
            time.sleep(1.5)  # let the watcher and any background work settle between saves
            start = time.perf_counter()
            source.write_text(text, encoding="utf-8")
            times.append(wait_for(url, marker))
            if listing:
                wait_for(base + listing, marker)
                whole.append(time.perf_counter() - start)
        return times, whole
    finally:
        server.terminate()
        server.wait(timeout=30)


def stage_name(text: str, marker: str) -> str:
    return "".join(f"name: {marker}\n" if line.startswith("name:") else line
                   for line in text.splitlines(keepends=True))


def page_title(text: str, marker: str) -> str:
    return f"# {marker}\n" + text.split("\n", 1)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="?", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    compile_project()
    stage = "journeys/journey-000/stages/stage-03"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        written = generate_atlas(work / "atlas", args.pages)
        timed_build(atlas_config(work, with_mkdocs_search=True))  # the floor's text
        floor = floor_site(work, work / "atlas-text-site", written)
        atlas, whole = saves(atlas_config(work), work / "atlas" / f"{stage}.md", f"{stage}/",
                             args.saves, stage_name, listing="journeys/journey-000/")
        plain, _ = saves(floor, work / "plain" / f"{stage}.md", f"{stage}/", args.saves,
                         page_title)
    print(f"{'pages':>6} {'':<34} {'median s':>8} {'saves (s)':<40}")
    for name, times in (("Journey Atlas: the stage's page", atlas),
                        ("Journey Atlas: the whole site", whole),
                        ("plain MkDocs: the page", plain)):
        print(f"{args.pages:>6} {name:<34} {statistics.median(times):>8.2f} "
              + " ".join(f"{t:.2f}" for t in times))


if __name__ == "__main__":
    main()
