"""Reads for the funder's portfolio dashboard and its exports.

`portfolio_rows` issues a fixed number of queries (memberships with annotations, shared-indicator
values, followers) whatever the number of pilots or periods.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pilots.models import Lesson, PeriodReport, ProgressStatus, ReportingPeriod, ReportStatus
from programmes import aggregate as agg
from programmes import page_cache
from programmes.models import (
    GateDecision,
    LedgerKind,
    MembershipStatus,
    Payout,
    Programme,
    ProgrammePilot,
)
from programmes.selectors import memberships, observations

REPORTING_STATUS = {
    "none": _("Ingen period avslutad"),
    "due": _("Ska rapporteras"),
    "overdue": _("Försenad"),
    "submitted": _("Inskickad"),
    "returned": _("Returnerad"),
    "approved": _("Godkänd"),
}
FILTERS = ("status", "reporting", "stage", "progress")


def portfolio(
    *, programme, filters: dict | None = None, today: date | None = None
) -> QuerySet[ProgrammePilot]:
    """The programme's pilots with, for the latest ended reporting period, its label, due date and
    reporting status; the latest approved progress; the amount paid out and the latest decision.

    `filters`: status (membership; default accepted), reporting (see REPORTING_STATUS), stage
    (stage id), progress (on_track/at_risk/off_track). Unknown values filter nothing out."""
    today = today or timezone.localdate()
    filters = {k: v for k, v in (filters or {}).items() if k in FILTERS and v}
    latest = ReportingPeriod.objects.filter(pilot=OuterRef("pilot_id"), end__lt=today).order_by(
        "-end", "-pk"
    )
    approved = PeriodReport.objects.filter(
        pilot=OuterRef("pilot_id"), status=ReportStatus.APPROVED
    ).order_by("-period__end", "-pk")
    paid = (
        Payout.objects.filter(membership=OuterRef("pk"), kind=LedgerKind.PAYOUT)
        .order_by()
        .values("membership")
        .annotate(s=Sum("amount_sek"))
        .values("s")
    )
    last_decision = GateDecision.objects.filter(membership=OuterRef("pk")).order_by(
        "-decided_at", "-pk"
    )
    # The reporting status is worked out inside the latest period's own subquery (one subquery,
    # not a CASE over three repeats of it, which PostgreSQL planned and ran five times a row).
    reporting = latest.annotate(
        state=Case(
            When(report__status=ReportStatus.APPROVED, then=Value("approved")),
            When(report__status=ReportStatus.RETURNED, then=Value("returned")),
            When(report__status=ReportStatus.SUBMITTED, then=Value("submitted")),
            When(due_date__lt=today, then=Value("overdue")),
            default=Value("due"),
            output_field=CharField(),
        )
    ).values("state")[:1]
    qs = (
        memberships(programme=programme)
        # The page shows neither who applied nor who decided: no joins of the user table.
        .select_related(None)
        .select_related("pilot__lead_organisation", "stage")
        .annotate(
            period_label=Subquery(latest.values("label")[:1]),
            period_due=Subquery(latest.values("due_date")[:1]),
            reporting=Coalesce(Subquery(reporting), Value("none"), output_field=CharField()),
            progress=Subquery(approved.values("progress")[:1]),
            progress_period=Subquery(approved.values("period__label")[:1]),
            paid_sek=Coalesce(
                Subquery(paid, output_field=DecimalField(max_digits=16, decimal_places=0)),
                Value(Decimal(0)),
            ),
            last_decision=Subquery(last_decision.values("decision")[:1]),
        )
    )
    status = filters.get("status", MembershipStatus.ACCEPTED)
    if status in MembershipStatus.values:
        qs = qs.filter(status=status)
    if filters.get("reporting") in REPORTING_STATUS:
        qs = qs.filter(reporting=filters["reporting"])
    if str(filters.get("stage", "")).isdigit():
        qs = qs.filter(stage_id=int(filters["stage"]))
    if filters.get("progress") in ProgressStatus.values:
        qs = qs.filter(progress=filters["progress"])
    return qs


@dataclass
class PilotRow:
    membership: ProgrammePilot
    figures: list = field(default_factory=list)  # one (Aggregate, period_end) per shared indicator

    @property
    def reporting_text(self):
        return REPORTING_STATUS.get(self.membership.reporting, "")

    @property
    def remaining_sek(self):
        granted = self.membership.funding_granted_sek
        return None if granted is None else granted - self.membership.paid_sek


def portfolio_rows(*, programme, memberships_page, indicators) -> list[PilotRow]:
    """Each membership on the page with its latest approved figure on every shared indicator."""
    members = list(memberships_page)
    pilot_ids = [m.pilot_id for m in members]
    obs = observations(
        indicator_ids=[i.pk for i in indicators], pilot_ids=pilot_ids, start=date.min, end=date.max
    )
    rows = []
    for membership in members:
        figures = []
        for indicator in indicators:
            mine = [o for o in obs.get(indicator.pk, []) if o.pilot_id == membership.pilot_id]
            latest = max((o.period_end for o in mine), default=None)
            if latest is None:
                figures.append((None, None))
                continue
            chosen = [o for o in mine if o.period_end == latest]
            figures.append(
                (
                    agg.pilot_figure(
                        measure=indicator.measure, accumulation=agg.CUMULATIVE, observations=chosen
                    ),
                    latest,
                )
            )
        rows.append(PilotRow(membership, figures))
    return rows


def latest_lessons(*, programme, limit: int = 10) -> list[Lesson]:
    """The newest lessons from approved reports of the programme's accepted pilots, each once: a
    pilot that reports the same lesson (title and text) in several periods shows only the newest.
    Cached under the programme's version (the same for every funder; programmes.page_cache
    says what bumps it): at national scale the query walks thousands of the newest lessons of
    all pilots to find the programme's."""
    return page_cache.cached(
        programme.pk,
        f"portfolio-lessons:{programme.pk}:{limit}",
        lambda: _latest_lessons(programme=programme, limit=limit),
    )


