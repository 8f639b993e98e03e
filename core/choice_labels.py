"""Fast `get_<field>_display()`: each field's choice labels translated once per language.

Django's `Model._get_FIELD_display` rebuilds a dict of the field's choices on every call, and
building it hashes every label, which translates every lazy label (`gettext_lazy`) each time: a
field with fourteen choices (a pilot's arena) cost about 0.1 ms per call, and a page listing
twenty lessons with their pilot's health area, life stage and arena spent over ten milliseconds
on it. `install()` (run once from CoreConfig.ready, when every model is loaded) replaces each
`get_<field>_display` that Django generated with one that looks the value up in a dict of the
field's labels for the active language, built on first use. What it returns is unchanged: the
label as a string, or the value itself when it is not one of the choices.

Fields whose choices are a callable (re-evaluated by Django on every read) and methods a model
defines itself keep Django's behaviour.
"""

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


def _labels(field) -> dict:
    """The field's value → label (a str in the active language), built once per language."""
    per_language = field.__dict__.setdefault("_choice_labels", {})
    language = get_language()
    labels = per_language.get(language)
    if labels is None:
        labels = {
            make_hashable(value): force_str(label, strings_only=True)
            for value, label in field.flatchoices
        }
        per_language[language] = labels
    return labels


def _display(self, *, field):
    value = getattr(self, field.attname)
    return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


def _generated_by_django(method) -> bool:
    return isinstance(method, partialmethod) and method.func is Model._get_FIELD_display


def install() -> None:
    """Swap Django's generated `get_<field>_display` methods for the cached lookup."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not getattr(field, "choices", None) or getattr(field, "model", None) is not model:
                continue
            if isinstance(field.choices, CallableChoiceIterator):
                continue
            name = f"get_{field.name}_display"
            if _generated_by_django(model.__dict__.get(name)):
                setattr(model, name, partialmethod(_display, field=field))
