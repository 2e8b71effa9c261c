"""Loading an atlas from its content folder, checking everything in one pass.

Every problem is collected (never the first one only), each with the file and the
file's own line, so an author can fix them all in one go.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import kpis, schema, teams
from . import translations as tr
from .guide import minimum_minutes
from .markdown_limits import nesting_problems
from .model import Atlas, GlossaryTerm, Insight, Journey, Moment, Persona, Role, Stage, Team
from .problems import Problem, ProblemList, is_within
from .sources import Document, listing, load_markdown_file, load_yaml_file, read_text
from .translations import Coverage, TranslationCheck

RESERVED_IDS = schema.RESERVED_IDS  # ids kept for the list pages (roles/index.md ...)

ATLAS_FILE = "atlas.yml"
JOURNEY_FILE = "journey.yml"
GLOSSARY_FILE = "glossary.yml"
# A content file is a few KB; this keeps a stray export or log from filling memory.
MAX_FILE_BYTES = 10 * 1024 * 1024
# What MkDocs renders as pages (mkdocs.utils.markdown_extensions), and the atlas' YAML.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
TEXT_SUFFIXES = MARKDOWN_SUFFIXES + (".yml", ".yaml")
ENTITY_FOLDERS = ("roles", "teams", "personas", "insights")  # one Markdown file per entity
# Where an author adds what a reference names, for "unknown ..." messages.
WHERE_TO_ADD = {"role": "roles/{id}.md", "persona": "personas/{id}.md",
                "insight": "insights/{id}.md", "journey": "journeys/{id}/journey.yml",
                "phase": "a phase with id '{id}' under 'lifecycle:' in atlas.yml",
                "stage": "the stage file journeys/{journey}/stages/{stage}.md"}


@dataclass
class LoadResult:
    atlas: Atlas | None
    problems: list[Problem] = field(default_factory=list)
    # Each other language's share of translated texts (site_builder/translations.py).
    coverage: dict[str, Coverage] = field(default_factory=dict)
    # (language, original's file, what it leaves untranslated) for the `untranslated` rule.
    untranslated: list[tuple[str, str, list[str]]] = field(default_factory=list)
    # The built language's translation of each original it has one of (for "Edit" links).
    translation_files: dict[str, str] = field(default_factory=dict)
    # The files the atlas itself reads (entity_files): every other content file is a page.
    entity_files: set[str] = field(default_factory=set)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def entity_files(content_dir: str | Path) -> set[str]:
    """The content-relative paths that the atlas itself reads (everything else is a page),
    translations included."""
    root = Path(content_dir)
    found = {name for name in (ATLAS_FILE, GLOSSARY_FILE, kpis.KPIS_FILE)
             if (root / name).is_file()}
    found.update(_rel(root, p) for (stem, _), p in tr.translation_paths(root, ".yml").items()
                 if f"{stem}.yml" in (ATLAS_FILE, GLOSSARY_FILE, kpis.KPIS_FILE))
    found.update(_rel(root, p) for p in kpis.readings_files(root))
    folders = [root / folder for folder in ENTITY_FOLDERS]
    for journey_dir in _subfolders(root / "journeys"):
        if (journey_dir / JOURNEY_FILE).is_file():
            found.add(_rel(root, journey_dir / JOURNEY_FILE))
        found.update(_rel(root, p) for (stem, _), p in tr.translation_paths(
            journey_dir, ".yml").items() if f"{stem}.yml" == JOURNEY_FILE)
        folders += [journey_dir / "stages", journey_dir / "moments"]
    for folder in folders:
        found.update(_rel(root, p) for p in _markdown_in(folder))
        found.update(_rel(root, p) for p in tr.translation_paths(folder, ".md").values())
    return found


def load_atlas(content_dir: str | Path, languages: list[str] | tuple = (),
               language: str | None = None) -> LoadResult:
    """The atlas in `language` (one of `languages`, the atlas' own first; None: the first).
    Every language's translations are checked, whichever is built."""
    return _Loader(Path(content_dir), list(languages), language).load()


class _Loader:
    def __init__(self, root: Path, languages: list[str] | None = None,
                 language: str | None = None):
        self.root = root
        self.languages = languages or []
        self.source_language = self.languages[0] if self.languages else ""
        self.other_languages = self.languages[1:]
        self.language = language if language in self.other_languages else None
        self.coverage = {lang: Coverage() for lang in self.other_languages}
        self.page_files: list[str] = []  # ordinary pages, translations among them
        self.untranslated: list[tuple[str, str, list[str]]] = []
        self.translation_files: dict[str, str] = {}
        self.entity_files: set[str] = set()
        self.problems = ProblemList()
        self.refs: list[tuple[str, str, str, int, int]] = []
        self.moment_stage_lines: dict[str, int] = {}  # for messages about a moment's stage
        self.unloadable: set[tuple[str, str]] = set()  # (kind, id) of files that failed
        self.refused: set[Path] = set()  # files that must not be read (see _check_files)
        self.atlas_doc: Document | None = None
        self.lifecycle_broken = False  # atlas.yml's 'lifecycle' is not a list at all

    def load(self) -> LoadResult:
        if not self.root.is_dir():
            self.problems.error(str(self.root), 1, "the content folder does not exist")
            return LoadResult(None, self.problems.sorted())
        self._check_files()
        # atlas.fr.yml, glossary.fr.yml, kpis.fr.yml
        self.root_translations = self._translations(self.root, ".yml", "file", {
            Path(name).stem for name in (ATLAS_FILE, GLOSSARY_FILE, kpis.KPIS_FILE)
            if (self.root / name).is_file()})
        atlas = self._load_atlas_file()
        atlas.glossary = self._load_glossary()
        atlas.roles = {e.id: e for e in self._load_entities(self.root / "roles", "role",
                                                             self._make_role)}
        atlas.teams = self._teams(atlas.roles, self._load_entities(self.root / "teams", "team",
                                                                   self._make_team))
        atlas.personas = {e.id: e for e in self._load_entities(self.root / "personas", "persona",
                                                                 self._make_persona)}
        atlas.insights = {e.id: e for e in self._load_entities(self.root / "insights", "insight",
                                                                 self._make_insight)}
        atlas.journeys = [j for j in (self._load_journey(d) for d in _subfolders(
            self.root / "journeys")) if j is not None]
        if not atlas.journeys and (self.root / ATLAS_FILE).is_file():
            self.problems.error(ATLAS_FILE, 1, "the atlas has no journey yet: add "
                                "journeys/<journey-id>/journey.yml with a title and its stages")
        self._check_lifecycle(atlas)
        # After the journeys: a reading names a journey and a stage.
        atlas.kpis = kpis.load_kpis(self.root, atlas, self.problems, self.refused, self.refs)
        self._translate_kpis(atlas)
        self._page_coverage()
        self._resolve_refs(atlas)
        self._check_nesting(atlas)
        return LoadResult(atlas, self.problems.sorted(), self.coverage, self.untranslated,
                          self.translation_files, self.entity_files)

    # --- translations (site_builder/translations.py) ---------------------------------------

    def _translations(self, folder: Path, suffix: str, kind: str,
                      originals: set[str]) -> dict[tuple[str, str], Path]:
        """The translations in `folder` whose names are right: each of an original that
        exists, into one of the atlas' other languages; the others are told."""
        found = {}
        for (stem, lang), path in tr.translation_paths(folder, suffix).items():
            if path in self.refused:
                continue
            rel = _rel(self.root, path)
            original = f"{stem}{suffix}"
            if not schema.is_id(stem) and suffix == ".md" or not tr.is_language_tag(lang):
                self.problems.error(rel, 1, f"the file name '{path.name}' is neither an "
                                    f"original ({kind}-id{suffix}) nor a translation "
                                    f"({kind}-id.<language>{suffix}, e.g. '{kind}-id.fr{suffix}')")
            elif not self.other_languages:
                continue  # published in one language: translations wait (validate says so)
            elif lang == self.source_language:
                self.problems.error(rel, 1, f"'{lang}' is the atlas' own language (the first "
                                    f"of 'languages:' in mkdocs.yml), which the original "
                                    f"{original} is written in: a translation is into another")
            elif lang not in self.other_languages:
                self.problems.error(rel, 1, f"'{lang}' is not one of the atlas' languages "
                                    f"({', '.join(self.languages)}): add it to the plugin's "
                                    "'languages:' in mkdocs.yml, or remove the file")
            elif stem not in originals:
                near = schema.nearest(stem, originals)
                hint = f"; did you mean {_quoted(near)}?" if near else ""
                self.problems.error(rel, 1, f"a translation of the {kind} '{stem}', but there "
                                    f"is no {_rel(self.root, folder / original)} to translate"
                                    f"{hint}")
            else:
                found[(stem, lang)] = path
        return found

    def _translated(self, kind: str, original_file: str, data: dict, body: str | None,
                    translations: dict[tuple[str, str], Path], stem: str):
        """The data and body of one original in the language being built; every other
        language's translation of it is checked too, and counted."""
        record = schema.KINDS[kind]
        chosen = (data, body)
        for lang in self.other_languages:
            path = translations.get((stem, lang))
            doc = None
            if path is not None:
                rel = _rel(self.root, path)
                doc = (load_markdown_file(path, rel, self.problems) if path.suffix == ".md"
                       else load_yaml_file(path, rel, self.problems))
            if doc is None:  # none yet (or unreadable, and told): the original, marked
                coverage = Coverage()
                merged = tr.untranslated_into(record, data, self.source_language, coverage)
                merged_body = (tr.untranslated_body(body, self.source_language, coverage)
                               if body is not None else None)
                if path is None:
                    self.untranslated.append((lang, original_file, ["the whole file"]))
            else:
                check = TranslationCheck(doc, original_file, lang, self.source_language,
                                         self.problems)
                merged = check.merge(record, data)
                merged_body = check.body(body) if body is not None else None
                coverage = check.coverage
                if check.missing:
                    self.untranslated.append((lang, original_file, check.missing))
            self.coverage[lang].add(coverage)
            if path is None:
                self.coverage[lang].files_missing.append(original_file)
            if lang == self.language:
                chosen = (merged, merged_body)
                if path is not None:
                    self.translation_files[original_file] = _rel(self.root, path)
        return chosen

    def _page_coverage(self) -> None:
        """Ordinary pages count whole: translated (about.fr.md beside about.md) or not."""
        translations = tr.page_translations(self.page_files, self.languages)
        given = set(translations.values())
        for rel in self.page_files:
            if rel in translations:
                continue
            for lang in self.other_languages:
                self.coverage[lang].total += 1
                if (rel, lang) in given:
                    self.coverage[lang].given += 1
                else:
                    self.coverage[lang].files_missing.append(rel)
                    self.untranslated.append((lang, rel, ["the whole file"]))

    def _translate_kpis(self, atlas: Atlas) -> None:
        if not self.other_languages or not atlas.kpis:
            return
        found = self.root_translations
        data = {"kpis": [{"id": k.id, "name": k.name, **({"unit": k.unit} if k.unit else {})}
                         for k in atlas.kpis.values()]}
        merged, _ = self._translated("kpis", kpis.KPIS_FILE, data, None, found, "kpis")
        for item in merged["kpis"]:
            kpi = atlas.kpis[item["id"]]
            kpi.name, kpi.unit = item["name"], item.get("unit")

    # --- files -------------------------------------------------------------------------

    def _check(self, kind: str, doc: Document) -> dict | None:
        return schema.check_document(kind, doc, self.problems, self.refs)

    def _load_atlas_file(self) -> Atlas:
        path = self.root / ATLAS_FILE
        if path in self.refused:
            return Atlas(name="", content_dir=str(self.root))
        if not path.is_file():
            self.problems.error(ATLAS_FILE, 1, "missing atlas.yml: the content folder needs an "
                                "atlas.yml with at least the organisation's 'name'")
            return Atlas(name="", content_dir=str(self.root))
        doc = load_yaml_file(path, ATLAS_FILE, self.problems)
        self.atlas_doc = doc
        data = self._check("atlas", doc) if doc else None
        data = data or {"name": ""}
        if self.other_languages:
            data, _ = self._translated("atlas", ATLAS_FILE, data, None,
                                       self.root_translations, "atlas")
        return Atlas(content_dir=str(self.root), lines=_key_lines(doc),
                     **schema.construct(schema.ATLAS, data))

    def _load_glossary(self) -> list[GlossaryTerm]:
        path = self.root / GLOSSARY_FILE
        if not path.is_file() or path in self.refused:
            return []
        doc = load_yaml_file(path, GLOSSARY_FILE, self.problems)
        data = self._check("glossary", doc) if doc else None
        if data and self.other_languages:
            data, _ = self._translated("glossary", GLOSSARY_FILE, data, None,
                                       self.root_translations, "glossary")
        return [GlossaryTerm(**term) for term in (data or {}).get("terms", [])]

    def _load_entities(self, base: Path, kind: str, make):
        entities = []
        translations = self._translations(base, ".md", kind, {p.stem for p in _markdown_in(base)})
        for path in _markdown_in(base):
            entity_id = path.stem
            if path in self.refused:  # told why; references to it must not cascade
                self.unloadable.add((kind, entity_id))
                continue
            rel = _rel(self.root, path)
            if not self._valid_id(entity_id, rel, kind):
                continue
            doc = load_markdown_file(path, rel, self.problems)
            if doc is not None:
                nesting_problems(doc.body, rel, doc.body_line, self.problems)
            data = self._check(kind, doc) if doc else None
            if data is None:
                # Already reported; references to it must not cascade into more errors.
                self.unloadable.add((kind, entity_id))
                continue
            if self.other_languages:
                data, body = self._translated(kind, rel, data, doc.body, translations,
                                              entity_id)
                doc = _with_body(doc, body)
            entities.append(make(entity_id, data, doc))
        return entities

    def _valid_id(self, entity_id: str, rel: str, kind: str) -> bool:
        if not schema.is_id(entity_id):
            self.problems.error(rel, 1, f"the file name '{entity_id}' is not a valid {kind} id: "
                                "use lower-case letters, digits and single hyphens, "
                                "e.g. 'account-manager'")
            return False
        if entity_id in RESERVED_IDS:
            self.problems.error(rel, 1, f"'{entity_id}' is reserved for the list page; "
                                f"rename the file to another {kind} id")
            return False
        return True

    def _load_journey(self, folder: Path) -> Journey | None:
        journey_id = folder.name
        rel = _rel(self.root, folder / JOURNEY_FILE)
        self.unloadable.add(("journey", journey_id))  # until it has loaded
        if not self._valid_id(journey_id, rel, "journey"):
            return None
        if folder in self.refused or folder / JOURNEY_FILE in self.refused:
            return None
        if not (folder / JOURNEY_FILE).is_file():
            self.problems.error(rel, 1, "missing journey.yml: every folder under journeys/ needs a "
                                "journey.yml with a 'title' and its ordered 'stages'")
            return None
        doc = load_yaml_file(folder / JOURNEY_FILE, rel, self.problems)
        data = self._check("journey", doc) if doc else None
        translations = self._translations(folder, ".yml", "journey", {"journey"})
        if data and self.other_languages:
            data, _ = self._translated("journey", rel, data, None, translations, "journey")
        stages = {s.id: s for s in self._load_entities(
            folder / "stages", "stage", self._make_stage(journey_id))}
        moments = self._load_entities(folder / "moments", "moment", self._make_moment(journey_id))
        if not data or "title" not in data or "stages" not in data:
            return None
        listed = data.pop("stages")
        journey = Journey(id=journey_id, file=rel, lines=_key_lines(doc),
                          **schema.construct(schema.JOURNEY, data))
        self._order_stages(journey, doc, listed, stages, folder)
        self._check_session(journey, doc, data)
        self._place_moments(journey, moments, folder)
        self.unloadable.discard(("journey", journey_id))
        return journey

    def _order_stages(self, journey: Journey, doc: Document, listed: list[str],
                      files: dict[str, Stage], folder: Path) -> None:
        if not listed:
            self.problems.error(doc.path, doc.line(("stages",)),
                                "expected at least one stage id under 'stages:'")
        seen: dict[str, int] = {}
        stage_files_on_disk = {p.stem for p in _markdown_in(folder / "stages")}
        for i, stage_id in enumerate(listed):
            line = doc.line(("stages", i))
            if stage_id in seen:
                self.problems.error(doc.path, line, f"stage '{stage_id}' is listed twice "
                                    f"(first on line {seen[stage_id]}); list each stage once")
                continue
            seen[stage_id] = line
            if stage_id in files:
                stage = files[stage_id]
                stage.position = len(journey.stages) + 1
                journey.stages.append(stage)
            elif stage_id not in stage_files_on_disk:
                near = schema.nearest(stage_id, sorted(stage_files_on_disk - set(listed)) or
                                      sorted(stage_files_on_disk))
                hint = f"; did you mean {_quoted(near)}?" if near else ""
                self.problems.error(doc.path, line, f"stage '{stage_id}' is listed but there is no "
                                    f"file journeys/{journey.id}/stages/{stage_id}.md{hint}")
        for stage_id in sorted(stage_files_on_disk - set(seen)):
            if not schema.is_id(stage_id):
                continue
            self.problems.error(f"journeys/{journey.id}/stages/{stage_id}.md", 1,
                                f"stage '{stage_id}' is not listed in journeys/{journey.id}/"
                                f"{JOURNEY_FILE}: add it to 'stages:' where it belongs in the "
                                "journey, or delete the file")

    def _check_session(self, journey: Journey, doc: Document, data: dict) -> None:
        """A session too short for the journey's stages cannot be planned."""
        given, needed = data.get("session_minutes"), minimum_minutes(len(journey.stages))
        if given is not None and given < needed:
            self.problems.error(doc.path, doc.line(("session_minutes",)),
                                f"session_minutes: {given} minutes is too short for "
                                f"{len(journey.stages)} stages; the facilitator guide needs "
                                f"a minute for each stage and two each to open and close: "
                                f"give at least {needed}", doc.column(("session_minutes",)))

    def _place_moments(self, journey: Journey, moments: list[Moment], folder: Path) -> None:
        placed = []
        for moment in moments:
            if journey.stage(moment.stage):
                placed.append(moment)
                continue
            if (folder / "stages" / f"{moment.stage}.md").is_file():
                continue  # the stage file exists but is unlisted or broken: reported there
            line = self.moment_stage_lines[moment.file]
            listed = [s.id for s in journey.stages]
            near = schema.nearest(moment.stage, listed)
            elsewhere = sorted(p.parent.parent.name for p in self.root.glob(
                f"journeys/*/stages/{moment.stage}.md") if p.parent.parent.name != journey.id)
            if elsewhere:
                hint = (f"that stage belongs to journey '{elsewhere[0]}'; a moment must be in "
                        f"the same journey as its stage (move the file to journeys/"
                        f"{elsewhere[0]}/moments/)")
            elif near:
                hint = f"did you mean {_quoted(near)}?"
            else:
                hint = f"stages of this journey: {', '.join(listed) or 'none yet'}"
            self.problems.error(moment.file, line, f"unknown stage '{moment.stage}' for a moment "
                                f"of journey '{journey.id}'; {hint}")
        # Within a stage, a first impression comes first and a last impression last.
        kind_order = {"first-impression": 0, "pivotal": 1, "last-impression": 2}
        placed.sort(key=lambda m: (journey.stage(m.stage).position, kind_order[m.kind], m.id))
        journey.moments = placed

    # --- what may be read -------------------------------------------------------------------

    def _check_files(self) -> None:
        """Everything in the content folder is published, so nothing in it may reach outside
        it: a link to /proc/self/environ would put the build's secrets on the intranet. Also
        refused: links that loop back, pipes and devices (reading one never ends), files too
        large to be content. Ordinary pages are checked like atlas files (text, nesting)."""
        root = os.path.realpath(self.root)
        entities = self.entity_files = entity_files(self.root)
        # Hidden folders too: MkDocs leaves them out by default, but `exclude_docs` can bring
        # them back, and a link elsewhere in the folder can point into one. Only a git
        # folder is skipped (never published, and large).
        for folder, dirs, files in os.walk(self.root):  # links are not followed
            dirs[:] = sorted(d for d in dirs if d != ".git")
            for name in sorted(files) + dirs:
                path = Path(folder, name)
                info = self._may_read(path, root)
                if info is None:
                    self.refused.add(path)
                    continue
                rel = _rel(self.root, path)
                is_file = stat.S_ISREG(info.st_mode)
                if path.suffix in MARKDOWN_SUFFIXES and rel not in entities and is_file:
                    self._check_page(path, rel)
                    self.page_files.append(rel)
                elif name.startswith(".") and is_file:
                    self.refused.add(path)  # never an atlas file (MkDocs skips it too)
            dirs[:] = [d for d in dirs if Path(folder, d) not in self.refused]

    def _may_read(self, path: Path, root: str) -> os.stat_result | None:
        """The file's (or folder's) status if it may be read, else None (told why)."""
        rel = _rel(self.root, path)
        if path.is_symlink():
            target = os.path.realpath(path)
            if not is_within(target, root):
                self.problems.error(rel, 1, f"this is a link to {os.readlink(path)}, outside the "
                                    "content folder; everything here is published, so links "
                                    "must stay inside it (copy the file in instead)")
                return None
            if os.path.isdir(target) and is_within(os.path.realpath(path.parent), target):
                self.problems.error(rel, 1, "this is a link to a folder that contains it, a "
                                    "loop; remove the link")
                return None
        try:
            info = path.stat()
        except OSError as exc:  # a broken link, or no permission to look
            if path.name.startswith(".") and path.is_symlink():
                return None  # an editor's lock (Emacs' .#name), never published: not an error
            self.problems.error(rel, 1, f"cannot be read: {exc.strerror}")
            return None
        if stat.S_ISDIR(info.st_mode):
            return info
        if not stat.S_ISREG(info.st_mode):
            self.problems.error(rel, 1, "this is not a regular file (a pipe, socket or device); "
                                "only files can be published")
            return None
        if path.suffix in TEXT_SUFFIXES and info.st_size > MAX_FILE_BYTES:
            self.problems.error(rel, 1, f"this file is {info.st_size / 2**20:.0f} MB; content "
                                f"files may be at most {MAX_FILE_BYTES // 2**20} MB")
            return None
        if kpis.is_readings_file(rel) and info.st_size > kpis.MAX_READINGS_BYTES:
            self.problems.error(rel, 1, f"this file is {info.st_size / 2**20:.0f} MB; KPI "
                                "readings files may be at most "
                                f"{kpis.MAX_READINGS_BYTES // 2**20} MB (keep the readings a "
                                "page shows, e.g. the last few years)")
            return None
        return info

    def _check_page(self, path: Path, rel: str) -> None:
        """An ordinary page: MkDocs reads it as UTF-8 and converts it whole."""
        text = read_text(path, rel, self.problems)
        if text is None:
            return
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            self.problems.error(rel, line, "expected text, found a NUL character (is this a "
                                           "binary file named .md?)")
            return
        nesting_problems(text, rel, 1, self.problems)

    # --- building entities ---------------------------------------------------------------

    @staticmethod
    def _make_role(entity_id: str, data: dict, doc: Document) -> Role:
        return Role(id=entity_id, body=doc.body, file=doc.path, lines=_key_lines(doc),
                    **schema.construct(schema.ROLE, data))

    @staticmethod
    def _make_team(entity_id: str, data: dict, doc: Document) -> Team:
        return Team(id=entity_id, body=doc.body, file=doc.path, lines=_key_lines(doc),
                    **schema.construct(schema.TEAM, data))

    @staticmethod
    def _make_persona(entity_id: str, data: dict, doc: Document) -> Persona:
        return Persona(id=entity_id, body=doc.body, file=doc.path, lines=_key_lines(doc),
                       **schema.construct(schema.PERSONA, data))

    @staticmethod
    def _make_insight(entity_id: str, data: dict, doc: Document) -> Insight:
        return Insight(id=entity_id, body=doc.body, file=doc.path, lines=_key_lines(doc),
                       **schema.construct(schema.INSIGHT, data))

    @staticmethod
    def _make_stage(journey_id: str):
        def make(entity_id: str, data: dict, doc: Document) -> Stage:
            return Stage(id=entity_id, journey_id=journey_id, body=doc.body, file=doc.path,
                         lines=_key_lines(doc), **schema.construct(schema.STAGE, data))
        return make

    def _make_moment(self, journey_id: str):
        def make(entity_id: str, data: dict, doc: Document) -> Moment:
            self.moment_stage_lines[doc.path] = doc.line(("stage",))
            return Moment(id=entity_id, journey_id=journey_id, body=doc.body, file=doc.path,
                          lines=_key_lines(doc), **schema.construct(schema.MOMENT, data))
        return make

    # --- teams ---------------------------------------------------------------------------

    def _teams(self, roles: dict[str, Role], files: list[Team]) -> dict[str, Team]:
        """Every team: those the team files describe and those only roles name, by name;
        each role learns its team (site_builder/teams.py says how a `team` text leads to
        one)."""
        described = {team.id: team for team in files}
        # Roles name a team as the original writes it, whichever language is built.
        for team_id, message in teams.clashes({t.id: tr.original_words(t.name) for t in files}):
            team = described.pop(team_id)
            self.problems.error(team.file, team.lines.get("name", 1), message)
        members, named = teams.assign({r.id: r.team for r in roles.values()},
                                      {t.id: tr.original_words(t.name)
                                       for t in described.values()})
        found = dict(described)
        for team_id, name in named.items():
            # Named only by roles' `team:` (structure, never translated): in another
            # language its name shows as written, marked (a team file can translate it).
            found[team_id] = Team(id=team_id, name=tr.Untranslated(name, self.source_language)
                                  if self.language else name)
        for role in sorted(roles.values(), key=lambda r: (r.name.casefold(), r.id)):
            if role.id in members:
                role.team_id = members[role.id]
                found[role.team_id].roles.append(role.id)
        return dict(sorted(found.items(), key=lambda item: (item[1].name.casefold(), item[0])))

    # --- references ------------------------------------------------------------------------
    # (unknown_ref, below the class, words what a reference to nothing gets told)

    def _resolve_refs(self, atlas: Atlas) -> None:
        known = {"role": atlas.roles, "persona": atlas.personas, "insight": atlas.insights,
                 "journey": {j.id: j for j in atlas.journeys},
                 "phase": {p.id: p for p in atlas.lifecycle},
                 "stage": {f"{j.id}/{s.id}": s for j in atlas.journeys for s in j.stages}}
        for kind, ref_id, path, line, col in self.refs:
            ids = known[kind]
            if ref_id in ids or (kind, ref_id) in self.unloadable or (
                    kind == "phase" and self.lifecycle_broken):
                continue
            if kind == "stage":
                message = self._unknown_stage(ref_id, known["journey"])
                if message:
                    self.problems.error(path, line, message, col)
                continue
            self.problems.error(path, line, unknown_ref(kind, ref_id, ids), col)

    def _unknown_stage(self, ref: str, journeys: dict[str, Journey]) -> str | None:
        """Why `ref` (journey-id/stage-id) names no stage, or None when that is told elsewhere."""
        journey_id, slash, stage_id = ref.partition("/")
        if not slash:
            return (f"expected a stage as journey-id/stage-id, got '{ref}'; "
                    f"e.g. '{next(iter(journeys), 'journey-id')}/{ref}'")
        if ("journey", journey_id) in self.unloadable:
            return None  # its journey failed to load: reported there
        journey = journeys.get(journey_id)
        if journey is None:
            near = schema.nearest(journey_id, journeys)
            hint = f"did you mean {_quoted(near)}?" if near else (
                f"known journeys: {', '.join(sorted(journeys)[:10]) or 'none yet'}")
            return f"unknown journey '{journey_id}' in the stage '{ref}'; {hint}"
        if (self.root / "journeys" / journey_id / "stages" / f"{stage_id}.md").is_file():
            return None  # the stage file exists but is unlisted or broken: reported there
        listed = [s.id for s in journey.stages]
        near = schema.nearest(stage_id, listed)
        hint = f"did you mean {_quoted([f'{journey_id}/{n}' for n in near])}?" if near else (
            f"stages of '{journey_id}': {', '.join(listed[:10]) or 'none yet'}")
        return f"unknown stage '{stage_id}' in journey '{journey_id}'; {hint}"

    def _check_lifecycle(self, atlas: Atlas) -> None:
        """Phase ids are named by journeys: each must be given once. Read from the file as
        written, so each is told at its own line even when a phase before it was wrong."""
        doc = self.atlas_doc
        written = (doc.data or {}).get("lifecycle") if doc and isinstance(doc.data, dict) else None
        if written is not None and not isinstance(written, list):
            self.lifecycle_broken = True  # told by the schema; journeys' phases are not
            return
        if not isinstance(written, list):
            return
        loaded = {phase.id for phase in atlas.lifecycle}
        seen: dict[str, int] = {}
        for i, phase in enumerate(written):
            phase_id = phase.get("id") if isinstance(phase, dict) else None
            if not isinstance(phase_id, str) or not schema.is_id(phase_id.strip()):
                continue  # told by the schema
            if phase_id.strip() not in loaded:  # the phase had errors of its own
                self.unloadable.add(("phase", phase_id.strip()))
            at = ("lifecycle", i, "id")
            if phase_id.strip() in seen:
                self.problems.error(ATLAS_FILE, doc.line(at), f"{schema.describe_path(at)}: "
                                    f"the phase '{phase_id.strip()}' is listed twice (first on "
                                    f"line {seen[phase_id.strip()]}); give each phase its own id",
                                    doc.column(at))
            else:
                seen[phase_id.strip()] = doc.line(at)

    def _check_nesting(self, atlas: Atlas) -> None:
        """A stage may open into a more detailed journey; following those links must never
        lead back to where it started (the site would nest a journey inside itself)."""
        inside: dict[str, list[tuple[Stage, str]]] = {}  # journey -> [(stage, detail id)]
        for journey in atlas.journeys:
            inside[journey.id] = [(s, s.journey) for s in journey.stages
                                  if s.journey and atlas.journey(s.journey)]
        reported: set[frozenset] = set()
        for start in sorted(inside):
            loop = _find_loop(start, inside)
            if loop is None or frozenset(s.journey_id for s in loop) in reported:
                continue
            reported.add(frozenset(s.journey_id for s in loop))
            first = loop[0]
            named = [f"{s.journey_id} (stage {s.id})" for s in loop]
            if len(named) > 8:  # a loop through thousands of journeys: its ends tell enough
                named = named[:4] + [f"… {len(named) - 6} more …"] + named[-2:]
            steps = " › ".join(named)
            # Told where the stage names its detail journey: that reference's place.
            line, col = next(((line, col) for kind, ref, path, line, col in self.refs
                              if kind == "journey" and path == first.file), (1, 1))
            path = first.file
            self.problems.error(path, line, f"journey '{first.journey_id}' contains itself: "
                                f"{steps} › {first.journey_id}; a detail journey must not "
                                "lead back to a journey it sits in", col)


def _find_loop(start: str, inside: dict[str, list[tuple[Stage, str]]]) -> list[Stage] | None:
    """The stages of a nesting loop that leads from journey `start` back to it, or None.
    Iterative, so a chain of thousands of journeys cannot exhaust the stack."""
    stack = [(start, iter(inside.get(start, [])))]
    trail: list[Stage] = []
    on_trail = {start}
    seen = set()
    while stack:
        journey_id, children = stack[-1]
        step = next(children, None)
        if step is None:
            stack.pop()
            seen.add(journey_id)
            on_trail.discard(journey_id)
            if trail:
                trail.pop()
            continue
        stage, detail = step
        if detail == start:
            return trail + [stage]
        if detail in on_trail or detail in seen:
            continue  # a loop that does not pass through `start`: found from its own start
        trail.append(stage)
        on_trail.add(detail)
        stack.append((detail, iter(inside.get(detail, []))))
    return None


def _key_lines(doc: Document | None) -> dict[str, int]:
    """The line of each top-level key, for messages that come after loading (lint)."""
    if doc is None:
        return {}
    return {path[0]: line for path, line in doc.key_lines.items() if len(path) == 1}


def unknown_ref(kind: str, ref_id: str, ids) -> str:
    """What an author is told of a reference to no known `kind`: the nearest ids, the known
    ones, or where to add the first. Also the importers' word (importers.py)."""
    near = schema.nearest(ref_id, ids)
    if near:
        hint = f"did you mean {_quoted(near)}?"
    elif ids:
        shown = sorted(ids)[:10]
        hint = f"known {kind}s: {', '.join(shown)}" + (", ..." if len(ids) > 10 else "")
    else:
        hint = f"there are no {kind}s yet: add " + WHERE_TO_ADD[kind].format(id=ref_id)
    return f"unknown {kind} '{ref_id}'; {hint}"


def _quoted(ids: list[str]) -> str:
    return " or ".join(f"'{i}'" for i in ids)


def _markdown_in(folder: Path) -> list[Path]:
    """The originals in `folder` (a dot in the name marks a translation)."""
    return [folder / name for name, is_file, _ in listing(folder)
            if is_file and name.endswith(".md") and name[:-3] and "." not in name[:-3]]


def _with_body(doc: Document, body: str) -> Document:
    """`doc` with another body (a translation's); parsed documents are shared, never changed."""
    if body is doc.body:
        return doc
    from dataclasses import replace
    return replace(doc, body=body)


def _subfolders(folder: Path) -> list[Path]:
    return [folder / name for name, _, is_dir in listing(folder)
            if is_dir and not name.startswith(".")]


def _rel(root: Path, path: Path) -> str:
    text, base = str(path), str(root)
    if text.startswith(base) and text[len(base):len(base) + 1] == os.sep:  # (the usual case,
        return text[len(base) + 1:].replace(os.sep, "/")                   # without pathlib)
    return path.relative_to(root).as_posix()
