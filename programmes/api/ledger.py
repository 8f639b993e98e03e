"""The fund ledger in the API: list entries, record a payout or repayment, reverse an entry.

Payouts above what is granted or budgeted (and repayments above what is due) answer 400 with the
reason on `amount_sek` unless `confirm_reason` says why; the reason is stored on the entry.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.personal_data import PersonalDataConfirmSerializer
from programmes import ledger as selectors
from programmes import rules, services
from programmes.api.permissions import LEDGER_ACCESS
from programmes.models import LedgerKind, Payout, ProgrammePilot

from .views import ERRORS


class LedgerEntrySerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(
        source="membership.programme", slug_field="slug", read_only=True
    )
    pilot = serializers.SlugRelatedField(
        source="membership.pilot", slug_field="slug", read_only=True
    )
    amount_sek = serializers.IntegerField(read_only=True)
    reversed_by = serializers.SerializerMethodField()

    class Meta:
        model = Payout
        fields = [
            "id",
            "programme",
            "pilot",
            "membership",
            "kind",
            "paid_on",
            "amount_sek",
            "note",
            "reverses",
            "reversed_by",
            "reason",
            "over_limit",
            "created_at",
        ]
        read_only_fields = fields

    def get_reversed_by(self, entry) -> int | None:
        reversal = getattr(entry, "reversed_by", None)
        return reversal.pk if reversal else None


class LedgerEntryWriteSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("note", "confirm_reason")

    membership = serializers.PrimaryKeyRelatedField(
        queryset=ProgrammePilot.objects.select_related("programme__owner", "pilot")
    )
    kind = serializers.ChoiceField(choices=LedgerKind.choices, default=LedgerKind.PAYOUT)
    paid_on = serializers.DateField()
    amount_sek = serializers.DecimalField(max_digits=14, decimal_places=0, min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    confirm_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, default=""
    )


class ReverseSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("reason",)

    reason = serializers.CharField(max_length=5000)


class LedgerEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Entries of the fund ledgers the user may see. Entries are never changed: POST records a new
    one, POST …/reverse/ records a reversing entry."""

    serializer_class = LedgerEntrySerializer
    permission_classes = [LEDGER_ACCESS]
    filterset_fields = {
        "membership__programme__slug": ["exact"],
        "membership__pilot__slug": ["exact"],
        "kind": ["exact"],
    }

    def get_queryset(self):
        return selectors.ledger_entries_visible(user=self.request.user)

    @extend_schema(
        request=LedgerEntryWriteSerializer, responses={201: LedgerEntrySerializer, **ERRORS}
    )
    def create(self, request):
        data = LedgerEntryWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        if not rules.can_manage_programme(request.user, v["membership"].programme):
            raise PermissionDenied
        record = (
            services.repayment_record
            if v.pop("kind") == LedgerKind.REPAYMENT
            else services.payout_record
        )
        entry = record(actor=request.user, **v)
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReverseSerializer, responses={201: LedgerEntrySerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def reverse(self, request, pk=None):
        """Record a reversing entry for this entry (managers of the programme)."""
        entry = self.get_object()
        data = ReverseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = services.ledger_entry_reverse(
            entry=entry, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(self.get_serializer(reversal).data, status=status.HTTP_201_CREATED)
