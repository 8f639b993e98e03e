"""SVG for benchmarking: a line chart against the peer band, and a choropleth map of Sweden.

Plain Python (no Django imports). Both reuse the pilots' drawing code: axis ticks and Swedish
number formatting from pilots.charts, kommun shapes and projection from pilots.maps, so every chart
and map on the site reads the same. The caller passes translated text.
"""

from dataclasses import dataclass
from html import escape

from pilots.charts import format_number, tick_labels, x_label
from pilots.maps import ProjectedMap
from pilots.ticks import axis, round_breaks, text_width

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 16, 70
OWN, MEAN, BAND, GRID, INK = "#0b5c5a", "#4a525c", "#cfe3e2", "#d5dcde", "#4a525c"
PALETTE = ("#e3f1f0", "#a9d4d0", "#62aea8", "#2b7f79", "#0b4542")
MISSING_FILL = "#ffffff"
SUBJECT_STROKE = "#b3261e"


@dataclass(frozen=True)
class BandText:
    own: str
    mean: str
    band: str


def _ticks(numbers: list[float], percent: bool) -> list[float]:
    return axis(numbers, ceiling=100 if percent else None)


def _segments(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive present points: a missing year is a gap, never zero."""
    runs, run = [], []
    for point in points:
        if point is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(point)
    if run:
        runs.append(run)
    return runs


def band_chart_svg(
    labels: list[str],
    own: list[float | None],
    mean: list[float | None],
    low: list[float | None],
    high: list[float | None],
    *,
    title: str,
    desc: str,
    text: BandText,
    percent: bool = False,
    chart_id: str = "b",
) -> str:
    """The area's values as a line over the peers' min–max band and mean line."""
    numbers = [v for series in (own, mean, low, high) for v in series if v is not None]
    ticks = _ticks(numbers, percent)
    y_min, y_max = ticks[0], ticks[-1]
    tick_text = tick_labels(ticks)
    left = round(max(LEFT, 12 + max(text_width(label) for label in tick_text)))
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(labels)

    def x(i: int) -> float:
        return left + (plot_w / 2 if n <= 1 else plot_w * i / (n - 1))

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - y_min) / ((y_max - y_min) or 1))

    out = [
        f'<svg class="band-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '  # noqa: E501
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12" font-family="inherit">',  # noqa: E501
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>',  # noqa: E501
    ]
    for tick, tick_label in zip(ticks, tick_text, strict=True):
        out.append(
            f'<line x1="{left}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}"/>'  # noqa: E501
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(tick_label)}</text>"
        )
    every = max(1, -(-n // 10))
    for i, label in enumerate(labels):
        if (n - 1 - i) % every == 0:
            out.append(x_label(x(i), label, HEIGHT - BOTTOM + 18, width=WIDTH, fill=INK))
    band = [
        (x(i), y(lo), y(hi)) if lo is not None and hi is not None else None
        for i, (lo, hi) in enumerate(zip(low, high, strict=True))
    ]
    for run in _segments([(b[0], i) if b else None for i, b in enumerate(band)]):
        upper = [f"{band[int(i)][0]:.1f},{band[int(i)][2]:.1f}" for _, i in run]
        lower = [f"{band[int(i)][0]:.1f},{band[int(i)][1]:.1f}" for _, i in reversed(run)]
        out.append(f'<polygon class="peer-band" points="{" ".join(upper + lower)}" fill="{BAND}"/>')
    for run in _segments([(x(i), y(v)) if v is not None else None for i, v in enumerate(mean)]):
        if len(run) > 1:
            pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in run)
            out.append(
                f'<polyline class="peer-mean" points="{pts}" fill="none" stroke="{MEAN}" stroke-width="2" stroke-dasharray="6 4"/>'  # noqa: E501
            )
    for run in _segments([(x(i), y(v)) if v is not None else None for i, v in enumerate(own)]):
        if len(run) > 1:
            pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in run)
            out.append(
                f'<polyline class="own" points="{pts}" fill="none" stroke="{OWN}" stroke-width="2.5"/>'  # noqa: E501
            )
    for i, v in enumerate(own):
        if v is not None:
            shown = format_number(v)
            out.append(
                f'<circle class="point" cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{OWN}" '
                f'data-label="{escape(labels[i])}" data-value="{shown}"><title>{escape(labels[i])}: {shown}</title></circle>'  # noqa: E501
            )
    ly = HEIGHT - 22
    mean_x = LEFT + 30 + text_width(text.own) + 24
    band_x = mean_x + 30 + text_width(text.mean) + 24
    out.append(
        f'<g class="legend" aria-hidden="true" fill="#1b1f24">'
        f'<line x1="{LEFT}" x2="{LEFT + 24}" y1="{ly}" y2="{ly}" stroke="{OWN}" stroke-width="2.5"/>'  # noqa: E501
        f'<text x="{LEFT + 30}" y="{ly + 4}">{escape(text.own)}</text>'
        f'<line x1="{mean_x:.0f}" x2="{mean_x + 24:.0f}" y1="{ly}" y2="{ly}" stroke="{MEAN}" stroke-width="2" stroke-dasharray="6 4"/>'  # noqa: E501
        f'<text x="{mean_x + 30:.0f}" y="{ly + 4}">{escape(text.mean)}</text>'
        f'<rect x="{band_x:.0f}" y="{ly - 6}" width="24" height="12" fill="{BAND}"/>'
        f'<text x="{band_x + 30:.0f}" y="{ly + 4}">{escape(text.band)}</text></g>'
    )
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class LegendClass:
    colour: str
    low: float
    high: float

    @property
    def label(self) -> str:
        return f"{format_number(self.low)}–{format_number(self.high)}"


def class_breaks(values: list[float], classes: int = len(PALETTE)) -> list[LegendClass]:
    """Quantile classes (at most `classes`, fewer when there are few distinct values), their
    breaks rounded to the data's nice tick precision (pilots.ticks.round_breaks)."""
    ordered = sorted(values)
    if not ordered:
        return []
    k = min(classes, len(set(ordered)))
    quantiles = [
        ordered[min(len(ordered) - 1, round(i * (len(ordered) - 1) / k))] for i in range(k + 1)
    ]
    # Rounded with the axes' tick logic, so the legend reads "10–15", not "9,83–15,27".
    bounds = round_breaks(ordered, quantiles)
    result, start = [], bounds[0]
    palette = PALETTE if k == len(PALETTE) else PALETTE[len(PALETTE) - k :]
    for i in range(k):
        end = bounds[i + 1]
        if result and end <= start:
            continue
        result.append(LegendClass(palette[min(i, len(palette) - 1)], start, end))
        start = end
    return result


def colour_for(value: float, legend: list[LegendClass]) -> str:
    for item in legend:
        if value <= item.high:
            return item.colour
    return legend[-1].colour


def choropleth_svg(
    projected: ProjectedMap,
    values: dict[str, float | None],
    legend: list[LegendClass],
    *,
    title: str,
    desc: str,
    missing_label: str,
    subject: str = "",
    region_level: bool = False,
) -> str:
    """Every kommun filled by its value (or its region's value when region_level); missing ones
    white with a grey outline. The subject's outline is drawn last and thick."""
    w, h = projected.width, projected.height
    out = [
        f'<svg class="choropleth" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:g} {h:g}" '
        f'role="img" aria-labelledby="cmap-title cmap-desc">',
        f'<title id="cmap-title">{escape(title)}</title><desc id="cmap-desc">{escape(desc)}</desc>',
    ]
    last = []
    for shape in projected.shapes:
        key = f"00{shape.code[:2]}" if region_level else shape.code
        value = values.get(key)
        fill = colour_for(value, legend) if value is not None and legend else MISSING_FILL
        shown = format_number(value) if value is not None else missing_label
        mine = key == subject
        element = (
            f'<path d="{shape.path}" class="kommun{" subject" if mine else ""}" fill="{fill}" '
            f'stroke="{SUBJECT_STROKE if mine else "#8a949c"}" stroke-width="{1.2 if mine else 0.2}" '  # noqa: E501
            f'data-code="{escape(shape.code)}" data-value="{escape(shown)}">'
            f"<title>{escape(shape.name)}: {escape(shown)}</title></path>"
        )
        (last if mine else out).append(element)
    out.extend(last)
    out.append("</svg>")
    return "".join(out)
