"""KPI metadata: fetched from Kolada (against a local fake Kolada over HTTP, never the network),
kept by the coordinator in the Wagtail admin and the API; direction is the coordinator's choice."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from benchmarking import kpi_metadata
from benchmarking.importing import parse_kpis
from benchmarking.models import Kpi, StatisticValue
from partners.groups import ensure_coordinator_group
from partners.models import AuditEvent
from tests.benchmarking.helpers import make_kpi

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
IDS = "N17473,U00405"


class FakeKolada(BaseHTTPRequestHandler):
    """Answers /v3/kpi/<ids> and /v3/data/kpi/<ids>/year/<years> from the recorded fixtures."""

    requests: list[str] = []

    def do_GET(self):
        path = urlparse(self.path).path
        FakeKolada.requests.append(path)
        if path == f"/v3/kpi/{IDS}":
            body = (FIXTURES / "kolada_kpi_metadata.json").read_bytes()
        elif path == f"/v3/data/kpi/{IDS}/year/2021,2022,2023":
            body = (FIXTURES / "kolada_data_uppsala_lan.json").read_bytes()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def kolada_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeKolada)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeKolada.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v3"
    server.shutdown()
    server.server_close()


def fetch(base, *args):
    out = StringIO()
    call_command(
        "fetch_kolada",
        "--kpi",
        IDS,
        "--years",
        "2021-2023",
        "--base-url",
        base,
        *args,
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def test_fetch_reads_values_and_kpi_metadata_over_http(kolada_url):
    out = fetch(kolada_url, "--create-kpis")
    assert FakeKolada.requests == [f"/v3/kpi/{IDS}", f"/v3/data/kpi/{IDS}/year/2021,2022,2023"]
    obesity = Kpi.objects.get(id="N17473")
    assert obesity.title == "Invånare 16-84 år med fetma, andel (%)"
    assert obesity.description.startswith("Andel invånare 16-84 år med fetma")
    assert obesity.is_divided_by_gender and obesity.operating_area == "Folkhälsa"
    assert obesity.municipality_type == "K" and obesity.kolada_fetched_at is not None
    assert not Kpi.objects.get(id="U00405").is_divided_by_gender
    # Kolada says nothing about direction: both wait for the coordinator, and the command says so.
    assert obesity.direction == "" and "Utan riktning" in out and "N17473, U00405" in out
    assert StatisticValue.objects.filter(kpi_id="N17473", area="0380").count() == 9


def test_fetch_keeps_what_the_coordinator_changed(kolada_url, coordinator):
    fetch(kolada_url, "--create-kpis")
    kpi_metadata.kpi_update(
        kpi=Kpi.objects.get(id="N17473"),
        actor=coordinator,
        title="Fetma, vuxna",
        unit="%",
        direction="lower",
    )
    out = fetch(kolada_url)
    kpi = Kpi.objects.get(id="N17473")
    assert (kpi.title, kpi.unit, kpi.direction) == ("Fetma, vuxna", "%", "lower")
    assert kpi.description.startswith("Andel invånare")  # not edited: Kolada's text stays
    assert "Utan riktning" in out and "N17473" not in out.split("Utan riktning")[1]


def test_metadata_of_unknown_kpis_is_not_stored_without_create_kpis():
    metas, errors, _next = parse_kpis((FIXTURES / "kolada_kpi_metadata.json").read_text())
    assert not errors and [m.id for m in metas] == ["N17473", "U00405"]
    make_kpi("U00405", direction="higher", title="Gammal titel")
    counts = kpi_metadata.kpi_metadata_import(metas=metas)
    assert counts == {"created": 0, "updated": 1, "unchanged": 0, "not_created": 1}
    kpi = Kpi.objects.get(id="U00405")
    assert kpi.title.startswith("Elever i åk 9") and kpi.direction == "higher"


def test_a_kolada_kpi_page_without_title_is_an_error_not_a_blank_kpi():
    metas, errors, _next = parse_kpis(json.dumps({"values": [{"id": "N1"}, {"title": "X"}]}))
    assert metas == [] and len(errors) == 2


@pytest.mark.parametrize("role", ["reporter", "org_admin", "outsider"])
def test_only_the_coordinator_changes_kpi_metadata(request, role):
    kpi = make_kpi("N00001", direction="")
    with pytest.raises(PermissionDenied):
        kpi_metadata.kpi_update(kpi=kpi, actor=request.getfixturevalue(role), direction="higher")


def test_kpi_update_is_audited_and_validated(coordinator):
    kpi = make_kpi("N00001", direction="")
    kpi_metadata.kpi_update(kpi=kpi, actor=coordinator, direction="higher")
    event = AuditEvent.objects.get(action="kpi.updated")
    assert event.changes == {"direction": ["", "higher"]}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        kpi_metadata.kpi_update(kpi=kpi, actor=coordinator, title="  ", direction="up")
    assert set(exc.value.message_dict) == {"title", "direction"}


# --- the API ---------------------------------------------------------------------------------


def _patch(client, kpi_id, data):
    return client.patch(
        f"/api/v1/kpis/{kpi_id}/", data=json.dumps(data), content_type="application/json"
    )


def test_coordinator_sets_direction_and_title_through_the_api(client, coordinator):
    make_kpi("N00001", direction="")
    assert client.get("/api/v1/kpis/?direction_set=false").json()["count"] == 1
    client.force_login(coordinator)
    response = _patch(client, "N00001", {"direction": "lower", "title": "Fetma"})
    assert response.status_code == 200
    body = response.json()
    assert (body["direction"], body["direction_set"], body["title"]) == ("lower", True, "Fetma")
    assert body["edited_fields"] == ["direction", "title"]
    assert client.get("/api/v1/kpis/?direction_set=false").json()["count"] == 0


@pytest.mark.parametrize("role", ["anonymous", "reporter", "org_admin", "outsider"])
def test_others_cannot_change_a_kpi_through_the_api(as_role, role):
    make_kpi("N00001", direction="")
    client, _user = as_role(role)
    assert _patch(client, "N00001", {"direction": "higher"}).status_code in (401, 403)
    assert Kpi.objects.get(id="N00001").direction == ""


def test_bad_direction_through_the_api_is_a_400_with_the_field(client, coordinator):
    make_kpi("N00001", direction="")
    client.force_login(coordinator)
    response = _patch(client, "N00001", {"direction": "up"})
    assert response.status_code == 400 and "direction" in response.json()
    assert client.put("/api/v1/kpis/N00001/", {}).status_code == 405


# --- the Wagtail admin -----------------------------------------------------------------------


def test_admin_lists_kpis_without_direction_for_the_coordinator(client, coordinator):
    ensure_coordinator_group()
    make_kpi("N00001", direction="", title="Utan riktning ännu")
    make_kpi("N00002", direction="higher", title="Har riktning")
    client.force_login(coordinator)
    index = client.get(reverse("benchmarking_kpi:index") + "?direction=none")
    assert index.status_code == 200
    assert "Utan riktning ännu" in index.text and "Har riktning" not in index.text
    home = client.get(reverse("wagtailadmin_home"))
    assert "Nyckeltal utan riktning: 1" in home.text


def test_coordinator_sets_direction_in_the_admin_through_the_service(client, coordinator):
    ensure_coordinator_group()
    make_kpi("N00001", direction="", title="Fetma")
    client.force_login(coordinator)
    url = reverse("benchmarking_kpi:edit", args=["N00001"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"title": "Fetma, vuxna", "description": "", "unit": "%", "direction": "lower"},
    )
    assert response.status_code == 302
    kpi = Kpi.objects.get(id="N00001")
    assert (kpi.title, kpi.direction, kpi.is_divided_by_gender) == ("Fetma, vuxna", "lower", False)
    assert AuditEvent.objects.filter(action="kpi.updated").exists()
    blank = client.post(url, {"title": "", "description": "", "unit": "", "direction": ""})
    assert blank.status_code == 200 and Kpi.objects.get(id="N00001").title == "Fetma, vuxna"


def test_coordinator_group_may_change_and_view_kpis_but_not_add_or_delete():
    group = ensure_coordinator_group()
    codenames = set(
        group.permissions.filter(content_type__app_label="benchmarking").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"change_kpi", "view_kpi"}


def test_a_reporter_cannot_open_the_kpi_admin(client, reporter):
    client.force_login(reporter)
    response = client.get(reverse("benchmarking_kpi:index"))
    assert response.status_code in (302, 403)


def test_migration_marks_directions_nobody_chose_as_not_set():
    """KPIs made by `import_kolada --create-kpis` before this change got "neutral" by default."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "benchmarking.migrations.0003_kolada_semantics_and_kpi_metadata"
    )
    make_kpi("N00001", direction="neutral", title="N00001")  # created by an import
    make_kpi("N00002", direction="neutral", title="Andel rökare")  # chosen by someone
    make_kpi("N00003", direction="higher", title="N00003")
    migration.unset_guessed_directions(apps, None)
    assert dict(Kpi.objects.values_list("id", "direction")) == {
        "N00001": "",
        "N00002": "neutral",
        "N00003": "higher",
    }
