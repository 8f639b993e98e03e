"""The report workflow in the services: saving, validation, submitting, approving, returning."""

from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError

from partners.models import AuditEvent
from pilots.models import IndicatorValue, Lesson, PeriodReport, ReportStatus
from pilots.services import (
    report_approve,
    report_for_period,
    report_return,
    report_submit,
)
from tests.pilots import report_helpers
from tests.pilots.report_helpers import make_pilot, number_cell, percent_cell, save

pytestmark = pytest.mark.django_db
period = report_helpers.period
pilot = report_helpers.pilot


def _events(report, action):
    return AuditEvent.objects.for_object(report).filter(action=action)


def test_reporter_saves_a_draft_with_values_narrative_progress_and_lessons(period, reporter):
    report = save(
        period,
        reporter,
        values=[
            number_cell(period.pilot, "1 234,5"),
            percent_cell(period.pilot, "9", "20", gender="K", band="0-17"),
            {"pilot_indicator": period.pilot.links["text"].pk, "text": "Personalen är positiv."},
        ],
        lessons=[
            {
                "kind": "advice",
                "dimension": "culture",
                "title": "Förankra tidigt",
                "text": "Chefer först.",
            }
        ],
    )
    assert report.status == ReportStatus.DRAFT and report.version == 1
    values = {(v.pilot_indicator_id, v.gender, v.age_band): v for v in report.values.all()}
    assert values[(period.pilot.links["number"].pk, "T", "")].value == pytest.approx(1234.5)
    assert values[(period.pilot.links["percent"].pk, "K", "0-17")].value == 45
    assert report.lessons.get().title == "Förankra tidigt"
    event = _events(report, "report.created").get()
    assert event.actor == reporter and event.changes["narrative"] == ["", "Det gick bra."]


def test_saving_again_audits_each_changed_cell_old_to_new_and_bumps_the_version(period, reporter):
    report = save(period, reporter)
    report = save(period, reporter, version=1, values=[number_cell(period.pilot, "15")])
    assert report.version == 2
    change = _events(report, "report.saved").get().changes
    assert list(change["values"].values()) == [["12", "15"]]
    assert "narrative" not in change


def test_empty_cells_remove_values(period, reporter):
    save(period, reporter)
    report = save(period, reporter, version=1, values=[number_cell(period.pilot, "")])
    assert not report.values.exists()


def test_lessons_are_updated_by_id_and_removed_when_left_out(period, reporter):
    lesson = {"kind": "advice", "dimension": "culture", "title": "A", "text": "Text"}
    report = save(period, reporter, lessons=[lesson])
    kept = report.lessons.get()
    report = save(period, reporter, version=1, lessons=[{**lesson, "id": kept.pk, "title": "B"}])
    assert list(report.lessons.values_list("pk", "title")) == [(kept.pk, "B")]
    save(period, reporter, version=2, lessons=[])
    assert not Lesson.objects.filter(report=report).exists()


@pytest.mark.parametrize(
    "cell, message",
    [
        ({"value": "tolv"}, "Fyll i ett tal"),
        ({"value": "12", "gender": "K"}, "inte per kön"),
        ({"value": "12", "age_band": "65+"}, "Åldersgruppen"),
        ({"value": "-5"}, "kan inte vara negativt"),
    ],
)
def test_bad_number_cells_are_refused_with_a_message_keyed_by_cell(period, reporter, cell, message):
    row = {**number_cell(period.pilot, None), **cell}
    with pytest.raises(ValidationError) as exc:
        save(period, reporter, values=[row])
    key = f"values-{period.pilot.links['number'].pk}-{row['gender']}-{row['age_band']}"
    assert message in " ".join(exc.value.message_dict[key])
    assert "Rapporten sparades inte" in exc.value.message_dict[NON_FIELD_ERRORS][0]
    assert not PeriodReport.objects.exists()


