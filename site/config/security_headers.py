"""Security headers Django does not set itself, and the CSP with its few path-scoped exceptions.

The site-wide Content-Security-Policy is `CONTENT_SECURITY_POLICY` in settings/base.py. Two
third-party interfaces cannot live with it; each exception below is as narrow as we could make
it and says why (docs/security.md lists them too).
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

# path prefix -> directives that replace the site-wide ones on that prefix only.
CSP_PATH_EXCEPTIONS = {
    # Wagtail's admin still writes inline <script> and style attributes (page chooser, rich-text
    # editor, its theme switch), and frames its own preview pages, so the admin may frame itself.
    "/admin/": {
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-ancestors": [SELF],
        "frame-src": [SELF],
    },
    # Swagger UI (drf-spectacular's split view, whose start script is a file) keeps one inline
    # <style> block in its page and sets style attributes from its bundle. Scripts stay 'self'.
    "/api/docs/": {"style-src": [SELF, UNSAFE_INLINE]},
}

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class ScopedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the relaxed directives above on their path prefixes."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        for prefix, directives in CSP_PATH_EXCEPTIONS.items():
            if request.path_info.startswith(prefix):
                # A nonce makes browsers ignore 'unsafe-inline', so it must not reach these pages.
                parts.nonce = None
                parts.replace = {**(parts.replace or {}), **directives}
                break
        return parts


class PermissionsPolicyMiddleware:
    """Switch off browser features the portal never uses (camera, location, payment …)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
