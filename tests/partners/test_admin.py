"""The coordinator's Wagtail admin: a permission matrix, the decide view, service-backed saves."""

import pytest

from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.models import AuditEvent, Membership, Organisation, Role
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/partners/organisations/",
    "/admin/partners/organisations/?status=pending",
    "/admin/partners/organisations/new/",
    "/admin/partners/organisations/edit/{org}/",
    "/admin/partners/organisations/decide/{org}/",
    "/admin/partners/memberships/",
    "/admin/partners/memberships/new/",
    "/admin/partners/kommuner/",
    "/admin/partners/regioner/",
    "/admin/partners/audit/",
    "/admin/partners/audit/inspect/{event}/",
]


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def pending(outsider):
    org = OrganisationFactory(pending=True, name="Väntande förening")
    MembershipFactory(organisation=org, user=outsider, role=Role.ADMIN)
    return org


@pytest.fixture
def event(organisation, coordinator):
    return AuditEvent.objects.create(
        actor=coordinator,
        action="test.event",
        content_type_id=1,
        object_id="1",
        object_repr="x",
        organisation=organisation,
        changes={"a": [1, 2]},
    )


@pytest.mark.parametrize("page", ADMIN_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_partners_admin_is_for_the_coordinator_only(as_role, role, page, pending, event):
    client, _ = as_role(role)
    response = client.get(page.format(org=pending.pk, event=event.pk))
    if role == "coordinator":
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_decides_in_the_admin(
    as_role, role, pending, mailoutbox, django_capture_on_commit_callbacks
):
    client, _ = as_role(role)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/partners/organisations/decide/{pending.pk}/", {"decision": "approve"}
        )
    pending.refresh_from_db()
    if role == "coordinator":
        assert response.status_code == 302
        assert pending.status == Organisation.Status.APPROVED
        assert len(mailoutbox) == 1
    else:
        assert response.status_code in (302, 403)
        assert pending.status == Organisation.Status.PENDING
        assert mailoutbox == []


def test_pending_list_offers_the_review_button(client, coordinator, pending):
    client.force_login(coordinator)
    body = client.get("/admin/partners/organisations/?status=pending").content.decode()
    assert "Väntande förening" in body
    assert f"/admin/partners/organisations/decide/{pending.pk}/" in body


