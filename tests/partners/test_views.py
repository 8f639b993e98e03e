"""Portal pages for partners: a permission matrix for every page, then behaviour and bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    valid_org_number,
)
from partners.models import AuditEvent, Invitation, Kommun, Membership, Organisation, Role
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

MEMBERS = {"viewer", "reporter", "approver", "org_admin"}
MANAGERS = {"org_admin", "coordinator"}
LOGIN = "/konto/logga-in/"


def _expect(role, *, allowed, denied=403):
    """Anonymous visitors are sent to log in; allowed roles get 200; everyone else `denied`."""
    if role == "anonymous":
        return 302
    return 200 if role in allowed else denied


@pytest.fixture
def target(organisation):
    """A reporter in the organisation whom admins act upon."""
    return MembershipFactory(organisation=organisation, role=Role.REPORTER)


def _make_pending(organisation):
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    organisation.refresh_from_db()


# --- matrix: public pages --------------------------------------------------------------------


PUBLIC_PAGES = [
    "/",
    "/organisationer/",
    "/kommuner/",
    "/kommuner/0180/",
    "/regioner/",
    "/regioner/01/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_public_pages_are_open_to_everyone(as_role, organisation, role, path):
    client, _ = as_role(role)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_an_approved_organisations_profile(as_role, organisation, role):
    client, _ = as_role(role)
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert organisation.name in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_pending_organisation_is_visible_only_to_its_members_and_the_coordinator(
    as_role, organisation, role
):
    client, _ = as_role(role)
    # Create role users before the organisation turns pending, then look at it.
    _make_pending(organisation)
    visible = role in MEMBERS | {"coordinator"}
    assert client.get(organisation.get_absolute_url()).status_code == (200 if visible else 404)
    listed = organisation.name in client.get("/organisationer/").content.decode()
    assert listed is visible


# --- matrix: signed-in pages -----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_dashboard_needs_a_login_and_lists_the_users_organisations(as_role, organisation, role):
    client, _ = as_role(role)
    response = client.get("/mina-sidor/")
    assert response.status_code == _expect(role, allowed=set(ROLES))
    if role == "anonymous":
        assert response["Location"].startswith(LOGIN)
    elif role in MEMBERS:
        assert organisation.name in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_registration_form_needs_a_login(as_role, role):
    client, _ = as_role(role)
    assert client.get("/organisationer/registrera/").status_code == _expect(
        role, allowed=set(ROLES)
    )


@pytest.mark.parametrize("role", ROLES)
def test_any_signed_in_person_may_register_an_organisation(as_role, role):
    client, user = as_role(role)
    before = Organisation.objects.count()
    response = client.post(
        "/organisationer/registrera/",
        {
            "name": "Ny förening",
            "kind": "civilsamhalle",
            "org_number": valid_org_number(42, "80"),
        },
    )
    assert response.status_code == 302
    if role == "anonymous":
        assert response["Location"].startswith(LOGIN)
        assert Organisation.objects.count() == before
    else:
        org = Organisation.objects.get(name="Ny förening")
        assert response["Location"] == org.get_absolute_url()
        assert org.status == Organisation.Status.PENDING
        assert Membership.objects.get(organisation=org).user == user


@pytest.mark.parametrize("role", ROLES)
def test_members_page_is_for_members_and_the_coordinator(as_role, organisation, role):
    client, _ = as_role(role)
    response = client.get(f"/organisationer/{organisation.slug}/medlemmar/")
    assert response.status_code == _expect(role, allowed=MEMBERS | {"coordinator"})
    if response.status_code == 200:
        shows_invite_form = "Bjud in en kollega" in response.content.decode()
        assert shows_invite_form is (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_members_page_of_a_pending_organisation_is_hidden_from_outsiders(
    as_role, organisation, role
):
    client, _ = as_role(role)
    _make_pending(organisation)
    response = client.get(f"/organisationer/{organisation.slug}/medlemmar/")
    assert response.status_code == _expect(role, allowed=MEMBERS | {"coordinator"}, denied=404)


@pytest.mark.parametrize("role", ROLES)
def test_only_org_admins_and_the_coordinator_send_invitations(
    as_role, organisation, role, mailoutbox, django_capture_on_commit_callbacks
):
    client, _ = as_role(role)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/organisationer/{organisation.slug}/medlemmar/",
            {"email": "kollega@example.se", "role": "reporter"},
        )
    if role in MANAGERS:
        assert response.status_code == 302
        assert Invitation.objects.filter(email="kollega@example.se").count() == 1
        assert [m.to for m in mailoutbox] == [["kollega@example.se"]]
    else:
        assert response.status_code == _expect(role, allowed=set())
        assert not Invitation.objects.exists()
        assert mailoutbox == []


@pytest.mark.parametrize("role", ROLES)
def test_only_org_admins_and_the_coordinator_change_a_members_role(as_role, target, role):
    client, _ = as_role(role)
    response = client.post(f"/medlemskap/{target.pk}/", {"action": "role", "role": "approver"})
    target.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code == 302
        assert target.role == Role.APPROVER
    else:
        assert response.status_code == _expect(role, allowed=set())
        assert target.role == Role.REPORTER


@pytest.mark.parametrize("role", ROLES)
def test_only_org_admins_and_the_coordinator_remove_a_member(as_role, target, role):
    client, _ = as_role(role)
    response = client.post(f"/medlemskap/{target.pk}/ta-bort/")
    removed = not Membership.objects.filter(pk=target.pk).exists()
    assert removed is (role in MANAGERS)
    assert response.status_code == (302 if role in MANAGERS else _expect(role, allowed=set()))


@pytest.mark.parametrize("role", ROLES)
def test_only_org_admins_and_the_coordinator_revoke_an_invitation(as_role, organisation, role):
    invitation = InvitationFactory(organisation=organisation)
    client, _ = as_role(role)
    response = client.post(f"/inbjudningar/{invitation.pk}/aterkalla/")
    invitation.refresh_from_db()
    assert invitation.is_open is (role not in MANAGERS)
    assert response.status_code == (302 if role in MANAGERS else _expect(role, allowed=set()))


@pytest.mark.parametrize("role", ROLES)
def test_an_invitation_is_accepted_only_by_the_person_it_was_sent_to(as_role, organisation, role):
    client, user = as_role(role)
    invitation = InvitationFactory(
        organisation=organisation,
        email=user.email if user else "someone@example.se",
        role=Role.VIEWER,
    )
    url = f"/inbjudan/{invitation.token}/"
    assert client.get(url).status_code == (302 if role == "anonymous" else 200)
    response = client.post(url)
    invitation.refresh_from_db()
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert invitation.is_open
    elif role in MEMBERS:
        assert response.status_code == 200
        assert "redan medlem" in response.content.decode()
        assert invitation.is_open
    else:
        assert response.status_code == 302 and response["Location"] == "/mina-sidor/"
        assert Membership.objects.get(user=user, organisation=organisation).role == Role.VIEWER


@pytest.mark.parametrize(
    "path",
    [
        "/medlemskap/{m}/",
        "/inbjudningar/{i}/aterkalla/",
    ],
)
def test_member_and_invitation_actions_refuse_get(client, org_admin, target, path, organisation):
    invitation = InvitationFactory(organisation=organisation)
    client.force_login(org_admin)
    assert client.get(path.format(m=target.pk, i=invitation.pk)).status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_signup_is_for_visitors_who_are_not_signed_in(as_role, role):
    client, _ = as_role(role)
    response = client.get("/konto/registrera/")
    if role == "anonymous":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response["Location"] == "/mina-sidor/"


# --- behaviour -------------------------------------------------------------------------------


def test_signing_up_logs_the_person_in_and_leads_to_organisation_registration(client):
    response = client.post(
        "/konto/registrera/",
        {
            "first_name": "Ny",
            "last_name": "Person",
            "email": "ny@example.se",
            "password": "Ett-bra-l0senord",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/organisationer/registrera/"
    assert client.get("/mina-sidor/").status_code == 200


def test_signup_never_redirects_to_another_site(client):
    response = client.post(
        "/konto/registrera/?next=https://evil.example/",
        {
            "first_name": "Ny",
            "last_name": "Person",
            "email": "ny@example.se",
            "password": "Ett-bra-l0senord",
        },
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_signup_follows_a_local_next_address(client):
    response = client.post(
        "/konto/registrera/?next=/kommuner/",
        {
            "first_name": "Ny",
            "last_name": "Person",
            "email": "ny@example.se",
            "password": "Ett-bra-l0senord",
        },
    )
    assert response["Location"] == "/kommuner/"


def test_signup_with_a_taken_email_shows_the_reason_on_the_form(client, outsider):
    response = client.post(
        "/konto/registrera/",
        {
            "first_name": "A",
            "last_name": "B",
            "email": outsider.email.upper(),
            "password": "Ett-bra-l0senord",
        },
    )
    assert response.status_code == 200
    assert "Det finns redan ett konto" in response.content.decode()


def _post_registration(client, **data):
    payload = {
        "name": "Ny förening",
        "kind": "civilsamhalle",
        "org_number": valid_org_number(5, "80"),
    }
    payload.update(data)
    return client.post("/organisationer/registrera/", payload)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"org_number": "123"}, "tio siffror"),
        ({"org_number": "212000-0143"}, "kontrollsiffra"),
        ({"kind": "kommun"}, "Ange vilken kommun"),
        ({"kind": "region"}, "Ange vilken region"),
        ({"kommun": "999999"}, "Välj ett giltigt alternativ"),
        ({"kind": "bank"}, "Välj ett giltigt alternativ"),
        ({"name": ""}, "Det här fältet är obligatoriskt"),
        ({"website": "inte en adress"}, "Ange en giltig URL"),
    ],
)
def test_registration_form_shows_a_clear_message_and_saves_nothing(client, outsider, data, message):
    client.force_login(outsider)
    before = (Organisation.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    response = _post_registration(client, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (
        Organisation.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_registering_a_taken_organisationsnummer_shows_it_on_the_form(client, outsider):
    OrganisationFactory(org_number="212000-0142")
    client.force_login(outsider)
    response = _post_registration(client, org_number="2120000142")
    assert response.status_code == 200
    assert "redan registrerad" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_registering_a_kommun_twice_shows_which_kommun_is_taken(client, outsider):
    umea = Kommun.objects.get(code="2480")
    OrganisationFactory(kommun_kind=True, kommun=umea)
    client.force_login(outsider)
    response = _post_registration(client, kind="kommun", kommun=umea.pk)
    assert "Umeå är redan registrerad" in response.content.decode()


def test_inviting_an_existing_member_shows_the_reason_on_the_form(
    client, org_admin, viewer, organisation
):
    client.force_login(org_admin)
    response = client.post(
        f"/organisationer/{organisation.slug}/medlemmar/", {"email": viewer.email, "role": "admin"}
    )
    assert response.status_code == 200
    assert "redan medlem" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_with_a_malformed_address_shows_the_reason(client, org_admin, organisation):
    client.force_login(org_admin)
    response = client.post(
        f"/organisationer/{organisation.slug}/medlemmar/",
        {"email": "inte-en-adress", "role": "boss"},
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_the_last_admin_trying_to_step_down_sees_why_it_is_refused(client, org_admin):
    membership = Membership.objects.get(user=org_admin)
    client.force_login(org_admin)
    response = client.post(
        f"/medlemskap/{membership.pk}/", {"action": "role", "role": "viewer"}, follow=True
    )
    assert "minst en administratör" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_an_unknown_role_is_refused_with_a_message(client, org_admin, target):
    client.force_login(org_admin)
    response = client.post(
        f"/medlemskap/{target.pk}/", {"action": "role", "role": "owner"}, follow=True
    )
    assert "Välj en av rollerna" in response.content.decode()
    target.refresh_from_db()
    assert target.role == Role.REPORTER


def test_a_member_who_leaves_lands_on_their_dashboard_not_an_error_page(client, reporter):
    membership = Membership.objects.get(user=reporter)
    client.force_login(reporter)
    response = client.post(f"/medlemskap/{membership.pk}/ta-bort/")
    assert response.status_code == 302
    assert response["Location"] == "/mina-sidor/"


def test_an_expired_invitation_page_says_to_ask_for_a_new_one(client, outsider, organisation):
    invitation = InvitationFactory(organisation=organisation, email=outsider.email, expired=True)
    client.force_login(outsider)
    response = client.post(f"/inbjudan/{invitation.token}/")
    assert response.status_code == 200
    assert "gått ut" in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()


def test_an_unknown_invitation_token_is_not_found(client, outsider):
    client.force_login(outsider)
    assert client.get("/inbjudan/finns-inte/").status_code == 404


@pytest.mark.parametrize(
    "path", ["/kommuner/9999/", "/kommuner/abc/", "/regioner/99/", "/organisationer/finns-inte/"]
)
def test_unknown_kommun_region_or_organisation_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_kommun_profile_lists_approved_partners_there_and_credits_its_sources(client):
    umea = Kommun.objects.get(code="2480")
    approved = OrganisationFactory(kommun_kind=True, kommun=umea, name="Umeå kommun")
    OrganisationFactory(kommun=umea, pending=True, name="Väntande förening")
    body = client.get("/kommuner/2480/").content.decode()
    assert approved.name in body
    assert "Väntande förening" not in body
    assert "Källa: SCB" in body and "SKR" in body


def test_region_profile_lists_its_kommuner_and_partners(client):
    umea = Kommun.objects.get(code="2480")
    OrganisationFactory(kommun_kind=True, kommun=umea, name="Umeå kommun")
    body = client.get("/regioner/24/").content.decode()
    assert "Umeå kommun" in body and "Vännäs" in body


@pytest.mark.parametrize(
    "query",
    [
        "?kind=kommun",
        "?kind=not-a-kind",
        "?lan=24",
        "?lan=xx'",
        "?q=Umeå",
        "?page=999",
        "?page=abc",
        "?q=" + "x" * 5000,
    ],
)
def test_organisation_directory_filters_never_fail(client, query):
    OrganisationFactory(
        kommun_kind=True, kommun=Kommun.objects.get(code="2480"), name="Umeå kommun"
    )
    assert client.get("/organisationer/" + query).status_code == 200


def test_organisation_directory_filters_by_kind_and_lan(client):
    OrganisationFactory(
        kommun_kind=True, kommun=Kommun.objects.get(code="2480"), name="Umeå kommun"
    )
    OrganisationFactory(name="Stockholmsföreningen", kommun=Kommun.objects.get(code="0180"))
    body = client.get("/organisationer/?lan=24").content.decode()
    assert "Umeå kommun" in body and "Stockholmsföreningen" not in body
    body = client.get("/organisationer/?kind=civilsamhalle").content.decode()
    assert "Umeå kommun" not in body and "Stockholmsföreningen" in body


@pytest.mark.parametrize(
    "query", ["?grupp=A1", "?grupp=Z9", "?lan=01", "?q=01", "?q=Stock", "?page=-1"]
)
def test_kommun_directory_filters_never_fail(client, query):
    assert client.get("/kommuner/" + query).status_code == 200


# --- query counts ---------------------------------------------------------------------------


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def _organisations(n, start=0):
    kommuner = list(Kommun.objects.order_by("code")[:10])
    for i in range(start, start + n):
        org = OrganisationFactory(kommun=kommuner[i % 10], pending=(i % 5 == 0))
        org.member_kommuner.set(kommuner[:2])


@pytest.mark.parametrize("role", ["anonymous", "org_admin", "coordinator"])
def test_organisation_directory_query_count_does_not_grow_with_organisations(
    as_role, role, django_assert_max_num_queries
):
    client, _ = as_role(role)
    _organisations(3)
    bound = _queries(client, "/organisationer/")
    with django_assert_max_num_queries(bound):
        client.get("/organisationer/")
    _organisations(27, start=3)
    with django_assert_max_num_queries(bound):
        client.get("/organisationer/")


def test_kommun_directory_query_count_does_not_grow_with_partners(
    client, django_assert_max_num_queries
):
    _organisations(3)
    with django_assert_max_num_queries(8):
        client.get("/kommuner/")
    _organisations(27, start=3)
    with django_assert_max_num_queries(8):
        client.get("/kommuner/")


@pytest.mark.parametrize("path", ["/kommuner/0180/", "/regioner/01/", "/mina-sidor/"])
def test_profile_and_dashboard_query_counts_do_not_grow_with_data(
    client, coordinator, path, django_assert_max_num_queries
):
    client.force_login(coordinator)
    stockholm = Kommun.objects.get(code="0180")

    def add(n):
        for _ in range(n):
            org = OrganisationFactory(kommun=stockholm)
            MembershipFactory(organisation=org, user=coordinator)

    add(2)
    bound = _queries(client, path)
    add(20)
    with django_assert_max_num_queries(bound):
        client.get(path)


def test_member_kommuner_are_chosen_with_the_kommun_picker_grouped_by_lan(client, outsider):
    from partners.factories import valid_org_number
    from partners.models import Kommun, Organisation

    client.force_login(outsider)
    page = client.get("/organisationer/registrera/").content.decode()
    assert "data-kommun-picker" in page and 'class="lan-group"' in page
    umea = Kommun.objects.get(code="2480")
    assert f'name="member_kommuner" value="{umea.pk}"' in page
    assert '<select name="member_kommuner"' not in page
    chosen = list(Kommun.objects.filter(code__in=["2480", "2482"]))
    response = client.post(
        "/organisationer/registrera/",
        {
            "name": "Samordningsförbundet Test",
            "kind": "samordningsforbund",
            "org_number": valid_org_number(3, prefix="22"),
            "member_kommuner": [k.pk for k in chosen],
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Samordningsförbundet Test")
    assert set(organisation.member_kommuner.all()) == set(chosen)
    client.force_login(outsider)
    rejected_page = client.post(
        "/organisationer/registrera/",
        {
            "name": "Förening",
            "kind": "civilsamhalle",
            "org_number": "x",
            "member_kommuner": [umea.pk],
        },
    ).content.decode()
    # A failed post keeps the choice, opens its län and counts it.
    assert f'value="{umea.pk}" id="id_member_kommuner_' in rejected_page
    assert "1 kommun vald." in rejected_page
