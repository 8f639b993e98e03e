"""The pilot team's closing report: saved, changed and audited; refused for anyone else."""

import pytest
from django.core.exceptions import PermissionDenied

from learning.models import ClosingReport
from learning.services import closing_report_save
from partners.models import AuditEvent
from pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "what_worked": "  Samverkan med skolan. ",
    "what_did_not": "Rekryteringen.",
    "what_it_takes": "En samordnare på halvtid.",
}


def test_the_team_writes_and_changes_the_closing_report_with_an_audit_entry(organisation, reporter):
    pilot = PilotFactory(lead_organisation=organisation)
    report = closing_report_save(pilot=pilot, actor=reporter, **TEXTS)
    assert report.what_worked == "Samverkan med skolan."
    assert report.updated_by == reporter
    closing_report_save(pilot=pilot, actor=reporter, **{**TEXTS, "what_did_not": "Lokalerna."})
    closing_report_save(pilot=pilot, actor=reporter, **{**TEXTS, "what_did_not": "Lokalerna."})
    assert ClosingReport.objects.get(pilot=pilot).what_did_not == "Lokalerna."
    events = AuditEvent.objects.filter(
        action="pilot.closing_report_saved", object_id=str(pilot.pk)
    ).order_by("pk")
    assert events.count() == 2  # saving the same text again records nothing
    assert events[0].organisation == organisation
    assert events[1].changes == {"what_did_not": ["Rekryteringen.", "Lokalerna."]}


@pytest.mark.parametrize("role", ["viewer", "other_member", "outsider"])
def test_others_cannot_write_the_closing_report(request, organisation, role):
    pilot = PilotFactory(lead_organisation=organisation)
    with pytest.raises(PermissionDenied):
        closing_report_save(pilot=pilot, actor=request.getfixturevalue(role), **TEXTS)
    assert not ClosingReport.objects.filter(pilot=pilot).exists()
    assert not AuditEvent.objects.filter(action="pilot.closing_report_saved").exists()
