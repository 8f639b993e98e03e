"""The coordinator's goal form reads Swedish numbers: "15,2" is 15.2 (never 152), a number it
cannot read is refused with a message, and a target on the wrong side of the baseline for the
goal's direction is refused with a message that says which way round it is."""

from decimal import Decimal

import pytest

from cms.models import NationalGoalPage
from pilots.forms import SwedishDecimalField
from tests.cms import helpers
from tests.cms.test_page_concurrency import _open_editor

pytestmark = pytest.mark.django_db


def test_decimal_fields_in_the_admin_accept_a_decimal_comma():
    form_class = NationalGoalPage.get_edit_handler().get_form_class()
    field = form_class.base_fields["baseline_value"]
    assert isinstance(field, SwedishDecimalField)
    assert field.clean("15,2") == Decimal("15.2")
    assert field.clean("1 250 000,5") == Decimal("1250000.5")
    assert field.widget.input_type == "text"


def test_a_goal_saved_with_a_decimal_comma_keeps_its_value(coordinator):
    goal = helpers.goal()
    client, form = _open_editor(coordinator, goal)
    assert form["baseline_value"] == "20"  # shown as typed, not "20.0000"
    data = {**form, "baseline_value": "15,2", "target_value": "7,5"}
    response = client.post(f"/admin/pages/{goal.pk}/edit/", data)
    assert response.status_code == 302
    saved = NationalGoalPage.objects.get(pk=goal.pk).get_latest_revision_as_object()
    assert saved.baseline_value == Decimal("15.2") and saved.target_value == Decimal("7.5")


def test_an_unreadable_number_is_refused_clearly(coordinator):
    goal = helpers.goal()
    client, form = _open_editor(coordinator, goal)
    response = client.post(f"/admin/pages/{goal.pk}/edit/", {**form, "baseline_value": "15,2,1"})
    assert response.status_code == 200
    assert "Fyll i ett tal, till exempel 12 eller 12,5." in response.content.decode()


def test_a_target_on_the_wrong_side_for_the_direction_is_explained(coordinator):
    goal = helpers.goal()  # lower is better, baseline 20
    client, form = _open_editor(coordinator, goal)
    response = client.post(
        f"/admin/pages/{goal.pk}/edit/", {**form, "baseline_value": "15,2", "target_value": "18"}
    )
    assert response.status_code == 200
    assert "Målvärdet 18 är högre än utgångsvärdet 15,2" in response.content.decode()
