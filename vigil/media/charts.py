"""Charts as inline SVG, drawn from plain numbers at build time: bars, and a line. Pure:
numbers and finished words in, markup out; no dependency, no script.

Each chart is an image for assistive technology (role="img"), named by a heading of the
page (`labelledby`: its id); the page puts the chart's figures in a table beside it. Every
text is real SVG text. Colours come from the stylesheet through classes (static/css/site.css,
"Charts"), so that a chart follows the light and the dark theme. The drawing is in viewBox
units and scales to the width it is given (a phone's, a column's), keeping its proportions.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 360                          # viewBox units: about the width of a phone's column, so
                                     # that the text is read there at about its size

# Bars: the label on a line of its own, the bar under it, its number after it.
LABEL = 20                           # from a row's top to the label's baseline
BAR_TOP = 27
BAR = 16
ROW = 52
NUMBER_ROOM = 64                     # after the longest bar, for its number ("10,000")

# The line: room for the numbers of the scale on the left, and the years under it.
HEIGHT = 210
LEFT, RIGHT, TOP, BOTTOM = 48, 20, 12, 28


@dataclass(frozen=True)
class Bar:
    label: str                       # what it counts, in the page's language
    value: int
    shown: str                       # the value as the page writes it: 1,234; 1 234
    tone: str = ""                   # a colour of the stylesheet's: held, released, died


def svg(labelledby: str, height: float, kind: str, body: list[str]) -> Markup:
    return Markup(f'<svg class="chart {kind}-chart" viewBox="0 0 {WIDTH} {fmt(height)}" role="img" '
                  f'aria-labelledby="{escape(labelledby)}" xmlns="http://www.w3.org/2000/svg">'
                  + "".join(body) + "</svg>")


def fmt(x: float) -> str:
    """A coordinate, to a tenth of a unit."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def bar_chart(bars: Sequence[Bar], labelledby: str) -> Markup:
    """Horizontal bars from 0, the longest as long as there is room for."""
    longest = max((bar.value for bar in bars), default=0) or 1
    room = WIDTH - NUMBER_ROOM
    body = []
    for i, bar in enumerate(bars):
        top = i * ROW
        length = room * bar.value / longest
        tone = f" chart-bar-{escape(bar.tone)}" if bar.tone else ""
        body.append(
            f'<text class="chart-label" x="0" y="{fmt(top + LABEL)}">{escape(bar.label)}</text>'
            f'<rect class="chart-bar{tone}" x="0" y="{fmt(top + BAR_TOP)}" width="{fmt(length)}" '
            f'height="{BAR}"/>'
            f'<text class="chart-value" x="{fmt(length + 6)}" y="{fmt(top + BAR_TOP + BAR - 3)}">'
            f'{escape(bar.shown)}</text>')
    return svg(labelledby, max(len(bars), 1) * ROW - (ROW - BAR_TOP - BAR) + 4, "bar", body)


def line_chart(points: Sequence[tuple[int, int]], x_ticks: Sequence[tuple[int, str]],
               number: Callable[[int], str], labelledby: str) -> Markup:
    """A line through (x, y) points in the order of x, over the area under it, with a scale
    of round numbers from 0 and a mark at each of `x_ticks` ((x, label))."""
    low = min((x for x, _ in points), default=0)
    high = max((x for x, _ in points), default=1)
    scale = value_ticks(max((y for _, y in points), default=0))
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    def at_x(x: float) -> float:
        return LEFT + width * (x - low) / ((high - low) or 1)
    def at_y(y: float) -> float:
        return TOP + height * (1 - y / scale[-1])
    body = []
    line = " ".join(f"{fmt(at_x(x))},{fmt(at_y(y))}" for x, y in points)
    if points:
        floor = fmt(at_y(0))
        body.append(f'<polygon class="chart-area" points="{fmt(at_x(points[0][0]))},{floor} {line} '
                    f'{fmt(at_x(points[-1][0]))},{floor}"/>')
    for value in scale:
        y = fmt(at_y(value))
        body.append(f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>'
                    f'<text class="chart-scale" x="{LEFT - 6}" y="{fmt(at_y(value) + 4)}" '
                    f'text-anchor="end">{escape(number(value))}</text>')
    for x, label in x_ticks:
        tick = fmt(at_x(x))
        body.append(f'<line class="chart-tick" x1="{tick}" x2="{tick}" y1="{TOP + height}" '
                    f'y2="{TOP + height + 5}"/>'
                    f'<text class="chart-year" x="{tick}" y="{HEIGHT - 6}" text-anchor="middle">'
                    f'{escape(label)}</text>')
    if points:
        body.append(f'<polyline class="chart-line" points="{line}"/>')
    return svg(labelledby, HEIGHT, "line", body)


def value_ticks(highest: int, most: int = 5) -> tuple[int, ...]:
    """0 and round steps (1, 2 or 5 times a power of ten) up to at least `highest`, at most
    `most` steps: 0, 5, 10, 15, 20 for 17."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if -(-highest // (step * factor)) <= most:
                size = step * factor
                return tuple(range(0, size * max(1, -(-highest // size)) + 1, size))
        step *= 10
