"""One journey per area, driven through the live test server by a typed client generated from the
portal's own /api/schema/ (tests/api/generated_client.py). Every call goes through the generated
functions with `raise_on_unexpected_status=True` and every parsed answer through `strict`, so an
undocumented status code, a missing or undeclared field or a value of another type than the
schema says fails the build."""

import datetime as dt
import os

import pytest
from django.core.management import call_command
from django.test import Client as DjangoClient

from benchmarking.models import PeerGroup
from business_cases.models import DiscountRateSchedule, UnitCost
from business_cases.reference_data import seed_reference
from partners.factories import MembershipFactory, OrganisationFactory
from partners.models import Kommun, OrganisationKind, Role
from pilots.models import ReportStatus
from search.services import reindex_all
from tests.api.generated_client import generate_client, strict
from tests.benchmarking.helpers import make_kpi, make_values
from tests.business_cases.helpers import pilot_with_case
from tests.iati_export.schema import assert_valid_iati

PASSWORD = "losenord-123"  # partners.factories.UserFactory


@pytest.fixture(scope="session")
def pp(tmp_path_factory, django_db_setup, django_db_blocker):
    """The generated client package, generated once per session from GET /api/schema/."""
    with django_db_blocker.unblock():
        response = DjangoClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return generate_client(response.content, tmp_path_factory.mktemp("generated-client"))


@pytest.fixture
def people(live_server, transactional_db):
    """Reference data (the live server's database is flushed after each test), an approved
    kommun with a reporter and an approver, and their passwords."""
    call_command("load_reference_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    seed_reference(DiscountRateSchedule, UnitCost)
    kommun = Kommun.objects.get(code="0380")
    organisation = OrganisationFactory(
        name="Uppsala kommun", slug="uppsala-kommun", kind=OrganisationKind.KOMMUN, kommun=kommun
    )
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    approver = MembershipFactory(organisation=organisation, role=Role.APPROVER).user
    return organisation, reporter, approver


def anonymous(pp, live_server):
    return pp.Client(base_url=live_server.url, raise_on_unexpected_status=True)


def signed_in(pp, live_server, user):
    """Exchange e-mail and password for a token through the API itself."""
    from pp_client.api.auth import auth_token_create
    from pp_client.models import TokenRequestRequest, TokenResponse

    answer = auth_token_create.sync(
        client=anonymous(pp, live_server),
        body=TokenRequestRequest(username=user.email, password=PASSWORD),
    )
    assert isinstance(strict(answer, pp), TokenResponse), answer
    return pp.AuthenticatedClient(
        base_url=live_server.url,
        token=answer.token,
        prefix="Token",
        raise_on_unexpected_status=True,
    )


def test_register_a_pilot(pp, live_server, people):
    from pp_client.api.pilots import pilots_create, pilots_partial_update, pilots_retrieve
    from pp_client.models import (
        HealthAreaEnum,
        PatchedPilotWriteRequest,
        PilotDetail,
        PilotWriteRequest,
    )

    organisation, reporter, _ = people
    client = signed_in(pp, live_server, reporter)
    created = pilots_create.sync(
        client=client,
        body=PilotWriteRequest(
            lead_organisation=organisation.slug,
            title="Rörelse på recept i Uppsala",
            summary="Fysisk aktivitet på recept för äldre.",
            health_area=HealthAreaEnum.FYSISK_AKTIVITET,
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 12, 31),
            kommuner=["0380"],
        ),
    )
    assert isinstance(strict(created, pp), PilotDetail), created
    assert created.status.value == "draft"
    assert created.kommuner == ["0380"]

    changed = pilots_partial_update.sync(
        created.slug,
        client=client,
        body=PatchedPilotWriteRequest(
            expected_version=created.version, title_en="Exercise on prescription in Uppsala"
        ),
    )
    assert isinstance(strict(changed, pp), PilotDetail), changed
    assert changed.title_en == "Exercise on prescription in Uppsala"
    assert changed.version == created.version + 1

    # A draft is the pilot's own people's business: nobody else sees it.
    hidden = pilots_retrieve.sync_detailed(created.slug, client=anonymous(pp, live_server))
    assert hidden.status_code == 404
    assert isinstance(strict(hidden.parsed, pp), pp.models.PilotsRetrieveResponse404)


