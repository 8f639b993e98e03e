"""Every response carries the security headers; the CSP is strict except where documented."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, str]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


def _assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_public_page_has_strict_csp_and_security_headers(client):
    response = client.get(reverse("pilots:pilot_list"))

    assert response.status_code == 200
    _assert_common_headers(response)
    csp = _csp(response)
    assert csp["default-src"] == "'self'"
    assert "unsafe-inline" not in csp["script-src"]
    assert "unsafe-inline" not in csp["style-src"]
    assert csp["img-src"] == "'self' data:"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["base-uri"] == "'self'"
    assert csp["object-src"] == "'none'"


def test_admin_gets_only_its_documented_exception(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    _assert_common_headers(response)
    csp = _csp(response)
    assert csp["script-src"] == "'self' 'unsafe-inline'"
    assert csp["frame-ancestors"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["form-action"] == "'self'"


def test_api_docs_allow_inline_styles_but_not_inline_scripts(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    csp = _csp(response)
    assert csp["style-src"] == "'self' 'unsafe-inline'"
    assert "unsafe-inline" not in csp["script-src"]
    assert "<script>" not in response.content.decode()


def test_api_response_has_security_headers(client):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    _assert_common_headers(response)
    assert _csp(response)["default-src"] == "'self'"
