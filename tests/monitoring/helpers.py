"""A small world for the matrix: two pilots of one organisation with 2025's quarterly periods
(K1 due 2025-04-30, K2 2025-07-30, K3 2025-10-30, K4 2026-01-30) in every cell state."""

import datetime as dt
from zoneinfo import ZoneInfo

from pilots.factories import PeriodReportFactory, PilotFactory
from pilots.models import ReportStatus
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = dt.date(2025, 11, 1)  # K1–K3 are due, K4 is not


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


def report(period, status, submitted_at=None):
    return PeriodReportFactory(period=period, status=status, submitted_at=submitted_at)


def build(organisation, *, programme_owner=None, title_prefix=""):
    """first: K1 approved, K2 on time (23:59 on its due date), K3 missing, K4 not due.
    second: K1 late (00:05 the day after), K2 returned, K3 draft (missing), K4 not due.
    The first pilot is in a programme (owned by `programme_owner`, default the organisation)."""
    first = PilotFactory(title=f"{title_prefix}Första piloten", lead_organisation=organisation)
    second = PilotFactory(title=f"{title_prefix}Andra piloten", lead_organisation=organisation)
    p1 = list(first.periods.order_by("start"))
    p2 = list(second.periods.order_by("start"))
    report(p1[0], ReportStatus.APPROVED, at(dt.date(2025, 4, 20), 10))
    report(p1[1], ReportStatus.SUBMITTED, at(p1[1].due_date, 23, 59))
    report(p2[0], ReportStatus.SUBMITTED, at(p2[0].due_date + dt.timedelta(days=1), 0, 5))
    report(p2[1], ReportStatus.RETURNED, at(dt.date(2025, 7, 1), 9))
    report(p2[2], ReportStatus.DRAFT)
    programme = ProgrammeFactory(owner=programme_owner or organisation, name="Programmet")
    ProgrammePilotFactory(programme=programme, pilot=first)
    return first, second, programme
