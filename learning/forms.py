"""Forms of the learning base: they parse input; the rules live in services."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from learning.models import (
    CRITERIA,
    EVIDENCE_DEFINITIONS,
    Actor,
    Appraisal,
    EvidenceLevel,
    Recommendation,
    Score,
)
from pilots.models import LessonKind, SystemDimension
from pilots.personal_data import PersonalDataWarningMixin

SCORE_CHOICES = [("", _("Ej bedömt")), *Score.choices]


class AdoptForm(forms.Form):
    organisation = forms.ChoiceField(label=_("För organisation"))
    start_date = forms.DateField(
        label=_("Planerat startdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Pilotens slutdatum och indikatorernas måldatum flyttas lika långt som startdatumet. "
            "Utan startdatum kopieras inga målvärden; ni anger dem sedan i steget Indikatorer."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.slug: o for o in organisations}
        self.fields["organisation"].choices = [(o.slug, o.name) for o in organisations]


class AppraisalForm(PersonalDataWarningMixin, forms.Form):
    evidence_level = forms.TypedChoiceField(
        label=_("Evidensnivå"),
        # Lazy, so each request reads the label in its own language (an f-string here froze
        # the Swedish text when the module was imported).
        choices=[
            (v, format_lazy("{}. {}", label, EVIDENCE_DEFINITIONS[v]))
            for v, label in EvidenceLevel.choices
        ],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    effect = forms.ChoiceField(label=_("Effekt"), choices=SCORE_CHOICES, required=False)
    transferability = forms.ChoiceField(
        label=_("Överförbarhet"), choices=SCORE_CHOICES, required=False
    )
    sustainability = forms.ChoiceField(label=_("Hållbarhet"), choices=SCORE_CHOICES, required=False)
    equity = forms.ChoiceField(label=_("Jämlikhet"), choices=SCORE_CHOICES, required=False)
    cost = forms.ChoiceField(label=_("Kostnad"), choices=SCORE_CHOICES, required=False)
    recommendation = forms.ChoiceField(
        label=_("Rekommendation"),
        choices=[("", _("Välj")), *Recommendation.choices],
        required=False,
    )
    rationale = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    reassess_by = forms.DateField(
        label=_("Omprövas senast"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Tomt: två år efter publiceringen."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for actor in Actor:
            self.fields[f"actor_{actor.value}"] = forms.ChoiceField(
                label=_("Värde för %(actor)s") % {"actor": actor.label},
                choices=SCORE_CHOICES,
                required=False,
            )

    @classmethod
    def for_appraisal(cls, appraisal: Appraisal, data=None):
        initial = {
            name: getattr(appraisal, name)
            for name in [*CRITERIA, "recommendation", "rationale", "reassess_by"]
        }
        initial["evidence_level"] = appraisal.evidence_level
        initial["version"] = appraisal.version
        for actor, score in (appraisal.actor_values or {}).items():
            initial[f"actor_{actor}"] = score
        return cls(data, initial=initial)

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in [*CRITERIA, "recommendation", "rationale", "reassess_by", "evidence_level"]
        }
        fields["actor_values"] = {a.value: data.get(f"actor_{a.value}", "") for a in Actor}
        return fields

    def actor_fields(self):
        return [self[f"actor_{a.value}"] for a in Actor]

    def criteria_fields(self):
        return [self[name] for name in CRITERIA]


class ClosingReportForm(PersonalDataWarningMixin, forms.Form):
    what_worked = forms.CharField(
        label=_("Vad fungerade?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    what_did_not = forms.CharField(
        label=_("Vad fungerade inte?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    what_it_takes = forms.CharField(
        label=_("Vad krävs för att göra samma sak på andra håll?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ClosingLessonForm(PersonalDataWarningMixin, forms.Form):
    personal_data_fields = ("title", "text")

    kind = forms.ChoiceField(label=_("Typ"), choices=LessonKind.choices)
    dimension = forms.ChoiceField(label=_("Systemdimension"), choices=SystemDimension.choices)
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    text = forms.CharField(label=_("Lärdom"), widget=forms.Textarea(attrs={"rows": 3}))
