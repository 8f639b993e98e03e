"""Every state change of pilots and reports. Re-exports the public services of each module."""

from .indicators import (  # noqa: F401
    indicator_library_load,
    indicator_save,
    pilot_indicator_add,
    pilot_indicator_remove,
    pilot_indicator_update,
    pilot_indicators_update,
)
from .pilots import (  # noqa: F401
    evaluation_plan_update,
    periods_regenerate,
    pilot_create_draft,
    pilot_membership_grant,
    pilot_membership_revoke,
    pilot_publish,
    pilot_set_partners,
    pilot_update,
)
from .report_decisions import (  # noqa: F401
    report_accept,
    report_approve,
    report_return,
    report_unaccept,
)
from .reports import (  # noqa: F401
    report_for_period,
    report_save,
    report_save_and_submit,
    report_submit,
)

# isort: split
