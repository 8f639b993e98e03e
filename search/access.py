"""Who may see which search documents: the searcher's access, computed once per search."""

from dataclasses import dataclass, field

from partners.models import Organisation
from partners.rules import is_coordinator


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
    memberships = list(user.memberships.values_list("organisation_id", "organisation__status"))
    approved = any(status == Organisation.Status.APPROVED for _pk, status in memberships)
    grants = [*sorted({f"org:{pk}" for pk, _status in memberships}), f"user:{user.pk}"]
    return UserAccess(partnership=approved, grants=tuple(grants))
