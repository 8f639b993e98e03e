"""A funder's acceptance of period reports: who may, what it freezes, taking it back."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partners.models import AuditEvent
from pilots.models import PeriodReport, ReportStatus
from pilots.services import report_approve, report_return, report_submit
from pilots.services.report_import import reports_merge_cells
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.services.acceptance import report_accept, report_unaccept
from tests.pilots.report_helpers import make_pilot, save
from tests.programmes import acceptance_helpers as helpers
from tests.programmes.acceptance_helpers import approved_report

funder = helpers.funder
programme = helpers.programme
pilot = helpers.pilot
approved = helpers.approved


def _events(report):
    return list(
        AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="report.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_funder_accepts_an_approved_report_which_freezes_it(
    pilot, approved, funder, reporter, approver
):
    report = report_accept(report=approved, actor=funder, expected_version=approved.version)
    report.refresh_from_db()
    assert report.is_accepted and report.accepted_by == funder
    assert report.status == ReportStatus.APPROVED and not report.is_editable
    assert PeriodReport.objects.accepted().filter(pk=report.pk).exists()
    assert not PeriodReport.objects.awaiting_acceptance().filter(pk=report.pk).exists()
    event = AuditEvent.objects.get(action="report.accepted")
    assert event.actor == funder and event.changes["accepted_by"][0] is None
    period = report.period
    period.pilot = pilot
    # Frozen: no edit, submit, return, approval or import by the organisation.
    with pytest.raises(ValidationError) as edit:
        save(period, reporter, version=report.version)
    assert edit.value.code == "accepted"
    for service, kwargs in (
        (report_submit, {"actor": reporter}),
        (report_approve, {"actor": approver}),
        (report_return, {"actor": approver, "comment": "Ändra"}),
    ):
        with pytest.raises(ValidationError) as refused:
            service(report=report, expected_version=report.version, **kwargs)
        assert refused.value.code == "accepted", service
    with pytest.raises(ValidationError) as imported:
        reports_merge_cells(
            pilot=report.pilot,
            actor=reporter,
            cells={period.pk: []},
            expected_versions={period.pk: report.version},
        )
    assert imported.value.code == "accepted"
    # Accepting twice is refused too.
    with pytest.raises(ValidationError):
        report_accept(report=report, actor=funder, expected_version=report.version)
    assert PeriodReport.objects.get(pk=report.pk).version == report.version


def test_only_approved_reports_are_accepted(pilot, reporter, funder):
    period = pilot.periods.order_by("start").first()
    period.pilot = pilot
    report = save(period, reporter)
    with pytest.raises(ValidationError) as draft:
        report_accept(report=report, actor=funder, expected_version=report.version)
    assert draft.value.code == "wrong_status"
    report = report_submit(report=report, actor=reporter, expected_version=report.version)
    with pytest.raises(ValidationError):
        report_accept(report=report, actor=funder, expected_version=report.version)
    assert not AuditEvent.objects.filter(action="report.accepted").exists()


def test_a_stale_version_is_refused(approved, funder):
    with pytest.raises(ValidationError) as stale:
        report_accept(report=approved, actor=funder, expected_version=approved.version - 1)
    assert stale.value.code == "stale"


@pytest.mark.parametrize("role", ["reporter", "approver", "org_admin", "outsider"])
def test_only_the_programmes_managers_accept(request, approved, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        report_accept(report=approved, actor=user, expected_version=approved.version)


def test_the_coordinator_accepts(approved, coordinator):
    report = report_accept(report=approved, actor=coordinator, expected_version=approved.version)
    assert report.accepted_by == coordinator


def test_no_acceptance_unless_the_programme_requires_it(
    organisation, other_organisation, funder, reporter, approver
):
    pilot = make_pilot(organisation)
    programme = ProgrammeFactory(owner=other_organisation)  # requires_acceptance is off
    ProgrammePilotFactory(programme=programme, pilot=pilot)
    report = approved_report(pilot, reporter, approver)
    with pytest.raises(PermissionDenied):
        report_accept(report=report, actor=funder, expected_version=report.version)
    # An application not yet accepted does not make the funder an acceptor either.
    strict = ProgrammeFactory(owner=other_organisation, requires_acceptance=True)
    ProgrammePilotFactory(programme=strict, pilot=pilot, applied=True)
    with pytest.raises(PermissionDenied):
        report_accept(report=report, actor=funder, expected_version=report.version)


def test_unaccepting_needs_a_comment_and_reopens_the_report(pilot, approved, funder, reporter):
    report = report_accept(report=approved, actor=funder, expected_version=approved.version)
    for comment in ("", "   "):
        with pytest.raises(ValidationError) as empty:
            report_unaccept(
                report=report, actor=funder, expected_version=report.version, comment=comment
            )
        assert "comment" in empty.value.message_dict
    with pytest.raises(ValidationError):
        report_unaccept(
            report=report,
            actor=funder,
            expected_version=report.version,
            comment="Gäller 850101-1234",
        )
    assert PeriodReport.objects.get(pk=report.pk).is_accepted
    report = report_unaccept(
        report=report,
        actor=funder,
        expected_version=report.version,
        comment="Siffrorna för Q1 stämmer inte med er redovisning.",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.is_editable
    assert report.accepted_at is None and report.accepted_by is None
    assert report.decided_by == funder and "Q1" in report.return_comment
    assert not report.period.is_locked
    # The history keeps the approval and the acceptance, and says whose they were.
    assert _events(report) == [
        "report.created",
        "report.submitted",
        "report.approved",
        "report.accepted",
        "report.unaccepted",
    ]
    event = AuditEvent.objects.get(action="report.unaccepted")
    assert event.message.startswith("Siffrorna") and event.changes["period_locked"] == [True, False]
    assert event.changes["status"] == [ReportStatus.APPROVED, ReportStatus.RETURNED]
    # The reporter corrects and submits again.
    period = report.period
    period.pilot = pilot
    saved = save(period, reporter, version=report.version, narrative="Rättat.")
    assert report_submit(report=saved, actor=reporter, expected_version=saved.version).status == (
        ReportStatus.SUBMITTED
    )


def test_unaccepting_a_report_that_is_not_accepted_is_refused(approved, funder):
    with pytest.raises(ValidationError) as refused:
        report_unaccept(
            report=approved, actor=funder, expected_version=approved.version, comment="Nej"
        )
    assert refused.value.code == "not_accepted"


def test_who_is_told(
    pilot,
    reporter,
    approver,
    funder,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    with django_capture_on_commit_callbacks(execute=True):
        report = approved_report(pilot, reporter, approver)
    awaiting = [m for m in mailoutbox if "Att acceptera" in m.subject]
    assert len(awaiting) == 1 and awaiting[0].to == [funder.email]
    assert f"/att-acceptera/{report.pk}/" in awaiting[0].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = report_accept(report=report, actor=funder, expected_version=report.version)
    assert len(mailoutbox) == 1 and "accepterad" in mailoutbox[0].subject
    assert {reporter.email, approver.email} <= set(mailoutbox[0].to)
    assert funder.email not in mailoutbox[0].to
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_unaccept(
            report=report, actor=funder, expected_version=report.version, comment="Rätta Q1."
        )
    assert len(mailoutbox) == 1 and "tagit tillbaka" in mailoutbox[0].subject
    assert "Rätta Q1." in mailoutbox[0].body
    assert {reporter.email, approver.email} <= set(mailoutbox[0].to)


def test_no_notice_when_no_programme_must_accept(
    organisation, reporter, approver, django_capture_on_commit_callbacks, mailoutbox
):
    pilot = make_pilot(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        approved_report(pilot, reporter, approver)
    assert not [m for m in mailoutbox if "Att acceptera" in m.subject]
