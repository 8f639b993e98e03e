"""The coordinator's Wagtail admin for organisations, members and reference data."""

from django.forms import modelform_factory
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from partners import admin_audit, admin_views
from partners.models import Kommun, Membership, Organisation, Region
from partners.rules import can_view_audit_log, is_coordinator


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisationer")
    url_prefix = "partners/organisations"
    url_namespace = "partners_organisation"
    index_view_class = admin_views.OrganisationIndexView
    add_view_class = admin_views.OrganisationCreateView
    edit_view_class = admin_views.OrganisationEditView
    list_display = ["name", "kind", "status", "kommun", "region", "created_at"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["name", "org_number"]
    form_fields = admin_views.ORGANISATION_FORM_FIELDS
    inspect_view_enabled = True
    copy_view_enabled = False


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Medlemskap")
    url_prefix = "partners/memberships"
    url_namespace = "partners_membership"
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    form_fields = ["user", "organisation", "role"]
    add_view_class = admin_views.MembershipCreateView
    edit_view_class = admin_views.MembershipEditView
    delete_view_class = admin_views.MembershipDeleteView
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        # Editing changes the role only (membership_set_role); moving a membership to another
        # user or organisation is a removal and an addition, so the edit form offers no more.
        if for_update:
            return modelform_factory(
                self.model, formfield_callback=self.formfield_for_dbfield, fields=["role"]
            )
        return super().get_form_class(for_update=for_update)


class KommunViewSet(ModelViewSet):
    model = Kommun
    icon = "site"
    menu_label = _("Kommuner")
    url_prefix = "partners/kommuner"
    url_namespace = "partners_kommun"
    list_display = ["name", "code", "region", "skr_group", "population"]
    list_filter = ["skr_group", "region"]
    search_fields = ["name", "code"]
    form_fields = ["name", "region", "skr_group", "population", "population_year"]
    add_view_class = admin_views.ReferenceCreateView
    edit_view_class = admin_views.ReferenceEditView
    delete_view_class = admin_views.ReferenceDeleteView
    copy_view_enabled = False


class RegionViewSet(ModelViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regioner")
    url_prefix = "partners/regioner"
    url_namespace = "partners_region"
    list_display = ["name", "lan_code", "lan_name"]
    search_fields = ["name", "lan_code"]
    form_fields = ["name", "lan_name"]
    add_view_class = admin_views.ReferenceCreateView
    edit_view_class = admin_views.ReferenceEditView
    delete_view_class = admin_views.ReferenceDeleteView
    copy_view_enabled = False


class PartnersGroup(ViewSetGroup):
    menu_label = _("Partnerskap")
    menu_icon = "group"
    menu_order = 200
    items = (
        OrganisationViewSet,
        MembershipViewSet,
        KommunViewSet,
        RegionViewSet,
    )


@hooks.register("register_admin_viewset")
def register_partners_viewsets():
    return PartnersGroup()


@hooks.register("register_admin_urls")
def register_decide_url():
    return [
        path(
            "partners/organisations/decide/<int:pk>/",
            admin_views.organisation_decide,
            name="partners_organisation_decide",
        ),
        path("partners/audit/", admin_audit.audit_log, name="partners_audit"),
        path("partners/audit/csv/", admin_audit.audit_log_csv, name="partners_audit_csv"),
        path(
            "partners/audit/inspect/<int:pk>/",
            admin_audit.audit_event,
            name="partners_audit_event",
        ),
    ]


class PendingOrganisationsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def register_pending_menu_item():
    return PendingOrganisationsMenuItem(
        _("Ansökningar att granska"),
        reverse("partners_organisation:index") + "?status=pending",
        icon_name="tick",
        order=190,
    )


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_audit_log(request.user)


@hooks.register("register_admin_menu_item")
def register_audit_log_menu_item():
    return AuditLogMenuItem(
        _("Granskningslogg"), reverse("partners_audit"), icon_name="history", order=210
    )
