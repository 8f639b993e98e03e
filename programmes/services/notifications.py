"""Who is told about the funder's decisions on a pilot: the lead organisation's admins hear
that the pilot was accepted or declined, and of each decision at a gate.

Called by the tasks in programmes/tasks.py (queued on commit by the membership services). Each
e-mail is sent at most once (`send_once` keyed on what was decided), so retries and repeated
runs never send twice; a row that is gone is skipped quietly.
"""

from django.urls import reverse

from partners.models import Role
from partners.notifications import send_once
from partners.rules import APPROVE_ROLES, MANAGE_ROLES, REPORTER_ROLES
from pilots.models import PeriodReport, ReportStatus
from pilots.selectors.reports import pilot_people
from programmes.models import GateDecision, MembershipStatus, ProgrammePilot


def _admins(pilot) -> list[str]:
    """Who hears about the funder's decisions: the active admins of the pilot's lead."""
    return list(
        pilot.lead_organisation.memberships.filter(role=Role.ADMIN, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _path(membership) -> str:
    return reverse(
        "programmes:pilot_page",
        kwargs={"slug": membership.programme.slug, "pilot_slug": membership.pilot.slug},
    )


def membership_decided_notify(*, membership_id: int) -> bool:
    """Tell the pilot's lead admins that the funder accepted (or declined) the pilot. False when
    the membership is gone or undecided."""
    membership = (
        ProgrammePilot.objects.select_related("programme", "pilot__lead_organisation")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None or membership.status not in (
        MembershipStatus.ACCEPTED,
        MembershipStatus.DECLINED,
    ):
        return False
    return send_once(
        f"programme-membership:{membership.pk}:{membership.status}:{membership.decided_at:%Y%m%d%H%M%S%f}",
        template="programmes/email/membership_decided",
        context={
            "membership": membership,
            "programme": membership.programme,
            "pilot": membership.pilot,
            "path": _path(membership),
        },
        recipients=_admins(membership.pilot),
    )


def gate_decision_notify(*, decision_id: int) -> bool:
    """Tell the pilot's lead admins about a decision at a gate (once per decision). False when
    the decision is gone."""
    decision = (
        GateDecision.objects.select_related(
            "stage", "membership__programme", "membership__pilot__lead_organisation"
        )
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        return False
    membership = decision.membership
    return send_once(
        f"programme-gate:{decision.pk}",
        template="programmes/email/gate_decision",
        context={
            "decision": decision,
            "programme": membership.programme,
            "pilot": membership.pilot,
            "path": _path(membership),
        },
        recipients=_admins(membership.pilot),
    )


def _managers(programme) -> list[str]:
    """The active admins and approvers of the programme's owner (the funder)."""
    return list(
        programme.owner.memberships.filter(role__in=MANAGE_ROLES, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def report_awaiting_acceptance_notify(*, report_id: int) -> int:
    """Tell the managers of each programme that must accept the report (approved, not accepted)
    that it waits for them, with a link to the programme's queue. Returns how many programmes'
    managers were told (once per report version and programme)."""
    from programmes.selectors import acceptance_programmes_of

    report = (
        PeriodReport.objects.select_related("pilot", "period", "decided_by")
        .filter(pk=report_id, status=ReportStatus.APPROVED, accepted_at__isnull=True)
        .first()
    )
    if report is None:
        return 0
    sent = 0
    for programme in acceptance_programmes_of(report=report):
        sent += send_once(
            f"report-awaiting-acceptance:{report.pk}:{report.version}:{programme.pk}",
            template="programmes/email/report_awaiting_acceptance",
            context={
                "report": report,
                "pilot": report.pilot,
                "period": report.period,
                "programme": programme,
                "path": reverse(
                    "programmes:acceptance_report",
                    kwargs={"slug": programme.slug, "report_id": report.pk},
                ),
            },
            recipients=_managers(programme),
        )
    return sent


def report_acceptance_notify(*, report_id: int, kind: str) -> bool:
    """Tell the pilot's reporters and approvers (and whoever submitted) that the funder accepted
    the report, or took its acceptance back with a comment (`kind` "accepted"/"unaccepted").
    False when the report is gone or no longer in that state."""
    report = (
        PeriodReport.objects.select_related("pilot", "period", "submitted_by", "accepted_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return False
    if kind == "accepted" and not report.is_accepted:
        return False
    if kind == "unaccepted" and (report.is_accepted or report.status != ReportStatus.RETURNED):
        return False
    roles = set(REPORTER_ROLES) | set(APPROVE_ROLES)
    recipients = [u.email for u in pilot_people(pilot=report.pilot, roles=roles)]
    if report.submitted_by and report.submitted_by.is_active and report.submitted_by.email:
        recipients.append(report.submitted_by.email)
    return send_once(
        f"report-{kind}:{report.pk}:{report.version}",
        template="programmes/email/report_acceptance",
        context={
            "report": report,
            "pilot": report.pilot,
            "period": report.period,
            "accepted": kind == "accepted",
            "path": report.get_absolute_url(),
        },
        recipients=sorted(set(recipients)),
    )
