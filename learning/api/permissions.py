"""Permission classes for the learning API, built from learning.rules (core.permissions)."""

from core.permissions import ReadOnly, SignedIn, user_rule
from learning import rules

CanAppraise = user_rule(
    rules.can_appraise, name="CanAppraise", message="Bara bedömningsgruppen och koordinatorn."
)
CanNominate = user_rule(rules.can_nominate, name="CanNominate")

# Appraisals: reads follow visibility (the selector); every change by the appraisal group.
APPRAISAL_ACCESS = ReadOnly | CanAppraise
# Practices: reads for all; nominating for the coordinator.
PRACTICE_ACCESS = ReadOnly | CanNominate
# Adopting a pilot: anyone signed in (the organisation is checked against rules.can_adopt_for).
ADOPTION_ACCESS = SignedIn
