"""`journey-atlas new`: a new atlas repository from the files in starter/."""

from __future__ import annotations

import json
from pathlib import Path

STARTER = Path(__file__).parent / "starter"


def create_atlas(target: Path, name: str) -> list[Path]:
    """Copy the starter into `target`, putting the organisation's name in place.

    `dot-` file names become dot files (packaging tools skip real dot files). In YAML the
    name is written as a quoted string, so any name stays valid YAML."""
    created = []
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir():
            continue
        rel = source.relative_to(STARTER)
        rel = Path(*[p.replace("dot-", ".", 1) if p.startswith("dot-") else p for p in rel.parts])
        text = source.read_text(encoding="utf-8")
        if source.suffix == ".yml":
            text = text.replace("{{name}} Journey Atlas", json.dumps(f"{name} Journey Atlas"))
            text = text.replace("{{name}}", json.dumps(name))
        else:
            text = text.replace("{{name}}", name)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.append(path)
    return created
