"""Optimistic locking: one way to refuse a change made on a stale copy.

A form or API client sends back the version (or edit token) it read; the service locks the row
(select_for_update), compares, and refuses with a ValidationError of code "stale" when someone
else saved in between. Interfaces recognise the refusal with `is_stale` (the API answers 409).
Each service passes its own sentence so the user reads what changed ("piloten", "rapporten").
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

STALE = "stale"


def stale_error(message: str | None = None) -> ValidationError:
    """The refusal: `message` says what changed; a general sentence by default."""
    return ValidationError(
        message or _("Någon annan har ändrat uppgifterna sedan du öppnade sidan. Ladda om sidan."),
        code=STALE,
    )


def refuse_if_stale(current, expected, message: str | None = None) -> None:
    """Raise `stale_error(message)` unless `expected` is None (the caller did not say which
    version it read) or equals `current`."""
    if expected is not None and current != expected:
        raise stale_error(message)


def is_stale(error: ValidationError) -> bool:
    """Whether a service refused because the copy the user edited is out of date."""
    return getattr(error, "code", None) == STALE
