"""Server-rendered, accessible SVG charts for business cases: the tornado (sensitivity of NPV)
and who pays / who gains (PV costs left in red, PV benefits right in green, per actor).

Plain Python (no Django imports). The caller passes translated text; each chart has a <title>
and <desc> and the page shows the same numbers in a table, so nothing depends on colour or
sight. Numbers go through `format_sek`, which the tables use too.
"""

from html import escape

from pilots.charts import format_number

COST_COLOUR, BENEFIT_COLOUR, AXIS_COLOUR, GRID_COLOUR, INK = (
    "#a4161a",
    "#1b6e35",
    "#1f2933",
    "#d5dcde",
    "#1f2933",
)
WIDTH = 720
ROW = 34
LABEL_WIDTH = 250


def format_sek(value: float | None, *, signed: bool = False) -> str:
    """Swedish money: "1,2 mkr" from a million, "85 000 kr" below; "−" for negatives."""
    if value is None:
        return "–"
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    number = abs(value)
    if number >= 1_000_000:
        text = format_number(round(number / 1_000_000, 1)) + " mkr"
    else:
        text = format_number(round(number)) + " kr"
    return sign + text


def format_ratio(value: float | None) -> str:
    """A benefit–cost ratio like "2,35"; "–" when undefined."""
    if value is None:
        return "–"
    return f"{value:.2f}".replace(".", ",").replace("-", "−")


def format_pct(value: float | None, places: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{places}f} %".replace(".", ",").replace("-", "−")


def _svg_open(height: int, chart_id: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="bc-chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="13">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def tornado_svg(
    bars: list[tuple[str, float, float]],
    *,
    base: float,
    title: str,
    desc: str,
    base_label: str,
    chart_id: str = "tornado",
) -> str:
    """`bars`: (label, NPV at the low end, NPV at the high end), widest first. A vertical line
    marks the base NPV, a dashed one zero."""
    height = 40 + ROW * max(len(bars), 1) + 30
    values = [base, 0.0, *[v for _l, lo, hi in bars for v in (lo, hi)]]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    plot_left, plot_right = LABEL_WIDTH, WIDTH - 20

    def x(value: float) -> float:
        return plot_left + (value - low) / span * (plot_right - plot_left)

    out = _svg_open(height, chart_id, title, desc)
    top, bottom = 30, 30 + ROW * len(bars)
    out.append(
        f'<line x1="{x(0):.1f}" y1="{top - 8}" x2="{x(0):.1f}" y2="{bottom + 4}" '
        f'stroke="{AXIS_COLOUR}" stroke-dasharray="4 3"/>'
        f'<text x="{x(0):.1f}" y="{bottom + 20}" text-anchor="middle" fill="{INK}">0</text>'
    )
    for i, (label, lo, hi) in enumerate(bars):
        y = top + i * ROW
        left, right = sorted((x(lo), x(hi)))
        out.append(
            f'<text x="{plot_left - 8}" y="{y + 17}" text-anchor="end" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        # Left of the base is the downside (red), right the upside (green).
        base_x = x(base)
        if left < base_x:
            out.append(
                f'<rect x="{left:.1f}" y="{y + 4}" width="{max(base_x - left, 1):.1f}" '
                f'height="{ROW - 10}" fill="{COST_COLOUR}"/>'
            )
        if right > base_x:
            out.append(
                f'<rect x="{base_x:.1f}" y="{y + 4}" width="{max(right - base_x, 1):.1f}" '
                f'height="{ROW - 10}" fill="{BENEFIT_COLOUR}"/>'
            )
        out.append(
            f'<text x="{max(left - 4, plot_left + 2):.1f}" y="{y + 17}" text-anchor="end" '
            f'font-size="11" fill="{INK}" class="bc-value">{escape(format_sek(min(lo, hi)))}</text>'
            if left - 4 > plot_left + 60
            else ""
        )
        out.append(
            f'<text x="{min(right + 4, plot_right):.1f}" y="{y + 17}" font-size="11" '
            f'fill="{INK}" class="bc-value">{escape(format_sek(max(lo, hi)))}</text>'
            if right + 60 < WIDTH
            else ""
        )
    out.append(
        f'<line x1="{x(base):.1f}" y1="{top - 8}" x2="{x(base):.1f}" y2="{bottom + 4}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="2"/>'
        f'<text x="{x(base):.1f}" y="{top - 12}" text-anchor="middle" fill="{INK}">'
        f"{escape(base_label)} {escape(format_sek(base))}</text>"
    )
    out.append("</svg>")
    return "".join(out)


def gap_svg(
    rows: list[tuple[str, float, float]],
    *,
    title: str,
    desc: str,
    cost_label: str,
    benefit_label: str,
    chart_id: str = "gap",
) -> str:
    """Who pays and who gains: per actor (label, PV costs, PV benefits) as bars either side of
    a centre line, costs to the left in red, benefits to the right in green."""
    height = 50 + ROW * max(len(rows), 1) + 10
    biggest = max([1.0, *[max(c, b) for _l, c, b in rows]])
    centre = LABEL_WIDTH + (WIDTH - LABEL_WIDTH) / 2
    half = (WIDTH - LABEL_WIDTH) / 2 - 80
    out = _svg_open(height, chart_id, title, desc)
    out.append(
        f'<text x="{centre - 8:.1f}" y="18" text-anchor="end" fill="{COST_COLOUR}" '
        f'font-weight="600">← {escape(cost_label)}</text>'
        f'<text x="{centre + 8:.1f}" y="18" fill="{BENEFIT_COLOUR}" font-weight="600">'
        f"{escape(benefit_label)} →</text>"
    )
    top = 34
    for i, (label, cost, benefit) in enumerate(rows):
        y = top + i * ROW
        out.append(
            f'<text x="{LABEL_WIDTH - 110}" y="{y + 17}" text-anchor="end" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        if cost > 0:
            w = max(cost / biggest * half, 1)
            out.append(
                f'<rect x="{centre - w:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW - 10}" '
                f'fill="{COST_COLOUR}"/><text x="{centre - w - 4:.1f}" y="{y + 17}" '
                f'text-anchor="end" font-size="11" fill="{INK}">−{escape(format_sek(cost))}</text>'
            )
        if benefit > 0:
            w = max(benefit / biggest * half, 1)
            out.append(
                f'<rect x="{centre:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW - 10}" '
                f'fill="{BENEFIT_COLOUR}"/><text x="{centre + w + 4:.1f}" y="{y + 17}" '
                f'font-size="11" fill="{INK}">+{escape(format_sek(benefit))}</text>'
            )
    out.append(
        f'<line x1="{centre:.1f}" y1="{top - 4}" x2="{centre:.1f}" y2="{top + ROW * len(rows)}" '
        f'stroke="{AXIS_COLOUR}"/>'
    )
    out.append("</svg>")
    return "".join(out)
