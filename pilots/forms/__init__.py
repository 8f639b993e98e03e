"""Forms of the pilot registration wizard. They parse input; the services make the change.

Every step form carries the pilot's `version` as a hidden field, so that a save based on an
outdated page is refused by the service instead of overwriting someone else's change.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.number_fields import LocalizedDecimalField
from partners.numbers import input_number
from pilots.models import (
    Arena,
    Cadence,
    EvaluationDesign,
    HealthArea,
    LifeStage,
    PartnerRole,
    Visibility,
)
from pilots.models.indicators import Accumulation, Direction, Measure, YearCombination
from pilots.personal_data import PersonalDataWarningMixin

BLANK = [("", _("– Välj –"))]
MAX_TARGETS = 4


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# Kept under its old name: the wizard's and the admin's number fields, in the page's language.
SwedishDecimalField = LocalizedDecimalField


def _plain_number(value):
    """41.5000 → sv "41,5", en "41.5" for the form (no trailing zeros)."""
    if value is None:
        return None
    return input_number(value)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PilotStartForm(PersonalDataWarningMixin, forms.Form):
    personal_data_fields = ("title",)

    lead_organisation = forms.ModelChoiceField(
        label=_("Huvudman"),
        queryset=None,
        empty_label=None,
        help_text=_("Organisationen som leder piloten. Du kan lägga till fler partner senare."),
    )
    title = forms.CharField(label=_("Pilotens titel"), max_length=200)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations


class BasicsForm(PersonalDataWarningMixin, VersionForm):
    personal_data_fields = ("title", "summary", "title_en", "summary_en")

    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(
        label=_("Sammanfattning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vad piloten gör, för vem och varför, i några meningar."),
    )
    title_en = forms.CharField(
        label=_("Titel på engelska"),
        max_length=200,
        required=False,
        help_text=_("Frivillig. Används i IATI-exporten till internationella finansiärer."),
    )
    summary_en = forms.CharField(
        label=_("Sammanfattning på engelska"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Frivillig. Används i IATI-exporten till internationella finansiärer."),
    )
    health_area = forms.ChoiceField(
        label=_("Hälsoområde"), choices=BLANK + HealthArea.choices, required=False
    )
    life_stage = forms.ChoiceField(
        label=_("Livsskede"), choices=BLANK + LifeStage.choices, required=False
    )
    arena = forms.ChoiceField(label=_("Arena"), choices=BLANK + Arena.choices, required=False)
    start_date = forms.DateField(label=_("Startdatum"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("Slutdatum"), required=False, widget=DateInput)
    budget_sek = SwedishDecimalField(
        label=_("Budget (kr)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        help_text=_("Total budget för hela pilotperioden, i hela kronor."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatum kan inte vara före startdatum."))
        return data


class GeographyForm(VersionForm):
    """Kommuner and regioner as checkboxes; the template groups the kommuner by län."""

    kommuner = forms.MultipleChoiceField(label=_("Kommuner"), required=False)
    regioner = forms.MultipleChoiceField(label=_("Regioner"), required=False)

    def __init__(self, *args, kommuner, regioner, **kwargs):
        super().__init__(*args, **kwargs)
        self.kommun_objects = {str(k.pk): k for k in kommuner}
        self.region_objects = {str(r.pk): r for r in regioner}
        self.fields["kommuner"].choices = [(pk, k.name) for pk, k in self.kommun_objects.items()]
        self.fields["regioner"].choices = [(pk, r.name) for pk, r in self.region_objects.items()]

    def clean_kommuner(self):
        return [self.kommun_objects[pk] for pk in self.cleaned_data["kommuner"]]

    def clean_regioner(self):
        return [self.region_objects[pk] for pk in self.cleaned_data["regioner"]]


class PartnersForm(VersionForm):
    """Rows of (organisation, role); an empty row is ignored, a half-filled one is an error."""

    def __init__(self, *args, organisations, current, **kwargs):
        super().__init__(*args, **kwargs)
        org_choices = BLANK + [(str(o.pk), o.name) for o in organisations]
        role_choices = BLANK + [c for c in PartnerRole.choices if c[0] != PartnerRole.LEAD]
        self.organisations = {str(o.pk): o for o in organisations}
        self.rows = []
        for i in range(len(current) + 3):
            org, role = current[i] if i < len(current) else (None, "")
            self.fields[f"organisation_{i}"] = forms.ChoiceField(
                label=_("Organisation"),
                choices=org_choices,
                required=False,
                initial=str(org.pk) if org else "",
            )
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label=_("Roll"), choices=role_choices, required=False, initial=role
            )
            self.rows.append((self[f"organisation_{i}"], self[f"role_{i}"]))

    def clean(self):
        data = super().clean()
        partners = []
        for i in range(len(self.rows)):
            org, role = data.get(f"organisation_{i}"), data.get(f"role_{i}")
            if org and not role:
                self.add_error(f"role_{i}", _("Välj vilken roll organisationen har."))
            elif role and not org:
                self.add_error(f"organisation_{i}", _("Välj en organisation."))
            elif org and role:
                partners.append((self.organisations[org], role))
        data["partners"] = partners
        return data


class EvaluationPlanForm(PersonalDataWarningMixin, VersionForm):
    theory_of_change = forms.CharField(
        label=_("Förändringsteori"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Om vi gör X för målgruppen Y leder det till Z, därför att …"),
    )
    design = forms.ChoiceField(
        label=_("Utvärderingsdesign"), choices=BLANK + EvaluationDesign.choices, required=False
    )
    design_notes = forms.CharField(
        label=_("Om designen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Jämförelsegrupp, urval, datakällor och vem som utvärderar."),
    )
    cadence = forms.ChoiceField(
        label=_("Rapporteringsintervall"),
        choices=Cadence.choices,
        help_text=_(
            "Perioderna skapas från start- och slutdatum. Rapporterade perioder ändras aldrig."
        ),
    )
    due_days = forms.IntegerField(
        label=_("Dagar till sista rapportdag"),
        min_value=0,
        max_value=180,
        help_text=_("Hur många dagar efter periodens slut rapporten ska vara inskickad."),
    )


class LibraryIndicatorForm(VersionForm):
    indicator = forms.ModelChoiceField(label=_("Indikator"), queryset=None)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = queryset


class CustomIndicatorForm(PersonalDataWarningMixin, VersionForm):
    personal_data_fields = ("name", "definition")

    name = forms.CharField(label=_("Namn"), max_length=200)
    definition = forms.CharField(
        label=_("Definition"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Exakt vad som mäts och hur. För andelar: vad är täljare och nämnare?"),
    )
    unit = forms.CharField(label=_("Enhet"), max_length=50, required=False)
    measure = forms.ChoiceField(label=_("Mått"), choices=Measure.choices)
    direction = forms.ChoiceField(label=_("Riktning"), choices=Direction.choices)
    accumulation = forms.ChoiceField(label=_("Ackumulering"), choices=Accumulation.choices)
    year_combination = forms.ChoiceField(
        label=_("Värden per år"),
        choices=YearCombination.choices,
        initial=YearCombination.LAST,
        required=False,
        help_text=_(
            "Hur periodernas värden blir ett värde per år: summa för flöden (besök), sista eller "
            "högsta värdet för bestånd (inskrivna), eller ett unikt antal per helår."
        ),
    )
    by_gender = forms.BooleanField(label=_("Redovisas per kön"), required=False)
    allows_negative = forms.BooleanField(
        label=_("Värdet kan vara negativt"),
        required=False,
        help_text=_(
            "Bara för tal som kan understiga noll, till exempel en förändring. Antal, kostnader "
            "och tider kan inte vara negativa: där avvisas ett negativt värde."
        ),
    )
    age_bands = forms.CharField(
        label=_("Åldersgrupper"),
        required=False,
        max_length=200,
        help_text=_(
            "Skilj med kommatecken, till exempel 0-17, 18-64, 65+. Tomt om ingen uppdelning."
        ),
    )

    def clean_age_bands(self):
        return [b.strip() for b in self.cleaned_data["age_bands"].split(",") if b.strip()]

    def clean_year_combination(self):
        # A client that does not send it (older API callers, tests) gets the safe default.
        return self.cleaned_data.get("year_combination") or YearCombination.LAST


class PilotIndicatorForm(PersonalDataWarningMixin, VersionForm):
    """Baseline and up to MAX_TARGETS targets of one indicator; prefixed with the link's id."""

    personal_data_fields = ("baseline_note",)

    baseline_value = SwedishDecimalField(
        label=_("Utgångsvärde"), required=False, max_digits=16, decimal_places=4
    )
    baseline_date = forms.DateField(
        label=_("Utgångsvärdet avser"), required=False, widget=DateInput
    )
    baseline_note = forms.CharField(
        label=_("Om utgångsvärdet"),
        required=False,
        max_length=300,
        help_text=_("Källa, eller för en kvalitativ indikator: utgångsläget i ord."),
    )

    expected_min = SwedishDecimalField(
        label=_("Förväntat lägsta värde"), required=False, max_digits=16, decimal_places=4
    )
    expected_max = SwedishDecimalField(
        label=_("Förväntat högsta värde"), required=False, max_digits=16, decimal_places=4
    )

    def __init__(self, *args, link, **kwargs):
        targets = list(link.targets.all())
        initial = {
            "baseline_value": _plain_number(link.baseline_value),
            "baseline_date": link.baseline_date,
            "baseline_note": link.baseline_note,
            "expected_min": _plain_number(link.expected_min),
            "expected_max": _plain_number(link.expected_max),
        }
        for i, target in enumerate(targets):
            initial[f"target_date_{i}"] = target.target_date
            initial[f"target_value_{i}"] = _plain_number(target.value)
        super().__init__(
            *args, prefix=f"pi{link.pk}", initial={**initial, **kwargs.pop("initial", {})}, **kwargs
        )
        self.link = link
        if link.indicator.is_qualitative:
            # A qualitative indicator's starting point is described in words, not a number.
            del self.fields["baseline_value"]
            del self.fields["expected_min"]
            del self.fields["expected_max"]
            note = self.fields["baseline_note"]
            note.label = _("Utgångsläge")
            note.help_text = _("Beskriv utgångsläget i ord, till exempel hur arbetet ser ut i dag.")
            note.widget = forms.Textarea(attrs={"rows": 3, "maxlength": 300})
            self.fields["baseline_date"].label = _("Utgångsläget avser")
        self.target_rows = []
        for i in range(max(MAX_TARGETS, len(targets))):
            self.fields[f"target_date_{i}"] = forms.DateField(
                label=_("Måldatum"), required=False, widget=DateInput
            )
            self.fields[f"target_value_{i}"] = SwedishDecimalField(
                label=_("Målvärde"), required=False, max_digits=16, decimal_places=4
            )
            self.target_rows.append((self[f"target_date_{i}"], self[f"target_value_{i}"]))

    def clean(self):
        data = super().clean()
        targets = []
        for i in range(len(self.target_rows)):
            when, value = data.get(f"target_date_{i}"), data.get(f"target_value_{i}")
            if when and value is None and not self.errors.get(f"target_value_{i}"):
                self.add_error(f"target_value_{i}", _("Ange målvärdet."))
            elif value is not None and not when and not self.errors.get(f"target_date_{i}"):
                self.add_error(f"target_date_{i}", _("Ange måldatum."))
            elif when and value is not None:
                targets.append((when, value))
        data["targets"] = targets
        return data


class VisibilityForm(VersionForm):
    visibility = forms.ChoiceField(
        label=_("Vem får se piloten när den är publicerad?"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        help_text=_("Utkast syns aldrig utanför pilotens organisationer."),
    )
