"""The MkDocs plugin: a thin adapter over `site_builder` (installed as `journey_atlas`).

on_config   load and validate the atlas from `docs_dir` (stop with every problem listed)
on_files    drop the atlas' YAML files from the output, make a page for everything it shows
on_page_*   draw each atlas page's content with the theme

Public MkDocs API only, as Material's blog plugin uses it: pages are `Page` subclasses made
in `on_files` (MkDocs then uses them as they are), configuration through `mkdocs.config`.
It runs unchanged under ProperDocs, the maintained fork of MkDocs 1.6.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
from urllib.parse import unquote, urlunsplit

from markupsafe import Markup
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc
from mkdocs.utils import get_relative_url

from journey_atlas import file_copy, kpis
from journey_atlas.compare import COUNTS_FILE, compare
from journey_atlas.export import atlas_to_dict, json_text
from journey_atlas.freshness import long_date
from journey_atlas.history import AssetHistory
from journey_atlas.lint import check
from journey_atlas.loader import entity_files
from journey_atlas.markdown_limits import ShownAsTyped
from journey_atlas.notes import NeedsOwnRendering, NoteEngine, engine_reusable
from journey_atlas.page_meta import Feedback, foot
from journey_atlas.pages import (JOURNEY_VIEWS, PageRenderer, PageSpec, breadcrumbs,
                                 fill_drawings, plan_pages, search_text)
from journey_atlas.problems import ContentError
from journey_atlas.prose import engine_leaves_prose_alone, prose_html
from journey_atlas.release import CSP, EXPORT_FILE, ReleaseContext
from journey_atlas.safe_markdown import SafeMarkdown

log = logging.getLogger("mkdocs.plugins.journey_atlas")
# Templates of the journey-atlas theme that atlas pages cannot be drawn without.
THEME_TEMPLATES = ("main.html", "partials/pages/stage.html", "partials/fragments.html")


class AtlasPluginConfig(Config):
    # Raw HTML in Markdown bodies is shown as text unless an atlas opts in.
    allow_raw_html = config_options.Type(bool, default=False)
    # Journey lint rules and their settings (see site_builder/lint.py); `false` = all off.
    lint = config_options.Type((dict, bool), default={})
    # Where "Something wrong or missing here?" leads: {url: template} or {email: address}.
    feedback = config_options.Type(dict, default={})
    # A copy that works opened from disk (file://); `journey-atlas build --offline` sets it.
    file_copy = config_options.Type(bool, default=False)


class AtlasPage(Page):
    """A page the atlas draws. Its front matter was parsed (and checked) by the loader, so
    the page starts from the Markdown body the loader kept; most have none at all."""

    def __init__(self, spec: PageSpec, file: File, config, prose_shortcut: bool,
                 notes: "SharedNotes | None" = None):
        super().__init__(spec.title, file, config)
        self.spec = spec
        self.prose_shortcut = prose_shortcut  # plain prose skips Markdown (site_builder/prose.py)
        self.notes = notes  # one engine for the build's notes (site_builder/notes.py)
        own_file = getattr(spec.obj, "file", None) == spec.src_uri
        self.body = spec.obj.body if own_file else None  # None: read the file as MkDocs does

    def read_source(self, config) -> None:
        if self.body is None:  # a generated page, or a file the loader does not own
            return super().read_source(config)
        # MkDocs would parse the front matter again with the pure-Python YAML loader.
        self.markdown, self.meta = self.body, {}

    def render(self, config, files) -> None:
        text = self.markdown or ""
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
        self.full_content: dict[str, str] = {}  # page -> its HTML while search indexes text
        self.file_copy = False  # a copy for file:// (see site_builder/file_copy.py)
        self.history = None  # the customer asset over releases, in a release build

    def on_config(self, config):
        _check_theme(config)
        self.file_copy = file_copy.wanted(self.config.file_copy)
        if self.file_copy:  # file:// opens files, not folders: links must name index.html
            config.use_directory_urls = False
        try:
            self.feedback = Feedback.from_option(self.config.feedback)
            result = check(config.docs_dir, self.config.lint)
        except ValueError as exc:  # a wrong `lint:` or `feedback:` option in mkdocs.yml
            raise PluginError(f"mkdocs.yml, plugin journey-atlas: {exc}")
        for problem in result.problems:
            (log.error if problem.level == "error" else log.warning)(
                problem.format(config.docs_dir))
        if not result.ok:
            # A BuildError is printed as a message only, then MkDocs exits non-zero; the
            # site folder is untouched because MkDocs cleans it only after on_config.
            raise PluginError(ContentError.summary(result.problems))
        self.atlas = result.atlas
        self.exported = atlas_to_dict(self.atlas)  # written with the site, compared in releases
        # Set by `journey-atlas release`: which version this is and what it follows.
        self.release = ReleaseContext.from_env()
        previous = self.release.previous_data() if self.release else None
        self.changes = (compare(previous, self.exported, self.release.previous_version)
                        if self.release else None)
        # Every earlier release's figures, read when the first customer-asset page asks.
        self.history = AssetHistory.of_release(self.release, self.exported, previous,
                                               warn=log.warning)
        config.markdown_extensions += [ShownAsTyped(),
                                       SafeMarkdown(raw_html=self.config.allow_raw_html)]
        return config

    def on_files(self, files: Files, config):
        # The atlas' YAML files and the kpis/ folder (readings, and whatever else an export
        # leaves there) are data, not pages: a BI export has no place in the published site.
        for src_uri in entity_files(config.docs_dir):
            data_file = (files.get_file_from_path(src_uri)
                         if src_uri.endswith((".yml", ".csv")) else None)
            if data_file:
                files.remove(data_file)
        for data_file in [f for f in files if kpis.in_readings_folder(f.src_uri)]:
            files.remove(data_file)
        has_home = files.get_file_from_path("index.md") is not None
        prose_shortcut = engine_leaves_prose_alone(config.markdown_extensions,
                                                   config.mdx_configs or {})
        notes = SharedNotes(config) if engine_reusable(config.markdown_extensions) else None
        self.renderer = PageRenderer(self.atlas, config.theme.dirs, config.use_directory_urls,
                                     self.release, self.changes, self.history)
        self.pages = {}
        for spec in plan_pages(self.atlas, has_home, self.release, self.renderer.views):
            self.pages[spec.src_uri] = spec
            if spec.generated:  # the content folder has no file for it
                file = File.generated(config, spec.src_uri, content="")
                if spec.kind == "journey":  # its "Edit" link opens the journey's file
                    file.edit_uri = spec.obj.file
                files.append(file)
            else:
                file = files.get_file_from_path(spec.src_uri)
            AtlasPage(spec, file, config, prose_shortcut, notes)  # becomes file.page
        for file in files.documentation_pages():
            if file.page is None:
                OrdinaryPage(None, file, config)
        return files

    def on_page_content(self, html, page, config, files):
        spec = self.pages.get(page.file.src_uri)
        if spec is None:
            _plain_title(page)
            return html
        try:
            content, self.drawings[page.file.src_uri] = self.renderer.render_parts(
                spec, html, page.url)
            return content
        except Exception as exc:  # a bug of ours: say where, without a traceback
            raise PluginError(f"Journey Atlas could not draw the page for {page.file.src_uri}: "
                              f"{type(exc).__name__}: {exc}. Please report this as a bug, with "
                              "that file.") from exc

    def on_post_page(self, output, page, config):
        # The drawings go in after the search plugin has indexed the page's text.
        return fill_drawings(output, self.drawings.pop(page.file.src_uri, []))

    @event_priority(100)  # before the search plugin indexes the page
    def _hand_search_the_text(self, context, page, config, nav):
        # The search plugin parses each page's HTML; ours is rich in markup that holds no
        # words (grids, badges, faces). Handing it the same text with the tags taken out
        # indexes the same words in a fraction of the time.
        if page.file.src_uri in self.pages:
            self.full_content[page.file.src_uri] = page.content
            page.content = search_text(page.content)
        return context

    @event_priority(-100)  # after every plugin has read the page
    def _finish_context(self, context, page, config, nav):
        full = self.full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full  # context["page"] is this same page
        spec = self.pages.get(page.file.src_uri)
        context = self._shell_context(context, spec, page.url)
        context["foot"] = spec and foot(
            self.atlas, spec.kind, spec.obj, page.url, config.site_url,
            self.release.version if self.release else None, self.feedback, self.renderer.on)
        return context

    on_page_context = CombinedEvent(_hand_search_the_text, _finish_context)

    def on_template_context(self, context, template_name, config):
        # Static templates such as 404.html have no page; link from the site root.
        return self._shell_context(context, None, "")

    def _shell_context(self, context, spec: PageSpec | None, page_url: str):
        """What the theme's page shell needs besides MkDocs' own context."""
        linker = self.renderer.linker(page_url)
        trail = (breadcrumbs(self.atlas, spec, self.renderer.views) if spec
                 else [(self.atlas.name, "index")])
        context.update(atlas=self.atlas, atlas_page=spec, href=linker, release=self.release,
                       journey_views=JOURNEY_VIEWS, long_date=long_date, foot=None,
                       csp=Markup(CSP),  # our own constant, quotes as written
                       file_copy=self.file_copy,
                       search_script=file_copy.SEARCH_SCRIPT if self.file_copy else None,
                       breadcrumbs=[(title, linker(path)) for title, path in trail])
        return context

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, config):
        if self.file_copy and not file_copy.write_search_script(config.site_dir):
            log.warning("file_copy: no search index was written (is the search plugin on?); "
                        "the copy's search box will find nothing")
        # The machine-readable model travels with every build; a release compares with it.
        with open(f"{config.site_dir}/{EXPORT_FILE}", "w", encoding="utf-8") as f:
            f.write(json_text(self.exported, indent=None))
        if self.changes is not None and self.changes.previous:
            with open(f"{config.site_dir}/{COUNTS_FILE}", "w", encoding="utf-8") as f:
                f.write(json_text(self.changes.counts(self.atlas.roles), indent=None))

    def on_env(self, env, config, files):
        # The theme's page shell escapes everything it prints, like the page templates.
        env.autoescape = True
        return env
