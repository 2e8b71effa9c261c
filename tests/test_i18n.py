"""The interface in many languages: every message in every shipped catalogue, catalogues in
step with the templates, and no interface word that escapes them.

The last is proved with a pseudo-language: a catalogue whose every translation is the
English message between ⟪ and ⟫. The sample atlas built in it must show no letter, on any
page, in any text or label, that is neither between those marks nor the atlas' own content.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel.dates import get_month_names
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from journey_atlas import i18n
from support import ROOT, SAMPLE, build

SHIPPED = {"en", "fr", "de", "es", "nl", "pt", "ar"}
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")
LOCALES = ROOT / "theme" / "locales"


def _catalogue(language: str) -> Catalog:
    with open(LOCALES / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=language)


@pytest.fixture(scope="module")
def template() -> Catalog:
    return i18n.extract()


def test_the_languages_the_theme_ships():
    assert set(i18n.shipped_languages(str(LOCALES))) >= SHIPPED


@pytest.mark.parametrize("language", sorted(SHIPPED - {"en"}))
def test_every_message_is_translated(template, language):
    catalogue = _catalogue(language)
    problems = []
    for message in template:
        if not message.id:
            continue
        found = catalogue.get(message.id, message.context)
        strings = (found.string if isinstance(found.string, tuple) else (found.string,)
                   ) if found else ()
        if found is None or found.fuzzy or not strings or not all(strings):
            problems.append(f"untranslated: {message.id!r}")
            continue
        if isinstance(found.string, tuple) and len(strings) != catalogue.num_plurals:
            problems.append(f"{len(strings)} plural forms, {catalogue.num_plurals} wanted: "
                            f"{message.id!r}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            # A plural form may leave the count to the words ("un" for 1), nothing else.
            if set(PLACEHOLDER.findall(text)) - {"%(num)s"} != wanted - {"%(num)s"}:
                problems.append(f"placeholders differ: {message.id!r} -> {text!r}")
    assert not problems, f"{language}: {len(problems)} problems\n" + "\n".join(problems[:40])


def test_catalogues_are_in_step_with_the_sources(template):
    """`python -m journey_atlas.i18n` was run after the last change of an interface word:
    the template lists exactly the messages in the sources, and each compiled catalogue
    says what its .po says."""
    with open(LOCALES / "messages.pot", "rb") as f:
        written = read_po(f)
    assert {m.id for m in written if m.id} == {m.id for m in template if m.id}, \
        "run: python -m journey_atlas.i18n"
    for language in sorted(SHIPPED - {"en"}):
        with open(LOCALES / language / "LC_MESSAGES" / "messages.mo", "rb") as f:
            shipped = Translations(f)
        fresh = Translations(io.BytesIO(i18n.compiled(_catalogue(language))))
        assert {k: v for k, v in shipped._catalog.items() if k} == \
            {k: v for k, v in fresh._catalog.items() if k}, \
            f"{language}: messages.mo is older than messages.po; run python -m journey_atlas.i18n"


def test_numbers_dates_and_plurals_follow_the_language():
    import datetime as dt
    day = dt.date(2026, 12, 3)
    assert i18n.Interface("en").date(day) == "3 December 2026"
    assert i18n.Interface("fr").date(day) == "3 décembre 2026"
    assert i18n.Interface("fr").date(dt.date(2026, 9, 1)) == "1er septembre 2026"
    assert i18n.Interface("fr_CA").date(dt.date(2026, 9, 1)).startswith("1er ")
    assert i18n.Interface("de").date(day) == "3. Dezember 2026"
    assert i18n.Interface("en").number(1046) == "1,046"
    assert i18n.Interface("fr").number(1046.5) == "1\u202f046,5"
    assert i18n.Interface("en").counted(1, "stage") == "1 stage"
    assert i18n.Interface("en").counted(3, "stage") == "3 stages"
    arabic = i18n.Interface("ar")
    assert arabic.rtl and not i18n.Interface("fr").rtl
    # Arabic has six plural forms: two stages (dual) differ from three and from eleven.
    forms = {arabic.counted(n, "stage") for n in (1, 2, 3, 11, 100)}
    assert len(forms) == 5, forms

    # A number is formatted once per interface, by type: 1 and 1.5 and True stay apart.
    english = i18n.Interface("en")
    assert [english.number(v) for v in (1, 1.5, 1, 1046)] == ["1", "1.5", "1", "1,046"]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_quick_messages_write_what_jinjas_own_write(language):
    """i18n.install_translations makes each message once and calls straight through; its
    pages must read exactly as with Jinja's own new-style callables: values escaped, the
    translation not, '%%' written '%', plurals by the language's own rule."""
    import jinja2

    source = ('{{ _("Skip to content") }}|{{ _("Stage %(number)s", number=n) }}|'
              '{{ gettext("%(role)s is Accountable", role=name) }}|{{ _("100%%") }}|'
              '{% trans count=n %}{{ count }} stage{% pluralize %}{{ count }} stages'
              '{% endtrans %}|{{ ngettext("%(num)s moment", "%(num)s moments", n) }}|'
              '{% trans %}Present<span> this</span>{% endtrans %}|{% trans who=name %}'
              'Asked: {{ who }}{% endtrans %}')
    translations = i18n.Interface(language).translations
    written = {}
    for quick in (False, True):
        env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
        if quick:
            i18n.install_translations(env, translations)
        else:
            env.install_gettext_translations(translations, newstyle=True)
        template = env.from_string(source)
        written[quick] = [template.render(n=n, name="<Ops & Co>") for n in (1, 2, 3, 11)]
    assert written[True] == written[False]
    assert "&lt;Ops &amp; Co&gt;" in written[True][0] and "100%|" in written[True][0]


