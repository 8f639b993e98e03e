"""A pilot with a by-kön number indicator and a percentage, and rules over them."""

from pilots.factories import IndicatorFactory, PilotFactory
from pilots.models import PilotIndicator, Severity
from pilots.services.validation import validation_rule_save


def rule_pilot(organisation, *, library=True):
    """A published pilot following "Deltagare" (by kön and age band, in the library when
    `library`) and "Andel rökfria" (a percentage)."""
    pilot = PilotFactory(lead_organisation=organisation)
    people = IndicatorFactory(
        in_library=library,
        pilot=None if library else pilot,
        name="Testdeltagare",
        by_gender=True,
        age_bands=["0-17", "18-64"],
    )
    share = IndicatorFactory(percent=True, name="Testandel", in_library=True)
    pilot.people = PilotIndicator.objects.create(pilot=pilot, indicator=people, order=0)
    pilot.share = PilotIndicator.objects.create(pilot=pilot, indicator=share, order=1)
    period = pilot.periods.order_by("start").first()
    period.pilot = pilot
    pilot.first_period = period
    return pilot


def cell(link, value=None, gender="T", band="", **parts):
    return {
        "pilot_indicator": link.pk,
        "gender": gender,
        "age_band": band,
        "value": value,
        **parts,
    }


def gender_rule(actor, pilot=None, severity=Severity.BLOCKING, **extra):
    """K + M = T of "Deltagare" (all ages)."""
    return validation_rule_save(
        actor=actor,
        pilot=pilot,
        name=extra.pop("name", "Kvinnor och män är totalt"),
        message=extra.pop("message", "Kvinnor plus män ska vara lika med totalt."),
        severity=severity,
        is_active=extra.pop("is_active", True),
        left=extra.pop("left", "{Testdeltagare|K} + {Testdeltagare|M}"),
        operator=extra.pop("operator", "="),
        right=extra.pop("right", "{Testdeltagare}"),
    )
