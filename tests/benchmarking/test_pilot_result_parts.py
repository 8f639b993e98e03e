"""Pilot results on the benchmark: the shared part (pilots everyone of the viewer's kind sees)
comes from the cache, the viewer's own other pilots are read live and added in."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarking import selectors
from benchmarking.benchmark import benchmark_for
from partners.factories import MembershipFactory
from tests.benchmarking.test_benchmark import _pilot_with_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _results(user):
    subject = selectors.subject_for("0380")
    peers = selectors.resolve_peers(subject=subject, key="lan", user=user)
    items = benchmark_for(
        subject=subject, peers=peers, kpis=[], gender="T", first=2024, last=2025, user=user
    )
    return {item.indicator_id: item.years[1].value.value for item in items}


def test_own_private_pilot_is_averaged_with_public_ones_and_outsiders_see_only_public(outsider):
    _public, indicator = _pilot_with_values(["0380"], values=(10, 20))
    private, _ = _pilot_with_values(
        ["0380"], values=(60,), visibility="private", indicator=indicator
    )
    worker = MembershipFactory(organisation=private.lead_organisation).user
    assert _results(outsider) == {indicator.pk: 15}  # (10 + 20) / 2, the shared part
    assert _results(worker) == {indicator.pk: 30}  # (10 + 20 + 60) / 3: both parts
    assert _results(None) == {indicator.pk: 15}


def test_a_newly_approved_value_shows_at_once_with_a_warm_cache(outsider):
    _pilot, indicator = _pilot_with_values(["0380"], values=(10, 20))
    assert _results(outsider) == {indicator.pk: 15}
    _pilot_with_values(["0380"], values=(60,), indicator=indicator)  # another pilot reports
    assert _results(outsider) == {indicator.pk: 30}
    assert _results(None) == {indicator.pk: 30}


def test_signed_in_pilot_results_take_the_same_queries_however_many_pilots(
    outsider, django_assert_num_queries
):
    _pilot, indicator = _pilot_with_values(["0380"], values=(10,))
    _results(outsider)  # warm
    with CaptureQueriesContext(connection) as few:
        _results(outsider)
    for _ in range(3):
        _pilot_with_values(["0380", "0305"], values=(10, 20), indicator=indicator)
    _results(outsider)
    with django_assert_num_queries(len(few.captured_queries)):
        _results(outsider)
