"""What a pilot needs before it can be published: written once for the service and the wizard.

`missing_items(pilot)` returns field → messages, in the order of the registration steps, so the
service raises it as a ValidationError and the review step links each message to its step.
"""

from django.utils.translation import gettext as _

from pilots.models import EvaluationPlan, Pilot, PilotIndicator

# The step of the registration wizard where each missing item is put right.
MISSING_ITEM_STEPS = {
    "summary": "grunder",
    "health_area": "grunder",
    "life_stage": "grunder",
    "arena": "grunder",
    "start_date": "grunder",
    "end_date": "grunder",
    "geography": "geografi",
    "theory_of_change": "utvardering",
    "design": "utvardering",
    "cadence": "utvardering",
    "indicators": "indikatorer",
    "baseline": "indikatorer",
}


def has_baseline(link: PilotIndicator) -> bool:
    """A dated baseline: a value, or for a qualitative indicator a description."""
    if link.baseline_date is None:
        return False
    if link.indicator.is_qualitative:
        return bool(link.baseline_note.strip()) or link.baseline_value is not None
    return link.baseline_value is not None


def missing_items(pilot: Pilot) -> dict[str, list[str]]:
    """Everything a pilot lacks before it can be published (empty when complete). Five queries."""
    missing: dict[str, list[str]] = {}

    def add(key, message):
        missing.setdefault(key, []).append(message)

    if not pilot.summary.strip():
        add("summary", _("Skriv en sammanfattning av piloten."))
    if not pilot.health_area:
        add("health_area", _("Välj hälsoområde."))
    if not pilot.life_stage:
        add("life_stage", _("Välj livsskede."))
    if not pilot.arena:
        add("arena", _("Välj arena."))
    if not pilot.start_date:
        add("start_date", _("Ange startdatum."))
    if not pilot.end_date:
        add("end_date", _("Ange slutdatum."))
    if not (pilot.kommuner.exists() or pilot.regioner.exists()):
        add("geography", _("Ange minst en kommun eller region som piloten omfattar."))
    plan = EvaluationPlan.objects.filter(pilot=pilot).first()
    if plan is None or not plan.theory_of_change.strip():
        add("theory_of_change", _("Beskriv förändringsteorin i utvärderingsplanen."))
    if plan is None or not plan.design:
        add("design", _("Välj utvärderingsdesign."))
    if plan is None or not plan.cadence:
        add("cadence", _("Välj rapporteringsintervall."))
    links = list(PilotIndicator.objects.filter(pilot=pilot).select_related("indicator"))
    if not links:
        add("indicators", _("Lägg till minst en indikator."))
    for link in links:
        if not has_baseline(link):
            add(
                "baseline",
                _("Ange utgångsvärde och datum för indikatorn ”%(name)s”.")
                % {"name": link.indicator.name},
            )
    return missing
