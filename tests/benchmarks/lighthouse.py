"""Lighthouse on the sample atlas: prints the scores of a home, a journey, a stage and a
moment page, with Lighthouse's default mobile emulation (a mid-range phone on a slow 4G
network, simulated) and Debian's or Playwright's Chromium.

    .venv/bin/python tests/benchmarks/lighthouse.py [--runs 3] [--keep DIR]

Not a test: it prints figures (the README's table shows them). It installs Lighthouse
with npm into tests/.tools/lighthouse when it is missing. The site is served the way an
intranet web server would serve it: gzip for text, as any server does by default.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tests/.tools/lighthouse"
LIGHTHOUSE = TOOLS / "node_modules/.bin/lighthouse"
PAGES = {
    "home": "",
    "journey": "journeys/getting-help/",
    "stage": "journeys/getting-help/stages/back-to-work/",
    "moment": "journeys/getting-help/moments/first-reply/",
    "lifecycle": "lifecycle/",
    "insight": "insights/crews-want-a-person/",
    "kpi stage": "journeys/getting-help/stages/crew-is-waiting/",
}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
TEXT = (".html", ".css", ".js", ".json", ".svg", ".webmanifest")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text gzipped when the browser asks for it, as web servers do."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's own address
            path = os.path.join(path, "index.html")
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.endswith(TEXT) and os.path.isfile(path)):
            return super().send_head()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def chromium() -> str:
    try:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            own = p.chromium.executable_path
        if own and os.path.exists(own):
            return own
    except Exception:  # no Playwright browser: the system one
        pass
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    sys.exit("No Chromium: install Debian's chromium (apt-get install chromium).")


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        sys.exit("Lighthouse needs npm (apt-get install npm).")
    TOOLS.mkdir(parents=True, exist_ok=True)
    # Its own package.json: without one npm installs into the nearest folder above that has
    # node_modules (tests/.tools, the HTML checker's), and prunes the checker away.
    if not (TOOLS / "package.json").exists():
        (TOOLS / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    print("Installing Lighthouse into tests/.tools/lighthouse ...", file=sys.stderr)
    subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--silent",
                    "lighthouse@12"], cwd=TOOLS, check=True)


def build(site: Path) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"),
                    "-d", str(site)], check=True, cwd=ROOT)


def audit(url: str, chrome: str, out: Path) -> dict:
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--chrome-flags={CHROME_FLAGS}",
                    "--only-categories=performance,accessibility,best-practices"],
                   check=True, env=dict(os.environ, CHROME_PATH=chrome))
    report = json.loads(out.read_text())
    cats, audits = report["categories"], report["audits"]
    failing = sorted(a["id"] for a in audits.values()
                     if a.get("score") is not None and a["score"] < 1
                     and a.get("scoreDisplayMode") in ("binary", "numeric")
                     and a["id"] in {ref["id"] for cat in ("accessibility", "best-practices")
                                     for ref in cats[cat]["auditRefs"]})
    return {"performance": round(cats["performance"]["score"] * 100),
            "accessibility": round(cats["accessibility"]["score"] * 100),
            "best-practices": round(cats["best-practices"]["score"] * 100),
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
            "tbt_ms": audits["total-blocking-time"]["numericValue"],
            "failing": failing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page; medians printed")
    parser.add_argument("--keep", metavar="DIR", help="keep the JSON reports here")
    args = parser.parse_args()
    ensure_lighthouse()
    chrome = chromium()
    work = Path(tempfile.mkdtemp(prefix="atlas-lighthouse-"))
    reports = Path(args.keep) if args.keep else work / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    try:
        build(work / "site")
        handler = lambda *a, **k: GzipHandler(*a, directory=str(work / "site"), **k)  # noqa: E731
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"Lighthouse {subprocess.run([str(LIGHTHOUSE), '--version'], capture_output=True, text=True).stdout.strip()}, "
              f"mobile emulation, {args.runs} run(s) per page, medians")
        print(f"{'page':8} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'CLS':>6} {'LCP ms':>7} {'TBT ms':>7}  failing")
        for name, path in PAGES.items():
            runs = [audit(base + path, chrome, reports / f"{name}-{i}.json")
                    for i in range(args.runs)]
            med = {key: statistics.median(r[key] for r in runs)
                   for key in ("performance", "accessibility", "best-practices", "cls",
                               "lcp_ms", "tbt_ms")}
            failing = sorted({f for r in runs for f in r["failing"]})
            print(f"{name:8} {med['performance']:5.0f} {med['accessibility']:5.0f} "
                  f"{med['best-practices']:5.0f} {med['cls']:6.3f} {med['lcp_ms']:7.0f} "
                  f"{med['tbt_ms']:7.0f}  {', '.join(failing) or '-'}")
        server.shutdown()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
