"""Search-transfer benchmark: what a reader's browser downloads for search on a large atlas.

    .venv/bin/python tests/benchmarks/bench_search.py            # 5,000 pages
    .venv/bin/python tests/benchmarks/bench_search.py 1000 20000

For each size it generates the synthetic atlas of bench_build.py, builds it, serves it with
a plain static server, opens a stage page in Chromium (Playwright) and counts the bytes of
every response: first what the page loads before the search box is used (search's share
should be nothing), then, each in a fresh browser with nothing cached, what each query
fetches until its results show. "Fetched" is the response bodies as served (Pagefind's
index and fragments are already compressed); "gzip" is what the uncompressed ones
(pagefind.js, the WebAssembly and entry files) weigh when a server compresses them, as
most do. Not part of the test run: figures belong here, not in tests.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml

from bench_build import EPOCH, ROOT, compile_project, generate_atlas

sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM_FLAGS, _launch_options  # noqa: E402 (the suite's own launch)

STAGE = "journeys/journey-000/stages/stage-03"  # opened, and searched for by its names
# Beside the stage's own names: a word on most pages, and two words together.
OTHER_QUERIES = ("customer", "renewal partner")
DETAIL = "--detail" in sys.argv  # each file a query fetched, largest first
ALREADY_COMPRESSED = (".pf_fragment", ".pf_index", ".pf_meta", ".pagefind")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(work: Path, pages: int) -> Path:
    generate_atlas(work / "atlas", pages)
    config = work / "atlas.yml"
    config.write_text(yaml.safe_dump({
        "site_name": "Benchmark", "docs_dir": "atlas", "site_dir": "site",
        "theme": {"name": "journey-atlas"},
        "plugins": [{"journey-atlas": {"lint": False}}]}), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                   cwd=work, check=True, env=dict(os.environ, SOURCE_DATE_EPOCH=EPOCH))
    return work / "site"


def gzipped(site: Path, path: str, size: int) -> int:
    """What the response would weigh from a server that compresses text."""
    if path.endswith(ALREADY_COMPRESSED):
        return size
    file = site / path.lstrip("/")
    return len(gzip.compress(file.read_bytes(), 6)) if file.is_file() else size


def measure(browser, url: str, site: Path, query: str | None) -> dict:
    """Bytes a fresh browser fetches opening `url` and, with `query`, searching for it."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    fetched = []  # (path, body bytes)

    def finished(request):
        sizes = request.sizes()
        fetched.append((request.url.split("//", 1)[1].split("/", 1)[1].split("?")[0],
                        sizes["responseBodySize"]))

    page.on("requestfinished", finished)
    page.goto(url, wait_until="networkidle")
    before = list(fetched)
    results = 0
    if query:
        fetched.clear()
        page.get_by_role("searchbox", name="Search the atlas").fill(query)
        page.locator("#search-results a").first.wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        results = page.locator("#search-results a").count()
    context.close()
    search = [(p, s) for p, s in (fetched if query else before) if p.startswith("pagefind/")]
    if DETAIL and query:
        for p, size in sorted(search, key=lambda f: -f[1]):
            print(f"        {size / 1024:8.1f} KB  {p}")
    return {"requests": len(search), "bytes": sum(s for _, s in search),
            "gzip": sum(gzipped(site, p, s) for p, s in search), "results": results,
            "page_bytes": sum(s for _, s in before)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[5000])
    parser.add_argument("--detail", action="store_true", help="list each file a query fetched")
    args = parser.parse_args()
    compile_project()
    from playwright.sync_api import sync_playwright
    print(f"{'pages':>6} {'query':<20} {'requests':>8} {'fetched KB':>10} {'gzip KB':>8} "
          f"{'results':>7}")
    with sync_playwright() as playwright:
        options = _launch_options(playwright)
        if options is None:
            sys.exit("No Chromium: install Debian's chromium (apt-get install chromium).")
        browser = playwright.chromium.launch(args=CHROMIUM_FLAGS, **options)
        for size in args.sizes:
            with tempfile.TemporaryDirectory() as tmp:
                site = build(Path(tmp), size)
                pages = sum(1 for _ in site.rglob("*.html"))
                handler = functools.partial(_Quiet, directory=str(site))
                server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
                threading.Thread(target=server.serve_forever, daemon=True).start()
                url = f"http://127.0.0.1:{server.server_address[1]}/{STAGE}/"
                stage = yaml.safe_load((Path(tmp) / "atlas" / f"{STAGE}.md").read_text(
                    encoding="utf-8").split("---\n")[1])
                queries = (stage["name"], stage["internal_name"]) + OTHER_QUERIES
                try:
                    idle = measure(browser, url, site, None)
                    print(f"{pages:>6} {'(page load, no query)':<20} {idle['requests']:>8} "
                          f"{idle['bytes'] / 1024:>10.1f} {idle['gzip'] / 1024:>8.1f} "
                          f"{'':>7}   page itself: {idle['page_bytes'] / 1024:.1f} KB",
                          flush=True)
                    for query in queries:
                        r = measure(browser, url, site, query)
                        print(f"{pages:>6} {query[:20]:<20} {r['requests']:>8} "
                              f"{r['bytes'] / 1024:>10.1f} {r['gzip'] / 1024:>8.1f} "
                              f"{r['results']:>7}", flush=True)
                finally:
                    server.shutdown()
        browser.close()


if __name__ == "__main__":
    main()
