"""API serializers for data quality on period reports: outlier flags, comments on cells and
each value's history (docs/data-quality.md)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pilots.api.serializers import ReportReturnSerializer
from pilots.models import CellComment, Gender, ValueChange


class CellSerializer(serializers.Serializer):
    pilot_indicator = serializers.IntegerField(source="pilot_indicator_id", read_only=True)
    gender = serializers.CharField(read_only=True)
    age_band = serializers.CharField(read_only=True)


class CellCommentSerializer(CellSerializer, serializers.ModelSerializer):
    author = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = CellComment
        fields = [
            "id",
            "pilot_indicator",
            "gender",
            "age_band",
            "text",
            "author",
            "created_at",
            "resolved_at",
        ]
        read_only_fields = fields


class ValueChangeSerializer(CellSerializer, serializers.ModelSerializer):
    changed_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = ValueChange
        fields = [
            "id",
            "pilot_indicator",
            "gender",
            "age_band",
            "before",
            "after",
            "channel",
            "changed_by",
            "changed_at",
        ]
        read_only_fields = fields


class OutlierFlagSerializer(serializers.Serializer):
    """A stored value that stands out, the reason shown, and the reporter's confirmation."""

    pilot_indicator = serializers.IntegerField()
    gender = serializers.CharField()
    age_band = serializers.CharField(allow_blank=True)
    value = serializers.DecimalField(max_digits=16, decimal_places=4)
    reason = serializers.CharField()
    confirmed = serializers.BooleanField()
    confirmed_by = serializers.CharField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)


class CellCommentInputSerializer(serializers.Serializer):
    pilot_indicator = serializers.IntegerField(min_value=1)
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.TOTAL)
    age_band = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    text = serializers.CharField(max_length=2000)


class ReportReturnWithCommentsSerializer(ReportReturnSerializer):
    cell_comments = CellCommentInputSerializer(
        many=True,
        required=False,
        max_length=2000,
        help_text=_("Kommentarer till enskilda värden (indikator × kön × åldersgrupp)."),
    )


def flag_rows(flags: dict, report) -> list[dict]:
    """The selector's flags as rows for OutlierFlagSerializer."""
    values = {(v.pilot_indicator_id, v.gender, v.age_band): v.value for v in report.values.all()}
    rows = []
    for (link_id, gender, band), flag in sorted(flags.items()):
        confirmation = flag.confirmation
        rows.append(
            {
                "pilot_indicator": link_id,
                "gender": gender,
                "age_band": band,
                "value": values.get((link_id, gender, band)),
                "reason": flag.reason,
                "confirmed": confirmation is not None,
                "confirmed_by": str(confirmation.confirmed_by)
                if confirmation and confirmation.confirmed_by
                else None,
                "confirmed_at": confirmation.confirmed_at if confirmation else None,
            }
        )
    return rows
