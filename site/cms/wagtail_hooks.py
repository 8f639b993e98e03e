"""The coordinator's admin for goal contributions and update subscriptions.

Contributions are created through `contribution_add`, like the portal form, so both are checked
and audited the same way. Subscribers sign up themselves (double opt-in); the coordinator may
only look at and delete subscriptions.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.models import GoalContribution, UpdateSubscription
from cms.services import abandoned_draft_set_aside, contribution_add
from core.forms import add_service_errors


class ContributionCreateView(generic.CreateView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def save_instance(self):
        data = self.form.cleaned_data
        return contribution_add(
            goal=data["goal"], pilot=data["pilot"], actor=self.request.user, note=data["note"]
        )


class GoalContributionViewSet(ModelViewSet):
    model = GoalContribution
    name = "goal_contributions"
    icon = "pick"
    menu_label = _("Bidrag till mål")
    add_view_class = ContributionCreateView
    form_fields = ["goal", "pilot", "note"]
    list_display = ["pilot", "goal", "note", "created_at"]
    list_filter = ["goal"]
    search_fields = ["pilot__title", "note"]


class UpdateSubscriptionViewSet(ModelViewSet):
    model = UpdateSubscription
    name = "update_subscriptions"
    icon = "mail"
    menu_label = _("Prenumeranter")
    form_fields = ["email"]
    list_display = ["email", "confirmed_at", "created_at"]
    search_fields = ["email"]
    inspect_view_enabled = True


class CmsViewSetGroup(ViewSetGroup):
    items = (GoalContributionViewSet, UpdateSubscriptionViewSet)
    menu_label = _("Mål och nyheter")
    menu_icon = "pick"
    menu_order = 210


@hooks.register("register_admin_viewset")
def register_cms_viewsets():
    return CmsViewSetGroup()


@hooks.register("before_create_page")
def set_aside_own_abandoned_draft(request, parent_page, page_class):
    """A new page may take the slug of the editor's own abandoned, never published draft (left
    behind by Wagtail's autosave); see cms.services.abandoned_draft_set_aside."""
    if request.method == "POST":
        abandoned_draft_set_aside(
            parent=parent_page, slug=request.POST.get("slug", "").strip(), actor=request.user
        )
