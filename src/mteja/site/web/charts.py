"""Bar charts drawn on the server as SVG: the geometry here, the drawing in
templates/site/_chart.html. No script and no style attribute (the Content-Security-Policy
allows neither inline): bars and text take their colours from CSS classes, which follow the
page's light or dark theme, and every chart comes with the table of its figures.

A chart is categories (clients by status, by loan officer: one horizontal bar each) or periods
(months: a group of vertical bars per period, one per series).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# In the SVG's own units: it is drawn as wide as its column (about 480 pixels on a desktop,
# 360 on a phone), its texts scaled with it.
WIDTH = 480
ROW = 28  # a horizontal bar's row height
LABEL_WIDTH = 150  # room for the categories' names, left of their bars
VALUE_ROOM = 56  # room for a bar's figure, right of its end
COLUMN_HEIGHT = 160  # the plot's height in a chart of periods
AXIS_ROOM = 30  # under the plot: the periods' names
SCALE_ROOM = 40  # left of the plot: the scale's figures
LABEL_CHARACTERS = 20


@dataclass(frozen=True)
class Series:
    key: str  # the CSS class of its bars: chart-<key>
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str  # what the bar counts, in words (its tooltip)
    css: str
    url: str | None = None


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str | int
    anchor: str = "start"  # SVG text-anchor
    css: str = ""


@dataclass
class Chart:
    """What a chart's template draws: a title, the SVG's size, its bars and texts, the
    series' legend, and the same figures as a table (`columns` heads, `rows` of cells)."""

    key: str  # the chart's id on the page
    title: str
    height: float
    bars: list[Bar] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[float] = field(default_factory=list)  # the scale's horizontal rules (y)
    series: list[Series] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[list, str | None]] = field(default_factory=list)  # (cells, link)
    width: int = WIDTH
    rules_from: int = SCALE_ROOM  # where the scale's rules start (x)

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else f"{text[: LABEL_CHARACTERS - 1]}…"


def _nice_maximum(largest: int) -> int:
    """The top of the scale: `largest` rounded up to 1, 2 or 5 times a power of ten."""
    if largest <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if largest <= factor * step:
                return factor * step
        step *= 10


@dataclass(frozen=True)
class Category:
    label: str
    value: int
    css: str = "chart-bar"
    url: str | None = None


def categories_chart(key: str, title: str, heading: str, count_heading: str, items) -> Chart:
    """One horizontal bar per category, its length proportional to its value, the value
    written after it; the table lists category and value."""
    items = list(items)
    chart = Chart(key, title, height=max(len(items), 1) * ROW + 8)
    largest = max((item.value for item in items), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    for index, item in enumerate(items):
        top = 4 + index * ROW
        length = room * item.value / largest
        chart.bars.append(
            Bar(LABEL_WIDTH, top + 4, length, ROW - 8, item.value, item.label, item.css, item.url)
        )
        middle = top + ROW / 2 + 4
        chart.texts.append(Text(LABEL_WIDTH - 8, middle, _short(item.label), "end"))
        chart.texts.append(Text(LABEL_WIDTH + length + 6, middle, item.value, css="chart-value"))
    chart.columns = [heading, count_heading]
    chart.rows = [([item.label, item.value], item.url) for item in items]
    return chart


@dataclass(frozen=True)
class Period:
    label: str  # short, under its bars (a month's abbreviation)
    name: str  # in full, in the table and the tooltips
    values: tuple[int, ...]  # one per series


def periods_chart(key: str, title: str, heading: str, series: list[Series], periods) -> Chart:
    """A group of vertical bars per period, one per series, on a scale from zero to a round
    figure above the largest value; the table has a row per period, a column per series."""
    periods = list(periods)
    chart = Chart(key, title, height=COLUMN_HEIGHT + AXIS_ROOM + 8, series=series)
    top = _nice_maximum(max((v for p in periods for v in p.values), default=0))
    plot_bottom = 8 + COLUMN_HEIGHT
    for figure in sorted({0, top // 2, top}):
        y = plot_bottom - COLUMN_HEIGHT * figure / top
        chart.lines.append(y)
        chart.texts.append(Text(SCALE_ROOM - 6, y + 4, figure, "end", "chart-scale"))
    slot = (WIDTH - SCALE_ROOM) / max(len(periods), 1)
    bar_width = slot * 0.8 / max(len(series), 1)
    for index, period in enumerate(periods):
        left = SCALE_ROOM + index * slot + slot * 0.1
        for number, (one, value) in enumerate(zip(series, period.values, strict=True)):
            height = COLUMN_HEIGHT * value / top
            chart.bars.append(
                Bar(
                    left + number * bar_width,
                    plot_bottom - height,
                    bar_width - 1,
                    height,
                    value,
                    f"{period.name} · {one.label}",
                    f"chart-{one.key}",
                )
            )
        chart.texts.append(Text(left + slot * 0.4, plot_bottom + 18, period.label, "middle"))
    chart.columns = [heading, *(one.label for one in series)]
    chart.rows = [([period.name, *period.values], None) for period in periods]
    return chart
