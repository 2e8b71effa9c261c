"""Decision views drawn as SVG at build time: the emotion curve, the customer asset per
stage and the impact/effort matrix of gaps. No charting JavaScript."""

from __future__ import annotations

from typing import Callable

from .model import EMOTION_WORDS, Journey, Stage, signed
from .drawings.geometry import EMOTION_CHART, num, smooth_path, wrap
from .svg import esc, text_lines
from .views import QUADRANTS, RankedGap, biggest_losses

Href = Callable[..., str]


# --- emotion curve -----------------------------------------------------------------------

def emotion_chart(journey: Journey) -> str:
    stages = journey.stages
    col = 130
    left = 120
    width = left + col * len(stages) + 20
    height = EMOTION_CHART.y(-2) + 120
    y = EMOTION_CHART.y

    def x(i: int) -> float:
        return left + col * i + col / 2

    parts = [f'<svg class="chart emotion-chart" xmlns="http://www.w3.org/2000/svg" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="ec-title ec-desc">',
             f'<title id="ec-title">Emotion curve of {esc(journey.title)}: now and desired</title>',
             f'<desc id="ec-desc">{esc(_emotion_desc(journey))}</desc>']
    for score in range(-2, 3):
        parts.append(f'<line class="grid{" zero" if score == 0 else ""}" x1="{left}" '
                     f'y1="{num(y(score))}" x2="{width - 20}" y2="{num(y(score))}"/>'
                     f'<text class="axis" x="{left - 10}" y="{num(y(score) + 4)}">'
                     f'{esc(signed(score))} {esc(EMOTION_WORDS[score])}</text>')
    now = [(x(i), y(s.emotion)) for i, s in enumerate(stages) if s.emotion is not None]
    aim = [(x(i), y(s.desired_emotion)) for i, s in enumerate(stages)
           if s.desired_emotion is not None]
    for i, stage in enumerate(stages):  # the gap to close, stage by stage
        if stage.emotion is not None and stage.desired_emotion is not None \
                and stage.desired_emotion != stage.emotion:
            parts.append(f'<line class="gap-bar" x1="{num(x(i))}" y1="{num(y(stage.emotion))}" '
                         f'x2="{num(x(i))}" y2="{num(y(stage.desired_emotion))}"/>')
    if len(aim) > 1:
        parts.append(f'<path class="line-aim" d="{smooth_path(aim, 0.3)}"/>')
    if len(now) > 1:
        parts.append(f'<path class="line-now" d="{smooth_path(now, 0.3)}"/>')
    parts += [f'<circle class="dot-aim" cx="{num(a)}" cy="{num(b)}" r="5"/>' for a, b in aim]
    parts += [f'<circle class="dot-now" cx="{num(a)}" cy="{num(b)}" r="6"/>' for a, b in now]
    for i, stage in enumerate(stages):
        lines = wrap(stage.name, max_em=(col - 12) / 12.5, max_lines=4)
        parts.append(f'<text class="stage-no" x="{num(x(i))}" y="{num(y(-2) + 28)}">'
                     f'{stage.position}</text>')
        parts.append(text_lines(lines, x(i), y(-2) + 46, 15, "stage-label"))
    parts.append("</svg>")
    return "".join(parts)


def _emotion_desc(journey: Journey) -> str:
    parts = []
    for s in journey.stages:
        now = signed(s.emotion) if s.emotion is not None else "not scored"
        aim = signed(s.desired_emotion) if s.desired_emotion is not None else "not set"
        parts.append(f"{s.position}. {s.name}: now {now}, aim {aim}")
    return "; ".join(parts)


# --- customer asset -------------------------------------------------------------------------

FLOWS = (("stayed", "Stayed"), ("grew", "Grew"), ("diminished", "Diminished"), ("left", "Left"))


