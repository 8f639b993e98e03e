"""Portal forms of the CMS: a pilot joins a goal; someone subscribes to updates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.personal_data import PersonalDataWarningMixin


class ContributionForm(PersonalDataWarningMixin, forms.Form):
    personal_data_fields = ("note",)

    pilot = forms.ModelChoiceField(
        queryset=None,
        label=_("Pilot"),
        help_text=_("Piloter som du får redigera och som inte redan bidrar till målet."),
        empty_label=_("Välj en pilot"),
    )
    note = forms.CharField(
        label=_("Hur bidrar piloten?"),
        required=False,
        max_length=300,
        help_text=_("En mening, till exempel 'Screening för undernäring i hemtjänsten'."),
    )

    def __init__(self, *args, pilots, **kwargs):
        super().__init__(*args, **kwargs)
        from pilots.models import Pilot

        self.fields["pilot"].queryset = Pilot.objects.filter(
            pk__in=[p.pk for p in pilots]
        ).order_by("title")


class SubscriptionForm(forms.Form):
    email = forms.EmailField(
        label=_("E-postadress"),
        help_text=_("Vi skickar en länk som du bekräftar anmälan med."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
