"""One exception handler for the whole API: services' Django errors become 400 and 403, and every
error body is an object (`detail`, or field → messages)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import DataError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                field: [str(m) for e in errors for m in e.messages]
                for field, errors in exc.error_dict.items()
            }
            detail = {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, DataError) and "NUL (0x00)" in str(exc):
        # PostgreSQL refuses a NUL character in any text, also in a lookup (a slug, a kommun code)
        # that no CharField validator saw; SQLite accepts it. The failed statement has already
        # been rolled back with its transaction.atomic, so this is bad input, not a server error.
        exc = exceptions.ValidationError(
            {"non_field_errors": [str(ProhibitNullCharactersValidator.message)]}
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # A bare list of messages (raised by a filter or a validator on the whole request) gets
        # the same shape as every other 400: an object of field → messages.
        response.data = {"non_field_errors": response.data}
    return response
