"""Kolada's data as Kolada means it, on fixtures in Kolada's documented response shape.

The fixtures (tests/benchmarking/fixtures/) hold invented values in the shape the Kolada API
documents (github.com/Hypergene/kolada, "Query data"): every kommun, region and riket value has
`count: 1`; "count will only differ from 1 when the municipality is a group ... the number of
members in that group which contributed to the value, which is an unweighted average". A value
Kolada does not publish is null with a status ("Missing"). Uppsala län: 0380 Uppsala and seven
other kommuner; G124016 is the Kolada group of the same eight kommuner.
"""

import csv
import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import TestCase

from benchmarking import compute
from benchmarking.models import ImportRun, Kpi, PeerGroup, StatisticValue

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
DATA = FIXTURES / "kolada_data_uppsala_lan.json"
GROUPS = FIXTURES / "kolada_groups_uppsala_lan.json"
# N17473 in the fixture: kommun k (0..7 in code order) has 20.0 + 1.5 k − 0.5 (year − 2021).
# Uppsala 0380 is k = 5: 2023 → 26.5. Its seven peers in the län in 2023: 19.0, 20.5, 22.0,
# 23.5, 25.0, 28.0, 29.5 → mean 167.5 / 7, min 19.0, max 29.5.
PEER_MEAN_2023 = 167.5 / 7


