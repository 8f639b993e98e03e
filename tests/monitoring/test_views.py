"""The matrix page in Swedish and English, its CSV, the remind button, the links to the page and
a constant query count as pilots and periods grow."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import Reminder
from partners.factories import MembershipFactory
from partners.models import AuditEvent, Role
from pilots.factories import PilotFactory
from pilots.models import PeriodReport
from programmes.factories import ProgrammePilotFactory
from tests.monitoring.helpers import at, build

pytestmark = pytest.mark.django_db
URL = reverse("monitoring:matrix")
YEAR = "?year=2025"


def test_the_page_shows_states_rates_and_legend_in_swedish(organisation, as_role):
    build(organisation)
    client, _user = as_role("approver")
    response = client.get(URL + YEAR)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Rapporteringsläge", "Teckenförklaring", "Andel i tid", "Andel kompletta"]:
        assert text in html
    # Every state is written out in whole Swedish words (not only a colour, no abbreviations),
    # with its meaning in the legend.
    for word in ["Godkänd", "I tid", "Sen", "Returnerad", "Saknas"]:
        assert f'<span aria-hidden="true">{word}</span>' in html
    legend = html.split('class="legend"')[1].split("</details>")[0]
    for word, meaning in [
        ("I tid", "Inskickad senast sista rapportdag, väntar på granskning."),
        ("Sen", "Inskickad efter sista rapportdag, väntar på granskning."),
        ("Saknas", "Sista rapportdag har passerat och inget är inskickat."),
        ("Returnerad", "Skickad tillbaka till rapportören för komplettering."),
        ("Godkänd", "Granskad och godkänd."),
        ("Accepterad", "Godkänd och accepterad av programmets finansiär; rapporten är låst."),
        ("Ej förfallen", "Sista rapportdag har inte passerat än."),
        ("·", "Ingen period: piloten har ingen rapportperiod i den kolumnen"),
    ]:
        assert f">{word}</span></dt><dd>{meaning}" in legend, word
    for abbreviation in ["Godk.", "Acc.", "Retur<", "Ej förf."]:
        assert abbreviation not in html, abbreviation
    # The quarters' letters are explained, with their months.
    assert (
        "K1–K4</span></dt><dd>Kvartal, tre månader: jan–mar, apr–jun, jul–sep, okt–dec." in legend
    )
    assert "Saknas: Första piloten 2025 K3" in html  # what a screen reader hears
    assert "Sista rapportdag har passerat och inget är inskickat." in html
    assert "Första piloten" in html and "Andra piloten" in html
    assert "Påminn rapportörerna" in html
    # One header row names the kind of period, the next each period with its months.
    head = html.split("matrix-table")[1].split("</thead>")[0]
    assert (
        '<th scope="colgroup" colspan="4" class="period-group group-start"><span>Per kvartal<'
        in head
    )
    assert '>2025 K1<span class="meta">jan–mar</span></th>' in head
    # The pilot's cell is the row's header, kept in view as the periods scroll (matrix.css).
    assert '<th scope="row" class="pilot">' in html
    # Rates of the filter: 2025's four periods, all due by now: 8 counted, 3 complete, 2 on time.
    assert "37,5\u00a0%" in html and "25\u00a0%" in html


def test_the_page_in_english(organisation, as_role):
    build(organisation)
    client, _user = as_role("approver")
    client.cookies["django_language"] = "en"
    html = client.get(URL + YEAR, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for text in ["Reporting status", "Legend", "Share on time", "Remind the reporters", "Late"]:
        assert text in html, text
    for text in [
        '<span aria-hidden="true">Approved</span>',
        ">Not yet due</span></dt><dd>The due date has not passed yet.",
        ">Accepted</span></dt>",
        "<span>Quarterly</span>",
        "K1–K4</span></dt><dd>Quarters (Swedish kvartal), three months each: Jan–Mar, Apr–Jun",
        "No period: the pilot has no reporting period in that column",
    ]:
        assert text in html, text
    assert "37.5\u00a0%" in html
    # One programme is meant: the filter's label and the per-programme table's header.
    assert '<label for="id_programme">Programme</label>' in html
    assert '<th scope="col">Programme</th>' in html and ">Programmes<" not in html.split("<main")[1]
    # Captions wrap inside the screen rather than being cut (matrix.css, a wide matrix scrolls).
    assert 'class="matrix-page"' in html and 'class="data-table rates-table"' in html


@pytest.mark.parametrize("role", ["viewer", "reporter", "outsider"])
def test_only_approvers_managers_and_the_coordinator_open_it(organisation, as_role, role):
    client, _user = as_role(role)
    assert client.get(URL).status_code == 403


def test_a_bad_filter_is_refused_with_the_form(as_role):
    client, _user = as_role("approver")
    response = client.get(URL + "?status=nonsense")
    assert response.status_code == 400


def test_csv_has_cells_and_rates_and_neutralises_formulas(organisation, as_role):
    first, _second, _programme = build(organisation)
    first.title = '=HYPERLINK("https://evil.example","x")'
    first.save(update_fields=["title"])
    client, _user = as_role("approver")
    response = client.get(reverse("monitoring:matrix_csv") + YEAR)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Typ", "Pilot eller namn", "Organisation"]
    periods = [r for r in rows if r[0] == "Period"]
    assert len(periods) == 8
    assert all(not r[1].startswith("=") for r in rows)
    assert any(r[1].startswith("'=HYPERLINK") for r in periods)
    assert {r[8] for r in periods} == {"Godkänd", "I tid", "Sen", "Returnerad", "Saknas"}
    total = next(r for r in rows if r[0] == "Totalt")
    assert total[9:] == ["8", "3", "2", "37,5", "25"]
    assert [r[1] for r in rows if r[0] == "Program"] == ["Programmet"]
    assert [r[1] for r in rows if r[0] == "Organisation"] == [organisation.name]


def test_remind_reminds_once_a_day_and_says_how_many(
    organisation, as_role, django_capture_on_commit_callbacks
):
    build(organisation)
    MembershipFactory(organisation=organisation, role=Role.REPORTER)
    client, user = as_role("approver")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:remind"), {"year": "2025"}, follow=True)
    html = response.content.decode()
    # K3 of both pilots, and K4 (due 2026-01-30) of both: four missing reports.
    assert "Rapportörerna påminns om 4 försenade rapporter." in html
    assert Reminder.objects.count() == 4
    assert AuditEvent.objects.filter(action="report.reminders_sent", actor=user).count() == 1
    assert len(mail.outbox) == 1 and "Första piloten" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("monitoring:remind"), {"year": "2025"}, follow=True)
    assert "redan påmints" in response.content.decode()
    assert Reminder.objects.count() == 4 and len(mail.outbox) == 1


def test_mina_sidor_and_the_programme_page_link_to_it(organisation, as_role):
    _first, _second, programme = build(organisation)
    client, _user = as_role("approver")
    html = client.get(reverse("pilots:dashboard")).content.decode()
    assert f'href="{URL}"' in html
    html = client.get(programme.get_absolute_url()).content.decode()
    assert f'href="{URL}?programme={programme.slug}"' in html


def test_reporters_see_no_link_on_mina_sidor(organisation, as_role):
    client, _user = as_role("reporter")
    assert f'href="{URL}"' not in client.get(reverse("pilots:dashboard")).content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("query", ["?year=", "?year=2025&status=missing"])
def test_query_count_is_constant_as_pilots_and_periods_grow(
    organisation, other_organisation, as_role, django_assert_max_num_queries, query
):
    _first, _second, programme = build(organisation)
    client, _user = as_role("coordinator")
    small = _count(client, URL + query)
    for n in range(26):
        lead = organisation if n % 2 else other_organisation
        pilot = PilotFactory(lead_organisation=lead, plan="month")
        ProgrammePilotFactory(programme=programme, pilot=pilot)
    with django_assert_max_num_queries(small):
        assert client.get(URL + query + ("&" if query else "?") + "page=2").status_code == 200
    with django_assert_max_num_queries(small):
        assert client.get(URL + query).status_code == 200


def test_a_funder_sees_the_states_but_no_links_to_reports_it_may_not_open(
    organisation, other_organisation, client
):
    first, _second, programme = build(organisation, programme_owner=other_organisation)
    funder = MembershipFactory(organisation=other_organisation, role=Role.APPROVER).user
    client.force_login(funder)
    html = client.get(URL + YEAR + f"&programme={programme.slug}").content.decode()
    assert "Godkänd: Första piloten 2025 K1" in html
    assert f"/piloter/{first.slug}/rapporter/" not in html
    pilots_approver = MembershipFactory(organisation=organisation, role=Role.APPROVER).user
    client.force_login(pilots_approver)
    html = client.get(URL + YEAR).content.decode()
    assert f"/piloter/{first.slug}/rapporter/" in html


def test_the_organisation_filter_keeps_its_choice_and_narrows_the_rows(
    organisation, other_organisation, as_role
):
    build(organisation)
    build(other_organisation, title_prefix="Annan ")
    client, _user = as_role("coordinator")
    html = client.get(URL + YEAR + f"&organisation={organisation.pk}").content.decode()
    assert f'<option value="{organisation.pk}" selected>{organisation.name}</option>' in html
    assert f'<option value="{other_organisation.pk}">{other_organisation.name}</option>' in html
    rows = html.split("<tbody>")[-1]
    assert "Första piloten" in rows and "Annan Första piloten" not in rows
    client.cookies["django_language"] = "en"
    html = client.get(URL + YEAR, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Missing: Första piloten 2025 K3" in html  # the cell's state in the page's language


def test_an_accepted_report_reads_accepterad_in_the_cell_and_in_full_in_the_csv(
    organisation, as_role
):
    first, _second, _programme = build(organisation)
    PeriodReport.objects.filter(period__pilot=first, period__label="2025 K1").update(
        accepted_at=at(dt.date(2025, 5, 2), 10)
    )
    client, _user = as_role("approver")
    html = client.get(URL + YEAR).content.decode()
    assert '<span aria-hidden="true">Accepterad</span>' in html
    assert "Accepterad av finansiären: Första piloten 2025 K1" in html  # screen readers
    text = b"".join(client.get(reverse("monitoring:matrix_csv") + YEAR).streaming_content)
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert ["Första piloten", "2025 K1", "Accepterad av finansiären"] in [
        [r[1], r[3], r[8]] for r in rows if r[0] == "Period"
    ]
