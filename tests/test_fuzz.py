"""Property-based fuzzing: any mutation of a valid atlas either loads and draws, or fails with
clear messages. Never a traceback, never a hang."""

from __future__ import annotations

import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_atlas.lint import check
from journey_atlas.pages import PageRenderer, plan_pages
from journey_atlas.urls import page_url
from support import ROOT, SAMPLE

EXAMPLES = 300
FILES = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*")
               if p.is_file() and p.suffix in (".yml", ".md"))

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True), st.text(max_size=40),
                    st.sampled_from(["R", "A", "Q", "-3", "csm", "first-call", "2026-02-30",
                                     "{{ x }}", "<b>", "index", "…"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=8)


@contextmanager
def time_limit(seconds: int):
    def stop(*_):
        raise TimeoutError(f"took more than {seconds}s: a hang")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def split(text: str):
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        head, body = text[4:].split("\n---\n", 1)
        return head, body
    return text, None


def join(head: str, body):
    return head if body is None else f"---\n{head}\n---\n{body}"


@st.composite
def mutation(draw):
    target = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["drop-key", "set-value", "break-yaml", "bytes", "rename",
                                 "delete", "dangling-id", "encoding"]))
    return target, kind, draw(values), draw(st.binary(max_size=30)), draw(st.integers(0, 50))


def apply(root: Path, target: str, kind: str, value, raw: bytes, n: int) -> None:
    path = root / target
    text = path.read_bytes().decode("utf-8", "replace")  # an earlier mutation may break it
    head, body = split(text)
    try:
        data = yaml.safe_load(head) or {}
    except yaml.YAMLError:
        data = {}
    keys = list(data) if isinstance(data, dict) else []
    if kind == "drop-key" and keys:
        data.pop(keys[n % len(keys)])
        path.write_text(join(yaml.safe_dump(data, allow_unicode=True), body), encoding="utf-8")
    elif kind == "set-value" and keys:
        data[keys[n % len(keys)]] = value
        path.write_text(join(yaml.safe_dump(data, allow_unicode=True), body), encoding="utf-8")
    elif kind == "dangling-id" and keys:
        data[keys[n % len(keys)]] = {"ghost-role": "A"} if n % 2 else ["ghost", "csm"]
        path.write_text(join(yaml.safe_dump(data, allow_unicode=True), body), encoding="utf-8")
    elif kind == "break-yaml":
        cut = n % max(len(head), 1)
        broken = head[:cut] + draw_noise(n) + head[cut:]
        path.write_text(join(broken, body), encoding="utf-8")
    elif kind == "bytes":
        data_bytes = path.read_bytes()
        cut = n % max(len(data_bytes), 1)
        path.write_bytes(data_bytes[:cut] + raw + data_bytes[cut:])
    elif kind == "encoding":
        path.write_bytes(text.encode("utf-16") if n % 2 else text.encode("latin-1", "replace"))
    elif kind == "rename":
        path.rename(path.with_name(("Bad Name " if n % 2 else "other-") + path.name))
    elif kind == "delete":
        path.unlink()


def draw_noise(n: int) -> str:
    return ["\n  - : [", ": {", "\t\t", "---\n", "'unclosed", "*alias", "&a [*a]", "? "][n % 8]


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(mutation(), min_size=1, max_size=3))
def test_any_mutation_loads_or_fails_with_clear_messages(mutations):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        shutil.copytree(SAMPLE, root)
        for target, kind, value, raw, n in mutations:
            if (root / target).exists():
                apply(root, target, kind, value, raw, n)
        with time_limit(20):
            result = check(str(root), languages=["en", "fr"])  # translations too
            for problem in result.problems:
                assert problem.path and problem.line >= 1 and problem.message.strip()
                assert "Traceback" not in problem.message
            if result.ok:
                renderer = PageRenderer(result.atlas, [str(ROOT / "theme")])
                for spec in plan_pages(result.atlas, has_home_file=True):
                    html = renderer.render(spec, "<p>body</p>", page_url(spec.doc_path))
                    assert "</" in html
