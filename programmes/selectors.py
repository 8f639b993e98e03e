"""Reads for programme pages and the API: visibility and preloading in one place.

Every function issues a fixed number of queries whatever the number of pilots, periods, values
or decisions, so pages and API lists keep a constant query count.
"""

from collections import defaultdict
from datetime import date

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from pilots.models import Indicator, IndicatorValue, Pilot, PilotIndicator, ReportStatus
from pilots.models.pilots import worked_on_by
from programmes import aggregate as agg
from programmes import page_cache, rules
from programmes.models import (
    GateDecision,
    MembershipStatus,
    Programme,
    ProgrammePilot,
    ProgrammeStage,
    ProgressReport,
)

REASON_TEXT = {
    agg.FEW_UNITS: _("Färre än 5 piloter har rapporterat; siffran visas inte."),
    agg.SMALL_DENOMINATOR: _("Nämnaren är mindre än 5; andelen visas inte."),
    agg.NO_DATA: _("Inga godkända värden ännu."),
    agg.NOT_AGGREGATED: _("Kvalitativ indikator; sammanställs inte."),
}
METHOD_TEXT = {
    agg.SUM: _("Summa av piloternas värden per period"),
    agg.SUM_OF_LATEST: _("Summa av varje pilots senaste värde (kumulativt)"),
    agg.RATIO_OF_SUMS: _("Summerade täljare delat med summerade nämnare"),
    agg.RATIO_OF_LATEST: _("Varje pilots senaste täljare och nämnare, summerade och delade"),
}


def programme_list(*, user) -> QuerySet[Programme]:
    """Programmes the user may see, with the owner and the number of accepted pilots."""
    return (
        Programme.objects.visible_to(user)
        .select_related("owner")
        .annotate(
            pilot_count=Count(
                "pilot_links",
                filter=Q(pilot_links__status=MembershipStatus.ACCEPTED),
                distinct=True,
            )
        )
        .order_by("name", "pk")
    )


def _parts():
    return (
        Prefetch("stages", queryset=ProgrammeStage.objects.order_by("order")),
        Prefetch("shared_indicators", queryset=Indicator.objects.order_by("name")),
    )


def prefetch_parts(programme) -> None:
    """Read the programme's stages and shared indicators (two queries), as `programme_detail`
    does unless told not to."""
    prefetch_related_objects([programme], *_parts())


def programme_detail(*, slug: str, user, prefetch: bool = True) -> Programme:
    """One programme with owner, stages and shared indicators (unless `prefetch` is False: a
    page cached as HTML reads them only on a miss, `prefetch_parts`); 404 if missing or not
    visible."""
    programme = Programme.objects.select_related("owner")
    if prefetch:
        programme = programme.prefetch_related(*_parts())
    programme = programme.filter(slug=slug).first()
    if programme is None:
        raise Http404
    pilots = (
        [] if programme.is_public or rules.is_funder(user, programme) else _member_pilots(programme)
    )
    if not rules.can_view_programme(user, programme, pilots):
        raise Http404
    return programme


def _member_pilots(programme) -> list[Pilot]:
    return list(
        Pilot.objects.filter(programme_links__programme=programme)
        .select_related("lead_organisation")
        .prefetch_related("partners")
    )


def memberships(*, programme, statuses=None) -> QuerySet[ProgrammePilot]:
    """The programme's pilots (all statuses unless given) with pilot, lead, stage and people."""
    qs = ProgrammePilot.objects.filter(programme=programme)
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.select_related(
        "pilot__lead_organisation", "stage", "applied_by", "decided_by"
    ).order_by("pilot__title", "pk")


def public_pilots(*, programme, user) -> QuerySet[ProgrammePilot]:
    """Accepted pilots the user may see (their own visibility rules apply)."""
    visible = Pilot.objects.visible_to(user).filter(pk=OuterRef("pilot_id"))
    return memberships(programme=programme, statuses=[MembershipStatus.ACCEPTED]).filter(
        Exists(visible)
    )


