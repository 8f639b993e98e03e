"""The public shell: home page in Swedish and English, health check."""

import pytest
from django.db import connection

from partners.factories import OrganisationFactory
from partners.models import Kommun

pytestmark = pytest.mark.django_db


def test_home_page_is_in_swedish_by_default(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv"' in body
    assert "Partnerskapet i siffror" in body


def test_home_page_switches_to_english_with_the_language_button(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert '<html lang="en"' in body
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert '<html lang="sv"' in client.get("/").content.decode()


def test_language_switch_ignores_unknown_languages_and_foreign_next_addresses(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code in (302, 204)
    assert "evil.example" not in response.get("Location", "")
    assert '<html lang="sv"' in client.get("/").content.decode()


def test_home_page_counts_approved_partners_only(client):
    OrganisationFactory(kommun_kind=True, kommun=Kommun.objects.get(code="0180"))
    OrganisationFactory(pending=True)
    figures = client.get("/").context["key_figures"]
    assert figures["partners"] == 1
    assert figures["kommuner_partners"] == 1
    assert figures["kommuner_with_partners"] == 1


def test_home_page_query_count_does_not_grow_with_partners(client, django_assert_max_num_queries):
    from django.test.utils import CaptureQueriesContext

    OrganisationFactory.create_batch(2)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    OrganisationFactory.create_batch(20)
    with django_assert_max_num_queries(len(ctx)):
        client.get("/")


def test_healthz_answers_json_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["status"] == "ok" and data["database"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_answers_json_503_when_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "error",
        "database": "unreachable",
        "detail": "OperationalError",
    }


def test_unknown_page_is_a_404_not_a_500(client):
    assert client.get("/finns-inte-alls/").status_code == 404


def test_home_page_compare_button_leads_to_the_benchmark(client):
    body = client.get("/").content.decode()
    assert '<a class="button secondary" href="/jamfor/">Jämför kommuner</a>' in body
    assert client.get("/jamfor/").status_code == 200
