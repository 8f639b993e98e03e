"""Account middleware: two-factor enforcement and session expiry, each in one place."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from partners import two_factor


class TwoFactorMiddleware:
    """Send signed-in users who need a second factor to verify it (or set it up) first.

    Covers the portal, the Wagtail admin and session-authenticated API calls: everything that
    rides on the session. Token-authenticated API calls never have a session user here; the token
    endpoint itself asks for a code (partners/api/token.py), so a token is only issued to someone
    who passed both factors. Must come after django_otp's OTPMiddleware.
    """

    # Most users need no second factor; asking the database on every request would cost two
    # queries, so the answer is kept in the session for a while (a new admin is asked soon after).
    NOT_NEEDED_UNTIL = "_two_factor_not_needed_until"
    RECHECK_SECONDS = 300

    # Paths a half-logged-in user may still reach besides the 2FA pages: logout and language.
    OPEN_PREFIXES = ("/i18n/", "/jsi18n/", "/healthz", settings.STATIC_URL)

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = {
                reverse("partners:two_factor_setup"),
                reverse("partners:two_factor_verify"),
                reverse("partners:two_factor_backup_codes"),
                reverse("logout"),
                reverse("wagtailadmin_logout"),
            }
        return path in self._open_paths or path.startswith(self.OPEN_PREFIXES)

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not self.is_open(request.path_info)
            and not user.is_verified()
            and request.session.get(self.NOT_NEEDED_UNTIL, 0) < time.time()
        ):
            has_device = two_factor.has_two_factor(user)
            if has_device or two_factor.requires_two_factor(user):
                return self._second_step(request, has_device)
            request.session[self.NOT_NEEDED_UNTIL] = int(time.time()) + self.RECHECK_SECONDS
        return self.get_response(request)

    def _second_step(self, request, has_device: bool):
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Tvåstegsverifiering krävs. Verifiera inloggningen i portalen.")},
                status=403,
            )
        name = "partners:two_factor_verify" if has_device else "partners:two_factor_setup"
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_ABSOLUTE_TIMEOUT
    seconds after login whatever the activity. Logging out flushes the server-side session."""

    LOGIN_AT = "_session_login_at"
    SEEN_AT = "_session_seen_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            login_at = session.setdefault(self.LOGIN_AT, now)  # set at login by mark_login
            seen_at = session.get(self.SEEN_AT, now)
            idle = now - seen_at > settings.SESSION_IDLE_TIMEOUT
            too_old = now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or too_old:
                logout(request)
                if request.path_info.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Sessionen har gått ut. Logga in igen.")}, status=401
                    )
                return redirect_to_login(request.get_full_path())
            # Write at most once a minute: saving the session on every request costs a query.
            if now - seen_at >= 60 or self.SEEN_AT not in session:
                session[self.SEEN_AT] = now
        return self.get_response(request)


def mark_login(sender, request, user, **kwargs):
    """Start the absolute session clock at login (user_logged_in receiver)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SessionTimeoutMiddleware.LOGIN_AT] = now
        request.session[SessionTimeoutMiddleware.SEEN_AT] = now
