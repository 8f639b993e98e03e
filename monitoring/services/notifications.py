"""Who is told what when someone presses "Påminn rapportörerna" in the matrix.

`monitoring.tasks.send_matrix_reminders(batch_id)` calls `reminder_batch_send`: each reporter
(reporters and admins of the pilot's lead organisation, pilot-level reporters and admins; the
same people as the daily due reminders, `partners.rules.REPORTER_ROLES`) gets one e-mail listing
the reports of the batch they are to write, with a link to each. Sent once per batch and person
(`send_once`), so a retried task never sends twice.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.urls import reverse

from monitoring.models import ReminderBatch
from partners.models import Membership
from partners.notifications import send_once
from partners.rules import REPORTER_ROLES
from pilots.models import PilotMembership, ReportingPeriod


def reminder_batch_send(*, batch_id: int) -> int:
    """E-mail every reporter of the batch's periods once. Returns the number of e-mails sent
    (0 when the batch is gone). Four queries, then one send per person."""
    batch = ReminderBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return 0
    periods = list(
        ReportingPeriod.objects.filter(matrix_reminders__batch=batch)
        .select_related("pilot")
        .order_by("pilot__title", "start")
    )
    by_org = defaultdict(list)
    by_pilot = defaultdict(list)
    for period in periods:
        by_org[period.pilot.lead_organisation_id].append(period)
        by_pilot[period.pilot_id].append(period)
    todo = defaultdict(dict)  # user id → {period id: period}
    for org_id, user_id in Membership.objects.filter(
        organisation_id__in=by_org, role__in=REPORTER_ROLES
    ).values_list("organisation_id", "user_id"):
        todo[user_id].update({p.pk: p for p in by_org[org_id]})
    for pilot_id, user_id in PilotMembership.objects.filter(
        pilot_id__in=by_pilot, role__in=REPORTER_ROLES
    ).values_list("pilot_id", "user_id"):
        todo[user_id].update({p.pk: p for p in by_pilot[pilot_id]})
    users = get_user_model().objects.filter(pk__in=todo, is_active=True).order_by("pk")
    sent = 0
    for user in users:
        items = sorted(todo[user.pk].values(), key=lambda p: (p.pilot.title, p.start))
        sent += send_once(
            f"matrix-reminder:{batch.pk}:{user.pk}",
            template="monitoring/email/reminder",
            context={
                "user": user,
                "reports": [
                    (
                        p,
                        reverse(
                            "pilots:report_edit",
                            kwargs={"slug": p.pilot.slug, "period_id": p.pk},
                        ),
                    )
                    for p in items
                ],
            },
            recipients=[user.email],
        )
    return sent
