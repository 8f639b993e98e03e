"""Builders for business-case tests: a pilot with a case, lines of any size, approved values."""

from decimal import Decimal

from business_cases.models import BusinessCase, BusinessCaseAmount, BusinessCaseLine
from pilots.factories import IndicatorFactory, PeriodReportFactory, PilotFactory
from pilots.models import IndicatorValue, PilotIndicator, ReportStatus


def pilot_with_case(organisation, *, lines: int = 2, years: int = 3, draft=False, **pilot_kwargs):
    """A pilot led by `organisation` with a published (or draft) case: half the lines kommun
    costs, half region benefits, `years` yearly amounts each, plus one BAU line."""
    pilot = PilotFactory(lead_organisation=organisation, **pilot_kwargs)
    case = BusinessCase.objects.create(
        pilot=pilot, price_year=2025, base_year=2025, horizon_years=max(years, 5), is_draft=draft
    )
    add_lines(case, lines=lines, years=years)
    return pilot, case


def add_lines(case, *, lines: int, years: int) -> None:
    made = []
    for i in range(lines):
        cost = i % 2 == 0
        made.append(
            BusinessCaseLine(
                business_case=case,
                kind="cost" if cost else "benefit",
                label=f"{'Kostnad' if cost else 'Nytta'} {i}",
                actor="kommun" if cost else ("region" if i % 4 == 1 else "stat"),
                value_type="fiscal_cashable" if i % 3 else "social",
                confidence=1 + i % 6,
                deadweight_pct=Decimal(0 if cost else 10),
                order=i,
            )
        )
    made.append(
        BusinessCaseLine(
            business_case=case, kind="bau", label="Om inget görs", actor="region", order=lines
        )
    )
    BusinessCaseLine.objects.bulk_create(made)
    BusinessCaseAmount.objects.bulk_create(
        BusinessCaseAmount(
            line=line,
            year=case.base_year + y,
            amount_sek=Decimal(100_000 if line.kind == "cost" else 80_000) + y * 1000,
        )
        for line in made
        for y in range(years)
    )


def reach_indicator(pilot, *, cumulative=False, values=(30, 40), draft_value=None):
    """A number indicator with approved values in the first periods (and one unapproved)."""
    indicator = IndicatorFactory(accumulation="cumulative" if cumulative else "per_period")
    link = PilotIndicator.objects.create(pilot=pilot, indicator=indicator, baseline_value=0)
    periods = list(pilot.periods.order_by("start"))
    for period, value in zip(periods, values, strict=False):
        report = PeriodReportFactory(period=period, status=ReportStatus.APPROVED)
        IndicatorValue.objects.create(report=report, pilot_indicator=link, value=value)
    if draft_value is not None:
        report = PeriodReportFactory(period=periods[len(values)], status=ReportStatus.SUBMITTED)
        IndicatorValue.objects.create(report=report, pilot_indicator=link, value=draft_value)
    return link
