"""The pilot registration wizard: permissions, each step, bad input, concurrency, query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.factories import OrganisationFactory
from partners.models import AuditEvent, Kommun, Region
from pilots import services
from pilots.factories import IndicatorFactory, PilotFactory
from pilots.models import Indicator, Pilot, PilotIndicator, PilotStatus
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

STEPS = ["grunder", "geografi", "partner", "utvardering", "indikatorer", "synlighet", "granska"]
EDITORS = {"reporter", "approver", "org_admin", "coordinator"}


@pytest.fixture
def pilot(organisation):
    return PilotFactory(draft=True, lead_organisation=organisation, summary="")


def step_url(pilot, step):
    return reverse("pilots:pilot_register_step", kwargs={"slug": pilot.slug, "step": step})


def valid_post(pilot, step):
    """Valid input for each step (the draft needs nothing else to save)."""
    base = {"version": pilot.version, "go": "stay"}
    return {
        "grunder": {
            **base,
            "title": "Ny titel",
            "summary": "Sammanfattning",
            "start_date": "2025-01-01",
            "end_date": "2025-12-31",
            "budget_sek": "100000",
        },
        "geografi": {**base, "kommuner": [Kommun.objects.get(code="0180").pk]},
        "partner": {**base, "organisation_0": OrganisationFactory().pk, "role_0": "co_funder"},
        "utvardering": {
            **base,
            "theory_of_change": "Om … så …",
            "design": "rct",
            "design_notes": "",
            "cadence": "month",
            "due_days": "30",
        },
        "indikatorer": {
            "version": pilot.version,
            "action": "add_library",
            "indicator": IndicatorFactory().pk,
        },
        "synlighet": {**base, "visibility": "private"},
        "granska": {"version": pilot.version},
    }[step]


# --- Permission matrix ---


def _expected(role, *, success):
    if role == "anonymous":
        return 302
    if role in ("outsider", "other_member"):
        return 404  # a draft is not even visible to them
    if role == "viewer":
        return 403
    return success


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("role", ROLES)
def test_step_get_permission_matrix(as_role, pilot, role, step):
    client, _user = as_role(role)
    response = client.get(step_url(pilot, step))
    assert response.status_code == _expected(role, success=200)
    if role == "anonymous":
        assert "/konto/" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize(
    "step", ["grunder", "geografi", "partner", "utvardering", "indikatorer", "synlighet"]
)
@pytest.mark.parametrize("role", ROLES)
def test_step_post_permission_matrix(as_role, pilot, role, step):
    client, _user = as_role(role)
    response = client.post(step_url(pilot, step), valid_post(pilot, step))
    assert response.status_code == _expected(role, success=302)
    changed = Pilot.objects.get(pk=pilot.pk).version != pilot.version
    assert changed == (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_wizard_entry_permission_matrix(as_role, pilot, role):
    client, _user = as_role(role)
    response = client.get(reverse("pilots:pilot_register", kwargs={"slug": pilot.slug}))
    assert response.status_code == _expected(role, success=302)
    if role in EDITORS:
        assert response["Location"] == step_url(pilot, "grunder")


CREATE_GET = {"anonymous": 302, "outsider": 403, "viewer": 403, "other_member": 200}


@pytest.mark.parametrize("role", ROLES)
def test_create_permission_matrix(as_role, organisation, role):
    client, _user = as_role(role)
    url = reverse("pilots:pilot_create")
    assert client.get(url).status_code == CREATE_GET.get(role, 200)
    response = client.post(url, {"lead_organisation": organisation.pk, "title": "Frisk i Umeå"})
    created = Pilot.objects.filter(title="Frisk i Umeå").first()
    if role in EDITORS:
        assert response.status_code == 302 and created.lead_organisation == organisation
        assert response["Location"] == step_url(created, "grunder")
    else:
        assert created is None
        assert response.status_code == CREATE_GET.get(role, 200)


def test_unknown_step_and_unknown_pilot_are_404(client, reporter, pilot):
    client.force_login(reporter)
    assert client.get(step_url(pilot, "okand")).status_code == 404
    assert (
        client.get(reverse("pilots:pilot_register", kwargs={"slug": "finns-inte"})).status_code
        == 404
    )


# --- The journey ---


def test_reporter_registers_and_publishes_a_pilot_through_every_step(
    client, reporter, organisation
):
    client.force_login(reporter)
    response = client.post(
        reverse("pilots:pilot_create"), {"lead_organisation": organisation.pk, "title": "Må bra"}
    )
    pilot = Pilot.objects.get(title="Må bra")
    steps = {
        "grunder": {
            "title": "Må bra",
            "summary": "Samtalsgrupper för unga.",
            "health_area": "psykisk_ohalsa",
            "life_stage": "barn_unga",
            "arena": "skola",
            "start_date": "2025-01-01",
            "end_date": "2026-06-30",
            "budget_sek": "1 250 000",
        },
        "geografi": {
            "kommuner": [k.pk for k in Kommun.objects.filter(code__in=["2480", "2482"])],
            "regioner": [Region.objects.get(lan_code="24").pk],
        },
        "partner": {
            "organisation_0": OrganisationFactory(name="Region Västerbotten").pk,
            "role_0": "co_funder",
        },
        "utvardering": {
            "theory_of_change": "Om unga får … så …",
            "design": "comparison_group",
            "design_notes": "Jämförs med grannskolor.",
            "cadence": "half_year",
            "due_days": "45",
        },
        "synlighet": {"visibility": "partnership"},
    }
    for step, data in steps.items():
        pilot.refresh_from_db()
        response = client.post(
            step_url(pilot, step), {**data, "version": pilot.version, "go": "next"}
        )
        assert response.status_code == 302, (
            step,
            response.context and response.context["form"].errors,
        )
        assert response["Location"] == step_url(pilot, STEPS[STEPS.index(step) + 1])
    pilot.refresh_from_db()
    assert pilot.budget_sek == Decimal(1250000) and pilot.kommuner.count() == 2
    assert list(pilot.periods.values_list("label", flat=True)) == ["2025 H1", "2025 H2", "2026 H1"]
    # Indicators: one from the library, one of its own, each with a baseline.
    library = IndicatorFactory(name="Andel unga som mår bra", percent=True)
    client.post(
        step_url(pilot, "indikatorer"),
        {"action": "add_library", "indicator": library.pk, "version": pilot.version},
    )
    pilot.refresh_from_db()
    client.post(
        step_url(pilot, "indikatorer"),
        {
            "action": "add_custom",
            "custom-version": pilot.version,
            "custom-name": "Antal gruppträffar",
            "custom-definition": "Genomförda träffar.",
            "custom-measure": "number",
            "custom-direction": "higher",
            "custom-accumulation": "cumulative",
            "custom-age_bands": "13-15, 16-18",
        },
    )
    links = list(PilotIndicator.objects.filter(pilot=pilot).select_related("indicator"))
    assert [link.indicator.name for link in links] == [
        "Andel unga som mår bra",
        "Antal gruppträffar",
    ]
    assert links[1].indicator.age_bands == ["13-15", "16-18"]
    # Publishing now lists the missing baselines, each linking to the indicator step.
    pilot.refresh_from_db()
    response = client.post(step_url(pilot, "granska"), {"version": pilot.version})
    assert response.status_code == 200
    assert response.text.count(f'href="{step_url(pilot, "indikatorer")}"') >= 2
    for link in links:
        pilot.refresh_from_db()
        response = client.post(
            step_url(pilot, "indikatorer"),
            {
                "action": "update",
                "pi": link.pk,
                f"pi{link.pk}-version": pilot.version,
                f"pi{link.pk}-baseline_value": "41,5",
                f"pi{link.pk}-baseline_date": "2024-12-31",
                f"pi{link.pk}-target_date_0": "2026-06-30",
                f"pi{link.pk}-target_value_0": "60",
            },
        )
        assert response.status_code == 302, response.context["link_forms"][0].errors
    pilot.refresh_from_db()
    response = client.post(step_url(pilot, "granska"), {"version": pilot.version})
    assert response.status_code == 302 and response["Location"] == reverse(
        "pilots:pilot_detail", kwargs={"slug": pilot.slug}
    )
    pilot.refresh_from_db()
    assert pilot.status == PilotStatus.ACTIVE
    assert AuditEvent.objects.for_object(pilot).filter(action="pilot.published").exists()


def test_review_links_every_missing_item_to_its_step(client, reporter, organisation):
    client.force_login(reporter)
    pilot = services.pilot_create_draft(actor=reporter, lead_organisation=organisation, title="Tom")
    response = client.post(step_url(pilot, "granska"), {"version": pilot.version})
    assert response.status_code == 200
    assert "kan inte publiceras ännu" in response.text
    for step in ("grunder", "geografi", "utvardering", "indikatorer"):
        assert f'href="{step_url(pilot, step)}"' in response.text
    assert Pilot.objects.get(pk=pilot.pk).status == PilotStatus.DRAFT


def test_step_list_marks_complete_steps(client, reporter, organisation):
    pilot = PilotFactory(draft=True, lead_organisation=organisation)
    client.force_login(reporter)
    steps = {
        s["name"]: s["complete"] for s in client.get(step_url(pilot, "partner")).context["steps"]
    }
    assert steps == {
        "grunder": True,
        "geografi": False,
        "partner": True,
        "utvardering": True,
        "indikatorer": False,
        "synlighet": True,
        "granska": False,
    }


def test_removing_an_indicator_and_refusal_when_values_exist(client, reporter, organisation):
    pilot = PilotFactory(lead_organisation=organisation, indicators=2, approved_reports=1)
    client.force_login(reporter)
    link = pilot.indicators.first()
    response = client.post(
        step_url(pilot, "indikatorer"),
        {
            "action": "remove",
            "pi": link.pk,
            f"pi{link.pk}-version": pilot.version,
        },
        follow=True,
    )
    assert "rapporterade värden" in response.text
    assert PilotIndicator.objects.filter(pk=link.pk).exists()


# --- Bad input: form errors, never a 500, never a partial write ---


@pytest.mark.parametrize(
    ("step", "data", "field"),
    [
        ("grunder", {"title": "X", "budget_sek": "mycket"}, "budget_sek"),
        ("grunder", {"title": "X", "budget_sek": "-5"}, "budget_sek"),
        (
            "grunder",
            {"title": "X", "start_date": "2025-06-01", "end_date": "2025-01-01"},
            "end_date",
        ),
        ("grunder", {"title": "X", "start_date": "2025-02-30"}, "start_date"),
        ("grunder", {"title": "", "summary": "S"}, "title"),
        ("grunder", {"title": "X", "health_area": "hälsa"}, "health_area"),
        ("geografi", {"kommuner": ["999999"]}, "kommuner"),
        ("geografi", {"kommuner": ["abc"], "regioner": ["0"]}, "kommuner"),
        ("partner", {"organisation_0": "999999", "role_0": "co_funder"}, "organisation_0"),
        ("partner", {"organisation_0": "", "role_0": "co_funder"}, "organisation_0"),
        ("utvardering", {"cadence": "fortnight", "due_days": "30"}, "cadence"),
        ("utvardering", {"cadence": "month", "due_days": "tretti"}, "due_days"),
        ("synlighet", {"visibility": "secret"}, "visibility"),
    ],
)
def test_bad_input_is_a_form_error_without_a_write(client, reporter, pilot, step, data, field):
    client.force_login(reporter)
    before = AuditEvent.objects.count()
    response = client.post(step_url(pilot, step), {**data, "version": pilot.version})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Pilot.objects.get(pk=pilot.pk).version == pilot.version
    assert AuditEvent.objects.count() == before


def test_missing_version_is_a_form_error(client, reporter, pilot):
    client.force_login(reporter)
    response = client.post(step_url(pilot, "grunder"), {"title": "X"})
    assert response.status_code == 200 and "version" in response.context["form"].errors


def test_foreign_organisation_as_lead_is_refused(client, other_member, organisation):
    client.force_login(other_member)
    response = client.post(
        reverse("pilots:pilot_create"), {"lead_organisation": organisation.pk, "title": "Kapning"}
    )
    assert response.status_code == 200 and "lead_organisation" in response.context["form"].errors
    assert not Pilot.objects.exists()


def test_bad_indicator_input(client, reporter, pilot):
    client.force_login(reporter)
    link = services.pilot_indicator_add(
        pilot=pilot, actor=reporter, indicator=IndicatorFactory(percent=True)
    )
    pilot.refresh_from_db()
    cases = [
        ({f"pi{link.pk}-baseline_value": "abc"}, "baseline_value"),
        (
            {f"pi{link.pk}-baseline_value": "150", f"pi{link.pk}-baseline_date": "2025-01-01"},
            "baseline_value",
        ),
        ({f"pi{link.pk}-baseline_value": "15"}, "baseline_date"),
        ({f"pi{link.pk}-target_date_0": "2026-01-01"}, "target_value_0"),
        (
            {
                f"pi{link.pk}-target_date_0": "2026-01-01",
                f"pi{link.pk}-target_value_0": "10",
                f"pi{link.pk}-target_date_1": "2026-01-01",
                f"pi{link.pk}-target_value_1": "20",
            },
            None,
        ),
    ]
    for data, field in cases:
        response = client.post(
            step_url(pilot, "indikatorer"),
            {
                "action": "update",
                "pi": link.pk,
                f"pi{link.pk}-version": pilot.version,
                **data,
            },
        )
        assert response.status_code == 200
        errors = response.context["link_forms"][0].errors
        assert (field in errors) if field else errors, (data, errors)
    for data in (
        {"action": "add_library", "indicator": "999999", "version": pilot.version},
        {"action": "add_library", "indicator": link.indicator_id, "version": pilot.version},
        {
            "action": "add_custom",
            "custom-version": pilot.version,
            "custom-name": "",
            "custom-measure": "volume",
        },
        {"action": "update", "pi": "999999"},
        {"action": "explode"},
    ):
        response = client.post(step_url(pilot, "indikatorer"), data)
        assert response.status_code in (200, 302)
    assert Pilot.objects.get(pk=pilot.pk).version == pilot.version
    assert (
        PilotIndicator.objects.filter(pilot=pilot).count() == 1 and Indicator.objects.count() == 1
    )


def test_an_own_indicator_says_whether_its_values_may_be_negative(client, reporter, pilot):
    client.force_login(reporter)
    page = client.get(step_url(pilot, "indikatorer")).text
    assert "Värdet kan vara negativt" in page
    for name, ticked in (("Antal träffar", {}), ("Förändring i skattad hälsa", {"x": "on"})):
        pilot.refresh_from_db()
        client.post(
            step_url(pilot, "indikatorer"),
            {
                "action": "add_custom",
                "custom-version": pilot.version,
                "custom-name": name,
                "custom-definition": "Se namnet.",
                "custom-measure": "number",
                "custom-direction": "higher",
                "custom-accumulation": "per_period",
                **({"custom-allows_negative": "on"} if ticked else {}),
            },
        )
    assert dict(Indicator.objects.values_list("name", "allows_negative")) == {
        "Antal träffar": False,
        "Förändring i skattad hälsa": True,
    }


def test_stale_version_shows_reload_message_and_keeps_the_other_change(
    client, reporter, approver, pilot
):
    services.pilot_update(
        pilot=pilot, actor=approver, expected_version=pilot.version, summary="Godkännarens"
    )
    client.force_login(reporter)
    response = client.post(
        step_url(pilot, "grunder"), {"title": "X", "summary": "Min", "version": pilot.version}
    )
    assert response.status_code == 200
    assert "Ladda om sidan" in response.text
    assert Pilot.objects.get(pk=pilot.pk).summary == "Godkännarens"


# --- Query counts ---


def _grow(pilot, actor, n):
    services.pilot_update(
        pilot=pilot,
        actor=actor,
        expected_version=Pilot.objects.get(pk=pilot.pk).version,
        kommuner=Kommun.objects.order_by("code")[:n],
        regioner=Region.objects.order_by("lan_code")[: max(1, n // 10)],
    )
    for i in range(n // 5 + 1):
        link = services.pilot_indicator_add(
            pilot=pilot, actor=actor, indicator=IndicatorFactory(percent=i % 2 == 0)
        )
        services.pilot_indicator_update(
            pilot_indicator=link,
            actor=actor,
            baseline_value=Decimal(10),
            baseline_date=dt.date(2024, 12, 31),
            targets=[(dt.date(2025, 6, 30), Decimal(20)), (dt.date(2025, 12, 31), Decimal(30))],
        )
        OrganisationFactory()


def _counts(client, pilot, django_assert_max_num_queries):
    counts = {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for step in STEPS:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(step_url(pilot, step)).status_code == 200
        counts[step] = len(ctx.captured_queries)
    return counts


def test_each_step_has_a_constant_query_count(
    client, reporter, organisation, django_assert_max_num_queries
):
    small = PilotFactory(draft=True, lead_organisation=organisation)
    large = PilotFactory(draft=True, lead_organisation=organisation)
    _grow(small, reporter, 1)
    _grow(large, reporter, 60)
    client.force_login(reporter)
    baseline = _counts(client, small, django_assert_max_num_queries)
    for step, count in baseline.items():
        with django_assert_max_num_queries(count):
            client.get(step_url(large, step))
    assert max(baseline.values()) <= 25, baseline


def test_saving_a_step_has_a_constant_query_count(
    client, reporter, organisation, django_assert_max_num_queries
):
    pilot = PilotFactory(draft=True, lead_organisation=organisation)
    client.force_login(reporter)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def save(n):
        pilot.refresh_from_db()
        data = {
            "version": pilot.version,
            "kommuner": [k.pk for k in Kommun.objects.order_by("code")[:n]],
        }
        with CaptureQueriesContext(connection) as ctx:
            assert client.post(step_url(pilot, "geografi"), data).status_code == 302
        return len(ctx.captured_queries)

    few = save(2)
    save(0)
    assert save(200) <= few
