"""manage.py import_kolada and fetch_kolada: all-or-nothing, idempotent, clear reports."""

import json
from decimal import Decimal
from io import StringIO
from urllib.error import URLError
from urllib.parse import urlparse

import pytest
from django.core.management import CommandError, call_command

from benchmarking.management.commands.fetch_kolada import Command as FetchCommand
from benchmarking.models import ImportRun, Kpi, PeerGroup, StatisticValue
from tests.benchmarking.helpers import make_kpi

pytestmark = pytest.mark.django_db


def kolada_page(entries, next_url=None):
    page = {
        "values": [
            {
                "kpi": kpi,
                "municipality": area,
                "period": year,
                "values": [
                    {"gender": g, "status": "", "value": v, "count": 1} for g, v in genders.items()
                ],
            }
            for kpi, area, year, genders in entries
        ]
    }
    if next_url:
        page["next_url"] = next_url
    return json.dumps(page)


def run_import(tmp_path, text, name="data.json", *args):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_kolada", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def stored():
    return sorted(
        StatisticValue.objects.values_list(
            "kpi_id", "area", "year", "gender", "value", "is_preliminary"
        )
    )


@pytest.fixture
def kpi():
    return make_kpi("N00945")


def test_json_in_the_kolada_v3_shape_is_imported_with_its_source(tmp_path, kpi):
    out, _ = run_import(
        tmp_path, kolada_page([("N00945", "0180", 2023, {"T": 12.5, "K": 13, "M": None})])
    )
    assert "3 nya" in out
    assert stored() == [
        ("N00945", "0180", 2023, "K", Decimal("13.0000"), False),
        ("N00945", "0180", 2023, "M", None, False),
        ("N00945", "0180", 2023, "T", Decimal("12.5000"), False),
    ]
    assert set(StatisticValue.objects.values_list("source", flat=True)) == {"Kolada"}
    assert ImportRun.objects.get().status == ImportRun.Status.SUCCEEDED


def test_second_import_changes_nothing_and_changed_rows_are_updated(tmp_path, kpi):
    text = kolada_page([("N00945", "0180", 2023, {"T": 12.5}), ("N00945", "0001", 2023, {"T": 11})])
    run_import(tmp_path, text)
    before = list(StatisticValue.objects.values_list("pk", "imported_at"))
    out, _ = run_import(tmp_path, text)
    assert "0 nya, 0 ändrade, 2 oförändrade" in out
    assert list(StatisticValue.objects.values_list("pk", "imported_at")) == before
    out, _ = run_import(tmp_path, kolada_page([("N00945", "0180", 2023, {"T": 13})]))
    assert "1 ändrade" in out and StatisticValue.objects.get(area="0180").value == 13


