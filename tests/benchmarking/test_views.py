"""Benchmark pages: role matrix, bad input, CSV, query counts, peer-group pages."""

import csv
from functools import partial

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from benchmarking.models import PeerGroup
from partners.models import AuditEvent, Kommun
from tests.benchmarking.helpers import UPPSALA_LAN, make_kpi, make_values
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    kpi = make_kpi("N00001", direction="lower", title="Andel rökare (demo)")
    make_values(
        kpi.id,
        {
            code: {2021: 10 + i, 2022: 11 + i, 2023: None if code == "0380" else 12 + i}
            for i, code in enumerate(UPPSALA_LAN)
        },
    )
    return kpi


@pytest.fixture
def own_group(outsider):
    group = PeerGroup.objects.create(name="Outsiderns grupp", owner=outsider)
    group.kommuner.set(Kommun.objects.filter(code__in=UPPSALA_LAN))
    return group


PUBLIC_PAGES = [
    ("/jamfor/", 200),
    ("/jamfor/?omrade=0380", 302),
    ("/jamfor/0380/", 200),
    ("/jamfor/0380/?jamfor=alla&kon=K&fran=2015&till=2023", 200),
    ("/jamfor/0003/", 200),
    ("/jamfor/0380/jamforelse.csv", 200),
    ("/jamfor/0380/karta.csv?karta=N00001", 200),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "expected"), PUBLIC_PAGES)
def test_benchmark_pages_are_public(as_role, data, role, url, expected):
    client, _ = as_role(role)
    assert client.get(url).status_code == expected


OWNER_ONLY = {"outsider": 200}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["list", "create", "edit", "delete", "use"])
def test_custom_peer_groups_are_private_to_their_owner(as_role, own_group, data, role, page):
    client, _user = as_role(role)
    urls = {
        "list": reverse("benchmarking:peer_group_list"),
        "create": reverse("benchmarking:peer_group_create"),
        "edit": reverse("benchmarking:peer_group_edit", args=[own_group.pk]),
        "delete": reverse("benchmarking:peer_group_delete", args=[own_group.pk]),
        "use": f"/jamfor/0380/?jamfor=grupp-{own_group.pk}",
    }
    response = client.get(urls[page])
    if role == "anonymous" and page != "use":
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]
    elif page in ("list", "create"):
        assert response.status_code == 200
        assert (own_group.name in response.content.decode()) == (
            role == "outsider" and page == "list"
        )
    else:
        assert response.status_code == (
            200 if role == "outsider" else (400 if page == "use" else 404)
        )


def test_owner_creates_edits_and_deletes_a_group_with_an_audit_trail(client, outsider):
    client.force_login(outsider)
    ids = list(Kommun.objects.filter(code__in=["0380", "0180"]).values_list("pk", flat=True))
    response = client.post(
        reverse("benchmarking:peer_group_create"), {"name": "Storstäder", "kommuner": ids}
    )
    assert response.status_code == 302
    group = PeerGroup.objects.get(owner=outsider)
    client.post(
        reverse("benchmarking:peer_group_edit", args=[group.pk]),
        {"name": "Större", "kommuner": ids[:1]},
    )
    group.refresh_from_db()
    assert group.name == "Större" and group.kommuner.count() == 1
    client.post(reverse("benchmarking:peer_group_delete", args=[group.pk]))
    assert not PeerGroup.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"peergroup.created", "peergroup.updated", "peergroup.deleted"} <= actions


def test_group_form_has_the_searchable_kommun_picker_not_a_long_select(client, outsider):
    client.force_login(outsider)
    html = client.get(reverse("benchmarking:peer_group_create")).content.decode()
    assert "data-kommun-picker" in html and 'class="lan-group"' in html
    assert "<select" not in html.split('name="kommuner"')[0][-300:]
    assert html.count('type="checkbox" name="kommuner"') == Kommun.objects.count()


def test_empty_group_form_shows_errors(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("benchmarking:peer_group_create"), {"name": "", "kommuner": []})
    assert response.status_code == 400 and "error-summary" in response.content.decode()


def test_page_shows_values_peer_figures_sources_and_missing(client, data):
    html = client.get("/jamfor/0380/?jamfor=lan&fran=2021&till=2023").content.decode()
    assert "Uppsala" in html and "Andel rökare (demo)" in html
    assert "Källa: Kolada" in html and "Egen beräkning" in html
    assert "– saknas" in html  # Uppsala 2023 is missing, not zero
    assert 'class="band-chart"' in html and 'class="choropleth"' in html
    assert "Kartan som tabell" in html and "Diagrammet som tabell" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kon=X", "Kön anges som T"),
        ("fran=2024&till=2015", "Från-året kan inte vara efter till-året"),
        ("fran=abc", "Ange år med fyra siffror"),
        ("fran=1900&till=2000", "Åren måste ligga mellan"),
        ("jamfor=grupp-99999", "Välj en jämförelsegrupp"),
        ("jamfor=okand", "Välj en jämförelsegrupp"),
    ],
)
def test_bad_input_gets_a_clear_message_not_a_500(client, data, query, message):
    response = client.get(f"/jamfor/0380/?{query}")
    assert response.status_code == 400 and message in response.content.decode()
    assert client.get(f"/jamfor/0380/jamforelse.csv?{query}").status_code == 400


