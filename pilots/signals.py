"""What the pilots app tells higher apps without importing them (they connect in `ready()`).

`report_approved(sender=PeriodReport, report=…)` is sent inside `report_approve`'s transaction,
after the report is approved: programmes listens to tell a funder who must accept it. A receiver
queues its work with `outbox.enqueue`, so nothing is sent if the approval rolls back.
"""

from django.dispatch import Signal

report_approved = Signal()