def test_csv_is_imported(tmp_path, kpi):
    text = 'kpi,area,year,gender,value,status\nN00945,0180,2022,T,"1,5",\nN00945,0000,2022,T,,Missing\n'  # noqa: E501
    run_import(tmp_path, text, "data.csv")
    assert StatisticValue.objects.get(area="0180").value == Decimal("1.5")
    assert StatisticValue.objects.get(area="0000").value is None


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.json", '{"values": [ {"kpi": "N00945"', "inte giltig JSON"),
        ("bad.json", '{"rows": []}', "values"),
        ("bad.csv", "kpi;area\nN00945;0180\n", "Kolumner saknas"),
    ],
)
def test_malformed_files_fail_clearly_and_change_nothing(tmp_path, kpi, name, text, message):
    run_import(tmp_path, kolada_page([("N00945", "0180", 2023, {"T": 1})]))
    before = stored()
    with pytest.raises(CommandError, match=message):
        run_import(tmp_path, text, name)
    assert stored() == before


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([("N99999", "0180", 2023, {"T": 1})], "okänt KPI-id N99999"),
        ([("N00945", "9999", 2023, {"T": 1})], "okänd kommun- eller regionkod 9999"),
        ([("N00945", "0180", 2023, {"X": 1})], "kön X"),
        ([("N00945", "0180", 2023, {"T": "tolv"})], "inte ett tal"),
        ([("N00945", "0180", 2023, {"T": 1}), ("N00945", "0180", 2023, {"T": 2})], "samma KPI"),
    ],
)
def test_bad_rows_fail_the_whole_file_with_a_row_report(tmp_path, kpi, entries, message):
    run_import(tmp_path, kolada_page([("N00945", "0180", 2023, {"T": 1})]))
    before = stored()
    good = [("N00945", "1480", 2023, {"T": 5})]  # a good row in the same file is not written
    with pytest.raises(CommandError, match="Ingenting har ändrats"):
        run_import(tmp_path, kolada_page(good + entries))
    run = ImportRun.objects.latest("pk")
    assert run.status == ImportRun.Status.FAILED and message in json.dumps(
        run.errors, ensure_ascii=False
    )
    assert stored() == before


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "data.json",
            json.dumps(
                {
                    "values": [
                        {
                            "kpi": "N00945",
                            "municipality": "0180",
                            "period": 2023,
                            "values": [{"gender": "T", "status": "19121212-1212", "value": 1}],
                        }
                    ]
                }
            ),
        ),
        ("data.csv", "kpi,area,year,gender,value,status\nN00945,0180,2023,T,1,121212-1212\n"),
        (
            "data.csv",
            "kpi,area,year,gender,value,status,namn\nN00945,0180,2023,T,1,,Anna 121212-1212\n",
        ),
    ],
)
def test_a_personnummer_in_a_text_column_refuses_the_whole_file(tmp_path, kpi, name, text):
    with pytest.raises(CommandError, match="Ingenting har ändrats"):
        run_import(tmp_path, text, name)
    assert "personnummer" in json.dumps(ImportRun.objects.latest("pk").errors, ensure_ascii=False)
    assert stored() == []


def test_unknown_kpis_can_be_created(tmp_path):
    run_import(
        tmp_path, kolada_page([("N12345", "0180", 2023, {"T": 1})]), "data.json", "--create-kpis"
    )
    assert Kpi.objects.get(pk="N12345").title == "N12345"


def test_partial_file_never_overwrites_good_data(tmp_path, kpi):
    run_import(
        tmp_path,
        kolada_page([("N00945", "0180", 2023, {"T": 5}), ("N00945", "1480", 2023, {"T": 6})]),
    )
    out, _ = run_import(tmp_path, kolada_page([("N00945", "0180", 2023, {"T": None})]))
    assert "1 oförändrade" in out
    assert StatisticValue.objects.get(area="0180").value == 5  # null does not erase
    assert StatisticValue.objects.filter(area="1480").exists()  # absent rows are kept


def test_preliminary_never_overwrites_final(tmp_path, kpi):
    run_import(tmp_path, kolada_page([("N00945", "0180", 2023, {"T": 5})]))
    run_import(
        tmp_path, kolada_page([("N00945", "0180", 2023, {"T": 9})]), "data.json", "--preliminary"
    )
    value = StatisticValue.objects.get(area="0180")
    assert (value.value, value.is_preliminary) == (5, False)
    run_import(
        tmp_path, kolada_page([("N00945", "0180", 2024, {"T": 9})]), "data.json", "--preliminary"
    )
    run_import(tmp_path, kolada_page([("N00945", "0180", 2024, {"T": 8})]))
    final = StatisticValue.objects.get(area="0180", year=2024)
    assert (final.value, final.is_preliminary) == (8, False)  # final replaces preliminary


def test_kolada_groups_become_shared_peer_groups(tmp_path):
    text = json.dumps(
        {
            "values": [
                {
                    "id": "G123",
                    "title": "Liknande kommuner, Uppsala",
                    "members": [{"id": "0380", "title": "Uppsala"}, {"id": "0180"}],
                }
            ]
        }
    )
    run_import(tmp_path, text, "groups.json")
    group = PeerGroup.objects.get(external_id="G123")
    assert group.is_shared and sorted(group.kommuner.values_list("code", flat=True)) == [
        "0180",
        "0380",
    ]
    bad = json.dumps({"values": [{"id": "G9", "title": "x", "members": [{"id": "9999"}]}]})
    with pytest.raises(CommandError):
        run_import(tmp_path, bad, "groups.json")
    assert not PeerGroup.objects.filter(external_id="G9").exists()


