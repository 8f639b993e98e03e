"""Reads for period reports, the partner dashboard, the pilot history and notifications.

Each returns what its page or task needs preloaded, so query counts do not grow with the data.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import capfirst

from partners import rules as partners_rules
from partners.audit_labels import action_label, describe_changes, message_label, message_text
from partners.models import AuditEvent, Membership
from pilots import rules
from pilots.models import (
    IndicatorTarget,
    PeriodReport,
    Pilot,
    PilotIndicator,
    PilotMembership,
    PilotPartner,
    PilotStatus,
    ReportingPeriod,
    ReportStatus,
)
from pilots.rules import EDIT_ROLES

DUE_SOON_DAYS = 14
OPEN_STATUSES = [ReportStatus.DRAFT, ReportStatus.RETURNED]
DONE_STATUSES = [ReportStatus.SUBMITTED, ReportStatus.APPROVED]


def pilot_for_reports(*, slug: str) -> Pilot:
    """The pilot with its lead organisation (the rules read it). Its partners are read only
    when a rule needs them (`is_pilot_insider` for someone without a role of their own)."""
    return get_object_or_404(Pilot.objects.select_related("lead_organisation"), slug=slug)


def period_of(*, pilot: Pilot, period_id: int) -> ReportingPeriod:
    """One period of the pilot, with its report if there is one (404 otherwise)."""
    period = get_object_or_404(ReportingPeriod.objects.filter(pilot=pilot), pk=period_id)
    period.pilot = pilot
    return period


def periods_of(*, pilot: Pilot, ids) -> QuerySet[ReportingPeriod]:
    """The pilot's periods among `ids`, in time order (ids of other pilots' periods are dropped)."""
    return ReportingPeriod.objects.filter(pilot=pilot, pk__in=ids).order_by("start", "pk")


def period_with_report(*, pilot: Pilot, period_id: int):
    """`period_of` and `report_of` in one read: the period (404 if not the pilot's) and its
    report with values and lessons preloaded, or None."""
    period = get_object_or_404(
        ReportingPeriod.objects.filter(pilot=pilot).select_related(
            "report__submitted_by", "report__decided_by", "report__accepted_by"
        ),
        pk=period_id,
    )
    period.pilot = pilot
    try:
        report = period.report
    except PeriodReport.DoesNotExist:
        return period, None
    prefetch_related_objects([report], "values", "lessons")
    report.period, report.pilot = period, pilot
    return period, report


def report_of(*, period: ReportingPeriod) -> PeriodReport | None:
    """The period's report with its values and lessons preloaded, or None."""
    report = (
        PeriodReport.objects.filter(period=period)
        .select_related("submitted_by", "decided_by", "accepted_by")
        .prefetch_related("values", "lessons")
        .first()
    )
    if report is not None:
        report.period, report.pilot = period, period.pilot
    return report


def indicators_of(*, pilot: Pilot) -> QuerySet[PilotIndicator]:
    """The pilot's indicators in order, with the indicator and its targets preloaded."""
    return (
        PilotIndicator.objects.filter(pilot=pilot)
        .select_related("indicator")
        .prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("target_date"))
        )
    )


