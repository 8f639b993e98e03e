"""The form a pilot team writes its own validation rules with (the service parses the sides)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pilots.models.validation import Operator, Severity


class ValidationRuleForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    left = forms.CharField(
        label=_("Vänster sida"),
        max_length=2000,
        help_text=_("Till exempel {Deltagare|K} + {Deltagare|M}."),
    )
    operator = forms.ChoiceField(label=_("Jämförelse"), choices=Operator.choices)
    right = forms.CharField(
        label=_("Höger sida"),
        max_length=2000,
        help_text=_("Till exempel {Deltagare}, ett tal eller folkmängd."),
    )
    message = forms.CharField(
        label=_("Meddelande när regeln inte håller"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    severity = forms.ChoiceField(
        label=_("Allvarlighet"),
        choices=Severity.choices,
        initial=Severity.WARNING,
        widget=forms.RadioSelect,
        help_text=_("En regel som stoppar sparandet måste hålla; en varning sparas men visas."),
    )
    is_active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)

    def __init__(self, *args, example: tuple[str, str] | None = None, **kwargs):
        """`example`: the sides written with one of the pilot's own indicators
        (pilots.validation.expressions.example_sides), so a copied example works."""
        super().__init__(*args, **kwargs)
        if example is None:
            self.fields["left"].help_text = _(
                "Skriv en indikators namn inom klammerparenteser, med kön eller åldersgrupp "
                "efter lodstreck, t.ex. {Indikatorns namn|K}. Tal och folkmängd går också."
            )
            self.fields["right"].help_text = _(
                "En indikator inom klammerparenteser, ett tal eller folkmängd."
            )
            return
        left, right = example
        self.fields["left"].help_text = _("Till exempel %(example)s.") % {"example": left}
        self.fields["right"].help_text = _("Till exempel %(example)s, ett tal eller folkmängd.") % {
            "example": right
        }
