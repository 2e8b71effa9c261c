"""The theme's colours: every one is a custom property with a light and a dark value, the
two dark sets agree, the drawings take their colours from the stylesheet, and nothing is
inverted to look dark."""

from __future__ import annotations

import re

from support import ROOT

THEME = ROOT / "theme"
CSS = (THEME / "assets/atlas.css").read_text(encoding="utf-8")
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(")
DECLARATION = re.compile(r"(--[a-z0-9-]+)\s*:\s*([^;]+);")


def _block_at(position: int) -> str:
    """The text between the brace after `position` and the brace that closes it."""
    at = CSS.index("{", position) + 1
    depth = 1
    for i in range(at, len(CSS)):
        depth += {"{": 1, "}": -1}.get(CSS[i], 0)
        if depth == 0:
            return CSS[at:i]
    raise AssertionError(f"a block at {position} is never closed")


def _block(start: str) -> str:
    return _block_at(CSS.index(start))


LIGHT = dict(DECLARATION.findall(_block(":root {")))
SYSTEM_DARK = dict(DECLARATION.findall(_block("@media screen and (prefers-color-scheme: dark)")))
CHOSEN_DARK = dict(DECLARATION.findall(_block(':root[data-colour-scheme="dark"]')))


def test_the_two_dark_sets_are_the_same():
    assert SYSTEM_DARK and SYSTEM_DARK == CHOSEN_DARK


def test_dark_overrides_only_colours_the_light_set_has():
    assert set(SYSTEM_DARK) - {"color-scheme"} <= set(LIGHT)
    assert "color-scheme: dark" in _block(':root[data-colour-scheme="dark"]')


def test_print_keeps_the_light_colours_even_when_the_reader_chose_dark():
    assert re.search(r'@media screen \{\s*:root\[data-colour-scheme="dark"\]', CSS)
    assert "@media screen and (prefers-color-scheme: dark)" in CSS


def test_rules_take_their_colours_from_custom_properties():
    """Outside :root and the dark sets, a literal colour is only allowed in print (always
    light), inside an inline SVG image (data: URL) and as translucent white, black or sun
    for shadows, overlays on the top bar and focus rings, which suit both schemes."""
    rest = CSS
    sets = (":root {", "@media screen and (prefers-color-scheme: dark)",
            ':root[data-colour-scheme="dark"]')
    printed = [_block_at(m.start()) for m in re.finditer(r"@media print", CSS)]
    for block in [_block(start) for start in sets] + printed:
        rest = rest.replace(block, "")
    rest = re.sub(r'url\("data:[^"]*"\)', "", rest)
    rest = re.sub(r"rgba\((0, 0, 0|255, 255, 255|242, 181, 68), [.\d]+\)", "", rest)
    assert [line.strip() for line in rest.splitlines() if COLOUR.search(line)] == []


def test_nothing_is_inverted_to_look_dark():
    assert not re.search(r"invert\s*\(", CSS)


def test_drawings_carry_no_colours_of_their_own():
    """So that dark mode restyles them: colours come from classes in atlas.css."""
    for template in (THEME / "partials/drawings").glob("*.svg.html"):
        text = template.read_text(encoding="utf-8")
        assert not COLOUR.search(text), template.name
        attributes = re.findall(r'\b(fill|stroke|stop-color|color)="([^"]*)"', text)
        assert all(value in ("none", "currentColor") or value.startswith("url(")
                   for _, value in attributes), (template.name, attributes)


def test_the_colour_scheme_script_is_tiny_and_runs_before_the_page_paints():
    script = (THEME / "assets/colour-scheme.js").read_text(encoding="utf-8")
    assert len(script) < 800
    main = (THEME / "main.html").read_text(encoding="utf-8")
    tag = re.search(r"<script src=\"\{\{ 'assets/colour-scheme.js'\|url \}\}\"([^>]*)>", main)
    assert tag and "defer" not in tag.group(1) and "async" not in tag.group(1)
    assert main.index("colour-scheme.js") < main.index("<body")
