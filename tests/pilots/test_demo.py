"""The demo pilots: idempotent, deterministic, every workflow state, marked as demo."""

import datetime as dt

import pytest

from partners import demo as partners_demo
from pilots import demo
from pilots.models import Lesson, PeriodReport, Pilot, ReportStatus, SystemDimension

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 1)


def test_seed_is_idempotent_and_covers_every_state():
    partners_demo.seed()
    first = demo.seed(count=24, today=TODAY)
    assert first["pilots"] == 24
    counts = (Pilot.objects.count(), PeriodReport.objects.count(), Lesson.objects.count())
    again = demo.seed(count=24, today=TODAY)
    assert again["pilots"] == 0
    assert (Pilot.objects.count(), PeriodReport.objects.count(), Lesson.objects.count()) == counts
    assert set(PeriodReport.objects.values_list("status", flat=True)) == set(ReportStatus.values)
    assert len(set(Lesson.objects.values_list("dimension", flat=True))) == len(
        SystemDimension.values
    )
    assert all(
        demo.DEMO_NOTE in summary for summary in Pilot.objects.values_list("summary", flat=True)
    )
    assert Pilot.objects.values("health_area").distinct().count() >= 8
    # Approved reports lock their period.
    approved = PeriodReport.objects.filter(status=ReportStatus.APPROVED).select_related("period")
    assert all(report.period.is_locked for report in approved)


def test_seed_is_deterministic():
    partners_demo.seed()
    demo.seed(count=10, today=TODAY)
    titles = list(Pilot.objects.order_by("slug").values_list("slug", "title", "budget_sek"))
    Pilot.objects.all().delete()
    demo.seed(count=10, today=TODAY)
    assert list(Pilot.objects.order_by("slug").values_list("slug", "title", "budget_sek")) == titles


def test_seed_demo_command_runs_twice(db):
    from django.core.management import call_command

    from evidence import demo as evidence_demo

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    n = Pilot.objects.count()
    # The evidence demo adds the pilots of its two practices' adoptions.
    assert n == demo.PILOT_COUNT + evidence_demo.PILOT_COUNT
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Pilot.objects.count() == n
