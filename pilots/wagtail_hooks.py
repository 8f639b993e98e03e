"""The coordinator curates the shared indicator library and the library of validation rules
in the Wagtail admin.

Only library indicators are listed and editable here (a pilot's own indicators are edited in its
registration form). Saves go through `indicator_save`, so they are validated and audited like
every other change. Indicators are not deleted here: pilots and reported values depend on them.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from core.forms import add_service_errors
from pilots.models import Indicator, ValidationRule
from pilots.selectors.validation import usable_indicators
from pilots.services.indicators import INDICATOR_FIELDS, indicator_save
from pilots.services.validation import validation_rule_delete, validation_rule_save
from pilots.validation.expressions import rule_text


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


# -- the library of validation rules -----------------------------------------------------------

RULE_FIELDS = ["name", "left", "operator", "right", "message", "severity", "is_active"]


class ValidationRuleAdminForm(WagtailAdminModelForm):
    """The sides are text (pilots.validation.expressions), parsed by the service on save."""

    left = forms.CharField(
        label=_("Vänster sida"),
        max_length=2000,
        help_text=_(
            "Indikatorer ur biblioteket inom klamrar, med kön, åldersgrupp eller täljare/nämnare "
            "efter lodstreck: {Deltagare|K} + {Deltagare|M}. Tal och folkmängd går också."
        ),
    )
    right = forms.CharField(
        label=_("Höger sida"),
        max_length=2000,
        help_text=_("Till exempel {Deltagare}, 100 eller 0,5 * folkmängd."),
    )

    class Meta:
        model = ValidationRule
        fields = ["name", "operator", "message", "severity", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            names = {i.pk: i.name for i in usable_indicators(None)}
            text = rule_text(self.instance, names)
            self.initial.setdefault("left", text["left"])
            self.initial.setdefault("right", text["right"])
        self.order_fields(RULE_FIELDS)


class RuleServiceMixin(ServiceSaveMixin):
    def _cleaned(self):
        return {name: self.form.cleaned_data[name] for name in RULE_FIELDS}


class ValidationRuleIndexView(generic.IndexView):
    def get_base_queryset(self):
        return ValidationRule.objects.library()


class ValidationRuleCreateView(RuleServiceMixin, generic.CreateView):
    def save_instance(self):
        return validation_rule_save(actor=self.request.user, pilot=None, **self._cleaned())


class ValidationRuleEditView(RuleServiceMixin, generic.EditView):
    def get_object(self, queryset=None):
        return super().get_object(ValidationRule.objects.library())

    def save_instance(self):
        return validation_rule_save(actor=self.request.user, rule=self.object, **self._cleaned())


class ValidationRuleDeleteView(generic.DeleteView):
    def get_object(self, queryset=None):
        return super().get_object(ValidationRule.objects.library())

    def delete_action(self):
        validation_rule_delete(actor=self.request.user, rule=self.object)


class ValidationRuleViewSet(ModelViewSet):
    model = ValidationRule
    icon = "tasks"
    menu_label = _("Valideringsregler")
    menu_order = 211
    add_to_admin_menu = True
    url_prefix = "pilots/validation-rules"
    url_namespace = "pilots_validation_rule"
    index_view_class = ValidationRuleIndexView
    add_view_class = ValidationRuleCreateView
    edit_view_class = ValidationRuleEditView
    delete_view_class = ValidationRuleDeleteView
    list_display = ["name", "severity", "is_active", "updated_at"]
    list_filter = ["severity", "is_active"]
    search_fields = ["name", "message"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return ValidationRuleAdminForm


@hooks.register("register_admin_viewset")
def register_validation_rule_viewset():
    return ValidationRuleViewSet("pilots_validation_rule")
