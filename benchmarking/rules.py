"""Who may do what in benchmarking: peer groups and the Kolada indicator texts.

Every rule is written in both forms: a queryset filter (`…_q`) and the per-object predicate
registered with it (core.rules); tests/security/test_rule_agreement.py checks they agree.
"""

from django.db.models import Q

from core.rules import EVERYTHING, NOTHING, rule
from partners.rules import is_coordinator


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def peer_groups_visible_q(user) -> Q:
    """Shared (imported) groups for everyone; custom groups only for their owner."""
    shared = Q(owner__isnull=True)
    return shared | Q(owner=user.pk) if _signed_in(user) else shared


@rule("benchmarking.view_peer_group", model="benchmarking.PeerGroup", filter=peer_groups_visible_q)
def can_view_peer_group(user, group) -> bool:
    return group.owner_id is None or can_edit_peer_group(user, group)


def peer_groups_editable_q(user) -> Q:
    """The user's own groups: only the owner changes or deletes one (shared ones: nobody)."""
    return Q(owner=user.pk) if _signed_in(user) else NOTHING


@rule("benchmarking.edit_peer_group", model="benchmarking.PeerGroup", filter=peer_groups_editable_q)
def can_edit_peer_group(user, group) -> bool:
    return _signed_in(user) and group.owner_id is not None and group.owner_id == user.pk


def signed_in_users_q() -> Q:
    """Every account (anyone signed in)."""
    return EVERYTHING


@rule("benchmarking.create_peer_group", kind="user", filter=signed_in_users_q)
def can_create_peer_group(user) -> bool:
    """Anyone signed in may make peer groups of their own."""
    return _signed_in(user)


def can_edit_kpi(user) -> bool:
    """The indicator texts and metadata: the national coordinator (partners.rules)."""
    return is_coordinator(user)


SAME_AS = {"can_edit_kpi": "partners.is_coordinator"}
