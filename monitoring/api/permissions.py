"""Permission classes of the monitoring API, built from monitoring/rules.py (core.permissions)."""

from core.permissions import SignedIn, user_rule
from monitoring import rules

CanOpenMatrix = user_rule(
    rules.is_monitor,
    name="CanOpenMatrix",
    message="Only approvers, programme managers and the coordinator follow reporting.",
)
# Who may read the matrix and press "remind"; the rows are limited by `monitored_q`.
MATRIX_ACCESS = SignedIn & CanOpenMatrix
