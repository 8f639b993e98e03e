import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_swedish_until_the_visitor_switches(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="sv"' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sv")
    assert 'lang="en"' in response.content.decode()
