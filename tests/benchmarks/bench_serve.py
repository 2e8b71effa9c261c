"""Live-preview benchmark: with `mkdocs serve` on a synthetic atlas, how long from saving a
stage file to the page showing the change.

    .venv/bin/python tests/benchmarks/bench_serve.py [PAGES] [--saves 5]
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

from bench_build import atlas_config, generate_atlas


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="?", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generate_atlas(work / "atlas", args.pages)
        config = atlas_config(work)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
            cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=dict(os.environ, SOURCE_DATE_EPOCH="1795305600"))
        try:
            stage = work / "atlas/journeys/journey-000/stages/stage-03.md"
            url = f"http://127.0.0.1:{port}/journeys/journey-000/stages/stage-03/"
            first = wait_for(url, "<h1")
            print(f"first build and serve: {first:.2f} s ({args.pages} pages)")
            times = []
            for n in range(args.saves):
                marker = f"Edited stage name number {n}"
                text = stage.read_text(encoding="utf-8").splitlines(keepends=True)
                text = [f"name: {marker}\n" if line.startswith("name:") else line
                        for line in text]
                time.sleep(1.5)  # let the watcher settle between saves
                stage.write_text("".join(text), encoding="utf-8")
                times.append(wait_for(url, marker))
                print(f"save {n + 1}: page shows the change after {times[-1]:.2f} s", flush=True)
            print(f"median save-to-page: {statistics.median(times):.2f} s")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
