"""The coordinator keeps KPI metadata in the Wagtail admin: title, description, unit, direction
and gender split. KPIs come from Kolada (`fetch_kolada`) or an import, so they are neither added
nor deleted here. Saves go through `kpi_update` (validated, audited, remembered so a later fetch
keeps them). The admin lists the KPIs still without a direction, since ranks and good/bad need it.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from benchmarking.kpi_metadata import KPI_FIELDS, kpi_update
from benchmarking.models import Kpi, KpiDirection
from core.forms import add_service_errors
from partners.rules import is_coordinator

NOT_SET = _("Inte vald än (ingen rangordning)")


class KpiForm(forms.ModelForm):
    direction = forms.ChoiceField(
        label=_("riktning"),
        required=False,
        choices=[("", NOT_SET), *KpiDirection.choices],
        help_text=_(
            "Om högre eller lägre värden är bättre. Kolada anger det inte: utan riktning visas "
            "ingen rangordning och inget bra eller dåligt."
        ),
    )

    class Meta:
        model = Kpi
        fields = KPI_FIELDS


class KpiFilterSet(WagtailFilterSet):
    direction = django_filters.ChoiceFilter(
        label=_("riktning"),
        choices=[("none", NOT_SET), *KpiDirection.choices],
        method="filter_direction",
        empty_label=_("Alla"),
    )

    class Meta:
        model = Kpi
        fields = ["direction", "is_divided_by_gender", "is_demo"]

    def filter_direction(self, queryset, name, value):
        return queryset.filter(direction="" if value == "none" else value)


class KpiEditView(generic.EditView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            # Wagtail's form_invalid() expects what its own is_valid() sets on failure.
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def save_instance(self):
        data = self.form.cleaned_data
        original = Kpi.objects.get(pk=self.object.pk)
        return kpi_update(
            kpi=original,
            actor=self.request.user,
            **{name: data[name] for name in KPI_FIELDS if name in data},
        )


class KpiViewSet(ModelViewSet):
    model = Kpi
    icon = "table"
    menu_label = _("Nyckeltal (Kolada)")
    menu_order = 215
    add_to_admin_menu = True
    url_prefix = "benchmarking/kpis"
    url_namespace = "benchmarking_kpi"
    edit_view_class = KpiEditView
    list_display = ["id", "title", "unit", "direction_text", "is_divided_by_gender", "is_demo"]
    filterset_class = KpiFilterSet
    search_fields = ["id", "title", "description"]
    form_fields = KPI_FIELDS
    copy_view_enabled = False
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return KpiForm


class WithoutDirectionMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_viewset")
def register_kpi_viewset():
    return KpiViewSet("benchmarking_kpi")


@hooks.register("register_admin_menu_item")
def register_without_direction_menu_item():
    return WithoutDirectionMenuItem(
        _("Nyckeltal utan riktning"),
        reverse("benchmarking_kpi:index") + "?direction=none",
        icon_name="warning",
        order=216,
    )


class WithoutDirectionPanel(Component):
    """On the admin's start page: the KPIs that still need the coordinator's direction."""

    name = "kpis_without_direction"
    order = 90

    def __init__(self, kpis, total):
        self.kpis, self.total = kpis, total

    def render_html(self, parent_context=None):
        items = format_html_join(
            "",
            '<li><a href="{}">{} {}</a></li>',
            ((reverse("benchmarking_kpi:edit", args=[k.pk]), k.id, k.title) for k in self.kpis),
        )
        return format_html(
            '<section class="panel" aria-labelledby="kpis-without-direction">'
            '<h2 id="kpis-without-direction">{}</h2><p>{}</p><ul>{}</ul>'
            '<p><a href="{}">{}</a></p></section>',
            _("Nyckeltal utan riktning: %(n)s") % {"n": self.total},
            _(
                "Välj om högre eller lägre är bättre (eller neutral); till dess visar jämförelsen "
                "ingen rangordning och inget bra eller dåligt för dem."
            ),
            items,
            reverse("benchmarking_kpi:index") + "?direction=none",
            _("Visa alla"),
        )


@hooks.register("construct_homepage_panels")
def add_without_direction_panel(request, panels):
    if not is_coordinator(request.user):
        return
    pending = Kpi.objects.without_direction().order_by("id")
    kpis = list(pending[:10])
    if kpis:
        panels.append(WithoutDirectionPanel(kpis, pending.count()))
