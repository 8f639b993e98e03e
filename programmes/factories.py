"""factory_boy factories for programmes."""

import datetime as dt

import factory

from partners.factories import OrganisationFactory
from pilots.factories import PilotFactory
from programmes.models import (
    MembershipStatus,
    Programme,
    ProgrammePilot,
    ProgrammeStage,
    ProgrammeVisibility,
)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A public programme over 2025–2026 with half-yearly progress reports.

    `ProgrammeFactory(stages=2)` adds stages of one year each."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    purpose = "Att pröva och sprida förebyggande arbetssätt."
    vision = "Fler friska år för alla."
    owner = factory.SubFactory(OrganisationFactory)
    budget_sek = 10_000_000
    start_date = dt.date(2025, 1, 1)
    end_date = dt.date(2026, 12, 31)
    cadence = "half_year"
    visibility = ProgrammeVisibility.PUBLIC
    principles = factory.LazyFunction(lambda: ["Samverkan", "Jämlikhet"])

    class Params:
        private = factory.Trait(visibility=ProgrammeVisibility.PRIVATE)

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for i in range(extracted):
            start = dt.date(self.start_date.year + i, 1, 1)
            ProgrammeStage.objects.create(
                programme=self,
                name=f"Fas {i + 1}",
                order=i + 1,
                start_date=start,
                gate_date=dt.date(start.year, 12, 31),
            )


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeStage

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Fas {n}")
    order = factory.Sequence(lambda n: n + 1)
    start_date = factory.LazyAttribute(lambda o: o.programme.start_date)
    gate_date = factory.LazyAttribute(lambda o: o.programme.end_date)


class ProgrammePilotFactory(factory.django.DjangoModelFactory):
    """An accepted pilot, in the programme's first stage if it has one."""

    class Meta:
        model = ProgrammePilot

    programme = factory.SubFactory(ProgrammeFactory)
    pilot = factory.SubFactory(PilotFactory)
    status = MembershipStatus.ACCEPTED
    funding_granted_sek = 1_000_000
    stage = factory.LazyAttribute(lambda o: o.programme.stages.order_by("order").first())

    class Params:
        applied = factory.Trait(
            status=MembershipStatus.APPLIED, stage=None, funding_granted_sek=None
        )
