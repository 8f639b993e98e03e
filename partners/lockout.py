"""Login throttling with django-axes: who counts as the same attempt, what a locked-out visitor
sees, and the audit trail of lockouts. The limits are AXES_* in settings/base.py."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_username(request, credentials) -> str:
    """Count "Anna@x.se" and "anna@x.se" as one account: e-mail addresses log in case-blind."""
    credentials = credentials or {}
    username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    if username is None and request is not None:
        data = getattr(request, "POST", None) or getattr(request, "data", None) or {}
        username = data.get(settings.AXES_USERNAME_FORM_FIELD, "")
    # Axes stores it in a 255-character column; a longer "address" must not become a 500.
    return str(username or "").strip().lower()[:255]


def _minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return _(
        "För många misslyckade inloggningsförsök. Kontot är spärrat från den här adressen i "
        "%(minutes)s minuter. Försök igen senare eller återställ lösenordet."
    ) % {"minutes": _minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """429 Too Many Requests: JSON for the API, a Swedish page for the login forms."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message(), "minutes": _minutes()},
        status=status,
    )


def record_lockout(sender, request, username, ip_address, **kwargs):
    """Audit a lockout on the account it targeted, so the coordinator sees attacks on users."""
    from partners.audit import audit_record
    from partners.models import User

    user = User.objects.filter(email__iexact=username).first() if username else None
    if user is None:
        return  # axes keeps its own record (AccessAttempt) of attempts on unknown addresses
    audit_record(
        actor=None,
        action="account.locked_out",
        obj=user,
        message=f"Spärrad efter {settings.AXES_FAILURE_LIMIT} misslyckade inloggningar från "
        f"{ip_address} ({request.path if request is not None else '-'})",
    )
