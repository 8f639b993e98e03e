"""The unit-cost library and the discount-rate schedules in the Wagtail admin (coordinator).
Saves go through the services, so they are validated and audited like every other change."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from business_cases.models import DiscountRateSchedule, UnitCost
from business_cases.services import (
    UNIT_COST_FIELDS,
    discount_schedule_create,
    discount_schedule_set_default,
    unit_cost_save,
)
from pilots.wagtail_hooks import ServiceSaveMixin

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
