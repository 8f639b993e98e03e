"""Wagtail's autosave creates a new page as a draft as soon as one types; an editor who leaves
it and starts again is not blocked by it: their own never-published draft is set aside (kept,
under "<slug>-utkast-<id>"), while someone else's draft still holds its slug."""

import pytest

from cms.models import NationalGoalPage
from partners.factories import UserFactory
from tests.cms import helpers

pytestmark = pytest.mark.django_db


def _data(**extra):
    return {
        "title": "Fysisk aktivitet",
        "slug": "fysisk-aktivitet",
        "statement": "Fler rör sig",
        "baseline_value": "20",
        "baseline_year": "2020",
        "target_value": "50",
        "target_date": "2030-12-31",
        "direction": "higher",
        "body-count": "0",
        "summary": "",
        **extra,
    }


def _abandoned(vision, owner) -> NationalGoalPage:
    page = NationalGoalPage(**{k: v for k, v in _data().items() if "-" not in k and k != "summary"})
    page.live = False
    page.owner = owner
    vision.add_child(instance=page)
    page.save_revision(user=owner)
    return page


def test_own_abandoned_draft_does_not_block_its_slug(client, coordinator):
    vision = helpers.vision()
    old = _abandoned(vision, coordinator)
    client.force_login(coordinator)
    response = client.post(f"/admin/pages/add/cms/nationalgoalpage/{vision.pk}/", _data())
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.slug == f"fysisk-aktivitet-utkast-{old.pk}"
    assert old.get_latest_revision_as_object().slug == old.slug  # reopening it keeps working
    assert NationalGoalPage.objects.filter(slug="fysisk-aktivitet").exclude(pk=old.pk).exists()


def test_someone_elses_draft_keeps_its_slug_and_the_admin_says_so_in_swedish(client, coordinator):
    vision = helpers.vision()
    other = UserFactory(coordinator=True)
    _abandoned(vision, other)
    client.force_login(coordinator)
    response = client.post(f"/admin/pages/add/cms/nationalgoalpage/{vision.pk}/", _data())
    assert response.status_code == 200
    assert "används redan" in response.content.decode()
