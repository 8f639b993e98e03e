"""Serializers of the learning API. Writes go through services; these only shape and parse."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.personal_data import PersonalDataConfirmSerializer
from learning.models import Actor, Appraisal, EvidenceLevel, Practice, Recommendation, Score
from pilots.models import Lesson, Pilot


class LessonSerializer(serializers.ModelSerializer):
    pilot = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    pilot_title = serializers.CharField(source="pilot.title", read_only=True)
    source = serializers.SerializerMethodField()
    period = serializers.CharField(
        source="report.period.label", read_only=True, default=None, allow_null=True
    )
    kommuner = serializers.SerializerMethodField()
    health_area = serializers.CharField(source="pilot.health_area", read_only=True)
    life_stage = serializers.CharField(source="pilot.life_stage", read_only=True)
    arena = serializers.CharField(source="pilot.arena", read_only=True)
    lead_organisation = serializers.CharField(source="pilot.lead_organisation.slug", read_only=True)

    class Meta:
        model = Lesson
        fields = [
            "id",
            "kind",
            "dimension",
            "title",
            "text",
            "pilot",
            "pilot_title",
            "source",
            "period",
            "lead_organisation",
            "kommuner",
            "health_area",
            "life_stage",
            "arena",
            "created_at",
        ]

    def get_source(self, obj) -> str:
        return "period_report" if obj.report_id else "closing_report"

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_kommuner(self, obj):
        return [
            {
                "code": k.code,
                "name": k.name,
                "lan_code": k.region.lan_code,
                "skr_group": k.skr_group,
            }
            for k in obj.pilot.kommuner.all()
        ]


class AppraisalSerializer(serializers.ModelSerializer):
    practice = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    evidence_definition = serializers.CharField(read_only=True)
    authors = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()

    class Meta:
        model = Appraisal
        fields = [
            "id",
            "practice",
            "status",
            "evidence_level",
            "evidence_definition",
            "effect",
            "transferability",
            "sustainability",
            "equity",
            "cost",
            "actor_values",
            "recommendation",
            "rationale",
            "reassess_by",
            "authors",
            "reviewed_by",
            "published_at",
            "version",
        ]

    def get_authors(self, obj) -> list[str]:
        return [a.get_full_name() or a.email for a in obj.authors.all()]

    def get_reviewed_by(self, obj) -> str | None:
        return (
            (obj.reviewed_by.get_full_name() or obj.reviewed_by.email) if obj.reviewed_by else None
        )


class AppraisalWriteSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("rationale",)

    practice = serializers.SlugRelatedField(
        slug_field="slug", queryset=Practice.objects.all(), required=False
    )
    evidence_level = serializers.ChoiceField(
        choices=EvidenceLevel.choices, required=False, allow_null=True
    )
    effect = serializers.ChoiceField(choices=Score.choices, required=False, allow_blank=True)
    transferability = serializers.ChoiceField(
        choices=Score.choices, required=False, allow_blank=True
    )
    sustainability = serializers.ChoiceField(
        choices=Score.choices, required=False, allow_blank=True
    )
    equity = serializers.ChoiceField(choices=Score.choices, required=False, allow_blank=True)
    cost = serializers.ChoiceField(choices=Score.choices, required=False, allow_blank=True)
    actor_values = serializers.DictField(
        child=serializers.ChoiceField(choices=Score.choices, allow_blank=True),
        required=False,
        help_text="Actor (" + ", ".join(Actor.values) + ") → 0, + or ++.",
    )
    recommendation = serializers.ChoiceField(
        choices=Recommendation.choices, required=False, allow_blank=True
    )
    rationale = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    reassess_by = serializers.DateField(required=False, allow_null=True)
    expected_version = serializers.IntegerField(required=False, min_value=1)


class AppraisalActionSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("comment",)

    expected_version = serializers.IntegerField(required=False, min_value=1)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class PilotNodeSerializer(serializers.Serializer):
    slug = serializers.CharField(source="pilot.slug")
    title = serializers.CharField(source="pilot.title")
    status = serializers.CharField(source="pilot.status")
    lead_organisation = serializers.CharField(source="pilot.lead_organisation.slug")
    kommuner = serializers.SerializerMethodField()
    adaptations = serializers.SerializerMethodField()

    def get_kommuner(self, node) -> list[str]:
        return [k.code for k in node.pilot.kommuner.all()]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_adaptations(self, node):
        return PilotNodeSerializer(node.children, many=True).data


class PracticeSerializer(serializers.Serializer):
    slug = serializers.CharField(source="practice.slug")
    title = serializers.CharField(source="practice.title")
    summary = serializers.CharField(source="practice.summary")
    original_pilot = serializers.CharField(source="practice.original_pilot.slug", default=None)
    replications = serializers.IntegerField()
    current_appraisal = AppraisalSerializer(source="current", allow_null=True)


class PracticeDetailSerializer(serializers.Serializer):
    slug = serializers.CharField(source="practice.slug")
    title = serializers.CharField(source="practice.title")
    summary = serializers.CharField(source="practice.summary")
    original_pilot = serializers.CharField(source="practice.original_pilot.slug", default=None)
    lineage = PilotNodeSerializer(source="tree", many=True)
    current_appraisal = AppraisalSerializer(source="current", allow_null=True)
    history = AppraisalSerializer(many=True)
    total_budget_sek = serializers.IntegerField(source="total_budget", allow_null=True)


class AdoptionSerializer(serializers.Serializer):
    source = serializers.SlugField(help_text="The slug of the public pilot to adopt.")
    organisation = serializers.SlugField(
        help_text="The slug of your organisation that leads the new pilot."
    )
    expected_source_version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The source's `version` when you read it; 409 if it changed.",
    )
    start_date = serializers.DateField(
        required=False,
        help_text="Planned start of the new pilot: its end date and the indicators' target "
        "dates move by as much as the start date moved. Without it no targets are copied.",
    )


class AdoptedPilotSerializer(serializers.ModelSerializer):
    adapted_from = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    lead_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Pilot
        fields = [
            "slug",
            "title",
            "status",
            "visibility",
            "lead_organisation",
            "adapted_from",
            "version",
        ]