def membership_of(*, programme, pilot_slug: str) -> ProgrammePilot:
    """One pilot's membership with pilot, partners and stage; 404 when it is not in the
    programme."""
    membership = (
        ProgrammePilot.objects.filter(programme=programme, pilot__slug=pilot_slug)
        .select_related("pilot__lead_organisation", "stage", "programme__owner")
        .prefetch_related("pilot__partners")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def decisions_of(*, membership) -> QuerySet[GateDecision]:
    """Every decision about the pilot, newest first, marking which are still in force."""
    return (
        GateDecision.objects.filter(membership=membership)
        .select_related("stage", "decided_by", "supersedes")
        .annotate(is_current=~Exists(GateDecision.objects.filter(supersedes=OuterRef("pk"))))
        .order_by("-decided_at", "-pk")
    )


def decisions_visible(*, user, programme) -> QuerySet[GateDecision]:
    """Decisions about the programme's pilots the user may see: all for funders, their own pilots'
    for pilot people."""
    qs = GateDecision.objects.filter(membership__programme=programme)
    if not rules.can_view_portfolio(user, programme):
        qs = qs.filter(membership__pilot__in=Pilot.objects.filter(rules.own_pilots_q(user)))
    return qs.select_related("stage", "membership__pilot", "decided_by").order_by(
        "-decided_at", "-pk"
    )


def progress_reports(*, user, programme) -> QuerySet[ProgressReport]:
    """Published reports for everyone who sees the programme; drafts too for funders."""
    qs = ProgressReport.objects.filter(programme=programme).select_related("programme")
    if not rules.can_view_portfolio(user, programme):
        qs = qs.published()
    return qs.order_by("-period_end", "-pk")


def progress_report_detail(*, user, programme, pk: int) -> ProgressReport:
    report = progress_reports(user=user, programme=programme).filter(pk=pk).first()
    if report is None:
        raise Http404
    report.programme = programme
    return report


# -- aggregated results ------------------------------------------------------------------------


def _ids(pilot_ids):
    """A list of the ids given, or a subquery (QuerySet) unchanged."""
    return pilot_ids if isinstance(pilot_ids, QuerySet) else list(pilot_ids)


def observations(
    *, indicator_ids, pilot_ids, start: date, end: date
) -> dict[int, list[agg.Observation]]:
    """Approved totals (all genders and ages) of the given pilots and indicators, for periods that
    overlap [start, end], keyed by indicator id. One query."""
    rows = IndicatorValue.objects.filter(
        report__status=ReportStatus.APPROVED,
        report__pilot_id__in=_ids(pilot_ids),
        pilot_indicator__indicator_id__in=list(indicator_ids),
        gender="T",
        age_band="",
        report__period__start__lte=end,
        report__period__end__gte=start,
    ).values_list(
        "pilot_indicator__indicator_id",
        "report__pilot_id",
        "report__period__end",
        "value",
        "numerator",
        "denominator",
    )
    out: dict[int, list[agg.Observation]] = defaultdict(list)
    for indicator_id, pilot_id, period_end, value, numerator, denominator in rows:
        out[indicator_id].append(
            agg.Observation(pilot_id, period_end, value, numerator, denominator)
        )
    return out


def followers(*, indicator_ids, pilot_ids) -> dict[int, set[int]]:
    """Indicator id → the pilots (of those given) that follow it. One query."""
    out: dict[int, set[int]] = defaultdict(set)
    for indicator_id, pilot_id in PilotIndicator.objects.filter(
        indicator_id__in=list(indicator_ids), pilot_id__in=_ids(pilot_ids)
    ).values_list("indicator_id", "pilot_id"):
        out[indicator_id].add(pilot_id)
    return out


def aggregate_pilot_ids(*, programme, user) -> list[int]:
    """The accepted pilots whose results may enter figures shown to `user`: all of them for the
    funder and the coordinator, only the pilots the user may see for everyone else (a private
    pilot's results never reach a public page, not even inside an aggregate)."""
    ids = accepted_pilot_ids(programme)
    if rules.can_view_portfolio(user, programme):
        return ids
    return list(Pilot.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def accepted_pilot_ids(programme) -> list[int]:
    return list(
        ProgrammePilot.objects.filter(
            programme=programme, status=MembershipStatus.ACCEPTED
        ).values_list("pilot_id", flat=True)
    )


def programme_aggregates(
    *, programme, start: date | None = None, end: date | None = None, pilot_ids=None
) -> list[dict]:
    """The shared indicators aggregated across the accepted pilots for [start, end] (default: the
    programme's period). Each row: indicator, the Aggregate, translated method and reason."""
    start = start or programme.start_date
    end = end or programme.end_date
    indicators = list(programme.shared_indicators.all())
    ids = [i.pk for i in indicators]
    if pilot_ids is None:
        # A subquery rather than a list: the accepted pilots are read inside the two queries
        # below instead of in a third one.
        pilot_ids = ProgrammePilot.objects.filter(
            programme=programme, status=MembershipStatus.ACCEPTED
        ).values("pilot_id")
    else:
        pilot_ids = list(pilot_ids)
    obs = observations(indicator_ids=ids, pilot_ids=pilot_ids, start=start, end=end)
    follow = followers(indicator_ids=ids, pilot_ids=pilot_ids)
    rows = []
    for indicator in indicators:
        result = agg.aggregate(
            measure=indicator.measure,
            accumulation=indicator.accumulation,
            observations=obs.get(indicator.pk, []),
            expected=len(follow.get(indicator.pk, set())),
        )
        rows.append(_aggregate_row(indicator, result))
    return rows


def _aggregate_row(indicator, result) -> dict:
    """One indicator's aggregate as the portfolio shows it, with the method and reason in words."""
    return {
        "indicator": indicator,
        "result": result,
        "method_text": METHOD_TEXT.get(result.method, ""),
        "reason_text": REASON_TEXT.get(result.reason, "") if result.reason else "",
    }


def funder_aggregates(*, programme) -> list[dict]:
    """`programme_aggregates` over all accepted pilots for the programme's period (what the funder
    sees on the portfolio), cached under the programme's version (programmes.page_cache): at
    national scale it reads thousands of approved values per request. The rows are rebuilt
    around the programme's (prefetched) shared indicators; only the computed Aggregates are
    cached."""
    indicators = list(programme.shared_indicators.all())
    key = ":".join(
        [
            "funder-aggregates",
            str(programme.pk),
            str(programme.start_date),
            str(programme.end_date),
            ",".join(str(i.pk) for i in indicators),
        ]
    )

    def compute():
        rows = programme_aggregates(programme=programme)
        return [(row["indicator"].pk, row["result"]) for row in rows]

    results = dict(page_cache.cached(programme.pk, key, compute))
    rows = []
    for indicator in indicators:
        result = results.get(indicator.pk)
        if result is None:  # an indicator shared since the entry was stored
            return programme_aggregates(programme=programme)
        rows.append(_aggregate_row(indicator, result))
    return rows


# -- across programmes, for the API ------------------------------------------------------------


def funded_programme_ids(user):
    """Programmes whose non-public data (portfolio, ledger) the user may see."""
    return Programme.objects.filter(rules.funded_q(user)).values("pk")


def memberships_visible(*, user) -> QuerySet[ProgrammePilot]:
    """Every status for funders' programmes and the user's own pilots; elsewhere accepted pilots
    the user may see in programmes the user may see (rules.memberships_visible_q)."""
    return (
        ProgrammePilot.objects.filter(rules.memberships_visible_q(user))
        .select_related("programme__owner", "pilot__lead_organisation", "stage")
        .order_by("programme__name", "pilot__title", "pk")
    )


def reports_visible(*, user) -> QuerySet[ProgressReport]:
    """Published reports of programmes the user may see; drafts of the user's funded programmes
    (rules.reports_visible_q)."""
    return (
        ProgressReport.objects.filter(rules.reports_visible_q(user))
        .select_related("programme__owner")
        .order_by("-period_end", "-pk")
    )


def gate_decisions_visible(*, user) -> QuerySet[GateDecision]:
    """Decisions in the user's funded programmes and about the user's own pilots
    (rules.decisions_visible_q)."""
    return (
        GateDecision.objects.filter(rules.decisions_visible_q(user))
        .select_related("stage", "membership__programme", "membership__pilot", "decided_by")
        .annotate(is_current=~Exists(GateDecision.objects.filter(supersedes=OuterRef("pk"))))
        .order_by("-decided_at", "-pk")
    )


def own_memberships(*, programme, user) -> QuerySet[ProgrammePilot]:
    """The programme's memberships of pilots the user works on (any status)."""
    if user is None or not user.is_authenticated:
        return ProgrammePilot.objects.none()
    works_on = Pilot.objects.filter(worked_on_by(user)).values("pk")
    return memberships(programme=programme).filter(pilot__in=works_on)


# -- acceptance by the funder (programmes that require it) -------------------------------------


def _acceptance_reports(*, user, programme):
    from pilots.models import PeriodReport

    members = ProgrammePilot.objects.filter(
        programme=programme, status=MembershipStatus.ACCEPTED
    ).values("pilot_id")
    # Only approved reports (accepted or not): the funder never sees the pilot's drafts here.
    return (
        PeriodReport.objects.filter(
            rules.reports_acceptable_q(user), pilot__in=members, status=ReportStatus.APPROVED
        )
        .select_related("pilot", "period", "submitted_by", "decided_by", "accepted_by")
        .order_by("period__due_date", "pilot__title", "pk")
    )


def reports_awaiting_acceptance(*, user, programme) -> QuerySet:
    """The programme's queue "Att acceptera": its accepted pilots' approved reports that no
    funder has accepted yet, that the user may accept (oldest due date first)."""
    return _acceptance_reports(user=user, programme=programme).awaiting_acceptance()


def reports_accepted(*, user, programme) -> QuerySet:
    """The programme's accepted reports that the user may un-accept (latest accepted first)."""
    return (
        _acceptance_reports(user=user, programme=programme)
        .accepted()
        .order_by("-accepted_at", "-pk")
    )


def acceptance_report(*, user, programme, report_id: int):
    """One of the programme's pilots' reports the user may accept or un-accept (404 otherwise)."""
    report = _acceptance_reports(user=user, programme=programme).filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


def acceptance_queues(*, user) -> list[Programme]:
    """Mina sidor's "Att acceptera": the programmes requiring acceptance that the user manages,
    each with `awaiting` = how many approved reports wait for acceptance (one query; none for
    someone who manages no organisation's programmes, read from the per-request roles)."""
    if not rules.may_manage_some_programme(user):
        return []
    waiting = Q(
        pilot_links__status=MembershipStatus.ACCEPTED,
        pilot_links__pilot__reports__status=ReportStatus.APPROVED,
        pilot_links__pilot__reports__accepted_at__isnull=True,
    )
    return list(
        Programme.objects.filter(rules.manageable_q(user) & rules.acceptance_programmes_q())
        .annotate(awaiting=Count("pilot_links__pilot__reports", filter=waiting, distinct=True))
        .order_by("name")
    )


def acceptance_programmes_of(*, report) -> list[Programme]:
    """The programmes requiring acceptance that have accepted the report's pilot (who is told)."""
    return list(
        Programme.objects.filter(
            rules.acceptance_programmes_q(),
            pilot_links__pilot_id=report.pilot_id,
            pilot_links__status=MembershipStatus.ACCEPTED,
        ).select_related("owner")
    )


def reports_acceptable(*, user) -> QuerySet:
    """Every approved period report the user may accept or un-accept (the API's list; accepted
    ones included). Drafts, submitted and returned reports are the pilot's own business."""
    from pilots.models import PeriodReport

    return (
        PeriodReport.objects.filter(rules.reports_acceptable_q(user), status=ReportStatus.APPROVED)
        .select_related("pilot", "period", "submitted_by", "decided_by", "accepted_by")
        .prefetch_related("values", "lessons")
        .order_by("period__due_date", "pilot__title", "pk")
    )
