"""The interface's languages: message catalogues, and numbers and dates as each language
writes them.

Every word the theme prints (not the atlas' own content) is an English message marked in
the templates (`{% trans %}`, `_()`, `ngettext()`) or in Python (`N_()` on the word lists,
translated once per build). Each language's catalogue is `theme/locales/<lang>/LC_MESSAGES/
messages.po`, with its compiled `messages.mo` beside it: the form MkDocs' own themes ship,
which MkDocs loads for the theme's `locale` (and warns where there is none). The `.po` is
the source; `python -m journey_atlas.i18n` extracts the messages into `messages.pot`,
merges them into every catalogue and compiles each `.mo` (a test fails when any is out of
date or any message lacks a translation).

English is the source language and has no catalogue; its numbers and dates are written
the British way ("3 December 2026", "1,046"), as the interface always wrote them.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import sys
from collections.abc import Mapping, Sequence

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from markupsafe import Markup

SOURCE_LANGUAGE = "en"
DOMAIN = "messages"
# Where the catalogues are: the theme's folder in a checkout (site_builder/ beside theme/),
# journey_atlas/theme/ once installed.
_HERE = os.path.dirname(os.path.abspath(__file__))
_INSTALLED = os.path.join(_HERE, "theme", "locales")
LOCALES_DIR = (_INSTALLED if os.path.isdir(_INSTALLED)
               else os.path.join(os.path.dirname(_HERE), "theme", "locales"))
# Numbers and dates of the source language, as the English interface writes them.
_FORMAT_LOCALE = {"en": "en_GB"}
# How the extractor reads the templates: as the page templates are compiled (pages.py).
JINJA_OPTIONS = {"trim_blocks": "True", "lstrip_blocks": "True",
                 "extensions": "jinja2.ext.i18n"}


def N_(message: str) -> str:
    """Marks a message to translate later (a word list declared in Python): the extractor
    finds it, and the list is translated for each build's language (`translated`)."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with its plural, to translate later (as `N_`)."""
    return singular, plural


# What the interface counts, as `fragment.plural(count, noun)` writes it ("3 stages").
COUNTED = {
    "stage": Nn_("%(num)s stage", "%(num)s stages"),
    "moment": Nn_("%(num)s moment", "%(num)s moments"),
    "pivotal moment": Nn_("%(num)s pivotal moment", "%(num)s pivotal moments"),
    "pain point": Nn_("%(num)s pain point", "%(num)s pain points"),
    "month": Nn_("%(num)s month", "%(num)s months"),
    "day": Nn_("%(num)s day", "%(num)s days"),
    "minute": Nn_("%(num)s minute", "%(num)s minutes"),
    "gap": Nn_("%(num)s gap", "%(num)s gaps"),
    "open gap": Nn_("%(num)s open gap", "%(num)s open gaps"),
    "team": Nn_("%(num)s team", "%(num)s teams"),
    "role": Nn_("%(num)s role", "%(num)s roles"),
    "journey": Nn_("%(num)s journey", "%(num)s journeys"),
    "more journey": Nn_("%(num)s more journey", "%(num)s more journeys"),
    "stop": Nn_("%(num)s stop", "%(num)s stops"),
    "reading": Nn_("%(num)s reading", "%(num)s readings"),
    "question": Nn_("%(num)s question", "%(num)s questions"),
    "page": Nn_("%(num)s page", "%(num)s pages"),
}


def shipped_languages(locales_dir: str | None = None) -> list[str]:
    """The languages with a catalogue, and English."""
    folder = locales_dir or LOCALES_DIR
    found = sorted(name for name in os.listdir(folder)
                   if os.path.isfile(os.path.join(folder, name, "LC_MESSAGES", DOMAIN + ".po"))
                   ) if os.path.isdir(folder) else []
    return [SOURCE_LANGUAGE] + [name for name in found if name != SOURCE_LANGUAGE]


