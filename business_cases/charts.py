"""Server-rendered, accessible SVG charts for business cases: the tornado (sensitivity of NPV)
and who pays / who gains (PV costs left in red, PV benefits right in green, per actor).

Plain Python (no Django imports). The caller passes translated text; each chart has a <title>
and <desc> and the page shows the same numbers in a table, so nothing depends on colour or
sight. Numbers go through `format_sek`, which the tables use too.
"""

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.translation import get_language

from partners.numbers import format_number as exact_number
from partners.numbers import format_percent
from pilots.ticks import axis, text_width, wrap

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
    """An estimate in money, rounded one way everywhere on the business-case pages and their
    charts: to 0,1 mkr from a million ("2,2 mkr"), to the nearest thousand below ("457 000 kr");
    "SEK 2.2m", "SEK 457,000" in English. A true minus sign for negatives, "+" when `signed`; an
    amount that rounds to nothing is "0 kr", without a sign. The estimates rest on assumptions,
    so more digits would claim a precision they do not have; the XLSX export keeps the exact
    figures (and `format_sek_exact` shows amounts someone typed)."""
    if value is None:
        return "–"
    # Half up, as every number in the portal (Python's round() would make 2 500 "2 000 kr").
    thousands = (Decimal(repr(abs(value))) / 1000).quantize(Decimal(1), ROUND_HALF_UP) * 1000
    english = (get_language() or "sv")[:2] == "en"
    if thousands == 0:
        return "SEK\u00a00" if english else "0\u00a0kr"
    sign = "−" if value < 0 else ("+" if signed else "")
    if thousands >= 1_000_000:
        # From the amount itself: 1 049 999 is "1,0 mkr", not 1 050 000's "1,1 mkr".
        amount = exact_number(Decimal(repr(abs(value))) / 1_000_000, places=1)
        text = f"SEK\u00a0{amount}m" if english else f"{amount}\u00a0mkr"
    else:
        amount = exact_number(thousands, places=0)
        text = f"SEK\u00a0{amount}" if english else f"{amount}\u00a0kr"
    return sign + text


def _tick_sek(value: float, *, signed: bool = False) -> str:
    """An axis tick: a round amount, so "4 mkr" rather than the estimates' "4,0 mkr"."""
    text = format_sek(value, signed=signed)
    return text.replace(",0\u00a0mkr", "\u00a0mkr").replace(".0m", "m")


def format_sek_exact(value: float | None) -> str:
    """An amount as someone typed it (a unit cost, an entered yearly amount), to the krona:
    "9 000 kr", "SEK 9,000"; "–" for None."""
    if value is None:
        return "–"
    text = exact_number(abs(value), places=0)
    english = (get_language() or "sv")[:2] == "en"
    money = f"SEK\u00a0{text}" if english else f"{text}\u00a0kr"
    return ("−" if round(value) < 0 else "") + money


def format_ratio(value: float | None) -> str:
    """A benefit–cost ratio like "2,35" ("2.35" in English); "–" when undefined."""
    if value is None:
        return "–"
    return exact_number(value, places=2)


def format_pct(value: float | None, places: int = 0) -> str:
    """A share given as a fraction (0.425) in percent: "42,5 %"."""
    if value is None:
        return "–"
    return format_percent(value * 100, places=places)


def _label(text: str, right: float, row_top: float, width: float) -> str:
    """A row label right-aligned at `right`, wrapped into two lines when it would not fit in
    `width` (never cut at the drawing's edge); the whole text stays in a <title>."""
    lines = wrap(text, width, 13, 2)
    if len(lines) == 1:
        return (
            f'<text x="{right}" y="{row_top + 17}" text-anchor="end" fill="{INK}">'
            f"{escape(text)}</text>"
        )
    # A space ends every line but the last, so the text read out or copied keeps its words apart
    # ("±10 procentenheter", not "±10procentenheter").
    spans = "".join(
        f'<tspan x="{right}" y="{row_top + 11 + 12 * i}">'
        f"{escape(line)}{' ' if i < len(lines) - 1 else ''}</tspan>"
        for i, line in enumerate(lines)
    )
    return (
        f'<text text-anchor="end" font-size="12" fill="{INK}"><title>{escape(text)}</title>'
        f"{spans}</text>"
    )


