"""What the coordinator group may do with benchmarking's models; partners/groups.py collects it.

KPI metadata (benchmarking/wagtail_hooks.py): title, unit, direction, gender split. KPIs come from
Kolada or an import, so no add; values depend on them, so no delete.
"""

COORDINATOR_PERMISSIONS = [("benchmarking", f"{action}_kpi") for action in ("change", "view")]
# The coordinator's permissions on these models are exactly the ones above.
COORDINATOR_MANAGED_MODELS = [("benchmarking", "kpi")]
