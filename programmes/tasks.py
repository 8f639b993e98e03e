"""Background jobs: e-mail the pilot's lead organisation admins about the funder's decisions.

Each task takes an id, re-fetches (returns quietly if the row is gone) and sends at most once
(`send_once` keyed on what was decided), so retries and repeated runs never send twice.
"""

from celery import shared_task
from django.urls import reverse

from partners.models import Role
from partners.notifications import send_once
from programmes.models import GateDecision, MembershipStatus, ProgrammePilot

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


def _admins(pilot) -> list[str]:
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


@shared_task(**RETRY)
def notify_membership_decided(membership_id: int) -> bool:
    """Tell the pilot's lead admins that the funder accepted (or declined) the pilot."""
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


@shared_task(**RETRY)
def notify_gate_decision(decision_id: int) -> bool:
    """Tell the pilot's lead admins about a decision at a gate (once per decision)."""
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
