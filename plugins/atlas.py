"""The MkDocs plugin: a thin adapter over `site_builder` (installed as `journey_atlas`).

on_config   load and validate the atlas from `docs_dir` (stop with every problem listed)
on_files    drop the atlas' YAML files from the output, make a page for everything it shows
on_page_*   draw each atlas page's content with the theme
on_serve    live preview: system file events, and a quick look at each save before the
            whole build (site_builder/preview.py)

Public MkDocs API only, as Material's blog plugin uses it: pages are `Page` subclasses made
in `on_files` (MkDocs then uses them as they are), configuration through `mkdocs.config`.
It runs unchanged under ProperDocs, the maintained fork of MkDocs 1.6.
"""

from __future__ import annotations

import dataclasses
import html
import inspect
import logging
import os
import posixpath
import shutil
import threading
import time
from urllib.parse import unquote, urlunsplit

from babel import Locale
from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import get_relative_url

from journey_atlas import file_copy, i18n, kpis, output, preview, script_words, search
from journey_atlas.compare import COUNTS_FILE, compare
from journey_atlas.export import atlas_to_dict, json_text
from journey_atlas.freshness import journey_of
from journey_atlas.history import AssetHistory
from journey_atlas.lint import check
from journey_atlas.markdown_limits import ShownAsTyped
from journey_atlas.notes import NeedsOwnRendering, NoteEngine, engine_reusable
from journey_atlas.page_meta import Feedback, foot
from journey_atlas.pages import (PageRenderer, PageSpec, breadcrumbs, fill_drawings,
                                 plan_pages)
from journey_atlas.problems import ContentError
from journey_atlas.prose import engine_leaves_prose_alone, prose_html
from journey_atlas.release import CSP, EXPORT_FILE, PREVIEW_CSP, ReleaseContext
from journey_atlas.safe_markdown import SafeMarkdown
from journey_atlas.translations import Marks, Untranslated, page_translations, split_name
from journey_atlas.urls import link_place

log = logging.getLogger("mkdocs.plugins.journey_atlas")
PLUGIN_NAME = "journey-atlas"
# Templates of the journey-atlas theme that atlas pages cannot be drawn without.
THEME_TEMPLATES = ("main.html", "partials/pages/stage.html", "partials/fragments.html")
# In `mkdocs serve`, a page whose inputs did not change is drawn with this empty template
# and given its last output (site_builder/preview.py).
REUSED_TEMPLATE = "journey-atlas-reused.html"


class AtlasPluginConfig(Config):
    # Raw HTML in Markdown bodies is shown as text unless an atlas opts in.
    allow_raw_html = config_options.Type(bool, default=False)
    # Journey lint rules and their settings (see site_builder/lint.py); `false` = all off.
    lint = config_options.Type((dict, bool), default={})
    # Where "Something wrong or missing here?" leads: {url: template} or {email: address}.
    feedback = config_options.Type(dict, default={})
    # A copy that works opened from disk (file://); `journey-atlas build --offline` sets it.
    file_copy = config_options.Type(bool, default=False)
    # The languages the site is published in: the first at the root (it sets the theme's
    # locale), each other one under /<language>/ with the same paths, built with it.
    languages = config_options.Type(list, default=[])


class AtlasPage(Page):
    """A page the atlas draws. Its front matter was parsed (and checked) by the loader, so
    the page starts from the Markdown body the loader kept; most have none at all."""

    def __init__(self, spec: PageSpec, file: File, config, prose_shortcut: bool,
                 notes: "SharedNotes | None" = None, reused: bool = False):
        super().__init__(spec.title, file, config)
        self.spec = spec
        self.reused = reused  # its last output stands (live preview): nothing to draw
        self.prose_shortcut = prose_shortcut  # plain prose skips Markdown (site_builder/prose.py)
        self.notes = notes  # one engine for the build's notes (site_builder/notes.py)
        own_file = getattr(spec.obj, "file", None) == spec.src_uri
        self.body = spec.obj.body if own_file else None  # None: read the file as MkDocs does

    def read_source(self, config) -> None:
        if self.reused:
            self.markdown, self.meta = "", {"template": REUSED_TEMPLATE}
            return
        if self.body is None:  # a generated page, or a file the loader does not own
            return super().read_source(config)
        # MkDocs would parse the front matter again with the pure-Python YAML loader.
        self.markdown, self.meta = self.body, {}

    def render(self, config, files) -> None:
        text = self.markdown or ""
        if self.reused:
            text = ""
        if not text.strip():  # MkDocs would build a whole Markdown engine even for this
            html = ""
        else:
            html = prose_html(text) if self.prose_shortcut else None
        if html is not None:  # no headings, links or anchors in it
            self.content, self.toc = html, TableOfContents([])
            self.present_anchor_ids, self.links_to_anchors = set(), {}
            return
        if self.notes is not None:
            rendered = _bounded(self, lambda: self.notes.convert(text, self.file, files))
            if rendered is not None:  # else MkDocs renders it (a link it would tell about...)
                self.content, self.toc = rendered.html, get_toc(rendered.toc_tokens)
                self.present_anchor_ids = rendered.anchor_ids
                links: dict[File, dict[str, str]] = {}
                for target, anchor, url in rendered.anchor_links:
                    links.setdefault(target or self.file, {}).setdefault(anchor, url)
                # As MkDocs: kept to be checked, except when debugging (its logger's level).
                if logging.getLogger(Page.__module__).getEffectiveLevel() > logging.DEBUG:
                    self.links_to_anchors = links
                return
        _bounded(self, lambda: Page.render(self, config, files))


