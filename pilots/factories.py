"""factory_boy factories for pilots."""

import datetime as dt

import factory

from partners.factories import OrganisationFactory
from pilots.models import (
    Cadence,
    EvaluationPlan,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Lesson,
    LessonKind,
    Measure,
    PeriodReport,
    Pilot,
    PilotIndicator,
    PilotStatus,
    ReportingPeriod,
    ReportStatus,
    SystemDimension,
    Visibility,
)
from pilots.periods import generate_periods


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Indikator {n}")
    definition = "Antal deltagare som fullföljt insatsen under perioden."
    unit = "personer"
    measure = Measure.NUMBER
    in_library = True

    class Params:
        percent = factory.Trait(
            measure=Measure.PERCENT, unit="%", definition="Andel av målgruppen."
        )
        qualitative = factory.Trait(measure=Measure.QUALITATIVE, unit="")


class PilotFactory(factory.django.DjangoModelFactory):
    """A published pilot with an evaluation plan and quarterly periods over one year.

    `PilotFactory(indicators=2)` adds library indicators; `PilotFactory(approved_reports=3)` files
    and approves the first three periods with values for every indicator.
    """

    class Meta:
        model = Pilot
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Pilot {n}")
    slug = factory.Sequence(lambda n: f"pilot-{n}")
    summary = "En pilot som testar ett förebyggande arbetssätt."
    health_area = "fysisk_aktivitet"
    life_stage = "aldre"
    arena = "aldreomsorg"
    lead_organisation = factory.SubFactory(OrganisationFactory)
    start_date = dt.date(2025, 1, 1)
    end_date = dt.date(2025, 12, 31)
    status = PilotStatus.ACTIVE
    visibility = Visibility.PUBLIC

    class Params:
        draft = factory.Trait(status=PilotStatus.DRAFT)
        private = factory.Trait(visibility=Visibility.PRIVATE)
        partnership = factory.Trait(visibility=Visibility.PARTNERSHIP)

    @factory.post_generation
    def plan(self, create, extracted, **kwargs):
        if not create:
            return
        cadence = extracted or Cadence.QUARTER
        EvaluationPlan.objects.create(
            pilot=self, cadence=cadence, design="before_after", theory_of_change="Om … så …"
        )
        if self.start_date and self.end_date:
            ReportingPeriod.objects.bulk_create(
                ReportingPeriod(
                    pilot=self, start=p.start, end=p.end, due_date=p.due_date, label=p.label
                )
                for p in generate_periods(self.start_date, self.end_date, cadence)
            )

    @factory.post_generation
    def indicators(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for i in range(extracted if isinstance(extracted, int) else 0):
            link = PilotIndicator.objects.create(
                pilot=self,
                indicator=IndicatorFactory(),
                baseline_value=10,
                baseline_date=self.start_date,
                order=i,
            )
            IndicatorTarget.objects.create(
                pilot_indicator=link, target_date=self.end_date, value=20
            )

    @factory.post_generation
    def approved_reports(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for n, period in enumerate(self.periods.order_by("start")[:extracted], start=1):
            report = PeriodReportFactory(
                period=period, status=ReportStatus.APPROVED, progress="on_track"
            )
            period.is_locked = True
            period.save(update_fields=["is_locked"])
            for link in self.indicators.all():
                IndicatorValue.objects.create(report=report, pilot_indicator=link, value=10 + n * 2)


class PeriodReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeriodReport

    period = factory.LazyFunction(lambda: PilotFactory().periods.first())
    pilot = factory.LazyAttribute(lambda o: o.period.pilot)
    status = ReportStatus.DRAFT
    narrative = "Perioden gick enligt plan."


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    pilot = factory.SubFactory(PilotFactory)
    kind = LessonKind.SUCCESS_FACTOR
    dimension = SystemDimension.CULTURE
    title = factory.Sequence(lambda n: f"Lärdom {n}")
    text = "Tidig förankring hos chefer gjorde att personalen fick tid avsatt."
