"""The copy for a file share (plugin option `file_copy`, `journey-atlas build --offline`)."""

from __future__ import annotations

import json
import re
import shutil

from support import SAMPLE, build


def test_the_file_copy_links_files_and_ships_search_as_a_script(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "content")
    site = tmp_path / "share"
    result = build(tmp_path / "content", site, settings={"plugins": [{"journey-atlas": {
        "file_copy": True, "feedback": {"email": "journey-team@fieldline.example"}}}]})
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    stage = (site / "journeys/getting-help/stages/back-to-work.html").read_text(encoding="utf-8")
    for page in (home, stage):
        links = re.findall(r'<a[^>]* href="([^"#?]+)', page)
        local = [h for h in links if "://" not in h and not h.startswith("mailto:")]
        assert local and all(h.endswith(".html") for h in local), [
            h for h in local if not h.endswith(".html")]
        assert "data-service-worker" not in page and 'rel="manifest"' not in page
    assert 'data-index-script="search/search_index.js"' in home
    script = (site / "search/search_index.js").read_text(encoding="utf-8")
    prefix = "window.journeyAtlasSearchIndex = "
    assert script.startswith(prefix)
    index = json.loads(script[len(prefix):].rstrip().rstrip(";"))
    role = next(d for d in index["docs"] if d["location"] == "roles/billing-specialist.html")
    assert role["kind"] == "Role" and role["title"] == "Billing Specialist"
    stage = next(d for d in index["docs"]
                 if d["location"] == "journeys/getting-help/stages/back-to-work.html")
    assert stage["journey"] == "Getting help when something goes wrong"
    assert not (site / "pagefind").exists()  # chunks cannot be fetched from disk


def test_the_ordinary_build_registers_the_offline_worker(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "content")
    site = tmp_path / "site"
    result = build(tmp_path / "content", site)
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-service-worker="sw.js"' in home and 'rel="manifest"' in home
    assert (site / "sw.js").is_file() and not (site / "search/search_index.js").exists()
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Fieldline Journey Atlas" and manifest["start_url"] == "./"
