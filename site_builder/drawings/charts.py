"""The decision views' charts, laid out at build time (no charting JavaScript): the emotion
curve, the customer asset per stage, the impact/effort matrix of gaps, and the sparkline
on journey cards. Markup: theme/partials/drawings/<name>.svg.html."""

from __future__ import annotations

from dataclasses import dataclass

from .. import i18n
from ..history import Point as ReleasePoint, StageHistory
from ..i18n import N_, Interface
from ..model import EMOTION_WORDS, Journey, Stage, signed
from ..views import QUADRANTS, RankedGap, biggest_losses
from .geometry import (EMOTION_CHART, SPARKLINE, Box, Point, Position, TextBlock, monotone_path,
                       num, spread, text_width, wrap)

# --- emotion curve -------------------------------------------------------------------------

EMOTION_COLUMN = 130
EMOTION_LEFT = 120  # room for the axis words (more where they are longer)
AXIS_SIZE = 12.5  # .chart .axis


@dataclass
class GridLine:
    score: int
    y: float
    label_y: float


@dataclass
class ChartStage:
    stage: Stage
    x: float
    number: Position
    name: TextBlock


@dataclass
class EmotionChart:
    journey: Journey
    width: float
    height: float
    grid_left: float
    grid_right: float
    axis_x: float  # where the axis words end (they are right-aligned)
    grid: list[GridLine]  # from -2 up to +2
    gap_bars: list[tuple[float, float, float]]  # x, y now, y aimed for
    aim_path: str  # "" unless two stages or more have an aim
    now_path: str
    aim_dots: list[Point]
    now_dots: list[Point]
    stages: list[ChartStage]


def emotion_chart(journey: Journey, ui: Interface | None = None) -> EmotionChart:
    """`ui`: the interface's language, whose emotion words label the axis (English by
    default)."""
    ui = ui or i18n.english()
    stages = journey.stages
    y = EMOTION_CHART.y
    # The axis words end 10 units left of the grid, and keep 10 units from the edge.
    words = ui.words(EMOTION_WORDS)
    left = max([EMOTION_LEFT] + [text_width(f"{signed(score)} {words[score]}") * AXIS_SIZE + 20
                                 for score in range(-2, 3)])
    width = left + EMOTION_COLUMN * len(stages) + 20
    xs = [left + EMOTION_COLUMN * i + EMOTION_COLUMN / 2 for i in range(len(stages))]
    now = [(x, y(s.emotion)) for x, s in zip(xs, stages) if s.emotion is not None]
    aim = [(x, y(s.desired_emotion)) for x, s in zip(xs, stages)
           if s.desired_emotion is not None]
    # The gap to close, stage by stage.
    bars = [(x, y(s.emotion), y(s.desired_emotion)) for x, s in zip(xs, stages)
            if s.emotion is not None and s.desired_emotion is not None
            and s.desired_emotion != s.emotion]
    bottom = y(-2)
    return EmotionChart(
        journey=journey, width=width, height=bottom + 120, grid_left=left,
        grid_right=width - 20, axis_x=left - 10,
        grid=[GridLine(score, y(score), y(score) + 4) for score in range(-2, 3)],
        gap_bars=bars, aim_path=monotone_path(aim) if len(aim) > 1 else "",
        now_path=monotone_path(now) if len(now) > 1 else "", aim_dots=aim, now_dots=now,
        stages=[ChartStage(stage, x, Position(x, bottom + 28),
                           TextBlock(x, bottom + 46,
                                     wrap(stage.name, max_em=(EMOTION_COLUMN - 12) / 12.5,
                                          max_lines=4), 15))
                for x, stage in zip(xs, stages)])


# --- customer asset ------------------------------------------------------------------------

FLOWS = (("stayed", N_("Stayed")), ("grew", N_("Grew")), ("diminished", N_("Diminished")),
         ("left", N_("Left")))  # in English: the chart translates them (ui.gettext)
ASSET_LABEL_WIDTH, ASSET_BAR_WIDTH, ASSET_ROW = 300, 560, 64
ASSET_LEGEND_STEP, ASSET_LEGEND_SIZE = 120, 13  # from one legend key to the next; .legend


