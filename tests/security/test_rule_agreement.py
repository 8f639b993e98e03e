"""Every who-may-do-what rule, in both its forms, over every role and every object of the world.

Each app's rules.py registers its rules with core.rules: a queryset filter (which objects the
user may …) and the per-object predicate (may the user … this one). Pages and lists use the
filter; detail pages, the API's permission classes and services use the predicate. Where the two
disagree a user sees a page that its list never shows, or a list row that then answers 404 —
as the programme list once did for members of a pilot's partner organisation (issue 17).

The rules are discovered, not listed here: a rule registered in any app is covered on its own.
Every other `can_*`/`is_*` function of a rules module must name the registered rule it is
(`SAME_AS`), and is checked to answer as that rule does.
"""

import importlib
import inspect

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from core.rules import REGISTRY, discover
from partners.factories import UserFactory
from tests.security.world import ROLES

discover()
RULES = dict(sorted(REGISTRY.items()))
RULE_MODULES = sorted({rule.predicate.__module__ for rule in RULES.values()})


def _fresh(world, role):
    """The role's user read anew, so no per-request cache of another test answers for it."""
    user = world.users.get(role)
    if user is None:
        return AnonymousUser()
    return get_user_model().objects.get(pk=user.pk)


def _extra_users():
    """Accounts the world lacks that a user rule must still judge alike: inactive ones."""
    return [
        UserFactory(coordinator=True, is_active=False),
        UserFactory(is_active=False),
    ]


def _disagreements(rule, world) -> list[str]:
    model = rule.model_class()
    problems = []
    if rule.kind == "state":
        by_filter = set(model.objects.filter(rule.filter()).values_list("pk", flat=True))
        for obj in model.objects.all():
            said = bool(rule.predicate(obj))
            if said != (obj.pk in by_filter):
                problems.append(f"{model.__name__} {obj.pk} ({obj}): predicate {said}")
        return problems
    if rule.kind == "user":
        _extra_users()
        by_filter = set(model.objects.filter(rule.filter()).values_list("pk", flat=True))
        for user in model.objects.all():
            said = rule.predicate(user)
            if said != (user.pk in by_filter):
                problems.append(f"user {user.email}: predicate {said}, filter {not said}")
        if rule.predicate(AnonymousUser()):
            problems.append("anonymous: the predicate allows what no queryset row can")
        return problems
    objects = list(model.objects.all())
    assert objects, f"the world has no {model.__name__}: the rule {rule.name} goes untested"
    for role in ROLES:
        user = _fresh(world, role)
        by_filter = set(model.objects.filter(rule.filter(user)).values_list("pk", flat=True))
        for obj in objects:
            said = bool(rule.predicate(user, obj))
            if said != (obj.pk in by_filter):
                problems.append(
                    f"{role} × {model.__name__} {obj.pk} ({obj}): predicate {said}, "
                    f"filter {not said}"
                )
    return problems


@pytest.mark.parametrize("name", list(RULES))
def test_filter_and_predicate_agree(name, world, db):
    problems = _disagreements(RULES[name], world)
    assert not problems, f"{name}: the two forms disagree:\n" + "\n".join(problems)


def test_every_rule_is_covered():
    """Each rules module's `can_*`/`is_*` functions are registered rules or name one (SAME_AS)."""
    assert len(RULES) >= 30
    registered = {rule.predicate for rule in RULES.values()}
    missing = []
    for module_name in RULE_MODULES:
        module = importlib.import_module(module_name)
        same_as = getattr(module, "SAME_AS", {})
        for name, function in vars(module).items():
            if not inspect.isfunction(function) or function.__module__ != module_name:
                continue
            if not name.startswith(("can_", "is_")) or function in registered:
                continue
            if same_as.get(name) not in RULES:
                missing.append(f"{module_name}.{name}")
    assert not missing, "rules neither registered nor SAME_AS a registered one: " + ", ".join(
        missing
    )


def _aliases():
    for module_name in RULE_MODULES:
        module = importlib.import_module(module_name)
        for name, rule_name in getattr(module, "SAME_AS", {}).items():
            yield pytest.param(module_name, name, rule_name, id=f"{module_name}.{name}")


@pytest.mark.parametrize(("module_name", "name", "rule_name"), list(_aliases()))
def test_same_as_answers_as_its_rule(module_name, name, rule_name, world, db):
    function = getattr(importlib.import_module(module_name), name)
    rule = RULES[rule_name]
    arity = len(inspect.signature(function).parameters)
    expected = len(inspect.signature(rule.predicate).parameters)
    if arity != expected:
        # A part of the rule (more context than one object): the rule must be built from it.
        assert name in inspect.getsource(rule.predicate), f"{rule_name} does not use {name}"
        return
    model = rule.model_class()
    problems = []
    for role in ROLES:
        user = _fresh(world, role)
        if rule.kind == "user":
            if function(user) != rule.predicate(user):
                problems.append(role)
            continue
        for obj in model.objects.all():
            args = (obj,) if rule.kind == "state" else (user, obj)
            if function(*args) != rule.predicate(*args):
                problems.append(f"{role} × {obj}")
    assert not problems, f"{module_name}.{name} is not {rule_name} for: " + ", ".join(problems)


def test_search_documents_follow_the_pilot_rule(world, db):
    """A pilot's search document is visible exactly to those who may see the pilot."""
    from pilots.models import Pilot
    from pilots.rules import can_view_pilot
    from search.models import SearchDocument
    from search.rules import can_view_document

    docs = {d.object_id: d for d in SearchDocument.objects.filter(doc_type="pilot")}
    problems = []
    for role in ROLES:
        user = _fresh(world, role)
        for pilot in Pilot.objects.filter(pk__in=docs):
            if can_view_document(user, docs[pilot.pk]) != can_view_pilot(user, pilot):
                problems.append(f"{role} × {pilot}")
    assert not problems, "search and the pilot rule disagree: " + ", ".join(problems)


def _detail(programme):
    return reverse("programmes:programme_detail", kwargs={"slug": programme.slug})


@pytest.mark.parametrize("role", ["other_member", "org_admin", "coordinator"])
def test_partner_member_finds_the_programme_in_the_list(role, world, clients):
    """The member of a pilot's partner organisation who may open a programme's page finds the
    programme in /program/ too (issue 17's bug: 200 on the page, missing from the list)."""
    programme = world.partnered_programme
    page = clients[role].get(_detail(programme))
    listing = clients[role].get(reverse("programmes:programme_list"))
    assert page.status_code == 200
    assert programme.name in listing.content.decode()


def test_outsiders_see_neither_the_page_nor_the_row(world, clients):
    programme = world.partnered_programme
    for role in ("anonymous", "outsider", "appraiser"):
        page = clients[role].get(_detail(programme))
        listing = clients[role].get(reverse("programmes:programme_list"))
        assert page.status_code in (302, 404), role
        assert programme.name not in listing.content.decode(), role
