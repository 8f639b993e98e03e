"""Signed-in sessions end after two idle hours or twelve hours after login, and logging out
removes the session on the server (a copied cookie no longer works)."""

import pytest
from django.contrib.sessions.models import Session

from partners.middleware import SessionTimeoutMiddleware as Timeout

pytestmark = pytest.mark.django_db

DASHBOARD = "/mina-sidor/"


def _shift(client, key, seconds):
    """Travel in time: move one of the session's clocks back by `seconds`."""
    session = client.session
    session[key] -= seconds
    session.save()


def test_an_active_session_keeps_working(client, viewer):
    client.force_login(viewer)
    _shift(client, Timeout.SEEN_AT, 60 * 60)  # an hour since the last request

    assert client.get(DASHBOARD).status_code == 200


def test_two_idle_hours_log_the_user_out(client, viewer):
    client.force_login(viewer)
    _shift(client, Timeout.SEEN_AT, 2 * 60 * 60 + 1)

    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")
    assert "_auth_user_id" not in client.session


def test_twelve_hours_after_login_even_an_active_user_is_logged_out(client, viewer):
    client.force_login(viewer)
    _shift(client, Timeout.LOGIN_AT, 12 * 60 * 60 + 1)

    assert client.get(DASHBOARD).status_code == 302


def test_an_expired_session_answers_the_api_with_401(client, viewer):
    client.force_login(viewer)
    _shift(client, Timeout.SEEN_AT, 3 * 60 * 60)

    assert client.get("/api/v1/organisations/").status_code == 401


def test_logout_deletes_the_session_on_the_server(client, viewer):
    client.force_login(viewer)
    session_key = client.session.session_key

    client.post("/konto/logga-ut/")

    assert not Session.objects.filter(session_key=session_key).exists()
    client.cookies["sessionid"] = session_key  # a stolen copy of the old cookie
    assert client.get(DASHBOARD).status_code == 302
