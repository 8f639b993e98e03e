"""The shared indicator library: the seed file, its loader, the coordinator's curation."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from partners.groups import ensure_coordinator_group
from partners.models import AuditEvent
from pilots.factories import IndicatorFactory, PilotFactory
from pilots.library import read_library_csv
from pilots.models import Indicator
from pilots.services import indicator_library_load, indicator_save

pytestmark = pytest.mark.django_db


def test_the_seed_file_holds_about_twenty_valid_indicators():
    rows = read_library_csv()
    assert 18 <= len(rows) <= 30
    assert len({r["name"].lower() for r in rows}) == len(rows)
    assert {r["measure"] for r in rows} == {"number", "percent", "qualitative"}
    assert any(r["illustrative"] for r in rows) and any(r["age_bands"] for r in rows)
    created, updated = indicator_library_load(rows=rows)
    assert (created, updated) == (len(rows), 0)
    for indicator in Indicator.objects.library():
        indicator.full_clean()


def test_load_command_is_idempotent_and_keeps_the_coordinators_edits():
    call_command("load_indicator_library", stdout=None)
    count = Indicator.objects.library().count()
    edited = Indicator.objects.get(name="Kostnad per deltagare")
    edited.unit = "tkr"
    edited.save()
    call_command("load_indicator_library")
    assert Indicator.objects.library().count() == count
    assert Indicator.objects.get(pk=edited.pk).unit == "tkr"
    call_command("load_indicator_library", "--update")
    assert Indicator.objects.get(pk=edited.pk).unit == "kr"
    assert AuditEvent.objects.filter(action="indicator.updated").count() == 1


def test_loader_matches_names_ignoring_case_and_is_all_or_nothing():
    IndicatorFactory(name="kostnad per deltagare")
    rows = read_library_csv()
    created, _updated = indicator_library_load(rows=rows)
    assert created == len(rows) - 1
    Indicator.objects.all().delete()
    with pytest.raises(ValidationError):
        indicator_library_load(rows=[*rows, {**rows[0], "name": "Trasig", "measure": "volume"}])
    assert not Indicator.objects.exists()


def test_coordinator_saves_library_indicators_with_audit(coordinator):
    indicator = indicator_save(
        actor=coordinator,
        name="Andel som vaccinerats",
        definition="Täljare/nämnare.",
        measure="percent",
        unit="%",
        kolada_kpi="n00945",
    )
    assert indicator.in_library and indicator.kolada_kpi == "N00945"
    indicator_save(actor=coordinator, indicator=indicator, unit="procent")
    actions = list(AuditEvent.objects.for_object(indicator).values_list("action", flat=True))
    assert sorted(actions) == ["indicator.created", "indicator.updated"]
    assert AuditEvent.objects.get(action="indicator.updated").changes == {"unit": ["%", "procent"]}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "Dubblett", "definition": "x"}, "name"),
        ({"name": "Ny", "definition": "x", "kolada_kpi": "ABC"}, "kolada_kpi"),
        ({"name": "Ny", "definition": "x", "age_bands": ["0-17", "0-17"]}, "age_bands"),
        ({"name": "Ny", "definition": ""}, "definition"),
        ({"name": "Ny", "definition": "x", "measure": "volume"}, "measure"),
    ],
)
def test_library_errors(coordinator, fields, field):
    IndicatorFactory(name="dubblett")
    with pytest.raises(ValidationError) as exc:
        indicator_save(actor=coordinator, **fields)
    assert field in exc.value.message_dict
    assert Indicator.objects.count() == 1


def test_measure_cannot_change_once_values_are_reported(coordinator):
    pilot = PilotFactory(indicators=1, approved_reports=1)
    indicator = pilot.indicators.get().indicator
    with pytest.raises(ValidationError) as exc:
        indicator_save(actor=coordinator, indicator=indicator, measure="percent")
    assert "measure" in exc.value.message_dict


def test_a_pilots_own_indicator_is_not_library_material(coordinator):
    custom = IndicatorFactory(in_library=False, pilot=PilotFactory())
    with pytest.raises(ValidationError):
        indicator_save(actor=coordinator, indicator=custom, name="Nytt namn")


@pytest.mark.parametrize("role", ["reporter", "org_admin", "outsider"])
def test_only_the_coordinator_curates_the_library(request, role):
    with pytest.raises(PermissionDenied):
        indicator_save(actor=request.getfixturevalue(role), name="X", definition="Y")


def test_coordinator_group_may_add_change_and_view_indicators_but_not_delete():
    group = ensure_coordinator_group()
    codenames = set(
        group.permissions.filter(content_type__app_label="pilots").values_list(
            "codename", flat=True
        )
    )
    assert {"add_indicator", "change_indicator", "view_indicator"} <= codenames
    assert "delete_indicator" not in codenames
    assert Group.objects.filter(name=settings.COORDINATOR_GROUP).exists()


def test_admin_lists_only_the_library_and_saves_through_the_service(client, coordinator):
    ensure_coordinator_group()
    library = IndicatorFactory(name="Biblioteksindikator")
    custom = IndicatorFactory(name="Pilotens egen", in_library=False, pilot=PilotFactory())
    client.force_login(coordinator)
    index = client.get(reverse("pilots_indicator:index"))
    assert index.status_code == 200
    assert "Biblioteksindikator" in index.text and "Pilotens egen" not in index.text
    assert client.get(reverse("pilots_indicator:edit", args=[custom.pk])).status_code == 404
    data = {
        "name": "Biblioteksindikator",
        "definition": "Ny definition",
        "unit": "st",
        "measure": "number",
        "direction": "higher",
        "accumulation": "per_period",
        "year_combination": "last",
        "kolada_kpi": "",
        "age_bands": "[]",
    }
    response = client.post(reverse("pilots_indicator:edit", args=[library.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert Indicator.objects.get(pk=library.pk).definition == "Ny definition"
    assert AuditEvent.objects.filter(action="indicator.updated", actor=coordinator).exists()
    response = client.post(reverse("pilots_indicator:add"), {**data, "kolada_kpi": "fel"})
    assert response.status_code == 200 and "kolada_kpi" in response.context["form"].errors
    assert Indicator.objects.count() == 2


def test_admin_refuses_partner_staff(client, reporter):
    client.force_login(reporter)
    response = client.get(reverse("pilots_indicator:index"))
    assert response.status_code in (302, 403)
