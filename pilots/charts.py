"""Server-rendered, accessible SVG line charts of an indicator over reporting periods.

Plain Python (no Django imports) so it can be unit-tested. The caller passes translated text.
Missing values are gaps in the line, never zero; percent indicators always use a 0–100 axis.
Every drawn number goes through `format_number`, which the table alternative uses too, so the
chart and its table always say the same thing.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from partners.numbers import format_number as format_exact
from partners.numbers import format_rounded
from pilots.ticks import axis, nice_ticks, text_width  # noqa: F401  (nice_ticks: re-export)

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 16, 64
SERIES_COLOUR, BASELINE_COLOUR, TARGET_COLOUR, GRID_COLOUR = (
    "#0b5c5a",
    "#4a525c",
    "#b3261e",
    "#d5dcde",
)


def format_number(value: Decimal | float | int | None) -> str:
    """One decimal under 100, none above, in the active language's format ("42,5", "1 234";
    "42.5", "1,234"): the rule every chart and its table share (partners.numbers)."""
    return format_rounded(value) if value is not None else ""


def tick_labels(ticks: list[float]) -> list[str]:
    """The axis's tick labels with as many decimals as its step needs, the same on every tick
    ("0,01 0,02 0,03", "0,0 2,5 5,0", "1 000 000"), so small values never all read "0"."""
    step = (ticks[-1] - ticks[0]) / max(len(ticks) - 1, 1) or 1.0
    places = next(
        (p for p in range(8) if all(abs(round(t, p) - t) < step * 1e-6 for t in ticks)), 8
    )
    return [format_exact(t, places=places) for t in ticks]


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: Decimal | None


@dataclass(frozen=True)
class ChartTarget:
    position: float  # index among the points (may lie between or after them)
    value: Decimal
    label: str  # e.g. "Mål 2026-12-31"


@dataclass(frozen=True)
class ChartText:
    """Translated words the chart draws."""

    values: str = "Godkända värden"
    baseline: str = "Utgångsvärde"
    target: str = "Mål"


@dataclass
class Chart:
    points: list[ChartPoint]
    baseline: Decimal | None = None
    targets: list[ChartTarget] = field(default_factory=list)
    percent: bool = False
    unit: str = ""


def _axis(chart: Chart) -> list[float]:
    numbers = [float(p.value) for p in chart.points if p.value is not None]
    numbers += [float(t.value) for t in chart.targets]
    if chart.baseline is not None:
        numbers.append(float(chart.baseline))
    return axis(numbers, ceiling=100 if chart.percent else None)


def x_label(x: float, text: str, y: float, *, width: float, fill: str, size: int = 12) -> str:
    """An axis label centred under `x`, moved inside the drawing when it would be cut."""
    half = text_width(text, size) / 2
    anchor, at = "middle", x
    if x + half > width - 2:
        anchor, at = "end", width - 2
    elif x - half < 2:
        anchor, at = "start", 2
    return f'<text x="{at:.1f}" y="{y}" text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'


def line_chart_svg(
    chart: Chart, *, title: str, desc: str, text: ChartText = ChartText(), chart_id: str = "c"
) -> str:
    """The chart as an inline <svg role="img"> with <title> and <desc>."""
    ticks = _axis(chart)
    y_min, y_max = ticks[0], ticks[-1]
    tick_suffix = "\u00a0%" if chart.percent else ""
    # Room for the widest tick label, so "1 200 000" is never cut at the left edge.
    labels = tick_labels(ticks)
    left = round(max(LEFT, 12 + max(text_width(label + tick_suffix) for label in labels)))
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(chart.points)

    def x_at(position: float) -> float:
        if n <= 1:
            return left + plot_w / 2
        return left + plot_w * min(max(position, 0), n - 1) / (n - 1)

    def y_at(value: float) -> float:
        return TOP + plot_h * (1 - (value - y_min) / ((y_max - y_min) or 1))

    suffix = " %" if chart.percent else (f" {chart.unit}" if chart.unit else "")
    out = [
        f'<svg class="indicator-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '  # noqa: E501
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12" font-family="inherit">',  # noqa: E501
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for tick, label in zip(ticks, labels, strict=True):
        y = y_at(tick)
        out.append(
            f'<line x1="{left}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID_COLOUR}"/>'  # noqa: E501
        )
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#4a525c">'
            f"{escape(label)}{tick_suffix}</text>"
        )
    every = max(1, math.ceil(n / 8))
    for i, point in enumerate(chart.points):
        if (n - 1 - i) % every == 0:  # counted from the last period, which is always labelled
            out.append(
                x_label(x_at(i), point.label, HEIGHT - BOTTOM + 18, width=WIDTH, fill="#4a525c")
            )
    if chart.baseline is not None:
        y = y_at(float(chart.baseline))
        out.append(
            f'<line class="baseline" x1="{left}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{BASELINE_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4" '
            f'data-value="{format_number(chart.baseline)}"><title>{escape(text.baseline)}: '
            f"{escape(format_number(chart.baseline) + suffix)}</title></line>"
        )
    # The line: one segment per run of consecutive values, so a missing period is a gap.
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, point in enumerate(chart.points):
        if point.value is None:
            if segment:
                segments.append(segment)
            segment = []
        else:
            segment.append(f"{x_at(i):.1f},{y_at(float(point.value)):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        if len(seg) > 1:
            out.append(
                f'<polyline class="series" points="{" ".join(seg)}" fill="none" '
                f'stroke="{SERIES_COLOUR}" stroke-width="2.5" stroke-linejoin="round"/>'
            )
    for i, point in enumerate(chart.points):
        if point.value is not None:
            shown = format_number(point.value)
            out.append(
                f'<circle class="point" cx="{x_at(i):.1f}" cy="{y_at(float(point.value)):.1f}" r="4" '  # noqa: E501
                f'fill="{SERIES_COLOUR}" data-label="{escape(point.label)}" data-value="{shown}">'
                f"<title>{escape(point.label)}: {escape(shown + suffix)}</title></circle>"
            )
    for target in chart.targets:
        x, y = x_at(target.position), y_at(float(target.value))
        shown = format_number(target.value)
        out.append(
            f'<line class="target-line" x1="{left}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="1" stroke-dasharray="2 3"/>'
        )
        out.append(
            f'<path class="target" d="M{x:.1f} {y - 7:.1f}L{x + 7:.1f} {y:.1f}L{x:.1f} {y + 7:.1f}'
            f'L{x - 7:.1f} {y:.1f}Z" fill="{TARGET_COLOUR}" data-value="{shown}">'
            f"<title>{escape(target.label)}: {escape(shown + suffix)}</title></path>"
        )
    out.append(_legend(text, chart))
    out.append("</svg>")
    return "".join(out)


def _legend(text: ChartText, chart: Chart) -> str:
    y = HEIGHT - 16
    items = [
        f'<line x1="{LEFT}" x2="{LEFT + 24}" y1="{y}" y2="{y}" stroke="{SERIES_COLOUR}" stroke-width="2.5"/>'  # noqa: E501
        f'<text x="{LEFT + 30}" y="{y + 4}">{escape(text.values)}</text>'
    ]
    x = LEFT + 30 + text_width(text.values) + 24
    if chart.baseline is not None:
        items.append(
            f'<line x1="{x}" x2="{x + 24}" y1="{y}" y2="{y}" stroke="{BASELINE_COLOUR}" stroke-width="1.5" '  # noqa: E501
            f'stroke-dasharray="6 4"/><text x="{x + 30}" y="{y + 4}">{escape(text.baseline)}</text>'
        )
        x += 30 + text_width(text.baseline) + 24
    if chart.targets:
        items.append(
            f'<path d="M{x + 12} {y - 6}L{x + 18} {y}L{x + 12} {y + 6}L{x + 6} {y}Z" fill="{TARGET_COLOUR}"/>'  # noqa: E501
            f'<text x="{x + 30}" y="{y + 4}">{escape(text.target)}</text>'
        )
    return f'<g class="legend" aria-hidden="true" fill="#1b1f24">{"".join(items)}</g>'
