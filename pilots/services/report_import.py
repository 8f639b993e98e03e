"""Writing an import's pre-validated cells into many period reports at once.

`report_save` is the one way a single report changes; an import touches every period of a pilot
at once and calling it per period re-read, re-validated and re-wrote each report separately (three
quarters of an import's time). This path keeps report_save's guarantees — periods then reports
locked (`select_for_update`, in that order), the versions the import read compared, locked periods
and non-draft reports refused, one audit event per report with every changed cell old → new — but
loads and writes all reports in a handful of queries. Cells must already be validated with
pilots.values.clean_value (pilots.imports does that for every row).
"""

import json
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import caching
from partners.models import AuditEvent
from pilots import page_cache
from pilots.models import Channel, IndicatorValue, PeriodReport, PilotIndicator, ReportingPeriod
from pilots.rules import can_report
from pilots.services.bulk_rows import copy_rows, row_stream
from pilots.services.report_cells import (
    BATCH,
    VALUE_FIELDS,
    _cell_text,
    label_words,
)
from pilots.services.report_guards import refuse_if_accepted, report_stale_error
from pilots.services.report_quality import value_history
from pilots.validation.evaluate import RuleContext
from pilots.validation.messages import import_refusal
from pilots.values import CleanValue


class ImportCell(NamedTuple):
    """One validated cell of an import (a tuple: thousands are made per import)."""

    link: PilotIndicator
    gender: str
    age_band: str
    cleaned: CleanValue


def lock_periods(pilot, period_ids) -> tuple[dict, dict]:
    """Lock the pilot's periods among `period_ids`, then their reports, each in primary-key
    order (as report_save does); (period id → period, period id → report). Only these rows: the
    pilot is the caller's, not read again. Inside the caller's transaction."""
    # Two plain statements: the ORM spent twice the database's time compiling these two
    # queries, a tenth of an import of 2 000 rows.
    periods = {
        p.pk: p
        for p in _locked(
            ReportingPeriod, "id IN ({ids}) AND pilot_id = %s", [*period_ids], [pilot.pk]
        )
    }
    for period in periods.values():
        period.pilot = pilot
    reports = {r.period_id: r for r in _locked(PeriodReport, "period_id IN ({ids})", [*periods])}
    for period_id, report in reports.items():
        report.period = periods[period_id]
        report.pilot = pilot
    return periods, reports


def _locked(model, where: str, ids: list, params: tuple = ()) -> list:
    """The model's rows matching `where` (its "{ids}" one placeholder per id), in primary-key
    order, locked FOR UPDATE where the database can (SQLite locks the whole file)."""
    if not ids:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    condition = where.format(ids=", ".join(["%s"] * len(ids)))
    sql = f"SELECT * FROM {table} WHERE {condition} ORDER BY id{lock}"
    return list(model.objects.raw(sql, [*ids, *params]))


def _check(periods: dict, reports: dict, expected_versions: dict) -> None:
    for period_id, period in periods.items():
        report = reports.get(period_id)
        if (report.version if report else None) != expected_versions.get(period_id):
            raise report_stale_error()
        refuse_if_accepted(report)
        if period.is_locked:
            raise ValidationError(
                _("Perioden %(p)s är låst och rapporten kan inte ändras.") % {"p": period.label},
                code="locked",
            )
        if report is not None and not report.is_editable:
            raise ValidationError(
                _("Rapporten för %(p)s är %(s)s och kan inte ändras.")
                % {"p": period.label, "s": report.get_status_display().lower()},
                code="not_editable",
            )


def _audit_event(
    actor, report: PeriodReport, action: str, changes: dict, content_type
) -> AuditEvent:
    # The same event audit_record writes, built here so all reports' events go in one INSERT.
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=content_type,
        object_id=str(report.pk),
        object_repr=str(report)[:300],
        organisation_id=report.pilot.lead_organisation_id,
        changes=changes,
        message="",
    )


INSERT_COLUMNS = ("report", "pilot_indicator", "gender", "age_band", *VALUE_FIELDS)


EVENT_COLUMNS = (
    "created_at",
    "actor",
    "action",
    "content_type",
    "object_id",
    "object_repr",
    "organisation",
    "changes",
    "message",
)


