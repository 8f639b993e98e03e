"""Permission classes for the pilots API; the rules themselves live in pilots.rules."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from pilots import rules


def _pilot(obj):
    return getattr(obj, "pilot", obj)


class CanViewPilot(BasePermission):
    """Object-level read check; the selectors already hide what the user may not see."""

    def has_object_permission(self, request, view, obj):
        return rules.can_view_pilot(request.user, _pilot(obj))


class CanEditPilot(CanViewPilot):
    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return super().has_object_permission(request, view, obj)
        return rules.can_edit_pilot(request.user, _pilot(obj))


class CanReport(CanViewPilot):
    """Save and submit a pilot's period reports."""

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return super().has_object_permission(request, view, obj)
        return rules.can_report(request.user, _pilot(obj))


class CanApprove(BasePermission):
    """Approve or return a pilot's period reports."""

    def has_object_permission(self, request, view, obj):
        return rules.can_approve(request.user, _pilot(obj))
