"""Two-factor authentication: coordinators and organisation admins must pass a TOTP code (or a
backup code) after their password; others may opt in. Uses the real login form and real codes."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners import two_factor
from partners.middleware import TwoFactorMiddleware
from partners.models import AuditEvent, Membership, Role

pytestmark = pytest.mark.django_db

PASSWORD = "losenord-123"  # UserFactory's
SETUP = "/konto/tvastegsverifiering/"
VERIFY = "/konto/tvastegsverifiering/verifiera/"
DASHBOARD = "/mina-sidor/"


def _code(device, steps_ahead=0) -> str:
    """The code the user's app shows now (or a step later, as the device's tolerance allows)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):06d}"


def _log_in(client, user):
    response = client.post("/konto/logga-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def _app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)


def test_a_coordinator_without_an_app_is_sent_to_set_one_up(client, coordinator):
    _log_in(client, coordinator)

    for path in (DASHBOARD, "/admin/", "/mina-sidor/organisationer/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP + "?next=")


def test_setup_shows_an_inline_svg_qr_code_and_the_secret_and_gives_ten_backup_codes(
    client, coordinator
):
    _log_in(client, coordinator)

    page = client.get(SETUP).content.decode()

    assert "<svg" in page
    assert "<img" not in page.split('id="main"')[1]  # no external QR image
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert two_factor.secret_for_display(device) in page
    assert 'autocomplete="one-time-code"' in page

    response = client.post(SETUP, {"code": _code(device), "next": DASHBOARD}, follow=True)

    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert client.get(DASHBOARD).status_code == 200
    # Shown once only.
    assert client.get("/konto/tvastegsverifiering/reservkoder/").status_code == 302
    assert AuditEvent.objects.filter(action="two_factor.enabled").count() == 1


def test_a_wrong_setup_code_is_refused_with_a_form_error(client, org_admin):
    _log_in(client, org_admin)
    client.get(SETUP)

    response = client.post(SETUP, {"code": "000000"})

    assert response.status_code == 200
    assert "Koden stämmer inte" in response.content.decode()
    assert client.get(DASHBOARD).status_code == 302


def test_a_coordinator_with_an_app_verifies_a_code_after_the_password(client, coordinator):
    device = _app(coordinator)
    _log_in(client, coordinator)

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)

    wrong = client.post(VERIFY, {"code": "123456"})
    assert "Koden stämmer inte" in wrong.content.decode()
    # django-otp makes the next try wait after a failure (1 s, then doubling): travel past it.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5)
    )

    response = client.post(VERIFY, {"code": _code(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once(client, coordinator):
    _app(coordinator)
    codes = two_factor.backup_codes_renew(user=coordinator)
    _log_in(client, coordinator)

    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.get(DASHBOARD).status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()

    client.post("/konto/logga-ut/")
    _log_in(client, coordinator)
    reused = client.post(VERIFY, {"code": codes[0]})
    assert reused.status_code == 200
    assert client.get(DASHBOARD).status_code == 302


def test_session_api_calls_need_the_second_factor(client, coordinator):
    _app(coordinator)
    _log_in(client, coordinator)

    response = client.get("/api/v1/organisations/")

    assert response.status_code == 403
    assert "Tvåstegsverifiering krävs" in response.json()["detail"]


def test_members_without_admin_rights_are_not_asked_but_may_opt_in(client, viewer):
    _log_in(client, viewer)
    assert client.get(DASHBOARD).status_code == 200

    client.get(SETUP)
    device = TOTPDevice.objects.get(user=viewer)
    client.post(SETUP, {"code": _code(device)})
    client.post("/konto/logga-ut/")
    _log_in(client, viewer)

    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": _code(device, steps_ahead=1)}).status_code == 302
    assert client.get(DASHBOARD).status_code == 200


def test_the_coordinator_resets_a_users_two_factor_and_it_is_audited(
    client, coordinator, org_admin
):
    _app(org_admin)
    two_factor.backup_codes_renew(user=org_admin)
    client.force_login(coordinator)

    response = client.post("/konto/tvastegsverifiering/aterstall/", {"email": org_admin.email})

    assert response.status_code == 302
    assert not two_factor.has_two_factor(org_admin)
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.object_id == str(org_admin.pk)
    assert event.actor == coordinator


def test_only_the_coordinator_may_reset(client, org_admin, viewer):
    client.force_login(org_admin)

    response = client.post("/konto/tvastegsverifiering/aterstall/", {"email": viewer.email})

    assert response.status_code == 403


def test_the_api_token_needs_a_code_from_admins(client, org_admin):
    device = _app(org_admin)
    url = "/api/v1/auth/token/"

    without = client.post(url, {"username": org_admin.email, "password": PASSWORD})
    with_code = client.post(
        url, {"username": org_admin.email, "password": PASSWORD, "otp_token": _code(device)}
    )

    assert without.status_code == 400
    assert "otp_token" in without.json()
    assert with_code.status_code == 200
    assert with_code.json()["token"]


def test_a_member_made_admin_is_asked_for_the_second_factor_within_minutes(client, viewer):
    _log_in(client, viewer)
    assert client.get(DASHBOARD).status_code == 200
    Membership.objects.filter(user=viewer).update(role=Role.ADMIN)
    session = client.session
    session[TwoFactorMiddleware.NOT_NEEDED_UNTIL] -= TwoFactorMiddleware.RECHECK_SECONDS
    session.save()

    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


@pytest.fixture
def postgres_locking_rule(monkeypatch):
    """PostgreSQL's rule on any database: SELECT … FOR UPDATE outside a transaction raises
    TransactionManagementError. SQLite has no FOR UPDATE, so Django would skip the check there;
    claiming the feature (and writing no clause) makes SQLite enforce it the same way."""
    from django.db import connection

    if not connection.features.has_select_for_update:
        monkeypatch.setattr(connection.features, "has_select_for_update", True)
        monkeypatch.setattr(connection.ops, "for_update_sql", lambda **kwargs: "")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["portal", "token"])
@pytest.mark.parametrize("kind", ["app", "backup"])
def test_a_second_login_verifies_outside_a_wrapping_transaction(
    client, coordinator, postgres_locking_rule, path, kind
):
    """django-otp reads the devices with SELECT … FOR UPDATE; run without the test's wrapping
    transaction (as in production), verification after setup answered 500 on PostgreSQL."""
    device = _app(coordinator)
    codes = two_factor.backup_codes_renew(user=coordinator)
    code = _code(device) if kind == "app" else codes[0]

    if path == "portal":
        _log_in(client, coordinator)
        response = client.post(VERIFY, {"code": code})
        assert response.status_code == 302 and client.get(DASHBOARD).status_code == 200
    else:
        data = {"username": coordinator.email, "password": PASSWORD, "otp_token": code}
        response = client.post("/api/v1/auth/token/", data)
        assert response.status_code == 200, response.content
