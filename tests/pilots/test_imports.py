"""Bulk import: templates, every bad row reported, all or nothing, no personal data, never a 500."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from pilots import imports
from pilots.models import IndicatorValue, PeriodReport
from pilots.services import report_submit
from tests.pilots import report_helpers
from tests.pilots.report_helpers import save

pytestmark = pytest.mark.django_db
pilot = report_helpers.pilot


def _csv(rows, header=imports.COLUMNS, delimiter=";"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _row(period, link, value="", gender="T", band="", numerator="", denominator="", text=""):
    return [
        period.pk,
        period.label,
        link.pk,
        "",
        "",
        "",
        gender,
        band,
        value,
        numerator,
        denominator,
        text,
    ]


def _upload(client, pilot, content, name="varden.csv"):
    return client.post(
        f"/piloter/{pilot.slug}/import/", {"file": SimpleUploadedFile(name, content)}
    )


@pytest.fixture
def periods(pilot):
    return list(pilot.periods.order_by("start"))


def test_csv_template_lists_periods_indicators_genders_and_bands(client, reporter, pilot):
    client.force_login(reporter)
    response = client.get(f"/piloter/{pilot.slug}/import/mall.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Period-id", "Period", "Indikator-id", "Indikator"]
    assert rows[0][8:] == ["Värde", "Täljare", "Nämnare", "Text"]
    # 4 periods × (number 1 + percent 3 genders × 3 bands + qualitative 1) = 44 rows
    assert len(rows) == 1 + 4 * 11


def test_xlsx_template_round_trips_through_the_import(client, reporter, pilot, periods):
    client.force_login(reporter)
    response = client.get(f"/piloter/{pilot.slug}/import/mall.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == imports.header_row() and len(rows) == 45
    rows[1][8] = 42  # the first period, the number indicator
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(client, pilot, buffer.getvalue(), "varden.xlsx")
    assert response.status_code == 302
    assert list(IndicatorValue.objects.values_list("value", flat=True)) == [42]


def test_a_good_csv_is_imported_into_draft_reports_keeping_other_cells(
    client, reporter, pilot, periods
):
    links = pilot.links
    first = periods[0]
    first.pilot = pilot
    save(first, reporter)  # a number value 12 exists already
    client.force_login(reporter)
    content = _csv(
        [
            _row(
                periods[0],
                links["percent"],
                gender="K",
                band="0-17",
                numerator="3",
                denominator="4",
            ),
            _row(periods[1], links["number"], value="7,5"),
            _row(periods[1], links["text"], text="Bra samarbete"),
        ]
    )
    response = _upload(client, pilot, content)
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 4
    assert PeriodReport.objects.get(period=periods[0]).values.get(gender="K").value == 75


def test_every_bad_row_is_reported_and_nothing_is_written(client, reporter, pilot, periods):
    links = pilot.links
    client.force_login(reporter)
    content = _csv(
        [
            _row(periods[0], links["number"], value="12"),
            _row(periods[0], links["number"], value="tolv"),
            _row(periods[1], links["percent"], numerator="5", denominator="2"),
            _row(periods[1], links["number"], value="1", gender="K"),
            [999, "", links["number"].pk, "", "", "", "T", "", "1", "", "", ""],
            _row(periods[2], links["text"], text="Anna 850101-1234"),
            _row(periods[0], links["number"], value="13"),
            _row(periods[2], links["number"], value="-5"),
        ]
    )
    response = _upload(client, pilot, content)
    assert response.status_code == 400
    errors = response.context["result"].errors
    assert {row for row, _message in errors} == {3, 4, 5, 6, 7, 8, 9}
    html = response.content.decode()
    assert "personnummer" in html and "Samma värde finns redan på rad 2" in html
    assert "Värdet kan inte vara negativt för den här indikatorn." in html
    assert IndicatorValue.objects.count() == 0 and PeriodReport.objects.count() == 0


def test_submitted_reports_and_locked_periods_are_refused(client, reporter, pilot, periods):
    first = periods[0]
    first.pilot = pilot
    report = save(first, reporter)
    report_submit(report=report, actor=reporter, expected_version=report.version)
    client.force_login(reporter)
    response = _upload(client, pilot, _csv([_row(periods[0], pilot.links["number"], value="1")]))
    assert response.status_code == 400 and "inskickad" in response.content.decode()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("varden.pdf", b"%PDF-1.4", "Filtypen stöds inte"),
        ("varden.xlsx", b"not a zip", "stämmer inte med filändelsen .xlsx"),
        ("varden.xlsx", b"PK\x03\x04broken", "stämmer inte med filändelsen .xlsx"),
        ("varden.csv", b"a;b\n1;2\n", "Kolumner saknas"),
        ("varden.csv", b"\x00\x01\x02", "stämmer inte med filändelsen .csv"),
    ],
)
def test_wrong_files_are_refused(client, reporter, pilot, name, content, message):
    client.force_login(reporter)
    response = _upload(client, pilot, content, name)
    assert response.status_code == 400 and message in response.content.decode()


def test_a_file_over_5_mb_is_refused(client, reporter, pilot):
    client.force_login(reporter)
    response = _upload(client, pilot, b"x" * (imports.MAX_BYTES + 1))
    assert response.status_code == 400 and "för stor" in response.content.decode()


def test_swedish_excel_csv_in_cp1252_with_semicolons_is_read(client, reporter, pilot, periods):
    client.force_login(reporter)
    content = (
        _csv([_row(periods[0], pilot.links["text"], text="Både bättre och sämre")])
        .decode()
        .encode("cp1252")
    )
    assert _upload(client, pilot, content).status_code == 302
    assert IndicatorValue.objects.get().text == "Både bättre och sämre"


cell = st.one_of(
    st.text(max_size=12),
    st.integers(-(10**15), 10**15).map(str),
    st.sampled_from(["", "12,5", "-1", "1e400", "NaN"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=14), max_size=6), keep_ids=st.booleans())
def test_arbitrary_rows_never_give_a_500_or_a_partial_write(
    client, reporter, pilot, periods, rows, keep_ids
):
    if keep_ids:  # make the key columns plausible so validation reaches the values
        links = list(pilot.links.values())
        rows = [
            [periods[n % 4].pk, "", links[n % 3].pk, *row[3:]] if len(row) > 3 else row
            for n, row in enumerate(rows)
        ]
    client.force_login(reporter)
    before = IndicatorValue.objects.count(), PeriodReport.objects.count()
    response = _upload(client, pilot, _csv(rows))
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert (IndicatorValue.objects.count(), PeriodReport.objects.count()) == before


def test_an_xlsx_that_unpacks_to_too_much_is_refused(client, reporter, pilot, monkeypatch):
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 1000)
    workbook = Workbook()
    workbook.active.append(imports.COLUMNS)
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(reporter)
    response = _upload(client, pilot, buffer.getvalue(), "varden.xlsx")
    assert response.status_code == 400 and "packas upp" in response.content.decode()


def test_import_audits_each_report_once_and_makes_open_forms_stale(reporter, pilot, periods):
    from django.core.exceptions import ValidationError

    from partners.models import AuditEvent

    periods[0].pilot = pilot
    before = save(periods[0], reporter)
    events_before = AuditEvent.objects.count()
    link = pilot.links["number"]
    content = _csv([_row(periods[0], link, value="5"), _row(periods[1], link, value="7")])
    result = imports.import_values(pilot=pilot, actor=reporter, name="v.csv", raw=content)
    assert result.ok and result.written == 2 and result.reports == 2
    events = list(AuditEvent.objects.order_by("pk")[events_before:])
    assert sorted(e.action for e in events) == ["report.created", "report.saved"]
    for event in events:
        assert event.actor == reporter
        assert list(event.changes["values"].values()) in (
            [["12", "5"]],
            [[None, "7"]],
        )
    with pytest.raises(ValidationError):
        save(periods[0], reporter, version=before.version)


def test_template_headers_follow_the_language_and_any_of_them_imports(client, reporter, pilot):
    client.force_login(reporter)
    client.cookies.load({"django_language": "en"})
    english = client.get(f"/piloter/{pilot.slug}/import/mall.csv").content.decode("utf-8-sig")
    assert english.splitlines()[0].startswith("Period id;Period;Indicator id;Indicator")
    for header in (imports.COLUMNS, english.splitlines()[0].split(";")):
        assert imports._header(list(header))["value"] == 8


def _links(html):
    """(href, text) of every link in the page's main content."""
    main = html[html.index("<main") :]
    return [
        (href.replace("&amp;", "&"), " ".join(re.sub(r"<[^>]+>", "", text).split()))
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', main, re.S)
    ]


