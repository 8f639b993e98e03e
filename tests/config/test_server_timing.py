"""The Server-Timing header: on only when SERVER_TIMING is set, with the request's query count."""

import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path

from partners.models import Organisation

HEADER = re.compile(r'^app;dur=(\d+\.\d), db;dur=(\d+\.\d);desc="queries=(\d+)"$')


def three_queries(request):
    for _ in range(3):
        list(Organisation.objects.all()[:1])
    return HttpResponse("ok")


urlpatterns = [path("three-queries/", three_queries)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, SERVER_TIMING=True)
def test_header_reports_the_views_queries_and_times():
    with CaptureQueriesContext(connection) as captured:
        response = Client().get("/three-queries/")
    match = HEADER.match(response["Server-Timing"])
    assert match, response["Server-Timing"]
    app_ms, db_ms, queries = float(match[1]), float(match[2]), int(match[3])
    assert queries == len(captured.captured_queries) >= 3
    assert 0 <= db_ms <= app_ms


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, SERVER_TIMING=False)
def test_no_header_when_switched_off():
    response = Client().get("/three-queries/")
    assert response.status_code == 200
    assert "Server-Timing" not in response


@pytest.mark.django_db
@override_settings(SERVER_TIMING=True)
def test_counts_the_queries_of_a_real_page():
    response = Client().get("/piloter/")
    queries = int(HEADER.match(response["Server-Timing"])[3])
    assert response.status_code == 200
    assert queries >= 1
