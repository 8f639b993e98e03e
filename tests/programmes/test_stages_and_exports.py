"""What a gate decision does to the stage (said before saving; the latest gate rules), progress
reports with the stage each pilot had then, portfolio exports in Swedish words and whole kronor,
and lessons listed once."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pilots.factories import LessonFactory
from programmes import services
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.portfolio import latest_lessons

from .helpers import portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_stages(organisation):
    """2025–2027, one stage a year; one pilot granted 8 M in stage 1."""
    programme = ProgrammeFactory(
        owner=organisation, stages=3, start_date=dt.date(2025, 1, 1), end_date=dt.date(2027, 12, 31)
    )
    membership = ProgrammePilotFactory(programme=programme, funding_granted_sek=8_000_000)
    return programme, membership, list(programme.stages.order_by("order"))


def _decide(membership, stage, decision, actor):
    return services.gate_decision_record(
        membership=membership, stage=stage, decision=decision, rationale="Skäl.", actor=actor
    )


def test_the_form_says_what_each_decision_does_before_it_is_saved(client, org_admin, three_stages):
    programme, membership, _stages = three_stages
    client.force_login(org_admin)
    url = reverse("programmes:pilot_page", args=[programme.slug, membership.pilot.slug])
    html = client.get(url).content.decode()
    assert "Vad beslutet gör med pilotens fas" in html
    assert "Fortsätt med ändringar: Piloten går vidare till Fas 2, som börjar 2026-01-01." in html
    assert "Avsluta: Piloten avslutas i Fas 1." in html
    assert "Fas 3 är programmets sista fas: piloten stannar i den." in html
    response = client.post(
        reverse("programmes:gate_decision", args=[programme.slug, membership.pilot.slug]),
        {"stage": _stages[0].pk, "decision": "continue_with_changes", "rationale": "Ny plan."},
        follow=True,
    )
    assert "Piloten går vidare till Fas 2, som börjar 2026-01-01." in response.content.decode()


def test_revising_an_earlier_gate_does_not_pull_a_scaled_pilot_back(org_admin, three_stages):
    _programme, membership, stages = three_stages
    _decide(membership, stages[0], "continue", org_admin)
    _decide(membership, stages[1], "scale", org_admin)
    membership.refresh_from_db()
    assert membership.stage == stages[2]
    _decide(membership, stages[0], "continue_with_changes", org_admin)  # a revision at gate 1
    membership.refresh_from_db()
    assert membership.stage == stages[2] and not membership.stopped
    _decide(membership, stages[2], "scale", org_admin)  # the last gate: nowhere further
    membership.refresh_from_db()
    assert membership.stage == stages[2] and not membership.stopped


def test_a_progress_report_shows_the_stage_each_pilot_had_in_that_period(org_admin, three_stages):
    programme, membership, stages = three_stages
    first = services.progress_report_compile(
        programme=programme,
        actor=org_admin,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
    )
    _decide(membership, stages[0], "continue", org_admin)  # today (2026): moves to Fas 2
    membership.refresh_from_db()
    assert membership.stage == stages[1]
    again = services.progress_report_compile(
        programme=programme,
        actor=org_admin,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
        report=first,
    )
    assert again.snapshot["pilots"][0]["stage"] == "Fas 1"  # not today's Fas 2
    later = services.progress_report_compile(
        programme=programme,
        actor=org_admin,
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2027, 6, 30),
    )
    assert later.snapshot["pilots"][0]["stage"] == "Fas 2"


def test_portfolio_exports_use_swedish_words_and_whole_kronor(organisation, org_admin, as_role):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=5, periods=2)
    stage = programme.stages.order_by("order").first()
    _decide(members[0], stage, "continue_with_changes", org_admin)
    services.payout_record(
        membership=members[0], actor=org_admin, paid_on=dt.date(2025, 2, 1), amount_sek=250_000
    )
    client, _user = as_role("viewer")
    csv_text = client.get(
        reverse("programmes:portfolio_csv", kwargs={"slug": programme.slug})
    ).content.decode("utf-8-sig")
    assert "Fortsätt med ändringar" in csv_text and "continue_with_changes" not in csv_text
    assert ";1000000;250000;" in csv_text and "1000000.0" not in csv_text
    xlsx = client.get(reverse("programmes:portfolio_xlsx", kwargs={"slug": programme.slug}))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    granted = rows[0].index("Beviljat (kr)")
    assert {type(r[granted]) for r in rows[1:]} == {int}


def test_the_portfolio_lists_a_lesson_reported_in_two_periods_once(organisation, as_role):
    programme, members, _count, _share = portfolio(owner=organisation, pilots=1, periods=2)
    pilot = members[0].pilot
    for report in pilot.reports.all():
        LessonFactory(pilot=pilot, report=report, title="Boka lokaler tidigt", text="Samma text.")
    titles = [lesson.title for lesson in latest_lessons(programme=programme)]
    assert titles.count("Boka lokaler tidigt") == 1
    client, _user = as_role("viewer")
    html = client.get(reverse("programmes:portfolio", kwargs={"slug": programme.slug}))
    assert html.content.decode().count("Boka lokaler tidigt") == 1
