"""The customer asset over releases: each stage's figures in every earlier release beside
the current ones, from the exports (atlas.json) that each release keeps.

A release knows its earlier releases (release.ReleaseContext.earlier); their exports are
read the first time a page asks for a journey's history, each once per build, and only the
stages' figures are kept. An export that is missing, unreadable or not an export is
skipped with a warning; exports of older formats are read as far as they go (a key that is
not there counts as not given). Stages are matched across releases by their id within the
same journey.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .i18n import Interface
from .model import ASSET_WORDS, Metrics, english

FIGURES = Metrics.FLOWS  # entered, stayed, grew, diminished, left
# Figures of one release: journey id -> stage id -> {figure: count}; a stage without
# figures has an empty dict, a stage the release did not have is not there.
Reduced = dict[str, dict[str, dict[str, int]]]


@dataclass(frozen=True)
class Point:
    """One stage in one release."""

    version: str
    title: str
    figures: dict[str, int] | None  # None: the stage was not yet mapped in this release
    current: bool = False  # the release being built

    def get(self, key: str) -> int | None:
        return self.figures.get(key) if self.figures else None


@dataclass
class StageHistory:
    stage_id: str
    points: list[Point]  # oldest release first, the current one last
    columns: list[str]  # the figures any release gives, in flow order
    changes: list[str]  # "Left: 780 → 500 since 1.0 (280 fewer)", per changed figure
    since: str | None  # the first release that had figures for the stage

    @property
    def earlier(self) -> list[Point]:
        return self.points[:-1]


@dataclass
class JourneyHistory:
    journey_id: str
    versions: list[str]  # the earlier releases read, oldest first, then the current one
    stages: dict[str, StageHistory] = field(default_factory=dict)  # those with figures

    def stage(self, stage_id: str) -> StageHistory | None:
        return self.stages.get(stage_id)


def _count(value) -> int | None:
    """A figure as a whole number of customers, or None (older or hand-edited exports)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return None


def _items(container, key: str = "id") -> Iterable[tuple[str, dict]]:
    """(id, record) pairs from a list of records with ids, or a dict of records by id."""
    if isinstance(container, dict):
        pairs = container.items()
    elif isinstance(container, list):
        pairs = ((item.get(key), item) for item in container if isinstance(item, dict))
    else:
        return
    for rid, record in pairs:
        if isinstance(rid, str) and isinstance(record, dict):
            yield rid, record


def reduce_export(data) -> Reduced:
    """The stages' figures of an export (export.atlas_to_dict), per journey; raises
    ValueError when `data` is not an export at all."""
    if not isinstance(data, dict) or not isinstance(data.get("journeys"), (list, dict)):
        raise ValueError("not a Journey Atlas export (it has no journeys)")
    reduced: Reduced = {}
    for jid, journey in _items(data["journeys"]):
        stages = reduced.setdefault(jid, {})
        for sid, stage in _items(journey.get("stages")):
            metrics = stage.get("metrics")
            metrics = metrics if isinstance(metrics, dict) else {}
            stages[sid] = {key: count for key in FIGURES
                           if (count := _count(metrics.get(key))) is not None}
    return reduced


# Far more than the export of a 5,000-page atlas; a larger file is not one of ours, and
# reading it whole could exhaust the build's memory.
MAX_EXPORT_BYTES = 128 * 2**20


def read_export(path: str) -> Reduced:
    """The stages' figures in the export at `path`; raises OSError or ValueError."""
    size = os.path.getsize(path)
    if size > MAX_EXPORT_BYTES:
        raise ValueError(f"it is {size / 2**20:.0f} MB; an export is at most "
                         f"{MAX_EXPORT_BYTES // 2**20} MB")
    with open(path, encoding="utf-8") as f:
        try:
            return reduce_export(json.load(f))
        except MemoryError:
            raise ValueError("it is too large to read") from None


def _more_or_fewer(old: int, new: int, ui: Interface) -> str:
    # Figures are written as the asset's tables write them: digits, not grouped.
    # Translators: customers, how many more or fewer than in an earlier release.
    if new > old:
        return ui.ngettext("%(customers)s more", "%(customers)s more", new - old,
                           customers=new - old)
    return ui.ngettext("%(customers)s fewer", "%(customers)s fewer", old - new,
                       customers=old - new)


