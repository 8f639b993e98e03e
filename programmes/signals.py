"""Signal receivers, connected in ProgrammesConfig.ready()."""

from core import caching


def programme_figures_changed(**kwargs):
    """A membership, pilot, reporting period, report, value or lesson changed: the portfolio's
    aggregated results and lessons and the reporting matrix's rates (PROGRAMME_FIGURES) are
    stale."""
    caching.bump(caching.PROGRAMME_FIGURES)


def watch_programme_figures(receiver=programme_figures_changed) -> None:
    """Saves and deletes of everything the cached programme figures are computed from. Bulk
    writers bump the namespace themselves (periods regenerated, reports imported)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from partners.models import Organisation
    from pilots.models import (
        Indicator,
        IndicatorValue,
        Lesson,
        PeriodReport,
        Pilot,
        PilotIndicator,
        ReportingPeriod,
    )
    from programmes.models import Programme, ProgrammePilot

    models = (
        Programme,
        ProgrammePilot,
        Pilot,
        Organisation,
        ReportingPeriod,
        PeriodReport,
        IndicatorValue,
        PilotIndicator,
        Indicator,
        Lesson,
    )
    for model in models:
        for signal in (post_save, post_delete):
            uid = f"programmes.figures.{model.__name__}.{id(signal)}"
            signal.connect(receiver, sender=model, dispatch_uid=uid)
    m2m_changed.connect(
        receiver,
        sender=Programme.shared_indicators.through,
        dispatch_uid="programmes.figures.shared_indicators",
    )
