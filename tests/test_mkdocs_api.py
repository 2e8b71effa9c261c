"""The plugin uses MkDocs' public API only, so it keeps working under ProperDocs (the
maintained fork of MkDocs 1.6) and whatever 1.6.x comes next."""

from __future__ import annotations

import ast

from support import ROOT, build, minimal_atlas, write


def test_the_plugin_imports_no_private_mkdocs_name():
    private = []
    for path in sorted((ROOT / "plugins").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs"):
                private += [f"{path.name}: {node.module}.{a.name}" for a in node.names
                            if a.name.startswith("_")]
            if isinstance(node, ast.Attribute) and node.attr == "__class__":
                private.append(f"{path.name}:{node.lineno}: swaps a page's class")
    assert private == []


def test_the_core_imports_no_mkdocs():
    imports = []
    for path in sorted((ROOT / "site_builder").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            imports += [f"{path.name}: {n}" for n in names
                        if n.split(".")[0] in ("mkdocs", "properdocs")]
    assert imports == []


def test_another_theme_stops_the_build_with_one_message(tmp_path):
    minimal_atlas(tmp_path / "content")
    write(tmp_path / "house-theme/main.html", "<html>{{ page.content }}</html>\n")
    config = write(tmp_path / "mkdocs.yml", "site_name: X\ndocs_dir: content\n"
                                            "theme: {name: null, custom_dir: house-theme}\n"
                                            "plugins: [journey-atlas]\n")
    result = build(tmp_path / "content", tmp_path / "site", config=config)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "TemplateNotFound" not in result.stderr
    assert ("the journey-atlas plugin draws its pages with the journey-atlas theme, but the "
            "theme here is a custom_dir of its own (it has no partials/pages/stage.html); set `theme: {name: "
            "journey-atlas}`") in result.stderr
