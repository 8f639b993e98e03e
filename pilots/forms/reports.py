"""Forms of the period report page: the value grid, the narrative and the lessons.

The grid is built from the pilot's indicators, not declared: one cell per indicator × kön × age
band, named "values-<pilot_indicator>-<gender>-<band>" like the service's error keys, so every
error lands next to its cell. Validation itself is the service's (pilots.values.clean_value).
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.uploads import UploadValidator
from partners.numbers import input_number
from pilots.imports import MAX_BYTES
from pilots.models import Gender, LessonKind, ProgressStatus, SystemDimension
from pilots.services.report_cells import cell_key

PARTS = ("value", "numerator", "denominator", "text")


@dataclass
class Cell:
    key: str
    dom_id: str
    gender: str
    gender_label: str
    band: str
    data: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    quality: dict = field(default_factory=dict)  # outliers, comments, history (views/quality.py)
    rules: list = field(default_factory=list)  # ids of the failed validation rules' messages
    label: str = ""  # "Indikator, Kvinnor, 18-64": the inputs' accessible names
    kind: str = "number"  # the indicator's: "number", "percent" or "text"

    @property
    def described_by(self) -> str:
        """The ids the cell's inputs are described by: its errors, then failed rules."""
        return " ".join([*([f"{self.dom_id}-error"] if self.errors else []), *self.rules])

    @property
    def inputs(self) -> str:
        """The cell's labelled boxes (written here, not in the template: a report has hundreds
        of them and each took a dozen template lookups). Read when the page is rendered, after
        the failed rules are on the cell."""
        dom, key, label = escape(self.dom_id), escape(self.key), escape(self.label)
        extra = ' aria-invalid="true"' if self.errors else ""
        if described := self.described_by:
            extra += f' aria-describedby="{escape(described)}"'
        if self.kind == "text":
            return mark_safe(
                f'<label class="visually-hidden" for="{dom}-text">{label}</label>\n'
                f'<textarea id="{dom}-text" name="{key}-text" rows="3"{extra}>'
                f"{escape(self.data.get('text', ''))}</textarea>"
            )
        if self.kind == "percent":
            boxes = []
            for part, name in (
                ("numerator", gettext("Täljare")),
                ("denominator", gettext("Nämnare")),
                ("value", gettext("eller andel (%)")),
            ):
                name = escape(name)
                boxes.append(
                    f'<label for="{dom}-{part}">{name}</label>\n'
                    f'<input type="text" inputmode="decimal" size="8" id="{dom}-{part}" '
                    f'aria-label="{name}, {label}" name="{key}-{part}" '
                    f'value="{escape(self.data.get(part, ""))}"{extra}>'
                )
            return mark_safe("\n".join(boxes))
        return mark_safe(
            f'<label class="visually-hidden" for="{dom}-value">{label}</label>\n'
            f'<input type="text" inputmode="decimal" size="10" id="{dom}-value" '
            f'name="{key}-value" value="{escape(self.data.get("value", ""))}"{extra}>'
        )


@dataclass
class Row:
    band: str
    band_label: str
    cells: list


@dataclass
class IndicatorGrid:
    link: object
    genders: list
    rows: list
    # The indicator's kind, read once here rather than per cell by the template.
    kind: str = "number"  # "number", "percent" or "text"

    @property
    def indicator(self):
        return self.link.indicator

    @property
    def has_errors(self) -> bool:
        return any(cell.errors for row in self.rows for cell in row.cells)


def _display(number) -> str:
    """A stored value as the page's language writes it for editing: sv "41,5", en "41.5"."""
    return input_number(number)


def build_grid(links, *, report=None, data=None, errors=None, editable=True) -> list[IndicatorGrid]:
    """The grid for `links` (PilotIndicators), from POST `data` or else the report's values.

    `editable=False` keeps the computed share of percentages for display."""
    stored = {}
    if report is not None and data is None:
        stored = {(v.pilot_indicator_id, v.gender, v.age_band): v for v in report.values.all()}
    errors = errors or {}
    grids = []
    for link in links:
        indicator = link.indicator
        genders = [(g, Gender(g).label) for g in indicator.genders]
        name = indicator.name
        kind = (
            "text" if indicator.is_qualitative else "percent" if indicator.is_percent else "number"
        )
        rows = []
        for b_index, band in enumerate(indicator.bands):
            band_label = band or _("Alla åldrar")
            cells = []
            for gender, label in genders:
                key = cell_key(link.pk, gender, band)
                if data is not None:
                    values = {p: data.get(f"{key}-{p}", "") for p in PARTS}
                else:
                    v = stored.get((link.pk, gender, band))
                    values = dict.fromkeys(PARTS, "")
                    if v is not None:
                        # Read-only grids keep the numbers, which the template formats in the
                        # page's language ("2 000", "45,0 %"); boxes get them as typed ("2000").
                        show = _display if editable else (lambda number: number)
                        values = {
                            "value": show(v.value),
                            "numerator": show(v.numerator),
                            "denominator": show(v.denominator),
                            "text": v.text,
                        }
                        if editable and v.denominator is not None:
                            # The share is computed from numerator/denominator; leaving it in its
                            # box would make a changed numerator contradict the old share.
                            values["value"] = ""
                cells.append(
                    Cell(
                        key=key,
                        dom_id=f"c{link.pk}-{gender}-{b_index}",
                        gender=gender,
                        gender_label=label,
                        band=band,
                        data=values,
                        errors=list(errors.get(key, [])),
                        label=f"{name}, {label}, {band_label}",
                        kind=kind,
                    )
                )
            rows.append(Row(band=band, band_label=band_label, cells=cells))
        grids.append(IndicatorGrid(link=link, genders=genders, rows=rows, kind=kind))
    return grids


