"""The matrix's rates are cached for the programme's managers (the same for all of them) and
still show a new report at once; other users' rates are never read from that cache."""

import pytest
from django.urls import reverse

from monitoring import rules
from pilots.models import ReportStatus
from tests.monitoring.helpers import build, report

pytestmark = pytest.mark.django_db
URL = reverse("monitoring:matrix")


def test_a_managers_rates_change_at_once_after_a_submission(organisation, as_role):
    first, _second, programme = build(organisation)
    client, user = as_role("approver")  # an approver of the programme's owner: a manager
    assert rules.follows_whole_filter(user, programme)
    url = f"{URL}?programme={programme.slug}&year=2025"
    # The first pilot: K1 approved, K2 on time, K3 and K4 missing: 2 of 4 complete.
    assert "50\u00a0%" in client.get(url).content.decode()
    assert "50\u00a0%" in client.get(url).content.decode()  # from the cache
    third = list(first.periods.order_by("start"))[2]
    report(third, ReportStatus.SUBMITTED)
    html = client.get(url).content.decode()
    assert "75\u00a0%" in html and "50\u00a0%" not in html


def test_only_the_coordinator_and_managers_share_the_cache(
    organisation, other_organisation, as_role
):
    _first, _second, programme = build(organisation)
    _client, reporter = as_role("reporter")
    _client, outsider = as_role("other_member")
    _client, coordinator = as_role("coordinator")
    assert rules.follows_whole_filter(coordinator, None)
    assert not rules.follows_whole_filter(reporter, programme)
    assert not rules.follows_whole_filter(outsider, programme)
    assert not rules.follows_whole_filter(outsider, None)
