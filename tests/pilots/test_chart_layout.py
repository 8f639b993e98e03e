"""Every server-rendered chart on the site, drawn with awkward data: its value axis fits the data
(no 0–100 % for 2–8 %), no text leaves the drawing (extents measured with the generous
pilots.ticks.text_width, per anchor, per font size), and bars start at their axis line.

The charts: the indicator line chart (pilots.charts), the tornado and who-pays/who-gains charts
(business_cases.charts), the peer band chart (benchmarking.charts) and the effect-by-year
chart (evidence.charts). The kommun maps draw no text and no axis (their legend is an HTML list).
"""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from benchmarking.charts import BandText, band_chart_svg
from business_cases.charts import gap_svg, tornado_svg
from evidence.charts import effect_chart_svg
from pilots.charts import Chart, ChartPoint, ChartTarget, ChartText, line_chart_svg
from pilots.ticks import text_width

NS = "{http://www.w3.org/2000/svg}"
LONG = "Minskad andel äldre med fallskador efter hemtjänstens och vårdcentralens insatser"


def _texts(svg: str):
    """(text, x, y, anchor, font_size, bold) for each drawn string, with inherited attributes."""
    root = ET.fromstring(svg)
    out = []

    def walk(node, inherited):
        attrs = {**inherited}
        for key in ("font-size", "text-anchor", "font-weight"):
            if key in node.attrib:
                attrs[key] = node.attrib[key]
        tag = node.tag.replace(NS, "")
        if tag in ("title", "desc"):
            return
        if tag in ("text", "tspan") and (node.text or "").strip():
            out.append(
                (
                    node.text,
                    float(node.attrib.get("x", attrs.get("x", 0))),
                    float(node.attrib.get("y", attrs.get("y", 0))),
                    attrs.get("text-anchor", "start"),
                    float(attrs.get("font-size", 16)),
                    attrs.get("font-weight", "normal") not in ("normal", "400"),
                )
            )
        if tag == "text":
            attrs["x"], attrs["y"] = node.attrib.get("x", 0), node.attrib.get("y", 0)
        for child in node:
            walk(child, attrs)

    walk(root, {})
    return root, out


def assert_no_text_is_clipped(svg: str):
    root, texts = _texts(svg)
    _x, _y, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert texts
    for text, x, y, anchor, size, bold in texts:
        w = text_width(text, size, bold)
        left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        assert left >= 0, f"{text!r} cut at the left ({left:.1f})"
        assert left + w <= width, f"{text!r} cut at the right ({left + w:.1f} > {width})"
        assert y - size >= 0 and y + size * 0.3 <= height, f"{text!r} cut at the top or bottom"


def _y_ticks(svg: str) -> list[float]:
    """The value axis's tick labels: the end-anchored texts at the left of the drawing."""
    labels = [t for t, x, _y, anchor, *_ in _texts(svg)[1] if anchor == "end" and x < 150]
    return [
        float(t.replace("\u00a0%", "").replace("\u202f", "").replace(",", ".").replace("−", "-"))
        for t in labels
    ]


def _line_chart(values, **kwargs):
    points = [ChartPoint(f"Kvartal {i % 4 + 1} {2024 + i // 4}", v) for i, v in enumerate(values)]
    return line_chart_svg(Chart(points=points, **kwargs), title="t", desc="d")


@pytest.mark.parametrize(
    ("values", "percent"),
    [
        ([Decimal("2.4"), Decimal("5.1"), Decimal("7.9")], True),
        ([Decimal("96.5"), Decimal("98"), Decimal("99.2")], True),
        ([Decimal(1_250_000), Decimal(3_400_000), Decimal(2_900_000)], False),
        ([Decimal("-4.5"), Decimal("12.25"), None, Decimal("3")], False),
        ([Decimal("0.012"), Decimal("0.034")], False),
    ],
)
def test_the_indicator_chart_axis_fits_the_data_and_no_label_is_cut(values, percent):
    svg = _line_chart(
        values * 4,
        percent=percent,
        baseline=values[0],
        targets=[ChartTarget(20, values[-1] or Decimal(1), "Mål 2029-12-31")],
    )
    ticks = _y_ticks(svg)
    present = [float(v) for v in values if v is not None]
    step = ticks[1] - ticks[0]
    assert ticks[0] <= min(present) and ticks[-1] >= max(present)
    # Not 0–100 for 2–8 %: the axis is at most one step wider than the data plus zero.
    assert ticks[-1] - step < max(present)
    assert_no_text_is_clipped(svg)


def test_the_indicator_chart_legend_fits_in_english_and_long_words():
    svg = line_chart_svg(
        Chart(
            points=[ChartPoint("2026 Q4", Decimal(3)), ChartPoint("2027 Q1", Decimal(4))],
            baseline=Decimal(2),
            targets=[ChartTarget(1, Decimal(5), "Target")],
        ),
        title="t",
        desc="d",
        text=ChartText(values="Godkända värden (rapporterade)", baseline="Utgångsvärde 2025"),
    )
    assert_no_text_is_clipped(svg)


def test_the_band_chart_fits_its_data_and_labels():
    labels = [str(year) for year in range(2010, 2026)]
    own = [2.0 + i * 0.4 for i in range(16)]
    svg = band_chart_svg(
        labels,
        own,
        [v + 0.5 for v in own],
        [v - 1 for v in own],
        [v + 1.5 for v in own],
        title="t",
        desc="d",
        text=BandText(own="Vår kommun", mean="Jämförelsegruppens medel", band="Spann (min–max)"),
        percent=True,
    )
    ticks = _y_ticks(svg)
    assert ticks[0] <= 1.0 and ticks[-1] >= 9.5 and ticks[-1] <= 12
    assert_no_text_is_clipped(svg)


