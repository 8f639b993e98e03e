"""A private pilot's results never reach a public programme page, not even inside an aggregate."""

import pytest
from django.contrib.auth.models import AnonymousUser

from pilots.models import Visibility
from programmes import selectors

from .helpers import portfolio

pytestmark = pytest.mark.django_db


def test_public_aggregates_count_only_pilots_the_visitor_may_see(organisation):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=6, periods=1)
    private = members[0].pilot
    private.visibility = Visibility.PRIVATE
    private.save()

    public_ids = selectors.aggregate_pilot_ids(programme=programme, user=AnonymousUser())
    assert private.pk not in public_ids and len(public_ids) == 5


def test_funders_aggregates_include_every_accepted_pilot(organisation, org_admin):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=6, periods=1)
    members[0].pilot.visibility = Visibility.PRIVATE
    members[0].pilot.save()
    assert len(selectors.aggregate_pilot_ids(programme=programme, user=org_admin)) == 6


def test_public_page_sum_leaves_out_the_private_pilot(client, organisation):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=6, periods=1)
    members[0].pilot.visibility = Visibility.PRIVATE
    members[0].pilot.save()
    body = client.get(f"/program/{programme.slug}/").content.decode()
    assert "50" in body  # 5 visible pilots × 10 participants, not 60
    assert ">60<" not in body
