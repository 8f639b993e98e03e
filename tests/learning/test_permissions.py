"""Permission matrix: every page, endpoint and action of the learning base, for every role."""

import pytest

from learning.factories import AppraisalFactory
from pilots.factories import PilotFactory
from tests.learning.conftest import LEARNING_ROLES

pytestmark = pytest.mark.django_db

ALL = dict.fromkeys(LEARNING_ROLES, 200)
APPRAISERS = dict.fromkeys(LEARNING_ROLES, 403) | {
    "anonymous": 302,
    "appraiser": 200,
    "coordinator": 200,
}
# The coordinator may adopt for any approved organisation (learning.rules.can_adopt_for, as the
# API always allowed; issue 17).
ADOPT_PAGE = dict.fromkeys(LEARNING_ROLES, 403) | {
    "anonymous": 302,
    "other_member": 200,
    "reporter": 200,
    "approver": 200,
    "org_admin": 200,
    "coordinator": 200,
}
EDITORS = dict.fromkeys(LEARNING_ROLES, 403) | {
    "anonymous": 302,
    "reporter": 200,
    "approver": 200,
    "org_admin": 200,
    "coordinator": 200,
}


@pytest.fixture
def urls(practice, organisation):
    own = PilotFactory(lead_organisation=organisation)
    appraisal = AppraisalFactory(practice=practice)
    return {
        "home": "/kunskapsbank/",
        "lessons": "/kunskapsbank/lardomar/",
        "practices": "/kunskapsbank/praktiker/",
        "practice": practice.get_absolute_url(),
        "pilot": practice.original_pilot.get_absolute_url(),
        "dashboard": "/kunskapsbank/bedomningar/",
        "appraisal": f"/kunskapsbank/bedomningar/{appraisal.pk}/",
        "adopt": f"/kunskapsbank/adoptera/{practice.original_pilot.slug}/",
        "closing": f"/kunskapsbank/slutrapport/{own.slug}/",
        "api_lessons": "/api/v1/lessons/",
        "api_practices": "/api/v1/practices/",
        "api_practice": f"/api/v1/practices/{practice.slug}/",
        "api_appraisals": "/api/v1/appraisals/",
    }


PAGES = [
    ("home", ALL),
    ("lessons", ALL),
    ("practices", ALL),
    ("practice", ALL),
    ("pilot", ALL),
    ("dashboard", APPRAISERS),
    ("appraisal", APPRAISERS),
    ("adopt", ADOPT_PAGE),
    ("closing", EDITORS),
    ("api_lessons", ALL),
    ("api_practices", ALL),
    ("api_practice", ALL),
    ("api_appraisals", ALL),
]


@pytest.mark.parametrize("role", LEARNING_ROLES)
@pytest.mark.parametrize(("name", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_get(as_role, urls, role, name, expected):
    client, _user = as_role(role)
    assert client.get(urls[name]).status_code == expected[role]


NOMINATE = dict.fromkeys(LEARNING_ROLES, 403) | {"anonymous": 302, "coordinator": 302}
START = dict.fromkeys(LEARNING_ROLES, 403) | {
    "anonymous": 302,
    "appraiser": 302,
    "coordinator": 302,
}


@pytest.mark.parametrize("role", LEARNING_ROLES)
def test_nominate_and_start_pages(as_role, practice, role):
    client, _user = as_role(role)
    assert client.post(f"{practice.get_absolute_url()}nominera/").status_code == NOMINATE[role]
    assert client.post(f"{practice.get_absolute_url()}bedom/").status_code == START[role]


API_WRITE = dict.fromkeys(LEARNING_ROLES, 403) | {"anonymous": 401}


@pytest.mark.parametrize("role", LEARNING_ROLES)
def test_api_writes(as_role, practice, organisation, role):
    client, _user = as_role(role)
    appraise = client.post(
        "/api/v1/appraisals/", {"practice": practice.slug}, content_type="application/json"
    )
    assert appraise.status_code == (
        201 if role in ("appraiser", "coordinator") else API_WRITE[role]
    )
    nominate = client.post(
        f"/api/v1/practices/{practice.slug}/nominate/", {}, content_type="application/json"
    )
    assert nominate.status_code == (201 if role == "coordinator" else API_WRITE[role])
    adopt = client.post(
        "/api/v1/adoptions/",
        {"source": practice.original_pilot.slug, "organisation": organisation.slug},
        content_type="application/json",
    )
    allowed = ("reporter", "approver", "org_admin", "coordinator")
    assert adopt.status_code == (201 if role in allowed else API_WRITE[role])


@pytest.mark.parametrize("role", LEARNING_ROLES)
def test_appraisal_actions(as_role, practice, role):
    appraisal = AppraisalFactory(practice=practice, in_review=True)
    client, _user = as_role(role)
    response = client.post(
        f"/api/v1/appraisals/{appraisal.pk}/publish/", {}, content_type="application/json"
    )
    if role in ("appraiser", "coordinator"):
        assert response.status_code == 200
    else:
        # Drafts are private: others cannot even find the appraisal.
        assert response.status_code in ({"anonymous": 401}.get(role, 404),)


@pytest.mark.parametrize("role", LEARNING_ROLES)
def test_draft_pilot_of_lineage_is_private(as_role, practice, organisation, role):
    draft = PilotFactory(
        lead_organisation=organisation,
        draft=True,
        adapted_from=practice.original_pilot,
        title="Hemligt utkast",
    )
    client, _user = as_role(role)
    html = client.get(practice.get_absolute_url()).content.decode()
    insiders = ("viewer", "reporter", "approver", "org_admin", "coordinator")
    assert ("Hemligt utkast" in html) == (role in insiders)
    assert (draft.slug in str(client.get(f"/api/v1/practices/{practice.slug}/").content)) == (
        role in insiders
    )
