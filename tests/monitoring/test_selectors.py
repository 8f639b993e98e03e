"""The matrix's reads: each cell's state, the on-time/late boundary on the due date, the rates
at every level, and who sees which rows."""

import datetime as dt

import pytest

from monitoring import selectors
from monitoring.selectors import MatrixFilters, Rates
from monitoring.states import CellState
from partners.factories import MembershipFactory, UserFactory
from partners.models import Role
from pilots.factories import PilotFactory
from pilots.models import PilotMembership
from programmes.factories import ProgrammePilotFactory
from tests.monitoring.helpers import TODAY, at, build, report

pytestmark = pytest.mark.django_db

YEAR = MatrixFilters(year=2025)


def _states(user, filters=YEAR, today=TODAY):
    pilots = selectors.filtered_pilots(user=user, filters=filters, today=today)
    columns, rows = selectors.matrix_rows(pilots=pilots, filters=filters, today=today)
    return columns, {row.pilot.title: [c.state if c else None for c in row.cells] for row in rows}


def test_each_cell_has_its_state(organisation, approver):
    build(organisation)
    columns, states = _states(approver)
    assert [c.label for c in columns] == ["2025 K1", "2025 K2", "2025 K3", "2025 K4"]
    assert states == {
        "Andra piloten": ["late", "returned", "missing", "not_due"],
        "Första piloten": ["approved", "on_time", "missing", "not_due"],
    }


def test_columns_are_grouped_by_kind_of_period_longest_first_each_in_time_order(
    organisation, approver
):
    # Three cadences on one page: a monthly pilot, a quarterly one and one with tertials.
    monthly = PilotFactory(lead_organisation=organisation, plan="month")
    quarterly = PilotFactory(lead_organisation=organisation)
    tertials = PilotFactory(lead_organisation=organisation, plan="tertial")
    pilots = selectors.filtered_pilots(user=approver, filters=YEAR, today=TODAY)
    columns, rows = selectors.matrix_rows(pilots=pilots, filters=YEAR, today=TODAY)
    labels = [c.label for c in columns]
    assert labels[:7] == [
        "2025 T1",
        "2025 T2",
        "2025 T3",
        "2025 K1",
        "2025 K2",
        "2025 K3",
        "2025 K4",
    ]
    assert labels[7:] == [
        f"{m} 2025"
        for m in [
            "jan",
            "feb",
            "mar",
            "apr",
            "maj",
            "jun",
            "jul",
            "aug",
            "sep",
            "okt",
            "nov",
            "dec",
        ]
    ]
    assert [c.kind for c in columns if c.starts_group] == ["tertial", "quarter", "month"]
    assert [(c.label, c.span) for c in columns if c.label in {"2025 T2", "2025 K4"}] == [
        ("2025 T2", "maj–aug"),
        ("2025 K4", "okt–dec"),
    ]
    # Each pilot's cells fall in its own group only.
    filled = {
        r.pilot: {c.kind for c, cell in zip(columns, r.cells, strict=True) if cell} for r in rows
    }
    assert filled == {monthly: {"month"}, quarterly: {"quarter"}, tertials: {"tertial"}}


def test_a_label_no_cadence_writes_goes_last_among_other_periods(organisation, approver):
    pilot = PilotFactory(lead_organisation=organisation)
    pilot.periods.filter(label="2025 K4").update(label="Hösten 2025")
    columns = _states(approver)[0]
    assert [(c.label, c.kind) for c in columns][-2:] == [
        ("2025 K3", "quarter"),
        ("Hösten 2025", "other"),
    ]


def test_the_due_date_itself_is_on_time_and_the_next_day_late(organisation, approver):
    pilot = PilotFactory(lead_organisation=organisation)
    k1, k2, k3, _k4 = pilot.periods.order_by("start")
    report(k1, "submitted", at(k1.due_date, 23, 59))
    report(k2, "submitted", at(k2.due_date + dt.timedelta(days=1), 0, 0))
    report(k3, "submitted", None)  # no time recorded: on time
    _columns, states = _states(approver)
    assert states[pilot.title] == ["on_time", "late", "on_time", "not_due"]


def test_missing_starts_the_day_after_the_due_date(organisation, approver):
    pilot = PilotFactory(lead_organisation=organisation)
    k1 = pilot.periods.order_by("start").first()
    assert _states(approver, today=k1.due_date)[1][pilot.title][0] == "not_due"
    after = k1.due_date + dt.timedelta(days=1)
    assert _states(approver, today=after)[1][pilot.title][0] == "missing"


