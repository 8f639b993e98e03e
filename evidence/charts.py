"""SVG of an effect by year since adoption: a point per year with its 95 % interval as a line,
a zero line and a mark at adoption. Plain Python, drawn on the server like every chart on the site
(no script, no inline style, so the strict CSP holds); the caller passes translated text. The
table beside it carries the same numbers for those who cannot see the chart."""

from html import escape

from pilots.charts import format_number, tick_labels
from pilots.ticks import axis, text_width

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 16, 56
POINT, PRE, GRID, INK, ZERO = "#0b5c5a", "#6b7780", "#d5dcde", "#4a525c", "#1b1f24"


def effect_chart_svg(
    rows: list[dict], *, title: str, desc: str, axis_label: str, chart_id: str
) -> str:
    """rows: {"e", "estimate", "low", "high"}; years before adoption (e < 0) drawn grey."""
    rows = [r for r in rows if r.get("estimate") is not None]
    if not rows:
        return ""
    numbers = [0.0] + [
        v for r in rows for v in (r["low"], r["high"], r["estimate"]) if v is not None
    ]
    # Zero is always on the axis: the zero line is what an effect is read against.
    ticks = axis(numbers)
    y_min, y_max = ticks[0], ticks[-1]
    labels = tick_labels(ticks)
    left = round(max(LEFT, 12 + max(text_width(label) for label in labels)))
    events = [r["e"] for r in rows]
    e_min, e_max = min(events), max(events)
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(e_max - e_min, 1)

    def x(e: float) -> float:
        return left + 12 + (plot_w - 24) * (e - e_min) / span

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - y_min) / ((y_max - y_min) or 1))

    out = [
        f'<svg class="effect-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '  # noqa: E501
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="12" font-family="inherit">',  # noqa: E501
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>',  # noqa: E501
    ]
    for tick, label in zip(ticks, labels, strict=True):
        out.append(
            f'<line x1="{left}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}"/>'  # noqa: E501
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(label)}</text>"
        )
    out.append(
        f'<line class="zero" x1="{left}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" '
        f'stroke="{ZERO}" stroke-width="1.5"/>'
    )
    if e_min < 0 <= e_max:
        ax = (x(-1) + x(0)) / 2
        out.append(
            f'<line class="adoption" x1="{ax:.1f}" x2="{ax:.1f}" y1="{TOP}" y2="{TOP + plot_h}" '
            f'stroke="{INK}" stroke-dasharray="4 4"/>'
        )
    for e in range(e_min, e_max + 1):
        out.append(
            f'<text x="{x(e):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" fill="{INK}">{e}</text>'  # noqa: E501
        )
    out.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{HEIGHT - 14}" text-anchor="middle" fill="{INK}">'
        f"{escape(axis_label)}</text>"
    )
    for r in rows:
        colour = PRE if r["e"] < 0 else POINT
        if r.get("low") is not None and r.get("high") is not None:
            out.append(
                f'<line class="interval" x1="{x(r["e"]):.1f}" x2="{x(r["e"]):.1f}" '
                f'y1="{y(r["low"]):.1f}" y2="{y(r["high"]):.1f}" stroke="{colour}" stroke-width="2"/>'  # noqa: E501
            )
        shown = format_number(r["estimate"])
        out.append(
            f'<circle class="point" cx="{x(r["e"]):.1f}" cy="{y(r["estimate"]):.1f}" r="4" '
            f'fill="{colour}" data-e="{r["e"]}" data-value="{escape(shown)}">'
            f"<title>{r['e']}: {escape(shown)}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)
