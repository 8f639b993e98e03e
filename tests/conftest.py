"""Shared fixtures: one user per role of one organisation, another organisation, a coordinator."""

import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.middleware import SessionTimeoutMiddleware
from partners.models import Role


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Swedish: a request for an English page leaves English active in the
    thread (LocaleMiddleware activates, nothing deactivates), and the next test in the same
    worker then built an export or a message in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _force_login_passes_both_factors(monkeypatch):
    """`client.force_login(user)` stands for a complete login, second factor included.

    Two-factor enforcement stays on in tests (partners.middleware.TwoFactorMiddleware); tests of
    the login itself use the real forms and codes (tests/partners/test_two_factor.py).
    """
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device, _ = StaticDevice.objects.get_or_create(
            user=user, name="force_login (test)", defaults={"confirmed": True}
        )
        now = int(time.time())
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[SessionTimeoutMiddleware.LOGIN_AT] = now
        session[SessionTimeoutMiddleware.SEEN_AT] = now
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Testkommunens förvaltning")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Annan organisation")


def _member(organisation, role):
    return MembershipFactory(organisation=organisation, role=role).user


@pytest.fixture
def org_admin(organisation):
    return _member(organisation, Role.ADMIN)


@pytest.fixture
def approver(organisation):
    return _member(organisation, Role.APPROVER)


@pytest.fixture
def reporter(organisation):
    return _member(organisation, Role.REPORTER)


@pytest.fixture
def viewer(organisation):
    return _member(organisation, Role.VIEWER)


@pytest.fixture
def other_member(other_organisation):
    return _member(other_organisation, Role.ADMIN)


@pytest.fixture
def coordinator(db):
    return UserFactory(coordinator=True)


@pytest.fixture
def outsider(db):
    """Signed in, but a member of no organisation."""
    return UserFactory()


ROLES = [
    "anonymous",
    "outsider",
    "other_member",
    "viewer",
    "reporter",
    "approver",
    "org_admin",
    "coordinator",
]


@pytest.fixture
def as_role(request, client):
    """Return a client logged in as the named role (or anonymous) and the user."""

    def login(role):
        if role == "anonymous":
            return client, None
        user = request.getfixturevalue(role)
        client.force_login(user)
        return client, user

    return login


# The relevance suite's figures (tests/search/test_relevance_demo.py), printed after the run:
# recorded as a test property, so they reach the summary from pytest-xdist workers too.
_RELEVANCE: list[str] = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        _RELEVANCE.extend(value for name, value in report.user_properties if name == "relevance")


def pytest_terminal_summary(terminalreporter):
    if _RELEVANCE:
        terminalreporter.section("search relevance (nDCG@10)")
        for text in _RELEVANCE:
            terminalreporter.write_line(text)
