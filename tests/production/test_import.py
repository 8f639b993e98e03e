"""The value import on PostgreSQL without a wrapping transaction, in the test process with
Django's client: the periods are locked (SELECT … FOR UPDATE) before the file is validated, the
values, their history and the audit events are written with COPY, and a refused file leaves no
trace. A wrapping test transaction would hide a lock taken outside a transaction."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.models import AuditEvent
from pilots.imports import COLUMNS
from pilots.models import IndicatorValue, PeriodReport, ValueChange
from tests.pilots.report_helpers import make_pilot

pytestmark = pytest.mark.django_db(transaction=True)


def _file(rows) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return SimpleUploadedFile("varden.csv", buffer.getvalue().encode("utf-8"))


def _row(period, link, value):
    return [period.pk, period.label, link.pk, "", "", "", "T", "", value, "", "", ""]


def test_an_import_writes_values_history_and_audit_and_a_refused_file_nothing(
    client, organisation, reporter
):
    pilot = make_pilot(organisation)
    number = pilot.links["number"]
    first, second = pilot.periods.order_by("start")[:2]
    client.force_login(reporter)

    refused = client.post(
        f"/piloter/{pilot.slug}/import/",
        {"file": _file([_row(first, number, "12"), _row(second, number, "tolv")])},
    )
    assert refused.status_code == 400
    assert "Ingenting importerades" in refused.content.decode()
    assert not PeriodReport.objects.filter(pilot=pilot).exists()
    assert not IndicatorValue.objects.filter(report__pilot=pilot).exists()

    done = client.post(
        f"/piloter/{pilot.slug}/import/",
        {"file": _file([_row(first, number, "12"), _row(second, number, "1 250")])},
    )
    assert done.status_code == 302
    values = IndicatorValue.objects.filter(report__pilot=pilot).order_by("report__period__start")
    assert [v.value for v in values] == [12, 1250]
    assert ValueChange.objects.filter(report__pilot=pilot, channel="import").count() == 2
    assert AuditEvent.objects.filter(action="report.created", actor=reporter).count() == 2
