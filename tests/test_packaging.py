"""The project installs under one name, `journey_atlas`: its folders (site_builder/, plugins/,
theme/) keep their names in the repository but not in site-packages, where a top-level
`plugins` or `theme` could collide with any other distribution's."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from support import ROOT


def test_only_the_namespace_is_importable_outside_the_repository(tmp_path):
    probe = ("import importlib.util as u, journey_atlas.mkdocs_plugin.atlas, journey_atlas.theme;"
             "print([n for n in ('plugins', 'theme', 'site_builder') if u.find_spec(n)])")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_wheel_holds_one_top_level_package(tmp_path):
    source = tmp_path / "source"  # a copy: building leaves a build/ folder in its source
    shutil.copytree(ROOT, source, ignore=lambda folder, names: [
        n for n in names if n not in ("pyproject.toml", "README.md", "site_builder", "plugins",
                                      "theme")] if folder == str(ROOT) else ["__pycache__"])
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--disable-pip-version-check", "-w", str(tmp_path),
                    str(source)], check=True, capture_output=True, cwd=tmp_path)
    [wheel] = tmp_path.glob("journey_atlas-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if ".dist-info/" not in name} == {"journey_atlas"}
    # The theme's templates and assets and the core's data files travel with it.
    for part in ("journey_atlas/theme/main.html", "journey_atlas/theme/assets/atlas.js",
                 "journey_atlas/theme/sw.js", "journey_atlas/theme/manifest.webmanifest",
                 "journey_atlas/theme/assets/icons/icon-192.png",
                 "journey_atlas/theme/partials/drawings/journey_map.svg.html",
                 "journey_atlas/theme/partials/README.md", "journey_atlas/drawings/geometry.py",
                 "journey_atlas/schemas/stage.schema.json", "journey_atlas/starter/mkdocs.yml",
                 "journey_atlas/mkdocs_plugin/atlas.py"):
        assert part in names, part
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names
                                                    if n.endswith("entry_points.txt"))).decode()
    for group in ("mkdocs.plugins", "properdocs.plugins", "mkdocs.themes"):
        assert f"[{group}]" in entry_points
    assert "journey-atlas = journey_atlas.mkdocs_plugin.atlas:AtlasPlugin" in entry_points