class SharedNotes:
    """The build's one Markdown engine for notes, and MkDocs' link rewriting for it through
    MkDocs' public API: a link to a file of the site becomes the address of that file's page
    relative to the note's; any other relative link (to no file, or to an excluded one) is
    left to MkDocs, which warns about it."""

    def __init__(self, config):
        self.engine = NoteEngine(config.markdown_extensions, config.mdx_configs or {})
        self.targets: dict[tuple[str, str], File | None] = {}  # (from dir, path) -> file

    def convert(self, text: str, file: File, files: Files):
        def resolve(path: str, query: str, fragment: str) -> tuple[str, File]:
            from_dir = posixpath.dirname(file.src_uri)
            if (from_dir, path) not in self.targets:
                target_uri = posixpath.normpath(
                    posixpath.join(from_dir, unquote(path)).lstrip("/"))
                self.targets[from_dir, path] = files.get_file_from_path(target_uri)
            target = self.targets[from_dir, path]
            if target is None or target.inclusion.is_excluded():
                raise NeedsOwnRendering
            return urlunsplit(("", "", get_relative_url(target.url, file.url), query,
                               fragment)), target

        return self.engine.convert(text, resolve)


class OrdinaryPage(Page):
    """Any other Markdown page of the atlas, rendered by MkDocs as ever, with one guard."""

    def render(self, config, files) -> None:
        _bounded(self, lambda: Page.render(self, config, files))


def _bounded(page: Page, render):
    try:
        return render()
    except RecursionError:  # emphasis or links nested hundreds of levels deep
        raise PluginError(f"{page.file.src_uri}: the Markdown is nested too deeply to draw "
                          "(emphasis, links or lists inside each other); simplify it") from None


def _write_quietly(index) -> None:
    try:
        index.write()
    except search.SearchUnavailable as exc:
        log.warning(f"{exc}; search is out of date until the next rebuild")


def _watch_with_system_events(server, config) -> None:
    """MkDocs' server polls for changes every half second, each time reading every watched
    file's details; the system's own file events (inotify on Linux, FSEvents, Windows'
    notifications) report a save at once. The same paths are watched, through the server's
    public `watch`/`unwatch`, by watchdog's native observer; where the system cannot watch
    that many folders, polling stays."""
    try:
        from watchdog import events
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:  # pragma: no cover (watchdog comes with MkDocs)
        return

    class ChangesObserver(Observer):
        """Changes only: the system also tells of every file opened and closed unchanged,
        and a build reads every content file, so each build would ask for the next."""
        CHANGES = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
                   events.FileMovedEvent, events.FileClosedEvent, events.FileAttribEvent,
                   events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

        def schedule(self, event_handler, path, *, recursive=False, event_filter=None,
                     **options):
            return super().schedule(event_handler, path, recursive=recursive,
                                    event_filter=event_filter or self.CHANGES, **options)

    polling = getattr(server, "observer", None)
    if not isinstance(polling, PollingObserver) or polling.is_alive():
        return
    if "event_filter" not in inspect.signature(Observer.schedule).parameters:
        return  # watchdog before 4.0 cannot leave out reads: polling stays
    if not _system_can_watch(config.docs_dir):
        return
    watched = []  # each path as many times as it was watched
    for path in dict.fromkeys(p for p in (config.docs_dir, config.config_file_path,
                                          *config.theme.dirs) if p):
        while True:
            try:
                server.unwatch(path)
            except KeyError:  # not (or no longer) watched
                break
            watched.append(path)
    server.observer = ChangesObserver()
    for path in watched:
        server.watch(path)


