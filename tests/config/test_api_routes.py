"""The API's routes: a format suffix is not a route of its own, so it gets the API's JSON 404
(it answered 500 on every list, create and action whose method takes no `format` argument)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/practices.json/",
        "/api/v1/search.json/",
        "/api/v1/benchmarks.json/",
        "/api/v1/organisations/x/members.json/",
        "/api/v1/gate-decisions.json/",
    ],
)
def test_a_format_suffix_answers_the_json_404(client, coordinator, path):
    client.force_login(coordinator)
    for response in (client.get(path), client.post(path, {}, content_type="application/json")):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()


def test_the_same_list_without_suffix_still_answers_and_takes_format_as_a_query(client):
    assert client.get("/api/v1/practices/").status_code == 200
    response = client.get("/api/v1/practices/?format=json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
