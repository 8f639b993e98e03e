"""Programme services: the happy paths, their audit and notifications, and their refusals."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from partners.factories import MembershipFactory
from partners.models import AuditEvent, Role
from pilots.factories import IndicatorFactory, PilotFactory
from programmes import services
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory, StageFactory
from programmes.models import Decision, GateDecision, MembershipStatus, Programme, ProgrammePilot

from .helpers import approve, portfolio

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "Friska barn",
    "kind": "state",
    "purpose": "Pröva arbetssätt.",
    "vision": "",
    "budget_sek": 1000,
    "start_date": dt.date(2025, 1, 1),
    "end_date": dt.date(2029, 12, 31),
    "cadence": "half_year",
    "visibility": "public",
    "principles": ["Samverkan", " ", "Jämlikhet"],
}


def test_funder_admin_creates_a_programme_with_shared_indicators(organisation, org_admin):
    indicator = IndicatorFactory()
    programme = services.programme_create(
        actor=org_admin, owner=organisation, shared_indicators=[indicator], **FIELDS
    )
    assert programme.slug == "friska-barn" and programme.principles == ["Samverkan", "Jämlikhet"]
    assert list(programme.shared_indicators.all()) == [indicator]
    assert AuditEvent.objects.filter(
        action="programme.created", object_id=str(programme.pk)
    ).exists()
    again = services.programme_create(actor=org_admin, owner=organisation, **FIELDS)
    assert again.slug == "friska-barn-2"


@pytest.mark.parametrize("role", ["reporter", "viewer", "other_member", "outsider"])
def test_only_admins_and_approvers_of_the_owner_create_programmes(request, organisation, role):
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=request.getfixturevalue(role), owner=organisation, **FIELDS)
    assert not Programme.objects.exists()


def test_bad_programme_input_writes_nothing(organisation, approver):
    with pytest.raises(ValidationError) as exc:
        services.programme_create(
            actor=approver, owner=organisation, **{**FIELDS, "end_date": dt.date(2020, 1, 1)}
        )
    assert "end_date" in exc.value.error_dict
    custom = IndicatorFactory(in_library=False)
    with pytest.raises(ValidationError) as exc:
        services.programme_create(
            actor=approver, owner=organisation, shared_indicators=[custom], **FIELDS
        )
    assert "shared_indicators" in exc.value.error_dict
    assert not Programme.objects.exists() and not AuditEvent.objects.exists()


def test_stages_must_lie_inside_the_programme_and_have_unique_order(org_admin, organisation):
    programme = ProgrammeFactory(owner=organisation)
    stage = services.stage_add(
        programme=programme,
        actor=org_admin,
        name="Fas 1",
        start_date=dt.date(2025, 1, 1),
        gate_date=dt.date(2025, 12, 31),
    )
    assert stage.order == 1
    with pytest.raises(ValidationError) as exc:
        services.stage_add(
            programme=programme,
            actor=org_admin,
            name="X",
            start_date=dt.date(2024, 1, 1),
            gate_date=dt.date(2025, 1, 1),
        )
    assert "start_date" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.stage_add(
            programme=programme,
            actor=org_admin,
            name="X",
            start_date=dt.date(2025, 6, 1),
            gate_date=dt.date(2025, 1, 1),
        )
    assert "gate_date" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.stage_add(
            programme=programme,
            actor=org_admin,
            name="X",
            order=1,
            start_date=dt.date(2025, 6, 1),
            gate_date=dt.date(2026, 1, 1),
        )
    updated = services.stage_update(stage=stage, actor=org_admin, name="Fas ett")
    assert updated.name == "Fas ett"
    assert programme.stages.count() == 1


def test_reporter_of_the_pilot_applies_and_the_funder_accepts_with_a_notification(
    organisation, other_organisation, other_member, reporter, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory(owner=other_organisation, stages=2)
    MembershipFactory(
        organisation=organisation, role=Role.ADMIN, user__email="pilotadmin@example.se"
    )
    pilot = PilotFactory(lead_organisation=organisation)
    membership = services.pilot_apply(
        programme=programme, pilot=pilot, actor=reporter, note="Vi passar."
    )
    assert membership.status == MembershipStatus.APPLIED and membership.applied_by == reporter
    with pytest.raises(ValidationError):
        services.pilot_apply(programme=programme, pilot=pilot, actor=reporter)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        membership = services.membership_decide(
            membership=membership, actor=other_member, accept=True, funding_granted_sek=500000
        )
    assert len(callbacks) == 1
    assert membership.status == MembershipStatus.ACCEPTED and membership.stage.order == 1
    assert [m.to for m in mail.outbox] == [["pilotadmin@example.se"]]
    # The task is idempotent: running it again sends nothing.
    from programmes.tasks import notify_membership_decided

    assert notify_membership_decided(membership.pk) is False
    assert len(mail.outbox) == 1


def test_applications_refused_for_outsiders_viewers_and_drafts(
    organisation, viewer, other_member, reporter
):
    programme = ProgrammeFactory()
    pilot = PilotFactory(lead_organisation=organisation)
    for actor in (viewer, other_member):
        with pytest.raises(PermissionDenied):
            services.pilot_apply(programme=programme, pilot=pilot, actor=actor)
    draft = PilotFactory(lead_organisation=organisation, draft=True)
    with pytest.raises(ValidationError):
        services.pilot_apply(programme=programme, pilot=draft, actor=reporter)
    assert not ProgrammePilot.objects.exists()


def test_declining_needs_a_reason_and_only_pending_applications_are_decided(
    org_admin, organisation
):
    programme = ProgrammeFactory(owner=organisation)
    membership = ProgrammePilotFactory(programme=programme, applied=True)
    with pytest.raises(ValidationError) as exc:
        services.membership_decide(membership=membership, actor=org_admin, accept=False, note="  ")
    assert "note" in exc.value.error_dict
    declined = services.membership_decide(
        membership=membership, actor=org_admin, accept=False, note="Passar inte."
    )
    assert declined.status == MembershipStatus.DECLINED
    with pytest.raises(ValidationError):
        services.membership_decide(membership=declined, actor=org_admin, accept=True)


def test_funder_adds_a_pilot_directly_and_a_pilot_may_be_in_several_programmes(
    org_admin, organisation
):
    pilot = PilotFactory()
    first = services.pilot_add(
        programme=ProgrammeFactory(owner=organisation),
        pilot=pilot,
        actor=org_admin,
        funding_granted_sek=100,
    )
    second = services.pilot_add(
        programme=ProgrammeFactory(owner=organisation), pilot=pilot, actor=org_admin
    )
    assert first.is_accepted and second.is_accepted and pilot.programme_links.count() == 2
    with pytest.raises(ValidationError):
        services.pilot_add(programme=first.programme, pilot=pilot, actor=org_admin)
    with pytest.raises(ValidationError) as exc:
        services.pilot_add(
            programme=ProgrammeFactory(owner=organisation),
            pilot=PilotFactory(),
            actor=org_admin,
            repayment_share=150,
        )
    assert "repayment_share" in exc.value.error_dict


def test_a_gate_decision_supersedes_the_previous_one_and_history_stays(
    org_admin, organisation, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory(owner=organisation, stages=2)
    membership = ProgrammePilotFactory(programme=programme)
    stage1, stage2 = programme.stages.order_by("order")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.gate_decision_record(
            membership=membership,
            stage=stage1,
            decision=Decision.CONTINUE,
            rationale="Bra.",
            actor=org_admin,
        )
    membership.refresh_from_db()
    assert membership.stage == stage2 and not membership.stopped
    second = services.gate_decision_record(
        membership=membership,
        stage=stage1,
        decision=Decision.STOP,
        rationale="Nya siffror.",
        actor=org_admin,
    )
    membership.refresh_from_db()
    assert membership.stage == stage1 and membership.stopped
    assert second.supersedes == first
    assert list(GateDecision.objects.current()) == [second]
    assert GateDecision.objects.count() == 2
    first.refresh_from_db()
    assert first.decision == Decision.CONTINUE  # never edited


def test_gate_decisions_are_refused_for_bad_input_and_non_managers(
    org_admin, reporter, organisation
):
    programme = ProgrammeFactory(owner=organisation, stages=2)
    membership = ProgrammePilotFactory(programme=programme)
    stage1, stage2 = programme.stages.order_by("order")
    with pytest.raises(PermissionDenied):
        services.gate_decision_record(
            membership=membership, stage=stage1, decision="continue", rationale="x", actor=reporter
        )
    with pytest.raises(ValidationError) as exc:
        services.gate_decision_record(
            membership=membership, stage=stage1, decision="maybe", rationale="", actor=org_admin
        )
    assert {"decision", "rationale"} <= set(exc.value.error_dict)
    with pytest.raises(ValidationError):  # not reached yet
        services.gate_decision_record(
            membership=membership, stage=stage2, decision="continue", rationale="x", actor=org_admin
        )
    with pytest.raises(ValidationError):  # another programme's stage
        services.gate_decision_record(
            membership=membership,
            stage=StageFactory(),
            decision="continue",
            rationale="x",
            actor=org_admin,
        )
    applied = ProgrammePilotFactory(programme=programme, applied=True)
    with pytest.raises(ValidationError):
        services.gate_decision_record(
            membership=applied, stage=stage1, decision="continue", rationale="x", actor=org_admin
        )
    assert not GateDecision.objects.exists()


def test_pilot_people_assess_themselves_on_the_programmes_principles(
    organisation, reporter, viewer
):
    membership = ProgrammePilotFactory(pilot=PilotFactory(lead_organisation=organisation))
    kwargs = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 6, 30)}
    a = services.principle_assess(
        membership=membership, actor=reporter, principle="Samverkan", score=4, **kwargs
    )
    b = services.principle_assess(
        membership=membership, actor=reporter, principle="Samverkan", score=5, **kwargs
    )
    assert a.pk == b.pk and b.score == 5
    with pytest.raises(ValidationError):
        services.principle_assess(
            membership=membership, actor=reporter, principle="Okänd", score=3, **kwargs
        )
    with pytest.raises(ValidationError):
        services.principle_assess(
            membership=membership, actor=reporter, principle="Samverkan", score=9, **kwargs
        )
    with pytest.raises(PermissionDenied):
        services.principle_assess(
            membership=membership, actor=viewer, principle="Samverkan", score=3, **kwargs
        )


def test_progress_report_compiles_from_approved_reports_in_the_period(organisation, org_admin):
    programme, members, count, _share = portfolio(owner=organisation, pilots=5, periods=2)
    # A submitted (not approved) report never counts.
    approve(members[0].pilot, 2, {count: 1000}, status="submitted")
    report = services.progress_report_compile(
        programme=programme,
        actor=org_admin,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 6, 30),
    )
    snap = report.snapshot
    by_name = {a["name"]: a for a in snap["aggregates"]}
    assert (
        by_name["Deltagare"]["value"] == "100" and by_name["Deltagare"]["n"] == 5
    )  # 5 pilots × 2 quarters × 10
    assert by_name["Andel som fullföljt"]["value"] == "30"
    assert (
        by_name["Andel som fullföljt"]["numerator"] == "30"
        and by_name["Andel som fullföljt"]["denominator"] == "100"
    )
    assert snap["pilot_count"] == 5 and snap["reporting_pilots"] == 5
    assert len(snap["pilots"][0]["reports"]) == 2
    assert sum(len(g["items"]) for g in snap["lessons"]) == 10
    only_q1 = services.progress_report_compile(
        programme=programme,
        actor=org_admin,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
    )
    assert {a["name"]: a["value"] for a in only_q1.snapshot["aggregates"]}["Deltagare"] == "50"


def test_published_report_is_frozen(organisation, org_admin):
    programme, members, count, _share = portfolio(owner=organisation, pilots=5, periods=1)
    period = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 12, 31)}
    report = services.progress_report_compile(programme=programme, actor=org_admin, **period)
    with pytest.raises(ValidationError):
        services.progress_report_publish(report=report, actor=org_admin)  # no summary yet
    report = services.progress_report_update_summary(
        report=report, actor=org_admin, summary="Allt går bra."
    )
    report = services.progress_report_publish(report=report, actor=org_admin)
    before = report.snapshot
    # Later approved reports, new pilots and edits do not change the published report.
    approve(members[0].pilot, 1, {count: 500})
    ProgrammePilotFactory(programme=programme)
    members[1].pilot.title = "Nytt namn"
    members[1].pilot.save()
    report.refresh_from_db()
    assert report.snapshot == before
    with pytest.raises(ValidationError):
        services.progress_report_update_summary(report=report, actor=org_admin, summary="Ändrat")
    with pytest.raises(ValidationError):
        services.progress_report_compile(
            programme=programme, actor=org_admin, report=report, **period
        )
    with pytest.raises(ValidationError):
        services.progress_report_publish(report=report, actor=org_admin)
    report.refresh_from_db()
    assert report.summary == "Allt går bra." and report.snapshot == before


def test_reporters_of_the_funder_cannot_compile(organisation, reporter):
    programme = ProgrammeFactory(owner=organisation)
    with pytest.raises(PermissionDenied):
        services.progress_report_compile(
            programme=programme,
            actor=reporter,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 6, 30),
        )


def test_ledger_records_and_computes_what_is_to_be_repaid(organisation, org_admin):
    from programmes.ledger import fund_ledger, to_be_repaid

    membership = ProgrammePilotFactory(
        programme=ProgrammeFactory(owner=organisation), repayment_share=50
    )
    services.payout_record(
        membership=membership, actor=org_admin, paid_on=dt.date(2025, 2, 1), amount_sek=300000
    )
    services.payout_record(
        membership=membership, actor=org_admin, paid_on=dt.date(2025, 8, 1), amount_sek=200000
    )
    services.expected_saving_set(
        membership=membership, actor=org_admin, saving_actor="kommun", year=2026, amount_sek=400000
    )
    services.expected_saving_set(
        membership=membership, actor=org_admin, saving_actor="kommun", year=2026, amount_sek=450000
    )
    services.expected_saving_set(
        membership=membership, actor=org_admin, saving_actor="region", year=2027, amount_sek=100000
    )
    services.realised_saving_set(
        membership=membership,
        actor=org_admin,
        saving_actor="kommun",
        year=2026,
        amount_sek=300000,
        evidence="Färre placeringar.",
    )
    ledger = fund_ledger(programme=membership.programme)
    row = ledger.rows[0]
    assert (row.paid, row.expected, row.realised, row.repay) == (500000, 550000, 300000, 150000)
    assert ledger.years == [2026, 2027]
    assert ledger.expected_matrix == {"Kommun": {2026: 450000}, "Region": {2027: 100000}}
    assert (
        to_be_repaid(realised=2_000_000, share_percent=50, paid=500000) == 500000
    )  # capped at what was paid
    with pytest.raises(ValidationError):
        services.realised_saving_set(
            membership=membership,
            actor=org_admin,
            saving_actor="kommun",
            year=2026,
            amount_sek=1,
            evidence=" ",
        )
    with pytest.raises(ValidationError):
        services.payout_record(
            membership=membership, actor=org_admin, paid_on=dt.date(2025, 2, 1), amount_sek=0
        )
