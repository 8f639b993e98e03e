"""Partners: users, reference data (kommuner, regioner), organisations, memberships, audit."""

from .audit import AuditEvent
from .notifications import SentNotification
from .organisations import Invitation, Membership, Organisation, OrganisationKind, Role
from .reference import Kommun, Region, SkrGroup
from .users import User

__all__ = [
    "AuditEvent",
    "Invitation",
    "Kommun",
    "Membership",
    "Organisation",
    "OrganisationKind",
    "Region",
    "Role",
    "SentNotification",
    "SkrGroup",
    "User",
]
