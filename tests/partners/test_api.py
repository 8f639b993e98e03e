"""The REST API under /api/v1/: permission matrix, bad input, query counts, a property test."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.factories import MembershipFactory, OrganisationFactory, UserFactory, valid_org_number
from partners.models import AuditEvent, Kommun, Membership, Organisation, Role
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

MEMBERS = {"viewer", "reporter", "approver", "org_admin"}
MANAGERS = {"org_admin", "coordinator"}
DENIED = (401, 403)
API = "/api/v1/organisations/"


def _counts():
    return Organisation.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def _payload(**overrides):
    data = {
        "name": "Ny förening",
        "kind": "civilsamhalle",
        "org_number": valid_org_number(77, "80"),
    }
    data.update(overrides)
    return data


# --- matrix ------------------------------------------------------------------------------------


READ_ENDPOINTS = [
    "/api/v1/",
    API,
    "/api/v1/kommuner/",
    "/api/v1/kommuner/0180/",
    "/api/v1/regioner/",
    "/api/v1/regioner/01/",
    "/api/schema/",
    "/api/docs/",
]


@pytest.mark.parametrize("path", READ_ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_reading_reference_data_schema_and_docs_is_open_to_everyone(
    as_role, organisation, role, path
):
    client, _ = as_role(role)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_api_shows_an_approved_organisation_to_everyone(as_role, organisation, role):
    client, _ = as_role(role)
    response = client.get(f"{API}{organisation.slug}/")
    assert response.status_code == 200
    assert response.json()["org_number"] == organisation.org_number


@pytest.mark.parametrize("role", ROLES)
def test_api_shows_a_pending_organisation_only_to_its_members_and_the_coordinator(
    as_role, organisation, role
):
    client, _ = as_role(role)
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    visible = role in MEMBERS | {"coordinator"}
    assert client.get(f"{API}{organisation.slug}/").status_code == (200 if visible else 404)
    slugs = [o["slug"] for o in client.get(API).json()["results"]]
    assert (organisation.slug in slugs) is visible


@pytest.mark.parametrize("role", ROLES)
def test_any_signed_in_person_registers_an_organisation_through_the_api(as_role, role):
    client, user = as_role(role)
    before = _counts()
    response = _post(client, API, _payload())
    if role == "anonymous":
        assert response.status_code in DENIED
        assert _counts() == before
    else:
        assert response.status_code == 201, response.content
        assert response.json()["status"] == "pending"
        assert Membership.objects.get(organisation__slug=response.json()["slug"]).user == user


@pytest.mark.parametrize("method", ["patch", "put"])
@pytest.mark.parametrize("role", ROLES)
def test_only_org_admins_and_the_coordinator_edit_an_organisation(
    as_role, organisation, role, method
):
    client, _ = as_role(role)
    data = _payload(name="Nytt namn", org_number=organisation.org_number)
    send = getattr(client, method)
    response = send(f"{API}{organisation.slug}/", json.dumps(data), content_type="application/json")
    organisation.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code == 200, response.content
        assert organisation.name == "Nytt namn"
    else:
        assert response.status_code in DENIED
        assert organisation.name == "Testkommunens förvaltning"


@pytest.mark.parametrize("action", ["approve", "reject"])
@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_approves_or_rejects_through_the_api(
    as_role, organisation, org_admin, role, action, mailoutbox, django_capture_on_commit_callbacks
):
    client, _ = as_role(role)
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, f"{API}{organisation.slug}/{action}/", {"reason": "Motivering"})
    organisation.refresh_from_db()
    if role == "coordinator":
        assert response.status_code == 200
        assert organisation.status == {"approve": "approved", "reject": "rejected"}[action]
        assert len(mailoutbox) == 1
    else:
        assert response.status_code in DENIED
        assert organisation.status == Organisation.Status.PENDING
        assert mailoutbox == []


@pytest.mark.parametrize("role", ROLES)
def test_members_list_is_for_members_and_the_coordinator(as_role, organisation, org_admin, role):
    client, _ = as_role(role)
    response = client.get(f"{API}{organisation.slug}/members/")
    if role in MEMBERS | {"coordinator"}:
        assert response.status_code == 200
        assert org_admin.email in [m["email"] for m in response.json()["results"]]
    else:
        assert response.status_code in DENIED


@pytest.mark.parametrize("path", [API, "/api/v1/kommuner/", "/api/v1/regioner/"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_reference_data_is_read_only_even_for_the_coordinator(client, coordinator, path, method):
    client.force_login(coordinator)
    url = path if method == "post" else path + ("0180/" if "kommuner" in path else "01/")
    if path == API:
        if method != "delete":
            return  # organisations accept writes; see the tests above
        OrganisationFactory(slug="x")
        url = API + "x/"
    response = getattr(client, method)(url, "{}", content_type="application/json")
    assert response.status_code == 405
    assert Kommun.objects.count() == 290


# --- auth ---------------------------------------------------------------------------------


def test_an_integrator_gets_a_token_with_email_password_and_code_and_uses_it(client, org_admin):
    org_admin.set_password("hemligt-losen-1")
    org_admin.save()
    # Admins use two-factor authentication, so the token endpoint wants a code too.
    device = TOTPDevice.objects.create(user=org_admin, name="Telefon", confirmed=True)
    code = f"{totp(device.bin_key):06d}"
    response = client.post(
        "/api/v1/auth/token/",
        {"username": org_admin.email, "password": "hemligt-losen-1", "otp_token": code},
    )
    assert response.status_code == 200
    token = response.json()["token"]
    organisation = Membership.objects.get(user=org_admin).organisation
    response = client.get(f"{API}{organisation.slug}/members/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


def test_a_wrong_password_gets_no_token(client, org_admin):
    response = client.post("/api/v1/auth/token/", {"username": org_admin.email, "password": "fel"})
    assert response.status_code == 400


def test_a_made_up_token_is_refused(client, organisation):
    response = client.get(f"{API}{organisation.slug}/members/", HTTP_AUTHORIZATION="Token abc123")
    assert response.status_code == 401


# --- behaviour and bad input -------------------------------------------------------------------


def test_registering_a_kommun_by_its_scb_code(client, outsider):
    client.force_login(outsider)
    response = _post(client, API, _payload(kind="kommun", kommun="2480", name="Umeå kommun"))
    assert response.status_code == 201
    assert response.json()["kommun"] == "2480"
    assert response.json()["region"] == "24"


def test_registering_a_federation_with_member_kommuner(client, outsider):
    client.force_login(outsider)
    response = _post(
        client, API, _payload(kind="samordningsforbund", member_kommuner=["2480", "2460"])
    )
    assert response.status_code == 201
    org = Organisation.objects.get(slug=response.json()["slug"])
    assert set(org.member_kommuner.values_list("code", flat=True)) == {"2480", "2460"}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (_payload(org_number="123"), "org_number", "tio siffror"),
        (_payload(org_number="212000-0143"), "org_number", "kontrollsiffra"),
        (_payload(kind="kommun"), "kommun", "Ange vilken kommun"),
        (_payload(kind="kommun", kommun="9999"), "kommun", "ingen kommun med koden 9999"),
        (_payload(kind="region", region="99"), "region", "ingen region med länskoden 99"),
        (_payload(member_kommuner=["2480"]), "member_kommuner", "kommunalförbund"),
        (
            _payload(kind="samordningsforbund", member_kommuner=["2480", "0000"]),
            "member_kommuner",
            "0000",
        ),
        (_payload(kind="bank"), "kind", ""),
        (_payload(name=""), "name", ""),
        (_payload(name=["a", "b"]), "name", ""),
        (_payload(name={"sv": "x"}), "name", ""),
        (_payload(name=True), "name", ""),
        (_payload(name="x" * 201), "name", ""),
        (_payload(org_number=["212000-0142"]), "org_number", ""),
        (_payload(kind=["kommun"]), "kind", ""),
        (_payload(kommun=["2480"]), "kommun", ""),
        (_payload(kommun={"code": "2480"}), "kommun", ""),
        (_payload(member_kommuner="2480"), "member_kommuner", ""),
        (_payload(member_kommuner=[["2480"]]), "member_kommuner", ""),
        (_payload(website="inte en adress"), "website", ""),
        (_payload(website="https://" + "a" * 250 + ".se"), "website", ""),
        ({"kind": "annan"}, "name", ""),
        ({}, "org_number", ""),
    ],
)
def test_malformed_registration_gets_400_with_the_field_error_and_writes_nothing(
    client, outsider, data, field, message
):
    client.force_login(outsider)
    before = _counts()
    response = _post(client, API, data)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors
    assert message in json.dumps(errors, ensure_ascii=False)
    assert _counts() == before


def test_registering_a_taken_organisationsnummer_gets_400(client, outsider):
    OrganisationFactory(org_number="212000-0142")
    client.force_login(outsider)
    before = _counts()
    response = _post(client, API, _payload(org_number="2120000142"))
    assert response.status_code == 400
    assert "redan registrerad" in response.json()["org_number"][0]
    assert _counts() == before


def test_registering_a_kommun_that_is_already_a_partner_gets_400(client, outsider):
    OrganisationFactory(kommun_kind=True, kommun=Kommun.objects.get(code="2480"))
    client.force_login(outsider)
    response = _post(client, API, _payload(kind="kommun", kommun="2480"))
    assert response.status_code == 400
    assert "Umeå" in response.json()["kommun"][0]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("{not json", "application/json"),
        ("", "application/json"),
        ("[1, 2, 3]", "application/json"),
        ('"a string"', "application/json"),
        ("null", "application/json"),
        ("123", "application/json"),
        ("name=x", "text/plain"),
        ("\xff\xfe", "application/json"),
    ],
)
def test_a_body_that_is_not_a_json_object_gets_a_4xx_and_writes_nothing(
    client, outsider, body, content_type
):
    client.force_login(outsider)
    before = _counts()
    response = client.post(API, body, content_type=content_type)
    assert 400 <= response.status_code < 500
    assert _counts() == before


def test_form_encoded_registration_also_works(client, outsider):
    client.force_login(outsider)
    response = client.post(API, _payload())
    assert response.status_code == 201


def test_status_cannot_be_set_through_a_patch(client, org_admin, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    client.force_login(org_admin)
    response = _patch(client, f"{API}{organisation.slug}/", {"status": "approved"})
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"org_number": "123"}, "org_number"),
        ({"kind": "kommun"}, "kommun"),
        ({"kommun": "abc"}, "kommun"),
        ({"name": None}, "name"),
        ({"member_kommuner": ["2480"]}, "member_kommuner"),
    ],
)
def test_malformed_patch_gets_400_and_changes_nothing(client, org_admin, organisation, data, field):
    client.force_login(org_admin)
    before = (_counts(), Organisation.objects.values().get(pk=organisation.pk))
    response = _patch(client, f"{API}{organisation.slug}/", data)
    assert response.status_code == 400
    assert field in response.json()
    assert (_counts(), Organisation.objects.values().get(pk=organisation.pk)) == before


def test_patch_changes_only_the_fields_sent_and_is_audited(client, org_admin, organisation):
    client.force_login(org_admin)
    response = _patch(client, f"{API}{organisation.slug}/", {"description": "Ny text"})
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.description == "Ny text"
    assert organisation.name == "Testkommunens förvaltning"
    assert AuditEvent.objects.get(action="organisation.updated").changes == {
        "description": ["", "Ny text"]
    }


def test_rejecting_without_a_reason_gets_400(client, coordinator, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    client.force_login(coordinator)
    response = _post(client, f"{API}{organisation.slug}/reject/", {})
    assert response.status_code == 400
    assert "reason" in response.json()
    response = _post(client, f"{API}{organisation.slug}/reject/", {"reason": ["a"]})
    assert response.status_code == 400


def test_approving_an_approved_organisation_gets_400(client, coordinator, organisation):
    client.force_login(coordinator)
    response = _post(client, f"{API}{organisation.slug}/approve/", {})
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_kommun_api_gives_scb_code_lan_skr_group_and_kolada_id(client):
    data = client.get("/api/v1/kommuner/0180/").json()
    assert data["name"] == "Stockholm"
    assert data["lan_code"] == "01"
    assert data["skr_group"] == "A1"
    assert data["kolada_id"] == "0180"
    region = client.get("/api/v1/regioner/01/").json()
    assert region["kolada_id"] == "0001"


@pytest.mark.parametrize(
    "query",
    [
        "?lan=24",
        "?skr_group=A1",
        "?skr_group=ZZ",
        "?search=Ume",
        "?ordering=-population",
        "?ordering=nonexistent",
        "?page=999",
        "?page=abc",
        "?lan[]=1",
    ],
)
def test_kommun_api_filters_never_fail(client, query):
    assert client.get("/api/v1/kommuner/" + query).status_code in (200, 400, 404)


@pytest.mark.parametrize(
    "query",
    [
        "?kind=kommun",
        "?kind=bank",
        "?status=pending",
        "?kommun=2480",
        "?lan=24",
        "?search=förening",
        "?ordering=-created_at",
    ],
)
def test_organisation_api_filters_never_fail(client, query):
    assert client.get(API + query).status_code in (200, 400)


def test_filtering_on_pending_does_not_reveal_pending_organisations_to_the_public(client):
    OrganisationFactory(pending=True)
    assert client.get(API + "?status=pending").json()["count"] == 0


def test_schema_is_openapi_3_and_documents_the_organisation_endpoints(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/organisations/" in schema["paths"]
    assert "/api/v1/organisations/{slug}/approve/" in schema["paths"]
    assert "/api/v1/kommuner/" in schema["paths"]


# --- query counts ----------------------------------------------------------------------------


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "path", [API, "/api/v1/kommuner/", "/api/v1/regioner/", "/api/v1/kommuner/?search=a"]
)
@pytest.mark.parametrize("role", ["anonymous", "org_admin", "coordinator"])
def test_api_list_query_count_does_not_grow_with_data(
    as_role, role, path, django_assert_max_num_queries
):
    client, _ = as_role(role)
    kommuner = list(Kommun.objects.all()[:5])

    def add(n):
        for i in range(n):
            org = OrganisationFactory(kommun=kommuner[i % 5], pending=(i % 3 == 0))
            org.member_kommuner.set(kommuner[:2])

    add(3)
    bound = _queries(client, path)
    add(30)
    with django_assert_max_num_queries(bound):
        client.get(path)


def test_members_api_query_count_does_not_grow_with_members(
    client, coordinator, organisation, django_assert_max_num_queries
):
    client.force_login(coordinator)
    MembershipFactory.create_batch(3, organisation=organisation)
    path = f"{API}{organisation.slug}/members/"
    bound = _queries(client, path)
    MembershipFactory.create_batch(30, organisation=organisation)
    with django_assert_max_num_queries(bound):
        client.get(path)


# --- property test -----------------------------------------------------------------------------


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
plausible = {
    "name": st.text(max_size=220) | json_values,
    "kind": st.sampled_from(["kommun", "region", "annan", "samordningsforbund", "", "KOMMUN"])
    | json_values,
    "org_number": st.sampled_from(["212000-0142", "2120000142", "212000-0143", "", "802000-0003"])
    | st.integers(min_value=0, max_value=10**12).map(lambda n: valid_org_number(n % 10**7, "80"))
    | json_values,
    "kommun": st.sampled_from(["0180", "2480", "9999", "", None]) | json_values,
    "region": st.sampled_from(["01", "24", "99", "", None]) | json_values,
    "member_kommuner": st.lists(st.sampled_from(["0180", "2480", "x"]), max_size=3) | json_values,
    "description": st.text(max_size=50) | json_values,
    "website": st.sampled_from(["https://example.se", "ftp://x", "", "example.se"]) | json_values,
}
payloads = st.fixed_dictionaries({}, optional=plausible) | json_values


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=payloads)
def test_no_api_payload_causes_a_server_error_or_a_partial_write(client, payload):
    if not getattr(client, "_logged_in", False):
        client.force_login(UserFactory())
        client._logged_in = True
    before = _counts()
    response = client.post(API, json.dumps(payload), content_type="application/json")
    assert response.status_code < 500
    organisations, memberships, events = _counts()
    if response.status_code == 201:
        assert (organisations, memberships) == (before[0] + 1, before[1] + 1)
        assert events == before[2] + 1
    else:
        assert response.status_code == 400
        assert (organisations, memberships, events) == before


def test_org_admin_role_is_reported_in_the_members_api(client, org_admin, organisation):
    client.force_login(org_admin)
    roles = {
        m["email"]: m["role"]
        for m in client.get(f"{API}{organisation.slug}/members/").json()["results"]
    }
    assert roles[org_admin.email] == Role.ADMIN
