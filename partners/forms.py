"""Portal forms. They parse and validate input; services make the change."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from core.personal_data import PersonalDataWarningMixin
from partners.models import Kommun, OrganisationKind, Region, Role


class SignupForm(forms.Form):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    email = forms.EmailField(label=_("E-postadress"), help_text=_("Används för att logga in."))
    password = forms.CharField(
        label=_("Lösenord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minst 8 tecken, inte bara siffror och inte ett vanligt lösenord."),
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class KommunChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class KommunPickerWidget(forms.CheckboxSelectMultiple):
    """Kommun checkboxes grouped by län with a search box (site/static/js/kommun-picker.js), as in
    the pilot wizard's geography step. Expects choices grouped by län (see `kommun_choices`)."""

    template_name = "partners/widgets/kommun_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        groups = [
            {
                "label": label,
                "options": options,
                "chosen": sum(1 for option in options if option["selected"]),
            }
            for label, options, _index in context["widget"]["optgroups"]
        ]
        context["widget"]["groups"] = groups
        context["widget"]["chosen"] = sum(group["chosen"] for group in groups)
        return context


def kommun_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Every kommun, grouped by län in län-code order (one query)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for kommun in Kommun.objects.select_related("region").order_by("region__lan_code", "name"):
        label = kommun.region.lan_name or kommun.region.name
        groups.setdefault(label, []).append((kommun.pk, kommun.name))
    return list(groups.items())


class OrganisationForm(PersonalDataWarningMixin, forms.Form):
    personal_data_fields = ("name", "description")

    name = forms.CharField(label=_("Organisationens namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ av organisation"), choices=OrganisationKind.choices)
    org_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=20,
        help_text=_("Tio siffror, till exempel 212000-0142."),
    )
    kommun = KommunChoiceField(
        label=_("Kommun"),
        queryset=Kommun.objects.order_by("name"),
        required=False,
        help_text=_("Obligatoriskt för kommuner. Andra organisationer kan ange sin hemkommun."),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        required=False,
        help_text=_("Obligatoriskt för regioner."),
    )
    member_kommuner = forms.ModelMultipleChoiceField(
        label=_("Medlemskommuner"),
        queryset=Kommun.objects.order_by("name"),
        required=False,
        help_text=_("Bara för kommunalförbund och samordningsförbund."),
        widget=KommunPickerWidget,
    )
    description = forms.CharField(
        label=_("Beskrivning"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    website = forms.URLField(label=_("Webbplats"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_kommuner"].widget.choices = kommun_choices()


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-postadress"))
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices, initial=Role.REPORTER)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)


class DecisionForm(PersonalDataWarningMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Krävs vid avslag. Skickas till sökanden."),
    )