class FakeKolada:
    """Recorded-shape answers by URL path; every request is remembered."""

    def __init__(self, pages):
        self.pages, self.requests = pages, []

    def __call__(self, url, timeout):
        self.requests.append(url)
        return self.pages[
            urlparse(url).path + ("?" + urlparse(url).query if "page=2" in url else "")
        ].encode()


def fetch(opener, *args):
    """Values only; fetching KPI metadata too is tested in test_kolada_fetch.py."""
    original = FetchCommand.__dict__["opener"]
    FetchCommand.opener = staticmethod(opener)
    try:
        out = StringIO()
        call_command("fetch_kolada", *args, "--no-metadata", stdout=out, stderr=StringIO())
        return out.getvalue()
    finally:
        FetchCommand.opener = original  # the real opener, for tests against a local server


def test_fetch_batches_at_most_25_ids_and_follows_next_url():
    ids = [f"N{n:05d}" for n in range(1, 31)]
    for kpi_id in ids:
        make_kpi(kpi_id)
    first, second = ",".join(ids[:25]), ",".join(ids[25:])
    fake = FakeKolada(
        {
            f"/v3/data/kpi/{first}/year/2022,2023": kolada_page(
                [("N00001", "0180", 2022, {"T": 1})],
                next_url=f"https://api.kolada.se/v3/data/kpi/{first}/year/2022,2023?page=2",
            ),
            f"/v3/data/kpi/{first}/year/2022,2023?page=2": kolada_page(
                [("N00002", "0180", 2023, {"T": 2})]
            ),
            f"/v3/data/kpi/{second}/year/2022,2023": kolada_page(
                [("N00030", "0180", 2023, {"T": 3})]
            ),
        }
    )
    out = fetch(fake, "--kpi", ",".join(ids), "--years", "2022-2023")
    assert len(fake.requests) == 3 and all(
        len(u.split("/kpi/")[1].split("/")[0].split(",")) <= 25 for u in fake.requests
    )
    assert "3 nya" in out and StatisticValue.objects.count() == 3


def test_fetch_deletes_values_kolada_no_longer_has():
    make_kpi("N00001")
    make_kpi("N00002")
    page = "/v3/data/kpi/N00001/year/2023"
    fetch(
        FakeKolada(
            {
                page: kolada_page(
                    [("N00001", "0180", 2023, {"T": 1}), ("N00001", "1480", 2023, {"T": 2})]
                )
            }
        ),
        "--kpi",
        "N00001",
        "--years",
        "2023",
    )
    # Another KPI and another year are outside the fetched scope and stay.
    from tests.benchmarking.helpers import make_values

    make_values("N00002", {"0180": {2023: 5}})
    make_values("N00001", {"0180": {2020: 5}})
    out = fetch(
        FakeKolada({page: kolada_page([("N00001", "0180", 2023, {"T": 1})])}),
        "--kpi",
        "N00001",
        "--years",
        "2023",
    )
    assert "1 borttagna" in out
    assert sorted(StatisticValue.objects.values_list("kpi_id", "area", "year")) == [
        ("N00001", "0180", 2020),
        ("N00001", "0180", 2023),
        ("N00002", "0180", 2023),
    ]


def test_closed_network_gives_a_clear_message_and_changes_nothing():
    make_kpi("N00001")

    def closed(url, timeout):
        raise URLError("Name or service not known")

    with pytest.raises(CommandError, match="Kunde inte nå Kolada"):
        fetch(closed, "--kpi", "N00001", "--years", "2023")

    def slow(url, timeout):
        raise TimeoutError

    with pytest.raises(CommandError, match="inom 20"):
        fetch(slow, "--kpi", "N00001", "--years", "2023")
    assert not StatisticValue.objects.exists()


def test_fetch_rejects_a_bad_year_range():
    with pytest.raises(CommandError, match="--years"):
        fetch(FakeKolada({}), "--kpi", "N00001", "--years", "2024-2015")
