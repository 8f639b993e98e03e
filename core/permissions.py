"""DRF permission classes built from the rules in each app's rules.py (one style for the API).

`object_rule(predicate)` makes a class whose object check is the rule's predicate;
`user_rule(predicate)` one whose request check is. Classes combine with DRF's `&`, `|` and `~`,
e.g. `ReadOnly | CanManageProgramme`. Each app's api/permissions.py builds its classes here from
its rules, so a viewset never writes a rule of its own.
"""

from collections.abc import Callable

from rest_framework.permissions import SAFE_METHODS, BasePermission


class RulePermission(BasePermission):
    """Base of every permission class built from a rule (tests/security checks viewsets use
    only these and DRF's own authentication classes)."""

    rule: Callable


class ReadOnly(RulePermission):
    """Safe methods (GET, HEAD, OPTIONS): what the queryset (the rule's filter) already shows."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS


def object_rule(
    predicate: Callable, *, target: Callable = lambda obj: obj, name: str = "", message: str = ""
):
    """A permission class whose object check is `predicate(request.user, target(obj))`."""

    def has_object_permission(self, request, view, obj):
        return bool(predicate(request.user, target(obj)))

    return type(
        name or f"Rule_{predicate.__name__}",
        (RulePermission,),
        {
            "rule": staticmethod(predicate),
            "has_object_permission": has_object_permission,
            "__doc__": predicate.__doc__,
            **({"message": message} if message else {}),
        },
    )


def user_rule(predicate: Callable, *, name: str = "", message: str = ""):
    """A permission class whose request check is `predicate(request.user)`."""

    def has_permission(self, request, view):
        return bool(predicate(request.user))

    return type(
        name or f"Rule_{predicate.__name__}",
        (RulePermission,),
        {
            "rule": staticmethod(predicate),
            "has_permission": has_permission,
            "__doc__": predicate.__doc__,
            **({"message": message} if message else {}),
        },
    )


def signed_in(user) -> bool:
    """The request's user is signed in (the rule behind writes that need only an account)."""
    return bool(user and user.is_authenticated)


SignedIn = user_rule(signed_in, name="SignedIn")
