"""The authoring format, declared once.

Each content kind is a `Record` of fields. The same declarations check content
(`check`) and describe it to people and tools, so the validator and the documentation
of the format cannot drift apart.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .problems import ProblemList
from .sources import Document


# --- value specifications ---------------------------------------------------------------

class Spec:
    expected: str = "a value"

    def check(self, value: Any, at: tuple, ctx: "CheckContext") -> Any:
        raise NotImplementedError


@dataclass
class Text(Spec):
    expected: str = "text"

    def check(self, value, at, ctx):
        if not isinstance(value, str):  # YAML read a number, date or boolean: keep the text
            value = ctx.written(value, at)
        if isinstance(value, bool):
            ctx.error(at, f"expected {self.expected}, got the YAML boolean {str(value).lower()}; "
                          "put the words in quotes if you meant them as text")
            return None
        if isinstance(value, (int, float, _dt.date)):
            return str(value)
        if not isinstance(value, str):
            ctx.error(at, f"expected {self.expected}, got {describe(value)}")
            return None
        return value.strip()


@dataclass
class Ref(Text):
    """An id that must name an existing entity of `kind` (checked once all files are read)."""

    kind: str = "role"
    expected: str = "an id"

    def check(self, value, at, ctx):
        text = super().check(value, at, ctx)
        if text is not None:
            ctx.refs.append((self.kind, text, ctx.doc.path, ctx.doc.line(at), ctx.doc.column(at)))
        return text


@dataclass
class Id(Text):
    """A new entity's id, written in a file rather than taken from its file name."""

    expected: str = "an id (lower-case letters, digits and single hyphens)"
    example: str = "first-contact-resolution"

    def check(self, value, at, ctx):
        text = super().check(value, at, ctx)
        if text is not None and not is_id(text):
            ctx.error(at, f"expected {self.expected}, e.g. '{self.example}', "
                          f"got {describe(text)}")
            return None
        return text


@dataclass
class Integer(Spec):
    minimum: int | None = None
    maximum: int | None = None

    @property
    def expected(self) -> str:  # type: ignore[override]
        if self.minimum is not None and self.maximum is not None:
            return f"a whole number from {self.minimum:,} to {self.maximum:,}"
        if self.minimum is not None:
            return f"a whole number of at least {self.minimum:,}"
        return "a whole number"

    def check(self, value, at, ctx):
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.error(at, f"expected {self.expected}, got {describe(value)}")
            return None
        if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum):
            ctx.error(at, f"expected {self.expected}, got {shown_number(value)}")
            return None
        return value


@dataclass
class Boolean(Spec):
    expected: str = "true or false"

    def check(self, value, at, ctx):
        if not isinstance(value, bool):
            ctx.error(at, f"expected {self.expected}, got {describe(value)}")
            return None
        return value


@dataclass
class Choice(Spec):
    values: tuple[str, ...] = ()

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.values)

    def check(self, value, at, ctx):
        if not isinstance(value, str) or value not in self.values:
            hint = ""
            if isinstance(value, str) and value.strip() in self.values:
                return value.strip()
            if isinstance(value, str):
                near = nearest(value, self.values)
                hint = f"; did you mean '{near[0]}'?" if near else ""
            ctx.error(at, f"expected {self.expected}, got {describe(value)}{hint}")
            return None
        return value


@dataclass
class ListOf(Spec):
    item: Spec = field(default_factory=Text)
    exact_length: int | None = None
    min_length: int | None = None
    # A lone text is accepted as a one-item list: authors naturally write one sentence.
    accept_single: bool = False

    @property
    def expected(self) -> str:  # type: ignore[override]
        size = f"{self.exact_length} " if self.exact_length else ""
        return f"a list of {size}items, each {self.item.expected}"

    def check(self, value, at, ctx):
        if self.accept_single and not isinstance(value, (list, dict)):
            value = [ctx.written(value, at)]
        if not isinstance(value, list):
            ctx.error(at, f"expected {self.expected} (one '- item' per line), got {describe(value)}")
            return None
        if self.exact_length is not None and len(value) != self.exact_length:
            ctx.error(at, f"expected exactly {self.exact_length} items, got {len(value)}")
        if self.min_length is not None and len(value) < self.min_length:
            ctx.error(at, f"expected at least {self.min_length} items, got {len(value)}")
        out = []
        for i, item in enumerate(value):
            if item is None:
                ctx.error(at + (i,), f"expected {self.item.expected}, got an empty item")
                continue
            checked = self.item.check(item, at + (i,), ctx)
            if checked is not None:
                out.append(checked)
        return out


