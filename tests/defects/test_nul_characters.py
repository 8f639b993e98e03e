"""A NUL character in a page's path or query string: a Swedish 400 page for every HTML view (it
was a 500 on PostgreSQL, which refuses NUL in any text, wherever the value reached a lookup)."""

import re

import pytest
from django.test import Client

from pilots.models import Pilot
from tests.security.urls import build_path, url_patterns

pytestmark = pytest.mark.django_db

REPORTED = ["/piloter/?q=a%00b", "/kommuner/%00/", "/jamfor/2480/karta.csv?karta=%00&ar=%00"]


def _client():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("path", REPORTED)
def test_the_reported_paths_answer_a_swedish_400_page(path):
    response = _client().get(path)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Felaktig förfrågan" in page
    assert "Null-tecken är inte tillåtna." in page


def test_the_400_page_speaks_english_to_a_visitor_who_chose_english():
    client = _client()
    client.cookies["django_language"] = "en"
    response = client.get("/piloter/?q=a%00b")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def _html_paths():
    """Every HTML route of the site with NUL in each text parameter (or, with none, in ?q=)."""
    paths = []
    for pattern in url_patterns():
        try:
            path = build_path(pattern, {})
        except ValueError:  # a few Wagtail admin regexes with unnamed groups
            continue
        if path.startswith(("/api/", "/static/", "/media/")):
            continue
        with_nul = build_path(
            pattern, dict.fromkeys(re.findall(r"<(?:(?:str|slug|path):)?(\w+)>", path), "a%00")
        )
        paths.append(with_nul if with_nul != path else f"{path}?q=%00&page=%00")
    return sorted(set(paths))


def test_every_html_route_answers_400_to_a_nul_in_its_path_or_query(coordinator):
    """Signed in as the coordinator, who may reach every page, so no 302 to the login hides a
    500 behind it."""
    client = _client()
    client.force_login(coordinator)
    paths = _html_paths()
    assert len(paths) > 100
    answers = {path: client.get(path).status_code for path in paths}
    assert {path: status for path, status in answers.items() if status != 400} == {}


def test_a_nul_in_a_posted_form_gets_the_400_page_and_writes_nothing(reporter, coordinator):
    client = _client()
    client.force_login(reporter)
    response = client.post("/piloter/ny/", {"title": "Frukost\x00klubb"})
    assert response.status_code == 400
    assert "Null-tecken är inte tillåtna." in response.content.decode()
    assert not Pilot.objects.filter(title__startswith="Frukost").exists()
    # A posted slug went straight into a lookup: a 500 on PostgreSQL.
    client.force_login(coordinator)
    response = client.post("/kunskapsbank/bedomningar/", {"pilot": "a\x00b"})
    assert response.status_code == 400
    response = client.post(  # the test client posts multipart by default; browsers urlencode
        "/kunskapsbank/bedomningar/",
        "pilot=a%00b",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400


def test_the_api_still_answers_its_json_400():
    response = _client().get("/api/v1/pilots/?search=a%00b")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Null-tecken är inte tillåtna."]}
    response = _client().get("/api/v1/kommuner/%00/")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
