"""`get_<field>_display()` reads each field's labels once per language (core/choice_labels.py)
and shows exactly what Django's own method shows, in Swedish and in English."""

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation

from core import choice_labels
from learning.models import Appraisal, Recommendation
from pilots.models import Arena, HealthArea, Lesson, LessonKind, Pilot

pytestmark = pytest.mark.django_db


def _fields_with_choices():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if getattr(field, "choices", None) and getattr(field, "model", None) is model:
                yield model, field


def test_every_generated_display_method_uses_the_cached_labels():
    swapped = [
        (model, field)
        for model, field in _fields_with_choices()
        if getattr(model.__dict__.get(f"get_{field.name}_display"), "func", None)
        is choice_labels._display
    ]
    assert (Lesson, Lesson._meta.get_field("kind")) in swapped
    assert (Pilot, Pilot._meta.get_field("arena")) in swapped


@pytest.mark.parametrize("language", ["sv", "en"])
def test_labels_match_djangos_in_each_language(language):
    with translation.override(language):
        for model, field in _fields_with_choices():
            name = f"get_{field.name}_display"
            if getattr(model.__dict__.get(name), "func", None) is not choice_labels._display:
                continue  # the model's own method (Pilot.get_status_display), not generated
            instance = model()
            for value, _label in [*field.flatchoices, ("no-such-choice", "")]:
                setattr(instance, field.attname, value)
                assert getattr(instance, name)() == Model._get_FIELD_display(instance, field), (
                    model,
                    field.name,
                    value,
                )


def test_the_label_follows_the_active_language():
    pilot = Pilot(arena=Arena.values[0])
    lesson = Lesson(kind=LessonKind.values[0])
    appraisal = Appraisal(recommendation=Recommendation.SCALE_UP)
    with translation.override("sv"):
        swedish = (pilot.get_arena_display(), lesson.get_kind_display())
        assert appraisal.get_recommendation_display() == "Skala upp"
    with translation.override("en"):
        english = (pilot.get_arena_display(), lesson.get_kind_display())
        assert appraisal.get_recommendation_display() == "Scale up"
    assert swedish != english
    assert Pilot(health_area="").get_health_area_display() == ""
    assert Pilot(health_area=HealthArea.values[0]).get_health_area_display() == str(
        HealthArea.choices[0][1]
    )
