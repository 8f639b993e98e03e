"""Permission classes for the learning API, built from learning.rules (core.permissions)."""

from core.permissions import ReadOnly, SignedIn, object_rule, user_rule
from learning import rules

CanAppraise = user_rule(
    rules.can_appraise, name="CanAppraise", message="Bara bedömningsgruppen och koordinatorn."
)
CanNominate = user_rule(rules.can_nominate, name="CanNominate")

# Checked on the appraisal, after the queryset (drafts stay 404 for those who may not see them);
# a create has no appraisal yet: the view asks rules.can_appraise.
_AppraiseThis = object_rule(
    lambda user, appraisal: rules.can_appraise(user),
    name="CanAppraiseThis",
    message="Bara bedömningsgruppen och koordinatorn.",
)
# Appraisals: reads follow visibility (the selector); every change by the appraisal group.
APPRAISAL_ACCESS = ReadOnly | (SignedIn & _AppraiseThis)
# Practices: reads for all; nominating for the coordinator.
PRACTICE_ACCESS = ReadOnly | CanNominate
# Adopting a pilot: anyone signed in (the organisation is checked against rules.can_adopt_for).
ADOPTION_ACCESS = SignedIn
