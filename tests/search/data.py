"""Shared test data for search: pilots, lessons and practices with distinctive Swedish text."""

from learning.factories import AppraisalFactory, PracticeFactory
from pilots.factories import LessonFactory, PeriodReportFactory, PilotFactory
from pilots.models import ReportStatus


def approved_lesson(pilot, **fields):
    report = PeriodReportFactory(period=pilot.periods.first(), status=ReportStatus.APPROVED)
    return LessonFactory(pilot=pilot, report=report, **fields)


def draft_lesson(pilot, **fields):
    report = PeriodReportFactory(period=pilot.periods.last(), status=ReportStatus.SUBMITTED)
    return LessonFactory(pilot=pilot, report=report, **fields)


def small_world():
    """Three public pilots, lessons (one unapproved), a practice with a published appraisal."""
    walk = PilotFactory(
        title="Promenadgrupper för äldre i Umeå",
        summary="Piloterna samlar äldres promenadgrupper varje vecka.",
        health_area="fysisk_aktivitet",
        life_stage="aldre",
        arena="aldreomsorg",
    )
    food = PilotFactory(
        title="Matglädje mot fetman i skolan",
        summary="Skolmåltiderna ändras för att förebygga fetman hos barn.",
        health_area="fetma",
        life_stage="barn_unga",
        arena="skola",
    )
    adapted = PilotFactory(
        title="Promenadgrupper i Lund",
        summary="En anpassning av promenadgrupperna.",
        adapted_from=walk,
        health_area="fysisk_aktivitet",
        life_stage="aldre",
        arena="aldreomsorg",
    )
    lesson = approved_lesson(
        walk, title="Ledarna behöver utbildning", text="Utbildade promenadledare höll grupperna."
    )
    hidden = draft_lesson(walk, title="Hemlig lärdom", text="Ännu inte godkänd promenadtext.")
    practice = PracticeFactory(
        title="Promenadgrupper som arbetssätt", summary="Grupper som går.", original_pilot=walk
    )
    AppraisalFactory(practice=practice, published=True, evidence_level=3)
    return {
        "walk": walk,
        "food": food,
        "adapted": adapted,
        "lesson": lesson,
        "hidden": hidden,
        "practice": practice,
    }
