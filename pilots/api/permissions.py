"""Permission classes for the pilots API, built from pilots.rules (core.permissions).

Objects are pilots or records of one pilot (reports, values): the rule is checked on the pilot.
"""

from core.permissions import ReadOnly, SignedIn, object_rule
from pilots import rules


def _pilot(obj):
    return getattr(obj, "pilot", obj)


# Object-level read check; the selectors (rules.visible_q) already hide what the user may not see.
CanViewPilot = object_rule(rules.can_view_pilot, target=_pilot, name="CanViewPilot")
_Edit = object_rule(rules.can_edit_pilot, target=_pilot, name="CanEditPilotObject")
_Report = object_rule(rules.can_report, target=_pilot, name="CanReportObject")
CanApprove = object_rule(rules.can_approve, target=_pilot, name="CanApprove")
# Unapproved reports' details (comments on cells, value history, outlier flags): the pilot's people.
CanViewDrafts = object_rule(rules.can_view_drafts, target=_pilot, name="CanViewDrafts")

# Reads for whoever may see the pilot; changes for its editors.
CanEditPilot = (ReadOnly & CanViewPilot) | (SignedIn & _Edit)
# Reads for whoever may see the pilot; saving and submitting reports for its reporters.
CanReport = (ReadOnly & CanViewPilot) | (SignedIn & _Report)

# Validation rules: the library for everyone to read, a pilot's rules for its own people; the
# library written by the coordinator, a pilot's rules by its editors.
CanViewValidationRule = object_rule(rules.can_view_validation_rule, name="CanViewValidationRule")
CanEditValidationRule = object_rule(rules.can_edit_validation_rule, name="CanEditValidationRule")
VALIDATION_RULE_ACCESS = (ReadOnly & CanViewValidationRule) | (SignedIn & CanEditValidationRule)