def _insert_events(events: list[AuditEvent], changes_json: list[str]) -> None:
    """Insert the audit events; `changes_json` holds each event's changes as JSON text (what
    PostgreSQL's COPY sends; elsewhere the events' own `changes` go in). On PostgreSQL a COPY:
    bulk_create sends every event's changes (every cell old → new, thousands in an import) as
    one escaped array literal, which cost as much as writing the values themselves. The rows
    are what bulk_create would store (`created_at` now, `changes` as JSON)."""
    if not events:
        return
    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_create(events)
        return
    from psycopg.types.json import Jsonb

    now = timezone.now()
    copy_rows(
        AuditEvent,
        EVENT_COLUMNS,
        [
            (
                now,
                e.actor_id,
                e.action,
                e.content_type_id,
                e.object_id,
                e.object_repr,
                e.organisation_id,
                Jsonb(text, dumps=_as_is),
                e.message,
            )
            for e, text in zip(events, changes_json, strict=True)
        ],
    )


def _as_is(text: str) -> str:
    return text


def _check_rules(
    pilot, periods: dict, reports: dict, cells: dict, existing: dict, links=None
) -> None:
    """Run the validation rules over each report as the import would leave it; refuse the whole
    import, naming every period, rule and cell, if a blocking rule fails."""
    context = RuleContext.load(pilot, links)
    if not context.rules:
        return
    by_report: dict[int, dict] = {}
    for (report_id, link_id, gender, band), value in existing.items():
        by_report.setdefault(report_id, {})[(link_id, gender, band)] = value
    failures = []
    for period_id, period_cells in cells.items():
        merged = dict(by_report.get(reports[period_id].pk, {}))
        for cell in period_cells:
            key = (cell.link.pk, cell.gender, cell.age_band)
            if cell.cleaned.is_empty:
                merged.pop(key, None)
            else:
                merged[key] = cell.cleaned
        failures += [(periods[period_id], f) for f in context.check(merged) if f.blocking]
    if failures:
        raise import_refusal(failures, context.labels)


def reports_merge_cells(
    *,
    pilot,
    actor,
    cells: dict[int, list[ImportCell]],
    expected_versions: dict,
    links=None,
    locked: tuple[dict, dict] | None = None,
) -> int:
    """Merge validated cells into the draft reports of their periods; return cells written.

    `cells` maps a period id to its cells; each replaces the same cell of the period's report
    (created as a draft if missing), other cells are kept and an empty cell removes it.
    `expected_versions` maps each period id to the report version the caller read (None: no
    report). Raises PermissionDenied, or ValidationError (stale version, locked period, report
    not a draft) and writes nothing. `links`: the pilot's PilotIndicators with their indicators,
    if the caller has read them (saves the rules a read). `locked`: what `lock_periods` gave the
    caller in this transaction, if it locked the periods before validating (an import does).
    """
    # A caller that locked the periods holds the transaction and rolls all of it back on an
    # error: no savepoint of our own (two statements fewer per import).
    with transaction.atomic(savepoint=locked is None):
        return _merge_cells(pilot, actor, cells, expected_versions, links, locked)


def _merge_cells(pilot, actor, cells, expected_versions, links, locked) -> int:
    if not can_report(actor, pilot):
        raise PermissionDenied
    if locked is None:
        periods, reports = lock_periods(pilot, cells)
    else:
        periods = {pk: locked[0][pk] for pk in cells if pk in locked[0]}
        reports = {pk: locked[1][pk] for pk in periods if pk in locked[1]}
    if set(periods) != set(cells) or any(p.pilot_id != pilot.pk for p in periods.values()):
        raise report_stale_error()
    _check(periods, reports, expected_versions)

    # Only the reports that were there before can hold values.
    existing = {
        (v.report_id, v.pilot_indicator_id, v.gender, v.age_band): v
        for v in (
            IndicatorValue.objects.filter(report__in=list(reports.values())) if reports else ()
        )
    }
    created = [
        PeriodReport(period=period, pilot=period.pilot)
        for period_id, period in periods.items()
        if period_id not in reports
    ]
    # PostgreSQL and SQLite ≥ 3.35 return the new primary keys from a bulk INSERT.
    for report in PeriodReport.objects.bulk_create(created):
        report.period = periods[report.period_id]
        reports[report.period_id] = report
    _check_rules(pilot, periods, reports, cells, existing, links)
    # Before the COPYs below, which allow no other query until they end: the first call in a
    # process reads the content type.
    content_type = ContentType.objects.get_for_model(PeriodReport)
    # The cells' labels name their indicators: read here, not while the COPY below is open.
    if links is None:
        links = {cell.link for period_cells in cells.values() for cell in period_cells}
    names = {link.pk: link.indicator.name for link in links}
    # New values go out as the loop finds them: the server inserts them while the loop runs.
    with row_stream(IndicatorValue, INSERT_COLUMNS, batch_size=BATCH) as insert_value:
        changes, to_update, to_delete, history = _compare_cells(
            cells, reports, existing, names, insert_value
        )
    IndicatorValue.objects.filter(pk__in=to_delete).delete()
    IndicatorValue.objects.bulk_update(to_update, VALUE_FIELDS, batch_size=BATCH)
    new_ids = {report.pk for report in created}
    with value_history(actor=actor, channel=Channel.IMPORT) as record_changes:
        record_changes(history)
        # Built while the server writes the history (no query in this block).
        events = _audit_events(actor, reports, new_ids, changes, content_type)
        changes_json = [json.dumps(event.changes) for event in events]

    # Every report the import touched gets a new version, as report_save gives it, so a form
    # opened before the import is refused as stale instead of overwriting the imported values.
    _new_versions([r.pk for r in reports.values() if r.pk not in new_ids])
    # Reports created and values written in bulk send no signals: the pilot's pages, the
    # programme figures and the public pages that show its results are stale.
    page_cache.bump(pilot.pk, caching.PROGRAMME_FIGURES, caching.PUBLIC_PAGES)
    _insert_events(events, changes_json)
    return sum(len(c) for c in cells.values())


