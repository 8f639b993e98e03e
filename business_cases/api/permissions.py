"""Permission classes for the business-case API, built from business_cases.rules
(core.permissions).

Objects are cases or lines of one case: the rule is checked on the case. The selectors
(rules.cases_visible_q) already hide what the user may not see.
"""

from business_cases import rules
from core.permissions import ReadOnly, SignedIn, object_rule, user_rule


def _case(obj):
    return getattr(obj, "business_case", obj)


CanViewCase = object_rule(rules.can_view_case, target=_case, name="CanViewCase")
_Edit = object_rule(rules.can_edit_business_case, target=_case, name="CanEditCaseObject")
CanManageLibrary = user_rule(rules.can_manage_library, name="CanManageLibrary")

# Reads for whoever may see the case; changes (settings, lines) for the pilot's editors.
CanEditCase = (ReadOnly & CanViewCase) | (SignedIn & _Edit)
# Reference data (unit costs): reads for everyone; changes for the coordinator.
LibraryOrReadOnly = ReadOnly | CanManageLibrary
