"""Login throttling (django-axes): five wrong passwords lock an address out of an account for the
cool-off time on every login path: the portal form, the Wagtail admin and the API token."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from partners.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "losenord-123"  # UserFactory's
LOGIN = "/konto/logga-in/"


def _fail_five_times(client, url, email):
    return [
        client.post(url, {"username": email, "password": "fel-losenord"}).status_code
        for _ in range(5)
    ]


def test_five_wrong_passwords_lock_the_portal_login_even_for_the_right_password(client, viewer):
    statuses = _fail_five_times(client, LOGIN, viewer.email)

    assert statuses[:4] == [200, 200, 200, 200]  # the form again, with its error
    assert statuses[4] == 429
    response = client.post(LOGIN, {"username": viewer.email, "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "För många misslyckade inloggningsförsök" in page
    assert "15 minuter" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_the_cool_off_time(client, viewer):
    _fail_five_times(client, LOGIN, viewer.email)
    # Travel past the cool-off: axes compares the last failure with the cool-off time.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = client.post(LOGIN, {"username": viewer.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(viewer.pk)


def test_the_lockout_is_per_address_and_account(client, viewer, reporter):
    _fail_five_times(client, LOGIN, viewer.email.upper())  # the same account, case-blind

    other_account = client.post(LOGIN, {"username": reporter.email, "password": PASSWORD})
    other_address = client.post(
        LOGIN, {"username": viewer.email, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )

    assert other_account.status_code == 302
    assert other_address.status_code == 302


def test_a_lockout_is_audited_on_the_account(client, viewer):
    _fail_five_times(client, LOGIN, viewer.email)

    event = AuditEvent.objects.get(action="account.locked_out")
    assert event.object_id == str(viewer.pk)
    assert "127.0.0.1" in event.message


def test_the_wagtail_admin_login_is_throttled_too(client, coordinator):
    statuses = _fail_five_times(client, "/admin/login/", coordinator.email)

    assert statuses[4] == 429
    response = client.post("/admin/login/", {"username": coordinator.email, "password": PASSWORD})
    assert response.status_code == 429


def test_the_api_token_endpoint_is_throttled_with_a_json_answer(client, viewer):
    url = "/api/v1/auth/token/"
    statuses = _fail_five_times(client, url, viewer.email)

    assert statuses[:4] == [400, 400, 400, 400]
    assert statuses[4] == 429
    response = client.post(url, {"username": viewer.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.json()["detail"]


def test_a_successful_login_resets_the_count(client, viewer):
    for _ in range(4):
        client.post(LOGIN, {"username": viewer.email, "password": "fel"})
    client.post(LOGIN, {"username": viewer.email, "password": PASSWORD})
    client.post("/konto/logga-ut/")

    response = client.post(LOGIN, {"username": viewer.email, "password": "fel"})

    assert response.status_code == 200


def test_an_overlong_username_is_an_ordinary_failed_login(client):
    response = client.post("/api/v1/auth/token/", {"username": "a" * 400, "password": "x"})

    assert response.status_code == 400