@pytest.mark.parametrize("code", ["9999", "abcd", "0099", "12345", "0000"])
def test_unknown_area_is_404(client, code):
    assert client.get(f"/jamfor/{code}/").status_code == 404
    assert client.get(f"/jamfor/{code}/jamforelse.csv").status_code == 404


def test_unknown_area_in_picker_is_a_clear_400(client):
    response = client.get("/jamfor/?omrade=9999")
    assert (
        response.status_code == 400 and "Välj en kommun eller region" in response.content.decode()
    )


def test_csv_keeps_missing_apart_from_zero(client, data):
    url = "/jamfor/0380/jamforelse.csv?jamfor=lan&fran=2021&till=2023&format=standard"
    text = client.get(url).content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("indikator_id,indikator,område,år")
    row_2023 = next(line for line in lines if line.startswith("N00001") and ",2023," in line)
    assert ",,– saknas," in row_2023
    map_csv = client.get("/jamfor/0380/karta.csv?karta=N00001&ar=2022&format=standard")
    assert "0380,Uppsala,N00001,2022,T,16" in map_csv.content.decode("utf-8-sig")


def test_csv_opens_in_swedish_excel_by_default(client, data):
    """Semicolons between fields and decimal commas, which Swedish Excel splits into columns
    and reads as numbers; the page offers the standard format as a second link."""
    text = client.get("/jamfor/0380/jamforelse.csv?jamfor=lan&fran=2021&till=2023").content
    lines = text.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("indikator_id;indikator;område;år")
    rows = list(csv.reader(lines[1:], delimiter=";"))
    means = [r[8] for r in rows if r[8]]
    assert means and all("." not in m for m in means)
    assert any("," in m for m in means) or all(m.lstrip("-").isdigit() for m in means)
    html = client.get("/jamfor/0380/").content.decode()
    assert "CSV för Excel" in html and "format=standard" in html


def test_kommun_profile_links_to_its_benchmark(client):
    html = client.get("/kommuner/0380/").content.decode()
    assert 'href="/jamfor/0380/"' in html


def _grow(kpis: int, years: int, kommuner: list[str]):
    for n in range(kpis):
        kpi = make_kpi(f"N{n:05d}")
        make_values(
            kpi.id,
            {c: {2024 - y: 10 + y + i for y in range(years)} for i, c in enumerate(kommuner)},
        )


def _count_queries(client, django_assert_max_num_queries, url, limit, cold=False):
    if cold:
        cache.clear()
    with django_assert_max_num_queries(limit) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_page_query_count_is_constant_as_data_grows(client, viewer, django_assert_max_num_queries):
    url = "/jamfor/0380/?jamfor=alla&fran=2015&till=2024"
    signed_in = Client()
    signed_in.force_login(viewer)
    _grow(2, 2, UPPSALA_LAN)
    client.get(url)  # warm per-process caches (content types, map projection)
    signed_in.get(url)
    count = partial(_count_queries, django_assert_max_num_queries=django_assert_max_num_queries)
    small_cold = count(client, url=url, limit=40, cold=True)
    small_warm = count(client, url=url, limit=40)
    small_live = count(signed_in, url=url, limit=40)
    all_codes = list(Kommun.objects.values_list("code", flat=True))
    for n in range(12):  # varied values, so that peers doing better exist
        kpi = make_kpi(f"N9{n:04d}")
        make_values(
            kpi.id,
            {c: dict.fromkeys(range(2015, 2025), 5.0 + i % 9) for i, c in enumerate(all_codes)},
        )
    # Anonymous visitors: the results are cached, so a warm page reads only the area, its
    # peers and the KPI page (at most 5 queries); a cold one and a signed-in user's page compute
    # them, with as many queries as with little data.
    assert count(client, url=url, limit=small_cold, cold=True) == small_cold
    assert count(client, url=url, limit=small_warm) == small_warm <= 5
    assert count(signed_in, url=url, limit=small_live) == small_live
    csv_small = count(client, url=url.replace("/?", "/jamforelse.csv?"), limit=40)
    assert csv_small <= 40