def asset_chart(journey: Journey) -> str:
    stages = [s for s in journey.stages if s.metrics and s.metrics.figures()]
    worst = biggest_losses(journey)
    label_w, bar_w, row = 300, 560, 64
    width = label_w + bar_w + 240  # room for the note after the longest bar
    height = 40 + row * len(stages)
    top_count = max([s.metrics.entered or _total(s) for s in stages] + [1])
    parts = [f'<svg class="chart asset-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
             'aria-labelledby="ac-title">',
             f'<title id="ac-title">Customers entering each stage of {esc(journey.title)}, and '
             'how many stayed, grew, diminished or left</title>']
    for k, (key, word) in enumerate(FLOWS):
        parts.append(f'<rect class="flow-{key}" x="{label_w + k * 120}" y="8" '
                     f'width="14" height="14" rx="3"/><text class="legend" '
                     f'x="{label_w + k * 120 + 20}" y="20">{word}</text>')
    for i, stage in enumerate(stages):
        y0 = 40 + i * row
        metrics = stage.metrics
        entered = metrics.entered or _total(stage)
        scale = bar_w / top_count
        label = wrap(f"{stage.position}. {stage.name}", max_em=(label_w - 20) / 14, max_lines=2)
        parts.append(text_lines(label, 0, y0 + 18, 17, "stage-label"))
        parts.append(f'<rect class="entered" x="{label_w}" y="{y0 + 4}" '
                     f'width="{num(entered * scale)}" height="34" rx="4"/>')
        x = float(label_w)
        for key, word in FLOWS:
            value = getattr(metrics, key) or 0
            if not value:
                continue
            w = value * scale
            parts.append(f'<rect class="flow-{key}" x="{num(x)}" y="{y0 + 8}" width="{num(w)}" '
                         f'height="26"><title>{word}: {value}</title></rect>')
            x += w
        loss = metrics.left or 0
        note = f"{entered} in"
        if loss:
            note += f" · {loss} left ({loss * 100 // max(entered, 1)} %)"
        cls = "note worst" if stage.id in worst else "note"
        parts.append(f'<text class="{cls}" x="{num(label_w + entered * scale + 10)}" '
                     f'y="{y0 + 26}">{esc(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _total(stage: Stage) -> int:
    return sum(getattr(stage.metrics, key) or 0 for key, _ in FLOWS)


# --- impact / effort ------------------------------------------------------------------------

def gap_matrix(ranked: list[RankedGap], href: Href) -> str:
    size, pad = 520, 70
    cell = size / 5
    width, height = size + pad + 30, size + pad + 20
    parts = [f'<svg class="chart gap-matrix" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="group" '
             'aria-labelledby="gm-title">',
             '<title id="gm-title">Gaps by impact (up) and effort (right)</title>']
    quads = (("quick-win", 0, 0), ("big-bet", 1, 0), ("fill-in", 0, 1), ("money-pit", 1, 1))
    for key, qx, qy in quads:
        x0 = pad + (0 if qx == 0 else cell * 2)
        y0 = 10 + (0 if qy == 0 else cell * 3)
        w = cell * 2 if qx == 0 else cell * 3
        h = cell * 3 if qy == 0 else cell * 2
        parts.append(f'<rect class="quad quad-{key}" x="{num(x0)}" y="{num(y0)}" '
                     f'width="{num(w)}" height="{num(h)}"/>'
                     f'<text class="quad-label" x="{num(x0 + 10)}" y="{num(y0 + 22)}">'
                     f'{QUADRANTS[key][0]}</text>')
    for v in range(1, 6):
        parts.append(f'<text class="axis" x="{num(pad + cell * (v - 0.5))}" '
                     f'y="{num(size + 32)}">{v}</text>'
                     f'<text class="axis" x="{pad - 12}" y="{num(10 + cell * (5.5 - v) + 4)}">'
                     f'{v}</text>')
    parts.append(f'<text class="axis-title" x="{num(pad + size / 2)}" y="{size + 58}">'
                 'Effort (1 low to 5 high)</text>'
                 f'<text class="axis-title" transform="translate(18 {num(10 + size / 2)}) '
                 'rotate(-90)">Impact (1 low to 5 high)</text>')
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
        parts.append(f'<a class="gap-dot status-{item.gap.status}" href="{esc(href(item.stage, "gaps"))}" '
                     f'data-journey="{esc(item.journey.id)}" data-status="{item.gap.status}">'
                     f"<title>{item.number}. {esc(item.gap.title)} ({esc(item.stage.name)}; "
                     f"impact {item.gap.impact}, effort {item.gap.effort}, {item.gap.status})"
                     f'</title><circle cx="{num(cx)}" cy="{num(cy)}" r="12"/>'
                     f'<text x="{num(cx)}" y="{num(cy + 4.5)}">{item.number}</text></a>')
    parts.append("</svg>")
    return "".join(parts)
