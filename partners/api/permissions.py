"""Permission classes; the rules themselves live in partners.rules."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from partners import rules


class IsCoordinator(BasePermission):
    def has_permission(self, request, view):
        return rules.is_coordinator(request.user)


class CanManageOrganisation(BasePermission):
    """Reads follow visibility (the selector); writes need org admin or coordinator."""

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return rules.can_manage_members(request.user, obj)
