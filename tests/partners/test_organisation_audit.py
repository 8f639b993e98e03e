"""Organisation admins: removing a member is confirmed first and says what is lost; the members
page links back; an organisation's admins read its own audit trail."""

import pytest

from partners.audit import audit_record
from partners.factories import MembershipFactory
from partners.models import AuditEvent, Membership, Role
from partners.rules import can_view_audit_event, organisation_audit_visible
from pilots.factories import PilotFactory
from pilots.models import PilotMembership
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(organisation):
    return MembershipFactory(organisation=organisation, role=Role.REPORTER)


# --- removing a member ---------------------------------------------------------------------


def test_the_remove_button_of_the_members_page_asks_first_and_removes_nothing(
    client, org_admin, target
):
    client.force_login(org_admin)
    page = client.get(f"/organisationer/{target.organisation.slug}/medlemmar/").text
    assert f"/medlemskap/{target.pk}/ta-bort/" in page
    response = client.post(f"/medlemskap/{target.pk}/", {"action": "remove"})
    assert response.status_code == 302
    assert response["Location"] == f"/medlemskap/{target.pk}/ta-bort/"
    assert Membership.objects.filter(pk=target.pk).exists()


def test_the_confirmation_names_the_role_and_the_pilots_the_person_can_no_longer_edit(
    client, org_admin, target
):
    led = PilotFactory(lead_organisation=target.organisation, title="Familjecentral Norr")
    kept = PilotFactory(lead_organisation=target.organisation, title="Pilot med egen roll")
    PilotMembership.objects.create(pilot=kept, user=target.user, role=Role.REPORTER)
    PilotFactory(title="Någon annans pilot")
    client.force_login(org_admin)
    page = client.get(f"/medlemskap/{target.pk}/ta-bort/").text
    assert "Rollen Rapportör" in page
    assert led.title in page and led.get_absolute_url() in page
    assert "Pilot med egen roll" not in page
    assert "Någon annans pilot" not in page
    assert Membership.objects.filter(pk=target.pk).exists()


def test_a_reader_loses_no_pilot_to_edit(client, org_admin, organisation):
    reader = MembershipFactory(organisation=organisation, role=Role.VIEWER)
    PilotFactory(lead_organisation=organisation)
    client.force_login(org_admin)
    page = client.get(f"/medlemskap/{reader.pk}/ta-bort/").text
    assert "Inga piloter påverkas" in page


def test_confirming_removes_the_member_and_records_it(client, org_admin, target):
    client.force_login(org_admin)
    response = client.post(f"/medlemskap/{target.pk}/ta-bort/")
    assert response.status_code == 302
    assert response["Location"] == f"/organisationer/{target.organisation.slug}/medlemmar/"
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert AuditEvent.objects.filter(action="membership.removed").exists()


def test_the_last_admin_is_told_why_they_cannot_leave(client, org_admin):
    membership = Membership.objects.get(user=org_admin)
    client.force_login(org_admin)
    response = client.post(f"/medlemskap/{membership.pk}/ta-bort/")
    assert response.status_code == 400
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_the_coordinator_and_the_member_see_the_confirmation(as_role, target, role):
    client, _ = as_role(role)
    status = client.get(f"/medlemskap/{target.pk}/ta-bort/").status_code
    if role == "anonymous":
        assert status == 302
    else:
        assert status == (200 if role in {"org_admin", "coordinator"} else 403)


# --- links ---------------------------------------------------------------------------------


def test_the_members_page_links_back_to_the_organisation_and_to_its_trail(client, org_admin):
    organisation = Membership.objects.get(user=org_admin).organisation
    client.force_login(org_admin)
    page = client.get(f"/organisationer/{organisation.slug}/medlemmar/").text
    assert f'href="{organisation.get_absolute_url()}"' in page
    assert f"/organisationer/{organisation.slug}/handelser/" in page
    detail = client.get(organisation.get_absolute_url()).text
    assert f"/organisationer/{organisation.slug}/handelser/" in detail


