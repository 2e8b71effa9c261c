"""The `journey-atlas` command (also `python -m journey_atlas`).

Building and previewing stay `mkdocs build` and `mkdocs serve`; this command holds the
tools around them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__, file_copy
from .export import to_csv, to_json
from .importers import MAX_ROWS, SourceError, import_journey
from .lint import check
from .loader import load_atlas
from .problems import ContentError
from .release import ReleaseError, ReleaseOptions, build_aside, release
from .schema import KINDS, json_schema, reference
from .starter import create_atlas

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def mkdocs_settings(config_file: str | Path):
    """The site's folders and the plugin's options from mkdocs.yml, read by MkDocs' own
    loader. That loader lives with the MkDocs adapter and is imported only here, when a
    command needs it: the core never imports MkDocs."""
    from .mkdocs_plugin.settings import SettingsError, read_settings
    try:
        return read_settings(config_file)
    except SettingsError as exc:
        raise UsageError(str(exc)) from None


class UsageError(Exception):
    pass


def content_dir_of(args: argparse.Namespace, given: str | None) -> Path:
    """CONTENT_DIR when given, else the docs_dir of --config (./mkdocs.yml)."""
    if given:
        return Path(given)
    if Path(args.config).is_file():
        return mkdocs_settings(args.config).docs_dir
    raise UsageError(f"no CONTENT_DIR given and no {args.config} here")


def cmd_validate(args: argparse.Namespace) -> int:
    settings = mkdocs_settings(args.config) if Path(args.config).is_file() else None
    content_dir = Path(args.content_dir) if args.content_dir else (
        settings.docs_dir if settings else content_dir_of(args, None))
    try:
        languages = settings.plugin_options.get("languages") if settings else None
        languages = [str(x) for x in languages] if isinstance(languages, list) else []
        result = check(str(content_dir), settings.plugin_options.get("lint") if settings
                       else None, languages=languages)
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
        for language, coverage in result.coverage.items():
            print(coverage_line(language, coverage), file=sys.stderr)
    failed = bool(result.errors) or (args.strict and bool(result.problems))
    return EXIT_PROBLEMS if failed else EXIT_OK


def coverage_line(language: str, coverage) -> str:
    """How much of the content one language's translations give, for `validate`."""
    line = (f"Translated into {language}: {coverage.given} of {coverage.total} texts "
            f"({coverage.percent} %)")
    missing = coverage.files_missing
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5
                                          else "")
        line += f"; {len(missing)} file{'s' * (len(missing) != 1)} with no translation: {shown}"
    return line