@dataclass
class MapOf(Spec):
    """A mapping from ids (`key`) to values (`value`), e.g. roles: {csm: A}."""

    key: Spec = field(default_factory=Text)
    value: Spec = field(default_factory=Text)
    expected: str = "a mapping"

    def check(self, value, at, ctx):
        if not isinstance(value, dict):
            ctx.error(at, f"expected {self.expected} of {self.key.expected} to "
                          f"{self.value.expected}, got {describe(value)}")
            return None
        out = {}
        for k, v in value.items():
            key = self.key.check(k, at + (k,), ctx)
            checked = self.value.check(v, at + (k,), ctx) if v is not None else None
            if v is None:
                ctx.error(at + (k,), f"expected {self.value.expected} for '{k}', got nothing")
            if key is not None and checked is not None:
                out[key] = checked
        return out


@dataclass
class Number(Spec):
    """Any finite number, whole or not (a KPI's target: 80, 4.5)."""

    expected: str = "a number"

    def check(self, value, at, ctx):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            ctx.error(at, f"expected {self.expected}, got {describe(value)}")
            return None
        if not math.isfinite(value):
            ctx.error(at, f"expected {self.expected}, got {describe(value)}")
            return None
        return value


_DATE_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


@dataclass
class Date(Spec):
    expected: str = "a date written YYYY-MM-DD"

    # Review dates are added to: a date near year 9999 would overflow the calendar.
    first_year: int = 1900
    last_year: int = 2999

    def check(self, value, at, ctx):
        day = None
        if isinstance(value, _dt.datetime):
            day = value.date()
        elif isinstance(value, _dt.date):
            day = value
        elif isinstance(value, str):
            try:
                day = _dt.date.fromisoformat(value.strip())
            except ValueError:
                if _DATE_SHAPE.fullmatch(value.strip()):  # 2024-13-01, 2024-02-30
                    ctx.error(at, f"expected {self.expected}; {value.strip()} is not a day "
                                  "of the calendar")
                    return None
        if day is None:
            ctx.error(at, f"expected {self.expected}, got {describe(value)}")
        elif not self.first_year <= day.year <= self.last_year:
            ctx.error(at, f"expected {self.expected} between {self.first_year} and "
                          f"{self.last_year}, got {day.isoformat()}")
            day = None
        return day


@dataclass
class AnyValue(Spec):
    """Free data (`extra:`): anything JSON can hold, since it travels in atlas.json."""

    expected: str = "anything"

    def check(self, value, at, ctx):
        unfit = _not_json(value)
        if unfit:
            ctx.error(at, f"expected data that JSON can hold, got {unfit}")
            return None
        return value


