"""benchmarking.compute on examples worked out by hand."""

from decimal import Decimal

import pytest

from benchmarking import compute


def test_peer_mean_is_unweighted_and_counts_only_present_values():
    # 10 + 20 + 30 + 40 + 50 = 150; 150 / 5 = 30. The two None are missing, not zero.
    summary = compute.peer_summary([10, None, 20, 30, None, 40, 50])
    assert summary == compute.PeerSummary(n=5, mean=30.0, minimum=10.0, maximum=50.0)


def test_missing_is_not_zero():
    with_zero = compute.peer_summary([0, 10, 20, 30, 40])
    with_missing = compute.peer_summary([None, 10, 20, 30, 40, 50])
    assert with_zero.mean == 20.0  # (0+10+20+30+40)/5
    assert with_missing.mean == 30.0  # (10+20+30+40+50)/5
    assert compute.kolada_cell(None).reason == compute.MISSING
    assert compute.kolada_cell(0).value == 0.0
    assert compute.pilot_cell(None, persons=50).reason == compute.MISSING


def test_peer_figures_from_fewer_than_five_are_suppressed_with_a_reason():
    summary = compute.peer_summary([1, 2, 3, 4, None, None])
    assert summary.n == 4
    assert (summary.mean, summary.minimum, summary.maximum) == (None, None, None)
    assert summary.suppressed and summary.reason == compute.FEW_PEERS


def test_aggregate_path_matches_the_raw_path():
    values = [Decimal("1.5"), Decimal("2.5"), Decimal("3"), Decimal("7"), Decimal("11")]
    raw = compute.peer_summary(values)
    agg = compute.summary_from_aggregate(
        n=5, total=sum(values), minimum=min(values), maximum=max(values)
    )
    assert raw == agg and raw.mean == pytest.approx(5.0)


def test_pilot_figure_from_fewer_than_five_persons_is_suppressed():
    assert compute.pilot_cell(12.5, persons=4) == compute.Cell(None, compute.SMALL_COUNT)
    assert compute.pilot_cell(12.5, persons=5) == compute.Cell(12.5)
    assert compute.pilot_cell(12.5, persons=None) == compute.Cell(12.5)


def test_kolada_value_is_shown_whatever_its_count():
    # Kolada's count is 1 for a kommun: never a number of persons, never a reason to hide.
    assert compute.kolada_cell(12.5, count=1) == compute.Cell(12.5)
    assert compute.kolada_cell(12.5, "", count=3, is_group=True).members == 3
    assert compute.kolada_cell(None, "Missing") == compute.Cell(None, compute.MISSING, "Missing")


@pytest.mark.parametrize(
    ("subject", "direction", "expected"),
    [
        (60, "higher", 1),  # nobody above 60
        (30, "higher", 3),  # 50 and 40 are better; the peer with 30 ties and does not count
        (30, "lower", 2),  # only 10 is better
        (10, "lower", 1),  # ties with the best share rank 1
    ],
)
def test_rank_is_one_for_best_and_ties_share(subject, direction, expected):
    result = compute.rank(subject, [50, 40, 30, 10, None], direction)
    assert result.position == expected and result.of == 5


def test_rank_counts_the_subject_and_present_peers():
    result = compute.rank(5, [1, 2, 3, 4, None, None], "lower")
    assert result == compute.Rank(position=5, of=5)


def test_rank_among_fewer_than_five_is_suppressed():
    assert compute.rank(5, [1, 2, 3], "higher") == compute.Rank(None, 4, compute.FEW_RANKED)


def test_rank_needs_a_direction_and_a_value():
    assert compute.rank(5, [1, 2, 3, 4], "neutral").reason == compute.NO_DIRECTION
    assert compute.rank(5, [1, 2, 3, 4], "").reason == compute.DIRECTION_NOT_SET
    assert compute.rank(None, [1, 2, 3, 4], "higher").reason == compute.MISSING


def test_ranks_of_all_areas_use_competition_ranking():
    values = {"a": 10, "b": 30, "c": 30, "d": 5, "e": None}
    assert compute.ranks(values, "higher") == {"b": 1, "c": 1, "a": 3, "d": 4}
    assert compute.ranks(values, "lower") == {"d": 1, "a": 2, "b": 3, "c": 3}
    assert compute.ranks(values, "neutral") == {}


