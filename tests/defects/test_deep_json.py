"""A deeply nested JSON body: HTTP 400 with a message on every JSON endpoint (it was a 500, a
RecursionError inside the JSON parser, also anonymously on the token endpoint)."""

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

from pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db

MESSAGE = "JSON-data får vara nästlade i högst 32 nivåer."


def nested(levels: int) -> str:
    return '{"title": ' + "[" * levels + "]" * levels + "}"


def _post(client, path, body, token=None):
    extra = {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}
    return client.post(path, body, content_type="application/json", **extra)


@pytest.fixture
def reporter_token(reporter):
    return Token.objects.create(user=reporter).key


@pytest.mark.parametrize("levels", [1000, 100_000, 40])
def test_the_reported_endpoints_answer_400_with_a_message(organisation, reporter_token, levels):
    pilot = PilotFactory(lead_organisation=organisation)
    period = pilot.periods.first()
    client = Client(raise_request_exception=False)
    for path, token in [
        ("/api/v1/pilots/", reporter_token),
        (f"/api/v1/periods/{period.pk}/report/", reporter_token),
        ("/api/v1/auth/token/", None),
    ]:
        response = _post(client, path, nested(levels), token)
        assert response.status_code == 400, path
        assert response.json() == {"detail": MESSAGE}


def test_a_body_nested_within_the_limit_is_parsed_as_before(reporter_token):
    response = _post(Client(), "/api/v1/auth/token/", '{"username": [[["x"]]], "password": "y"}')
    assert response.status_code == 400
    assert "username" in response.json()


def _write_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method in ("post", "put", "patch"):
            if method in item:
                yield method, path.replace("{", "").replace("}", "")


def test_no_write_endpoint_of_the_api_answers_500_to_a_deep_body(coordinator):
    token = Token.objects.create(user=coordinator).key
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")
    operations = list(_write_operations())
    assert len(operations) > 10
    answers = {
        f"{method} {path}": getattr(client, method)(
            path, nested(1000), content_type="application/json"
        ).status_code
        for method, path in operations
    }
    assert {op: status for op, status in answers.items() if status >= 500} == {}