def test_a_reporter_sees_no_link_to_the_trail(client, reporter, organisation):
    client.force_login(reporter)
    page = client.get(f"/organisationer/{organisation.slug}/medlemmar/").text
    assert "/handelser/" not in page


# --- the organisation's audit trail --------------------------------------------------------


def _events(organisation, other_organisation, actor):
    pilot = PilotFactory(lead_organisation=organisation, title="Egen pilot")
    member = MembershipFactory(organisation=organisation, role=Role.REPORTER)
    audit_record(actor=actor, action="pilot.created", obj=pilot, organisation=organisation)
    audit_record(
        actor=actor,
        action="membership.role_changed",
        obj=member,
        organisation=organisation,
        changes={"role": ["reporter", "approver"]},
    )
    audit_record(actor=actor, action="account.locked_out", obj=actor, organisation=organisation)
    foreign = PilotFactory(lead_organisation=other_organisation, title="Främmande pilot")
    audit_record(actor=actor, action="pilot.created", obj=foreign, organisation=other_organisation)


def test_an_admin_reads_their_organisations_trail_in_words(
    client, org_admin, organisation, other_organisation
):
    _events(organisation, other_organisation, org_admin)
    client.force_login(org_admin)
    response = client.get(f"/organisationer/{organisation.slug}/handelser/")
    assert response.status_code == 200
    page = response.text
    assert "registrerade piloten" in page and "Egen pilot" in page
    assert "ändrade en medlems roll" in page and "Rapportör → Godkännare" in page
    assert "Främmande pilot" not in page
    assert "spärrades" not in page  # a person's security events stay with the coordinator
    assert "membership.role_changed" not in page


@pytest.mark.parametrize("role", ROLES)
def test_only_the_organisations_admins_and_the_coordinator_read_its_trail(
    as_role, organisation, role
):
    client, _ = as_role(role)
    status = client.get(f"/organisationer/{organisation.slug}/handelser/").status_code
    if role == "anonymous":
        assert status == 302
    else:
        assert status == (200 if role in {"org_admin", "coordinator"} else 403)


def test_the_trail_pages_in_a_constant_number_of_queries(
    client, org_admin, organisation, django_assert_max_num_queries
):
    client.force_login(org_admin)
    url = f"/organisationer/{organisation.slug}/handelser/"

    def add(n):
        for i in range(n):
            pilot = PilotFactory(lead_organisation=organisation, title=f"Pilot {i}")
            member = MembershipFactory(organisation=organisation)
            audit_record(
                actor=org_admin, action="pilot.updated", obj=pilot, organisation=organisation
            )
            audit_record(
                actor=org_admin, action="membership.created", obj=member, organisation=organisation
            )

    add(1)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).text
    assert "26 händelser" in page
    assert "Sida 2 av 2" in client.get(url + "?page=2").text


def test_the_queryset_filter_and_the_predicate_agree(
    organisation, other_organisation, org_admin, other_member, reporter, coordinator, outsider
):
    _events(organisation, other_organisation, org_admin)
    _events(other_organisation, organisation, other_member)
    audit_record(actor=coordinator, action="statistics.imported", obj=organisation)
    events = list(AuditEvent.objects.all())
    for user in (org_admin, other_member, reporter, coordinator, outsider):
        visible = set(
            organisation_audit_visible(user, AuditEvent.objects.all()).values_list("pk", flat=True)
        )
        assert visible == {e.pk for e in events if can_view_audit_event(user, e)}, user
    assert organisation_audit_visible(reporter, AuditEvent.objects.all()).count() == 0
    assert organisation_audit_visible(org_admin, AuditEvent.objects.all()).count() == 3


def test_another_organisations_admin_cannot_read_it(client, other_member, organisation):
    client.force_login(other_member)
    assert client.get(f"/organisationer/{organisation.slug}/handelser/").status_code == 403
