"""Markup helpers for the drawings still written in Python: every text goes through `esc`,
so no text from content can become markup. Numbers and text layout are in
drawings/geometry.py."""

from __future__ import annotations

from html import escape
from typing import Sequence

from .drawings.geometry import num


def esc(text: object) -> str:
    """Escape text for SVG/HTML content and attribute values (quotes included)."""
    return escape(str(text), quote=True)


def text_lines(lines: Sequence[str], x: float, y: float, line_height: float, cls: str) -> str:
    spans = "".join(f'<tspan x="{num(x)}" dy="{num(0 if i == 0 else line_height)}">{esc(line)}'
                    f"</tspan>" for i, line in enumerate(lines))
    return f'<text class="{cls}" x="{num(x)}" y="{num(y)}">{spans}</text>'
