"""Who is told about the funder's decisions on a pilot: the lead organisation's admins hear
that the pilot was accepted or declined, and of each decision at a gate.

Called by the tasks in programmes/tasks.py (queued on commit by the membership services). Each
e-mail is sent at most once (`send_once` keyed on what was decided), so retries and repeated
runs never send twice; a row that is gone is skipped quietly.
"""

from django.urls import reverse

from partners.models import Role
from partners.notifications import send_once
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
