"""Translated content: a translation beside its original, holding only its words.

`stages/back-to-work.fr.md` translates `stages/back-to-work.md`; `journey.fr.yml`,
`atlas.fr.yml`, `glossary.fr.yml` and `kpis.fr.yml` translate those files. A translation
gives text fields only (the schema's `Field.translatable`); structure (roles and RACI
letters, scores, figures, stage order, ids) always comes from the original, so one
translation can never make the sites of two languages disagree on the map itself.

A text a translation does not give is shown as written in the original, marked with the
original's language: `Untranslated` values carry it to the page, where `mark_untranslated`
turns it into `<span lang="en">` in running text (and drops the mark where no element may
go: attributes, titles, drawings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from markupsafe import escape

from .problems import ProblemList
from .schema import CheckContext, Id, ListOf, Record, Spec, Text, describe, nearest
from .sources import Document, listing

# `<id>.<language>.<suffix>`: ids have no dots, so a dot in a file's stem marks a
# translation. Languages as BCP 47 writes the common ones: fr, pt-BR, zh-Hant.
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")


def split_name(stem: str) -> tuple[str, str] | None:
    """('back-to-work', 'fr') for the stem 'back-to-work.fr'; None for an original's."""
    base, dot, language = stem.rpartition(".")
    if not dot or not base:
        return None
    return base, language


def is_language_tag(text: str) -> bool:
    return _LANGUAGE.fullmatch(text) is not None


def is_language(text: str) -> bool:
    """Whether `text` names a language CLDR knows (fr, pt_BR), not just looks like one."""
    if not is_language_tag(text):
        return False
    try:
        Locale.parse(text.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


# --- values that say what they are ------------------------------------------------------

# Private-use characters around an untranslated value in rendered HTML, until
# `mark_untranslated` makes them a mark (or nothing): a value cannot know where it lands.
_OPEN, _LANG_END, _CLOSE = "\ue000", "\ue001", "\ue002"


class Untranslated(str):
    """A text shown as the original writes it: no translation gives it yet."""

    lang: str = ""

    def __new__(cls, text: str, lang: str):
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __html__(self) -> str:
        return f"{_OPEN}{self.lang}{_LANG_END}{escape(str(self))}{_CLOSE}"


class Translated(str):
    """A translated text that remembers the original's words (a channel's icon is chosen
    from the words as the original writes them)."""

    original: str = ""

    def __new__(cls, text: str, original: str):
        made = super().__new__(cls, text)
        made.original = original
        return made


def original_words(text: str | None) -> str | None:
    return getattr(text, "original", text)


_TAG = re.compile(r"<[^>]*>")
# Where an element may not go: a mark there is dropped and the words stay.
_NO_ELEMENTS = re.compile(r"<(title|svg|option|textarea|script|style)\b.*?</\1>", re.S)
_MARKED = re.compile(f"{_OPEN}([^{_LANG_END}]*){_LANG_END}")


def _unmarked(text: str) -> str:
    return _MARKED.sub("", text).replace(_CLOSE, "")


def mark_untranslated(html: str, note: str) -> tuple[str, int]:
    """The page with each untranslated value in running text marked with its language (and
    `note` as its tooltip), and how many were marked."""
    if _OPEN not in html:
        return html, 0
    html = _TAG.sub(lambda m: _unmarked(m.group()) if _OPEN in m.group() else m.group(), html)
    html = _NO_ELEMENTS.sub(lambda m: _unmarked(m.group()) if _OPEN in m.group()
                            else m.group(), html)
    note_attr = escape(note)
    marked, count = _MARKED.subn(
        lambda m: f'<span class="untranslated" lang="{escape(m.group(1))}" title="{note_attr}">',
        html)
    return marked.replace(_CLOSE, "</span>"), count


class Marks:
    """What a page in another language says of the texts it shows untranslated."""

    def __init__(self, interface, source_language: str):
        from .i18n import N_  # noqa: F401 (the extractor reads the messages below)
        language = interface.language_name(source_language)
        self.source_language = source_language
        # Translators: the tooltip of a text shown in the language it was first written in.
        self.tooltip = interface.gettext("Not yet translated")
        # Translators: at the top of a page in which some texts are not yet translated;
        # "language" is the one they show in, e.g. "English".
        self.page_note = interface.gettext(
            "Parts of this page are not yet translated: they show in %(language)s, as "
            "first written, underlined with dots.", language=language)
        # Translators: above a page's whole text, shown in the language it was first written in.
        self.text_note = interface.gettext(
            "This text is not yet translated: it shows in %(language)s, as first written.",
            language=language)

    def text(self, html: str) -> str:
        """A whole text (a page's Markdown) shown as the original writes it."""
        return (f'<p class="untranslated-note">{escape(self.text_note)}</p>'
                f'<div class="untranslated-text" lang="{escape(self.source_language)}">'
                f"{html}</div>")

    def content(self, html: str) -> str:
        """A page's content, its untranslated values marked; the page note after its
        heading when there are any."""
        html, count = mark_untranslated(html, self.tooltip)
        if not count:
            return html
        note = f'<p class="untranslated-note">{escape(self.page_note)}</p>'
        heading_end = html.find("</h1>")
        if heading_end < 0:
            return note + html
        heading_end += len("</h1>")
        return html[:heading_end] + note + html[heading_end:]

    def shell(self, html: str) -> str:
        """The page around the content (navigation, breadcrumbs, drawings)."""
        return mark_untranslated(html, self.tooltip)[0]


# --- checking a translation against its original ----------------------------------------

@dataclass
class Coverage:
    """How much of one language's content is translated: texts given, of those there are."""

    given: int = 0
    total: int = 0
    files_missing: list[str] = field(default_factory=list)  # originals with no translation

    def add(self, other: "Coverage") -> None:
        self.given += other.given
        self.total += other.total

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.given / self.total)


