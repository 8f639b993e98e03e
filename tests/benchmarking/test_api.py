"""The benchmarking API: role matrix, own peer groups, bad input, query counts, OpenAPI."""

from functools import partial

import pytest
from django.core.cache import cache

from benchmarking import services
from benchmarking.models import PeerGroup, StatisticValue
from partners.models import Kommun
from tests.benchmarking.helpers import UPPSALA_LAN, make_kpi, make_values
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    kpi = make_kpi("N00001", direction="higher")
    make_values(kpi.id, {code: {2022: 10 + i, 2023: 11 + i} for i, code in enumerate(UPPSALA_LAN)})
    return kpi


@pytest.fixture
def group(outsider):
    group = PeerGroup.objects.create(name="Egen", owner=outsider)
    group.kommuner.set(Kommun.objects.filter(code__in=UPPSALA_LAN))
    return group


@pytest.fixture
def shared():
    group = PeerGroup.objects.create(
        name="Liknande kommuner, Uppsala", kind="kolada", external_id="G1"
    )
    group.kommuner.set(Kommun.objects.filter(code__in=UPPSALA_LAN))
    return group


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/kpis/",
        "/api/v1/kpis/N00001/",
        "/api/v1/statistics/?kpi=N00001&area=0380&year=2023&gender=T",
        "/api/v1/benchmarks/?area=0380&kpi=N00001&peer=lan&gender=T&from=2015&to=2024",
        "/api/v1/peer-groups/",
    ],
)
def test_reads_are_public(as_role, data, role, url):
    client, _ = as_role(role)
    assert client.get(url).status_code == 200


def test_benchmark_result_by_hand(client, data):
    body = client.get("/api/v1/benchmarks/?area=0380&kpi=N00001&peer=lan&from=2022&to=2023").json()
    [result] = body["results"]
    # Uppsala 0380 is 6th in UPPSALA_LAN → 2023 value 16; peers 11..18 without 16: 100 / 7
    assert body["peer_areas"] == sorted(set(UPPSALA_LAN) - {"0380"})
    assert result["latest"] == {
        "value": 16.0,
        "suppressed_reason": None,
        "status": "",
        "status_text": "",
        "members": None,
    }
    assert result["peers"]["n"] == 7 and result["peers"]["mean"] == pytest.approx(100 / 7)
    assert (result["peers"]["min"], result["peers"]["max"]) == (11.0, 18.0)
    assert result["rank"] == {"position": 3, "of": 8, "reason": None}
    assert result["origin"] == "kolada"


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("area=9999", 404, None),
        ("area=0380&gender=X", 400, "gender"),
        ("area=0380&from=2024&to=2015", 400, "from"),
        ("area=0380&from=abc", 400, "from"),
        ("area=0380&peer=nope", 400, "peer"),
        ("area=0380&kpi=N99999", 400, "kpi"),
        ("", 400, "area"),
    ],
)
def test_bad_benchmark_queries_get_clear_errors(client, data, query, status, field):
    response = client.get(f"/api/v1/benchmarks/?{query}")
    assert response.status_code == status
    if field:
        assert field in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_peer_groups_are_private_to_their_owner(as_role, group, shared, role):
    client, _ = as_role(role)
    names = [g["name"] for g in client.get("/api/v1/peer-groups/").json()["results"]]
    assert "Liknande kommuner, Uppsala" in names
    assert ("Egen" in names) == (role == "outsider")
    detail = client.get(f"/api/v1/peer-groups/{group.pk}/")
    assert detail.status_code == (200 if role == "outsider" else 404)
    patch = client.patch(
        f"/api/v1/peer-groups/{group.pk}/", {"name": "X"}, content_type="application/json"
    )
    expected = {"outsider": (200,), "anonymous": (401, 403)}.get(role, (404,))
    assert patch.status_code in expected
    shared_patch = client.patch(
        f"/api/v1/peer-groups/{shared.pk}/", {"name": "X"}, content_type="application/json"
    )
    assert shared_patch.status_code in (401, 403)
    delete = client.delete(f"/api/v1/peer-groups/{group.pk}/")
    assert delete.status_code in {"outsider": (204,), "anonymous": (401, 403)}.get(role, (404,))


def test_signed_in_user_creates_a_group_and_bad_payloads_get_400(client, outsider):
    client.force_login(outsider)
    response = client.post(
        "/api/v1/peer-groups/",
        {"name": "Mina", "kommuner": ["0380", "0180"]},
        content_type="application/json",
    )
    assert response.status_code == 201 and sorted(response.json()["kommuner"]) == ["0180", "0380"]
    assert (
        client.post(
            "/api/v1/peer-groups/", {"name": "", "kommuner": []}, content_type="application/json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/peer-groups/",
            {"name": "x", "kommuner": ["9999"]},
            content_type="application/json",
        ).status_code
        == 400
    )
    client.logout()
    assert client.post(
        "/api/v1/peer-groups/", {"name": "x", "kommuner": ["0380"]}, content_type="application/json"
    ).status_code in (401, 403)


def test_group_can_be_used_by_its_owner_only(client, outsider, other_member, group, data):
    url = f"/api/v1/benchmarks/?area=0380&peer=grupp-{group.pk}"
    client.force_login(outsider)
    assert client.get(url).status_code == 200
    client.force_login(other_member)
    assert client.get(url).status_code == 400


def _api_queries(client, django_assert_max_num_queries, url, limit, cold=False) -> int:
    if cold:
        cache.clear()
    with django_assert_max_num_queries(limit) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_benchmark_api_query_count_is_constant(client, django_assert_max_num_queries):
    url = "/api/v1/benchmarks/?area=0380&peer=alla&from=2015&to=2024&pilots=true"
    count = partial(_api_queries, client, django_assert_max_num_queries, url)
    make_kpi("N00001")
    make_values("N00001", {c: {2024: 1} for c in UPPSALA_LAN})
    client.get(url)  # warm per-process caches
    small_cold, small_warm = count(30, cold=True), count(30)
    codes = list(Kommun.objects.values_list("code", flat=True))
    for n in range(2, 10):
        make_kpi(f"N{n:05d}")
        make_values(f"N{n:05d}", {c: {y: y - 2000 for y in range(2015, 2025)} for c in codes})
    assert count(small_cold, cold=True) <= small_cold
    # Anonymous answers are cached until what they show changes.
    assert count(small_warm) <= small_warm <= 2


def test_benchmark_api_answer_is_fresh_after_an_import(client):
    url = "/api/v1/benchmarks/?area=0380&peer=lan&kpi=N00001&from=2024&to=2024"
    make_kpi("N00001")
    make_values("N00001", {c: {2024: 1} for c in UPPSALA_LAN})
    assert client.get(url).json()["results"][0]["latest"]["value"] == 1
    StatisticValue.objects.filter(kpi_id="N00001", area="0380").update(value=7)
    services.peer_aggregates_refresh(kpi_ids=["N00001"])  # as the task after an import
    assert client.get(url).json()["results"][0]["latest"]["value"] == 7


def test_openapi_schema_lists_the_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/benchmarks/",
        "/api/v1/kpis/",
        "/api/v1/statistics/",
        "/api/v1/peer-groups/",
    ):
        assert path in schema