def stage_history(stage_id: str, points: list[Point], ui: Interface | None = None
                  ) -> StageHistory | None:
    """The stage's history, or None when no release gives it a figure; its sentences in
    the language of `ui` (English without one)."""
    ui = ui or english()
    columns = [key for key in FIGURES if any(p.get(key) is not None for p in points)]
    if not columns:
        return None
    since = next(p.version for p in points if p.figures)
    current = points[-1]
    changes = []
    # Who left first: whether a stage loses fewer customers is what its history is read for.
    for key in sorted(columns, key=lambda k: k != "left"):
        now = current.get(key)
        first = next((p for p in points[:-1] if p.get(key) is not None), None)
        if now is None or first is None:
            continue
        then = first.get(key)
        if then != now:
            # Translators: e.g. "Left: 780 → 500 since 1.0 (280 fewer)": a figure of the
            # customer asset, then and now, and the release it is compared with.
            changes.append(ui.gettext(
                "%(figure)s: %(then)s → %(now)s since %(release)s (%(difference)s)",
                figure=ui.gettext(ASSET_WORDS[key]), then=then, now=now,
                release=first.version, difference=_more_or_fewer(then, now, ui)))
    return StageHistory(stage_id, points, columns, changes, since)


class AssetHistory:
    """The figures of every earlier release, for the pages of the release being built.

    Nothing is read until the first `journey()`; then each earlier export once, reduced to
    its figures (`known` gives exports already read, by version: the previous release's,
    which "What changed" reads anyway)."""

    def __init__(self, earlier: list[dict], current_version: str, current_export: dict,
                 known: dict[str, dict] | None = None,
                 warn: Callable[[str], None] = lambda message: None,
                 current_title: str | None = None):
        self.earlier = [(str(r["version"]), str(r.get("title") or r["version"]),
                         r.get("export")) for r in earlier]
        self.current_version = current_version
        self.current_title = current_title or current_version
        self.current_export = current_export
        self.known = dict(known or {})
        self.warn = warn
        self._releases: list[tuple[str, str, Reduced]] | None = None
        # (journey id, the language's messages) -> its history: the sentences of one
        # language are never shown in another
        self._journeys: dict[tuple, JourneyHistory | None] = {}

    @classmethod
    def of_release(cls, release, current_export: dict, previous: dict | None = None,
                   warn: Callable[[str], None] = lambda message: None
                   ) -> "AssetHistory | None":
        """The history a release build shows, or None outside a release."""
        if release is None:
            return None
        known = {release.previous_version: previous} if previous else {}
        return cls(release.earlier or [], release.version, current_export, known, warn,
                   release.title)

    def _read(self) -> list[tuple[str, str, Reduced]]:
        if self._releases is None:
            self._releases = []
            for version, title, path in self.earlier:
                try:
                    data = (reduce_export(self.known.pop(version)) if version in self.known
                            else read_export(path))
                except FileNotFoundError:
                    self.warn(f"release {version} has no export ({path}); the customer asset "
                              "over releases leaves it out")
                    continue
                except (OSError, ValueError, RecursionError) as exc:
                    why = exc.strerror if isinstance(exc, OSError) else str(exc)
                    self.warn(f"the export of release {version} ({path}) is unreadable "
                              f"({why}); the customer asset over releases leaves it out")
                    continue
                self._releases.append((version, title, data))
            self.known.clear()
        return self._releases

    @property
    def has_earlier(self) -> bool:
        return bool(self.earlier)

    def journey(self, journey_id: str, ui: Interface | None = None) -> JourneyHistory | None:
        """The journey's stages in every readable earlier release and this one; None when
        no earlier release could be read."""
        ui = ui or english()
        key = (journey_id, ui.translations)
        if key in self._journeys:
            return self._journeys[key]
        releases = self._read()
        found = None
        if releases:
            current = reduce_export({"journeys": [
                j for j in self.current_export.get("journeys", [])
                if j.get("id") == journey_id]}).get(journey_id, {})
            found = JourneyHistory(journey_id, [v for v, _, _ in releases]
                                   + [self.current_version])
            for sid in current:
                points = [Point(version, title, data.get(journey_id, {}).get(sid))
                          for version, title, data in releases]
                points.append(Point(self.current_version, self.current_title,
                                    current[sid], current=True))
                history = stage_history(sid, points, ui)
                if history:
                    found.stages[sid] = history
        self._journeys[key] = found
        return found