def test_slope_by_hand():
    # x: 2020, 2021, 2022; y: 1, 3, 5 → slope 2 per year
    assert compute.slope([(2020, 1.0), (2021, 3.0), (2022, 5.0)]) == pytest.approx(2.0)
    # y: 2, 2, 5 → mean x 2021, mean y 3; sxy = (-1)(-1) + 0 + (1)(2) = 3; sxx = 2 → 1.5
    assert compute.slope([(2020, 2.0), (2021, 2.0), (2022, 5.0)]) == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("values", "direction", "movement", "judgement"),
    [
        ([10, 12, 14], "higher", "up", "good"),
        ([10, 12, 14], "lower", "up", "bad"),
        ([14, 12, 10], "lower", "down", "good"),
        ([14, 12, 10], "higher", "down", "bad"),
        ([14, 12, 10], "neutral", "down", "neutral"),
        ([100, 100.1, 100.2], "higher", "stable", "neutral"),  # 0.1 per year < 0.5 % of 100
    ],
)
def test_trend_is_judged_by_direction(values, direction, movement, judgement):
    result = compute.trend(zip([2020, 2021, 2022], values, strict=True), direction)
    assert (result.movement, result.judgement) == (movement, judgement)


def test_trend_skips_missing_years_and_needs_three():
    result = compute.trend([(2020, 10), (2021, None), (2022, 14), (2023, 16)], "higher")
    assert result.years == 3 and result.judgement == "good"
    # (2020,10), (2022,14), (2023,16): mean x 2021.667, mean y 13.333;
    # sxy = (-1.667)(-3.333) + (0.333)(0.667) + (1.333)(2.667) = 5.556 + 0.222 + 3.556 = 9.333
    # sxx = 2.778 + 0.111 + 1.778 = 4.667 → slope 2.0
    assert result.slope == pytest.approx(2.0)
    assert compute.trend([(2020, 1), (2021, None), (2022, 2)], "higher").reason == compute.FEW_YEARS


def test_verdict_follows_the_rank_not_the_mean():
    # The walkthrough's case: higher is better, 192 pulls the peers' mean (83.1) above the
    # area's 73.7, yet only that one peer is better: rank 2 of 7 is among the best quarter.
    peers = [192, 70, 60, 55, 52, 51.5]
    place = compute.rank(73.7, peers, "higher")
    assert place == compute.Rank(2, 7)
    assert compute.peer_summary(peers).mean > 73.7
    assert compute.standing(place.position, place.of) == compute.BEST_QUARTER
    # 1/6 ≤ ¼ above → best quarter; a half → middle; ≥ ¾ above → worst quarter.
    assert compute.standing(1, 5) == compute.BEST_QUARTER
    assert compute.standing(3, 5) == compute.MIDDLE
    assert compute.standing(4, 5) == compute.WORST_QUARTER
    assert compute.standing(19, 23) == compute.WORST_QUARTER
    # Ties share the best rank, and so the better verdict: all equal is the best quarter.
    assert compute.rank(10, [10, 10, 10, 10], "lower") == compute.Rank(1, 5)
    # No rank (no value, no direction, too few): no verdict either.
    assert compute.standing(None, 8) is None
    assert compute.standing(1, 1) is None


def test_counts_of_persons_or_events_are_told_from_rates():
    def count(name, unit, measure="number"):
        return compute.is_absolute_count(measure=measure, name=name, unit=unit)

    assert count("Antal deltagare i insatsen", "personer")
    assert count("Fallolyckor som krävt vård", "händelser")
    assert count("Antal förskrivningar av fysisk aktivitet på recept (FaR)", "förskrivningar")
    assert not count("Fallskador bland personer 65 år och äldre", "per 1 000 invånare")
    assert not count("Kostnad per deltagare", "kr")
    assert not count("Sjukfrånvarodagar per anställd", "dagar per anställd")
    assert not count("Minuter fysisk aktivitet per dag", "minuter")
    assert not count("Andel som fullföljt insatsen", "%", measure="percent")
