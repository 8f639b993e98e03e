"""Organisations are rejected in the admin, never deleted (a delete would skip the audit trail)."""

import pytest

from partners.groups import ensure_coordinator_group
from partners.models import Organisation

pytestmark = pytest.mark.django_db


def test_coordinator_cannot_delete_an_organisation_in_the_admin(client, coordinator, organisation):
    ensure_coordinator_group()
    client.force_login(coordinator)
    url = f"/admin/partners/organisations/delete/{organisation.pk}/"
    assert client.get(url).status_code in (302, 403)
    client.post(url)
    assert Organisation.objects.filter(pk=organisation.pk).exists()
