"""django-filter sets for the pilots API."""

import django_filters
from django.db.models import Exists, OuterRef

from partners.models import OrganisationKind
from pilots.models import (
    Arena,
    HealthArea,
    Indicator,
    LifeStage,
    Measure,
    PeriodReport,
    Pilot,
    PilotStatus,
    ReportingPeriod,
    ReportStatus,
    Visibility,
)


class PilotFilter(django_filters.FilterSet):
    health_area = django_filters.ChoiceFilter(choices=HealthArea.choices)
    life_stage = django_filters.ChoiceFilter(choices=LifeStage.choices)
    arena = django_filters.ChoiceFilter(choices=Arena.choices)
    status = django_filters.ChoiceFilter(choices=PilotStatus.choices)
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices)
    lead_organisation = django_filters.CharFilter(
        field_name="lead_organisation__slug", label="lead organisation slug"
    )
    lead_kind = django_filters.ChoiceFilter(
        field_name="lead_organisation__kind", choices=OrganisationKind.choices
    )
    kommun = django_filters.CharFilter(method="filter_kommun", label="kommun code (SCB)")
    lan = django_filters.CharFilter(method="filter_lan", label="län code")

    class Meta:
        model = Pilot
        fields = [
            "health_area",
            "life_stage",
            "arena",
            "status",
            "visibility",
            "lead_organisation",
            "lead_kind",
        ]

    def filter_kommun(self, queryset, name, value):
        # Exists, not a join, so a pilot covering several kommuner is listed once.
        return queryset.filter(
            Exists(Pilot.kommuner.through.objects.filter(pilot=OuterRef("pk"), kommun__code=value))
        )

    def filter_lan(self, queryset, name, value):
        return queryset.filter(
            Exists(
                Pilot.kommuner.through.objects.filter(
                    pilot=OuterRef("pk"), kommun__region__lan_code=value
                )
            )
            | Exists(
                Pilot.regioner.through.objects.filter(pilot=OuterRef("pk"), region__lan_code=value)
            )
        )


class IndicatorFilter(django_filters.FilterSet):
    measure = django_filters.ChoiceFilter(choices=Measure.choices)
    kolada_kpi = django_filters.CharFilter()

    class Meta:
        model = Indicator
        fields = ["measure", "kolada_kpi", "direction", "by_gender"]


class PeriodFilter(django_filters.FilterSet):
    pilot = django_filters.CharFilter(field_name="pilot__slug", label="pilot slug")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")

    class Meta:
        model = ReportingPeriod
        fields = ["pilot", "is_locked", "due_before", "due_after"]


class ReportFilter(django_filters.FilterSet):
    pilot = django_filters.CharFilter(field_name="pilot__slug", label="pilot slug")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    period = django_filters.NumberFilter(field_name="period_id")

    class Meta:
        model = PeriodReport
        fields = ["pilot", "status", "period", "progress"]


__all__ = ["IndicatorFilter", "PeriodFilter", "PilotFilter", "ReportFilter"]