def untranslated(record: Record, original: dict, lang: str) -> tuple[dict, Coverage]:
    """The original's data with every text marked untranslated (no translation file)."""
    merged, coverage = {}, Coverage()
    for key, value in original.items():
        f = record.fields.get(key)
        merged[key] = _all_untranslated(f.spec, value, lang, coverage) if (
            f is not None and f.translatable) else value
    return merged, coverage


def _all_untranslated(spec: Spec, value: Any, lang: str, coverage: Coverage) -> Any:
    if isinstance(value, str) and _is_text(spec):
        coverage.total += 1
        return Untranslated(value, lang)
    if isinstance(spec, ListOf) and isinstance(value, list):
        return [_all_untranslated(spec.item, item, lang, coverage) for item in value]
    if isinstance(spec, Record) and isinstance(value, dict):
        return untranslated_into(spec, value, lang, coverage)
    return value


def untranslated_into(record: Record, value: dict, lang: str, coverage: Coverage) -> dict:
    merged, more = untranslated(record, value, lang)
    coverage.add(more)
    return merged


def _is_text(spec: Spec) -> bool:
    return type(spec) is Text


class TranslationCheck:
    """Checks one translation file against its original's checked data and merges them."""

    def __init__(self, doc: Document, original_file: str, lang: str, source_lang: str,
                 problems: ProblemList):
        self.doc = doc
        self.original_file = original_file
        self.lang = lang
        self.source_lang = source_lang  # the original's language (the atlas' first)
        self.problems = problems
        self.ctx = CheckContext(doc, problems, [])  # references are the original's to make
        self.coverage = Coverage()
        self.missing: list[str] = []  # what it leaves untranslated, e.g. 'gaps #2 › title'

    def merge(self, record: Record, original: dict) -> dict:
        given = self.doc.data if self.doc.data is not None else {}
        if not isinstance(given, dict):
            self.ctx.error((), f"expected a mapping of text fields, got {describe(given)}")
            return untranslated_into(record, original, self.source_lang, self.coverage)
        return self._record(record, original, given, ())

    def _record(self, record: Record, original: dict, given: dict, at: tuple) -> dict:
        texts = [k for k, f in record.fields.items() if f.translatable]
        merged = dict(original)
        for key, value in given.items():
            f = record.fields.get(key) if isinstance(key, str) else None
            if f is None:
                near = nearest(str(key), texts)
                hint = (f"did you mean '{near[0]}'?" if near else
                        f"a translation of a {record.name} gives {_listed(texts)}")
                self.ctx.error(at + (key,), f"unknown key '{key}' in {record.name}; {hint}",
                               key=True)
            elif not f.translatable:
                self.ctx.error(at + (key,), f"'{key}' is not text: it comes from the "
                               f"original, {self.original_file}; a translation of a "
                               f"{record.name} gives only {_listed(texts)}", key=True)
        for key in texts:
            if key not in original:
                if given.get(key) is not None:
                    self.problems.warning(self.doc.path, self.doc.key_line(at + (key,)),
                                          f"'{key}' is not in the original, "
                                          f"{self.original_file}; it shows once the original "
                                          "has it", self.doc.column(at + (key,), True))
                continue
            merged[key] = self._value(record.fields[key].spec, original[key], given.get(key),
                                      at + (key,))
        return merged

    def _value(self, spec: Spec, original: Any, given: Any, at: tuple) -> Any:
        if given is None:  # not translated yet (or `key:` left empty)
            self.missing.append(_where(at))
            return _all_untranslated(spec, original, self.source_lang, self.coverage)
        if _is_text(spec):
            checked = spec.check(given, at, self.ctx)
            if not checked:  # wrong (told) or blank: the original's words
                self.missing.append(_where(at))
                return _all_untranslated(spec, original, self.source_lang, self.coverage)
            self.coverage.given += 1
            self.coverage.total += 1
            return Translated(checked, original)
        if isinstance(spec, Record):
            if spec.shorthand and isinstance(given, str):
                given = {spec.shorthand: given}
            if not isinstance(given, dict):
                self.ctx.error(at, f"expected the {spec.name}'s text fields as a mapping, got "
                                   f"{describe(given)}")
                return _all_untranslated(spec, original, self.source_lang, self.coverage)
            return self._record(spec, original, given, at)
        if isinstance(spec, ListOf):
            return self._list(spec, original, given, at)
        return original

    def _list(self, spec: ListOf, original: list, given: Any, at: tuple) -> list:
        if spec.accept_single and isinstance(given, str):
            given = [given]
        if not isinstance(given, list):
            self.ctx.error(at, f"expected a list (one '- item' per line), got {describe(given)}")
            return _all_untranslated(spec, original, self.source_lang, self.coverage)
        key = _id_key(spec.item)
        if key:  # items with ids (lifecycle phases, measures): matched by id
            return self._by_id(spec.item, key, original, given, at)
        if len(given) != len(original):
            self.problems.warning(
                self.doc.path, self.doc.key_line(at),
                f"{_where(at)}: {len(given)} item{'s' * (len(given) != 1)} here, "
                f"{len(original)} in the original, {self.original_file}; items are matched "
                "in order, so these show untranslated until the counts agree",
                self.doc.column(at, True))
            self.missing.append(_where(at))
            # Its items are still checked: structure set in one is an error all the same.
            probe = TranslationCheck(self.doc, self.original_file, self.lang,
                                     self.source_lang, self.problems)
            for i, (o, g) in enumerate(zip(original, given)):
                probe._value(spec.item, o, g, at + (i,))
            return _all_untranslated(spec, original, self.source_lang, self.coverage)
        return [self._value(spec.item, o, g, at + (i,))
                for i, (o, g) in enumerate(zip(original, given))]

    def _by_id(self, record: Record, key: str, original: list, given: list,
               at: tuple) -> list:
        ids = [item.get(key) for item in original]
        found: dict[str, tuple[int, dict]] = {}
        for i, item in enumerate(given):
            item_id = item.get(key) if isinstance(item, dict) else None
            if not isinstance(item_id, str) or item_id not in ids:
                near = nearest(str(item_id), [i for i in ids if i])
                hint = (f"did you mean '{near[0]}'?" if near else
                        f"the original's are: {_listed([i for i in ids if i])}")
                what = (f"'{key}: {item_id}' names no {record.name} of the original; {hint}"
                        if item_id is not None else
                        f"expected '{key}:' naming which {record.name} of the original "
                        "this translates")
                self.ctx.error(at + (i,), what)
                continue
            found[item_id] = (i, {k: v for k, v in item.items() if k != key})
        merged = []
        for item in original:
            index, text = found.get(item.get(key), (None, None))
            if text is None:
                self.missing.append(f"{_where(at)} '{item.get(key)}'")
                merged.append(_all_untranslated(record, item, self.source_lang, self.coverage))
            else:
                merged.append(self._value(record, item, text, at + (index,)))
        return merged

    def body(self, original: str) -> str:
        if not original.strip():
            return original
        self.coverage.total += 1
        if self.doc.body.strip():
            self.coverage.given += 1
            return Translated(self.doc.body, original)
        self.missing.append("the text after the front matter")
        return Untranslated(original, self.source_lang)


