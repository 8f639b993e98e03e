"""Permission classes for the partners API, built from partners.rules (core.permissions)."""

from core.permissions import ReadOnly, SignedIn, object_rule, user_rule
from partners import rules

IsCoordinator = user_rule(rules.is_coordinator, name="IsCoordinator")
_ManageMembers = object_rule(rules.can_manage_members, name="CanManageMembers")
# Reads follow visibility (the selector); writes need the organisation's admin or coordinator.
CanManageOrganisation = ReadOnly | _ManageMembers
CanViewMembers = SignedIn & object_rule(rules.can_view_members, name="CanViewMembers")
