"""A form field for numbers people type, in the page's language (partners.numbers).

Swedish pages show and accept "42,5" and "1 250 000"; English pages "42.5" and "1250000". A value
typed in the other language's format is read where that cannot be misread ("15,2" on an English
page is 15.2, never 152) and refused with both readings named where it could ("1,200").
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from partners.numbers import NumberFormatError, input_number, parse_number


class NumberInput(forms.TextInput):
    """A text box, not <input type="number">: browsers that do not read the page's decimal
    separator in a number box send the wrong number or none."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return input_number(value)
        return super().format_value(value)


class LocalizedDecimalField(forms.DecimalField):
    """A DecimalField that reads and shows numbers in the active language's format."""

    widget = NumberInput

    def to_python(self, value):
        if isinstance(value, str):
            try:
                value = parse_number(value)
            except NumberFormatError as error:
                raise ValidationError(error.message, code="invalid") from error
        return super().to_python(value)

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to <input type="number">, not to text input.
        return {}

    def prepare_value(self, value):
        """A stored Decimal shows as the user would type it: 15.2000 → sv "15,2", en "15.2"."""
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return input_number(value)
        return value


class LocalizedIntegerField(forms.IntegerField):
    """Whole numbers ("1 250 000" in Swedish, "1,250,000" in English) in a text box."""

    widget = NumberInput

    def to_python(self, value):
        if isinstance(value, str):
            try:
                value = parse_number(value)
            except NumberFormatError as error:
                raise ValidationError(error.message, code="invalid") from error
        if isinstance(value, Decimal) and value != value.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value if not isinstance(value, Decimal) else int(value))

    def widget_attrs(self, widget):
        return {}
