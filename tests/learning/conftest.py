"""Fixtures for the learning base: an appraisal-group member and a small lineage."""

import pytest

from learning.factories import PracticeFactory
from learning.rules import ensure_appraisal_group
from partners.factories import UserFactory
from pilots.factories import PilotFactory


@pytest.fixture
def appraiser(db):
    """A member of the appraisal group ("Bedömningsgrupp"), of no organisation."""
    user = UserFactory()
    user.groups.add(ensure_appraisal_group())
    return user


@pytest.fixture
def second_appraiser(db):
    user = UserFactory()
    user.groups.add(ensure_appraisal_group())
    return user


@pytest.fixture
def source(db, other_organisation):
    """A public pilot of another organisation with two library indicators and approved reports."""
    return PilotFactory(lead_organisation=other_organisation, indicators=2, approved_reports=2)


@pytest.fixture
def practice(source):
    return PracticeFactory(original_pilot=source)


LEARNING_ROLES = [
    "anonymous",
    "outsider",
    "other_member",
    "viewer",
    "reporter",
    "approver",
    "org_admin",
    "appraiser",
    "coordinator",
]
