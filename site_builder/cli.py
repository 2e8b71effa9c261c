"""The `journey-atlas` command (also `python -m site_builder`).

Building and previewing stay `mkdocs build` and `mkdocs serve`; this command holds the
tools around them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from . import __version__
from .lint import check

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without failing on MkDocs' own tags (!ENV, !!python/name ...)."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_config(config_file: str | Path) -> dict:
    """A MkDocs config as MkDocs merges it: INHERIT first, this file on top."""
    config_file = Path(config_file)
    with open(config_file, encoding="utf-8") as f:
        config = yaml.load(f, _LenientLoader) or {}
    parent = config.pop("INHERIT", None)
    if parent:
        base = read_mkdocs_config(config_file.parent / str(parent))
        base.update(config)
        config = base
    return config


def docs_dir_from_config(config_file: str | Path) -> Path:
    """The content folder a MkDocs config builds (relative to the file that is built)."""
    config = read_mkdocs_config(config_file)
    return (Path(config_file).parent / str(config.get("docs_dir", "docs"))).resolve()


def plugin_options(config: dict, name: str = "journey-atlas") -> dict:
    """The options given to one plugin in a MkDocs config's `plugins:` list or mapping."""
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins)
    for plugin_name, options in entries:
        if plugin_name == name:
            return options or {}
    return {}


def cmd_validate(args: argparse.Namespace) -> int:
    config = read_mkdocs_config(args.config) if Path(args.config).is_file() else {}
    if args.content_dir:
        content_dir = Path(args.content_dir)
    elif config:
        content_dir = docs_dir_from_config(args.config)
    else:
        print(f"journey-atlas validate: no CONTENT_DIR given and no {args.config} here",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        result = check(str(content_dir), plugin_options(config).get("lint"))
    except ValueError as exc:
        print(f"journey-atlas validate: {args.config}, plugin journey-atlas: {exc}",
              file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        print(json.dumps([p.as_dict(str(content_dir)) for p in result.problems], indent=2,
                         ensure_ascii=False))
    else:
        for problem in result.problems:
            print(problem.format(str(content_dir)))
        errors = len(result.errors)
        warnings = len(result.problems) - errors
        summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        print(("Content is valid" if not result.problems else "Found " + summary)
              + f" ({content_dir})", file=sys.stderr)
    failed = bool(result.errors) or (args.strict and bool(result.problems))
    return EXIT_PROBLEMS if failed else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journey-atlas",
        description="Tools for a Journey Atlas: customer journey maps kept as Markdown and "
                    "YAML, published with MkDocs (`mkdocs build`, `mkdocs serve`).")
    parser.add_argument("--version", action="version", version=f"journey-atlas {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check the content and list every problem",
        description="Check an atlas and print every problem as path:line:col: level: message.")
    validate.add_argument("content_dir", nargs="?", metavar="CONTENT_DIR",
                          help="the atlas folder (default: docs_dir of --config)")
    validate.add_argument("--config", default="mkdocs.yml",
                          help="MkDocs config whose docs_dir to check (default: mkdocs.yml)")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument("--strict", action="store_true", help="fail on warnings too")
    validate.set_defaults(run=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
