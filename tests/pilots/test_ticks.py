"""Axis ticks (Heckbert's nice numbers) and label fitting, shared by every chart."""

import itertools

import pytest

from pilots.ticks import axis, nice_number, nice_ticks, text_width, wrap


@pytest.mark.parametrize(
    ("value", "round_", "expected"),
    [
        (0.7, True, 0.5),
        (1.4, True, 1),
        (2.9, True, 2),
        (6.9, True, 5),
        (7.1, True, 10),
        (1.1, False, 2),
        (4.0, False, 5),
        (12, False, 20),
        (0.013, False, 0.02),
    ],
)
def test_nice_numbers_are_one_two_or_five_times_a_power_of_ten(value, round_, expected):
    assert nice_number(value, round_=round_) == pytest.approx(expected)


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
