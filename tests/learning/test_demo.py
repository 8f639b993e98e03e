"""The learning demo: practices with adaptations, every recommendation, idempotent."""

import datetime as dt

import pytest

from learning import demo
from learning.models import Appraisal, Practice, Recommendation
from learning.selectors import practices_due
from partners import demo as partners_demo
from pilots import demo as pilots_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


def test_demo_is_complete_and_idempotent():
    partners_demo.seed()
    pilots_demo.seed(count=60, today=TODAY)
    first = demo.seed(today=TODAY)
    assert first["practices"] >= 4
    assert demo.seed(today=TODAY)["practices"] == 0
    assert Practice.objects.count() == first["practices"]
    assert Appraisal.objects.count() == first["appraisals"]
    for practice in Practice.objects.all():
        assert practice.original_pilot.adaptations.exists()
        # Title, summary and pilots tell one story: every pilot is the same concept.
        pilots = [practice.original_pilot, *practice.original_pilot.adaptations.all()]
        assert all(demo.concept(p) == practice.title for p in pilots)
        assert practice.summary.startswith(practice.title)
    recommendations = set(Appraisal.objects.values_list("recommendation", flat=True))
    assert recommendations == set(Recommendation.values) or first["practices"] < len(demo.PLAN)
    assert practices_due(today=TODAY)


def test_each_demo_practice_is_about_the_health_area_of_the_pilots_it_is_built_on():
    from pilots.demo_data import THEMES

    partners_demo.seed()
    pilots_demo.seed(count=60, today=TODAY)
    demo.seed(today=TODAY)
    theme_of = {f"{t.brand} – {t.tagline}": t for t in THEMES}
    assert Practice.objects.exists()
    for practice in Practice.objects.select_related("original_pilot"):
        theme = theme_of[practice.title]  # the title is a known concept, not a kommun's name
        pilots = [practice.original_pilot, *practice.original_pilot.adaptations.all()]
        assert {p.health_area for p in pilots} == {theme.health_area}
        assert {p.life_stage for p in pilots} == {theme.life_stage}
        # The summary names every kommun it was tried in, and only those.
        for pilot in pilots:
            assert all(k.name in practice.summary for k in pilot.kommuner.all())
