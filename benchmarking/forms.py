"""The form for a user's own peer group; the rules themselves are in services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partners.forms import KommunPickerWidget, kommun_choices
from partners.models import Kommun


class PeerGroupForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"), max_length=200, help_text=_("Till exempel: Kustkommuner i norr.")
    )
    kommuner = forms.ModelMultipleChoiceField(
        label=_("Kommuner"),
        queryset=Kommun.objects.order_by("name"),
        widget=KommunPickerWidget,
        help_text=_("Sök på namnet och kryssa i kommunerna."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same searchable picker as the pilot wizard's, not a 290-line multi-select.
        self.fields["kommuner"].widget.choices = kommun_choices()

    def add_service_errors(self, exc: ValidationError) -> None:
        for field, errors in exc.message_dict.items():
            self.add_error(field if field in self.fields else None, errors)
