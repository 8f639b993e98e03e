"""Adopt this pilot: what is copied, who may, and clear answers for stale or deleted sources."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from learning.models import Practice
from learning.services import pilot_adopt
from pilots.factories import IndicatorFactory, LessonFactory, PilotFactory
from pilots.models import Indicator, IndicatorTarget, PilotIndicator, PilotStatus
from pilots.services import pilot_indicator_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich_source(source, coordinator):
    custom = pilot_indicator_add(
        pilot=source,
        actor=coordinator,
        custom={
            "name": "Egen enkät",
            "definition": "Andel nöjda.",
            "unit": "%",
            "measure": "percent",
        },
    )
    IndicatorTarget.objects.create(
        pilot_indicator=custom, target_date=dt.date(2025, 12, 1), value=80
    )
    LessonFactory(pilot=source)
    source.evaluation_plan.theory_of_change = "Om vi ses varje vecka minskar ensamheten."
    source.evaluation_plan.cadence = "half_year"
    source.evaluation_plan.save()
    source.budget_sek = 500000
    source.save()
    return source


def test_adopt_copies_plan_and_indicators_not_results(
    rich_source, reporter, organisation, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pilot = pilot_adopt(
            source=rich_source,
            actor=reporter,
            organisation=organisation,
            start_date=dt.date(2026, 1, 1),
        )
    assert pilot.status == PilotStatus.DRAFT
    assert pilot.lead_organisation == organisation
    assert pilot.adapted_from == rich_source
    assert pilot.title == rich_source.title and pilot.slug != rich_source.slug
    assert pilot.health_area == rich_source.health_area
    assert pilot.budget_sek is None and pilot.start_date == dt.date(2026, 1, 1)
    assert pilot.end_date == dt.date(2026, 12, 31)  # as long as the source
    plan = pilot.evaluation_plan
    assert plan.theory_of_change == "Om vi ses varje vecka minskar ensamheten."
    assert plan.cadence == "half_year"
    source_links = list(rich_source.indicators.select_related("indicator").order_by("order"))
    links = list(pilot.indicators.select_related("indicator").order_by("order"))
    assert len(links) == len(source_links) == 3
    for old, new in zip(source_links, links, strict=True):
        if old.indicator.in_library:
            assert new.indicator == old.indicator
        else:
            assert new.indicator != old.indicator
            assert new.indicator.pilot == pilot and new.indicator.name == old.indicator.name
        assert new.baseline_value is None
        assert sorted((t.target_date, t.value) for t in new.targets.all()) == sorted(
            (t.target_date.replace(year=t.target_date.year + 1), t.value) for t in old.targets.all()
        )
    assert not pilot.reports.exists() and not pilot.lessons.exists()
    assert Indicator.objects.filter(pilot=rich_source).count() == 1
    assert Practice.objects.filter(original_pilot=rich_source).exists()
    # The source's team is told, once.
    assert any(rich_source.title in m.subject for m in mail.outbox)


def test_notice_is_sent_once(source, reporter, organisation, django_capture_on_commit_callbacks):
    from partners.factories import MembershipFactory

    MembershipFactory(organisation=source.lead_organisation, role="reporter")
    with django_capture_on_commit_callbacks(execute=True):
        pilot = pilot_adopt(source=source, actor=reporter, organisation=organisation)
    first = len(mail.outbox)
    assert first >= 1
    from learning.tasks import notify_adoption

    assert notify_adoption(pilot.pk) == 0
    assert len(mail.outbox) == first


def test_adapting_an_adaptation_extends_the_same_practice(
    source, reporter, organisation, other_member, other_organisation
):
    first = pilot_adopt(source=source, actor=other_member, organisation=other_organisation)
    first.status = PilotStatus.ACTIVE
    first.save()
    second = pilot_adopt(source=first, actor=reporter, organisation=organisation)
    assert second.adapted_from == first
    assert Practice.objects.count() == 1
    assert Practice.objects.get().original_pilot == source


@pytest.mark.parametrize("role", ["reporter", "approver", "org_admin", "coordinator"])
def test_editors_may_adopt_for_their_organisation(role, request, source, organisation):
    user = request.getfixturevalue(role)
    assert pilot_adopt(source=source, actor=user, organisation=organisation).pk


@pytest.mark.parametrize("role", ["viewer", "outsider", "other_member", "appraiser"])
def test_others_may_not_adopt_for_the_organisation(role, request, source, organisation):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        pilot_adopt(source=source, actor=user, organisation=organisation)


@pytest.mark.parametrize("trait", ["draft", "private", "partnership"])
def test_only_public_published_pilots_can_be_adopted(
    trait, reporter, organisation, other_organisation
):
    source = PilotFactory(lead_organisation=other_organisation, **{trait: True})
    with pytest.raises(ValidationError) as error:
        pilot_adopt(source=source, actor=reporter, organisation=organisation)
    assert error.value.code == "not_public"


def test_stale_version_is_refused(source, reporter, organisation):
    with pytest.raises(ValidationError) as error:
        pilot_adopt(
            source=source,
            actor=reporter,
            organisation=organisation,
            expected_source_version=source.version + 1,
        )
    assert error.value.code == "stale"
    assert not PilotIndicator.objects.filter(pilot__adapted_from=source).exists()


def test_deleted_source_is_refused(source, reporter, organisation):
    from pilots.models import Pilot

    Pilot.objects.filter(pk=source.pk).delete()
    with pytest.raises(Pilot.DoesNotExist):
        pilot_adopt(source=source, actor=reporter, organisation=organisation)


# --- the page and the API -------------------------------------------------------------------


def test_adopt_page_creates_a_draft_and_redirects(client, source, reporter, organisation):
    client.force_login(reporter)
    url = f"/kunskapsbank/adoptera/{source.slug}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"organisation": organisation.slug, "version": source.version})
    assert response.status_code == 302
    assert source.adaptations.get().lead_organisation == organisation


def test_adopt_page_answers_409_when_the_source_changed(client, source, reporter, organisation):
    client.force_login(reporter)
    response = client.post(
        f"/kunskapsbank/adoptera/{source.slug}/",
        {"organisation": organisation.slug, "version": source.version - 1 or 99},
    )
    assert response.status_code == 409
    assert "ändrats" in response.content.decode()


def test_adopt_page_answers_404_for_a_deleted_pilot(client, reporter):
    client.force_login(reporter)
    assert (
        client.post("/kunskapsbank/adoptera/finns-inte/", {"organisation": "x"}).status_code == 404
    )


def test_adopt_page_refuses_an_unknown_organisation(client, source, reporter, other_organisation):
    client.force_login(reporter)
    response = client.post(
        f"/kunskapsbank/adoptera/{source.slug}/", {"organisation": other_organisation.slug}
    )
    assert response.status_code == 400
    assert not source.adaptations.exists()


def test_api_adoption(client, source, reporter, organisation):
    client.force_login(reporter)
    response = client.post(
        "/api/v1/adoptions/",
        {
            "source": source.slug,
            "organisation": organisation.slug,
            "expected_source_version": source.version,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["adapted_from"] == source.slug
    assert response.json()["status"] == "draft"


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"source": "finns-inte", "organisation": "{org}"}, 404),
        ({"source": "{src}", "organisation": "finns-inte"}, 400),
        ({"source": "{src}", "organisation": "{org}", "expected_source_version": 999}, 409),
        ({"source": "{src}"}, 400),
        ({"source": "{src}", "organisation": "{org}", "expected_source_version": "x"}, 400),
        ({}, 400),
    ],
)
def test_api_adoption_bad_input(client, source, reporter, organisation, payload, expected):
    client.force_login(reporter)
    data = {
        k: v.format(src=source.slug, org=organisation.slug) if isinstance(v, str) else v
        for k, v in payload.items()
    }
    response = client.post("/api/v1/adoptions/", data, content_type="application/json")
    assert response.status_code == expected, response.content


def test_api_adoption_of_private_pilot_is_404_for_outsiders(
    client, reporter, organisation, other_organisation
):
    private = PilotFactory(lead_organisation=other_organisation, private=True)
    client.force_login(reporter)
    response = client.post(
        "/api/v1/adoptions/",
        {"source": private.slug, "organisation": organisation.slug},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_api_adoption_needs_login(client, source, organisation):
    response = client.post(
        "/api/v1/adoptions/",
        {"source": source.slug, "organisation": organisation.slug},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)


def test_library_indicator_survives_in_both(source, reporter, organisation):
    pilot = pilot_adopt(source=source, actor=reporter, organisation=organisation)
    shared = set(pilot.indicators.values_list("indicator", flat=True))
    assert shared == set(source.indicators.values_list("indicator", flat=True))
    assert IndicatorFactory._meta.model.objects.filter(pk__in=shared, in_library=True).count() == 2


def test_adopted_title_and_slug_do_not_carry_the_origin_kommun(reporter):
    from partners.factories import MembershipFactory, OrganisationFactory
    from partners.models import Kommun, OrganisationKind, Role

    skelleftea, umea = Kommun.objects.get(name="Skellefteå"), Kommun.objects.get(name="Umeå")
    origin = OrganisationFactory(
        name="Skellefteå kommun", kind=OrganisationKind.KOMMUN, kommun=skelleftea
    )
    adopter = OrganisationFactory(name="Umeå kommun", kind=OrganisationKind.KOMMUN, kommun=umea)
    MembershipFactory(organisation=adopter, user=reporter, role=Role.REPORTER)
    source = PilotFactory(lead_organisation=origin, title="Äldrecaféer i Skellefteå")
    source.kommuner.set([skelleftea])
    pilot = pilot_adopt(source=source, actor=reporter, organisation=adopter)
    assert pilot.title == "Äldrecaféer i Umeå"
    assert "skelleftea" not in pilot.slug and pilot.slug.startswith("aldrecafeer-i-umea")


def test_without_a_start_date_no_targets_are_copied_and_the_page_says_so(
    client, source, reporter, organisation
):
    IndicatorTarget.objects.create(
        pilot_indicator=source.indicators.first(), target_date=dt.date(2025, 11, 15), value=5
    )
    client.force_login(reporter)
    response = client.post(
        f"/kunskapsbank/adoptera/{source.slug}/",
        {"organisation": organisation.slug, "version": source.version},
        follow=True,
    )
    assert "Målvärdena kopierades inte eftersom inget startdatum angavs." in response.text
    pilot = source.adaptations.get()
    assert not IndicatorTarget.objects.filter(pilot_indicator__pilot=pilot).exists()


def test_a_pilot_before_its_start_date_reads_planerad(client, organisation, monkeypatch):
    pilot = PilotFactory(lead_organisation=organisation)  # starts 2025-01-01
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2024, 12, 1))
    assert pilot.get_status_display() == "Planerad"
    html = client.get(pilot.get_absolute_url()).content.decode()
    assert ">Planerad<" in html and ">Pågår<" not in html
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dt.date(2025, 2, 1))
    assert pilot.get_status_display() == "Pågår"


def test_adapted_title_drops_the_origin_place_when_the_adopter_has_none():
    from types import SimpleNamespace

    from learning.services.adoption import adapted_title

    class _All(list):
        def all(self):
            return self

    region = SimpleNamespace(name="Region Västerbotten", lan_name="Västerbottens län")
    kommun = SimpleNamespace(name="Skellefteå", region=region)
    origin = SimpleNamespace(name="Skellefteå kommun", kommun=kommun, region=None)
    source = SimpleNamespace(
        title="Äldrecaféer i Skellefteå – Västerbotten",
        lead_organisation=origin,
        kommuner=_All([kommun]),
        regioner=_All([region]),
    )
    club = SimpleNamespace(name="Friskvårdsföreningen", kommun=None, region=None)
    assert adapted_title(source=source, organisation=club) == "Äldrecaféer"