def test_a_negative_number_is_kept_where_the_indicator_allows_it(period, reporter):
    indicator = period.pilot.links["number"].indicator
    indicator.allows_negative = True  # e.g. a change in a score
    indicator.save(update_fields=["allows_negative"])
    report = save(period, reporter, values=[number_cell(period.pilot, "-5")])
    assert [v.value for v in report.values.all()] == [Decimal("-5")]


def test_the_upgrade_lets_indicators_that_already_hold_negatives_keep_them(period, reporter):
    """Migration 0017: an indicator with a stored negative value, baseline or target keeps
    allowing negatives, so its open reports can still be saved after the upgrade."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("pilots.migrations.0017_indicator_allows_negative")
    links = period.pilot.links
    number, percent = links["number"].indicator, links["percent"].indicator
    number.allows_negative = True
    number.save(update_fields=["allows_negative"])
    report = save(period, reporter, values=[number_cell(period.pilot, "-3")])
    number.allows_negative = False  # as every indicator is right after the new column
    number.save(update_fields=["allows_negative"])
    migration.allow_where_already_negative(apps, None)
    number.refresh_from_db()
    percent.refresh_from_db()
    assert number.allows_negative and not percent.allows_negative
    again = save(period, reporter, version=report.version, values=[number_cell(period.pilot, "-4")])
    assert [v.value for v in again.values.all()] == [Decimal("-4")]


@pytest.mark.parametrize(
    "num, den, message",
    [
        ("30", "20", "större än nämnaren"),
        ("1", "0", "noll"),
        ("-1", "5", "negativa"),
        ("5", "", "både"),
    ],
)
def test_bad_percent_cells_are_refused(period, reporter, num, den, message):
    with pytest.raises(ValidationError) as exc:
        save(period, reporter, values=[percent_cell(period.pilot, num, den)])
    assert message in str(exc.value)


def test_text_in_a_number_indicator_and_numbers_in_a_qualitative_one_are_refused(period, reporter):
    links = period.pilot.links
    with pytest.raises(ValidationError) as exc:
        save(
            period,
            reporter,
            values=[
                {"pilot_indicator": links["number"].pk, "text": "mycket"},
                {"pilot_indicator": links["text"].pk, "value": "3"},
            ],
        )
    assert set(exc.value.message_dict) >= {
        f"values-{links['number'].pk}-T-",
        f"values-{links['text'].pk}-T-",
    }


def test_an_indicator_of_another_pilot_is_refused(period, reporter, other_organisation):
    other = make_pilot(other_organisation)
    with pytest.raises(ValidationError, match="hör inte till piloten"):
        save(period, reporter, values=[number_cell(other, "1")])


def test_personnummer_in_text_is_refused(period, reporter):
    with pytest.raises(ValidationError, match="personnummer"):
        save(period, reporter, narrative="Kalle 850101-1234 deltog.")


def test_a_failure_writes_nothing(period, reporter):
    save(period, reporter)
    with pytest.raises(ValidationError):
        save(
            period,
            reporter,
            version=1,
            narrative="Ny text",
            values=[number_cell(period.pilot, "20"), percent_cell(period.pilot, "3", "2")],
        )
    report = PeriodReport.objects.get()
    assert report.version == 1 and report.narrative == "Det gick bra."
    assert list(IndicatorValue.objects.values_list("value", flat=True)) == [12]


def test_a_stale_version_is_refused(period, reporter):
    save(period, reporter)
    save(period, reporter, version=1)
    with pytest.raises(ValidationError, match="Någon annan har ändrat rapporten"):
        save(period, reporter, version=1, narrative="Min version")
    with pytest.raises(ValidationError, match="Någon annan"):
        save(period, reporter, version=None)


@pytest.mark.parametrize("role", ["viewer", "other_member", "outsider"])
def test_only_reporters_save(period, request, role):
    with pytest.raises(PermissionDenied):
        save(period, request.getfixturevalue(role))


def _submitted(period, reporter):
    report = save(period, reporter)
    return report_submit(report=report, actor=reporter, expected_version=report.version)


def test_workflow_submit_return_edit_resubmit_approve_locks_the_period(
    period, reporter, approver, django_capture_on_commit_callbacks, mailoutbox
):
    report = _submitted(period, reporter)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_by == reporter
    with pytest.raises(ValidationError, match="inskickad"):
        save(period, reporter, version=report.version)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_return(
            report=report, actor=approver, expected_version=report.version, comment="Fyll i K/M."
        )
    assert report.status == ReportStatus.RETURNED and report.return_comment == "Fyll i K/M."
    assert "returnerats" in mailoutbox[-1].subject and "Fyll i K/M." in mailoutbox[-1].body
    report = save(
        period, reporter, version=report.version, values=[number_cell(period.pilot, "13")]
    )
    report = report_submit(report=report, actor=reporter, expected_version=report.version)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = report_approve(report=report, actor=approver, expected_version=report.version)
    assert len(callbacks) == 1
    assert report.status == ReportStatus.APPROVED and report.decided_by == approver
    assert type(period).objects.get(pk=period.pk).is_locked
    assert "godkänd" in mailoutbox[-1].subject
    actions = list(
        AuditEvent.objects.for_object(report).order_by("pk").values_list("action", flat=True)
    )
    assert actions == [
        "report.created",
        "report.submitted",
        "report.returned",
        "report.saved",
        "report.submitted",
        "report.approved",
    ]
    with pytest.raises(ValidationError):
        save(period, reporter, version=report.version)
    with pytest.raises(ValidationError):
        report_return(report=report, actor=approver, expected_version=report.version, comment="x")


def test_return_needs_a_comment(period, reporter, approver):
    report = _submitted(period, reporter)
    with pytest.raises(ValidationError) as exc:
        report_return(report=report, actor=approver, expected_version=report.version, comment="  ")
    assert "comment" in exc.value.message_dict


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("reporter", False),
        ("viewer", False),
        ("other_member", False),
        ("outsider", False),
        ("approver", True),
        ("org_admin", True),
        ("coordinator", True),
    ],
)
def test_who_may_approve(period, reporter, request, role, allowed):
    report = _submitted(period, reporter)
    actor = request.getfixturevalue(role)
    if allowed:
        assert (
            report_approve(report=report, actor=actor, expected_version=report.version).status
            == "approved"
        )
    else:
        with pytest.raises(PermissionDenied):
            report_approve(report=report, actor=actor, expected_version=report.version)


def test_pilot_level_approver_may_approve(period, reporter):
    from partners.factories import UserFactory
    from pilots.models import PilotMembership

    evaluator = UserFactory()
    PilotMembership.objects.create(pilot=period.pilot, user=evaluator, role="approver")
    report = _submitted(period, reporter)
    assert (
        report_approve(report=report, actor=evaluator, expected_version=report.version).status
        == "approved"
    )


def test_a_draft_cannot_be_approved_and_an_empty_report_cannot_be_submitted(
    period, reporter, approver
):
    report = save(period, reporter, values=[], narrative="")
    with pytest.raises(ValidationError, match="inskickade"):
        report_approve(report=report, actor=approver, expected_version=report.version)
    with pytest.raises(ValidationError, match="tom"):
        report_submit(report=report, actor=reporter, expected_version=report.version)


def test_decisions_check_the_version(period, reporter, approver):
    report = _submitted(period, reporter)
    with pytest.raises(ValidationError, match="Någon annan"):
        report_approve(report=report, actor=approver, expected_version=report.version - 1)


def test_a_locked_period_refuses_changes(period, reporter):
    period.is_locked = True
    period.save()
    with pytest.raises(ValidationError, match="låst"):
        save(period, reporter)
    with pytest.raises(ValidationError, match="låst"):
        report_for_period(period=period, actor=reporter)


def test_report_for_period_gets_or_creates_a_draft(period, reporter, viewer):
    with pytest.raises(PermissionDenied):
        report_for_period(period=period, actor=viewer)
    report = report_for_period(period=period, actor=reporter)
    assert report.status == ReportStatus.DRAFT
    assert report_for_period(period=period, actor=reporter) == report
    assert report_for_period(period=period, actor=viewer) == report
