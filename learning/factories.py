"""factory_boy factories for the learning base."""

import datetime as dt

import factory
from django.utils import timezone

from learning.models import (
    Appraisal,
    AppraisalStatus,
    ClosingReport,
    Nomination,
    Practice,
    Recommendation,
)
from pilots.factories import PilotFactory


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice

    title = factory.Sequence(lambda n: f"Praktik {n}")
    slug = factory.Sequence(lambda n: f"praktik-{n}")
    summary = "Ett arbetssätt som spridits mellan kommuner."
    original_pilot = factory.SubFactory(PilotFactory)


class AppraisalFactory(factory.django.DjangoModelFactory):
    """A complete draft; `AppraisalFactory(published=True)` is published a year ago."""

    class Meta:
        model = Appraisal

    practice = factory.SubFactory(PracticeFactory)
    evidence_level = 2
    effect = "+"
    transferability = "++"
    sustainability = "+"
    equity = "0"
    cost = "+"
    actor_values = factory.LazyFunction(lambda: {"kommun": "+", "region": "++"})
    recommendation = Recommendation.SCALE_UP_FOLLOW_UP
    rationale = "Effekten är visad i två kommuner men uppföljningen är kort."

    class Params:
        published = factory.Trait(
            status=AppraisalStatus.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=365)),
            reassess_by=factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=365)),
        )
        in_review = factory.Trait(status=AppraisalStatus.IN_REVIEW)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    practice = factory.SubFactory(PracticeFactory)
    reason = "Många kommuner frågar efter arbetssättet."


class ClosingReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosingReport

    pilot = factory.SubFactory(PilotFactory)
    what_worked = "Tidig förankring hos chefer."
    what_did_not = "Rekryteringen av deltagare tog längre tid än planerat."
    what_it_takes = "En samordnare på halvtid och avtal med regionen."
