"""Shared fixtures: one user per role of one organisation, another organisation, a coordinator."""

import pytest
from django.core.cache import cache

from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.models import Role


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


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
