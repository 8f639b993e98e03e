"""The rates (share complete, share on time) per pilot, lead organisation, programme and for the
whole filter, each counted in the database (`COUNT(…) FILTER (WHERE …)` grouped by the level)."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone

from monitoring.selectors.filters import MatrixFilters, filtered_periods
from monitoring.states import CellState, complete_q, counted_q, on_time_q, state_q
from programmes import rules as programme_rules
from programmes.models import MembershipStatus, Programme


@dataclass(frozen=True)
class Rates:
    """Counted periods, complete ones, on-time ones, and the shares in percent (None: nothing
    counted yet)."""

    counted: int = 0
    complete: int = 0
    on_time: int = 0

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def share_complete(self) -> Decimal | None:
        return self._share(self.complete, self.counted)

    @property
    def share_on_time(self) -> Decimal | None:
        return self._share(self.on_time, self.counted)

    @classmethod
    def of(cls, row: dict | None) -> "Rates":
        if not row:
            return cls()
        return cls(row["counted"] or 0, row["complete"] or 0, row["on_time"] or 0)


@dataclass
class NamedRates:
    name: str
    rates: Rates
    pk: int | None = None


@dataclass
class RatesSummary:
    total: Rates
    organisations: list
    programmes: list


def rates_by(periods, today, *group):
    """The rates of `periods` grouped by `group`, counted in the database."""
    return (
        periods.order_by()
        .values(*group)
        .annotate(
            counted=Count("pk", filter=counted_q(today)),
            complete=Count("pk", filter=complete_q()),
            on_time=Count("pk", filter=on_time_q()),
        )
    )


def organisation_rates(*, user, filters, organisation_ids, today) -> list[NamedRates]:
    """The rates of these lead organisations' pilots within the filter, by name."""
    periods = filtered_periods(user=user, filters=filters, today=today).filter(
        pilot__lead_organisation_id__in=organisation_ids
    )
    rows = rates_by(periods, today, "pilot__lead_organisation_id", "pilot__lead_organisation__name")
    return sorted(
        (
            NamedRates(
                r["pilot__lead_organisation__name"], Rates.of(r), r["pilot__lead_organisation_id"]
            )
            for r in rows
        ),
        key=lambda n: (n.name, n.pk),
    )


def programme_rates(*, user, filters, programme_ids, today) -> list[NamedRates]:
    """The rates of these programmes' accepted pilots within the filter, by name."""
    periods = filtered_periods(user=user, filters=filters, today=today).filter(
        pilot__programme_links__status=MembershipStatus.ACCEPTED,
        pilot__programme_links__programme_id__in=programme_ids,
    )
    rows = rates_by(
        periods,
        today,
        "pilot__programme_links__programme_id",
        "pilot__programme_links__programme__name",
    )
    return sorted(
        (
            NamedRates(
                r["pilot__programme_links__programme__name"],
                Rates.of(r),
                r["pilot__programme_links__programme_id"],
            )
            for r in rows
        ),
        key=lambda n: (n.name, n.pk),
    )


def rates_summary(*, user, filters: MatrixFilters, today: dt.date | None = None) -> RatesSummary:
    """The rates of the whole filter, of every lead organisation in it and of every programme
    (that the user may see) its pilots are accepted in. Three grouped queries."""
    today = today or timezone.localdate()
    periods = filtered_periods(user=user, filters=filters, today=today)
    organisations = [
        NamedRates(
            r["pilot__lead_organisation__name"], Rates.of(r), r["pilot__lead_organisation_id"]
        )
        for r in rates_by(
            periods, today, "pilot__lead_organisation_id", "pilot__lead_organisation__name"
        ).order_by("pilot__lead_organisation__name", "pilot__lead_organisation_id")
    ]
    return RatesSummary(
        total=total_rates(user=user, filters=filters, today=today),
        organisations=organisations,
        programmes=_programme_rates_of(user=user, filters=filters, periods=periods, today=today),
    )


def _programme_rates_of(*, user, filters, periods, today) -> list:
    visible = Programme.objects.filter(programme_rules.visible_q(user)).values("pk")
    if filters.programme is not None:
        visible = visible.filter(pk=filters.programme.pk)
    by_programme = periods.filter(
        pilot__programme_links__status=MembershipStatus.ACCEPTED,
        pilot__programme_links__programme__in=visible,
    )
    return [
        NamedRates(
            r["pilot__programme_links__programme__name"],
            Rates.of(r),
            r["pilot__programme_links__programme_id"],
        )
        for r in rates_by(
            by_programme,
            today,
            "pilot__programme_links__programme_id",
            "pilot__programme_links__programme__name",
        ).order_by(
            "pilot__programme_links__programme__name", "pilot__programme_links__programme_id"
        )
    ]


def total_rates(*, user, filters, today) -> Rates:
    """The whole filter's rates."""
    return totals(user=user, filters=filters, today=today)[0]


def totals(*, user, filters, today) -> tuple[Rates, int]:
    """The whole filter's rates and its number of missing periods, in one query."""
    row = filtered_periods(user=user, filters=filters, today=today).aggregate(
        counted=Count("pk", filter=counted_q(today)),
        complete=Count("pk", filter=complete_q()),
        on_time=Count("pk", filter=on_time_q()),
        missing=Count("pk", filter=state_q(CellState.MISSING, today)),
    )
    return Rates.of(row), row["missing"] or 0


def missing_periods(*, user, filters: MatrixFilters, today: dt.date | None = None):
    """The overdue, unsubmitted periods of the filter (what "Påminn rapportörerna" is about)."""
    today = today or timezone.localdate()
    return filtered_periods(user=user, filters=filters, today=today).filter(
        state_q(CellState.MISSING, today)
    )
