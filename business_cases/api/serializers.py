"""Serializers for business cases, lines, unit costs, discount schedules and computed results.
They shape data; services validate and change it (so write fields are loose here on purpose:
the service's field messages are the ones a client sees)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from business_cases.models import BusinessCase, BusinessCaseLine, DiscountRateSchedule, UnitCost
from core.personal_data import PersonalDataConfirmSerializer


class DiscountScheduleSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiscountRateSchedule
        fields = ["id", "name", "steps", "valid_from", "is_default", "source", "replaces"]


class UnitCostSerializer(serializers.ModelSerializer):
    actor_display = serializers.CharField(source="get_actor_display", read_only=True)

    class Meta:
        model = UnitCost
        fields = [
            "id",
            "name",
            "description",
            "amount_sek",
            "unit",
            "actor",
            "actor_display",
            "value_type",
            "price_year",
            "source",
            "confidence",
            "illustrative",
        ]


class LineSerializer(serializers.ModelSerializer):
    pilot = serializers.CharField(source="business_case.pilot.slug", read_only=True)
    amounts = serializers.SerializerMethodField()
    is_derived = serializers.BooleanField(read_only=True)

    class Meta:
        model = BusinessCaseLine
        fields = [
            "id",
            "pilot",
            "kind",
            "label",
            "actor",
            "value_type",
            "confidence",
            "deadweight_pct",
            "attribution_pct",
            "drop_off_pct",
            "unit_cost",
            "unit_amount_sek",
            "people",
            "effect_pct",
            "first_year",
            "last_year",
            "pilot_indicator",
            "effect_indicator",
            "is_derived",
            "amounts",
            "order",
        ]

    def get_amounts(self, line) -> dict[str, float]:
        return {str(a.year): float(a.amount_sek) for a in line.amounts.all()}


def _loose(**kwargs):
    return serializers.JSONField(required=False, **kwargs)


class LineWriteSerializer(PersonalDataConfirmSerializer):
    """A line to add or change. `amounts` maps calendar year → SEK, e.g. {"2026": 125000}; a
    benefit built from a unit cost takes `unit_cost`, `people`, `effect_pct`, `first_year` and
    `last_year` instead. `expected_version` is the business case's version."""

    personal_data_fields = ("label",)

    pilot = serializers.SlugField(required=False, help_text="The pilot's slug (when adding).")
    expected_version = serializers.IntegerField(required=False)
    kind = serializers.CharField(required=False)
    label = serializers.CharField(required=False, allow_blank=True)
    actor = serializers.CharField(required=False)
    value_type = serializers.CharField(required=False)
    confidence = _loose()
    deadweight_pct = _loose()
    attribution_pct = _loose()
    drop_off_pct = _loose()
    unit_cost = _loose()
    unit_amount_sek = _loose()
    people = _loose()
    effect_pct = _loose()
    first_year = _loose()
    last_year = _loose()
    pilot_indicator = _loose()
    effect_indicator = _loose()
    amounts = _loose(help_text='Calendar year → SEK, e.g. {"2026": 125000}.')


class BusinessCaseSerializer(serializers.ModelSerializer):
    pilot = serializers.CharField(source="pilot.slug", read_only=True)
    pilot_title = serializers.CharField(source="pilot.title", read_only=True)
    schedule_name = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = BusinessCase
        fields = [
            "pilot",
            "pilot_title",
            "price_year",
            "base_year",
            "horizon_years",
            "schedule",
            "schedule_name",
            "comparison_rate",
            "notes",
            "is_draft",
            "use_realised",
            "is_demo",
            "version",
            "updated_at",
            "page_url",
        ]

    def get_schedule_name(self, case) -> str | None:
        return case.schedule.name if case.schedule_id else None

    def get_page_url(self, case) -> str:
        from django.urls import reverse

        return reverse("business_cases:business_case", kwargs={"slug": case.pilot.slug})


class BusinessCaseWriteSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("notes",)

    pilot = serializers.SlugField(required=False, help_text="The pilot's slug (when creating).")
    expected_version = serializers.IntegerField(required=False)
    price_year = _loose()
    base_year = _loose()
    horizon_years = _loose()
    schedule = _loose()
    comparison_rate = _loose()
    notes = serializers.CharField(required=False, allow_blank=True)
    is_draft = serializers.BooleanField(required=False)
    use_realised = serializers.BooleanField(required=False)


class ActorResultSerializer(serializers.Serializer):
    actor = serializers.CharField()
    label = serializers.CharField()
    pv_costs = serializers.FloatField()
    pv_benefits = serializers.FloatField()
    npv = serializers.FloatField()
    bcr = serializers.FloatField(allow_null=True)
    payback_year = serializers.IntegerField(allow_null=True)
    pv_bau = serializers.FloatField()
    pv_with_pilot = serializers.FloatField()
    cost_share = serializers.FloatField()
    benefit_share = serializers.FloatField()


class MatrixCellSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    cost = serializers.FloatField()
    benefit = serializers.FloatField()


class MatrixRowSerializer(serializers.Serializer):
    actor = serializers.CharField()
    label = serializers.CharField()
    years = MatrixCellSerializer(many=True)


class RateResultSerializer(serializers.Serializer):
    rate = serializers.FloatField()
    npv = serializers.FloatField()
    bcr = serializers.FloatField(allow_null=True)


class TornadoSerializer(serializers.Serializer):
    parameter = serializers.CharField()
    label = serializers.CharField()
    low_npv = serializers.FloatField()
    high_npv = serializers.FloatField()


class GridSerializer(serializers.Serializer):
    optimism_delta = serializers.FloatField()
    deadweight_delta = serializers.FloatField()
    npv = serializers.FloatField()


class LineSwitchSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    label = serializers.CharField()
    pv = serializers.FloatField()
    switching_value = serializers.FloatField(allow_null=True)


class ActualSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    assumed_people = serializers.FloatField(allow_null=True)
    realised_people = serializers.FloatField(allow_null=True)
    periods = serializers.IntegerField()
    assumed_effect_pct = serializers.FloatField(allow_null=True)
    realised_change_pct = serializers.FloatField(allow_null=True)


class ResultsSerializer(serializers.Serializer):
    """Computed results; every figure is in SEK at the case's price year, discounted with
    `schedule` (or the comparison rate for `comparison`)."""

    schedule = serializers.CharField()
    base_year = serializers.IntegerField()
    horizon_years = serializers.IntegerField()
    actors = ActorResultSerializer(many=True)
    total = ActorResultSerializer()
    fiscal_return = serializers.FloatField(allow_null=True)
    public_value_return = serializers.FloatField(allow_null=True)
    matrix = MatrixRowSerializer(many=True)
    rates = RateResultSerializer(many=True)
    tornado = TornadoSerializer(many=True)
    grid = GridSerializer(many=True)
    switching_value = serializers.FloatField(allow_null=True)
    line_switching_values = LineSwitchSerializer(many=True)
    comparison = RateResultSerializer(allow_null=True)
    npv_with_assumptions = serializers.FloatField(allow_null=True)
    actuals = ActualSerializer(many=True)


class BusinessCaseDetailSerializer(BusinessCaseSerializer):
    lines = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    class Meta(BusinessCaseSerializer.Meta):
        fields = [*BusinessCaseSerializer.Meta.fields, "lines", "results"]

    @extend_schema_field(LineSerializer(many=True))
    def get_lines(self, case) -> list[dict]:
        return LineSerializer(self.context["data"].lines, many=True).data

    @extend_schema_field(ResultsSerializer)
    def get_results(self, case) -> dict:
        return ResultsSerializer(self.context["results"]).data
