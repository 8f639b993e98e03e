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
