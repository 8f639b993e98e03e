"""Serializers for pilots, indicators, periods and reports. They shape data; services change it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.personal_data import PersonalDataConfirmSerializer
from partners.models import Kommun, Organisation, Region
from pilots.models import (
    Arena,
    EvaluationPlan,
    Gender,
    HealthArea,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Lesson,
    LessonKind,
    LifeStage,
    Operator,
    PeriodReport,
    Pilot,
    PilotIndicator,
    PilotPartner,
    ProgressStatus,
    ReportingPeriod,
    Severity,
    SystemDimension,
    ValidationRule,
    Visibility,
)
from pilots.rules import can_view_drafts
from pilots.validation.expressions import render


class PilotPartnerSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = PilotPartner
        fields = ["organisation", "organisation_name", "role", "role_display"]


class EvaluationPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationPlan
        fields = ["theory_of_change", "design", "design_notes", "cadence", "due_days"]


class _PilotBaseSerializer(serializers.ModelSerializer):
    """What every pilot representation shows: identity, classification, dates, lead, geography."""

    url = serializers.HyperlinkedIdentityField(view_name="pilot-detail", lookup_field="slug")
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)
    lead_organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lead_organisation_name = serializers.CharField(source="lead_organisation.name", read_only=True)
    kommuner = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    # Blank until the registration's first step is done: declared so that the schema says "" too
    # (the generated client's strict parsing found drafts answering "" against a plain enum).
    health_area = serializers.ChoiceField(HealthArea.choices, allow_blank=True, read_only=True)
    life_stage = serializers.ChoiceField(LifeStage.choices, allow_blank=True, read_only=True)
    arena = serializers.ChoiceField(Arena.choices, allow_blank=True, read_only=True)

    BASE_FIELDS = [
        "url",
        "page_url",
        "slug",
        "title",
        "summary",
        "title_en",
        "summary_en",
        "health_area",
        "life_stage",
        "arena",
        "status",
        "visibility",
        "start_date",
        "end_date",
        "budget_sek",
        "lead_organisation",
        "lead_organisation_name",
        "kommuner",
    ]


class PilotSerializer(_PilotBaseSerializer):
    """A pilot as listed: what it is, where, who leads it, and how far it has reported."""

    kommun_count = serializers.IntegerField(read_only=True)
    indicator_count = serializers.IntegerField(read_only=True)
    approved_report_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Pilot
        fields = [
            *_PilotBaseSerializer.BASE_FIELDS,
            "kommun_count",
            "indicator_count",
            "approved_report_count",
            "version",
        ]
        read_only_fields = fields


class PilotDetailSerializer(_PilotBaseSerializer):
    """One pilot with partners, geography and evaluation plan."""

    regioner = serializers.SlugRelatedField(slug_field="lan_code", many=True, read_only=True)
    partners = PilotPartnerSerializer(many=True, read_only=True)
    evaluation_plan = EvaluationPlanSerializer(read_only=True)
    adapted_from = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Pilot
        fields = [
            *_PilotBaseSerializer.BASE_FIELDS,
            "regioner",
            "partners",
            "evaluation_plan",
            "adapted_from",
            "published_at",
            "version",
        ]
        read_only_fields = fields


class PilotWriteSerializer(PersonalDataConfirmSerializer):
    """Input for registering (POST) or changing (PUT/PATCH) a pilot through the registration services."""  # noqa: E501

    personal_data_fields = ("title", "summary", "title_en", "summary_en")

    lead_organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        required=False,
        error_messages={
            "does_not_exist": _("Det finns ingen organisation med kortnamnet {value}.")
        },
    )
    expected_version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=_("Versionen du läste; krävs vid ändring."),
    )
    title = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    title_en = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=_("Titeln på engelska.")
    )
    summary_en = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text=_("Sammanfattningen på engelska."),
    )
    health_area = serializers.ChoiceField(
        choices=HealthArea.choices, required=False, allow_blank=True
    )
    life_stage = serializers.ChoiceField(
        choices=LifeStage.choices, required=False, allow_blank=True
    )
    arena = serializers.ChoiceField(choices=Arena.choices, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    budget_sek = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=0, required=False, allow_null=True
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    kommuner = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Kommun.objects.all(),
        many=True,
        required=False,
        error_messages={"does_not_exist": _("Det finns ingen kommun med koden {value}.")},
    )
    regioner = serializers.SlugRelatedField(
        slug_field="lan_code",
        queryset=Region.objects.all(),
        many=True,
        required=False,
        error_messages={"does_not_exist": _("Det finns ingen region med länskoden {value}.")},
    )


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "name",
            "definition",
            "unit",
            "measure",
            "direction",
            "accumulation",
            "year_combination",
            "kolada_kpi",
            "by_gender",
            "age_bands",
            "allows_negative",
            "in_library",
            "illustrative",
        ]
        read_only_fields = fields


class IndicatorTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["target_date", "value"]


class PilotIndicatorSerializer(serializers.ModelSerializer):
    pilot = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    indicator = IndicatorSerializer(read_only=True)
    targets = IndicatorTargetSerializer(many=True, read_only=True)

    class Meta:
        model = PilotIndicator
        fields = [
            "id",
            "pilot",
            "indicator",
            "baseline_value",
            "baseline_date",
            "baseline_note",
            "order",
            "targets",
        ]
        read_only_fields = fields


class PeriodSerializer(serializers.ModelSerializer):
    pilot = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "pilot", "label", "start", "end", "due_date", "is_locked"]
        read_only_fields = fields


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="pilot_indicator.indicator.name", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "pilot_indicator",
            "indicator",
            "gender",
            "age_band",
            "value",
            "numerator",
            "denominator",
            "text",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        """The same fields as the generic path, each through its own field's to_representation
        (the decimals keep their exact strings), without DRF's per-field attribute walk: a
        reports page holds hundreds of values and that walk was most of its serialising time."""
        fields = self._plain_fields()
        out = {}
        for name, field in fields:
            if name == "indicator":
                out[name] = field.to_representation(instance.pilot_indicator.indicator.name)
            elif name == "pilot_indicator":
                out[name] = instance.pilot_indicator_id
            else:
                value = getattr(instance, name)
                out[name] = None if value is None else field.to_representation(value)
        return out

    def _plain_fields(self):
        fields = getattr(self, "_plain", None)
        if fields is None:
            fields = self._plain = [(f.field_name, f) for f in self._readable_fields]
        return fields


# Named for the schema: learning's API has its own, richer "Lesson" component.
@extend_schema_serializer(component_name="ReportLesson")
class LessonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lesson
        fields = ["id", "kind", "dimension", "title", "text"]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    pilot = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    # Declared because a read-only model field loses `allow_blank`: "" is "not stated yet".
    progress = serializers.ChoiceField(
        choices=ProgressStatus.choices, read_only=True, allow_blank=True
    )
    values = IndicatorValueSerializer(many=True, read_only=True)
    lessons = LessonSerializer(many=True, read_only=True)
    decided_by_name = serializers.SerializerMethodField(
        help_text=_("Vem som godkände eller returnerade (visas för pilotens egna personer).")
    )
    accepted_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text=_("När finansiären accepterade rapporten; en accepterad rapport är fryst."),
    )
    accepted_by_name = serializers.SerializerMethodField(
        help_text=_("Vem hos finansiären som accepterade (visas för pilotens egna personer).")
    )
    # Who decided is shown to the pilot's own people (and, in programmes' acceptance API, to the
    # funder who accepts): an approved report is public, the names of its people are not.
    show_names = False

    class Meta:
        model = PeriodReport
        fields = [
            "id",
            "pilot",
            "period",
            "period_label",
            "status",
            "progress",
            "narrative",
            "return_comment",
            "submitted_at",
            "decided_at",
            "decided_by_name",
            "accepted_at",
            "accepted_by_name",
            "version",
            "values",
            "lessons",
        ]
        read_only_fields = fields

    def _names_shown(self, report) -> bool:
        if self.show_names:
            return True
        known = self.context.get("names_shown")  # pilot id → bool, decided by the caller
        if known is not None:
            return known[report.pilot_id]
        request = self.context.get("request")
        if request is None:
            return False
        # Asked for both names of each of a page's reports: answered once per pilot.
        shown = self.__dict__.setdefault("_names_shown_for", {})
        if report.pilot_id not in shown:
            shown[report.pilot_id] = can_view_drafts(request.user, report.pilot)
        return shown[report.pilot_id]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decided_by_name(self, report) -> str | None:
        user = report.decided_by if self._names_shown(report) else None
        return (user.get_full_name() or user.email) if user else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_accepted_by_name(self, report) -> str | None:
        user = report.accepted_by if self._names_shown(report) else None
        return (user.get_full_name() or user.email) if user else None


# --- Input ------------------------------------------------------------------------------------


class ValueInputSerializer(serializers.Serializer):
    pilot_indicator = serializers.IntegerField(min_value=1)
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.TOTAL)
    age_band = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    value = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True
    )
    numerator = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True
    )
    denominator = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True
    )
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class LessonInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Sätt för att ändra en befintlig lärdom.")
    )
    kind = serializers.ChoiceField(choices=LessonKind.choices)
    dimension = serializers.ChoiceField(choices=SystemDimension.choices)
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=10000)


class ReportWriteSerializer(serializers.Serializer):
    """A period report's content. Parts left out stay unchanged; `values` replaces all cells."""

    expected_version = serializers.IntegerField(
        allow_null=True,
        min_value=1,
        help_text=_("Versionen du läste (null om rapporten inte finns ännu)."),
    )
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    progress = serializers.ChoiceField(
        choices=ProgressStatus.choices, required=False, allow_blank=True
    )
    values = ValueInputSerializer(many=True, required=False, max_length=2000)
    lessons = LessonInputSerializer(many=True, required=False, max_length=50)


class ReportActionSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=1, help_text=_("Versionen du läste."))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class ReportReturnSerializer(ReportActionSerializer):
    comment = serializers.CharField(max_length=5000, help_text=_("Vad behöver rättas?"))


class ValidationRuleSerializer(serializers.ModelSerializer):
    """A validation rule with its sides as text ({Indikator|K|18-64|täljare}, see
    docs/data-quality.md). `pilot` is empty for the coordinator's library rules."""

    pilot = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    left = serializers.SerializerMethodField()
    right = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()

    class Meta:
        model = ValidationRule
        fields = [
            "id",
            "pilot",
            "name",
            "message",
            "severity",
            "is_active",
            "left",
            "operator",
            "right",
            "indicators",
            "updated_at",
        ]
        read_only_fields = fields

    def _render(self, terms) -> str:
        return render(terms, self.context.get("indicator_names", {}))

    def get_left(self, rule) -> str:
        return self._render(rule.left)

    def get_right(self, rule) -> str:
        return self._render(rule.right)

    def get_indicators(self, rule) -> list[int]:
        return sorted(rule.indicator_ids)


class ValidationRuleWriteSerializer(serializers.Serializer):
    """Create (with `pilot`, a pilot's slug, or empty for the library) or change a rule."""

    pilot = serializers.SlugField(required=False, allow_null=True)
    name = serializers.CharField(max_length=200, required=False)
    message = serializers.CharField(max_length=500, required=False)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    left = serializers.CharField(max_length=2000, required=False)
    operator = serializers.ChoiceField(choices=Operator.choices, required=False)
    right = serializers.CharField(max_length=2000, required=False)