@dataclass
class LegendKey:
    key: str
    word: str
    swatch_x: float
    text_x: float


@dataclass
class FlowSegment:
    key: str
    word: str
    count: int
    box: Box


@dataclass
class AssetRow:
    stage: Stage
    label: TextBlock
    entered: int  # customers who entered the stage (or the sum of its flows)
    left: int
    left_percent: int
    bar: Box  # everyone who entered
    segments: list[FlowSegment]  # where they went, left to right
    note: Position
    worst: bool  # among the stages that lose the most customers


@dataclass
class AssetChart:
    journey: Journey
    width: float
    height: float
    legend: list[LegendKey]
    rows: list[AssetRow]  # the stages with figures


def asset_chart(journey: Journey, ui: Interface | None = None) -> AssetChart:
    """`ui`: the interface's language, of the flows' words (English by default)."""
    ui = ui or i18n.english()
    flows = [(key, ui.gettext(word)) for key, word in FLOWS]
    stages = [s for s in journey.stages if s.metrics and s.metrics.figures()]
    worst = biggest_losses(journey)
    label_w = ASSET_LABEL_WIDTH
    top_count = max([s.metrics.entered or _total(s) for s in stages] + [1])
    scale = ASSET_BAR_WIDTH / top_count
    rows = []
    for i, stage in enumerate(stages):
        y0 = 40 + i * ASSET_ROW
        metrics = stage.metrics
        entered = metrics.entered or _total(stage)
        segments = []
        x = float(label_w)
        for key, word in flows:
            count = getattr(metrics, key) or 0
            if count:
                segments.append(FlowSegment(key, word, count, Box(x, y0 + 8, count * scale, 26)))
                x += count * scale
        left = metrics.left or 0
        rows.append(AssetRow(
            stage=stage, entered=entered, left=left,
            left_percent=left * 100 // max(entered, 1),
            label=TextBlock(0, y0 + 18, wrap(f"{stage.position}. {stage.name}",
                                             max_em=(label_w - 20) / 14, max_lines=2), 17),
            bar=Box(label_w, y0 + 4, entered * scale, 34), segments=segments,
            note=Position(label_w + entered * scale + 10, y0 + 26), worst=stage.id in worst))
    # The legend's keys, ASSET_LEGEND_STEP apart, or further where a word is longer.
    legend, x = [], float(label_w)
    for key, word in flows:
        legend.append(LegendKey(key, word, x, x + 20))
        x += max(ASSET_LEGEND_STEP, 20 + text_width(word) * ASSET_LEGEND_SIZE + 24)
    return AssetChart(
        journey=journey,
        width=max(label_w + ASSET_BAR_WIDTH + 240, x - 14),  # room for the longest note
        height=40 + ASSET_ROW * len(stages),
        legend=legend, rows=rows)


def _total(stage: Stage) -> int:
    return sum(getattr(stage.metrics, key) or 0 for key, _ in FLOWS)


# --- customer asset over releases ---------------------------------------------------------

# What the columns show: who left, so a loss that shrinks from release to release is seen
# even when it is small beside everyone who entered (told under each column); a stage that
# never lost anyone shows who entered instead.
HISTORY_COLUMN, HISTORY_BAR, HISTORY_PLOT = 84, 36, 110
HISTORY_TOP, HISTORY_SIDE = 30, 10  # room for the figure over the bar; beside the columns
# Inside an empty column, on two lines (split at the last space).
NOT_MAPPED, NO_FIGURES = N_("not yet mapped"), N_("no figures")


@dataclass
class HistoryColumn:
    point: ReleasePoint  # the stage in one release (history.Point)
    x: float  # the column's centre
    version: TextBlock  # under the baseline
    of: TextBlock | None  # under the version: "of 1200", everyone who entered
    slot: Box  # the column's plot area (a dashed outline when there is no bar)
    outline: Box | None  # everyone who entered (only when no release lost anyone)
    segments: list[FlowSegment]  # who left (none when no one did)
    figure: TextBlock  # over the bar: "780 left"; inside the slot: "not yet mapped"
    empty: bool  # no bar: not yet mapped, or no figures in that release


@dataclass
class HistoryChart:
    stage: Stage
    shows: str  # "losses" or "entered"
    width: float
    height: float
    baseline_y: float
    columns: list[HistoryColumn]  # oldest release first, the current one last