class Interface:
    """One language of the interface: its messages, numbers and dates.

    The messages come from `locales/` in each of the theme's folders, as MkDocs finds its
    themes' (a `custom_dir` can add a language or reword a message): the theme's first, then
    each folder above it, whose messages win."""

    def __init__(self, locale: str = SOURCE_LANGUAGE, theme_dirs: Sequence[str] = ()):
        self.locale = str(locale or SOURCE_LANGUAGE).replace("-", "_")
        self.language = self.locale.split("_")[0]
        self.translations = _merged_translations(self.locale, tuple(theme_dirs) or
                                                 (os.path.dirname(LOCALES_DIR),))
        try:
            self.format_locale = Locale.parse(_FORMAT_LOCALE.get(self.locale, self.locale))
        except (UnknownLocaleError, ValueError):
            self.format_locale = Locale.parse(_FORMAT_LOCALE[SOURCE_LANGUAGE])
        self.rtl = self.format_locale.character_order == "right-to-left"
        # The same few numbers (stage numbers, counts) are written thousands of times a
        # build, and Babel's formatting is slow: each value is formatted once.
        self.number = functools.lru_cache(maxsize=4096, typed=True)(self._number)

    def gettext(self, message: str, **values) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values) -> str:
        text = self.translations.ngettext(singular, plural, count)
        return text % dict(values, num=self.number(count))

    def counted(self, count: int, noun: str) -> str:
        """"3 stages": a count of one of the `COUNTED` nouns."""
        singular, plural = COUNTED[noun]
        return self.ngettext(singular, plural, count)

    def _number(self, value: int | float) -> str:
        return format_decimal(value, locale=self.format_locale)

    def date(self, day: dt.date) -> str:
        """A date in words: "3 December 2026", "3 décembre 2026"."""
        text = format_date(day, format="long", locale=self.format_locale)
        if self.language == "fr" and day.day == 1 and text.startswith("1 "):
            return "1er" + text[1:]  # French writes the first of the month "1er" (CLDR: 1)
        return text

    def language_name(self, language: str) -> str:
        """Another language as this one names it mid-sentence: "anglais", "Englisch"."""
        try:
            return Locale.parse(language.replace("-", "_")).get_display_name(
                self.format_locale) or language
        except (UnknownLocaleError, ValueError):
            return language

    def words(self, words: Mapping) -> dict:
        """A word list declared in Python (with `N_`), in this language."""
        return {key: self.gettext(value) for key, value in words.items()}

    def install(self, env) -> None:
        """Gives a Jinja environment this language: `_`, `gettext`, `ngettext` and
        `{% trans %}` (new style: values are escaped, the translation is not)."""
        if "jinja2.ext.InternationalizationExtension" not in env.extensions:
            env.add_extension("jinja2.ext.i18n")
        install_translations(env, self.translations)


def install_translations(env, translations) -> None:
    """`translations` in a Jinja environment with the i18n extension, new style: a message
    is marked safe and always formatted with `%` (so `%%` is `%`), the values given with it
    escaped. Jinja's own callables do this through three nested context calls, a new Markup
    and a formatting for each of the sixty messages of a page; these make each message's
    Markup once per build and call straight through (same output)."""
    env.install_gettext_translations(translations, newstyle=True)  # pgettext and the rest
    made: dict[str, Markup] = {}
    plain: dict[str, Markup] = {}

    def gettext(message: str, /, **values) -> Markup:
        if not values:  # formatted once: "%%" is "%"
            text = plain.get(message)
            if text is None:
                text = plain[message] = Markup(translations.gettext(message)) % {}
            return text
        text = made.get(message)
        if text is None:
            text = made[message] = Markup(translations.gettext(message))
        return text % values

    def ngettext(singular: str, plural: str, count: int, /, **values) -> Markup:
        values.setdefault("num", count)
        return Markup(translations.ngettext(singular, plural, count)) % values

    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)


_SOURCE = NullTranslations()  # one object: the page templates are compiled once per language


def _merged_translations(locale: str, theme_dirs: tuple[str, ...]):
    if locale.split("_")[0] == SOURCE_LANGUAGE:
        return _SOURCE
    files = [os.path.join(d, "locales", lang, "LC_MESSAGES", DOMAIN + ".mo")
             for d in reversed(theme_dirs) for lang in dict.fromkeys((locale,
                                                                     locale.split("_")[0]))]
    stamps = tuple((path, os.stat(path).st_mtime_ns) for path in files if os.path.isfile(path))
    return _load(locale, theme_dirs, stamps)


@functools.lru_cache(maxsize=16)
def _load(locale: str, theme_dirs: tuple[str, ...], stamps: tuple):
    """(`stamps`: the catalogues' files and times, so a changed one is read again.)"""
    merged = _SOURCE
    for theme_dir in reversed(theme_dirs):
        found = Translations.load(os.path.join(theme_dir, "locales"), [locale], domain=DOMAIN)
        if type(found) is NullTranslations:
            continue
        if type(merged) is NullTranslations:
            merged = found
        else:
            merged.merge(found)
    return merged


