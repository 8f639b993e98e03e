"""Wagtail admin views for partners: the coordinator's decide page and service-backed saves."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views import generic
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy

from core.forms import add_service_errors
from partners import reference_services, rules
from partners.forms import DecisionForm
from partners.models import Organisation
from partners.services import memberships as membership_services
from partners.services import organisations as organisation_services

ORGANISATION_FORM_FIELDS = [
    "name",
    "kind",
    "org_number",
    "kommun",
    "region",
    "member_kommuner",
    "description",
    "website",
    "signed_partnership_on",
]


def _cleaned(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in ORGANISATION_FORM_FIELDS
        if name in form.cleaned_data
    }


class ServiceErrorsMixin:
    """Show a service's ValidationError on the admin form instead of a 500."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            # Wagtail's form_invalid() shows the message that its own is_valid() would have set.
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class OrganisationIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.status == Organisation.Status.PENDING and rules.is_coordinator(
            self.request.user
        ):
            buttons.insert(
                0,
                ListingButton(
                    _("Granska ansökan"),
                    url=reverse("partners_organisation_decide", args=[instance.pk]),
                    icon_name="tick",
                    priority=1,
                ),
            )
        return buttons


class OrganisationCreateView(ServiceErrorsMixin, generic.CreateView):
    def save_instance(self):
        return organisation_services.organisation_create(
            actor=self.request.user, **_cleaned(self.form)
        )


class OrganisationEditView(ServiceErrorsMixin, generic.EditView):
    def save_instance(self):
        original = Organisation.objects.get(pk=self.object.pk)
        return organisation_services.organisation_update(
            organisation=original, actor=self.request.user, **_cleaned(self.form)
        )


def organisation_decide(request, pk):
    """Approve or reject a registration (coordinator only); the reason is sent to the applicant."""
    if not rules.can_decide_organisation(request.user):
        raise PermissionDenied
    organisation = get_object_or_404(
        Organisation.objects.select_related("kommun", "region", "created_by"), pk=pk
    )
    form = DecisionForm(request.POST or None)
    decision = request.POST.get("decision")
    if request.method == "POST" and form.is_valid() and decision not in {"approve", "reject"}:
        # Never read a missing or unknown button as a rejection.
        form.add_error(None, _("Välj Godkänn eller Avslå."))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if decision == "approve":
                organisation_services.organisation_approve(
                    organisation=organisation, actor=request.user, note=reason
                )
                messages.success(request, _("%(name)s är godkänd.") % {"name": organisation.name})
            else:
                organisation_services.organisation_reject(
                    organisation=organisation, actor=request.user, reason=reason
                )
                messages.success(request, _("%(name)s är avslagen.") % {"name": organisation.name})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(reverse("partners_organisation:index") + "?status=pending")
    return TemplateResponse(
        request,
        "partners/admin/organisation_decide.html",
        {
            "organisation": organisation,
            "form": form,
            "page_title": gettext_lazy("Granska ansökan"),
        },
    )


class MembershipCreateView(ServiceErrorsMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return membership_services.membership_add(
            organisation=data["organisation"],
            user=data["user"],
            role=data["role"],
            actor=self.request.user,
        )


class MembershipEditView(ServiceErrorsMixin, generic.EditView):
    def save_instance(self):
        original = type(self.object).objects.get(pk=self.object.pk)
        return membership_services.membership_set_role(
            membership=original, actor=self.request.user, role=self.form.cleaned_data["role"]
        )


class MembershipDeleteView(generic.DeleteView):
    def delete_action(self):
        membership_services.membership_remove(membership=self.object, actor=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect(self.get_success_url())


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The audit trail is append-only: nobody adds, changes or deletes events in the admin."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        return super().user_has_permission(user, action)


class ReferenceCreateView(ServiceErrorsMixin, generic.CreateView):
    def save_instance(self):
        return reference_services.reference_record_save(
            instance=self.form.instance, actor=self.request.user
        )


class ReferenceEditView(ServiceErrorsMixin, generic.EditView):
    def save_instance(self):
        return reference_services.reference_record_save(
            instance=self.form.instance, actor=self.request.user
        )


class ReferenceDeleteView(generic.DeleteView):
    def delete_action(self):
        reference_services.reference_record_delete(instance=self.object, actor=self.request.user)
