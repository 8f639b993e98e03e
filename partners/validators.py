"""Validators for Swedish identifiers, written once and reused by models, forms and serializers."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr


def normalise_org_number(value: str) -> str:
    """Return an organisationsnummer as NNNNNN-NNNN, or raise ValidationError with the reason."""
    raw = (value or "").strip()
    try:
        digits = orgnr.validate(raw)
    except StdnumError as exc:
        compact = orgnr.compact(raw) if raw else ""
        if len(compact) != 10 or not (compact.isascii() and compact.isdigit()):
            raise ValidationError(
                _("Ett organisationsnummer har tio siffror, till exempel 212000-0142."),
                code="org_number_format",
            ) from exc
        raise ValidationError(
            _("Organisationsnumret %(value)s har fel kontrollsiffra. Kontrollera numret."),
            code="org_number_checksum",
            params={"value": raw},
        ) from exc
    return f"{digits[:6]}-{digits[6:]}"


def validate_org_number(value: str) -> None:
    normalise_org_number(value)


def validate_kommun_code(value: str) -> None:
    if not (isinstance(value, str) and len(value) == 4 and value.isdigit()):
        raise ValidationError(_("En kommunkod har fyra siffror, till exempel 0180."))


def validate_lan_code(value: str) -> None:
    if not (isinstance(value, str) and len(value) == 2 and value.isdigit()):
        raise ValidationError(_("En länskod har två siffror, till exempel 01."))