@functools.lru_cache(maxsize=64)  # asked for by every page's language switcher
def native_name(language: str) -> str:
    """A language as its readers name it, for a switcher: "Français", "Deutsch", "العربية"."""
    try:
        name = Locale.parse(language.replace("-", "_")).get_display_name(language) or language
    except (UnknownLocaleError, ValueError):
        return language
    return name[:1].upper() + name[1:]


def check_languages(languages, theme_dirs: Sequence[str] = ()) -> list[str]:
    """What is wrong with the plugin's `languages:` list (empty: nothing)."""
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        return ["languages: expected a list of language codes, e.g. [en, fr]"]
    problems, seen = [], set()
    speaks = set(shipped_languages())
    for theme_dir in theme_dirs:
        speaks.update(shipped_languages(os.path.join(theme_dir, "locales")))
    for language in languages:
        code = language.replace("-", "_")
        if code in seen:
            problems.append(f"languages: {language!r} is listed twice")
        seen.add(code)
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            problems.append(f"languages: {language!r} is not a language code (e.g. en, fr, pt_BR)")
            continue
        if code.split("_")[0] not in speaks and code not in speaks:
            problems.append(f"languages: the theme has no catalogue for {language!r} (it speaks "
                            f"{', '.join(sorted(speaks))}; a custom_dir can add one)")
    return problems


def language_links(languages: Sequence[str], current: str, page_url: str
                   ) -> list[tuple[str, str, str]]:
    """The same page in each language, as (language, its own name, address relative to this
    page): the first language's site at the root, each other's under /<language>/, with the
    same paths."""
    folder = page_url.rsplit("/", 1)[0] if "/" in page_url else ""
    to_own_root = "../" * (folder.count("/") + 1 if folder else 0)
    to_root = to_own_root + ("../" if current != languages[0] else "")
    links = []
    for language in languages:
        prefix = "" if language == languages[0] else language + "/"
        links.append((language, native_name(language), (to_root + prefix + page_url) or "./"))
    return links


@functools.cache
def english() -> Interface:
    """The interface in English, the source language: what a function that composes words
    speaks when no build's `ui` (PageRenderer.interface) is given."""
    return Interface()


# --- Catalogue upkeep (for the theme's maintainers; needs nothing but Babel) -------------

def extract():
    """Every message of the interface, from the theme's templates and the Python that
    declares words, as a Babel catalogue (the `.pot`)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    root = os.path.dirname(_HERE)  # a checkout: the templates and the Python side by side
    catalog = Catalog(project="Journey Atlas", domain=DOMAIN, fuzzy=False,
                      charset="utf-8", creation_date=dt.datetime(2026, 1, 1),
                      revision_date=dt.datetime(2026, 1, 1))
    sources = [
        ("theme", [("**.html", "jinja2"), ("**.js", "javascript")]),
        ("site_builder", [("**.py", "python")]),
    ]
    options = {"**.html": JINJA_OPTIONS}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "Nn_": (1, 2),
                "tr": None}
    for folder, method_map in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
                os.path.join(root, folder), method_map, options_map=options,
                keywords=keywords, comment_tags=("Translators:",), strip_comment_tags=True):
            catalog.add(message, None, [(f"{folder}/{filename}", lineno)],
                        auto_comments=comments, context=context)
    return catalog


def update(locales_dir: str = LOCALES_DIR) -> list[str]:
    """Writes `messages.pot`, merges it into each catalogue and compiles each `.mo`.
    Returns what it wrote."""
    from babel.messages.pofile import read_po, write_po

    template = extract()
    written = [os.path.join(locales_dir, DOMAIN + ".pot")]
    _write_if_changed(written[0], _po_bytes(template, write_po))
    for language in shipped_languages(locales_dir)[1:]:
        po_path = os.path.join(locales_dir, language, "LC_MESSAGES", DOMAIN + ".po")
        with open(po_path, "rb") as f:
            catalog = read_po(f, locale=language)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        _write_if_changed(po_path, _po_bytes(catalog, write_po))
        _write_if_changed(po_path[:-3] + ".mo", compiled(catalog))
        written += [po_path, po_path[:-3] + ".mo"]
    return written


def compiled(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _po_bytes(catalog, write_po) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=96, omit_header=False, sort_output=False,
             sort_by_file=False, ignore_obsolete=True, include_previous=False)
    return out.getvalue()


def _write_if_changed(path: str, data: bytes) -> None:
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return
    except FileNotFoundError:
        pass
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":  # python -m journey_atlas.i18n
    for path in update():
        print(path)
    sys.exit(0)