def asset_history_chart(stage: Stage, history: StageHistory,
                        ui: Interface | None = None) -> HistoryChart:
    """A small multiple: one column a release, on one scale for all the stage's releases.
    `ui`: the interface's language, of the words under and over the columns (English by
    default)."""
    ui = ui or i18n.english()
    points = history.points
    losses = any(p.get("left") for p in points)
    measure = (lambda p: p.get("left") or 0) if losses else _everyone
    base = HISTORY_TOP + HISTORY_PLOT
    scale = HISTORY_PLOT / max([measure(p) for p in points] + [1])
    columns = []
    for i, point in enumerate(points):
        x = HISTORY_SIDE + HISTORY_COLUMN * i + HISTORY_COLUMN / 2
        slot = Box(x - HISTORY_BAR / 2 - 6, HISTORY_TOP, HISTORY_BAR + 12, HISTORY_PLOT)
        lines = wrap(point.version, (HISTORY_COLUMN - 8) / 12, 2)
        version = TextBlock(x, base + 18, lines, 15)
        everyone = _everyone(point)
        of = None
        if losses and everyone:
            # Translators: under a release's column: of how many customers who entered.
            of = TextBlock(x, base + 18 + 15 * len(lines),
                           [ui.gettext("of %(customers)s", customers=everyone)], 15)
        if not point.figures or (not losses and not everyone):
            words = ui.gettext(NOT_MAPPED if point.figures is None else NO_FIGURES)
            columns.append(HistoryColumn(point, x, version, None, slot, None, [], TextBlock(
                x, HISTORY_TOP + HISTORY_PLOT / 2 - 6, words.rsplit(" ", 1), 15), True))
            continue
        segments, outline, y = [], None, base
        if losses:
            left = point.get("left") or 0
            if left:
                height = max(left * scale, 1.5)  # a handful of customers stays visible
                y -= height
                segments.append(FlowSegment("left", ui.gettext("Left"), left,
                                            Box(x - HISTORY_BAR / 2, y, HISTORY_BAR, height)))
            if point.get("left") is not None:
                # Translators: over a release's column: how many customers left at the stage.
                figure = ui.ngettext("%(customers)s left", "%(customers)s left", left,
                                     customers=left)
            else:
                # Translators: over a release's column: no figure for who left the stage.
                figure = ui.gettext("left: –")
        else:
            outline = Box(x - HISTORY_BAR / 2, base - everyone * scale, HISTORY_BAR,
                          everyone * scale)
            y = outline.y
            # Translators: over a release's column: how many customers entered the stage.
            figure = ui.ngettext("%(customers)s in", "%(customers)s in", everyone,
                                 customers=everyone)
        columns.append(HistoryColumn(point, x, version, of, slot, outline, segments,
                                     TextBlock(x, y - 8, [figure], 15), False))
    deepest = max([c.version.y + 15 * (len(c.version.lines) - 1) + (15 if c.of else 0)
                   for c in columns] + [base])
    return HistoryChart(stage, "losses" if losses else "entered",
                        width=HISTORY_SIDE * 2 + HISTORY_COLUMN * len(columns),
                        height=deepest + 10, baseline_y=base, columns=columns)


def _everyone(point: ReleasePoint) -> int:
    """Who entered, or else the sum of where they went."""
    return point.get("entered") or sum(point.get(key) or 0 for key, _ in FLOWS)


# --- impact / effort -----------------------------------------------------------------------

MATRIX_SIZE, MATRIX_PAD = 520, 70
# Which quadrant covers which cells: (key, column, row), high impact at the top.
_QUADRANT_CELLS = (("quick-win", 0, 0), ("big-bet", 1, 0), ("fill-in", 0, 1),
                   ("money-pit", 1, 1))


@dataclass
class Quadrant:
    key: str
    name: str
    box: Box
    label: Position


@dataclass
class Tick:
    value: int
    effort: Position  # under the matrix
    impact: Position  # left of it


@dataclass
class GapDot:
    item: RankedGap
    centre: Position
    number: Position


