"""The coordinator curates the shared indicator library in the Wagtail admin.

Only library indicators are listed and editable here (a pilot's own indicators are edited in its
registration form). Saves go through `indicator_save`, so they are validated and audited like
every other change. Indicators are not deleted here: pilots and reported values depend on them.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from core.forms import add_service_errors
from pilots.models import Indicator
from pilots.services.indicators import INDICATOR_FIELDS, indicator_save


class ServiceSaveMixin:
    """Save through the service; show its ValidationError on the form instead of a 500."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            # Wagtail's form_invalid() expects what its own is_valid() sets on failure.
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def _cleaned(self):
        return {
            name: self.form.cleaned_data[name]
            for name in INDICATOR_FIELDS
            if name in self.form.cleaned_data
        }


class IndicatorIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Indicator.objects.library()


class IndicatorCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        return indicator_save(actor=self.request.user, **self._cleaned())


class IndicatorEditView(ServiceSaveMixin, generic.EditView):
    def get_object(self, queryset=None):
        return super().get_object(Indicator.objects.library())

    def save_instance(self):
        original = Indicator.objects.get(pk=self.object.pk)
        return indicator_save(actor=self.request.user, indicator=original, **self._cleaned())


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    icon = "list-ul"
    menu_label = _("Indikatorbibliotek")
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "pilots/indicators"
    url_namespace = "pilots_indicator"
    index_view_class = IndicatorIndexView
    add_view_class = IndicatorCreateView
    edit_view_class = IndicatorEditView
    list_display = ["name", "measure", "direction", "unit", "kolada_kpi", "illustrative"]
    list_filter = ["measure", "direction", "illustrative"]
    search_fields = ["name", "definition", "kolada_kpi"]
    form_fields = INDICATOR_FIELDS
    copy_view_enabled = False
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_indicator_viewset():
    return IndicatorViewSet("pilots_indicator")


# --- Business cases: the unit-cost library and discount-rate schedules (coordinator) ----------

from pilots.models import DiscountRateSchedule, UnitCost  # noqa: E402
from pilots.services.business_case import (  # noqa: E402
    UNIT_COST_FIELDS,
    discount_schedule_create,
    discount_schedule_set_default,
    unit_cost_save,
)

SCHEDULE_FIELDS = ["name", "steps", "valid_from", "source", "is_default", "replaces"]


class UnitCostSaveMixin(ServiceSaveMixin):
    def _cleaned(self):
        data = self.form.cleaned_data
        return {name: data[name] for name in UNIT_COST_FIELDS if name in data}


class UnitCostCreateView(UnitCostSaveMixin, generic.CreateView):
    def save_instance(self):
        return unit_cost_save(actor=self.request.user, values=self._cleaned())


class UnitCostEditView(UnitCostSaveMixin, generic.EditView):
    def save_instance(self):
        original = UnitCost.objects.get(pk=self.object.pk)
        return unit_cost_save(actor=self.request.user, unit_cost=original, values=self._cleaned())


class UnitCostViewSet(ModelViewSet):
    model = UnitCost
    icon = "doc-full"
    menu_label = _("Enhetskostnader")
    menu_order = 220
    add_to_admin_menu = True
    url_prefix = "pilots/unit-costs"
    url_namespace = "pilots_unitcost"
    add_view_class = UnitCostCreateView
    edit_view_class = UnitCostEditView
    list_display = ["name", "amount_sek", "unit", "actor", "price_year", "illustrative"]
    list_filter = ["actor", "value_type", "illustrative"]
    search_fields = ["name", "description", "source"]
    form_fields = UNIT_COST_FIELDS
    copy_view_enabled = False
    inspect_view_enabled = True


class ScheduleCreateView(ServiceSaveMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return discount_schedule_create(
            actor=self.request.user, **{k: data.get(k) for k in SCHEDULE_FIELDS if k in data}
        )


class ScheduleEditView(ServiceSaveMixin, generic.EditView):
    """Schedules are versioned: the only change allowed is making one the default. A revised
    rate is a new schedule (`replaces` the old one), so earlier results stay reproducible."""

    def save_instance(self):
        original = DiscountRateSchedule.objects.get(pk=self.object.pk)
        data = self.form.cleaned_data
        changed = [
            k
            for k in ("name", "steps", "valid_from", "source")
            if data.get(k) != getattr(original, k)
        ]
        if changed:
            raise ValidationError(
                {
                    k: _("En räntesats ändras inte i efterhand: lägg till en ny version.")
                    for k in changed
                }
            )
        if data.get("is_default") and not original.is_default:
            return discount_schedule_set_default(actor=self.request.user, schedule=original)
        if not data.get("is_default") and original.is_default:
            raise ValidationError(
                {"is_default": _("Det ska alltid finnas en standard: gör en annan till standard.")}
            )
        return original


class DiscountScheduleViewSet(ModelViewSet):
    model = DiscountRateSchedule
    icon = "date"
    menu_label = _("Kalkylräntor")
    menu_order = 230
    add_to_admin_menu = True
    url_prefix = "pilots/discount-schedules"
    url_namespace = "pilots_discountschedule"
    add_view_class = ScheduleCreateView
    edit_view_class = ScheduleEditView
    list_display = ["name", "valid_from", "is_default", "source"]
    form_fields = SCHEDULE_FIELDS
    copy_view_enabled = False
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_business_case_viewsets():
    return [
        UnitCostViewSet("pilots_unitcost"),
        DiscountScheduleViewSet("pilots_discountschedule"),
    ]