def test_submit_and_approve_a_report_then_export_it_to_iati(pp, live_server, people):
    from pp_client.api.iati import iati_pilot
    from pp_client.api.periods import periods_list, periods_report_create
    from pp_client.api.reports import reports_approve_create, reports_list, reports_submit_create
    from pp_client.models import (
        PaginatedPeriodList,
        PaginatedReportList,
        Report,
        ReportActionRequest,
        ReportWriteRequest,
        ValueInputRequest,
    )

    from pilots.factories import PilotFactory

    organisation, reporter, approver = people
    pilot = PilotFactory(lead_organisation=organisation, indicators=1)
    link = pilot.indicators.get()
    reporting = signed_in(pp, live_server, reporter)

    periods = periods_list.sync(client=reporting, pilot=pilot.slug)
    assert isinstance(strict(periods, pp), PaginatedPeriodList), periods
    first = periods.results[0]
    saved = periods_report_create.sync(
        first.id,
        client=reporting,
        body=ReportWriteRequest(
            expected_version=None,
            narrative="Tolv deltagare kom igång.",
            values=[ValueInputRequest(pilot_indicator=link.pk, value="12")],
        ),
    )
    assert isinstance(strict(saved, pp), Report), saved
    assert saved.status.value == ReportStatus.DRAFT
    submitted = reports_submit_create.sync(
        saved.id, client=reporting, body=ReportActionRequest(expected_version=saved.version)
    )
    assert isinstance(strict(submitted, pp), Report), submitted
    assert submitted.status.value == ReportStatus.SUBMITTED

    # Not approved yet: the public sees neither the report nor its value in the IATI export.
    public = anonymous(pp, live_server)
    assert strict(reports_list.sync(client=public), pp).count == 0
    before = assert_valid_iati(iati_pilot.sync(pilot.slug, client=public).payload.read())
    assert before.find(".//actual") is None

    approved = reports_approve_create.sync(
        submitted.id,
        client=signed_in(pp, live_server, approver),
        body=ReportActionRequest(expected_version=submitted.version),
    )
    assert isinstance(strict(approved, pp), Report), approved
    assert approved.status.value == ReportStatus.APPROVED
    listed = reports_list.sync(client=public)
    assert isinstance(strict(listed, pp), PaginatedReportList)
    assert [r.id for r in listed.results] == [approved.id]
    after = assert_valid_iati(iati_pilot.sync(pilot.slug, client=public).payload.read())
    assert [a.get("value") for a in after.iter("actual")] == ["12"]


def test_read_a_benchmark(pp, live_server, people):
    from pp_client.api.benchmarks import benchmarks_list

    _, reporter, _ = people
    kommuner = list(Kommun.objects.filter(region__lan_code="03").order_by("code")[:6])
    kpi = make_kpi("N00945", title="Andel invånare som är fysiskt aktiva")
    make_values(kpi.id, {k.code: {2023: 40 + i, 2024: 42 + i} for i, k in enumerate(kommuner)})
    group = PeerGroup.objects.create(name="Mina jämförelsekommuner", owner=reporter)
    group.kommuner.set(kommuner)

    answer = benchmarks_list.sync(
        client=signed_in(pp, live_server, reporter),
        area="0380",
        kpi=["N00945"],
        peer=f"grupp-{group.pk}",
    )
    assert isinstance(strict(answer, pp), pp.models.Benchmark), answer
    assert answer.area == "0380"
    assert set(answer.peer_areas) <= {k.code for k in kommuner}
    assert [item.key for item in answer.results] == ["N00945"]


def test_read_a_business_case(pp, live_server, people):
    from pp_client.api.business_cases import business_cases_results_retrieve
    from pp_client.models import Results

    organisation, _, _ = people
    pilot, _ = pilot_with_case(organisation, lines=4, years=3)
    results = business_cases_results_retrieve.sync(
        pilot.slug, client=anonymous(pp, live_server), rate=0.05
    )
    assert isinstance(strict(results, pp), Results), results
    assert results.actors, "a result per actor"


def test_search(pp, live_server, people, settings):
    from pp_client.api.search import search_list
    from pp_client.models import SearchResults

    from pilots.factories import PilotFactory

    settings.ELASTICSEARCH_URL = ""
    organisation, _, _ = people
    PilotFactory(lead_organisation=organisation, title="Balansträning för äldre i Uppsala")
    PilotFactory(lead_organisation=organisation, title="Hemlig balans", private=True)
    reindex_all()

    found = search_list.sync(client=anonymous(pp, live_server), q="balansträning")
    assert isinstance(strict(found, pp), SearchResults), found
    titles = [hit.title for hit in found.results]
    assert titles == ["Balansträning för äldre i Uppsala"]


def test_strict_parsing_catches_drift(pp):
    """The drift check itself: an undeclared field or a value of the wrong type fails."""
    from pp_client.models import TokenResponse

    with pytest.raises(AssertionError, match="does not declare"):
        strict(TokenResponse.from_dict({"token": "abc", "expires": 3600}), pp)
    with pytest.raises(AssertionError, match="is not"):
        strict(TokenResponse.from_dict({"token": 42}), pp)
    assert strict(TokenResponse.from_dict({"token": "abc"}), pp).token == "abc"
