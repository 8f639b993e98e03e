"""The matrix's world, built once per module inside a transaction that is rolled back at the end.

Each test still runs in its own savepoint (pytest-django's `db`), so a write that slips through
is undone before the next test, and the world is gone when the module ends.
"""

import time

import pytest
from django.db import transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from partners.middleware import SessionTimeoutMiddleware
from tests.security.world import ROLES, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        built.clients = {role: _client(built.users.get(role)) for role in ROLES}
        yield built
        transaction.set_rollback(True)


def _client(user) -> Client:
    # A 500 is an outcome the matrix reports with the others, not an exception that stops it.
    client = Client(HTTP_ACCEPT_LANGUAGE="sv", raise_request_exception=False)
    if user is not None:
        _login_with_both_factors(client, user)
    return client


def _login_with_both_factors(client, user) -> None:
    """What tests/conftest.py's force_login patch does; that fixture is function-scoped, so it is
    not active yet when this module-scoped world signs its clients in."""
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="force_login (test)", defaults={"confirmed": True}
    )
    now = int(time.time())
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SessionTimeoutMiddleware.LOGIN_AT] = now
    session[SessionTimeoutMiddleware.SEEN_AT] = now
    session.save()


@pytest.fixture
def clients(world, db):
    """One client per role, signed in once for the module; `db` gives each test a savepoint."""
    return world.clients
