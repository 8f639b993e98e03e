"""Rows streamed into the database as they are computed (pilots.services.bulk_rows.row_stream):
what was given is written, nothing is written when the block fails, and a query inside the block
fails at once instead of waiting for ever on the connection (on PostgreSQL the rows go out in an
open COPY)."""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from partners.models import User
from pilots.models import Channel, ValueChange
from pilots.services.bulk_rows import row_stream
from pilots.services.report_quality import HISTORY_COLUMNS
from tests.pilots import report_helpers

pytestmark = pytest.mark.django_db
NOW = timezone.now()
pilot = report_helpers.pilot
period = report_helpers.period


def _row(report, pilot, after):
    return (report.pk, pilot.links["number"].pk, "T", "", None, after, Channel.IMPORT, None, NOW)


@pytest.fixture
def report(period, pilot):
    from pilots.models import PeriodReport

    return PeriodReport.objects.create(period=period, pilot=pilot)


def test_the_rows_given_are_written_when_the_block_ends(pilot, period, report):
    with row_stream(ValueChange, HISTORY_COLUMNS) as write:
        for n in range(3):
            write(_row(report, pilot, str(n)))
    assert sorted(ValueChange.objects.values_list("after", flat=True)) == ["0", "1", "2"]


def test_a_failing_block_writes_nothing(pilot, period, report):
    # As the import's transaction does: a failed COPY leaves the transaction to be rolled back.
    with (
        pytest.raises(KeyError),
        transaction.atomic(),
        row_stream(ValueChange, HISTORY_COLUMNS) as write,
    ):
        write(_row(report, pilot, "1"))
        raise KeyError("computing the next row failed")
    assert not ValueChange.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY is PostgreSQL's")
def test_a_query_inside_the_block_is_refused_not_left_waiting(pilot, period, report):
    with (
        pytest.raises(RuntimeError, match="No query may run while a COPY is open"),
        transaction.atomic(),
        row_stream(ValueChange, HISTORY_COLUMNS) as write,
    ):
        write(_row(report, pilot, "1"))
        User.objects.count()
    assert not ValueChange.objects.exists()
