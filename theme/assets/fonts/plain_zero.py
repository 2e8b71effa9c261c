"""Makes atkinson-hyperlegible-plain-zero-*.woff2: Atkinson Hyperlegible's zero without its
slash, one glyph per file, which atlas.css lays over the zero of the full fonts
(`unicode-range: U+0030`).

Why: Atkinson Hyperlegible draws every zero slashed (to tell 0 from O), and has no OpenType
feature or alternate glyph for a plain one (its features are ccmp, frac, pnum and tnum;
`zero.tf` is the same slashed zero, tabular). In prose "40 to 300" then reads as "4Ø to 3ØØ".
The plain zero is the font's own: its outer contour kept, its two half-counters replaced by
the counter of the font's capital O, narrowed to the zero's width.

Run once, with fontTools and brotli installed (not needed to build a site):
    python theme/assets/fonts/plain_zero.py
The fonts are under the SIL Open Font License 1.1 (LICENSE-atkinson-hyperlegible.txt, which
declares no Reserved Font Name); the derived files carry a name of their own.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.pens.recordingPen import RecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
STYLES = ("400-normal", "700-normal", "400-italic")
NAME = "Atkinson Hyperlegible Plain Zero"


def contours(glyph_set, name: str) -> list[list[tuple[str, tuple]]]:
    pen = RecordingPen()
    glyph_set[name].draw(pen)
    found, current = [], []
    for op, args in pen.value:
        current.append((op, args))
        if op in ("closePath", "endPath"):
            found.append(current)
            current = []
    return found


def bounds(contour) -> tuple[float, float, float, float]:
    points = [point for _, args in contour for point in args]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def replay(contour, pen) -> None:
    for op, args in contour:
        getattr(pen, op)(*args)


def plain_zero(font: TTFont):
    glyph_set = font.getGlyphSet()
    outer, *halves = sorted(contours(glyph_set, "zero"), key=lambda c: bounds(c)[0])
    assert len(halves) == 2, "expected a zero with a slash through its counter"
    o_counter = contours(glyph_set, "O")[1]
    # Where the slashed zero's counter is: the two halves together.
    boxes = [bounds(c) for c in halves]
    left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
    ox0, oy0, ox1, oy1 = bounds(o_counter)
    sx, sy = (right - left) / (ox1 - ox0), (top - bottom) / (oy1 - oy0)
    pen = TTGlyphPen(glyph_set)
    replay(outer, pen)
    replay(o_counter, TransformPen(pen, (sx, 0, 0, sy, left - ox0 * sx, bottom - oy0 * sy)))
    return pen.glyph()


def make(style: str) -> Path:
    source = HERE / f"atkinson-hyperlegible-latin-{style}.woff2"
    font = TTFont(source)
    zero = plain_zero(font)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[0x30])
    subsetter.subset(font)
    font["glyf"]["zero"] = zero
    zero.recalcBounds(font["glyf"])
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6):
            text = record.toUnicode()
            record.string = (text.replace("AtkinsonHyperlegible", NAME.replace(" ", ""))
                             if record.nameID == 6 else text.replace("Atkinson Hyperlegible", NAME))
    target = HERE / f"atkinson-hyperlegible-plain-zero-{style}.woff2"
    font.save(target)
    return target


if __name__ == "__main__":
    for style in STYLES:
        print(make(style))