def _latest_lessons(*, programme, limit: int) -> list[Lesson]:
    candidates = (
        Lesson.objects.filter(
            pilot__programme_links__programme=programme,
            pilot__programme_links__status=MembershipStatus.ACCEPTED,
        )
        .filter(Q(report__status=ReportStatus.APPROVED))
        .select_related("pilot")
        .order_by("-created_at", "-pk")[: limit * 5]
    )
    seen, lessons = set(), []
    for lesson in candidates:
        key = (lesson.pilot_id, " ".join(lesson.title.split()).casefold(), lesson.text.strip())
        if key in seen:
            continue
        seen.add(key)
        lessons.append(lesson)
        if len(lessons) == limit:
            break
    return lessons


def budget_totals(*, programme) -> dict:
    """Budget, funding granted to accepted pilots and paid out, for the whole programme."""
    granted = (
        ProgrammePilot.objects.filter(programme=OuterRef("pk"), status=MembershipStatus.ACCEPTED)
        .values("programme")
        .annotate(s=Sum("funding_granted_sek"))
        .values("s")
    )
    paid = (
        Payout.objects.filter(membership__programme=OuterRef("pk"), kind=LedgerKind.PAYOUT)
        .values("membership__programme")
        .annotate(s=Sum("amount_sek"))
        .values("s")
    )
    # Both sums in one query.
    sums = (
        Programme.objects.filter(pk=programme.pk)
        .values(granted=Subquery(granted), paid=Subquery(paid))
        .first()
        or {}
    )
    granted = sums.get("granted") or Decimal(0)
    paid = sums.get("paid") or Decimal(0)
    budget = programme.budget_sek
    return {
        "budget": budget,
        "granted": granted,
        "paid": paid,
        "unallocated": None if budget is None else budget - granted,
    }
