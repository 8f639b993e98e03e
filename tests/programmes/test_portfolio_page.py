"""What a funder reads on the portfolio page: each pilot's stage (or that it has none), which
report's period the status comes from, and a filter whose labels come first and name their
controls."""

import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from programmes import services
from programmes.factories import ProgrammePilotFactory

from .helpers import approve, portfolio

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """The portfolio table's header and rows as text, and the filter form's labels and controls
    in document order."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows, self.filter_items = [], [], []
        self._cell, self._in_table, self._in_filters, self._field = None, False, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "portfolio-table" in attrs.get("class", ""):
            self._in_table = True
        elif tag == "form" and attrs.get("class") == "filters":
            self._in_filters = True
        elif self._in_filters and tag == "div" and attrs.get("class") == "field":
            self._field = len(self.filter_items)
        elif self._in_filters and tag in ("label", "select"):
            key = attrs.get("for") if tag == "label" else attrs.get("id")
            self.filter_items.append((tag, key, self._field))
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in ("th", "td"):
            self._cell = []
        elif self._in_table and tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif tag == "form":
            self._in_filters = False
        elif tag == "div" and self._in_filters:
            self._field = None
        elif self._in_table and tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _read(client, programme, **params):
    response = client.get(reverse("programmes:portfolio", kwargs={"slug": programme.slug}), params)
    assert response.status_code == 200
    page = _Page()
    page.feed(response.content.decode())
    header, *rows = page.rows
    by_pilot = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    return header, by_pilot, page.filter_items, response.content.decode()


def _title(membership):
    return f"{membership.pilot.title} {membership.pilot.lead_organisation.name}"


def test_each_pilot_shows_its_stage_and_one_without_a_stage_says_so(
    organisation, org_admin, as_role
):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=3, periods=1)
    first, second = programme.stages.order_by("order")
    # The second stage starts after today: the pilot is decided on for it, not yet in it.
    today = timezone.localdate()
    type(second).objects.filter(pk=second.pk).update(
        start_date=today + dt.timedelta(days=30), gate_date=today + dt.timedelta(days=400)
    )
    services.gate_decision_record(
        membership=members[1], stage=first, decision="continue", rationale="Bra.", actor=org_admin
    )
    services.gate_decision_record(
        membership=members[2], stage=first, decision="stop", rationale="Nej.", actor=org_admin
    )
    stageless = ProgrammePilotFactory(programme=programme, stage=None)
    client, _user = as_role("viewer")
    header, rows, _filters, html = _read(client, programme)
    assert "Fas" in header
    assert rows[_title(members[0])]["Fas"] == first.name
    start = (today + dt.timedelta(days=30)).isoformat()
    assert rows[_title(members[1])]["Fas"] == f"{second.name} beslutad, börjar {start}"
    assert rows[_title(members[2])]["Fas"] == f"{first.name} (avslutad)"
    assert rows[_title(stageless)]["Fas"] == "Ingen fas"
    assert "Ingen fas: piloten har inte placerats i någon av programmets faser." in html


def test_a_programme_without_stages_has_no_stage_column_or_filter(organisation, as_role):
    programme, _members, _count, _share = portfolio(owner=organisation, pilots=2, stages=0)
    client, _user = as_role("viewer")
    header, rows, filters, html = _read(client, programme)
    assert "Fas" not in header and len(rows) == 2
    assert ("select", "f-stage", None) not in filters and 'id="f-stage"' not in html
    assert "Programmet är inte indelat i faser." in html


def test_the_status_says_which_reports_period_it_comes_from(organisation, as_role):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=2, periods=1)
    periods = list(members[0].pilot.periods.order_by("start"))
    approve(members[0].pilot, 1, {}, progress="at_risk")
    client, _user = as_role("viewer")
    header, rows, _filters, html = _read(client, programme)
    column = "Läge enligt senast godkända rapport"
    assert column in header
    assert rows[_title(members[0])][column] == f"Risk för avvikelse avser {periods[1].label}"
    assert rows[_title(members[1])][column] == f"Enligt plan avser {periods[0].label}"
    assert "Läge är pilotens egen bedömning i dess senast godkända rapport" in html
    # The export says the same in a column of its own.
    xlsx = client.get(reverse("programmes:portfolio_xlsx", kwargs={"slug": programme.slug}))
    sheet = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    period_column = sheet[0].index("Läget avser period")
    assert sorted(r[period_column] for r in sheet[1:]) == sorted(
        [periods[1].label, periods[0].label]
    )


def test_every_filter_label_comes_before_the_control_it_names(organisation, as_role):
    programme, _members, _count, _share = portfolio(owner=organisation, pilots=1, periods=1)
    client, _user = as_role("viewer")
    _header, _rows, filters, _html = _read(client, programme)
    selects = [(key, field) for tag, key, field in filters if tag == "select"]
    assert [key for key, _field in selects] == ["f-status", "f-reporting", "f-stage", "f-progress"]
    for key, field in selects:
        label = filters.index(("label", key, field))
        assert field is not None and label < filters.index(("select", key, field))
