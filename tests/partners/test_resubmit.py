"""A rejected registration is corrected and resubmitted by its applicant (organisation_resubmit)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partners.factories import MembershipFactory, valid_org_number
from partners.models import AuditEvent, Kommun, Organisation, OrganisationKind, Role
from partners.services import organisations as organisation_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(outsider, coordinator):
    organisation = organisation_services.organisation_register(
        actor=outsider,
        name="Föreningen Friskvård",
        kind=OrganisationKind.CIVILSAMHALLE,
        org_number=valid_org_number(7, prefix="80"),
    )
    return organisation_services.organisation_reject(
        organisation=organisation, actor=coordinator, reason="Fel organisationstyp."
    )


def test_applicant_corrects_and_resubmits_a_rejected_registration(
    rejected, outsider, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = organisation_services.organisation_resubmit(
            organisation=rejected, actor=outsider, name="Friskvård ideell förening"
        )
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.name == "Friskvård ideell förening"
    assert (organisation.decision_note, organisation.decided_at, organisation.decided_by) == (
        "",
        None,
        None,
    )
    event = AuditEvent.objects.get(action="organisation.resubmitted")
    assert event.changes == {"status": ["rejected", "pending"]}
    assert event.actor == outsider and event.message == "Fel organisationstyp."
    assert AuditEvent.objects.filter(action="organisation.updated").exists()
    assert [m.to for m in mailoutbox] == [[coordinator.email]]
    assert "skickat in den igen" in mailoutbox[0].body


def test_a_second_resubmission_notifies_the_coordinators_again(
    rejected, outsider, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    for _round in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            organisation_services.organisation_resubmit(organisation=rejected, actor=outsider)
        with django_capture_on_commit_callbacks(execute=True):
            organisation_services.organisation_reject(
                organisation=rejected, actor=coordinator, reason="Nej."
            )
    resubmitted = [m for m in mailoutbox if coordinator.email in m.to]
    assert len(resubmitted) == 2


@pytest.mark.parametrize("role", [Role.REPORTER, Role.APPROVER, Role.VIEWER])
def test_only_an_admin_of_the_registration_may_resubmit(rejected, role):
    member = MembershipFactory(organisation=rejected, role=role).user
    with pytest.raises(PermissionDenied):
        organisation_services.organisation_resubmit(organisation=rejected, actor=member)
    rejected.refresh_from_db()
    assert rejected.status == Organisation.Status.REJECTED


def test_strangers_and_the_coordinator_cannot_resubmit(rejected, reporter, coordinator):
    for actor in (reporter, coordinator):
        with pytest.raises(PermissionDenied):
            organisation_services.organisation_resubmit(organisation=rejected, actor=actor)


def test_only_a_rejected_registration_can_be_resubmitted(rejected, outsider, coordinator):
    organisation_services.organisation_resubmit(organisation=rejected, actor=outsider)
    with pytest.raises(ValidationError):
        organisation_services.organisation_resubmit(organisation=rejected, actor=outsider)
    organisation_services.organisation_approve(organisation=rejected, actor=coordinator)
    with pytest.raises(ValidationError):
        organisation_services.organisation_resubmit(organisation=rejected, actor=outsider)


def test_a_wrong_correction_changes_nothing(rejected, outsider):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        organisation_services.organisation_resubmit(
            organisation=rejected, actor=outsider, name="Nytt", org_number="123"
        )
    assert "org_number" in exc.value.message_dict
    rejected.refresh_from_db()
    assert rejected.status == Organisation.Status.REJECTED
    assert rejected.name == "Föreningen Friskvård"
    assert AuditEvent.objects.count() == events


# --- the portal page --------------------------------------------------------------------------


def test_the_applicant_sees_the_resubmit_button_and_others_do_not(
    client, rejected, outsider, coordinator
):
    url = reverse("partners:organisation_resubmit", args=[rejected.slug])
    client.force_login(outsider)
    assert url in client.get(rejected.get_absolute_url()).text
    client.force_login(coordinator)
    assert url not in client.get(rejected.get_absolute_url()).text


def test_applicant_resubmits_through_the_form(
    client, rejected, outsider, django_capture_on_commit_callbacks
):
    url = reverse("partners:organisation_resubmit", args=[rejected.slug])
    client.force_login(outsider)
    page = client.get(url)
    assert page.status_code == 200 and "Fel organisationstyp." in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "name": "Kommunen själv",
                "kind": OrganisationKind.KOMMUN,
                "org_number": rejected.org_number,
            },
        )
    assert response.status_code == 200  # a kommun needs its kommun: a form error, no change
    assert "Ange vilken kommun" in response.text
    rejected.refresh_from_db()
    assert rejected.status == Organisation.Status.REJECTED
    kommun = Kommun.objects.exclude(organisations__kind=OrganisationKind.KOMMUN).first()
    response = client.post(
        url,
        {
            "name": "Kommunen själv",
            "kind": OrganisationKind.KOMMUN,
            "org_number": rejected.org_number,
            "kommun": kommun.pk,
        },
    )
    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.status == Organisation.Status.PENDING
    assert (rejected.kind, rejected.kommun) == (OrganisationKind.KOMMUN, kommun)


@pytest.mark.parametrize("who", ["anonymous", "reporter", "coordinator"])
def test_others_cannot_open_the_resubmit_page(request, client, rejected, who):
    url = reverse("partners:organisation_resubmit", args=[rejected.slug])
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    if who == "anonymous":
        assert response.status_code == 302 and "logga-in" in response["Location"]
    elif who == "coordinator":
        assert response.status_code == 403
    else:
        assert response.status_code == 404  # a rejected registration is not public
    rejected.refresh_from_db()
    assert rejected.status == Organisation.Status.REJECTED


def test_a_pending_registration_has_no_resubmit_page(client, outsider, rejected):
    organisation_services.organisation_resubmit(organisation=rejected, actor=outsider)
    client.force_login(outsider)
    response = client.get(reverse("partners:organisation_resubmit", args=[rejected.slug]))
    assert response.status_code == 403