def grid_values(grids: list[IndicatorGrid]) -> list[dict]:
    """The service's `values` argument from a grid filled from POST data."""
    items = []
    for grid in grids:
        measure = grid.indicator.measure
        for row in grid.rows:
            for cell in row.cells:
                item = {
                    "pilot_indicator": grid.link.pk,
                    "gender": cell.gender,
                    "age_band": cell.band,
                }
                if measure == "qualitative":
                    item["text"] = cell.data.get("text", "")
                else:
                    item["value"] = cell.data.get("value", "")
                    if measure == "percent":
                        item["numerator"] = cell.data.get("numerator", "")
                        item["denominator"] = cell.data.get("denominator", "")
                items.append(item)
    return items


class ReportForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    progress = forms.ChoiceField(
        label=_("Läge"),
        required=False,
        widget=forms.RadioSelect,
        choices=ProgressStatus.choices,
        help_text=_("Går piloten enligt plan för perioden?"),
    )
    narrative = forms.CharField(
        label=_("Berättelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Vad hände under perioden? Vad förklarar resultaten? Inga uppgifter om enskilda."
        ),
    )


class LessonForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Typ"), required=False, choices=[("", _("Välj typ")), *LessonKind.choices]
    )
    dimension = forms.ChoiceField(
        label=_("Systemdimension"),
        required=False,
        choices=[("", _("Välj dimension")), *SystemDimension.choices],
    )
    title = forms.CharField(label=_("Rubrik"), required=False, max_length=200)
    text = forms.CharField(
        label=_("Lärdom"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


LessonFormSet = forms.formset_factory(
    LessonForm, extra=1, can_delete=True, max_num=50, absolute_max=60
)


def lesson_initial(report) -> list[dict]:
    if report is None:
        return []
    return [
        {
            "id": lesson.pk,
            "kind": lesson.kind,
            "dimension": lesson.dimension,
            "title": lesson.title,
            "text": lesson.text,
        }
        for lesson in sorted(report.lessons.all(), key=lambda lesson: lesson.pk)
    ]


def lesson_values(formset) -> list[dict]:
    """The service's `lessons` argument; deleted forms become {} so indexes match the forms."""
    items = []
    for form in formset.forms:
        data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
        items.append(
            {}
            if data.get("DELETE")
            else {k: data.get(k) for k in ("id", "kind", "dimension", "title", "text")}
        )
    return items


def attach_errors(exc, *, form, formset) -> list[str]:
    """Put a service ValidationError on the forms; returns cell errors and top-level messages."""
    cell_errors, top = {}, []
    if not hasattr(exc, "error_dict"):
        return {}, list(exc.messages)
    for key, errors in exc.error_dict.items():
        messages = [m for e in errors for m in e.messages]
        if key.startswith("values-"):
            cell_errors[key] = messages
        elif key.startswith("lessons-") and key[8:].isdigit() and int(key[8:]) < len(formset.forms):
            for message in messages:
                formset.forms[int(key[8:])].add_error(None, message)
        elif key in form.fields:
            for message in messages:
                form.add_error(key, message)
        elif key == NON_FIELD_ERRORS:
            top.extend(messages)
        else:
            top.extend(messages)
    return cell_errors, top


class DecisionForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput)
    # Not required by the form: the same form approves (comment optional) and returns (comment
    # required, checked by report_return); the template labels it so instead of "(frivilligt)".
    comment = forms.CharField(
        label=_("Kommentar till rapportörerna"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Krävs när du returnerar rapporten: skriv vad som behöver ändras. "
            "Frivillig när du godkänner; rapportörerna ser den på rapporten."
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        validators=[UploadValidator({"csv", "txt", "xlsx"}, max_size=MAX_BYTES)],
        help_text=_(
            "Högst 5 MB. Utgå från mallen; en rad per period, indikator, kön och åldersgrupp."
        ),
    )
