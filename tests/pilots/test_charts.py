"""The SVG line chart: accessible, gaps for missing values, percent axis 0–100, numbers as in the table."""  # noqa: E501

import re
from decimal import Decimal

import pytest

from pilots.charts import Chart, ChartPoint, ChartTarget, format_number, line_chart_svg, nice_ticks


def _chart(values, **kwargs):
    return Chart(points=[ChartPoint(f"2025 K{i + 1}", v) for i, v in enumerate(values)], **kwargs)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("12.3456"), "12,3"),
        (Decimal("12.0"), "12"),
        (Decimal("1234.5"), "1\u202f235"),
        (Decimal("0"), "0"),
        (Decimal("-3.25"), "\u22123,3"),
        (None, ""),
        (99.95, "100"),
    ],
)
def test_format_number_is_swedish(value, expected):
    assert format_number(value) == expected


def test_chart_is_an_accessible_image():
    svg = line_chart_svg(
        _chart([Decimal(1)]), title="Antal <deltagare>", desc="Beskrivning", chart_id="x"
    )
    assert 'role="img"' in svg and 'aria-labelledby="x-title x-desc"' in svg
    assert '<title id="x-title">Antal &lt;deltagare&gt;</title>' in svg
    assert '<desc id="x-desc">Beskrivning</desc>' in svg


def test_missing_values_are_gaps_not_zero():
    svg = line_chart_svg(
        _chart([Decimal(10), Decimal(12), None, Decimal(15), Decimal(16)]), title="t", desc="d"
    )
    assert svg.count('class="point"') == 4
    assert svg.count('class="series"') == 2  # the line breaks at the missing period
    assert 'data-label="2025 K3"' not in svg


def test_single_isolated_value_is_a_point_without_line():
    svg = line_chart_svg(_chart([None, Decimal(5), None]), title="t", desc="d")
    assert svg.count('class="point"') == 1 and 'class="series"' not in svg


def _y_labels(svg: str) -> list[str]:
    return re.findall(
        r'<text x="50" y="[\d.]+" text-anchor="end" fill="#4a525c">([^<]+)</text>', svg
    )


def test_percent_axis_fits_the_values_instead_of_0_to_100():
    svg = line_chart_svg(
        _chart([Decimal("2.4"), Decimal("5"), Decimal("7.9")], percent=True), title="t", desc="d"
    )
    assert _y_labels(svg) == ["0\u00a0%", "2\u00a0%", "4\u00a0%", "6\u00a0%", "8\u00a0%"]
    near_full = line_chart_svg(
        _chart([Decimal("40"), Decimal("97")], percent=True), title="t", desc="d"
    )
    assert _y_labels(near_full)[-1] == "100\u00a0%"  # never beyond 100 %


def test_the_last_period_label_stays_inside_the_chart():
    points = [f"Kvartal {i} 2026" for i in range(1, 5)]
    chart = Chart(points=[ChartPoint(label, Decimal(i)) for i, label in enumerate(points)])
    svg = line_chart_svg(chart, title="t", desc="d")
    last = re.search(r'<text x="([\d.]+)" y="\d+" text-anchor="(\w+)"[^>]*>Kvartal 4 2026<', svg)
    assert last.group(2) == "end" and float(last.group(1)) <= 640


def test_baseline_is_dashed_and_target_is_a_marker():
    chart = _chart(
        [Decimal(10), Decimal(12)],
        baseline=Decimal(8),
        targets=[ChartTarget(1, Decimal(20), "Mål 2025")],
    )
    svg = line_chart_svg(chart, title="t", desc="d")
    assert re.search(r'class="baseline"[^>]*stroke-dasharray="6 4"[^>]*data-value="8"', svg)
    assert 'class="target"' in svg and 'data-value="20"' in svg


def test_point_values_are_the_formatted_numbers():
    svg = line_chart_svg(_chart([Decimal("10.04"), Decimal("12.25")]), title="t", desc="d")
    assert re.findall(r'class="point"[^>]*data-value="([^"]*)"', svg) == ["10", "12,3"]


def test_no_values_at_all_still_renders():
    svg = line_chart_svg(_chart([None, None]), title="t", desc="d")
    assert svg.startswith("<svg") and 'class="point"' not in svg


def test_negative_values_extend_the_axis_below_zero():
    assert nice_ticks(-3, 12)[0] < 0
    assert nice_ticks(0, 1)[-1] >= 1


def test_big_tick_labels_get_room_at_the_left():
    svg = line_chart_svg(_chart([Decimal(1_200_000), Decimal(3_400_000)]), title="t", desc="d")
    labels = re.findall(
        r'<text x="(\d+)" y="[\d.]+" text-anchor="end" fill="#4a525c">([^<]+)<', svg
    )
    widest = max(labels, key=lambda item: len(item[1]))
    assert len(widest[1]) == len("4\u202f000\u202f000")
    assert int(widest[0]) - len(widest[1]) * 12 * 0.62 >= 0