# --- No interface word outside the catalogues ----------------------------------------------

OPEN, CLOSE = "⟪", "⟫"
PSEUDO = "eo"  # a language Babel knows and the theme does not ship
SHOWN_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder", "data-label",
                    "aria-roledescription", "aria-description"}
SKIPPED = {"script", "style", "code", "pre"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def _pseudo_catalogue(template: Catalog, folder: Path) -> None:
    catalogue = Catalog(locale=PSEUDO, domain="messages")
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string = tuple(OPEN + form + CLOSE for form in message.id)
        else:
            string = OPEN + message.id + CLOSE
        catalogue.add(message.id, string, context=message.context)
    out = folder / "locales" / PSEUDO / "LC_MESSAGES"
    out.mkdir(parents=True)
    with open(out / "messages.mo", "wb") as f:
        write_mo(f, catalogue)


class _ShownText(HTMLParser):
    """Every text a reader sees or hears on a page, but the notes (authors' Markdown)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if not self._skipping():
            self.texts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]
            if tag == "meta" and attributes.get("name") == "description":
                self.texts.append(attributes.get("content") or "")
        if tag not in VOID:
            classes = (attributes.get("class") or "").split()
            self.stack.append((tag, tag in SKIPPED or "prose" in classes))

    def handle_startendtag(self, tag, attrs):
        if not self._skipping():
            self.texts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.texts.append(data)


_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")


def _without_messages(page_html: str) -> str:
    """The page with every translated message taken out, markup and all (a message may
    hold a link or <strong>; a translation holds the values filled into it)."""
    while True:  # innermost first
        stripped = _MARKED.sub("  ", page_html)
        if stripped == page_html:
            return stripped
        page_html = stripped


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


class _Content:
    """The atlas' own texts (its export), the site's name and description, and the month
    names Babel writes in the pseudo-language. A text shown whole, or any run of its words
    (a drawing wraps a long name over lines and cuts the last one with …), is content."""

    def __init__(self, site: Path, config: dict, content_dir: Path):
        texts = {config["site_name"], config["site_description"],
                 *get_month_names("wide", locale=PSEUDO).values()}
        # Ordinary Markdown pages (not in the export) are titled by their first heading.
        for page in content_dir.rglob("*.md"):
            texts.update(line[2:] for line in page.read_text(encoding="utf-8").splitlines()
                         if line.startswith("# "))

        def walk(value):
            if isinstance(value, str):
                texts.add(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        walk(json.loads((site / "atlas.json").read_text(encoding="utf-8")))
        self.runs: set[tuple[str, ...]] = set()
        self.prefixes: set[tuple[str, ...]] = set()  # a run whose last word is cut short
        for text in texts:
            words = tuple(_WORD.findall(text))
            for start in range(len(words)):
                for end in range(start + 1, len(words) + 1):
                    run = words[start:end]
                    self.runs.add(run)
                    self.prefixes.update(run[:-1] + (run[-1][:cut],)
                                         for cut in range(1, len(run[-1])))

    def holds(self, words: tuple[str, ...], cut: bool) -> bool:
        return words in self.runs or (cut and words in self.prefixes)


_FILE_NAME = re.compile(r"^[\w./-]+\.(md|yml)$")


def _left_over(text: str, content: _Content) -> str:
    """What of a shown text is neither a translated message (taken out already) nor
    content: the words of each stretch between punctuation must be a run of some content."""
    left = []
    if _FILE_NAME.match(text.strip()):  # where a page comes from: content/journeys/….yml
        return ""
    for stretch in re.split(r"[·;:,.!?()“”\"«»/|–—+=›]+|\s{2,}", text):
        words = tuple(_WORD.findall(stretch))
        if words and not content.holds(words, cut=stretch.rstrip().endswith("…")):
            left.append(" ".join(words))
    return "; ".join(left)


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory, template) -> Path:
    work = tmp_path_factory.mktemp("pseudo")
    shutil.copytree(SAMPLE, work / "content")
    _pseudo_catalogue(template, work / "overrides")
    site = work / "site"
    result = build(work / "content", site, settings={"theme": {
        "name": "journey-atlas", "locale": PSEUDO, "custom_dir": str(work / "overrides")}})
    assert result.returncode == 0, result.stderr
    return site


def test_no_interface_word_escapes_the_catalogues(pseudo_site):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    content = _Content(pseudo_site, config, SAMPLE)
    escaped: dict[str, set[str]] = {}
    pages = sorted(pseudo_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        if "pagefind" in page.parts:
            continue
        reader = _ShownText()
        reader.feed(_without_messages(page.read_text(encoding="utf-8")))
        for text in reader.texts:
            left = _left_over(text, content)
            if left:
                escaped.setdefault(" ".join(left.split()), set()).add(
                    str(page.relative_to(pseudo_site)))
    report = [f"{text!r} on {len(where)} pages, e.g. {sorted(where)[0]}"
              for text, where in sorted(escaped.items())]
    assert not report, f"{len(report)} texts outside the catalogues:\n" + "\n".join(report[:60])
    words = (pseudo_site / "assets" / "words.js").read_text(encoding="utf-8")
    values = json.loads(words[words.index("{"):words.rindex("}") + 1])
    assert values and all(v.startswith(OPEN) for v in values.values())


def test_the_page_says_its_language(pseudo_site):
    stage = (pseudo_site / "journeys/adopting-fieldline/stages/setting-up/index.html"
             ).read_text(encoding="utf-8")
    assert f'<html lang="{PSEUDO}"' in stage
    assert f"{OPEN}Who does what{CLOSE}" in stage


# --- A real language, end to end -------------------------------------------------------------

@pytest.fixture(scope="module")
def french_site(language_site) -> Path:
    return language_site("fr")


def test_a_french_site_speaks_french_everywhere(french_site):
    """The page shell, the page templates, Python's word lists, plurals, dates and the
    browser script's words all come from the French catalogue."""
    ui = i18n.Interface("fr")
    stage = (french_site / "journeys/adopting-fieldline/stages/setting-up/index.html"
             ).read_text(encoding="utf-8")
    assert '<html lang="fr" data-journey-atlas>' in stage
    for english in ("Who does what", "Skip to content", "Responsible", "Pain points"):
        french = ui.gettext(english)
        assert french != english
        assert html.escape(french, quote=False) in stage, english
        assert f">{english}<" not in stage
    assert html.escape(ui.counted(5, "stage"), quote=False) in stage
    home = (french_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
                     r"octobre|novembre|décembre) \d{4}", home + stage)
    words = (french_site / "assets" / "words.js").read_text(encoding="utf-8")
    assert json.dumps(ui.gettext("This is me"), ensure_ascii=False) in words


def test_an_arabic_site_runs_right_to_left(language_site):
    site = language_site("ar")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl" data-journey-atlas>' in home
    assert i18n.Interface("ar").gettext("Journeys") in home


# --- One site per language ---------------------------------------------------------------------

_ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')


def test_each_language_is_a_site_with_the_same_pages(bilingual_site):
    english = {p.relative_to(bilingual_site).as_posix() for p in bilingual_site.rglob("*.html")
               if p.relative_to(bilingual_site).parts[0] != "fr"}
    french = {p.relative_to(bilingual_site / "fr").as_posix()
              for p in (bilingual_site / "fr").rglob("*.html")}
    assert len(english) > 50 and english == french
    stage = "journeys/adopting-fieldline/stages/setting-up/index.html"
    assert '<html lang="en"' in (bilingual_site / stage).read_text(encoding="utf-8")
    assert '<html lang="fr"' in (bilingual_site / "fr" / stage).read_text(encoding="utf-8")
    # Search per language: each site has its own index, of its own pages.
    for site, language in ((bilingual_site, "en"), (bilingual_site / "fr", "fr")):
        entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == [language]
        assert (site / "atlas.json").is_file()


def test_every_page_names_itself_in_every_language(bilingual_site):
    """hreflang alternates and the switcher's links lead to the same page in each language."""
    pages = [p for p in bilingual_site.rglob("*.html") if p.name != "404.html"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        alternates = dict(_ALTERNATE.findall(text))
        assert set(alternates) == {"en", "fr"}, page
        in_site = page.relative_to(bilingual_site).as_posix()
        own = in_site[3:] if in_site.startswith("fr/") else in_site
        for language, href in alternates.items():
            target = (page.parent / href).resolve()
            target = target / "index.html" if target.is_dir() else target
            expected = bilingual_site / ("fr/" if language == "fr" else "") / own
            assert target == expected.resolve(), (page, language, href)
            assert f'<a href="{href}" lang="{language}" hreflang="{language}"' in text


def test_a_language_the_theme_does_not_speak_is_a_clear_error(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "content")
    result = build(tmp_path / "content", tmp_path / "site", settings={
        "plugins": [{"journey-atlas": {"languages": ["en", "xx", "en"]}}]})
    assert result.returncode != 0
    assert "mkdocs.yml, plugin journey-atlas" in result.stderr
    assert "'xx' is not a language code" in result.stderr
    assert "'en' is listed twice" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
