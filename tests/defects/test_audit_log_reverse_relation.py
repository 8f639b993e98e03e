"""The coordinator's audit log after a report save that changed lessons: the change is listed
under the lessons' own name (it answered 500: a reverse relation has no verbose_name)."""

import pytest

from pilots.models import LessonKind, SystemDimension
from tests.pilots.report_helpers import make_pilot, save

pytestmark = pytest.mark.django_db


def test_the_audit_log_shows_a_report_save_that_changed_lessons(
    client, organisation, reporter, coordinator
):
    pilot = make_pilot(organisation)
    period = pilot.periods.order_by("start").first()
    lesson = {
        "kind": LessonKind.values[0],
        "dimension": SystemDimension.values[0],
        "title": "Börja med skolsköterskorna",
        "text": "De når alla elever.",
    }
    report = save(period, reporter)
    save(period, reporter, version=report.version, lessons=[lesson])
    client.force_login(coordinator)
    response = client.get("/admin/partners/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lärdomar" in page
    assert client.get("/admin/partners/audit/csv/").status_code == 200
