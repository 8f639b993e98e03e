"""Every state change of programmes. Re-exports the public services of each module."""

from .acceptance import report_accept, report_unaccept
from .ledger import (
    expected_saving_set,
    ledger_entry_reverse,
    payout_record,
    realised_saving_set,
    repayment_record,
)
from .membership import (
    gate_decision_record,
    membership_decide,
    membership_withdraw,
    pilot_add,
    pilot_apply,
    principle_assess,
)
from .programmes import programme_create, programme_update, stage_add, stage_update
from .reports import (
    progress_report_compile,
    progress_report_publish,
    progress_report_save,
    progress_report_update_summary,
)

__all__ = [
    "expected_saving_set",
    "gate_decision_record",
    "ledger_entry_reverse",
    "membership_decide",
    "membership_withdraw",
    "payout_record",
    "pilot_add",
    "pilot_apply",
    "principle_assess",
    "programme_create",
    "programme_update",
    "progress_report_compile",
    "progress_report_publish",
    "progress_report_save",
    "progress_report_update_summary",
    "realised_saving_set",
    "repayment_record",
    "report_accept",
    "report_unaccept",
    "stage_add",
    "stage_update",
]
