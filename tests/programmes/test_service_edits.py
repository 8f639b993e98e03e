"""Editing a programme and its stages, and a pilot leaving a programme: what changes, the audit
entry a funder reads afterwards, and who is refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partners.models import AuditEvent
from pilots.factories import IndicatorFactory, PilotFactory
from programmes import services
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory, StageFactory
from programmes.models import MembershipStatus

pytestmark = pytest.mark.django_db


def _audit(action, obj):
    return AuditEvent.objects.filter(action=action, object_id=str(obj.pk)).get()


def test_a_manager_edits_a_programme_and_the_change_is_audited(organisation, org_admin):
    programme = ProgrammeFactory(owner=organisation, name="Friska barn")
    indicator = IndicatorFactory()
    updated = services.programme_update(
        programme=programme,
        actor=org_admin,
        name="Friska barn och unga",
        principles=["Samverkan", " "],
        shared_indicators=[indicator],
    )
    updated.refresh_from_db()
    assert updated.name == "Friska barn och unga"
    assert updated.principles == ["Samverkan"]
    assert list(updated.shared_indicators.all()) == [indicator]
    event = _audit("programme.updated", programme)
    assert event.actor == org_admin and event.organisation == organisation
    assert event.changes["name"] == ["Friska barn", "Friska barn och unga"]
    assert event.changes["shared_indicators"] == [[], [indicator.pk]]


@pytest.mark.parametrize("role", ["reporter", "viewer", "other_member", "outsider"])
def test_only_managers_edit_a_programme(request, organisation, role):
    programme = ProgrammeFactory(owner=organisation, name="Friska barn")
    with pytest.raises(PermissionDenied):
        services.programme_update(
            programme=programme, actor=request.getfixturevalue(role), name="Kapad"
        )
    programme.refresh_from_db()
    assert programme.name == "Friska barn"
    assert not AuditEvent.objects.filter(action="programme.updated").exists()


def test_a_programme_ending_before_it_starts_is_refused_and_nothing_changes(
    organisation, org_admin
):
    programme = ProgrammeFactory(owner=organisation)
    with pytest.raises(ValidationError) as exc:
        services.programme_update(
            programme=programme, actor=org_admin, end_date=dt.date(2020, 1, 1)
        )
    assert "end_date" in exc.value.error_dict
    programme.refresh_from_db()
    assert programme.end_date == dt.date(2026, 12, 31)
    assert not AuditEvent.objects.filter(action="programme.updated").exists()


def test_a_manager_moves_a_stage_and_the_change_is_audited(organisation, org_admin):
    programme = ProgrammeFactory(owner=organisation)
    stage = StageFactory(programme=programme, name="Fas 1", order=1)
    updated = services.stage_update(
        stage=stage, actor=org_admin, name="Uppstart", gate_date=dt.date(2025, 12, 31)
    )
    assert (updated.name, updated.gate_date) == ("Uppstart", dt.date(2025, 12, 31))
    event = _audit("programme.stage_updated", stage)
    assert event.changes["name"] == ["Fas 1", "Uppstart"]


def test_stage_edits_outside_the_programme_or_on_a_taken_order_are_refused(
    organisation, org_admin, reporter
):
    programme = ProgrammeFactory(owner=organisation)
    first = StageFactory(programme=programme, name="Fas 1", order=1)
    StageFactory(programme=programme, name="Fas 2", order=2)
    with pytest.raises(ValidationError) as exc:
        services.stage_update(stage=first, actor=org_admin, start_date=dt.date(2024, 1, 1))
    assert "start_date" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.stage_update(stage=first, actor=org_admin, gate_date=dt.date(2030, 1, 1))
    assert "gate_date" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.stage_update(stage=first, actor=org_admin, order=2)
    assert "order" in exc.value.error_dict
    with pytest.raises(PermissionDenied):
        services.stage_update(stage=first, actor=reporter, name="Kapad")
    first.refresh_from_db()
    assert (first.name, first.order) == ("Fas 1", 1)
    assert not AuditEvent.objects.filter(action="programme.stage_updated").exists()


@pytest.mark.parametrize("applied", [True, False])
def test_the_pilots_team_withdraws_and_the_funder_sees_it_in_the_audit(
    organisation, other_organisation, reporter, applied
):
    pilot = PilotFactory(lead_organisation=organisation)
    membership = ProgrammePilotFactory(
        programme=ProgrammeFactory(owner=other_organisation, stages=1),
        pilot=pilot,
        applied=applied,
    )
    before = membership.status
    withdrawn = services.membership_withdraw(membership=membership, actor=reporter)
    assert withdrawn.status == MembershipStatus.WITHDRAWN
    event = _audit("programme.pilot_withdrawn", membership)
    assert event.organisation == other_organisation
    assert event.changes == {"status": [before, MembershipStatus.WITHDRAWN]}

    with pytest.raises(ValidationError) as exc:
        services.membership_withdraw(membership=membership, actor=reporter)
    assert exc.value.code == "not_member"


def test_only_the_pilots_team_withdraws_it(organisation, other_organisation, viewer, other_member):
    pilot = PilotFactory(lead_organisation=organisation)
    membership = ProgrammePilotFactory(
        programme=ProgrammeFactory(owner=other_organisation, stages=1), pilot=pilot
    )
    for actor in (viewer, other_member):
        with pytest.raises(PermissionDenied):
            services.membership_withdraw(membership=membership, actor=actor)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACCEPTED
    assert not AuditEvent.objects.filter(action="programme.pilot_withdrawn").exists()
