"""Axis ticks (matplotlib's MaxNLocator) and label extents, shared by every chart."""

import itertools
import math

import pytest

from pilots.ticks import axis, nice_ticks, round_breaks, text_width, wrap


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([2, 8], [0, 2, 4, 6, 8]),  # a share of 2–8 %: not 0–100
        ([6.7, 8.5], [6.5, 7, 7.5, 8, 8.5]),  # far from zero: fit the data
        ([1_200_000, 3_400_000], [0, 1e6, 2e6, 3e6, 4e6]),
        ([-5, 12], [-5, 0, 5, 10, 15]),
        ([-3, -1], [-3, -2, -1, 0]),
        ([0.012, 0.034], [0, 0.01, 0.02, 0.03, 0.04]),
    ],
)
def test_axis_covers_the_data_with_round_ticks(values, expected):
    ticks = axis(values)
    assert ticks == pytest.approx(expected)
    assert ticks[0] <= min(values) and ticks[-1] >= max(values)


def test_percent_axis_stops_at_100_and_nothing_gives_an_axis():
    assert axis([40, 97], ceiling=100)[-1] == 100
    assert axis([]) == [0.0, 1.0]
    assert axis([5, 5])[0] == 0 and axis([5, 5])[-1] >= 5


def test_ticks_are_evenly_spaced():
    ticks = nice_ticks(0.3, 9.7)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1


def test_long_labels_wrap_to_two_lines_that_fit():
    lines = wrap("Optimismavdrag ±10 procentenheter för alla kostnader och nyttor", 150, 12)
    assert len(lines) == 2 and all(text_width(line, 12) <= 150 for line in lines)
    assert lines[-1].endswith("…")
    assert wrap("Kommun", 150) == ["Kommun"]


@pytest.mark.parametrize(
    ("low", "high"),
    [(2, 8), (0.3, 9.7), (-41, 3), (1_234, 987_654), (0.0012, 0.0087), (99.1, 99.9), (7, 7.2)],
)
def test_ticks_cover_the_data_with_few_round_steps(low, high):
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    assert 3 <= len(ticks) <= 7
    step = float(f"{ticks[1] - ticks[0]:.10g}")
    # Round: the step is 1, 2, 2.5 or 5 times a power of ten, and the axis wastes < 1 step.
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5))
    assert ticks[0] > low - step - 1e-9 and ticks[-1] < high + step + 1e-9


def test_text_width_is_generous_for_wide_letters_and_grows_with_size():
    assert text_width("WWWW") > text_width("iiii") * 2
    assert text_width("1 200 000 kr", 24) == pytest.approx(2 * text_width("1 200 000 kr", 12))
    assert text_width("Mål", bold=True) > text_width("Mål")
    # At least the width DejaVu Sans, Chromium's system-ui on Linux, gives "Kvartal 4 2026".
    assert text_width("Kvartal 4 2026", 12) >= 89


def test_map_legend_breaks_are_round_and_cover_the_values():
    values = [9.83, 10.4, 11.2, 12.6, 15.27]
    breaks = round_breaks(values, [9.83, 11.2, 12.6, 15.27])
    assert breaks == [9.5, 11.0, 12.5, 15.5]
    assert breaks[0] <= min(values) and breaks[-1] >= max(values)
    assert breaks == sorted(breaks)
