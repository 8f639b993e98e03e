"""Who may see which search documents: the searcher's access, computed once per search."""

from dataclasses import dataclass, field

from partners.rules import is_coordinator, is_partner, organisation_ids


@dataclass(frozen=True)
class UserAccess:
    """`everything` for the coordinator; otherwise public documents, partnership documents for
    members of an approved organisation, and documents granted to one of `grants`."""

    everything: bool = False
    partnership: bool = False
    grants: tuple[str, ...] = field(default_factory=tuple)


def user_access(user) -> UserAccess:
    """The access a user has (two queries at most), matching `Pilot.objects.visible_to`."""
    if is_coordinator(user):
        return UserAccess(everything=True)
    if user is None or not user.is_authenticated:
        return UserAccess()
    grants = [*sorted(f"org:{pk}" for pk in organisation_ids(user)), f"user:{user.pk}"]
    return UserAccess(partnership=is_partner(user), grants=tuple(grants))
