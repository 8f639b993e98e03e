"""Services: every state change of organisations, memberships and invitations."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partners.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    valid_org_number,
)
from partners.models import (
    AuditEvent,
    Invitation,
    Kommun,
    Membership,
    Organisation,
    OrganisationKind,
    Region,
    Role,
    User,
)
from partners.services import memberships as membership_services
from partners.services import organisations as organisation_services

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
        Invitation.objects.count(),
    )


def _register(actor, **overrides):
    fields = {
        "name": "Föreningen Friskvård",
        "kind": OrganisationKind.CIVILSAMHALLE,
        "org_number": "802000-0000",
    }
    fields["org_number"] = valid_org_number(7, prefix="80")
    fields.update(overrides)
    return organisation_services.organisation_register(actor=actor, **fields)


# --- sign-up -------------------------------------------------------------------------------


def test_signup_creates_an_active_account_with_lowercase_email():
    user = membership_services.user_register(
        email="Ny.Person@Example.se",
        password="ett-bra-losenord",
        first_name=" Ny ",
        last_name="Person",
    )
    assert user.email == "ny.person@example.se"
    assert user.first_name == "Ny"
    assert user.check_password("ett-bra-losenord")
    assert AuditEvent.objects.filter(action="user.registered").count() == 1


def test_signup_with_an_email_already_in_use_is_refused_whatever_the_case():
    UserFactory(email="anna@example.se")
    with pytest.raises(ValidationError) as exc:
        membership_services.user_register(
            email="ANNA@example.se", password="x-y-z-123", first_name="A", last_name="B"
        )
    assert "email" in exc.value.message_dict
    assert User.objects.count() == 1


# --- registration --------------------------------------------------------------------------


def test_registered_organisation_waits_for_approval_and_the_applicant_becomes_its_admin(outsider):
    org = _register(outsider, org_number="212000 0142")
    assert org.status == Organisation.Status.PENDING
    assert org.org_number == "212000-0142"
    assert org.slug == "foreningen-friskvard"
    assert org.created_by == outsider
    assert Membership.objects.get(organisation=org).user == outsider
    assert Membership.objects.get(organisation=org).role == Role.ADMIN


def test_registration_is_audited_with_the_new_values(outsider):
    org = _register(outsider)
    event = AuditEvent.objects.get(action="organisation.registered")
    assert event.actor == outsider
    assert event.organisation == org
    assert event.changes["name"] == [None, "Föreningen Friskvård"]
    assert event.changes["status"] == [None, "pending"]


def test_coordinators_are_emailed_about_a_new_registration_after_commit(
    outsider, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _register(outsider)
    assert len(callbacks) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [coordinator.email]


def test_no_email_is_sent_before_the_registration_commits(
    outsider, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        _register(outsider)
        assert mailoutbox == []


def test_two_organisations_with_the_same_name_get_different_addresses(outsider):
    a = _register(outsider, org_number=valid_org_number(1, "80"))
    b = _register(outsider, org_number=valid_org_number(2, "80"))
    assert a.slug == "foreningen-friskvard"
    assert b.slug == "foreningen-friskvard-2"


@pytest.mark.parametrize("org_number", ["12345", "abcdefghij", "", "21200001420"])
def test_registration_with_a_malformed_organisationsnummer_is_refused_and_nothing_is_saved(
    outsider, org_number
):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _register(outsider, org_number=org_number)
    assert "tio siffror" in " ".join(exc.value.message_dict["org_number"])
    assert _counts() == before


def test_registration_with_a_wrong_check_digit_is_refused_and_nothing_is_saved(outsider):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _register(outsider, org_number="212000-0143")
    assert "kontrollsiffra" in " ".join(exc.value.message_dict["org_number"])
    assert _counts() == before


def test_registering_an_organisationsnummer_that_is_taken_is_refused_whatever_the_spelling(
    outsider,
):
    OrganisationFactory(org_number="212000-0142")
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _register(outsider, org_number="2120000142")
    assert "redan registrerad" in " ".join(exc.value.message_dict["org_number"])
    assert _counts() == before


def test_a_kommun_can_be_registered_only_once(outsider):
    umea = Kommun.objects.get(code="2480")
    OrganisationFactory(kommun_kind=True, kommun=umea, pending=True)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _register(outsider, name="Umeå kommun", kind=OrganisationKind.KOMMUN, kommun=umea)
    assert "Umeå" in " ".join(exc.value.message_dict["kommun"])
    assert _counts() == before


def test_a_kommun_whose_earlier_registration_was_rejected_can_register_again(outsider):
    umea = Kommun.objects.get(code="2480")
    OrganisationFactory(kommun_kind=True, kommun=umea, rejected=True)
    org = _register(outsider, name="Umeå kommun", kind=OrganisationKind.KOMMUN, kommun=umea)
    assert org.kommun == umea


def test_a_region_can_be_registered_only_once(outsider):
    region = Region.objects.get(lan_code="24")
    OrganisationFactory(region_kind=True, region=region)
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _register(outsider, name="Region Västerbotten", kind=OrganisationKind.REGION, region=region)
    assert "region" in exc.value.message_dict
    assert _counts() == before


def test_kommun_kind_without_a_kommun_is_refused_with_a_field_error(outsider):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _register(outsider, kind=OrganisationKind.KOMMUN)
    assert "kommun" in exc.value.message_dict
    assert _counts() == before


def test_region_kind_without_a_region_is_refused_with_a_field_error(outsider):
    with pytest.raises(ValidationError) as exc:
        _register(outsider, kind=OrganisationKind.REGION)
    assert "region" in exc.value.message_dict


def test_a_kommun_organisation_gets_its_region_from_the_kommun(outsider):
    umea = Kommun.objects.get(code="2480")
    org = _register(outsider, kind=OrganisationKind.KOMMUN, kommun=umea)
    assert org.region == umea.region


def test_a_kommun_in_another_region_than_the_one_chosen_is_refused(outsider):
    umea = Kommun.objects.get(code="2480")
    with pytest.raises(ValidationError) as exc:
        _register(outsider, kommun=umea, region=Region.objects.get(lan_code="01"))
    assert "region" in exc.value.message_dict


def test_member_kommuner_are_only_for_federations(outsider):
    umea = Kommun.objects.get(code="2480")
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _register(outsider, member_kommuner=[umea])
    assert "member_kommuner" in exc.value.message_dict
    assert _counts() == before


def test_a_samordningsforbund_is_registered_with_its_member_kommuner(outsider):
    kommuner = list(Kommun.objects.filter(code__in=["2480", "2460"]))
    org = _register(outsider, kind=OrganisationKind.SAMORDNINGSFORBUND, member_kommuner=kommuner)
    assert set(org.member_kommuner.all()) == set(kommuner)


def test_registration_without_a_name_is_refused(outsider):
    with pytest.raises(ValidationError) as exc:
        _register(outsider, name="   ")
    assert "name" in exc.value.message_dict


def test_registration_with_an_unknown_kind_is_refused(outsider):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        _register(outsider, kind="bank")
    assert "kind" in exc.value.message_dict
    assert _counts() == before


def test_registration_collects_every_field_error_at_once(outsider):
    with pytest.raises(ValidationError) as exc:
        _register(outsider, name="", kind=OrganisationKind.KOMMUN, org_number="1")
    assert {"name", "kommun", "org_number"} <= set(exc.value.message_dict)


# --- coordinator creates directly --------------------------------------------------------


def test_coordinator_adds_an_organisation_that_is_approved_at_once_without_joining_it(coordinator):
    org = organisation_services.organisation_create(
        actor=coordinator,
        name="Folkhälsomyndigheten",
        kind=OrganisationKind.MYNDIGHET,
        org_number="202100-5521",
        signed_partnership_on=timezone.localdate(),
    )
    assert org.status == Organisation.Status.APPROVED
    assert org.signed_partnership_on == timezone.localdate()
    assert not Membership.objects.filter(organisation=org).exists()


def test_only_the_coordinator_adds_organisations_directly(org_admin):
    with pytest.raises(PermissionDenied):
        organisation_services.organisation_create(
            actor=org_admin, name="X", kind=OrganisationKind.ANNAN, org_number="202100-5521"
        )
    assert not Organisation.objects.filter(org_number="202100-5521").exists()


# --- approve / reject ------------------------------------------------------------------


@pytest.fixture
def application(outsider):
    return _register(outsider)


def test_coordinator_approves_an_application_and_its_admin_is_emailed_after_commit(
    application, outsider, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        org = organisation_services.organisation_approve(
            organisation=application, actor=coordinator, note="Välkomna"
        )
    assert org.status == Organisation.Status.APPROVED
    assert org.decided_by == coordinator and org.decided_at is not None
    assert [m.to for m in mailoutbox] == [[outsider.email]]
    assert application.name in mailoutbox[0].subject + mailoutbox[0].body


def test_approval_is_audited_from_pending_to_approved(application, coordinator):
    organisation_services.organisation_approve(organisation=application, actor=coordinator)
    event = AuditEvent.objects.get(action="organisation.approved")
    assert event.changes == {"status": ["pending", "approved"]}
    assert event.actor == coordinator


def test_coordinator_rejects_with_a_reason_that_reaches_the_applicant(
    application, outsider, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        org = organisation_services.organisation_reject(
            organisation=application, actor=coordinator, reason="Inte en partner i partnerskapet."
        )
    assert org.status == Organisation.Status.REJECTED
    assert org.decision_note == "Inte en partner i partnerskapet."
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [outsider.email]
    assert "Inte en partner i partnerskapet." in mailoutbox[0].body
    event = AuditEvent.objects.get(action="organisation.rejected")
    assert event.changes == {"status": ["pending", "rejected"]}
    assert event.message == "Inte en partner i partnerskapet."


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_rejecting_without_a_reason_is_refused(application, coordinator, reason, mailoutbox):
    with pytest.raises(ValidationError) as exc:
        organisation_services.organisation_reject(
            organisation=application, actor=coordinator, reason=reason
        )
    assert "reason" in exc.value.message_dict
    application.refresh_from_db()
    assert application.status == Organisation.Status.PENDING


@pytest.mark.parametrize(
    "role", ["outsider", "other_member", "viewer", "reporter", "approver", "org_admin"]
)
def test_only_the_coordinator_approves_or_rejects(
    request, role, application, mailoutbox, django_capture_on_commit_callbacks
):
    actor = request.getfixturevalue(role)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(PermissionDenied):
            organisation_services.organisation_approve(organisation=application, actor=actor)
        with pytest.raises(PermissionDenied):
            organisation_services.organisation_reject(
                organisation=application, actor=actor, reason="Nej"
            )
    application.refresh_from_db()
    assert application.status == Organisation.Status.PENDING
    assert mailoutbox == []


def test_the_applicant_cannot_approve_their_own_organisation(application, outsider):
    with pytest.raises(PermissionDenied):
        organisation_services.organisation_approve(organisation=application, actor=outsider)


def test_approving_twice_is_refused_and_sends_no_second_email(
    application, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        organisation_services.organisation_approve(organisation=application, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        organisation_services.organisation_approve(organisation=application, actor=coordinator)
    assert len(mailoutbox) == 1


# --- update ------------------------------------------------------------------------------


def test_org_admin_changes_details_and_the_change_is_audited_old_to_new(organisation, org_admin):
    organisation_services.organisation_update(
        organisation=organisation, actor=org_admin, name="Nytt namn", website="https://example.se"
    )
    organisation.refresh_from_db()
    assert organisation.name == "Nytt namn"
    assert organisation.slug == "nytt-namn"
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.changes["name"] == ["Testkommunens förvaltning", "Nytt namn"]
    assert event.changes["website"] == ["", "https://example.se"]


def test_an_update_that_changes_nothing_writes_no_audit_event(organisation, org_admin):
    organisation_services.organisation_update(
        organisation=organisation, actor=org_admin, name=organisation.name
    )
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


@pytest.mark.parametrize("role", ["outsider", "other_member", "viewer", "reporter", "approver"])
def test_only_org_admins_and_the_coordinator_change_details(request, role, organisation):
    with pytest.raises(PermissionDenied):
        organisation_services.organisation_update(
            organisation=organisation, actor=request.getfixturevalue(role), name="Kapad"
        )
    organisation.refresh_from_db()
    assert organisation.name == "Testkommunens förvaltning"


def test_an_org_admin_cannot_approve_their_organisation_by_changing_its_status(org_admin):
    pending = OrganisationFactory(pending=True)
    MembershipFactory(organisation=pending, user=org_admin, role=Role.ADMIN)
    with pytest.raises(ValidationError):
        organisation_services.organisation_update(
            organisation=pending, actor=org_admin, status="approved"
        )
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING


def test_changing_to_an_organisationsnummer_that_is_taken_is_refused(organisation, org_admin):
    OrganisationFactory(org_number="212000-0142")
    with pytest.raises(ValidationError) as exc:
        organisation_services.organisation_update(
            organisation=organisation, actor=org_admin, org_number="2120000142"
        )
    assert "org_number" in exc.value.message_dict


def test_changing_into_a_kommun_that_is_already_registered_is_refused(organisation, coordinator):
    umea = Kommun.objects.get(code="2480")
    OrganisationFactory(kommun_kind=True, kommun=umea)
    with pytest.raises(ValidationError) as exc:
        organisation_services.organisation_update(
            organisation=organisation, actor=coordinator, kind=OrganisationKind.KOMMUN, kommun=umea
        )
    assert "kommun" in exc.value.message_dict
    organisation.refresh_from_db()
    assert organisation.kind == OrganisationKind.CIVILSAMHALLE


def test_member_kommuner_cannot_be_set_on_an_organisation_that_is_not_a_federation(
    organisation, org_admin
):
    with pytest.raises(ValidationError) as exc:
        organisation_services.organisation_update(
            organisation=organisation, actor=org_admin, member_kommuner=[Kommun.objects.first()]
        )
    assert "member_kommuner" in exc.value.message_dict
    assert not organisation.member_kommuner.exists()


def test_changing_the_member_kommuner_of_a_federation_is_audited(org_admin):
    federation = OrganisationFactory(kind=OrganisationKind.KOMMUNALFORBUND)
    MembershipFactory(organisation=federation, user=org_admin, role=Role.ADMIN)
    umea = Kommun.objects.get(code="2480")
    organisation_services.organisation_update(
        organisation=federation, actor=org_admin, member_kommuner=[umea]
    )
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.changes["member_kommuner"] == [[], ["Umeå"]]


# --- invitations ---------------------------------------------------------------------------


def test_org_admin_invites_a_colleague_who_gets_an_email_after_commit(
    organisation, org_admin, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = membership_services.invitation_create(
            organisation=organisation,
            actor=org_admin,
            email=" Kollega@Example.SE ",
            role=Role.APPROVER,
        )
    assert invitation.email == "kollega@example.se"
    assert invitation.is_open
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["kollega@example.se"]
    assert invitation.token in mailoutbox[0].body
    event = AuditEvent.objects.get(action="invitation.created")
    assert event.changes == {"email": [None, "kollega@example.se"], "role": [None, "approver"]}


def test_inviting_the_same_address_again_resends_and_replaces_the_old_invitation(
    organisation, org_admin, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        first = membership_services.invitation_create(
            organisation=organisation, actor=org_admin, email="k@example.se", role=Role.VIEWER
        )
    with django_capture_on_commit_callbacks(execute=True):
        second = membership_services.invitation_create(
            organisation=organisation, actor=org_admin, email="K@example.se", role=Role.REPORTER
        )
    first.refresh_from_db()
    assert not first.is_open
    assert second.is_open and second.token != first.token
    assert len(mailoutbox) == 2
    assert organisation.invitations.open().count() == 1


@pytest.mark.parametrize("role", ["outsider", "other_member", "viewer", "reporter", "approver"])
def test_only_org_admins_and_the_coordinator_invite(request, role, organisation):
    with pytest.raises(PermissionDenied):
        membership_services.invitation_create(
            organisation=organisation,
            actor=request.getfixturevalue(role),
            email="x@example.se",
            role=Role.ADMIN,
        )
    assert not Invitation.objects.exists()


def test_coordinator_may_invite_to_any_organisation(organisation, coordinator):
    invitation = membership_services.invitation_create(
        organisation=organisation, actor=coordinator, email="x@example.se", role=Role.ADMIN
    )
    assert invitation.is_open


def test_inviting_someone_who_is_already_a_member_is_refused(organisation, org_admin, reporter):
    with pytest.raises(ValidationError) as exc:
        membership_services.invitation_create(
            organisation=organisation,
            actor=org_admin,
            email=reporter.email.upper(),
            role=Role.ADMIN,
        )
    assert "redan medlem" in " ".join(exc.value.message_dict["email"])
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("email", "role", "field"),
    [
        ("", Role.VIEWER, "email"),
        ("inte-en-adress", Role.VIEWER, "email"),
        ("a@example.se", "owner", "role"),
    ],
)
def test_invitation_with_bad_input_is_refused_with_a_field_error(
    organisation, org_admin, email, role, field
):
    with pytest.raises(ValidationError) as exc:
        membership_services.invitation_create(
            organisation=organisation, actor=org_admin, email=email, role=role
        )
    assert field in exc.value.message_dict
    assert not Invitation.objects.exists()


def test_invited_person_accepts_and_becomes_a_member_with_the_invited_role(organisation):
    invitation = InvitationFactory(
        organisation=organisation, email="ny@example.se", role=Role.APPROVER
    )
    user = UserFactory(email="ny@example.se")
    membership = membership_services.invitation_accept(invitation=invitation, user=user)
    assert membership.role == Role.APPROVER
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and not invitation.is_open
    event = AuditEvent.objects.get(action="membership.created")
    assert event.changes == {"role": [None, "approver"]}


def test_an_invitation_cannot_be_accepted_twice(organisation):
    invitation = InvitationFactory(organisation=organisation, email="ny@example.se")
    user = UserFactory(email="ny@example.se")
    membership_services.invitation_accept(invitation=invitation, user=user)
    with pytest.raises(ValidationError):
        membership_services.invitation_accept(invitation=invitation, user=user)


def test_an_invitation_for_another_address_is_refused(organisation, outsider):
    invitation = InvitationFactory(organisation=organisation, email="ratt@example.se")
    with pytest.raises(PermissionDenied) as exc:
        membership_services.invitation_accept(invitation=invitation, user=outsider)
    assert "ratt@example.se" in str(exc.value)
    assert not Membership.objects.filter(user=outsider).exists()


def test_an_expired_invitation_is_refused(organisation):
    invitation = InvitationFactory(organisation=organisation, email="ny@example.se", expired=True)
    with pytest.raises(ValidationError):
        membership_services.invitation_accept(
            invitation=invitation, user=UserFactory(email="ny@example.se")
        )
    assert not Membership.objects.filter(user__email="ny@example.se").exists()


def test_a_revoked_invitation_is_refused(organisation):
    invitation = InvitationFactory(organisation=organisation, email="ny@example.se", revoked=True)
    with pytest.raises(ValidationError):
        membership_services.invitation_accept(
            invitation=invitation, user=UserFactory(email="ny@example.se")
        )


def test_accepting_when_already_a_member_is_refused_and_keeps_the_current_role(
    organisation, viewer
):
    invitation = InvitationFactory(organisation=organisation, email=viewer.email, role=Role.ADMIN)
    with pytest.raises(ValidationError):
        membership_services.invitation_accept(invitation=invitation, user=viewer)
    assert Membership.objects.get(user=viewer).role == Role.VIEWER
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_org_admin_revokes_an_open_invitation_and_it_is_audited(organisation, org_admin):
    invitation = InvitationFactory(organisation=organisation)
    membership_services.invitation_revoke(invitation=invitation, actor=org_admin)
    invitation.refresh_from_db()
    assert not invitation.is_open
    assert (
        AuditEvent.objects.filter(action="invitation.revoked", organisation=organisation).count()
        == 1
    )


def test_revoking_an_invitation_that_is_no_longer_open_is_refused(organisation, org_admin):
    invitation = InvitationFactory(organisation=organisation, accepted=True)
    with pytest.raises(ValidationError):
        membership_services.invitation_revoke(invitation=invitation, actor=org_admin)


@pytest.mark.parametrize("role", ["outsider", "other_member", "viewer", "reporter", "approver"])
def test_only_org_admins_and_the_coordinator_revoke_invitations(request, role, organisation):
    invitation = InvitationFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        membership_services.invitation_revoke(
            invitation=invitation, actor=request.getfixturevalue(role)
        )
    invitation.refresh_from_db()
    assert invitation.is_open


# --- memberships -------------------------------------------------------------------------


def test_org_admin_changes_a_role_and_the_change_is_audited_old_to_new(
    organisation, org_admin, reporter
):
    membership = Membership.objects.get(user=reporter)
    membership_services.membership_set_role(
        membership=membership, actor=org_admin, role=Role.APPROVER
    )
    membership.refresh_from_db()
    assert membership.role == Role.APPROVER
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.changes == {"role": ["reporter", "approver"]}
    assert event.actor == org_admin and event.organisation == organisation


def test_setting_the_same_role_again_writes_no_audit_event(org_admin, reporter):
    membership = Membership.objects.get(user=reporter)
    membership_services.membership_set_role(
        membership=membership, actor=org_admin, role=Role.REPORTER
    )
    assert not AuditEvent.objects.filter(action="membership.role_changed").exists()


def test_an_unknown_role_is_refused(org_admin, reporter):
    membership = Membership.objects.get(user=reporter)
    with pytest.raises(ValidationError):
        membership_services.membership_set_role(
            membership=membership, actor=org_admin, role="owner"
        )


def test_the_last_admin_cannot_step_down(org_admin):
    membership = Membership.objects.get(user=org_admin)
    with pytest.raises(ValidationError) as exc:
        membership_services.membership_set_role(
            membership=membership, actor=org_admin, role=Role.VIEWER
        )
    assert "minst en administratör" in exc.value.messages[0]
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_an_admin_can_step_down_when_another_admin_remains(organisation, org_admin):
    MembershipFactory(organisation=organisation, role=Role.ADMIN)
    membership = Membership.objects.get(user=org_admin)
    membership_services.membership_set_role(
        membership=membership, actor=org_admin, role=Role.VIEWER
    )
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_the_last_admin_cannot_be_removed(org_admin, coordinator):
    membership = Membership.objects.get(user=org_admin)
    with pytest.raises(ValidationError):
        membership_services.membership_remove(membership=membership, actor=coordinator)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEvent.objects.filter(action="membership.removed").exists()


def test_org_admin_removes_a_member_and_the_removal_is_audited(organisation, org_admin, viewer):
    membership = Membership.objects.get(user=viewer)
    membership_services.membership_remove(membership=membership, actor=org_admin)
    assert not Membership.objects.filter(user=viewer).exists()
    event = AuditEvent.objects.get(action="membership.removed")
    assert event.changes == {"role": ["viewer", None]}
    assert event.organisation == organisation


def test_a_member_may_leave_an_organisation_themselves(reporter):
    membership = Membership.objects.get(user=reporter)
    membership_services.membership_remove(membership=membership, actor=reporter)
    assert not Membership.objects.filter(user=reporter).exists()


def test_a_member_who_leaves_loses_access_at_once(organisation, reporter):
    from partners import rules

    assert rules.can_view_members(reporter, organisation)
    membership_services.membership_remove(
        membership=Membership.objects.get(user=reporter), actor=reporter
    )
    assert not rules.can_view_members(reporter, organisation)


@pytest.mark.parametrize("role", ["outsider", "other_member", "viewer", "approver"])
def test_only_org_admins_and_the_coordinator_change_or_remove_other_members(
    request, role, reporter
):
    membership = Membership.objects.get(user=reporter)
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        membership_services.membership_set_role(membership=membership, actor=actor, role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        membership_services.membership_remove(membership=membership, actor=actor)
    membership.refresh_from_db()
    assert membership.role == Role.REPORTER


def test_a_reporter_cannot_promote_themselves(reporter):
    membership = Membership.objects.get(user=reporter)
    with pytest.raises(PermissionDenied):
        membership_services.membership_set_role(
            membership=membership, actor=reporter, role=Role.ADMIN
        )


def test_coordinator_adds_an_existing_user_directly_and_it_is_audited(
    organisation, coordinator, outsider
):
    membership = membership_services.membership_add(
        organisation=organisation, user=outsider, role=Role.VIEWER, actor=coordinator
    )
    assert membership.role == Role.VIEWER
    assert AuditEvent.objects.get(action="membership.created").changes == {"role": [None, "viewer"]}


def test_adding_someone_who_is_already_a_member_is_refused(organisation, coordinator, viewer):
    with pytest.raises(ValidationError):
        membership_services.membership_add(
            organisation=organisation, user=viewer, role=Role.ADMIN, actor=coordinator
        )


def test_only_the_coordinator_adds_members_directly(organisation, org_admin, outsider):
    with pytest.raises(PermissionDenied):
        membership_services.membership_add(
            organisation=organisation, user=outsider, role=Role.ADMIN, actor=org_admin
        )


def test_expired_invitations_do_not_count_as_open(organisation, org_admin):
    InvitationFactory(
        organisation=organisation,
        email="a@example.se",
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    invitation = membership_services.invitation_create(
        organisation=organisation, actor=org_admin, email="a@example.se", role=Role.VIEWER
    )
    assert list(organisation.invitations.open()) == [invitation]
