"""The OpenAPI schema documents the token endpoint's lockout (429) and its real 200 body, and
still generates without warnings (`spectacular --validate --fail-on-warn`)."""

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


@pytest.fixture
def schema(tmp_path):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_token_endpoint_documents_its_lockout_and_what_it_answers(schema, client, viewer):
    responses = schema["paths"][TOKEN]["post"]["responses"]
    assert "429" in responses
    body = responses["429"]["content"]["application/json"]["schema"]
    assert body["properties"] == {"detail": {"type": "string"}}
    ok = responses["200"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
    assert list(schema["components"]["schemas"][ok]["properties"]) == ["token"]

    # What the schema says is what a locked-out client gets.
    for _ in range(5):
        response = client.post(TOKEN, {"username": viewer.email, "password": "fel"})
    assert response.status_code == 429
    assert isinstance(response.json()["detail"], str)
    response = client.post(TOKEN, {"username": viewer.email, "password": "losenord-123"})
    assert response.status_code == 429


def test_a_token_is_what_the_documented_200_says(client, viewer):
    response = client.post(TOKEN, {"username": viewer.email, "password": "losenord-123"})
    assert response.status_code == 200
    assert list(response.json()) == ["token"]
