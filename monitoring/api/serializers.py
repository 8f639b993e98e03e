"""Serializers of the monitoring API (read-only shapes of the selectors' rows)."""

from rest_framework import serializers

from core.dates import PLAN_FIRST_YEAR, PLAN_LAST_YEAR
from monitoring.states import CellState


class ReportingRatesSerializer(serializers.Serializer):
    counted = serializers.IntegerField(help_text="periods counted: due date passed, or complete")
    complete = serializers.IntegerField(help_text="periods with a submitted or approved report")
    on_time = serializers.IntegerField(help_text="complete, submitted on or before the due date")
    share_complete = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="percent; null: none counted"
    )
    share_on_time = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="percent; null: none counted"
    )


class ReportingCellSerializer(serializers.Serializer):
    period_id = serializers.IntegerField()
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    due_date = serializers.DateField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    state = serializers.ChoiceField(choices=CellState.choices)


class ReportingMatrixRowSerializer(serializers.Serializer):
    pilot = serializers.SlugField(source="pilot.slug")
    title = serializers.CharField(source="pilot.title")
    organisation = serializers.CharField(source="pilot.lead_organisation.name")
    organisation_id = serializers.IntegerField(source="pilot.lead_organisation_id")
    cells = serializers.SerializerMethodField()
    rates = ReportingRatesSerializer()

    def get_cells(self, row) -> list[dict]:
        return ReportingCellSerializer([c for c in row.cells if c is not None], many=True).data


class ReportingNamedRatesSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    rates = ReportingRatesSerializer()


class ReportingRatesSummarySerializer(serializers.Serializer):
    total = ReportingRatesSerializer()
    organisations = ReportingNamedRatesSerializer(many=True)
    programmes = ReportingNamedRatesSerializer(many=True)


class ReportingRemindRequestSerializer(serializers.Serializer):
    """The filter whose missing reports are reminded (the same fields as the list's filter)."""

    programme = serializers.SlugField(required=False, allow_blank=True)
    organisation = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    year = serializers.IntegerField(
        required=False, allow_null=True, min_value=PLAN_FIRST_YEAR, max_value=PLAN_LAST_YEAR
    )
    status = serializers.ChoiceField(choices=CellState.choices, required=False, allow_blank=True)


class ReportingRemindResponseSerializer(serializers.Serializer):
    reminded = serializers.IntegerField(help_text="reports whose reporters are reminded")
