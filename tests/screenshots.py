"""Screenshot comparison against stored baselines, with a pixel tolerance.

A pixel counts as different when any colour channel differs by more than
CHANNEL_TOLERANCE; a screenshot fails when more than AREA_TOLERANCE of its pixels
differ, or its size changed. On failure the new shot and a diff image (differences in
red over a faded copy) are written to tests/output/. `pytest --update-baselines`
stores new baselines instead.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops

BASELINES = Path(__file__).parent / "baselines"
OUTPUT = Path(__file__).parent / "output"
CHANNEL_TOLERANCE = 40
AREA_TOLERANCE = 0.005


def compare(png: bytes, name: str, update: bool) -> None:
    baseline = BASELINES / f"{name}.png"
    OUTPUT.mkdir(exist_ok=True)
    actual_path = OUTPUT / f"{name}.actual.png"
    actual_path.write_bytes(png)
    if update or not baseline.exists():
        BASELINES.mkdir(exist_ok=True)
        baseline.write_bytes(png)
        if not update:
            raise AssertionError(f"no baseline for {name}: stored {baseline}; check it by eye "
                                 "and commit it")
        return
    actual = Image.open(actual_path).convert("RGB")
    expected = Image.open(baseline).convert("RGB")
    if actual.size != expected.size:
        raise AssertionError(f"{name}: size {actual.size} differs from baseline {expected.size}; "
                             f"see {actual_path}, or run pytest --update-baselines")
    diff = ImageChops.difference(actual, expected)
    channel_max = diff.split()
    mask = ImageChops.lighter(ImageChops.lighter(channel_max[0], channel_max[1]), channel_max[2])
    mask = mask.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    changed = sum(mask.histogram()[255:])
    ratio = changed / (actual.width * actual.height)
    if ratio > AREA_TOLERANCE:
        faded = Image.blend(expected, Image.new("RGB", expected.size, "white"), 0.7)
        faded.paste(Image.new("RGB", expected.size, (230, 0, 0)), mask=mask)
        diff_path = OUTPUT / f"{name}.diff.png"
        faded.save(diff_path)
        raise AssertionError(f"{name}: {ratio:.2%} of pixels differ (allowed "
                             f"{AREA_TOLERANCE:.2%}); see {diff_path}")
    actual_path.unlink()
