import pytest

pytestmark = pytest.mark.django_db


def test_reference_data_has_290_kommuner_and_21_regioner():
    from partners.models import Kommun, Region

    assert Kommun.objects.count() == 290
    assert Region.objects.count() == 21


def test_home_page_is_swedish_and_shows_key_figures(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="sv"' in response.content.decode()
    assert "Partnerskapet i siffror" in response.content.decode()


def test_kommun_profile_shows_scb_code_and_skr_group(client):
    response = client.get("/kommuner/0180/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Stockholm" in body and "Storstäder" in body and "Källa: SCB" in body


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
