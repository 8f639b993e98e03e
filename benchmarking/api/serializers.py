"""Serializers for KPIs, statistics, peer groups and benchmark results."""

from rest_framework import serializers

from benchmarking.models import Kpi, PeerGroup, StatisticValue
from benchmarking.presentation import status_text
from partners.models import Kommun


class KpiSerializer(serializers.ModelSerializer):
    direction_set = serializers.SerializerMethodField(
        help_text="Falskt tills samordnaren har valt riktning; utan den ingen rang och inget bra/dåligt."  # noqa: E501
    )

    class Meta:
        model = Kpi
        fields = [
            "id",
            "title",
            "description",
            "unit",
            "direction",
            "direction_set",
            "is_divided_by_gender",
            "operating_area",
            "municipality_type",
            "kolada_fetched_at",
            "edited_fields",
            "is_demo",
            "source",
        ]
        read_only_fields = fields

    def get_direction_set(self, obj) -> bool:
        return bool(obj.direction)


class KpiUpdateSerializer(serializers.Serializer):
    """What the coordinator may change on a KPI (PATCH /api/v1/kpis/<id>/)."""

    title = serializers.CharField(required=False, max_length=300)
    description = serializers.CharField(required=False, allow_blank=True)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=50)
    direction = serializers.ChoiceField(
        required=False,
        choices=["higher", "lower", "neutral", ""],
        allow_blank=True,
        help_text="higher, lower, neutral, or empty for not set.",
    )
    is_divided_by_gender = serializers.BooleanField(required=False)


class StatisticValueSerializer(serializers.ModelSerializer):
    kpi = serializers.CharField(source="kpi_id")
    status_text = serializers.SerializerMethodField(help_text="Koladas status i ord.")
    members = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="För en Kolada-grupps värde: n, antalet medlemmar bakom det oviktade "
        "medelvärdet (Koladas count). Null för kommun, region och riket.",
    )

    class Meta:
        model = StatisticValue
        fields = [
            "kpi",
            "area",
            "year",
            "gender",
            "value",
            "count",
            "members",
            "status",
            "status_text",
            "is_preliminary",
            "source",
            "imported_at",
        ]

    def get_status_text(self, obj) -> str:
        return status_text(obj.status)


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
    suppressed_reason = serializers.CharField(
        source="reason",
        allow_null=True,
        help_text="missing (no value: see status), small_count (pilots' results on fewer than "
        "5 persons), or null when shown.",
    )
    status = serializers.CharField(help_text="Koladas status, oförändrad (t.ex. Missing).")
    status_text = serializers.SerializerMethodField(help_text="Koladas status i ord.")
    members = serializers.IntegerField(
        allow_null=True, help_text="n för en Kolada-grupps värde (Koladas count), annars null."
    )

    def get_status_text(self, obj) -> str:
        return status_text(obj.status)


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
    kolada_group = CellSerializer(
        allow_null=True,
        help_text="Koladas eget värde för vald Kolada-grupp (oviktat medelvärde, members = n).",
    )


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
    comparison = serializers.CharField(
        allow_null=True,
        help_text=(
            "Var rangen placerar området, som Koladas färger: best_quarter (bland de 25 % "
            "bästa), middle eller worst_quarter (bland de 25 % sämsta); null utan rang."
        ),
    )
    kolada_group = CellSerializer(
        allow_null=True,
        help_text="Koladas eget värde för vald Kolada-grupp i rangåret (members = n).",
    )
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
