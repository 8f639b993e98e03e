"""The API has one permission style: classes built from the rules (core.permissions), combined
with & and |, in every app. A viewset that checks permission some other way fails here."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import permissions as drf
from rest_framework.permissions import OperandHolder, SingleOperandHolder

from core.permissions import RulePermission, object_rule

# DRF's own classes say nothing about who may do what beyond "signed in"; they may stand alone.
PLAIN = {drf.AllowAny, drf.IsAuthenticated, drf.IsAuthenticatedOrReadOnly}
PROJECT_APPS = {
    "benchmarking",
    "business_cases",
    "config",
    "evidence",
    "iati_export",
    "learning",
    "monitoring",
    "partners",
    "pilots",
    "programmes",
    "search",
    "cms",
}
EXCEPTIONS: set[str] = set()


def _viewsets():
    found = {}

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns)
            elif isinstance(p, URLPattern):
                cls = getattr(p.callback, "cls", None)
                if cls is not None and cls.__module__.split(".")[0] in PROJECT_APPS:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls

    walk(get_resolver().url_patterns)
    return found


def _leaves(permission):
    if isinstance(permission, OperandHolder):
        yield from _leaves(permission.op1_class)
        yield from _leaves(permission.op2_class)
    elif isinstance(permission, SingleOperandHolder):
        yield from _leaves(permission.op1_class)
    else:
        yield permission


def _bad(permission_classes):
    bad = []
    for permission in permission_classes:
        for leaf in _leaves(permission):
            name = f"{leaf.__module__}.{leaf.__qualname__}"
            if leaf in PLAIN or name in EXCEPTIONS:
                continue
            if not (isinstance(leaf, type) and issubclass(leaf, RulePermission)):
                bad.append(name)
    return bad


VIEWSETS = _viewsets()


def test_the_api_has_viewsets():
    assert len(VIEWSETS) >= 15


@pytest.mark.parametrize("name", sorted(VIEWSETS))
def test_viewset_permissions_are_built_from_rules(name):
    cls = VIEWSETS[name]
    bad = _bad(cls.permission_classes)
    for extra in getattr(cls, "get_extra_actions", list)():
        bad += _bad(extra.kwargs.get("permission_classes", ()))
    assert not bad, f"{name} checks permission outside the rules: {bad}"


class _Request:
    def __init__(self, user, method="GET"):
        self.user, self.method = user, method


def test_a_class_from_a_rule_answers_as_the_rule(world, db):
    """The classes combine the predicates, nothing more: a viewer reads the programme and may
    not manage it; its approver may; an outsider may do neither with a private one."""
    from programmes.api.permissions import PROGRAMME_ACCESS

    allowed = {}
    for role in ("viewer", "approver", "outsider"):
        user = world.users[role]
        for method in ("GET", "PATCH"):
            check = PROGRAMME_ACCESS()
            request = _Request(user, method)
            allowed[role, method] = check.has_permission(
                request, None
            ) and check.has_object_permission(request, None, world.programme)
    assert allowed == {
        ("viewer", "GET"): True,
        ("viewer", "PATCH"): False,
        ("approver", "GET"): True,
        ("approver", "PATCH"): True,
        ("outsider", "GET"): True,  # public programme: the queryset decides what is read
        ("outsider", "PATCH"): False,
    }
    assert object_rule(bool).__name__ == "Rule_bool"