def cmd_new(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    if target.exists() and any(target.iterdir()):
        print(f"journey-atlas new: {target} already exists and is not empty; choose a new "
              "folder", file=sys.stderr)
        return EXIT_PROBLEMS
    created = create_atlas(target, args.name)
    write_schemas(target / "schemas")
    print(f"Created a new atlas in {target} ({len(created)} files).\nNext:\n"
          f"  cd {target}\n  mkdocs serve          # preview at the address it prints\n"
          f"  journey-atlas validate", file=sys.stderr)
    return EXIT_OK


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = out / f"{kind}.schema.json"
        path.write_text(json.dumps(json_schema(kind), indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def cmd_schema(args: argparse.Namespace) -> int:
    if args.markdown:
        sys.stdout.write(reference())
        return EXIT_OK
    for path in write_schemas(Path(args.out)):
        print(path)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    content_dir = content_dir_of(args, args.content_dir)
    result = load_atlas(content_dir)
    if not result.ok:
        print(ContentError(result.errors, str(content_dir), "nothing was exported").report(),
              file=sys.stderr)
        return EXIT_PROBLEMS
    text = to_json(result.atlas) if args.format == "json" else to_csv(result.atlas)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _positive(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number above 0, got '{text}'")
    return int(text)


def cmd_import(args: argparse.Namespace) -> int:
    content_dir = content_dir_of(args, args.into)
    try:
        written = import_journey(args.kind, Path(args.file), args.journey, content_dir,
                                 title=args.title, personas=args.persona, force=args.force,
                                 max_rows=args.max_rows)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_PROBLEMS
    except SourceError as exc:
        print(f"journey-atlas import: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except FileExistsError as exc:
        paths = ", ".join(str(p) for p in exc.args[0])
        print(f"journey-atlas import: {paths} already exists; use --force to replace it",
              file=sys.stderr)
        return EXIT_PROBLEMS
    for path in written:
        print(path)
    print(f"Imported journey '{args.journey}' ({len(written)} files). Check it with "
          "`journey-atlas validate`.", file=sys.stderr)
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    config = Path(args.config)
    if not config.is_file():
        raise UsageError(f"no {config} here; give --config")
    site_dir = Path(args.site_dir) if args.site_dir else (
        mkdocs_settings(config).site_dir)
    try:
        ok = build_aside(config, site_dir, args.strict,
                         say=lambda text: print(text, file=sys.stderr),
                         env={file_copy.ENV: "1"} if args.offline else None)
    except ReleaseError as exc:  # the disk is full, the folder is read-only...
        print(f"journey-atlas build: {exc}; {site_dir} is as it was", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("journey-atlas build: interrupted; the previous site is untouched",
              file=sys.stderr)
        return 130
    if not ok:
        print(f"journey-atlas build: the build failed; {site_dir} is as it was", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Built {site_dir}", file=sys.stderr)
    return EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    options = ReleaseOptions(version=args.version, config=Path(args.config),
                             publish_dir=Path(args.publish_dir), title=args.title,
                             aliases=args.alias if args.alias is not None else ["latest"],
                             force=args.force, strict=args.strict)
    if not options.config.is_file():
        raise UsageError(f"no {options.config} here; give --config")
    try:
        release(options, say=lambda text: print(text, file=sys.stderr))
    except ReleaseError as exc:
        print(f"journey-atlas release: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("journey-atlas release: interrupted; nothing was published", file=sys.stderr)
        return 130
    return EXIT_OK


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

    new = commands.add_parser("new", help="start a new atlas repository",
                              description="Create a new atlas: mkdocs.yml, a small example "
                                          "journey, a README for authors, a CI example.")
    new.add_argument("dir", metavar="DIR")
    new.add_argument("--name", default="Example Organisation", help="the organisation's name")
    new.set_defaults(run=cmd_new)

    schema_cmd = commands.add_parser("schema", help="write the JSON Schemas of the format",
                                     description="Write one JSON Schema per content kind.")
    schema_cmd.add_argument("--out", default="schemas", metavar="DIR")
    schema_cmd.add_argument("--markdown", action="store_true",
                            help="print the reference of every key as Markdown instead "
                                 "(the text of README.md's 'Every key')")
    schema_cmd.set_defaults(run=cmd_schema)

    export = commands.add_parser("export", help="write the atlas as JSON or CSV",
                                 description="Export the whole atlas as JSON, or its stages "
                                             "as CSV (the columns `import csv` reads; a cell "
                                             "a spreadsheet would run as a formula starts "
                                             "with ').")
    export.add_argument("content_dir", nargs="?", metavar="CONTENT_DIR")
    export.add_argument("--config", default="mkdocs.yml")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    export.set_defaults(run=cmd_export)

    imp = commands.add_parser("import", help="turn a spreadsheet or Mermaid diagram into a "
                                             "journey",
                              description="Import a journey from CSV (one row per stage) or a "
                                          "Mermaid `journey` diagram.")
    imp.add_argument("kind", choices=("csv", "mermaid"))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--journey", required=True, metavar="ID", help="id of the new journey")
    imp.add_argument("--title", help="the journey's title (default: from the file or the id)")
    imp.add_argument("--persona", action="append", metavar="ID",
                     help="a persona the journey is for (repeatable)")
    imp.add_argument("--into", metavar="CONTENT_DIR",
                     help="the atlas folder (default: docs_dir of --config)")
    imp.add_argument("--config", default="mkdocs.yml")
    imp.add_argument("--force", action="store_true", help="replace existing files")
    imp.add_argument("--max-rows", type=_positive, default=MAX_ROWS, metavar="N",
                     help=f"refuse a file of more than N stages: CSV rows, or Mermaid "
                          f"sections and tasks (default: {MAX_ROWS})")
    imp.set_defaults(run=cmd_import)

    build = commands.add_parser(
        "build", help="mkdocs build, but the old site stays until the new one is complete",
        description="Build the site next to its folder and swap it in only when complete: a "
                    "failed or interrupted build leaves the previous site untouched; a second "
                    "build into the same folder waits for the first.")
    build.add_argument("--config", default="mkdocs.yml")
    build.add_argument("--site-dir", metavar="DIR", help="default: site_dir of the config")
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("--offline", action="store_true",
                       help="a copy that works opened from disk (file://), e.g. on a network "
                            "drive: links name index.html, search needs no server")
    build.set_defaults(run=cmd_build)

    rel = commands.add_parser(
        "release", help="publish a versioned release with a 'what changed' page",
        description="Build the site into PUBLISH_DIR/VERSION/, update versions.json (mike's "
                    "format) and move the aliases (default: latest) to it. One release at a "
                    "time goes into a PUBLISH_DIR: a second one waits for the first.")
    rel.add_argument("version", metavar="VERSION")
    rel.add_argument("--config", default="mkdocs.yml")
    rel.add_argument("--publish-dir", default="public", metavar="DIR")
    rel.add_argument("--title", help="the title shown in the version switcher")
    rel.add_argument("--alias", action="append", metavar="NAME",
                     help="an alias that moves to this release (repeatable; default: latest)")
    rel.add_argument("--force", action="store_true", help="replace an existing version")
    rel.add_argument("--strict", action="store_true", help="fail on warnings too")
    rel.set_defaults(run=cmd_release)
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
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"journey-atlas {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
