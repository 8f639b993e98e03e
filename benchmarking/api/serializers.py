"""Serializers for KPIs, statistics, peer groups and benchmark results."""

from rest_framework import serializers

from benchmarking.models import Kpi, PeerGroup, StatisticValue
from partners.models import Kommun


class KpiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kpi
        fields = ["id", "title", "description", "unit", "direction", "is_demo", "source"]


class StatisticValueSerializer(serializers.ModelSerializer):
    kpi = serializers.CharField(source="kpi_id")

    class Meta:
        model = StatisticValue
        fields = [
            "kpi",
            "area",
            "year",
            "gender",
            "value",
            "count",
            "status",
            "is_preliminary",
            "source",
            "imported_at",
        ]


class PeerGroupSerializer(serializers.ModelSerializer):
    kommuner = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Kommun.objects.all()
    )
    is_own = serializers.SerializerMethodField()

    class Meta:
        model = PeerGroup
        fields = ["id", "name", "kind", "source", "kommuner", "is_own"]
        read_only_fields = ["kind", "source"]

    def get_is_own(self, obj) -> bool:
        user = self.context["request"].user
        return user.is_authenticated and obj.owner_id == user.pk


class BenchmarkQuerySerializer(serializers.Serializer):
    area = serializers.CharField(
        help_text="Kommunkod (0180) eller 00 + länskod för en region (0001)."
    )
    kpi = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="KPI-id; upprepa parametern. Tomt = alla.",
    )
    peer = serializers.CharField(
        required=False, allow_blank=True, help_text="skr, lan, alla, regioner eller grupp-<id>."
    )
    gender = serializers.CharField(required=False, allow_blank=True, help_text="T, K eller M.")
    pilots = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Ta med biblioteksindikatorer med godkända pilotresultat.",
    )
    # "from" is a Python keyword: declared below.


BenchmarkQuerySerializer._declared_fields["from"] = serializers.IntegerField(
    required=False, min_value=1990, max_value=2100
)
BenchmarkQuerySerializer._declared_fields["to"] = serializers.IntegerField(
    required=False, min_value=1990, max_value=2100
)


class CellSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    suppressed_reason = serializers.CharField(source="reason", allow_null=True)


class PeerSummarySerializer(serializers.Serializer):
    n = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    min = serializers.FloatField(source="minimum", allow_null=True)
    max = serializers.FloatField(source="maximum", allow_null=True)
    suppressed_reason = serializers.CharField(source="reason", allow_null=True)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = CellSerializer()
    peers = PeerSummarySerializer()
    is_preliminary = serializers.BooleanField()


class RankSerializer(serializers.Serializer):
    position = serializers.IntegerField(allow_null=True)
    of = serializers.IntegerField()
    reason = serializers.CharField(allow_null=True)


class TrendSerializer(serializers.Serializer):
    slope = serializers.FloatField(allow_null=True)
    movement = serializers.CharField(allow_null=True)
    judgement = serializers.CharField(allow_null=True)
    years = serializers.IntegerField()
    reason = serializers.CharField(allow_null=True)


class PilotLinkSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    kommuner = serializers.ListField(child=serializers.CharField())
    practices = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class IndicatorBenchmarkSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    origin = serializers.CharField(
        help_text="kolada (Källa: Kolada) eller pilots (godkända pilotresultat)."
    )
    is_demo = serializers.BooleanField()
    rank_year = serializers.IntegerField(allow_null=True)
    latest = CellSerializer()
    peers = PeerSummarySerializer(source="summary", help_text="Egen beräkning: oviktat medelvärde.")
    rank = RankSerializer()
    trend = TrendSerializer()
    comparison = serializers.CharField(allow_null=True)
    years = YearSerializer(many=True)
    pilots = PilotLinkSerializer(many=True)


class BenchmarkSerializer(serializers.Serializer):
    area = serializers.CharField()
    name = serializers.CharField()
    peer = serializers.CharField()
    peer_label = serializers.CharField()
    peer_areas = serializers.ListField(child=serializers.CharField())
    gender = serializers.CharField()
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()
    source = serializers.CharField()
    results = IndicatorBenchmarkSerializer(many=True)