@dataclass
class GapMatrix:
    width: float
    height: float
    quadrants: list[Quadrant]
    ticks: list[Tick]
    effort_title: Position
    impact_title: Position  # the title turns to read upwards around this point
    dots: list[GapDot]  # the rated gaps, in rank order


def gap_matrix(ranked: list[RankedGap], ui: Interface | None = None) -> GapMatrix:
    """`ui`: the interface's language, of the quadrants' names (English by default)."""
    ui = ui or i18n.english()
    size, pad = MATRIX_SIZE, MATRIX_PAD
    cell = size / 5
    quadrants = []
    for key, column, row in _QUADRANT_CELLS:
        x0 = pad + (0 if column == 0 else cell * 2)
        y0 = 10 + (0 if row == 0 else cell * 3)
        box = Box(x0, y0, cell * 2 if column == 0 else cell * 3,
                  cell * 3 if row == 0 else cell * 2)
        quadrants.append(Quadrant(key, ui.gettext(QUADRANTS[key][0]), box,
                                  Position(x0 + 10, y0 + 22)))
    ticks = [Tick(v, Position(pad + cell * (v - 0.5), size + 32),
                  Position(pad - 12, 10 + cell * (5.5 - v) + 4)) for v in range(1, 6)]
    dots = []
    slots: dict[tuple[int, int], int] = {}
    for item in ranked:
        if item.quadrant is None:
            continue
        key = (item.gap.impact, item.gap.effort)
        k = slots.get(key, 0)
        slots[key] = k + 1
        # Several gaps in one cell sit side by side in a small grid, never on top of each other.
        cx = pad + cell * (item.gap.effort - 0.5) + ((k % 3) - 1) * 26
        cy = 10 + cell * (5.5 - item.gap.impact) + (k // 3) * 26
        dots.append(GapDot(item, Position(cx, cy), Position(cx, cy + 4.5)))
    return GapMatrix(width=size + pad + 30, height=size + pad + 20, quadrants=quadrants,
                     ticks=ticks, effort_title=Position(pad + size / 2, size + 58),
                     impact_title=Position(18, 10 + size / 2), dots=dots)


# --- sparkline -----------------------------------------------------------------------------

SPARKLINE_WIDTH = 200


@dataclass
class Sparkline:
    stages: list[Stage]  # the scored stages; the others are skipped
    points: list[Point]
    zero_y: float
    width: float


def sparkline(journey: Journey) -> Sparkline | None:
    """A journey's emotion curve in miniature, or None with fewer than two scored stages."""
    scored = [s for s in journey.stages if s.emotion is not None]
    if len(scored) < 2:
        return None
    xs = spread(len(scored), 0, SPARKLINE_WIDTH)
    return Sparkline(scored, [(x, SPARKLINE.y(s.emotion)) for x, s in zip(xs, scored)],
                     SPARKLINE.zero_y, SPARKLINE_WIDTH)


# --- a KPI's trend ---------------------------------------------------------------------------

TREND_WIDTH, TREND_HEIGHT, TREND_PAD = 160, 40, 5


@dataclass
class Trend:
    points: list[Point]  # the readings shown, oldest first
    target_y: float | None  # the target's line, where the KPI has one
    width: float
    height: float

    @property
    def polyline(self) -> str:
        """The points as an SVG `points` attribute (there are hundreds of trends a build)."""
        return " ".join(f"{num(x)},{num(y)}" for x, y in self.points)


def kpi_trend(measure) -> Trend:
    """A KPI's latest readings at one place (a kpis.Measure) as a small line, on a scale
    that includes the target, so the drawing shows how far off it is."""
    values = [value for _, value in measure.series]
    target = measure.kpi.target
    scale = values + ([target] if target is not None else [])
    low, high = min(scale), max(scale)
    if high == low:  # all alike: a level line across the middle
        low, high = low - 1, high + 1
    inner = TREND_HEIGHT - 2 * TREND_PAD

    def y(value: float) -> float:
        return TREND_PAD + (high - value) / (high - low) * inner

    xs = spread(len(values), 0, TREND_WIDTH) if len(values) > 1 else [TREND_WIDTH / 2]
    return Trend([(x, y(v)) for x, v in zip(xs, values)],
                 y(target) if target is not None else None, TREND_WIDTH, TREND_HEIGHT)
