"""Forms of the business-case editor: the case settings, the line table (a formset with one
amount field per calendar year) and a benefit line built from the unit-cost library.

The forms parse and show errors; the rules (years inside the period, shares 0–100 %, rates
−10–100 %) live in business_cases.services.input, whose messages the view puts back on
the fields.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from business_cases.models import (
    Actor,
    BusinessCase,
    ConfidenceGrade,
    DiscountRateSchedule,
    LineKind,
    UnitCost,
    ValueType,
)
from business_cases.services.input import ambiguity, parse_decimal
from partners import numbers
from pilots.models import PilotIndicator
from pilots.personal_data import PersonalDataWarningMixin

DERIVED_FIELDS = ["people", "effect_pct", "first_year", "last_year", "pilot_indicator"]
NUMBER = {"inputmode": "decimal", "autocomplete": "off"}
# What a new row must have for the table to treat it as a line to add: anything typed here.
TYPED_FIELDS = (
    "label",
    "deadweight_pct",
    "attribution_pct",
    "drop_off_pct",
    "people",
    "effect_pct",
    "first_year",
    "last_year",
)


def input_number(value) -> str:
    """A stored number as a person types it in the active language: "125 000", "5,5", "100"
    (never "1E+2" or "5.50"): the shared helper with thousands grouped."""
    return numbers.input_number(value, grouped=True)


class CaseForm(PersonalDataWarningMixin, forms.Form):
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    price_year = forms.CharField(
        label=gettext_lazy("Prisår"),
        help_text=gettext_lazy("Alla belopp anges i detta års priser."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    base_year = forms.CharField(
        label=gettext_lazy("Basår (år 0)"),
        help_text=gettext_lazy("Kalenderåret som diskonteras som år 0, oftast pilotens startår."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    horizon_years = forms.CharField(
        label=gettext_lazy("Kalkylperiod (år efter basåret)"),
        help_text=gettext_lazy(
            "0–100 år. Förebyggande insatser ger ofta nytta länge efter piloten."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    schedule = forms.ModelChoiceField(
        label=gettext_lazy("Kalkylränta"),
        required=False,
        queryset=DiscountRateSchedule.objects.order_by("-is_default", "-valid_from"),
        empty_label=gettext_lazy("Partnerskapets standard"),
    )
    comparison_rate = forms.CharField(
        label=gettext_lazy("Jämförelseränta (%)"),
        required=False,
        help_text=gettext_lazy("Visa även resultatet vid denna ränta, −10 till 100 %."),
        widget=forms.TextInput(attrs={**NUMBER, "size": 6}),
    )
    notes = forms.CharField(
        label=gettext_lazy("Antaganden och källor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_draft = forms.BooleanField(
        label=gettext_lazy("Utkast – visa bara för pilotens organisationer"),
        required=False,
        help_text=gettext_lazy(
            "Ta bort markeringen för att visa kalkylen för alla som ser piloten."
        ),
    )

    use_realised = forms.BooleanField(
        label=gettext_lazy("Räkna med faktiskt utfall i huvudresultatet"),
        required=False,
        help_text=gettext_lazy(
            "Annars visar huvudresultatet antagandena, med utfallet bredvid. Bara godkända "
            "helårsvärden används; del av år räknas aldrig in."
        ),
    )

    @classmethod
    def initial_for(cls, case: BusinessCase | None, pilot) -> dict:
        if case is None:
            year = pilot.start_date.year if pilot.start_date else None
            return {"price_year": year, "base_year": year, "horizon_years": 10, "is_draft": True}
        return {
            "expected_version": case.version,
            "price_year": case.price_year,
            "base_year": case.base_year,
            "horizon_years": case.horizon_years,
            "schedule": case.schedule_id,
            "comparison_rate": input_number(case.comparison_rate),
            "notes": case.notes,
            "is_draft": case.is_draft,
            "use_realised": case.use_realised,
        }


class LineForm(PersonalDataWarningMixin, forms.Form):
    """One row of the table. Year fields are added per calendar year of the case; a benefit built
    from a unit cost shows its parameters instead of amounts."""

    personal_data_fields = ("label",)

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=LineKind.choices)
    label = forms.CharField(label=gettext_lazy("Beskrivning"), max_length=200)
    actor = forms.ChoiceField(label=gettext_lazy("Aktör"), choices=Actor.choices)
    value_type = forms.ChoiceField(label=gettext_lazy("Värdetyp"), choices=ValueType.choices)
    confidence = forms.TypedChoiceField(
        label=gettext_lazy("Säkerhet"), choices=ConfidenceGrade.choices, coerce=int
    )
    deadweight_pct = forms.CharField(
        label=gettext_lazy("Dödvikt %"),
        required=False,
        widget=forms.TextInput(attrs={**NUMBER, "size": 4}),
    )
    attribution_pct = forms.CharField(
        label=gettext_lazy("Tillskrivning %"),
        required=False,
        widget=forms.TextInput(attrs={**NUMBER, "size": 4}),
    )
    drop_off_pct = forms.CharField(
        label=gettext_lazy("Avtagande %/år"),
        required=False,
        widget=forms.TextInput(attrs={**NUMBER, "size": 4}),
    )
    people = forms.CharField(
        label=gettext_lazy("Antal personer"),
        required=False,
        widget=forms.TextInput(attrs={**NUMBER, "size": 6}),
    )
    effect_pct = forms.CharField(
        label=gettext_lazy("Effekt %"),
        required=False,
        widget=forms.TextInput(attrs={**NUMBER, "size": 4}),
    )
    first_year = forms.CharField(
        label=gettext_lazy("Första år"), required=False, widget=forms.TextInput(attrs={"size": 5})
    )
    last_year = forms.CharField(
        label=gettext_lazy("Sista år"), required=False, widget=forms.TextInput(attrs={"size": 5})
    )
    pilot_indicator = forms.TypedChoiceField(
        label=gettext_lazy("Räkna om med antal från indikator"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, years=(), indicators=None, derived=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        self.derived = derived
        # `indicators` is a list of (pk, name) evaluated once for the whole formset.
        self.fields["pilot_indicator"].choices = [("", _("Ingen koppling")), *(indicators or [])]
        name = self.initial.get("label") or _("ny rad")
        for field in list(self.fields.values()):
            field.widget.attrs.setdefault("aria-label", f"{field.label}, {name}")
        for year in self.years:
            self.fields[f"y{year}"] = forms.CharField(
                label=str(year),
                required=False,
                widget=forms.TextInput(
                    attrs={
                        **NUMBER,
                        "size": 9,
                        "aria-label": _("%(year)s, %(line)s (kr)") % {"year": year, "line": name},
                    }
                ),
            )

    def has_changed(self) -> bool:
        """A new row counts only when something was typed in it: its selects always post a
        value (cost, kommun, …), and a blank extra row must not block saving the others."""
        if self.initial.get("id") or (self.data.get(self.add_prefix("id")) or "").strip():
            return super().has_changed()
        names = [*TYPED_FIELDS, *(f"y{year}" for year in self.years)]
        return any((self.data.get(self.add_prefix(name)) or "").strip() for name in names)

    @property
    def line_name(self) -> str:
        """How the error summary names this row: its saved or typed description, else "new row"."""
        typed = (self.data.get(self.add_prefix("label")) or "").strip() if self.is_bound else ""
        return self.initial.get("label") or typed or _("Ny rad")

    def clean(self):
        data = super().clean()
        for year in self.years:
            try:
                parse_decimal(data.get(f"y{year}"))
            except ValueError as error:
                self.add_error(
                    f"y{year}",
                    ambiguity(error) or _("Ange ett belopp i kronor, till exempel 125000."),
                )
        return data

    def year_fields(self):
        return [self[f"y{year}"] for year in self.years]

    def service_input(self) -> dict:
        """{"id", "delete", "values", "amounts"} for business_case_lines_save."""
        data = self.cleaned_data
        values = {
            k: data.get(k)
            for k in (
                "kind",
                "label",
                "actor",
                "value_type",
                "confidence",
                "deadweight_pct",
                "attribution_pct",
                "drop_off_pct",
            )
        }
        amounts = None
        if self.derived:
            values.update({k: data.get(k) for k in DERIVED_FIELDS})
        else:
            amounts = {year: data.get(f"y{year}") for year in self.years}
        return {
            "id": data.get("id"),
            "delete": data.get("DELETE", False),
            "values": values,
            "amounts": amounts,
        }


class BaseLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, years=(), indicators=None, derived_ids=frozenset(), **kwargs):
        self.years, self.indicators, self.derived_ids = years, indicators, derived_ids
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            name = form.initial.get("label") or _("ny rad")
            form.fields["DELETE"].widget.attrs["aria-label"] = _("Ta bort %(line)s") % {
                "line": name
            }

    def get_form_kwargs(self, index):
        initial = (
            self.initial[index] if index is not None and index < len(self.initial or []) else {}
        )
        return {
            "years": self.years,
            "indicators": self.indicators,
            "derived": initial.get("id") in self.derived_ids,
        }


LineFormSet = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=1, can_delete=True)


class UnitLineForm(PersonalDataWarningMixin, forms.Form):
    """A benefit built from the unit-cost library: unit cost × people × effect per year."""

    personal_data_fields = ("label",)

    unit_cost = forms.ModelChoiceField(
        label=gettext_lazy("Enhetskostnad"),
        queryset=UnitCost.objects.order_by("name"),
        help_text=gettext_lazy("Kostnaden som undviks, med källa och prisår."),
    )
    label = forms.CharField(
        label=gettext_lazy("Beskrivning"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Tomt: enhetskostnadens namn."),
    )
    actor = forms.ChoiceField(
        label=gettext_lazy("Aktör som får nyttan"),
        required=False,
        choices=[("", gettext_lazy("Samma som enhetskostnaden")), *Actor.choices],
    )
    people = forms.CharField(
        label=gettext_lazy("Antal personer som nås"),
        widget=forms.TextInput(attrs=NUMBER),
        help_text=gettext_lazy("Per år som nyttan gäller. Kan räknas om med faktiskt utfall."),
    )
    effect_pct = forms.CharField(
        label=gettext_lazy("Förväntad effekt (%)"),
        widget=forms.TextInput(attrs=NUMBER),
        help_text=gettext_lazy("Andel av personerna där kostnaden undviks, 0–100 %."),
    )
    first_year = forms.CharField(
        label=gettext_lazy("Första år"), widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    last_year = forms.CharField(
        label=gettext_lazy("Sista år"), widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    deadweight_pct = forms.CharField(
        label=gettext_lazy("Dödvikt (%)"),
        required=False,
        widget=forms.TextInput(attrs=NUMBER),
        help_text=gettext_lazy("Andel som hade hänt ändå."),
    )
    confidence = forms.TypedChoiceField(
        label=gettext_lazy("Säkerhet"),
        choices=[("", gettext_lazy("Samma som enhetskostnaden")), *ConfidenceGrade.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    pilot_indicator = forms.ModelChoiceField(
        label=gettext_lazy("Räkna om med antal från indikator"),
        required=False,
        queryset=PilotIndicator.objects.none(),
        empty_label=gettext_lazy("Ingen koppling"),
        help_text=gettext_lazy("Godkända periodvärden ersätter det antagna antalet personer."),
    )
    effect_indicator = forms.ModelChoiceField(
        label=gettext_lazy("Jämför effekten med indikator"),
        required=False,
        queryset=PilotIndicator.objects.none(),
        empty_label=gettext_lazy("Ingen koppling"),
    )

    def __init__(self, *args, indicators=None, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = indicators if indicators is not None else PilotIndicator.objects.none()
        self.fields["pilot_indicator"].queryset = indicators.filter(indicator__measure="number")
        self.fields["effect_indicator"].queryset = indicators.exclude(
            indicator__measure="qualitative"
        )

    def service_values(self) -> dict:
        data = self.cleaned_data
        unit = data["unit_cost"]
        return {
            "kind": LineKind.BENEFIT,
            "label": data.get("label") or unit.name,
            "actor": data.get("actor") or unit.actor,
            "value_type": unit.value_type,
            "confidence": data.get("confidence") or unit.confidence,
            "unit_cost": unit,
            "people": data.get("people"),
            "effect_pct": data.get("effect_pct"),
            "first_year": data.get("first_year"),
            "last_year": data.get("last_year"),
            "deadweight_pct": data.get("deadweight_pct") or 0,
            "pilot_indicator": data.get("pilot_indicator"),
            "effect_indicator": data.get("effect_indicator"),
        }
