"""Serializers of the evidence API (read only: estimates are written by the recompute task)."""

from rest_framework import serializers

from evidence.models import EffectEstimate


class EventTimeSerializer(serializers.Serializer):
    e = serializers.IntegerField(help_text="Years since adoption (0 = the adoption year)")
    estimate = serializers.FloatField(allow_null=True)
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    adopters = serializers.IntegerField()


class PlaceboSerializer(serializers.Serializer):
    estimate = serializers.FloatField(required=False, allow_null=True)
    low = serializers.FloatField(required=False, allow_null=True)
    high = serializers.FloatField(required=False, allow_null=True)
    shift = serializers.IntegerField(required=False)
    p_value = serializers.FloatField(required=False, allow_null=True)
    placebos = serializers.IntegerField(required=False)


class ComparisonSerializer(serializers.Serializer):
    estimate = serializers.FloatField(required=False, allow_null=True)
    low = serializers.FloatField(required=False, allow_null=True)
    high = serializers.FloatField(required=False, allow_null=True)
    comparison = serializers.IntegerField(required=False)


class EffectEstimateSerializer(serializers.ModelSerializer):
    practice = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kpi = serializers.CharField(source="kpi_id", read_only=True)
    kpi_title = serializers.CharField(source="kpi.title", read_only=True)
    direction = serializers.CharField(source="kpi.direction", read_only=True)
    by_year = EventTimeSerializer(many=True, read_only=True)
    placebo = PlaceboSerializer(read_only=True)
    never_treated = ComparisonSerializer(read_only=True)
    shown = serializers.BooleanField(read_only=True)
    excludes_zero = serializers.BooleanField(read_only=True)
    pretrend_flagged = serializers.BooleanField(read_only=True)

    class Meta:
        model = EffectEstimate
        fields = [
            "id",
            "practice",
            "kpi",
            "kpi_title",
            "direction",
            "gender",
            "method",
            "status",
            "shown",
            "estimate",
            "ci_low",
            "ci_high",
            "excludes_zero",
            "by_year",
            "adopters",
            "comparison",
            "left_out",
            "pretrend_p",
            "pretrend_flagged",
            "placebo",
            "never_treated",
            "naive",
            "first_year",
            "last_year",
            "computed_at",
        ]
        read_only_fields = fields