def _not_json(value: Any) -> str | None:
    """What in `value` JSON cannot hold (binary data, NaN, infinity), or None."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return f"the number {value}"
    if isinstance(value, (bytes, bytearray)):
        return "binary data (!!binary)"
    if isinstance(value, (set, frozenset)):
        return "a set"
    if isinstance(value, dict):
        return next((found for v in value.values() if (found := _not_json(v))), None)
    if isinstance(value, list):
        return next((found for v in value if (found := _not_json(v))), None)
    return None


@dataclass
class Field:
    """One key of a content file: how it is checked, and everything derived from it (the
    model's attribute, the JSON Schema, "What changed", the CSV columns)."""

    spec: Spec
    required: bool = False
    doc: str = ""
    label: str = ""  # what readers call it, e.g. in "What changed"; default: the key
    default: Any = None  # the model's value when the key is not given
    # How "What changed" reports it: None, listed by its label among changed details; or
    # the name of a comparison of its own (compare.py: "raci", "gaps", "emotion", "order").
    change: str | None = None
    csv: str | None = None  # its CSV column's codec (export.CSV_CODECS); None: no column
    csv_column: str | None = None  # the column's name where the key would be ambiguous
    # Whether a translation may give it (site_builder/translations.py): None, derived from
    # the spec (plain text, a list of texts, a record with text in it); False for a text
    # that is structure (an id, a name other files match on).
    text: bool | None = None

    @property
    def translatable(self) -> bool:
        if self.text is not None:
            return self.text
        return _holds_text(self.spec)


def _holds_text(spec: Spec) -> bool:
    """Words a reader reads: plain Text (an id or a reference is not), or records holding it."""
    if isinstance(spec, ListOf):
        return _holds_text(spec.item)
    if isinstance(spec, Record):
        return any(f.translatable for f in spec.fields.values())
    return type(spec) is Text


@dataclass
class Record(Spec):
    name: str = "record"
    fields: dict[str, Field] = field(default_factory=dict)
    # A lone text stands for this field, e.g. a touchpoint written as just its name.
    shorthand: str | None = None
    title_key: str | None = None  # the field that names it (a rename is reported as such)
    model: type | None = None  # the dataclass made from it (see `model_of`)
    # Checks across its fields, each rule(data, at, ctx) run once every field is well formed.
    rules: tuple = ()

    def label(self, key: str) -> str:
        return self.fields[key].label or key.replace("_", " ")

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a {self.name} (a mapping with keys {', '.join(self.fields)})"

    def check(self, value, at, ctx):
        if self.shorthand and not isinstance(value, (dict, list)):
            value = ctx.written(value, at)  # `- 0x1F` as a touchpoint is its name as written
        if self.shorthand and isinstance(value, str):
            value = {self.shorthand: value}
        if not isinstance(value, dict):
            ctx.error(at, f"expected {self.expected}, got {describe(value)}")
            return None
        problems_before = len(ctx.problems.items)
        out: dict[str, Any] = {}
        for key, val in value.items():
            spec = self.fields.get(key) if isinstance(key, str) else None
            if spec is None:
                near = nearest(str(key), self.fields)
                hint = (f"did you mean '{near[0]}'?" if near
                        else f"valid keys are: {', '.join(self.fields)}")
                ctx.error(at + (key,), f"unknown key '{key}' in {self.name}; {hint} "
                                       "(custom data belongs under 'extra:')", key=True)
                continue
            if val is None:  # `key:` with nothing after it means "not given"
                continue
            checked = spec.spec.check(val, at + (key,), ctx)
            if spec.required and checked == "":  # `title: "  "`: a page with no name
                ctx.error(at + (key,), f"'{key}' is required in {self.name} but is blank")
                checked = None
            if checked is not None:
                out[key] = checked
        for key, spec in self.fields.items():
            if spec.required and value.get(key) is None:
                # Point at the record itself (line 1 for a whole file).
                line = ctx.doc.line(at) if at else ctx.doc.record_line
                if key in value:
                    ctx.error_at_line(ctx.doc.key_line(at + (key,)),
                                      f"'{key}' is required in {self.name} but is empty")
                else:
                    ctx.error_at_line(line, f"missing required key '{key}' in {self.name}"
                                            + (f" ({spec.doc})" if spec.doc else ""))
        if any(spec.required and key not in out for key, spec in self.fields.items()):
            return None  # reported above, or the value itself was wrong
        if not self.rules or len(ctx.problems.items) > problems_before:
            return out  # rules judge a record whose every field is well formed
        for rule in self.rules:
            rule(out, at, ctx)
        return out if len(ctx.problems.items) == problems_before else None


# --- the model: dataclasses made from the records -----------------------------------------

def model_of(record: Record):
    """Class decorator: a dataclass whose attributes are the record's fields, after the
    class's own attributes without a default (ids) and before those with one (body, source).
    An attribute the class declares itself wins over the field of the same name (a
    journey's `stages` are Stage objects, not ids)."""
    def decorate(cls):
        own = dict(cls.__dict__.get("__annotations__", {}))
        defaulted = {k: v for k, v in own.items() if k in cls.__dict__}
        annotations = {k: v for k, v in own.items() if k not in defaulted}
        content = [(k, f) for k, f in record.fields.items() if k not in own]
        for key, f in sorted(content, key=lambda item: not item[1].required):
            annotations[key] = "Any"
            if not f.required:
                setattr(cls, key, _model_default(f))
        annotations.update(defaulted)
        cls.__annotations__ = annotations
        record.model = dataclass(cls)
        return record.model
    return decorate


def _model_default(f: Field):
    spec = f.spec
    if isinstance(spec, ListOf):
        return field(default_factory=list)
    if isinstance(spec, MapOf):
        return field(default_factory=dict)
    return f.default


def construct(record: Record, data: dict) -> dict:
    """The checked data of `record` as keyword arguments of its model: nested records
    (a stage's gaps, touchpoints, metrics) become their own model objects."""
    return {key: _construct(record.fields[key].spec, value) if key in record.fields else value
            for key, value in data.items()}


def _construct(spec: Spec, value: Any) -> Any:
    if isinstance(spec, Record) and spec.model is not None and isinstance(value, dict):
        return spec.model(**construct(spec, value))
    if isinstance(spec, ListOf) and isinstance(value, list):
        return [_construct(spec.item, item) for item in value]
    return value


def references(spec: Spec, value: Any, kind: str) -> set[str]:
    """Every id of `kind` that `value` (plain data, as exported) names anywhere in it."""
    if value is None:
        return set()
    if isinstance(spec, Ref):
        return {value} if spec.kind == kind and isinstance(value, str) else set()
    if isinstance(spec, Record) and isinstance(value, dict):
        return set().union(*(references(f.spec, value.get(k), kind)
                             for k, f in spec.fields.items()))
    if isinstance(spec, ListOf) and isinstance(value, list):
        return set().union(*(references(spec.item, item, kind) for item in value))
    if isinstance(spec, MapOf) and isinstance(value, dict):
        return set().union(*(references(spec.key, k, kind) | references(spec.value, v, kind)
                             for k, v in value.items()))
    return set()


# --- checking context ---------------------------------------------------------------------

@dataclass
class CheckContext:
    doc: Document
    problems: ProblemList
    refs: list[tuple[str, str, str, int]] = field(default_factory=list)

    def error(self, at: tuple, message: str, key: bool = False) -> None:
        """Report at the value (or key) `at`, naming where it is: 'gaps #2 › impact: ...'."""
        line = self.doc.key_line(at) if key else self.doc.line(at)
        where = at[:-1] if key else at
        prefix = f"{describe_path(where)}: " if where else ""
        self.problems.error(self.doc.path, line, prefix + message, self.doc.column(at, key))

    def written(self, value: Any, at: tuple) -> Any:
        """The text as the author wrote it where YAML made a number, date or boolean of it
        (`0x1F`, `010`, `12:30`, `yes`); other values as they are."""
        return self.doc.raw_text.get(tuple(at), value)

    def error_at_line(self, line: int, message: str) -> None:
        self.problems.error(self.doc.path, line, message)


def describe_path(at: tuple) -> str:
    return " › ".join(f"#{part + 1}" if isinstance(part, int) else str(part) for part in at
                      ).replace(" › #", " #")


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the number {shown_number(value)}"
    if isinstance(value, float):
        return f"the number {value:g}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


def shown_number(value: int) -> str:
    """A whole number for a message: a 300-digit one is cut short."""
    digits = str(value)
    return digits if len(digits) <= 40 else digits[:37] + "..."


def nearest(word: str, candidates, n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.6)


# --- the authoring format -----------------------------------------------------------------

RACI = ("R", "A", "C", "I")
# Ids are file and folder names: lower-case words joined by single hyphens.
ID_REGEX = "^[a-z0-9]+(-[a-z0-9]+)*$"  # for JSON Schema, where `$` is the very end
_ID = re.compile("[a-z0-9]+(?:-[a-z0-9]+)*")


def is_id(text: str) -> bool:
    """Whether `text` is a valid id. A whole match: in Python, `$` also matches before a
    trailing newline, and 'csm\\n' is no file name a link can reach."""
    return isinstance(text, str) and _ID.fullmatch(text) is not None


# Ids that would collide with the generated list pages (roles/index.md ...).
RESERVED_IDS = frozenset({"index"})


def slug(text: str, fallback: str = "stage") -> str:
    """An id from a name: 'I realise we need help!' -> 'i-realise-we-need-help'; never one
    the atlas keeps for itself ('index' is a list page)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    made = "-".join(words)[:60].strip("-") or fallback
    return f"{made}-1" if made in RESERVED_IDS else made


MOMENT_KINDS = ("pivotal", "first-impression", "last-impression")
PERSONA_KINDS = ("economic", "technical", "user")
GAP_STATUSES = ("idea", "planned", "doing", "done")
JOURNEY_STATUSES = ("idea", "researching", "mapped", "live", "retired")
JOURNEY_KINDS = ("end-to-end", "detail")
# A facilitated session on a journey (its facilitator guide): minutes, and the default.
SESSION_MINUTES = (20, 480)
SESSION_DEFAULT_MINUTES = 60
INSIGHT_SOURCES = ("interview", "survey", "complaint", "analytics", "observation", "workshop")
EXTRA = Field(AnyValue(), doc="free data for custom templates; never validated",
              label="extra data")
# Review dates are the journey team's bookkeeping: "What changed" lists them, but a role
# is not told of them (change="bookkeeping").
REVIEWED = Field(Date(), doc="when this was last reviewed, YYYY-MM-DD (else the journey's "
                              "date counts, else the atlas's)", label="last reviewed",
                 change="bookkeeping")
REVIEW_EVERY = Field(Integer(1, 120), doc="months between reviews (else the journey's, else "
                                           "the atlas's)", label="review interval",
                     change="bookkeeping")


def _text(doc: str = "", required: bool = False, **more) -> Field:
    return Field(Text(), required, doc, **more)


def _texts(doc: str = "", **more) -> Field:
    return Field(ListOf(Text(), accept_single=True), doc=doc, **more)


# A phase of the customer's whole relationship: the lifecycle board's columns.
LIFECYCLE_PHASE = Record("lifecycle phase", {
    "id": Field(Id(example="i-get-started"), required=True,
                doc="the phase's id, which journeys name as their 'phase'"),
    "name": _text("the phase in the customer's words, e.g. 'I look for care'", required=True),
    "description": _text("what happens in this part of the relationship"),
}, title_key="name")

ATLAS = Record("atlas", {
    "name": _text("the organisation's name", required=True),
    "strategy": _text("the customer strategy in a sentence or two"),
    "culture": _text("the culture statement"),
    "lasting_impression": Field(ListOf(Text(expected="a word"), exact_length=3),
                                doc="the three words customers should keep",
                                label="the three words"),
    "lifecycle": Field(ListOf(LIFECYCLE_PHASE), doc="the phases of the customer's whole "
                                                    "relationship, in order: the lifecycle "
                                                    "board's columns"),
    "reviewed": REVIEWED,
    "review_every_months": REVIEW_EVERY,
    "extra": EXTRA,
}, title_key="name")

JOURNEY = Record("journey", {
    "title": _text("the journey's title", required=True),
    "personas": Field(ListOf(Ref(kind="persona", expected="a persona id"), accept_single=True),
                      doc="ids of the personas this journey is for"),
    "segment": _text("the customer segment"),
    "outcome": _text("the outcome the customer asks for"),
    "horizon_months": Field(Integer(1, 600), doc="time horizon in months",
                            label="time horizon"),
    "phase": Field(Ref(kind="phase", expected="a lifecycle phase id"),
                   doc="id of the lifecycle phase (atlas.yml 'lifecycle') it belongs to",
                   change="programme"),
    "owner": Field(Ref(kind="role", expected="a role id"),
                   doc="role id of the journey's owner", change="programme"),
    "status": Field(Choice(values=JOURNEY_STATUSES), default="mapped",
                    doc="idea, researching, mapped (the default), live or retired",
                    change="programme"),
    "kind": Field(Choice(values=JOURNEY_KINDS), default="end-to-end",
                  doc="end-to-end (the default), or detail: a closer look at one stage of "
                      "another journey"),
    "stages": Field(ListOf(Text(expected="a stage id")), required=True,
                    doc="the stage ids in journey order", label="stage order", change="order",
                    text=False),
    "session_minutes": Field(Integer(SESSION_MINUTES[0], SESSION_MINUTES[1]),
                             default=SESSION_DEFAULT_MINUTES,
                             doc="minutes a facilitated session on the journey runs, "
                                 f"{SESSION_DEFAULT_MINUTES} if not given: the facilitator "
                                 "guide plans them",
                             label="session length"),
    "reviewed": REVIEWED,
    "review_every_months": REVIEW_EVERY,
    "extra": EXTRA,
}, title_key="title")

TOUCHPOINT = Record("touchpoint", {
    "name": _text("what the customer meets", required=True),
    "channel": _text("e.g. phone, email, in store"),
    "owner": Field(Ref(kind="role", expected="a role id"), doc="role id that owns it"),
}, shorthand="name", title_key="name")

# Counts of customers: a trillion is more than any organisation has, and keeps charts'
# arithmetic in floating point (a 300-digit number would overflow it).
COUNT = Integer(0, 10**12)

METRICS = Record("metrics", {
    "entered": Field(COUNT, doc="customers who entered the stage"),
    "stayed": Field(COUNT, doc="customers who stayed the same"),
    "grew": Field(COUNT, doc="customers who grew"),
    "diminished": Field(COUNT, doc="customers who diminished"),
    "left": Field(COUNT, doc="customers who left"),
    "why": _texts("reasons behind the figures"),
})

GAP = Record("gap", {
    "title": _text("the gap in a few words", required=True),
    "current": _text("the experience today"),
    "desired": _text("the experience we want"),
    "impact": Field(Integer(1, 5), doc="impact on the customer, 1-5"),
    "effort": Field(Integer(1, 5), doc="effort to close it, 1-5"),
    "owner": Field(Ref(kind="role", expected="a role id"), doc="role id that owns closing it"),
    "status": Field(Choice(values=GAP_STATUSES), doc="idea, planned, doing or done",
                    default="idea"),
    "insights": Field(ListOf(Ref(kind="insight", expected="an insight id"),
                             accept_single=True),
                      doc="ids of the research insights it rests on (insights/<id>.md)"),
}, title_key="title")

EMOTION = Integer(-2, 2)

# Work the customer never sees: the journey board's backstage lane.
BACKSTAGE = Record("backstage step", {
    "name": _text("the process, in a few words", required=True),
    "owner": Field(Ref(kind="role", expected="a role id"), doc="role id that runs it"),
    "system": _text("the system it runs in, e.g. the billing system"),
}, shorthand="name", title_key="name")

STAGE = Record("stage", {
    "name": _text("the stage in the customer's words", required=True, csv="text"),
    "internal_name": _text("what we call it inside", csv="text"),
    "customer_goal": _text("what the customer is trying to get done", csv="text"),
    "actions": _texts("what the customer does here, in their words", label="customer does",
                      csv="texts"),
    "thinking": _text("what the customer is thinking: a quote in their words", csv="text"),
    "feeling": _text("how the customer feels", csv="text"),
    "emotion": Field(EMOTION, doc="emotion now, -2 to 2", change="emotion", csv="number"),
    "desired_emotion": Field(EMOTION, doc="the emotion we aim for, -2 to 2", change="emotion",
                             csv="number"),
    "persona_emotions": Field(MapOf(key=Ref(kind="persona", expected="a persona id"),
                                    value=EMOTION),
                              doc="persona id: that persona's emotion now, -2 to 2",
                              label="feeling by persona", csv="scores"),
    "touchpoints": Field(ListOf(TOUCHPOINT), doc="where the customer meets us here",
                         csv="touchpoints"),
    "pain_points": _texts("what hurts the customer here", csv="texts"),
    "roles": Field(MapOf(key=Ref(kind="role", expected="a role id"),
                         value=Choice(values=RACI)), doc="role id: R, A, C or I",
                   label="who does what", change="raci", csv="raci"),
    "backstage": Field(ListOf(BACKSTAGE), doc="processes and systems behind the stage that "
                                              "the customer never sees", csv="backstage"),
    "journey": Field(Ref(kind="journey", expected="a journey id"),
                     doc="id of a more detailed journey that happens inside this stage",
                     label="detail journey", csv="text",
                     csv_column="detail_journey"),  # 'journey' is the row's own journey
    "metrics": Field(METRICS, doc="the customer asset: how many customers entered the "
                                  "stage, stayed, grew, diminished or left, and why",
                     label="customer figures"),
    "gaps": Field(ListOf(GAP), doc="between today's experience and the one we want",
                  change="gaps"),
    "questions": _texts("discussion questions (without any, the cards and the facilitator "
                        "guide suggest some from the stage)", csv="texts"),
    "facilitator_notes": _text("for whoever leads a session on the journey: what to draw out, "
                               "what to watch for (shown in the facilitator guide only)",
                               csv="text"),
    "reviewed": REVIEWED,
    "review_every_months": REVIEW_EVERY,
    "extra": EXTRA,
}, title_key="name")

def _answerable(scenario: dict, at: tuple, ctx: "CheckContext") -> None:
    """Exactly one right choice, and no answer offered twice."""
    choices = scenario.get("choices", [])
    seen: dict[str, int] = {}
    for i, choice in enumerate(choices):
        said = " ".join(choice["answer"].split()).casefold()
        if said in seen:
            ctx.error(at + ("choices", i, "answer"),
                      f"this answer is choice #{seen[said] + 1} already: each choice must "
                      "say something different")
        seen.setdefault(said, i)
    right = [i for i, choice in enumerate(choices) if choice.get("right")]
    if len(right) > 1:
        ctx.error(at + ("choices", right[1], "right"),
                  f"expected exactly one choice with 'right: true', got {len(right)} "
                  f"(choices {', '.join(f'#{i + 1}' for i in right)})")
    elif not right:
        ctx.error(at + ("choices",), "expected exactly one choice with 'right: true', got "
                                     "none: mark the answer that is right")


CHOICE = Record("choice", {
    "answer": _text("what the reader may choose", required=True),
    "right": Field(Boolean(), default=False, doc="true for the one right answer"),
    "why": _text("why it is right or wrong, shown once it is chosen"),
}, title_key="answer")

SCENARIO = Record("scenario", {
    "situation": _text("what happens, as a new hire would meet it", required=True),
    "choices": Field(ListOf(CHOICE, min_length=2), required=True,
                     doc="at least two answers, exactly one of them right"),
}, title_key="situation", rules=(_answerable,))

MOMENT = Record("moment", {
    "title": _text("the moment's title", required=True),
    "stage": Field(Text(expected="a stage id"), required=True,
                   doc="id of the stage it happens in, in the same journey", text=False),
    "kind": Field(Choice(values=MOMENT_KINDS), default="pivotal",
                  doc="pivotal (the default), or the first or last impression"),
    "feeling_before": _text("how the customer feels coming in"),
    "feeling_after": _text("how they feel when it goes well"),
    "great_looks_like": _texts("what staff do when it goes well", label="what great looks like"),
    "say": _texts("words that work", label="what to say"),
    "avoid": _texts("words and moves that hurt", label="what to avoid"),
    "roles": Field(ListOf(Ref(kind="role", expected="a role id"), accept_single=True),
                   doc="ids of the roles that own the moment", label="roles"),
    "scenarios": Field(ListOf(SCENARIO), doc="practice questions for the learning paths: a "
                                             "situation and its choices",
                       label="practice questions"),
    "reviewed": REVIEWED,
    "review_every_months": REVIEW_EVERY,
    "extra": EXTRA,
}, title_key="title")

ROLE = Record("role", {
    "name": _text("the role's name", required=True),
    "team": _text("the team it belongs to: a team's name, or the id of a team file "
                  "(teams/<team-id>.md); roles are grouped by team",
                  text=False),  # matched with the team files' names
    "supports_strategy": _text("how this role supports the customer strategy",
                               label="how it supports the strategy"),
    "reviewed": REVIEWED,
    "review_every_months": REVIEW_EVERY,
    "extra": EXTRA,
}, title_key="name")

# A team (issue 17): the roles that name it in their `team`, and what its managers own.
# Optional: a role's `team` text makes a team on its own; a team file describes it.
TEAM = Record("team", {
    "name": _text("the team's name, as its roles write it in their 'team'", required=True),
    "manager": _text("who manages it, e.g. 'Priya Shah, Head of Support'"),
    "decisions": _texts("what the team's managers may decide without asking",
                        label="what it may decide"),
    "extra": EXTRA,
}, title_key="name")

PERSONA = Record("persona", {
    "name": _text("the persona's name", required=True),
    "kind": Field(Choice(values=PERSONA_KINDS), doc="the buyer they are"),
    "segment": _text("the customer segment"),
    "goals": _texts("what they want to achieve"),
    "quote": _text("something they would say, in their words"),
    "reviewed": REVIEWED,
    "review_every_months": REVIEW_EVERY,
    "extra": EXTRA,
}, title_key="name")

# What a piece of research found: the evidence a gap can cite.
INSIGHT = Record("insight", {
    "title": _text("what was found, in a sentence", required=True),
    "source": Field(Choice(values=INSIGHT_SOURCES),
                    doc="interview, survey, complaint, analytics, observation or workshop"),
    "date": Field(Date(), doc="when the research was done, YYYY-MM-DD"),
    "quote": _text("the customer's own words"),
    "personas": Field(ListOf(Ref(kind="persona", expected="a persona id"), accept_single=True),
                      doc="ids of the personas it is about"),
    "stages": Field(ListOf(Ref(kind="stage", expected="a stage, as journey-id/stage-id"),
                           accept_single=True),
                    doc="the stages it is about, each as journey-id/stage-id"),
    "extra": EXTRA,
}, title_key="title")

GLOSSARY_TERM = Record("glossary term", {
    "term": _text("the word we use inside", required=True),
    "means": _text("what it means, plainly"),
    "customer_words": _text("how customers say it", label="customer's words"),
}, title_key="term")

GLOSSARY = Record("glossary", {
    "terms": Field(ListOf(GLOSSARY_TERM), required=True, doc="the terms, one per item"),
})

# Measures (issue 21): declared in kpis.yml, their readings in kpis/<kpi-id>.csv as a BI
# export or a scheduled job writes them (site_builder/kpis.py reads those).
KPI_DIRECTIONS = ("higher", "lower")

KPI = Record("kpi", {
    "id": Field(Id(), required=True,
                doc="the measure's id; its readings are in kpis/<id>.csv"),
    "name": _text("what the measure is called", required=True),
    "unit": _text("what a value counts, e.g. %, days, calls"),
    "better": Field(Choice(values=KPI_DIRECTIONS), default="higher",
                    doc="higher (the default) or lower: which way is the right way"),
    "target": Field(Number(), doc="the value aimed for"),
    "stale_after_days": Field(Integer(1, 3660), doc="days after which the latest reading "
                                                    "is marked stale (else never)"),
}, title_key="name")

KPIS = Record("kpis", {
    "kpis": Field(ListOf(KPI), required=True, doc="the measures, one per item"),
})

KINDS: dict[str, Record] = {
    "atlas": ATLAS, "journey": JOURNEY, "stage": STAGE, "moment": MOMENT,
    "role": ROLE, "team": TEAM, "persona": PERSONA, "insight": INSIGHT, "glossary": GLOSSARY,
    "kpis": KPIS,
}


def check_document(kind: str, doc: Document, problems: ProblemList,
                   refs: list | None = None) -> dict | None:
    """Check a parsed file against its kind; returns the cleaned data or None."""
    ctx = CheckContext(doc, problems, refs if refs is not None else [])
    return KINDS[kind].check(doc.data if doc.data is not None else {}, (), ctx)


# --- JSON Schema: the same declarations, for editors and other tools ----------------------

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILES = {"atlas": "atlas.yml", "journey": "journeys/<journey-id>/journey.yml",
         "stage": "front matter of journeys/<journey-id>/stages/<stage-id>.md",
         "moment": "front matter of journeys/<journey-id>/moments/<moment-id>.md",
         "role": "front matter of roles/<role-id>.md",
         "team": "front matter of teams/<team-id>.md (optional: describes a team)",
         "persona": "front matter of personas/<persona-id>.md",
         "insight": "front matter of insights/<insight-id>.md",
         "glossary": "glossary.yml (optional: terms for the glossary page)",
         "kpis": "kpis.yml (optional: the measures; readings in kpis/<kpi-id>.csv)"}


def json_schema(kind: str) -> dict:
    """The JSON Schema of one content kind, derived from the declarations above."""
    schema = {"$schema": JSON_SCHEMA_DIALECT,
              "$id": f"https://journey-atlas.invalid/schemas/{kind}.schema.json",
              "title": f"Journey Atlas {kind}",
              "description": f"The keys of {FILES[kind]}.",
              **_json(KINDS[kind])}
    return schema


def _json(spec: Spec) -> dict:
    if isinstance(spec, Record):
        properties = {}
        for key, f in spec.fields.items():
            prop = _json(f.spec)
            if not f.required and prop:  # `key:` with no value means "not given"
                prop = {"anyOf": [prop, {"type": "null"}]}
            if f.doc:
                prop = {"description": f.doc, **prop}
            properties[key] = prop
        out = {"type": "object", "properties": properties, "additionalProperties": False}
        required = [k for k, f in spec.fields.items() if f.required]
        if required:
            out["required"] = required
        if spec.shorthand:
            return {"anyOf": [{"type": "string"}, out]}
        return out
    if isinstance(spec, (Ref, Id)):
        return {"type": "string", "pattern": ID_REGEX}
    if isinstance(spec, Text):
        return {"type": ["string", "number"]}
    if isinstance(spec, Number):
        return {"type": "number"}
    if isinstance(spec, Integer):
        out = {"type": "integer"}
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
        return out
    if isinstance(spec, Choice):
        return {"enum": list(spec.values)}
    if isinstance(spec, Boolean):
        return {"type": "boolean"}
    if isinstance(spec, Date):
        return {"type": "string", "format": "date"}
    if isinstance(spec, ListOf):
        out = {"type": "array", "items": _json(spec.item)}
        if spec.exact_length is not None:
            out["minItems"] = out["maxItems"] = spec.exact_length
        if spec.min_length is not None:
            out["minItems"] = spec.min_length
        if spec.accept_single:
            return {"anyOf": [_json(spec.item), out]}
        return out
    if isinstance(spec, MapOf):
        return {"type": "object", "propertyNames": _json(spec.key),
                "additionalProperties": _json(spec.value)}
    return {}  # AnyValue


# --- the authoring reference: the same declarations, for people --------------------------

def reference() -> str:
    """Every key of every file as Markdown tables (README.md holds this text; a test keeps
    it current: `journey-atlas schema --markdown` prints it). *translated* marks the text
    a translation gives (site_builder/translations.py)."""
    parts, nested = [], []
    for kind, record in KINDS.items():
        parts.append(_table(f"`{FILES[kind]}`", record, nested))
    seen = set()
    while nested:
        record, in_list = nested.pop(0)
        if record.name not in seen:
            seen.add(record.name)
            parts.append(_table(f"each {record.name}" if in_list else record.name, record,
                                nested))
    return "\n".join(parts)


def _table(title: str, record: Record, nested: list) -> str:
    rows = [f"**{title}**", "", "| key | value | what it is |", "|---|---|---|"]
    for key, f in record.fields.items():
        value = _value_words(f.spec, nested) + (" (*required*)" if f.required else "")
        if f.translatable and not _holds_records(f.spec):
            value += ", *translated*"  # a translation (<id>.<lang>.md) may give it
        rows.append(f"| `{key}` | {value} | {f.doc} |".replace(" |\n", " |"))
    return "\n".join(rows) + "\n"


def _holds_records(spec: Spec) -> bool:
    return isinstance(spec, Record) or (isinstance(spec, ListOf) and isinstance(spec.item, Record))


def _value_words(spec: Spec, nested: list) -> str:
    if isinstance(spec, Record):
        nested.append((spec, False))
        return f"{spec.name} (below)" + (f", or just its {spec.shorthand}"
                                         if spec.shorthand else "")
    if isinstance(spec, ListOf) and isinstance(spec.item, Record):
        nested.append((spec.item, True))
        return f"a list of {spec.item.name}s (below)" + (
            f", each may be just its {spec.item.shorthand}" if spec.item.shorthand else "")
    if isinstance(spec, MapOf):
        return f"a mapping of {spec.key.expected} to {spec.value.expected}"
    return spec.expected

