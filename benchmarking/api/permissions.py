"""Permission classes for the benchmarking API, built from benchmarking.rules (core.permissions)."""

from benchmarking import rules
from core.permissions import ReadOnly, object_rule, user_rule

CanEditKpi = user_rule(rules.can_edit_kpi, name="CanEditKpi")
CanEditPeerGroup = object_rule(rules.can_edit_peer_group, name="CanEditPeerGroup")
CanCreatePeerGroup = user_rule(rules.can_create_peer_group, name="CanCreatePeerGroup")

KPI_ACCESS = ReadOnly | CanEditKpi
# Reads follow visibility (the queryset); new groups need an account; changes only the owner.
PEER_GROUP_ACCESS = ReadOnly | (CanCreatePeerGroup & CanEditPeerGroup)
