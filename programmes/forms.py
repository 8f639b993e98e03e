"""Portal forms for programmes. They parse and validate input; services make the change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.number_fields import LocalizedDecimalField
from pilots.models import Cadence, Indicator, Pilot, PilotStatus
from pilots.personal_data import PersonalDataWarningMixin
from programmes.models import Decision, ProgrammeKind, ProgrammeVisibility, SavingActor

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DATE, **kwargs)


class ProgrammeForm(PersonalDataWarningMixin, forms.Form):
    personal_data_fields = ("name", "purpose", "vision", "principles")

    owner = forms.ModelChoiceField(
        label=_("Finansiär"),
        queryset=None,
        help_text=_("Organisationen som äger och finansierar programmet."),
    )
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ av program"), choices=ProgrammeKind.choices)
    purpose = forms.CharField(label=_("Syfte"), widget=forms.Textarea(attrs={"rows": 3}))
    vision = forms.CharField(
        label=_("Vision"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    budget_sek = LocalizedDecimalField(
        label=_("Budget (kr)"), min_value=0, max_digits=14, decimal_places=0, required=False
    )
    start_date = date_field(_("Startdatum"))
    end_date = date_field(_("Slutdatum"))
    cadence = forms.ChoiceField(
        label=_("Intervall för lägesrapporter"), choices=Cadence.choices, initial=Cadence.HALF_YEAR
    )
    visibility = forms.ChoiceField(label=_("Synlighet"), choices=ProgrammeVisibility.choices)
    principles = forms.CharField(
        label=_("Arbetsprinciper"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("En princip per rad. Piloterna bedömer sig själva mot dem."),
    )
    requires_acceptance = forms.BooleanField(
        label=_("Finansiären accepterar periodrapporter"),
        required=False,
        help_text=_(
            "När organisationen har godkänt en pilots periodrapport accepterar finansiären den, "
            "och då kan den inte längre ändras."
        ),
    )
    shared_indicators = forms.ModelMultipleChoiceField(
        label=_("Gemensamma indikatorer"),
        queryset=Indicator.objects.library().order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Från indikatorbiblioteket."),
    )

    def __init__(self, *args, owners=None, fixed_owner=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        if fixed_owner:
            del self.fields["owner"]

    def clean_principles(self):
        return [
            line.strip() for line in self.cleaned_data["principles"].splitlines() if line.strip()
        ]


class StageForm(PersonalDataWarningMixin, forms.Form):
    personal_data_fields = ("name",)

    name = forms.CharField(label=_("Fasens namn"), max_length=120)
    start_date = date_field(_("Fasen börjar"))
    gate_date = date_field(
        _("Beslutspunkt"), help_text=_("När finansiären beslutar om fortsättning.")
    )
    order = forms.IntegerField(label=_("Ordning"), min_value=1, max_value=50, required=False)


class TermsForm(PersonalDataWarningMixin, forms.Form):
    funding_granted_sek = LocalizedDecimalField(
        label=_("Beviljat stöd (kr)"), min_value=0, max_digits=14, decimal_places=0, required=False
    )
    repayment_share = LocalizedDecimalField(
        label=_("Återbetalningsandel (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_(
            "För sociala investeringsfonder: andel av realiserade besparingar som betalas tillbaka."
        ),
    )
    note = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PilotAddForm(TermsForm):
    pilot = forms.ModelChoiceField(
        label=_("Pilot"), queryset=Pilot.objects.exclude(status=PilotStatus.DRAFT).order_by("title")
    )
    field_order = ["pilot", "funding_granted_sek", "repayment_share", "note"]

    def __init__(self, *args, pilots=None, **kwargs):
        super().__init__(*args, **kwargs)
        if pilots is not None:
            self.fields["pilot"].queryset = pilots


class ApplyForm(PersonalDataWarningMixin, forms.Form):
    pilot = forms.ModelChoiceField(label=_("Pilot"), queryset=None)
    note = forms.CharField(
        label=_("Ansökan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Varför piloten passar i programmet."),
    )

    def __init__(self, *args, pilots=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots


class GateDecisionForm(PersonalDataWarningMixin, forms.Form):
    stage = forms.ModelChoiceField(label=_("Fas"), queryset=None)
    decision = forms.ChoiceField(label=_("Beslut"), choices=Decision.choices)
    rationale = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, stages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages


class AssessmentForm(PersonalDataWarningMixin, forms.Form):
    principle = forms.ChoiceField(label=_("Arbetsprincip"))
    period_start = date_field(_("Från"))
    period_end = date_field(_("Till"))
    score = forms.TypedChoiceField(
        label=_("Bedömning"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        help_text=_("1 = inte alls, 5 = fullt ut."),
    )
    comment = forms.CharField(
        label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, principles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].choices = [(p, p) for p in principles]


class CompileForm(PersonalDataWarningMixin, forms.Form):
    personal_data_fields = ("title",)

    period_start = date_field(_("Från"))
    period_end = date_field(_("Till"))
    title = forms.CharField(label=_("Rubrik"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Periodens slut kan inte vara före dess början."))
        return data


class SummaryForm(PersonalDataWarningMixin, forms.Form):
    personal_data_fields = ("title", "summary")

    title = forms.CharField(label=_("Rubrik"), max_length=200)
    summary = forms.CharField(
        label=_("Sammanfattning"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Finansiärens bedömning av läget. Krävs för att publicera."),
    )


class MembershipChoiceForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Pilot"), queryset=None)

    def __init__(self, *args, memberships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: m.pilot.title


class PayoutForm(PersonalDataWarningMixin, MembershipChoiceForm):
    personal_data_fields = ("note", "confirm_reason")

    paid_on = date_field(_("Datum"))
    amount_sek = LocalizedDecimalField(
        label=_("Belopp (kr)"), min_value=1, max_digits=14, decimal_places=0
    )
    note = forms.CharField(label=_("Notering"), max_length=300, required=False)
    confirm_reason = forms.CharField(
        label=_("Skäl att överskrida beviljat belopp eller budget"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Fyll bara i om utbetalningen ska göras trots att piloten då får mer än den har "
            "beviljats, eller programmet betalar ut mer än sin budget. Skälet sparas i "
            "bokföringen och i händelseloggen."
        ),
    )


class RepaymentForm(PayoutForm):
    confirm_reason = forms.CharField(
        label=_("Skäl att ta emot mer än det som ska återbetalas"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Fyll bara i om piloten betalar tillbaka mer än det som ska återbetalas just nu. "
            "Skälet sparas i bokföringen och i händelseloggen."
        ),
    )


class ReversalForm(PersonalDataWarningMixin, forms.Form):
    personal_data_fields = ("reason",)

    reason = forms.CharField(
        label=_("Skäl"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Varför posten vänds, till exempel fel belopp eller fel pilot."),
    )


class SavingForm(MembershipChoiceForm):
    saving_actor = forms.ChoiceField(label=_("Aktör"), choices=SavingActor.choices)
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    amount_sek = LocalizedDecimalField(
        label=_("Belopp (kr)"), min_value=0, max_digits=14, decimal_places=0
    )


class RealisedSavingForm(PersonalDataWarningMixin, SavingForm):
    evidence = forms.CharField(label=_("Underlag"), widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(forms.Form):
    """The funder accepts an approved period report (it is frozen)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class UnacceptForm(forms.Form):
    """The funder takes its acceptance back: the report returns to the reporters."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    comment = forms.CharField(
        label=_("Kommentar till rapportörerna"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Varför acceptansen tas tillbaka och vad som behöver ändras."),
    )
