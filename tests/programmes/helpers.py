"""Building programmes with pilots that follow shared indicators and have approved reports."""

from decimal import Decimal

from pilots.factories import IndicatorFactory, LessonFactory, PeriodReportFactory, PilotFactory
from pilots.models import IndicatorValue, PilotIndicator, ReportStatus
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory


def follow(pilot, indicator) -> PilotIndicator:
    return PilotIndicator.objects.get_or_create(pilot=pilot, indicator=indicator)[0]


def approve(
    pilot,
    period_index: int,
    cells: dict,
    *,
    progress="on_track",
    narrative="Det gick bra.",
    status=ReportStatus.APPROVED,
):
    """Approve the pilot's period `period_index` with {indicator: value or (numerator,
    denominator)}."""
    period = list(pilot.periods.order_by("start"))[period_index]
    report = PeriodReportFactory(
        period=period, pilot=pilot, status=status, progress=progress, narrative=narrative
    )
    for indicator, cell in cells.items():
        link = follow(pilot, indicator)
        if isinstance(cell, tuple):
            num, den = (Decimal(str(x)) for x in cell)
            IndicatorValue.objects.create(
                report=report,
                pilot_indicator=link,
                numerator=num,
                denominator=den,
                value=num / den * 100,
            )
        else:
            IndicatorValue.objects.create(
                report=report, pilot_indicator=link, value=Decimal(str(cell))
            )
    return report


def portfolio(*, owner=None, pilots=5, stages=2, periods=2, lead=None, **programme_kwargs):
    """A programme with `pilots` accepted pilots; each follows a count and a percent indicator and
    has `periods` approved quarterly reports (count 10 per period, 3 of 10 per period) and a
    lesson."""
    count = IndicatorFactory(name="Deltagare")
    share = IndicatorFactory(percent=True, name="Andel som fullföljt")
    kwargs = {"owner": owner} if owner else {}
    programme = ProgrammeFactory(stages=stages, **kwargs, **programme_kwargs)
    programme.shared_indicators.set([count, share])
    members = []
    for _ in range(pilots):
        pilot = PilotFactory(**({"lead_organisation": lead} if lead else {}))
        for i in range(periods):
            report = approve(pilot, i, {count: 10, share: (3, 10)})
            LessonFactory(pilot=pilot, report=report)
        members.append(ProgrammePilotFactory(programme=programme, pilot=pilot))
    return programme, members, count, share