def _centred(text: str, x: float, y: float, size: int = 13) -> str:
    half = text_width(text, size) / 2
    at = min(max(x, half + 2), WIDTH - half - 2)
    return (
        f'<text x="{at:.1f}" y="{y}" text-anchor="middle" font-size="{size}" fill="{INK}">'
        f"{escape(text)}</text>"
    )


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
    axis_label: str = "",
    chart_id: str = "tornado",
) -> str:
    """`bars`: (label, NPV at the low end, NPV at the high end), widest first.

    The value axis is the change in NPV from the base case, so its 0 line is the base case: every
    bar starts at that line (red to the left: worse, green to the right: better), the line is drawn
    where 0 is, solid, through all bars, and the axis has nice signed ticks (pilots.ticks). The
    end of each bar is labelled with its change from the base case ("+2,1 mkr"), in the axis's
    terms and as the table beside the chart gives it. Labels are measured
    (pilots.ticks.text_width) and placed so none leaves the drawing."""
    deltas = [(label, lo - base, hi - base) for label, lo, hi in bars]
    ends = [v for _l, lo, hi in deltas for v in (lo, hi)]
    end_width = max([text_width(format_sek(v, signed=True), 11) for v in ends] or [0.0]) + 8
    height = 40 + ROW * max(len(bars), 1) + 34 + (18 if axis_label else 0)
    ticks = axis([0.0, *[v for _l, lo, hi in deltas for v in (lo, hi)]], count=5)
    low, high = min(ticks[0], 0.0), max(ticks[-1], 0.0)
    span = (high - low) or 1.0
    # Room for the row labels on the left and for a value label beyond either end of the axis.
    plot_left = LABEL_WIDTH + end_width
    plot_right = WIDTH - end_width

    def x(value: float) -> float:
        return plot_left + (value - low) / span * (plot_right - plot_left)

    out = _svg_open(height, chart_id, title, desc)
    top, bottom = 30, 30 + ROW * len(bars)
    zero = x(0.0)
    for tick in ticks:
        if tick == 0:
            continue
        out.append(
            f'<line class="tick" x1="{x(tick):.1f}" y1="{top - 4}" x2="{x(tick):.1f}" '
            f'y2="{bottom}" stroke="{GRID_COLOUR}"/>'
            + _centred(_tick_sek(tick, signed=True), x(tick), bottom + 18, size=11)
        )
    out.append(
        f'<line class="axis" x1="{plot_left:.1f}" y1="{bottom}" x2="{plot_right:.1f}" '
        f'y2="{bottom}" stroke="{AXIS_COLOUR}"/>' + _centred("0", zero, bottom + 18, size=11)
    )
    if axis_label:
        out.append(_centred(axis_label, (plot_left + plot_right) / 2, bottom + 36, size=11))
    for i, (label, lo, hi) in enumerate(deltas):
        y = top + i * ROW
        out.append(_label(label, LABEL_WIDTH - 8, y, LABEL_WIDTH - 12))
        worse, better = min(lo, hi, 0.0), max(lo, hi, 0.0)
        # Ends rounded first and the width taken between them, so a bar meets the 0 line
        # exactly (two roundings of x and width could leave a 0,1 px gap).
        centre = round(zero, 1)
        if worse < 0:
            left = round(x(worse), 1)
            out.append(
                f'<rect x="{left:.1f}" y="{y + 4}" width="{max(centre - left, 1):.1f}" '
                f'height="{ROW - 10}" fill="{COST_COLOUR}"/>'
            )
        if better > 0:
            right = round(x(better), 1)
            out.append(
                f'<rect x="{centre:.1f}" y="{y + 4}" width="{max(right - centre, 1):.1f}" '
                f'height="{ROW - 10}" fill="{BENEFIT_COLOUR}"/>'
            )
        # The change at each end, outside the bar (the plot leaves room for it).
        out.append(
            f'<text x="{x(worse) - 4:.1f}" y="{y + 17}" text-anchor="end" font-size="11" '
            f'fill="{INK}" class="bc-value">{escape(format_sek(min(lo, hi), signed=True))}</text>'
        )
        out.append(
            f'<text x="{x(better) + 4:.1f}" y="{y + 17}" font-size="11" '
            f'fill="{INK}" class="bc-value">{escape(format_sek(max(lo, hi), signed=True))}</text>'
        )
    # The 0 line (the base case) through every bar, on top of them, with the base NPV above.
    out.append(
        f'<line class="zero" x1="{zero:.1f}" y1="{top - 8}" x2="{zero:.1f}" y2="{bottom}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="2"/>'
        + _centred(f"{base_label} {format_sek(base)}", zero, top - 12)
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
    a centre line, costs to the left in red, benefits to the right in green, on a nice axis."""
    height = 50 + ROW * max(len(rows), 1) + 34
    # The scale is the shared nice axis (pilots.ticks), drawn below both sides of the centre.
    ticks = axis([1.0, *[max(c, b) for _l, c, b in rows]], count=3)
    biggest = ticks[-1]
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
        out.append(_label(label, LABEL_WIDTH - 110, y, LABEL_WIDTH - 116))
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
    bottom = top + ROW * len(rows)
    for tick in ticks:
        for side in {-1, 1} if tick else {0}:
            at = centre + side * tick / biggest * half
            out.append(
                f'<line class="tick" x1="{at:.1f}" y1="{bottom}" x2="{at:.1f}" y2="{bottom + 4}" '
                f'stroke="{AXIS_COLOUR}"/>' + _centred(_tick_sek(tick), at, bottom + 18, size=11)
            )
    out.append(
        f'<line x1="{centre - half:.1f}" y1="{bottom}" x2="{centre + half:.1f}" y2="{bottom}" '
        f'stroke="{GRID_COLOUR}"/>'
        f'<line class="zero" x1="{centre:.1f}" y1="{top - 4}" x2="{centre:.1f}" y2="{bottom}" '
        f'stroke="{AXIS_COLOUR}"/>'
    )
    out.append("</svg>")
    return "".join(out)