def _system_can_watch(folder: str) -> bool:
    """Whether Linux's inotify can take a watch per folder under `folder`, with room to
    spare for the editor and others (other systems watch a tree with one handle)."""
    try:
        with open("/proc/sys/fs/inotify/max_user_watches", encoding="ascii") as f:
            limit = int(f.read())
    except (OSError, ValueError):
        return True
    folders = sum(1 for _ in os.walk(folder))
    return folders * 4 < limit


def _check_theme(config) -> None:
    """Atlas pages are drawn with the journey-atlas theme's templates: with another theme
    the build would stop at the first page with a Jinja traceback."""
    missing = [name for name in THEME_TEMPLATES
               if not any(os.path.isfile(os.path.join(d, name)) for d in config.theme.dirs)]
    if missing:
        theme = f"'{config.theme.name}'" if config.theme.name else "a custom_dir of its own"
        raise PluginError(
            f"{config.config_file_path}: the journey-atlas plugin draws its pages with the "
            f"journey-atlas theme, but the theme here is {theme} (it has no {missing[0]}); "
            "set `theme: {name: journey-atlas}`. A `custom_dir` can still override any of "
            "its templates.")


def _plain_title(page: Page) -> None:
    """MkDocs takes an ordinary page's title from its first heading as HTML ("Q&amp;A");
    the theme escapes what it prints, like every text, so it gets the text itself."""
    if "title" not in page.meta and page.title:
        page.title = html.unescape(page.title)


