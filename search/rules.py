"""Who may see which search documents: the searcher's access, computed once per search.

A document carries its access level (public, partnership, restricted) and, unless public, grant
keys for the organisations and users that work on its record (search/documents.py derives them
from the record's own rule, e.g. pilots.rules.can_view_pilot). The rule is written here once in
both forms — `documents_visible_q` and `can_view_document` — and in the compact form both
backends search with (`user_access`); tests/security/test_rule_agreement.py checks the forms
agree, and that a pilot's document is visible exactly to those who may see the pilot.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from core.rules import EVERYTHING, rule
from partners.rules import is_coordinator, is_partner, organisation_ids

from .models import Access, SearchKey


@dataclass(frozen=True)
class UserAccess:
    """`everything` for the coordinator; otherwise public documents, partnership documents for
    members of an approved organisation, and documents granted to one of `grants`."""

    everything: bool = False
    partnership: bool = False
    grants: tuple[str, ...] = field(default_factory=tuple)


def user_access(user) -> UserAccess:
    """The access a user has (two queries at most), matching `pilots.rules.visible_q`."""
    if is_coordinator(user):
        return UserAccess(everything=True)
    if user is None or not user.is_authenticated:
        return UserAccess()
    grants = [*sorted(f"org:{pk}" for pk in organisation_ids(user)), f"user:{user.pk}"]
    return UserAccess(partnership=is_partner(user), grants=tuple(grants))


def access_q(access: UserAccess) -> Q:
    """Queryset filter over search documents for an access computed by `user_access`."""
    if access.everything:
        return EVERYTHING
    condition = Q(access=Access.PUBLIC)
    if access.partnership:
        condition |= Q(access=Access.PARTNERSHIP)
    if access.grants:
        condition |= Exists(
            SearchKey.objects.filter(
                document=OuterRef("pk"), key__in=[f"grant:{g}" for g in access.grants]
            )
        )
    return condition


def documents_visible_q(user) -> Q:
    """The search documents the user may see (see `can_view_document`)."""
    return access_q(user_access(user))


@rule("search.view_document", model="portal_search.SearchDocument", filter=documents_visible_q)
def can_view_document(user, document) -> bool:
    access = user_access(user)
    if access.everything or document.access == Access.PUBLIC:
        return True
    if access.partnership and document.access == Access.PARTNERSHIP:
        return True
    wanted = {f"grant:{g}" for g in access.grants}
    return any(key.key in wanted for key in document.keys.all())
