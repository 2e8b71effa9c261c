"""Valid HTML: the Nu HTML Checker (vnu-jar from npm, run with Java) on every built page."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from support import ROOT

VNU = ROOT / "tests/.tools/node_modules/vnu-jar/build/dist/vnu.jar"


def test_every_page_of_the_sample_is_valid_html(sample_site):
    if not shutil.which("java") or not VNU.exists():
        pytest.skip("the Nu HTML Checker needs Java and tests/.tools/node_modules/vnu-jar "
                    "(tests/run.sh installs vnu-jar with npm when npm is there)")
    pages = sorted(sample_site.rglob("*.html"))
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                             *map(str, pages)], capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert len(pages) >= 60
    assert errors == []
