"""Background jobs: e-mail the pilot's lead organisation admins about the funder's decisions.

Each task takes an id and calls one service of programmes/services/notifications.py, which holds
who is told and sends at most once. The import is inside each task: the membership services
import these tasks.
"""

from celery import shared_task

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**RETRY)
def notify_membership_decided(membership_id: int) -> bool:
    """Tell the pilot's lead admins that the funder accepted (or declined) the pilot."""
    from programmes.services.notifications import membership_decided_notify

    return membership_decided_notify(membership_id=membership_id)


@shared_task(**RETRY)
def notify_gate_decision(decision_id: int) -> bool:
    """Tell the pilot's lead admins about a decision at a gate (once per decision)."""
    from programmes.services.notifications import gate_decision_notify

    return gate_decision_notify(decision_id=decision_id)


@shared_task(**RETRY)
def notify_report_awaiting_acceptance(report_id: int) -> int:
    """Tell the managers of each programme that must accept the report that it waits for them."""
    from programmes.services.notifications import report_awaiting_acceptance_notify

    return report_awaiting_acceptance_notify(report_id=report_id)


@shared_task(**RETRY)
def notify_report_acceptance(report_id: int, kind: str) -> bool:
    """Tell the pilot's reporters and approvers that the funder accepted (or took back its
    acceptance of) their report."""
    from programmes.services.notifications import report_acceptance_notify

    return report_acceptance_notify(report_id=report_id, kind=kind)
