"""Helpers the programme services share."""

from django.core.exceptions import PermissionDenied

from partners.audit import audit_record
from programmes import rules


def require_manager(actor, programme) -> None:
    if not rules.can_manage_programme(actor, programme):
        raise PermissionDenied


def audit(
    *, actor, action: str, obj, programme, changes: dict | None = None, message: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        organisation=programme.owner,
        changes=changes,
        message=message,
    )