def import_file(path, *args):
    """Import as the command does; the peer figures it queues for after commit run too."""
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("import_kolada", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def imported():
    import_file(GROUPS)
    out = import_file(DATA, "--create-kpis")
    return out


def benchmark(client, kpi="N17473", peer="lan", gender="T", **extra):
    query = {"area": "0380", "kpi": kpi, "peer": peer, "gender": gender, "from": 2021, "to": 2023}
    query.update(extra)
    response = client.get("/api/v1/benchmarks/", query)
    assert response.status_code == 200, response.content
    [result] = response.json()["results"]
    return result


def set_direction(client, coordinator, kpi_id, direction):
    client.force_login(coordinator)
    response = client.patch(
        f"/api/v1/kpis/{kpi_id}/",
        data=json.dumps({"direction": direction}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    client.logout()


def test_every_stored_kommun_value_has_count_one_as_kolada_sends_it(imported):
    kommun_counts = set(
        StatisticValue.objects.kommuner().values_list("count", flat=True).distinct()
    )
    assert kommun_counts == {1}
    assert "Import #" in imported and "klar" in imported


def test_kommun_values_with_count_one_show_every_value_peer_mean_and_rank(
    client, coordinator, imported
):
    """The acceptance test of issue 24: nothing is hidden as a "small count"."""
    result = benchmark(client)
    assert result["latest"]["value"] == 26.5 and result["latest"]["suppressed_reason"] is None
    assert result["peers"]["n"] == 7
    assert result["peers"]["mean"] == pytest.approx(PEER_MEAN_2023)
    assert (result["peers"]["min"], result["peers"]["max"]) == (19.0, 29.5)
    assert [y["value"]["value"] for y in result["years"]] == [27.5, 27.0, 26.5]
    assert all(y["peers"]["n"] == 7 for y in result["years"])
    # Kolada gives no direction: until the coordinator chooses, a clear "not set", no guess.
    assert result["direction"] == ""
    assert result["rank"] == {"position": None, "of": 8, "reason": "direction_not_set"}
    assert result["trend"]["judgement"] == "unset"

    set_direction(client, coordinator, "N17473", "lower")
    result = benchmark(client)
    # Lower is better: 19.0, 20.5, 22.0, 23.5, 25.0 beat 26.5 → rank 6 of 8.
    assert result["rank"] == {"position": 6, "of": 8, "reason": None}
    assert result["trend"]["movement"] == "down" and result["trend"]["judgement"] == "good"
    assert result["comparison"] == "middle"  # 5 of the 7 others above: not the worst quarter


def test_jamfor_page_shows_the_values_peer_mean_and_rank(client, coordinator, imported):
    set_direction(client, coordinator, "N17473", "lower")
    page = client.get("/jamfor/0380/", {"jamfor": "lan", "fran": 2021, "till": 2023})
    assert page.status_code == 200
    text = page.text
    assert "26,5" in text  # Uppsala's 2023 value, Swedish decimal comma
    assert "23,93" in text or "23,9" in text  # the peer mean 167.5 / 7 = 23.93
    assert "6 av 8" in text
    assert "färre än 5 personer" not in text


def test_kpi_without_direction_says_so_on_the_page_instead_of_ranking(client, imported):
    text = client.get("/jamfor/0380/", {"jamfor": "lan", "fran": 2021, "till": 2023}).text
    assert "Riktning inte angiven" in text
    assert "av 8" not in text


def test_a_value_kolada_withheld_shows_kolada_status_in_words(client, imported):
    # Tierp 0360 has no split by kön in 2023: null with status "Missing"; the total is there.
    women = client.get(
        "/api/v1/benchmarks/",
        {"area": "0360", "kpi": "N17473", "peer": "lan", "gender": "K", "from": 2023, "to": 2023},
    ).json()["results"][0]["years"][0]["value"]
    assert women == {
        "value": None,
        "suppressed_reason": "missing",
        "status": "Missing",
        "status_text": "Kolada saknar uppgift",
        "members": None,
    }
    row = client.get(
        "/api/v1/statistics/", {"kpi": "N17473", "area": "0360", "year": 2023, "gender": "K"}
    ).json()["results"][0]
    assert (row["value"], row["status"], row["status_text"]) == (
        None,
        "Missing",
        "Kolada saknar uppgift",
    )
    page = client.get("/jamfor/0360/", {"jamfor": "lan", "kon": "K", "fran": 2023, "till": 2023})
    assert "– saknas: Kolada saknar uppgift" in page.text


def test_a_missing_peer_leaves_the_peer_mean_with_n_one_less(client, imported):
    # U00405 2023: Enköping 0381 missing (status Missing) → 6 peers of Uppsala have a value.
    result = benchmark(client, kpi="U00405")
    assert result["years"][-1]["peers"]["n"] == 6
    assert result["years"][0]["peers"]["n"] == 7


def test_a_group_value_keeps_count_as_n_members_and_shows_it(client, imported):
    rows = client.get("/api/v1/statistics/", {"kpi": "U00405", "area": "G124016"}).json()
    members = {r["year"]: (r["count"], r["members"]) for r in rows["results"]}
    assert members == {2021: (8, 8), 2022: (8, 8), 2023: (7, 7)}
    kommun = client.get(
        "/api/v1/statistics/", {"kpi": "U00405", "area": "0380", "year": 2023}
    ).json()["results"][0]
    assert (kommun["count"], kommun["members"]) == (1, None)

    group = PeerGroup.objects.get(external_id="G124016")
    result = benchmark(client, kpi="U00405", peer=f"grupp-{group.pk}")
    latest_group = result["years"][-1]["kolada_group"]
    assert latest_group["members"] == 7 and latest_group["value"] == pytest.approx(
        478 / 7, abs=0.01
    )
    page = client.get(
        "/jamfor/0380/", {"jamfor": f"grupp-{group.pk}", "fran": 2021, "till": 2023}
    ).text
    assert "n = 7" in page


def test_group_values_of_groups_not_read_in_are_skipped_not_failed():
    out = import_file(DATA, "--create-kpis")
    run = ImportRun.objects.latest("pk")
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.rows_skipped == 6  # G124016 for two KPIs × three years
    assert "6 värden för Kolada-grupper" in out
    assert not StatisticValue.objects.filter(area__startswith="G").exists()


def test_a_value_kolada_marks_deleted_is_removed(tmp_path, imported):
    assert StatisticValue.objects.filter(kpi="U00405", area="0380", year=2023).exists()
    page = {
        "values": [
            {
                "kpi": "U00405",
                "municipality": "0380",
                "period": 2023,
                "values": [
                    {"gender": "T", "count": 1, "status": "", "value": 70.0, "isdeleted": True}
                ],
            }
        ]
    }
    path = tmp_path / "deleted.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    out = import_file(path)
    assert "1 borttagna" in out
    assert not StatisticValue.objects.filter(kpi="U00405", area="0380", year=2023).exists()


def test_map_shows_every_kommun_with_count_one_and_no_group(client, imported):
    response = client.get(
        "/jamfor/0380/karta.csv",
        {"karta": "U00405", "ar": 2023, "jamfor": "lan", "format": "standard"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    by_area = {r[0]: (r[5], r[6]) for r in rows}
    assert set(by_area) == {"0305", "0319", "0330", "0331", "0360", "0380", "0381", "0382"}
    assert by_area["0380"] == ("72.0", "")  # 60 + 2 × 5 + 2
    assert by_area["0381"] == ("", "– saknas: Kolada saknar uppgift")


def test_benchmark_csv_notes_kolada_status_and_keeps_values(client, imported):
    response = client.get("/jamfor/0360/jamforelse.csv", {"jamfor": "lan", "kon": "K"})
    text = response.content.decode("utf-8-sig")
    assert "Kolada saknar uppgift" in text
    assert "färre än 5 personer" not in text


def test_kolada_cell_never_hides_a_value_for_its_count():
    assert compute.kolada_cell(12.5) == compute.Cell(12.5)
    assert compute.kolada_cell(None, "Missing").status == "Missing"
    group = compute.kolada_cell(40.0, count=3, is_group=True)
    assert group.shown and group.members == 3


def test_kpis_created_by_an_import_have_no_direction_until_chosen(imported):
    assert set(Kpi.objects.without_direction().values_list("id", flat=True)) == {
        "N17473",
        "U00405",
    }