def test_coordinator_rejects_with_a_reason_and_the_applicant_is_emailed(
    client, coordinator, pending, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/partners/organisations/decide/{pending.pk}/",
            {"decision": "reject", "reason": "Saknar koppling till partnerskapet."},
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.REJECTED
    assert mailoutbox[0].to == [outsider.email]
    assert "Saknar koppling" in mailoutbox[0].body


def test_rejecting_without_a_reason_shows_an_error_and_changes_nothing(
    client, coordinator, pending
):
    client.force_login(coordinator)
    response = client.post(
        f"/admin/partners/organisations/decide/{pending.pk}/", {"decision": "reject"}
    )
    assert response.status_code == 200
    assert "Skriv en motivering" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING


@pytest.mark.parametrize("data", [{}, {"decision": "maybe", "reason": "x"}])
def test_a_missing_or_unknown_decision_is_never_taken_as_a_rejection(
    client, coordinator, pending, data
):
    client.force_login(coordinator)
    response = client.post(f"/admin/partners/organisations/decide/{pending.pk}/", data)
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING


def test_deciding_an_unknown_organisation_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/partners/organisations/decide/999999/").status_code == 404


ADD_FORM = {
    "name": "Folkhälsomyndigheten",
    "kind": "myndighet",
    "org_number": "202100-5521",
    "kommun": "",
    "region": "",
    "description": "",
    "website": "",
    "signed_partnership_on": "2025-03-01",
}


def test_coordinator_adds_an_approved_organisation_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/admin/partners/organisations/new/", ADD_FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    org = Organisation.objects.get(org_number="202100-5521")
    assert org.status == Organisation.Status.APPROVED
    assert str(org.signed_partnership_on) == "2025-03-01"
    assert AuditEvent.objects.filter(organisation=org, action="organisation.approved").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"org_number": "202100-5522"}, "kontrollsiffra"),
        ({"kind": "kommun"}, "Ange vilken kommun"),
    ],
)
def test_invalid_organisation_in_the_admin_shows_the_error_and_saves_nothing(
    client, coordinator, data, message
):
    client.force_login(coordinator)
    response = client.post("/admin/partners/organisations/new/", {**ADD_FORM, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.filter(name="Folkhälsomyndigheten").exists()


def test_a_duplicate_organisationsnummer_in_another_spelling_is_refused_in_the_admin(
    client, coordinator
):
    OrganisationFactory(org_number="202100-5521")
    client.force_login(coordinator)
    response = client.post(
        "/admin/partners/organisations/new/", {**ADD_FORM, "org_number": "2021005521"}
    )
    assert response.status_code == 200
    assert Organisation.objects.count() == 1


def test_coordinator_edits_an_organisation_and_the_change_is_audited(
    client, coordinator, organisation
):
    client.force_login(coordinator)
    data = {
        **ADD_FORM,
        "name": "Nytt namn",
        "kind": organisation.kind,
        "org_number": organisation.org_number,
        "signed_partnership_on": "",
    }
    response = client.post(f"/admin/partners/organisations/edit/{organisation.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert organisation.name == "Nytt namn"
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.changes["name"] == ["Testkommunens förvaltning", "Nytt namn"]
    assert event.actor == coordinator


def test_coordinator_adds_a_member_in_the_admin_through_the_service(
    client, coordinator, organisation, outsider
):
    client.force_login(coordinator)
    response = client.post(
        "/admin/partners/memberships/new/",
        {"user": outsider.pk, "organisation": organisation.pk, "role": "viewer"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user=outsider).role == Role.VIEWER
    assert AuditEvent.objects.filter(action="membership.created").exists()


def test_coordinator_changes_a_role_in_the_admin_and_it_is_audited(
    client, coordinator, organisation, reporter
):
    membership = Membership.objects.get(user=reporter)
    client.force_login(coordinator)
    response = client.post(
        f"/admin/partners/memberships/edit/{membership.pk}/",
        {"user": reporter.pk, "organisation": organisation.pk, "role": "approver"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.APPROVER
    assert AuditEvent.objects.get(action="membership.role_changed").changes == {
        "role": ["reporter", "approver"]
    }


def test_the_last_admin_cannot_be_demoted_or_deleted_in_the_admin(
    client, coordinator, organisation, org_admin
):
    membership = Membership.objects.get(user=org_admin)
    client.force_login(coordinator)
    response = client.post(
        f"/admin/partners/memberships/edit/{membership.pk}/",
        {"user": org_admin.pk, "organisation": organisation.pk, "role": "viewer"},
    )
    assert response.status_code == 200
    assert "minst en administratör" in response.content.decode()
    response = client.post(f"/admin/partners/memberships/delete/{membership.pk}/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_coordinator_removes_a_member_in_the_admin_and_it_is_audited(client, coordinator, viewer):
    membership = Membership.objects.get(user=viewer)
    client.force_login(coordinator)
    response = client.post(f"/admin/partners/memberships/delete/{membership.pk}/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.get(action="membership.removed").changes == {"role": ["viewer", None]}


@pytest.mark.parametrize("who", ["coordinator", "superuser"])
def test_the_audit_log_is_read_only_even_for_superusers(request, client, who, event):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/admin/partners/audit/").status_code == 200
    assert client.get(f"/admin/partners/audit/inspect/{event.pk}/").status_code == 200
    for url in [
        "/admin/partners/audit/new/",
        f"/admin/partners/audit/edit/{event.pk}/",
        f"/admin/partners/audit/delete/{event.pk}/",
    ]:
        assert client.get(url).status_code != 200, url
    client.post("/admin/partners/audit/new/", {"message": "forged"})
    client.post(f"/admin/partners/audit/edit/{event.pk}/", {"message": "changed"})
    client.post(f"/admin/partners/audit/delete/{event.pk}/")
    event.refresh_from_db()
    assert event.message == ""
    assert AuditEvent.objects.count() == 1
    listing = client.get("/admin/partners/audit/").content.decode()
    assert "/admin/partners/audit/new/" not in listing


def test_membership_edit_form_offers_only_the_role(client, coordinator, organisation, reporter):
    membership = Membership.objects.get(user=reporter)
    client.force_login(coordinator)
    response = client.get(f"/admin/partners/memberships/edit/{membership.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="role"' in html
    assert 'name="user"' not in html and 'name="organisation"' not in html
    new = client.get("/admin/partners/memberships/new/").content.decode()
    assert 'name="user"' in new and 'name="organisation"' in new


def test_membership_edit_never_moves_the_membership(
    client, coordinator, organisation, other_organisation, reporter, outsider
):
    membership = Membership.objects.get(user=reporter)
    client.force_login(coordinator)
    response = client.post(
        f"/admin/partners/memberships/edit/{membership.pk}/",
        {"user": outsider.pk, "organisation": other_organisation.pk, "role": "viewer"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.user, membership.organisation, membership.role) == (
        reporter,
        organisation,
        Role.VIEWER,
    )


def test_coordinator_may_not_delete_kommuner_or_regioner(client, coordinator):
    from partners.groups import ensure_coordinator_group
    from partners.models import Kommun, Region

    ensure_coordinator_group()
    kommun, region = Kommun.objects.first(), Region.objects.first()
    client.force_login(coordinator)
    for url in (
        f"/admin/partners/kommuner/delete/{kommun.pk}/",
        f"/admin/partners/regioner/delete/{region.pk}/",
    ):
        response = client.post(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/admin/login/" not in response["Location"]
    assert Kommun.objects.filter(pk=kommun.pk).exists()
    assert Region.objects.filter(pk=region.pk).exists()
    assert client.get(f"/admin/partners/kommuner/edit/{kommun.pk}/").status_code == 200


def test_ensure_coordinator_group_removes_grants_it_no_longer_makes():
    from django.contrib.auth.models import Permission

    from partners.groups import ensure_coordinator_group

    group = ensure_coordinator_group(extra=[("cms", "delete_goalcontribution")])
    stale = Permission.objects.filter(
        content_type__app_label="partners", codename__in=["delete_kommun", "delete_region"]
    )
    group.permissions.add(*stale)
    ensure_coordinator_group()
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert not {"delete_kommun", "delete_region"} & codenames
    assert {"change_kommun", "view_region", "delete_membership"} <= codenames
    # Permissions on models this list does not manage (the CMS's) stay.
    assert "delete_goalcontribution" in codenames