def _new_versions(report_ids: list) -> None:
    # A plain statement, as lock_periods' (the ORM's update costs more than the database's).
    if report_ids:
        table = connection.ops.quote_name(PeriodReport._meta.db_table)
        marks = ", ".join(["%s"] * len(report_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET version = version + 1, updated_at = %s WHERE id IN ({marks})",
                [connection.ops.adapt_datetimefield_value(timezone.now()), *report_ids],
            )


def _compare_cells(
    cells, reports, existing, names: dict, insert_value
) -> tuple[dict, list, list, list]:
    """Compare each cell with the stored value: a new value is given to `insert_value` at once;
    returns (report id → label → [old, new], values to update, ids of values to delete, history
    entries). Runs no query (the COPY of the new values is open); `names` maps each pilot
    indicator id to its indicator's name."""
    words = label_words()
    everyone, no_band = words, words[""]
    plain_texts = {}  # a plain number → how the history shows it, formatted once per number
    changes = {report.pk: {} for report in reports.values()}
    to_update, to_delete, history = [], [], []
    for period_id, period_cells in cells.items():
        report_id = reports[period_id].pk
        report_changes = changes[report_id]
        for link, gender, band, cleaned in period_cells:
            link_id = link.id
            old = existing.get((report_id, link_id, gender, band)) if existing else None
            value, numerator, denominator, text = (
                cleaned.value,
                cleaned.numerator,
                cleaned.denominator,
                cleaned.text,
            )
            if old is None and value is not None and numerator is None and not text:
                # A new plain number, what most imported cells are: _cell_text's answer.
                before, after = None, plain_texts.get(value)
                if after is None:
                    after = plain_texts[value] = _cell_text(None, cleaned)
            else:
                before = _cell_text(old)
                after = None if cleaned.is_empty else _cell_text(None, cleaned)
                if before == after:
                    continue
            # cell_label(), inlined: it runs once per changed cell.
            report_changes[f"{names[link_id]} ({everyone[gender]}, {band or no_band})"] = [
                before,
                after,
            ]
            history.append((report_id, link_id, gender, band, before, after))
            if after is None:
                to_delete.append(old.pk)
            elif old is None:
                insert_value(
                    (report_id, link_id, gender, band, value, numerator, denominator, text)
                )
            else:
                for f in VALUE_FIELDS:
                    setattr(old, f, getattr(cleaned, f))
                to_update.append(old)
    return changes, to_update, to_delete, history


def _audit_events(actor, reports: dict, new_ids: set, changes: dict, content_type) -> list:
    """One event per report the import created or changed (report_save's "report.created" and
    "report.saved"), with every changed cell old → new."""
    events = []
    for report in reports.values():
        report_changes = changes[report.pk]
        if report.pk in new_ids:
            action = "report.created"
            payload = {
                "status": [None, report.status],
                **({"values": report_changes} if report_changes else {}),
            }
        elif report_changes:
            action, payload = "report.saved", {"values": report_changes}
        else:
            continue
        events.append(_audit_event(actor, report, action, payload, content_type))
    return events
