"""What the pilots app tells higher apps without importing them (they connect in `ready()`).

`report_approved(sender=PeriodReport, report=…)` is sent inside `report_approve`'s transaction,
after the report is approved: programmes listens to tell a funder who must accept it. A receiver
queues its work with `outbox.enqueue`, so nothing is sent if the approval rolls back.

`pilot_changed(sender=None, pilot_id=…)` is sent by `pilots.page_cache.bump` whenever one of the
pilot's rows changes (a save, a delete, or a bulk write that bumps by hand): programmes listens
to mark the pages of the programmes the pilot is in stale (programmes.page_cache).
"""

from django.dispatch import Signal

report_approved = Signal()
pilot_changed = Signal()