def _tornado(bars, base, **kwargs):
    return tornado_svg(
        bars,
        base=base,
        title="t",
        desc="d",
        base_label="Grundfall: nettonuvärde",
        axis_label="Förändring av nettonuvärdet jämfört med grundfallet",
        **kwargs,
    )


TORNADOS = [
    (
        [(LONG, -1_800_000.0, 4_200_000.0), ("Diskonteringsränta", 900_000.0, 1_400_000.0)],
        1.1e6,
    ),
    ([("Kostnad", 12_000.0, 98_000.0), ("Effekt", 40_000.0, 61_000.0)], 55_000.0),
    ([("Effekt", -950_000.0, -120_000.0)], -400_000.0),
    # Huge and tiny swings side by side, the widest far from the base.
    (
        [
            ("Kalkylränta 0–5 %", -123_456_789.0, 987_654_321.0),
            ("Kostnader +20/−20 %", 1_000.0, 1_200.0),
        ],
        1_100.0,
    ),
    # Both ends on the same side of the base case.
    ([("Nyttor −20/+20 %", 500_000.0, 800_000.0)], 400_000.0),
]


@pytest.mark.parametrize(("bars", "base"), TORNADOS)
def test_the_tornado_bars_start_at_the_zero_line_drawn_where_zero_is(bars, base):
    svg = _tornado(bars, base)
    assert_no_text_is_clipped(svg)
    root = ET.fromstring(svg)
    lines = root.findall(f"{NS}line")
    zero_line = next(ln for ln in lines if ln.get("class") == "zero")
    zero_x = float(zero_line.get("x1"))
    axis_line = next(ln for ln in lines if ln.get("class") == "axis")
    # The 0 line meets the axis and runs through every bar.
    assert float(zero_line.get("y2")) == float(axis_line.get("y1"))
    assert float(axis_line.get("x1")) <= zero_x <= float(axis_line.get("x2"))
    rects = root.findall(f"{NS}rect")
    assert rects
    for rect in rects:
        x, w, y = float(rect.get("x")), float(rect.get("width")), float(rect.get("y"))
        assert x == pytest.approx(zero_x, abs=0.1) or x + w == pytest.approx(zero_x, abs=0.1)
        assert float(axis_line.get("x1")) - 0.1 <= x and x + w <= float(axis_line.get("x2")) + 0.1
        assert float(zero_line.get("y1")) <= y and y + float(rect.get("height")) <= float(
            zero_line.get("y2")
        )
    # "0" is labelled under the 0 line, the other ticks are signed changes on the same scale.
    texts = _texts(svg)[1]
    zero_label = next(t for t in texts if t[0] == "0")
    assert zero_label[1] == pytest.approx(zero_x, abs=0.1)


def test_the_tornado_labels_each_bar_end_with_its_change_from_the_base_case():
    # The axis is the change in NPV from the base case, so the bar ends say the same.
    svg = _tornado([("Effekt", 40_000.0, 61_000.0)], 55_000.0)
    values = [t[0] for t in _texts(svg)[1] if t[4] == 11 and "kr" in t[0]]
    assert "−15\u202f000\u00a0kr" in values and "+6\u202f000\u00a0kr" in values


def test_the_tornado_wraps_long_english_labels_without_clipping():
    from django.utils.translation import override

    with override("en"):
        svg = _tornado(
            [
                ("Optimism bias ±10 percentage points on every line", -2_500_000.0, 900_000.0),
                ("Deadweight ±10 percentage points", -1_000_000.0, 700_000.0),
            ],
            600_000.0,
        )
    assert_no_text_is_clipped(svg)


def test_who_pays_and_who_gains_on_a_nice_axis_with_bars_meeting_the_centre():
    rows = [
        ("Kommunen (socialtjänst och äldreomsorg)", 2_300_000.0, 450_000.0),
        ("Regionen", 120_000.0, 3_950_000.0),
        ("Staten", 0.0, 80_000.0),
    ]
    svg = gap_svg(rows, title="t", desc="d", cost_label="Kostnader", benefit_label="Nyttor")
    assert_no_text_is_clipped(svg)
    root = ET.fromstring(svg)
    centre = float(next(ln for ln in root.iter(f"{NS}line") if ln.get("class") == "zero").get("x1"))
    for rect in root.iter(f"{NS}rect"):
        x, w = float(rect.get("x")), float(rect.get("width"))
        assert x == pytest.approx(centre, abs=0.1) or x + w == pytest.approx(centre, abs=0.1)
    tick_labels = [t for t, *_ in _texts(svg)[1] if t.endswith("kr") and t[0] not in "+−"]
    # 3,95 mkr at most: the scale ends at a round 4 mkr, not at the data's own maximum.
    assert "4\u00a0mkr" in tick_labels and "0\u00a0kr" in tick_labels


def test_the_effect_chart_keeps_zero_on_an_axis_that_fits():
    rows = [
        {"e": e, "estimate": 2.0 + e * 0.5, "low": 1.0 + e * 0.5, "high": 3.2 + e * 0.5}
        for e in range(-3, 6)
    ]
    svg = effect_chart_svg(rows, title="t", desc="d", axis_label="År sedan införande", chart_id="e")
    ticks = _y_ticks(svg)
    assert ticks[0] <= -0.5 and 0 in ticks and ticks[-1] >= 5.7 and ticks[-1] < 10
    assert_no_text_is_clipped(svg)
