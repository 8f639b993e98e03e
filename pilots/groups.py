"""What the coordinator group may do with pilots' models; partners/groups.py collects it.

The coordinator keeps the shared libraries: the indicator library (pilots/wagtail_hooks.py; not
delete: pilots depend on it), and for business cases the unit-cost library and the versioned
discount-rate schedules.
"""

COORDINATOR_PERMISSIONS = [
    *[
        ("pilots", f"{action}_{model}")
        for model in ("indicator", "unitcost", "discountrateschedule")
        for action in ("add", "change", "view")
    ],
]
# The coordinator's permissions on these models are exactly the ones above: a grant removed
# from the list is withdrawn on the next migrate.
COORDINATOR_MANAGED_MODELS = [
    ("pilots", model) for model in ("indicator", "unitcost", "discountrateschedule")
]
