"""What the coordinator group may do with pilots' models; partners/groups.py collects it.

The coordinator keeps the shared libraries: the indicator library (pilots/wagtail_hooks.py; not
delete: pilots depend on it), and for business cases the unit-cost library and the versioned
discount-rate schedules; and the library of validation rules of reports.
"""

COORDINATOR_PERMISSIONS = [
    *[
        ("pilots", f"{action}_{model}")
        for model in ("indicator", "unitcost", "discountrateschedule")
        for action in ("add", "change", "view")
    ],
    # The validation-rule library (pilots/wagtail_hooks.py): rules can be deleted, nothing
    # depends on them.
    *[("pilots", f"{action}_validationrule") for action in ("add", "change", "view", "delete")],
]
# The coordinator's permissions on these models are exactly the ones above: a grant removed
# from the list is withdrawn on the next migrate.
COORDINATOR_MANAGED_MODELS = [
    ("pilots", model)
    for model in ("indicator", "unitcost", "discountrateschedule", "validationrule")
]
