"""The fast form renderer writes exactly the HTML Django's widget templates write."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import override

from core.form_rendering import FastRenderer

CHOICES = [("", "Välj"), ("a", 'A & "b"'), ("c", mark_safe("<em>C</em>")), (3, 1234)]
GROUPED = [("Grupp <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]


class Everything(forms.Form):
    text = forms.CharField(initial='a "quoted" & <b>', max_length=20, help_text="Hjälp")
    optional = forms.CharField(required=False)
    number = forms.DecimalField(initial=Decimal("1234.5"), localize=True)
    integer = forms.IntegerField(initial=12345)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    date = forms.DateField(initial=datetime.date(2026, 1, 2))
    hidden = forms.CharField(widget=forms.HiddenInput, initial="7")
    flag = forms.BooleanField(initial=True, required=False)
    off = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"disabled": True}))
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="rad 1\n<rad 2>")
    empty_body = forms.CharField(widget=forms.Textarea, required=False)
    select = forms.ChoiceField(choices=CHOICES, initial="c")
    grouped = forms.ChoiceField(choices=GROUPED, initial="y")
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, initial="a")
    radio_grouped = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, initial=["a", 3]
    )
    multi = forms.MultipleChoiceField(choices=GROUPED, initial=["x", "z"])
    styled = forms.ChoiceField(
        choices=CHOICES, widget=forms.RadioSelect(attrs={"class": "inline", "id": "s"})
    )


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("bound", [False, True])
def test_every_widget_renders_as_the_templates_do(language, bound):
    data = {"text": "x&y", "select": "zz", "radio": "c", "many": ["c"], "body": ""}
    with override(language):
        forms_ = [
            Everything(data=data if bound else None, renderer=renderer)
            for renderer in (DjangoTemplates(), FastRenderer())
        ]
        for name in Everything.base_fields:
            slow, fast = (str(form[name]) for form in forms_)
            assert fast == slow, name
        assert str(forms_[1]) == str(forms_[0])