def untranslated_body(original: str, lang: str, coverage: Coverage) -> str:
    if not original.strip():
        return original
    coverage.total += 1
    return Untranslated(original, lang)


def _id_key(spec: Spec) -> str | None:
    if isinstance(spec, Record):
        return next((k for k, f in spec.fields.items() if isinstance(f.spec, Id)), None)
    return None


def _where(at: tuple) -> str:
    return " › ".join(f"#{p + 1}" if isinstance(p, int) else str(p) for p in at
                      ).replace(" › #", " #")


def _listed(keys: list[str]) -> str:
    return ", ".join(keys) if keys else "nothing"


def translation_paths(folder: Path, suffix: str) -> dict[tuple[str, str], Path]:
    """The translations in `folder`: (original's stem, language) -> file."""
    found = {}
    for name, is_file, _ in listing(folder):
        if is_file and name.endswith(suffix) and (split := split_name(name[:-len(suffix)])):
            found[split] = folder / name
    return found


def page_translations(src_uris, languages) -> dict[str, tuple[str, str]]:
    """Ordinary pages' translations among `src_uris`: translation -> (original, language),
    for each `about.fr.md` beside an `about.md` in a language (any other dotted name is a
    page of its own: `release-2.1.md`). Those in none of the atlas' other languages are
    not published (an atlas in one language keeps its translations for later)."""
    present = set(src_uris)
    found = {}
    for src in src_uris:
        folder, _, name = src.rpartition("/")
        stem, dot, suffix = name.rpartition(".")
        split = split_name(stem) if dot else None
        if not split or (split[1] not in languages[1:] and not is_language(split[1])):
            continue
        original = f"{folder}/{split[0]}.{suffix}" if folder else f"{split[0]}.{suffix}"
        if original in present:
            found[src] = (original, split[1])
    return found
