""" "Påminn rapportörerna": remind the reporters of the overdue, unsubmitted reports in the
matrix's current filter (docs/data-quality.md)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import rules, selectors
from monitoring.models import Reminder, ReminderBatch
from outbox import enqueue
from partners.audit import audit_record

# A report reminded less than this long ago is not reminded again.
REMIND_AGAIN_AFTER = dt.timedelta(days=1)
BATCH_SIZE = 1000


@transaction.atomic
def remind_missing_reporters(
    *, actor, filters: selectors.MatrixFilters, today: dt.date | None = None
) -> ReminderBatch | None:
    """Remind the reporters of every missing report in the filter that was not reminded within
    the last day: one `Reminder` per period, one audit event, one notification job queued on
    commit. Returns the batch (its `count` is how many reports), or None when there was nothing
    to remind about. Refuses (PermissionDenied) whoever may not open the matrix."""
    if not rules.is_monitor(actor):
        raise PermissionDenied(_("Du får inte påminna om rapporter."))
    today = today or timezone.localdate()
    recent = Reminder.objects.filter(created_at__gte=timezone.now() - REMIND_AGAIN_AFTER)
    period_ids = list(
        selectors.missing_periods(user=actor, filters=filters, today=today)
        .exclude(pk__in=recent.values("period_id"))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not period_ids:
        return None
    batch = ReminderBatch.objects.create(created_by=actor, filters=filters.as_dict())
    # One row per period and day (a unique constraint): a concurrent press of the button inserts
    # nothing for the periods the other one claimed, and its batch counts only its own rows.
    Reminder.objects.bulk_create(
        (Reminder(batch=batch, period_id=pk, day=today) for pk in period_ids),
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    batch.count = batch.reminders.count()
    if not batch.count:
        batch.delete()
        return None
    batch.save(update_fields=["count"])
    audit_record(
        actor=actor,
        action="report.reminders_sent",
        obj=batch,
        changes={"count": [None, batch.count]},
    )
    from monitoring.tasks import send_matrix_reminders

    enqueue(send_matrix_reminders, batch.pk)
    return batch