def pilot_history(*, pilot: Pilot) -> QuerySet[AuditEvent]:
    """Audit events of the pilot itself and of its reports, newest first."""
    report_ids = [
        str(pk) for pk in PeriodReport.objects.filter(pilot=pilot).values_list("pk", flat=True)
    ]
    pilot_type = ContentType.objects.get_for_model(Pilot)
    report_type = ContentType.objects.get_for_model(PeriodReport)
    return (
        AuditEvent.objects.filter(
            Q(content_type=pilot_type, object_id=str(pilot.pk))
            | Q(content_type=report_type, object_id__in=report_ids)
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def history_report_links(*, pilot: Pilot, events) -> dict[int, int]:
    """{event pk: period id} for the events that concern one of the pilot's period reports, so
    the history can link each such entry to its report (one query for the page)."""
    report_type = ContentType.objects.get_for_model(PeriodReport)
    report_of = {
        e.pk: int(e.object_id)
        for e in events
        if e.content_type_id == report_type.pk and str(e.object_id).isdigit()
    }
    periods = dict(
        PeriodReport.objects.filter(pilot=pilot, pk__in=set(report_of.values())).values_list(
            "pk", "period_id"
        )
    )
    return {event: periods[report] for event, report in report_of.items() if report in periods}


# -- people to notify ------------------------------------------------------------------------


def pilot_people(*, pilot: Pilot, roles) -> list:
    """Active users with one of `roles` in the pilot's lead organisation or in the pilot itself."""
    User = get_user_model()
    org_users = Membership.objects.filter(
        organisation_id=pilot.lead_organisation_id, role__in=roles
    ).values("user")
    pilot_users = PilotMembership.objects.filter(pilot=pilot, role__in=roles).values("user")
    return list(
        User.objects.filter(Q(pk__in=org_users) | Q(pk__in=pilot_users), is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


# Who is told of what (role sets live in partners.rules).
REPORTER_ROLES = partners_rules.REPORTER_ROLES
NOTICE_ROLES = partners_rules.NOTICE_ROLES


def unreported_periods() -> QuerySet[ReportingPeriod]:
    """Open periods of running pilots with no submitted or approved report."""
    return (
        ReportingPeriod.objects.filter(is_locked=False, pilot__status=PilotStatus.ACTIVE)
        .exclude(report__status__in=DONE_STATUSES)
        .select_related("pilot")
        .order_by("due_date", "pk")
    )


# -- the partner dashboard -------------------------------------------------------------------


def _pilot_ids_with_role(user, roles) -> QuerySet:
    """Pilots led by an organisation where the user holds one of `roles`, or where they hold
    one as a pilot-level role: the same pilots as `worked_on_by(user, roles=roles,
    partners=False)`, but from the per-request role caches (partners.rules, pilots.rules) as a
    few literal ids. A user holds a handful of roles at any scale, and Mina sidor asks this of
    five lists and their count: compiling the membership UNION subqueries again for each was a
    third of the page's time at national scale."""
    organisations = sorted(
        org
        for org, (role, _status) in partners_rules.memberships_by_org(user).items()
        if role in roles
    )
    pilots = sorted(pk for pk, role in rules.pilot_roles_of(user).items() if role in roles)
    return (
        Pilot.objects.filter(Q(lead_organisation_id__in=organisations) | Q(pk__in=pilots))
        .order_by()
        .values("pk")
    )


def dashboard_scope(*, user) -> list[int]:
    """The ids of the pilots the user works on (`worked_on_by(user)`: a member of the lead or a
    partner organisation, or a pilot-level role), every pilot Mina sidor may show a row of, for
    the key its cached lists are stored under and the "Mina piloter" list. One indexed query
    from the per-request role caches (none for someone in no organisation), kept on the user
    for the request like those caches."""
    cached = getattr(user, "_dashboard_scope", None)
    if cached is not None:
        return cached
    organisations = sorted(partners_rules.memberships_by_org(user))
    ids = set(rules.pilot_roles_of(user))
    if organisations:
        led = Pilot.objects.filter(lead_organisation_id__in=organisations)
        partnered = PilotPartner.objects.filter(organisation_id__in=organisations)
        ids.update(
            led.order_by()
            .values_list("pk", flat=True)
            .union(partnered.order_by().values_list("pilot_id", flat=True))
        )
    user._dashboard_scope = sorted(ids)
    return user._dashboard_scope


def dashboard_pilots(*, user) -> QuerySet[Pilot]:
    """Pilots the user works on (lead or partner organisation, or a pilot role), drafts included,
    with the columns the list shows (its ids as literals: see `dashboard_scope`)."""
    return (
        Pilot.objects.filter(pk__in=dashboard_scope(user=user))
        .select_related("lead_organisation")
        .only("title", "slug", "status", "start_date", "lead_organisation__name")
        .order_by("status", "title")
    )


def _periods_to_report(user) -> QuerySet[ReportingPeriod]:
    return (
        ReportingPeriod.objects.filter(
            pilot__in=_pilot_ids_with_role(user, EDIT_ROLES),
            is_locked=False,
            pilot__status=PilotStatus.ACTIVE,
        )
        .exclude(report__status__in=DONE_STATUSES)
        .select_related("pilot", "report")
        .only("label", "due_date", "pilot__title", "pilot__slug", "report__status")
        .order_by("due_date", "pk")
    )


def dashboard_due_soon(*, user, today: dt.date | None = None) -> QuerySet[ReportingPeriod]:
    """Periods the user reports on that are due within DUE_SOON_DAYS and not yet submitted."""
    today = today or timezone.localdate()
    return _periods_to_report(user).filter(
        due_date__gte=today, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
    )


def dashboard_overdue(*, user, today: dt.date | None = None) -> QuerySet[ReportingPeriod]:
    """Periods the user reports on whose due date has passed without a submitted report."""
    today = today or timezone.localdate()
    return _periods_to_report(user).filter(due_date__lt=today)


def dashboard_returned(*, user) -> QuerySet[PeriodReport]:
    """Returned reports of pilots the user reports on, with their open comments on cells."""
    return (
        PeriodReport.objects.filter(
            pilot__in=_pilot_ids_with_role(user, EDIT_ROLES), status=ReportStatus.RETURNED
        )
        .annotate(
            open_comments=Count("cell_comments", filter=Q(cell_comments__resolved_at__isnull=True))
        )
        .select_related("pilot", "period")
        .only("return_comment", "pilot__title", "pilot__slug", "period__label")
        .order_by("-decided_at", "-pk")
    )


def dashboard_drafts(*, user) -> QuerySet[PeriodReport]:
    """Draft reports of pilots the user reports on, whenever they are due."""
    return (
        PeriodReport.objects.filter(
            pilot__in=_pilot_ids_with_role(user, EDIT_ROLES),
            status=ReportStatus.DRAFT,
            period__is_locked=False,
        )
        .select_related("pilot", "period")
        .only("pilot__title", "pilot__slug", "period__label", "period__due_date")
        .order_by("period__due_date", "pk")
    )


def reports_awaiting(*, user) -> QuerySet[PeriodReport]:
    """Submitted reports the user may approve (all of them for the coordinator)."""
    qs = PeriodReport.objects.awaiting_approval()
    if not partners_rules.is_coordinator(user):  # rules.approvable_q, from the role caches
        qs = qs.filter(pilot__in=_pilot_ids_with_role(user, rules.APPROVE_ROLES))
    return (
        qs.select_related("pilot", "period", "submitted_by")
        .only(
            "submitted_at",
            "pilot__title",
            "pilot__slug",
            "period__label",
            *(f"submitted_by__{f}" for f in ("first_name", "last_name", "email")),
        )
        .order_by("submitted_at", "pk")
    )


# -- the history, readable -------------------------------------------------------------------


def describe_event(event: AuditEvent) -> dict:
    """An audit event as the history shows it: the action in words and (what, old, new) rows,
    from the same labels as the coordinator's audit log (partners.audit_labels)."""
    return {
        "event": event,
        "action": capfirst(action_label(event.action)),
        "rows": describe_changes(event),
        "message_label": message_label(event.action),
        "message": message_text(event),
    }