def test_the_import_opened_from_a_report_links_back_to_that_report(client, reporter, pilot):
    period = pilot.periods.order_by("start").first()
    report_url = f"/piloter/{pilot.slug}/rapporter/{period.pk}/"
    client.force_login(reporter)
    form = client.get(report_url).content.decode()
    import_url = f"/piloter/{pilot.slug}/import/?period={period.pk}"
    assert (import_url, "Importera värden") in _links(form)
    page = client.get(import_url).content.decode()
    links = _links(page)
    assert links.index((report_url, f"Tillbaka till periodrapport {period.label}")) == 0
    assert (f"/piloter/{pilot.slug}/", pilot.title) in links


@pytest.mark.parametrize("came_from", ["", "abc", "other", "²", "9" * 25])
def test_without_a_report_of_the_pilot_to_go_back_to_the_import_links_to_mina_sidor(
    client, reporter, pilot, organisation, came_from
):
    if came_from == "other":
        came_from = report_helpers.make_pilot(organisation).periods.first().pk
    client.force_login(reporter)
    page = client.get(f"/piloter/{pilot.slug}/import/?period={came_from}").content.decode()
    assert "Tillbaka till periodrapport" not in page
    assert _links(page)[0] == ("/mina-sidor/", "Mina sidor")


def test_after_an_import_the_message_links_every_report_it_changed(
    client, reporter, pilot, periods
):
    links = pilot.links
    client.force_login(reporter)
    response = client.post(
        f"/piloter/{pilot.slug}/import/?period={periods[0].pk}",
        {
            "file": SimpleUploadedFile(
                "varden.csv",
                _csv(
                    [
                        _row(periods[2], links["number"], value="3"),
                        _row(periods[1], links["number"], value="2"),
                        _row(periods[1], links["text"], text="Bra samarbete"),
                    ]
                ),
            )
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/piloter/{pilot.slug}/import/?period={periods[0].pk}"
    html = response.content.decode()
    assert "3 värden importerades till 2 rapporter:" in html
    changed = [
        (f"/piloter/{pilot.slug}/rapporter/{p.pk}/", p.label) for p in (periods[1], periods[2])
    ]
    found = _links(html)
    assert [link for link in found if link in changed] == changed
    assert found.index(changed[0]) < found.index(
        (
            f"/piloter/{pilot.slug}/rapporter/{periods[0].pk}/",
            f"Tillbaka till periodrapport {periods[0].label}",
        )
    )
