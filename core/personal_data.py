"""No personal data about residents: text that looks like a Swedish personnummer.

The portal holds aggregated figures only (see docs/security.md, "Audit log and personal
data"). Two strengths of the same rule:

- **refuse**: period reports' cells and every import call `looks_like_personnummer` and reject
  the row or cell (`pilots.services.report_cells`, `pilots.imports`, `benchmarking.importing`);
- **warn**: free text that users type (pilot descriptions, lessons, closing reports, business
  case notes, appraisals, programme texts, organisation descriptions …) is held back once with
  a warning and an explicit confirmation, because a date followed by four digits can be
  legitimate ("20240115-2030" as a time span) and only the writer can tell. Forms use
  `PersonalDataWarningMixin`; the API uses `PersonalDataConfirmSerializer` and its documented
  `confirm_no_personal_data` flag.

The pattern lives here, in the lowest app, so that partners' own forms can use it too;
`pilots.personal_data` re-exports it.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# YYMMDD-NNNN / YYMMDD+NNNN (the separator is required: a bare ten-digit number may be a
# legitimate amount), or YYYYMMDD-NNNN / YYYYMMDDNNNN starting with 19 or 20. Days 61–91 are
# samordningsnummer.
_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
_LONG = rf"(?:19|20)\d{{2}}{_MONTH}{_DAY}[-+ ]?\d{{4}}"
_SHORT = rf"\d{{2}}{_MONTH}{_DAY}[-+]\d{{4}}"
PERSONNUMMER = re.compile(rf"(?<!\d)(?:{_LONG}|{_SHORT})(?!\d)")
# Every match is at least eleven characters among digits (any script's, as the pattern's \d),
# "+", "-" and " ", the first a digit. Searched for first: over a long text (an import file of
# 2 000 rows with its period and indicator names, 200 000 characters) it takes 3 ms where the
# full pattern takes 8.5, which then runs only where it could match.
_CANDIDATE = re.compile(r"\d[\d+ -]{10}")
MESSAGE = _(
    "Texten ser ut att innehålla ett personnummer. Rapportera aldrig uppgifter om enskilda."
)
WARNING = _(
    "Texten ser ut att innehålla ett personnummer. Ta bort uppgifter om enskilda personer, "
    "eller bekräfta nedan att texten inte innehåller sådana uppgifter."
)
CONFIRM_FIELD = "confirm_no_personal_data"
CONFIRM_LABEL = _("Jag har kontrollerat att texten inte innehåller uppgifter om enskilda personer")
API_WARNING = _(
    "Texten ser ut att innehålla ett personnummer. Ta bort uppgifter om enskilda personer, "
    'eller skicka "confirm_no_personal_data": true om texten inte innehåller sådana uppgifter.'
)


def looks_like_personnummer(value) -> bool:
    """True if the text (or number) contains something shaped like a personnummer."""
    if value is None or isinstance(value, bool):
        return False
    text = str(value)
    return bool(_CANDIDATE.search(text) and PERSONNUMMER.search(text))


class PersonalDataWarningMixin:
    """Hold back a form once when a free-text field looks like it holds a personnummer.

    The fields checked are `personal_data_fields` (default: every field with a textarea). On a
    submit where one of them matches, the form gets the checkbox `confirm_no_personal_data` and,
    until it is ticked or the text no longer matches, an error on each matching field. Put the
    mixin before `forms.Form` in the bases.
    """

    personal_data_fields: tuple[str, ...] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_data_suspects = []
        if not self.is_bound:
            return
        for name in self.personal_data_field_names():
            if looks_like_personnummer(self[name].data):
                self.personal_data_suspects.append(name)
        if self.personal_data_suspects:
            first = self[self.personal_data_suspects[0]]
            self.fields[CONFIRM_FIELD] = forms.BooleanField(
                label=CONFIRM_LABEL,
                required=False,
                widget=forms.CheckboxInput(attrs={"aria-describedby": f"{first.auto_id}_error"}),
            )

    def personal_data_field_names(self) -> list[str]:
        if self.personal_data_fields is not None:
            return [name for name in self.personal_data_fields if name in self.fields]
        return [
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.CharField) and isinstance(field.widget, forms.Textarea)
        ]

    def full_clean(self):
        super().full_clean()
        # The flag is the form's business, not the service's: views pass **cleaned_data on.
        cleaned = getattr(self, "cleaned_data", None)
        self.personal_data_confirmed = bool(cleaned and cleaned.pop(CONFIRM_FIELD, False))
        if not self.personal_data_suspects or self.personal_data_confirmed:
            return
        for name in self.personal_data_suspects:
            widget = self.fields[name].widget
            # The warning is read out with the field (the shared form template gives the error
            # block the id <auto_id>_error); keep the help text's id when there is one.
            described = [f"{self[name].auto_id}_error"]
            if self.fields[name].help_text:
                described.append(f"{self[name].auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(described)
            self.add_error(name, WARNING)


class PersonalDataConfirmSerializer(serializers.Serializer):
    """Refuse free text that looks like a personnummer (400, per field) unless confirmed.

    Subclasses list `personal_data_fields`; nested lists of dicts (lessons) are checked by
    `personal_data_nested` = {"lessons": ("title", "text")}. The flag is removed from the
    validated data, so services never see it.
    """

    personal_data_fields: tuple[str, ...] = ()
    personal_data_nested: dict[str, tuple[str, ...]] = {}

    confirm_no_personal_data = serializers.BooleanField(
        required=False,
        default=False,
        write_only=True,
        help_text=_(
            "Sätt till true för att spara fritext som ser ut att innehålla ett personnummer, "
            "efter att du kontrollerat att den inte innehåller uppgifter om enskilda personer."
        ),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        confirmed = attrs.pop(CONFIRM_FIELD, False)
        if confirmed:
            return attrs
        errors = {
            name: [API_WARNING]
            for name in self.personal_data_fields
            if looks_like_personnummer(attrs.get(name))
        }
        for name, keys in self.personal_data_nested.items():
            for item in attrs.get(name) or []:
                if any(looks_like_personnummer(item.get(key)) for key in keys):
                    errors[name] = [API_WARNING]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