class AtlasPlugin(BasePlugin[AtlasPluginConfig]):
    def __init__(self):
        self.atlas = None
        self.pages: dict[str, PageSpec] = {}
        self.renderer: PageRenderer | None = None
        self.drawings: dict[str, list[str]] = {}  # page -> its drawings, until on_post_page
        self.search = None  # the search index being made (site_builder/search.py)
        self.file_copy = False  # a copy for file:// (see site_builder/file_copy.py)
        self.history = None  # the customer asset over releases, in a release build
        # Live preview (`mkdocs serve`), kept from one rebuild to the next (on_startup):
        self.serving = False
        self.outputs: dict[str, tuple[str, str, str | None]] = {}  # page -> key, HTML, index
        self.language_outputs: dict[str, dict] = {}  # the same, of each other language
        self.keys: dict[str, str] = {}  # this build's key of each atlas page
        self.inputs: preview.Inputs | None = None  # what this build's pages can read
        self.overlay = ""  # the content's problems, shown over the last good pages
        # The search indexes of the last build (each language's), still being written.
        self.indexing: list[tuple[threading.Thread, search.PagefindFeed]] = []
        # A quick look at a save (site_builder/preview.py): what it draws with, from the
        # last whole build, and how it asks for the whole build that follows it.
        self.served: _WholeBuild | None = None
        self.content_seen = None  # the content folder's state at the last build
        self.quick: list[str] | None = None  # this build is a quick look at these pages
        self.preview_dir = None  # this preview's own folder, holding the two below
        self.later_dir = None  # watched by the server: a file written there asks for a build
        self.scratch_dir = None  # where a quick look lets MkDocs build nothing
        self.whole_build_timer: threading.Timer | None = None
        # One of the other languages, when the first language's build builds this one.
        self.build_language: str | None = None
        self.languages: list[str] = []
        self.translation_files: dict[str, str] = {}  # original -> the built language's
        # The last build's site folder, written over in place (site_builder/output.py):
        self.dirty = False  # `--dirty`: MkDocs leaves the folder as it is
        self.aside: tuple[str, str] | None = None  # (where it was moved, site_dir)
        self.kept: output.KeptOutput | None = None
        self.shell_parts: dict[tuple, Markup] = {}  # this build's (see _shell_part)

    def on_startup(self, command, dirty):
        # Defining on_startup also keeps this plugin between `mkdocs serve` rebuilds.
        self.serving = command == "serve"
        self.dirty = dirty

    def on_pre_build(self, config):
        # MkDocs empties the site folder next: the last build's is moved aside to be written
        # over instead (on_nav), which is faster and ends the same.
        self.aside = self.kept = None
        if self.quick is None and not self.dirty:
            aside = output.set_aside(config.site_dir)
            self.aside = (aside, config.site_dir) if aside else None

    def on_shutdown(self):
        self.serving, self.outputs, self.overlay, self.atlas = False, {}, "", None
        self.language_outputs = {}
        self.served = self.content_seen = self.quick = None
        if self.whole_build_timer is not None:
            self.whole_build_timer.cancel()
        if self.preview_dir:
            shutil.rmtree(self.preview_dir, ignore_errors=True)
        self.preview_dir = self.later_dir = self.scratch_dir = None
        self._stop_indexing()  # the preview's folder goes with it: so does its index

    def on_config(self, config):
        _check_theme(config)
        self.shell_parts = {}  # drawn anew by each build, quick looks too (its content)
        last_build_broken = bool(self.overlay)
        content_state = (preview.content_state(config.docs_dir)
                         if self.serving and not self.build_language else None)
        self.quick = None
        self.languages = self._languages(config)
        self.file_copy = file_copy.wanted(self.config.file_copy)
        if self.file_copy:  # file:// opens files, not folders: links must name index.html
            config.use_directory_urls = False
        # Set by `journey-atlas release`: which version this is and what it follows.
        self.release = ReleaseContext.from_env()
        # A quick look if the content loads (site_builder/preview.py); else what the pages
        # can read, before the atlas is loaded (see preview.Inputs).
        quick = (preview.quick_look(self.content_seen, content_state, self.served.own_pages)
                 if content_state is not None and self.served and self.later_dir
                 and not last_build_broken and not self.release else None)
        self.inputs = self._read_inputs(config) if quick is None else None
        try:
            self.feedback = Feedback.from_option(self.config.feedback)
            result = check(config.docs_dir, self.config.lint, languages=self.languages,
                           language=self.build_language)
        except ValueError as exc:  # a wrong `lint:` or `feedback:` option in mkdocs.yml
            raise PluginError(f"mkdocs.yml, plugin journey-atlas: {exc}")
        self._entity_files = result.entity_files  # (on_files leaves them out of the pages)
        # Every language's build checks every translation: the first language's tells.
        for problem in result.problems if not self.build_language else result.errors:
            (log.error if problem.level == "error" else log.warning)(
                problem.format(config.docs_dir))
        if not result.ok and self.serving and self.atlas is not None:
            # Live preview: the browser shows the problems over the last good pages (all
            # reused) instead of waiting for a build that cannot come; fixed, they clear.
            summary = ContentError.summary(result.problems, "showing the last good build")
            log.error(summary)
            self.overlay = preview.problems_overlay(result.problems, config.docs_dir, summary)
            if not self.build_language:
                self._stop_indexing()
            return self._configure_markdown(config)
        if not result.ok:
            # A BuildError is printed as a message only, then MkDocs exits non-zero; the
            # site folder is untouched because MkDocs cleans it only after on_config.
            raise PluginError(ContentError.summary(result.problems))
        self.overlay = ""
        self.atlas = result.atlas
        self.translation_files = result.translation_files  # "Edit" opens the translation
        if content_state is not None:
            self.content_seen = content_state
        self.quick = quick
        if self.quick is not None:
            # MkDocs builds nothing (on_files), in a folder of its own, not even the theme's
            # own pages; the pages of the saved files go straight into the served site.
            config.site_dir = self.scratch_dir
            config.theme.static_templates = set()
            self.changes = self.history = None
            log.info(f"A quick look at {len(self.quick)} page(s); the whole site follows")
            return self._configure_markdown(config)  # (search is left to finish meanwhile)
        if not self.build_language:  # a newer build makes newer indexes: the last ones stop
            self._stop_indexing()
        self.exported = atlas_to_dict(self.atlas)  # written with the site, compared in releases
        if self.release and self.build_language:
            self.release = self.release.in_language(self.build_language)
        previous = self.release.previous_data() if self.release else None
        self.changes = (compare(previous, self.exported, self.release.previous_version)
                        if self.release else None)
        # Every earlier release's figures, read when the first customer-asset page asks.
        self.history = AssetHistory.of_release(self.release, self.exported, previous,
                                               warn=log.warning)
        return self._configure_markdown(config)

    def _stop_indexing(self) -> None:
        while self.indexing:
            writing, feed = self.indexing.pop()
            feed.abandon()
            writing.join()

    def _languages(self, config) -> list[str]:
        languages = [str(x) for x in self.config.languages] if isinstance(
            self.config.languages, list) else self.config.languages
        problems = i18n.check_languages(languages, config.theme.dirs)
        if problems:
            raise PluginError("mkdocs.yml, plugin journey-atlas: " + "; ".join(problems))
        language = self.build_language or (languages[0] if languages else None)
        if language:  # before MkDocs makes the page shell's templates in this language
            config.theme["locale"] = Locale.parse(language.replace("-", "_"))
        return languages

    def _build_other_languages(self, config) -> None:
        """Each language after the first, as a site of its own under /<language>/: the
        same configuration, this plugin's build in that language (MkDocs' public API)."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        # MkDocs keeps one instance of a plugin with on_startup for every configuration of
        # the process: the nested builds run in this very plugin, which then goes on as the
        # first language's (`mkdocs serve` rebuilds), its own pages kept apart. (The list of
        # indexes being written is the same list: the next build stops every language's.)
        own = dict(vars(self))
        try:
            for language in self.languages[1:]:
                log.info(f"Building the site in {i18n.native_name(language)} ({language})")
                nested = load_config(
                    config.config_file_path, site_dir=os.path.join(config.site_dir, language),
                    strict=config.strict,
                    site_url=(config.site_url.rstrip("/") + f"/{language}/"
                              if config.site_url else None),
                    use_directory_urls=config.use_directory_urls)
                plugin = nested.plugins[PLUGIN_NAME]
                plugin.build_language = language
                plugin.outputs = self.language_outputs.setdefault(language, {})
                build(nested)
        finally:
            vars(self).clear()
            vars(self).update(own)

    def _configure_markdown(self, config):
        config.markdown_extensions += [ShownAsTyped(),
                                       SafeMarkdown(raw_html=self.config.allow_raw_html)]
        return config

    def _read_inputs(self, config) -> preview.Inputs | None:
        """Live preview: what the pages can read, before the atlas is (preview.Inputs)."""
        if not self.serving:
            return None
        settings = repr((config.site_name, config.site_url, config.use_directory_urls,
                         config.copyright, dict(self.config), config.theme.name,
                         config.theme.locale.language, config.mdx_configs,
                         [str(e) for e in config.markdown_extensions if isinstance(e, str)]))
        if config.config_file_path and os.path.isfile(config.config_file_path):
            with open(config.config_file_path, encoding="utf-8", errors="replace") as f:
                settings += f.read()
        return preview.Inputs(config.docs_dir, config.theme.dirs, settings)

    def _page_keys(self, specs) -> dict[str, str]:
        """Live preview: each atlas page's inputs, to compare with the last build's."""
        if not self.serving:
            return {}
        if self.overlay:  # broken content: every page stays as it last was
            return {src: kept[0] for src, kept in self.outputs.items()}
        inputs = self.inputs.link(self.atlas)
        keys = {}
        for spec in specs:
            journey = journey_of(self.atlas, spec.obj)
            keys[spec.src_uri] = inputs.page_key(spec.kind, journey.id if journey else None)
        return keys

    def on_files(self, files: Files, config):
        # The atlas' YAML files and the kpis/ folder (readings, and whatever else an export
        # leaves there) are data, not pages: a BI export has no place in the published site.
        for src_uri in self._entity_files:
            data_file = (files.get_file_from_path(src_uri)
                         if src_uri.endswith((".yml", ".csv")) else None)
            if data_file:
                files.remove(data_file)
        for data_file in [f for f in files if kpis.in_readings_folder(f.src_uri)]:
            files.remove(data_file)
        self._translate_pages(files)
        has_home = files.get_file_from_path("index.md") is not None
        prose_shortcut = engine_leaves_prose_alone(config.markdown_extensions,
                                                   config.mdx_configs or {})
        notes = SharedNotes(config) if engine_reusable(config.markdown_extensions) else None
        self.renderer = PageRenderer(self.atlas, config.theme.dirs, config.use_directory_urls,
                                     self.release, self.changes, self.history,
                                     locale=str(config.theme.locale))
        self.pages = {}
        self.language = config.theme.locale.language
        self.marks = (Marks(self.renderer.interface, self.languages[0])
                      if self.build_language else None)
        specs = plan_pages(self.atlas, has_home, self.release, self.renderer.views,
                           self.renderer.interface)
        if self.quick is not None:
            self.keys, self.search = {}, None
            self._draw_quick_look(specs, config, prose_shortcut, notes)
            self._ask_for_whole_build()
            return Files([])
        self._start_search(config)
        self.keys = self._page_keys(specs)
        self.indexed: dict[str, str] = {}  # this build's Pagefind input of each page
        self.reused: set[str] = set()  # this build's pages that kept their last output
        for spec in specs:
            self.pages[spec.src_uri] = spec
            file = None if spec.generated else files.get_file_from_path(spec.src_uri)
            if file is None:  # generated, or (content broken, last good pages) gone since
                file = File.generated(config, spec.src_uri, content="")
                if spec.kind == "journey":  # its "Edit" link opens the journey's file
                    file.edit_uri = spec.obj.file
                files.append(file)
            source = getattr(spec.obj, "file", None)
            if source in self.translation_files and file.edit_uri is not None:
                file.edit_uri = self.translation_files[source]
            kept = self.outputs.get(spec.src_uri)
            reused = kept is not None and kept[0] == self.keys.get(spec.src_uri)
            if reused:
                self.reused.add(spec.src_uri)
            AtlasPage(spec, file, config, prose_shortcut, notes, reused)  # becomes file.page
        for file in files.documentation_pages():
            if file.page is None:
                OrdinaryPage(None, file, config)
        # MkDocs draws pages in this order (the navigation sorts its own): searched pages
        # first, so the search index is written while the others are drawn (on_pre_page).
        files = Files(search.searched_first(list(files), lambda f: self.pages.get(f.src_uri)))
        if self.serving and not self.build_language:
            self.served = _WholeBuild(files, specs)
        return files

    def _draw_quick_look(self, specs, config, prose_shortcut: bool, notes) -> None:
        """Each page of the saved files, drawn as MkDocs draws a page (its events, in order,
        for every plugin) with the last whole build's files, navigation and templates, and
        written over the served site."""
        served, plugins = self.served, config.plugins
        by_src = {spec.src_uri: spec for spec in specs}
        for src in self.quick:
            file = served.files.get_file_from_path(src)
            if src not in by_src or file is None:  # no longer a page: the whole build tells
                continue
            page = AtlasPage(by_src[src], file, config, prose_shortcut, notes)
            self.pages[src] = by_src[src]
            page = plugins.on_pre_page(page, config=config, files=served.files)
            page.read_source(config)
            page.markdown = plugins.on_page_markdown(page.markdown, page=page, config=config,
                                                     files=served.files)
            page.render(config, served.files)
            page.content = plugins.on_page_content(page.content, page=page, config=config,
                                                   files=served.files)
            context = get_context(served.nav, served.files, config, page)
            template = served.env.get_template(page.meta.get("template", "main.html"))
            context = plugins.on_page_context(context, page=page, config=config, nav=served.nav)
            page.active = True
            try:
                output = template.render(context)
            finally:
                page.active = False
            output = plugins.on_post_page(output, page=page, config=config)
            # Written whole, then renamed: the server never sends half a page.
            written = f"{file.abs_dest_path}.{os.getpid()}.tmp"
            with open(written, "wb") as f:
                f.write(output.encode("utf-8", errors="xmlcharrefreplace"))
            os.replace(written, file.abs_dest_path)

    def _ask_for_whole_build(self) -> None:
        """The whole build follows the quick look once the browser has had the page (the
        server holds every request while a build runs): a file in the folder the server
        watches asks for it, through MkDocs' public `watch`."""
        later_dir = self.later_dir

        def ask():
            try:
                with open(os.path.join(later_dir, "build"), "w", encoding="ascii") as f:
                    f.write(str(time.monotonic_ns()))
            except OSError:  # the preview has ended (its folder with it)
                pass

        if self.whole_build_timer is not None:
            self.whole_build_timer.cancel()
        self.whole_build_timer = threading.Timer(preview.WHOLE_BUILD_AFTER, ask)
        self.whole_build_timer.daemon = True
        self.whole_build_timer.start()

    def _translate_pages(self, files: Files) -> None:
        """Ordinary pages: `about.fr.md` is no page of its own; the French site's about.md
        shows it. A page with no translation shows as written, marked (on_page_content)."""
        pages = [f.src_uri for f in files.documentation_pages()]
        translations = page_translations(pages, self.languages)
        for translation in [f for f in files.documentation_pages()
                            if f.src_uri in translations or (f.src_uri in self._entity_files
                                                             and split_name(posixpath.splitext(posixpath.basename(f.src_uri))[0]))]:
            files.remove(translation)
        self.untranslated_pages = set()
        if not self.build_language:
            return
        given = {original: src for src, (original, lang) in translations.items()
                 if lang == self.build_language}
        for file in files.documentation_pages():
            if file.src_uri in self._entity_files:
                continue
            if file.src_uri in given:
                with open(os.path.join(os.path.dirname(file.abs_src_path),
                                       posixpath.basename(given[file.src_uri])),
                          encoding="utf-8-sig") as f:
                    file.content_string = f.read()
                file.edit_uri = given[file.src_uri]  # "Edit" opens the translation
            else:
                self.untranslated_pages.add(file.src_uri)

    def on_pre_page(self, page, config, files):
        if (isinstance(self.search, search.PagefindFeed)
                and not search.indexed(self.pages.get(page.file.src_uri))):
            self.search.seal()  # every searched page is drawn: the index can be written
        return page

    def on_page_content(self, html, page, config, files):
        spec = self.pages.get(page.file.src_uri)
        if getattr(page, "reused", False):
            self._index_page(page, spec, html)
            return html
        if spec is None:
            _plain_title(page)
            if self.marks and page.file.src_uri in self.untranslated_pages and html.strip():
                html = self.marks.text(html)
            self._index_page(page, spec, html)
            return html
        if self.marks and isinstance(getattr(page, "body", None), Untranslated) and html:
            html = self.marks.text(html)
        try:
            content, self.drawings[page.file.src_uri] = self.renderer.render_parts(
                spec, html, page.url)
        except Exception as exc:  # a bug of ours: say where, without a traceback
            raise PluginError(f"Journey Atlas could not draw the page for {page.file.src_uri}: "
                              f"{type(exc).__name__}: {exc}. Please report this as a bug, with "
                              "that file.") from exc
        if self.marks:
            content = self.marks.content(content)
        self._index_page(page, spec, content)
        return content

    def on_post_page(self, output, page, config):
        src = page.file.src_uri
        if getattr(page, "reused", False):
            output = self.outputs[src][1]
        else:
            output = fill_drawings(output, self.drawings.pop(src, []))
            if self.marks:
                output = self.marks.shell(output)
            if src in self.keys:
                self.outputs[src] = (self.keys[src], output, self.indexed.pop(src, None))
        return preview.with_overlay(output, self.overlay) if self.overlay else output

    def _start_search(self, config) -> None:
        if self.file_copy:  # file:// fetches nothing: one script index (site_builder/search.py)
            self.search = search.ScriptIndex()
            return
        try:
            # Live preview hands the pages over once they are served (on_post_build).
            self.search = search.PagefindFeed(config.theme.locale.language,
                                              os.path.join(config.site_dir, search.INDEX_DIR),
                                              deferred=self.serving)
        except search.SearchUnavailable as exc:
            raise PluginError(str(exc))

    def _index_page(self, page, spec: PageSpec | None, content: str) -> None:
        if self.search is None:  # a quick look: search follows with the whole build
            return
        # The page's content before its drawings go in (their words are in each drawing's
        # text alternative): small for Pagefind to read, and read while the build goes on.
        if getattr(page, "reused", False):
            indexed = self.outputs[page.file.src_uri][2]
            if indexed is not None:  # (a copy for file:// is never served, so never reused)
                self.search.add(indexed, "/" + page.url)
            return
        if not search.indexed(spec) or not content:
            return
        journey = journey_of(self.atlas, spec.obj) if spec else None
        meta = search.result_meta(spec, journey.title if journey else None,
                                  self.renderer.interface)
        if isinstance(self.search, search.ScriptIndex):
            self.search.add(page.url, page.title or "", content, meta)
        else:
            indexed = search.indexed_html(content, meta, self.language)
            self.search.add(indexed, "/" + page.url)
            if page.file.src_uri in self.keys:  # kept for the next rebuild (live preview)
                self.indexed[page.file.src_uri] = indexed

    def on_page_context(self, context, page, config, nav):
        spec = self.pages.get(page.file.src_uri)
        if getattr(page, "reused", False):
            return context  # drawn with the empty template: its last output stands
        context = self._shell_context(context, spec, page.url)
        context["foot"] = spec and foot(
            self.atlas, spec.kind, spec.obj, page.url, config.site_url,
            self.release.version if self.release else None, self.feedback, self.renderer.on,
            self.renderer.interface)
        if context["foot"] and context["foot"].source in self.translation_files:
            context["foot"] = dataclasses.replace(
                context["foot"], source=self.translation_files[context["foot"].source])
        return context

    def on_template_context(self, context, template_name, config):
        # Static templates such as 404.html have no page; link from the site root.
        return self._shell_context(context, None, "", static=True)

    def _shell_context(self, context, spec: PageSpec | None, page_url: str,
                       static: bool = False):
        """What the theme's page shell needs besides MkDocs' own context."""
        linker = self.renderer.linker(page_url)
        ui = self.renderer.interface
        trail = (breadcrumbs(self.atlas, spec, self.renderer.views, ui) if spec
                 else [(self.atlas.name, "index")])
        # (MkDocs links a static template's assets from the site root, by absolute paths.)
        context.update(shell_key=(*link_place(page_url), static), shell_part=self._shell_part,
                       atlas=self.atlas, atlas_page=spec, href=linker, release=self.release,
                       journey_views=self.renderer.journey_views, foot=None, long_date=ui.date,
                       number=ui.number, counted=ui.counted,
                       text_direction="rtl" if ui.rtl else "ltr",
                       language=ui.language,
                       languages=(i18n.language_links(
                           self.languages, self.build_language or self.languages[0], page_url)
                           if len(self.languages) > 1 else []),
                       # our own constants, quotes as written
                       csp=Markup(PREVIEW_CSP if self.serving else CSP),
                       file_copy=self.file_copy,
                       search_script=search.SCRIPT_INDEX if self.file_copy else None,
                       breadcrumbs=[(title, linker(path)) for title, path in trail])
        return context

    def _shell_part(self, key, caller) -> Markup:
        """A part of the page shell (main.html) drawn once per build for all the pages with
        the same `key`: the same place in the site (urls.link_place), so the same links."""
        part = self.shell_parts.get(key)
        if part is None:
            part = self.shell_parts[key] = Markup(caller())
        return part

    def on_post_build(self, config):
        index, self.search = self.search, None
        if self.quick is not None:  # its pages are written; the rest comes with the whole build
            return
        # MkDocs has written its files: those of the last build it did not write again go.
        output.sweep(self.kept)
        self.kept = None
        if isinstance(index, search.ScriptIndex):
            index.write(config.site_dir)
        elif index is not None and self.serving:
            # Live preview: the page shows now; search catches up a moment later.
            writing = threading.Thread(target=_write_quietly, args=(index,),
                                       name="pagefind-write", daemon=True)
            writing.start()
            self.indexing.append((writing, index))
        elif index is not None:
            try:
                index.write()
            except search.SearchUnavailable as exc:
                raise PluginError(str(exc))
        # The browser script's words, in the interface's language (site_builder/script_words.py).
        words_path = os.path.join(config.site_dir, script_words.FILE)
        os.makedirs(os.path.dirname(words_path), exist_ok=True)
        with open(words_path, "w", encoding="utf-8", newline="\n") as f:
            f.write(script_words.script(self.renderer.interface))
        # The machine-readable model travels with every build; a release compares with it.
        with open(f"{config.site_dir}/{EXPORT_FILE}", "w", encoding="utf-8") as f:
            f.write(json_text(self.exported, indent=None))
        if self.changes is not None and self.changes.previous:
            with open(f"{config.site_dir}/{COUNTS_FILE}", "w", encoding="utf-8") as f:
                f.write(json_text(self.changes.counts(self.atlas.roles), indent=None))
        # (While live preview shows content problems, the other languages wait for the fix;
        # after a quick look, for the whole build.)
        if self.languages and not self.build_language and not self.overlay and self.quick is None:
            self._build_other_languages(config)

    def _whole_build_served(self) -> bool:
        return self.served is not None and self.quick is None and not self.build_language

    def on_nav(self, nav, config, files):
        if self._whole_build_served():
            self.served.nav = nav
        if self.aside is not None:  # every file is known; nothing is written yet
            (aside, site_dir), self.aside = self.aside, None
            # The other languages' folders are theirs to keep (their own builds, later), and
            # Pagefind writes over its last index when that was written whole.
            others = set(self.languages[1:]) if not self.build_language else set()
            if isinstance(self.search, search.PagefindFeed) and search.index_reusable(
                    os.path.join(aside, search.INDEX_DIR)):
                others.add(search.INDEX_DIR)
            self.kept = output.take_back(aside, site_dir,
                                         {file.abs_dest_path for file in files},
                                         frozenset(others))
        return nav

    def on_serve(self, server, config, builder):
        _watch_with_system_events(server, config)
        self.preview_dir = preview.preview_folder()
        self.later_dir = os.path.join(self.preview_dir, "later")
        self.scratch_dir = os.path.join(self.preview_dir, "scratch")
        os.mkdir(self.later_dir)
        server.watch(self.later_dir)
        return server

    def on_build_error(self, error):
        # Nothing half-made is left running: the index process stops with the build.
        index, self.search = self.search, None
        if isinstance(index, search.PagefindFeed):
            index.abandon()
        if self.aside is not None:  # stopped before the last build's folder came back
            output.put_back(*self.aside)
            self.aside = None

    def on_env(self, env, config, files):
        # The theme's page shell escapes everything it prints, like the page templates, and
        # speaks the theme's language as they do (values escaped, as in `{% trans %}`).
        env.autoescape = True
        # MkDocs makes this environment for one build: no template changes during it, so
        # none is checked on each of the thousands of pages that ask for it.
        env.auto_reload = False
        self.renderer.interface.install(env)
        if self._whole_build_served():
            self.served.env = env
        return env


@dataclasses.dataclass
class _WholeBuild:
    """What a quick look draws with: the last whole build's files (their pages are in the
    served site), navigation and templates, and which pages each source file is drawn into."""
    files: Files
    specs: dataclasses.InitVar[list]
    nav: object = None
    env: object = None
    own_pages: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self, specs):
        for spec in specs:
            source = getattr(spec.obj, "file", None)
            if source and self.files.get_file_from_path(spec.src_uri) is not None:
                self.own_pages.setdefault(source, []).append(spec.src_uri)
