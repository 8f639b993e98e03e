"""An unsafe method on an /api/v1/ path the router does not match gets the API's JSON 404, with
a token as with a session (it got Django's HTML CSRF page: 403)."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

PATHS = ["/api/v1/peer-groups/1.5/", "/api/v1/no-such-thing/", "/api/v1/pilots/x/y/z/"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", PATHS)
def test_a_token_client_gets_the_json_404(reporter, method, path):
    token = Token.objects.create(user=reporter).key
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token}")
    response = getattr(client, method)(path, "{}", content_type="application/json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Hittades inte."}


def test_an_anonymous_delete_gets_the_json_404_too():
    response = Client(enforce_csrf_checks=True).delete("/api/v1/peer-groups/1.5/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Hittades inte."}
