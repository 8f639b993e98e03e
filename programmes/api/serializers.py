"""Serializers for programmes. They shape data and parse input; services make every change."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.personal_data import PersonalDataConfirmSerializer
from partners.models import Organisation
from pilots.api.serializers import ReportSerializer
from pilots.models import Cadence, Indicator, Pilot
from programmes import rules
from programmes.models import (
    Decision,
    GateDecision,
    Programme,
    ProgrammeKind,
    ProgrammePilot,
    ProgrammeStage,
    ProgrammeVisibility,
    ProgressReport,
)
from programmes.services.reports import edit_token


class ProgrammeStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeStage
        fields = ["id", "name", "order", "start_date", "gate_date"]


class ProgrammeSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    shared_indicators = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    stages = ProgrammeStageSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "slug",
            "name",
            "kind",
            "kind_display",
            "purpose",
            "vision",
            "owner",
            "owner_name",
            "budget_sek",
            "start_date",
            "end_date",
            "cadence",
            "visibility",
            "principles",
            "requires_acceptance",
            "shared_indicators",
            "stages",
        ]
        read_only_fields = fields


class ProgrammeWriteSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("name", "purpose", "vision", "principles")

    owner = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.approved(), required=False
    )
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ProgrammeKind.choices)
    purpose = serializers.CharField()
    vision = serializers.CharField(required=False, allow_blank=True)
    budget_sek = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=0, required=False, allow_null=True
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    cadence = serializers.ChoiceField(choices=Cadence.choices, required=False)
    visibility = serializers.ChoiceField(choices=ProgrammeVisibility.choices, required=False)
    principles = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=30
    )
    requires_acceptance = serializers.BooleanField(
        required=False,
        help_text=_("Finansiären accepterar pilotens godkända periodrapporter, som då fryses."),
    )
    shared_indicators = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Indicator.objects.library(), required=False
    )


class ProgrammeStageWriteSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("name",)

    name = serializers.CharField(max_length=120)
    start_date = serializers.DateField()
    gate_date = serializers.DateField()
    order = serializers.IntegerField(min_value=1, max_value=50, required=False)


class ProgrammeMembershipSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    pilot = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    pilot_title = serializers.CharField(source="pilot.title", read_only=True)
    stage = serializers.CharField(
        source="stage.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = ProgrammePilot
        fields = [
            "id",
            "programme",
            "pilot",
            "pilot_title",
            "status",
            "stage",
            "stopped",
            "funding_granted_sek",
            "repayment_share",
            "applied_at",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class ProgrammeMembershipCreateSerializer(PersonalDataConfirmSerializer):
    """Apply (the pilot's people) or, with `accept: true`, add directly (the funder)."""

    personal_data_fields = ("note",)

    programme = serializers.SlugRelatedField(slug_field="slug", queryset=Programme.objects.all())
    pilot = serializers.SlugRelatedField(slug_field="slug", queryset=Pilot.objects.all())
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    accept = serializers.BooleanField(required=False, default=False)
    funding_granted_sek = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=0, required=False, allow_null=True
    )
    repayment_share = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True
    )


class ProgrammeMembershipDecideSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("note",)

    accept = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    funding_granted_sek = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=0, required=False, allow_null=True
    )
    repayment_share = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True
    )


class ProgrammeAggregateSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.CharField()
    measure = serializers.CharField()
    value = serializers.CharField(allow_null=True)
    n = serializers.IntegerField()
    expected = serializers.IntegerField()
    missing = serializers.IntegerField()
    method = serializers.CharField()
    numerator = serializers.CharField(allow_null=True)
    denominator = serializers.CharField(allow_null=True)
    suppressed = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True)
    reason_text = serializers.CharField()


class ProgressReportSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    snapshot = serializers.SerializerMethodField()
    edit_token = serializers.SerializerMethodField(
        help_text="Skicka med vid PATCH: ändringen bygger på den senast lagrade versionen."
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "programme",
            "title",
            "period_start",
            "period_end",
            "status",
            "summary",
            "compiled_at",
            "published_at",
            "snapshot",
            "edit_token",
        ]
        read_only_fields = fields

    def get_edit_token(self, report) -> str:
        return edit_token(report)

    def get_snapshot(self, report) -> dict:
        """Non-funders get only the pilots and lessons that are public."""
        snap = dict(report.snapshot or {})
        request = self.context.get("request")
        if request is not None and not rules.can_view_portfolio(request.user, report.programme):
            snap["pilots"] = [p for p in snap.get("pilots", []) if p.get("public")]
            snap["lessons"] = [
                {**g, "items": [i for i in g["items"] if i.get("public")]}
                for g in snap.get("lessons", [])
            ]
        return snap


class CompileSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("title",)

    programme = serializers.SlugRelatedField(slug_field="slug", queryset=Programme.objects.all())
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)


class SummarySerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("title", "summary")

    summary = serializers.CharField(allow_blank=True, max_length=20000)
    title = serializers.CharField(required=False, max_length=200)
    # Required so two funders editing at once never overwrite each other silently.
    edit_token = serializers.CharField(
        max_length=64,
        help_text="Rapportens edit_token när du läste den; en inaktuell token ger 400.",
    )


class GateDecisionSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(
        source="membership.programme", slug_field="slug", read_only=True
    )
    pilot = serializers.SlugRelatedField(
        source="membership.pilot", slug_field="slug", read_only=True
    )
    stage = ProgrammeStageSerializer(read_only=True)
    is_current = serializers.BooleanField(read_only=True)
    supersedes = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = GateDecision
        fields = [
            "id",
            "programme",
            "pilot",
            "stage",
            "decision",
            "rationale",
            "decided_at",
            "supersedes",
            "is_current",
        ]
        read_only_fields = fields


class GateDecisionWriteSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("rationale",)

    membership = serializers.PrimaryKeyRelatedField(
        queryset=ProgrammePilot.objects.select_related("programme__owner", "pilot")
    )
    stage = serializers.PrimaryKeyRelatedField(queryset=ProgrammeStage.objects.all())
    decision = serializers.ChoiceField(choices=Decision.choices)
    rationale = serializers.CharField(max_length=10000)


class AcceptanceReportSerializer(ReportSerializer):
    """A period report as the funder who accepts it sees it: who approved and who accepted."""

    show_names = True


class ReportAcceptSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=1, help_text=_("Versionen du läste."))


class ReportUnacceptSerializer(ReportAcceptSerializer):
    comment = serializers.CharField(
        max_length=5000,
        help_text=_("Varför acceptansen tas tillbaka; rapportörerna får läsa den."),
    )