def test_rates_per_pilot_organisation_programme_and_total(organisation, approver):
    build(organisation)
    _columns, rows = selectors.matrix_rows(
        pilots=selectors.filtered_pilots(user=approver, filters=YEAR, today=TODAY),
        filters=YEAR,
        today=TODAY,
    )
    rates = {row.pilot.title: row.rates for row in rows}
    # first: K1 approved, K2 on time, K3 missing counted; K4 not due is not counted.
    assert rates["Första piloten"] == Rates(counted=3, complete=2, on_time=2)
    assert str(rates["Första piloten"].share_complete) == "66.7"
    # second: K1 late (complete, not on time), K2 returned, K3 missing.
    assert rates["Andra piloten"] == Rates(counted=3, complete=1, on_time=0)
    assert rates["Andra piloten"].share_on_time == 0
    summary = selectors.rates_summary(user=approver, filters=YEAR, today=TODAY)
    assert summary.total == Rates(counted=6, complete=3, on_time=2)
    assert str(summary.total.share_complete) == "50.0"
    assert str(summary.total.share_on_time) == "33.3"
    assert [(n.name, n.rates) for n in summary.organisations] == [
        (organisation.name, Rates(6, 3, 2))
    ]
    assert [(n.name, n.rates) for n in summary.programmes] == [("Programmet", Rates(3, 2, 2))]


def test_a_submission_before_the_due_date_counts_before_it_passes(organisation, approver):
    pilot = PilotFactory(lead_organisation=organisation)
    k4 = pilot.periods.order_by("start").last()
    report(k4, "submitted", at(dt.date(2025, 10, 1), 12))
    rates = selectors.rates_summary(user=approver, filters=YEAR, today=dt.date(2025, 5, 1)).total
    # K1 (due 2025-04-30) is missing, K4 submitted early; K2 and K3 are not counted yet.
    assert rates == Rates(counted=2, complete=1, on_time=1)


def test_no_counted_period_has_no_share(organisation, approver):
    PilotFactory(lead_organisation=organisation)
    rates = selectors.rates_summary(user=approver, filters=YEAR, today=dt.date(2025, 1, 1)).total
    assert rates.counted == 0 and rates.share_complete is None and rates.share_on_time is None


def test_filters_by_programme_organisation_year_and_status(
    organisation, other_organisation, coordinator
):
    _first, _second, programme = build(organisation)
    elsewhere = PilotFactory(title="Annan pilot", lead_organisation=other_organisation)

    def titles(**kwargs):
        filters = MatrixFilters(**{"year": 2025, **kwargs})
        return [
            p.title
            for p in selectors.filtered_pilots(user=coordinator, filters=filters, today=TODAY)
        ]

    assert titles() == ["Andra piloten", "Annan pilot", "Första piloten"]
    assert titles(programme=programme) == ["Första piloten"]
    assert titles(organisation=other_organisation) == ["Annan pilot"]
    assert titles(status=CellState.LATE) == ["Andra piloten"]
    assert titles(status=CellState.APPROVED) == ["Första piloten"]
    assert titles(status=CellState.MISSING) == ["Andra piloten", "Annan pilot", "Första piloten"]
    assert titles(year=2024) == ["Andra piloten", "Annan pilot", "Första piloten"]
    assert _states(coordinator, MatrixFilters(year=2024))[0] == []
    assert elsewhere


def test_who_follows_which_pilots(organisation, other_organisation, approver, reporter, viewer):
    _first, _second, programme = build(organisation)
    funded = PilotFactory(title="Finansierad pilot", lead_organisation=other_organisation)
    ProgrammePilotFactory(programme=programme, pilot=funded)
    applied = PilotFactory(title="Ansökande pilot", lead_organisation=other_organisation)
    ProgrammePilotFactory(programme=programme, pilot=applied, status="applied")
    PilotFactory(title="Utkast", lead_organisation=organisation, draft=True)
    pilot_approver = UserFactory()
    PilotMembership.objects.create(pilot=funded, user=pilot_approver, role=Role.APPROVER)
    other_admin = MembershipFactory(organisation=other_organisation, role=Role.ADMIN).user

    def titles(user):
        return sorted(p.title for p in selectors.monitored_pilots(user=user))

    # The organisation's approver: its own pilots and the programme's accepted ones (it owns it).
    assert titles(approver) == ["Andra piloten", "Finansierad pilot", "Första piloten"]
    assert titles(reporter) == titles(viewer) == []
    assert titles(pilot_approver) == ["Finansierad pilot"]
    assert titles(other_admin) == ["Ansökande pilot", "Finansierad pilot"]


def test_a_report_the_funder_accepted_is_its_own_state_and_counts_as_complete(
    organisation, approver
):
    from django.utils import timezone

    from pilots.models import PeriodReport

    first, _second, _programme = build(organisation)
    approved = PeriodReport.objects.get(period=first.periods.order_by("start").first())
    PeriodReport.objects.filter(pk=approved.pk).update(accepted_at=timezone.now())
    _columns, states = _states(approver)
    assert states["Första piloten"] == ["accepted", "on_time", "missing", "not_due"]
    pilots = selectors.filtered_pilots(
        user=approver, filters=MatrixFilters(year=2025, status=CellState.ACCEPTED), today=TODAY
    )
    assert [p.title for p in pilots] == ["Första piloten"]
    pilots = selectors.filtered_pilots(
        user=approver, filters=MatrixFilters(year=2025, status=CellState.APPROVED), today=TODAY
    )
    assert [p.title for p in pilots] == []
