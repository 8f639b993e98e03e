"""CSV and XLSX exports of the portfolio and of progress reports. The caller passes prepared
rows."""

import io
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheets import csv_writer, xlsx_bytes
from pilots.models import LessonKind, ProgressStatus, SystemDimension
from programmes.models import Decision
from programmes.selectors import METHOD_TEXT, REASON_TEXT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return ""
    if isinstance(value, int | float | date):
        return value
    return str(value)  # includes lazy translations, which openpyxl cannot write


def _kronor(value) -> int | str:
    """An amount as whole kronor (an integer cell, never 8000000.0); "" for None."""
    if value is None or value == "":
        return ""
    return int(Decimal(value).quantize(Decimal(1)))


def _figure(result) -> str | float:
    if result is None:
        return ""
    if result.suppressed:
        return str(REASON_TEXT.get(result.reason, ""))
    return _cell(result.value)


def portfolio_table(rows, indicators) -> list[list]:
    """Header and one row per pilot: reporting status, progress, stage, money, shared indicators."""
    header = [
        _("Pilot"),
        _("Huvudman"),
        _("Status i programmet"),
        _("Fas"),
        _("Senast avslutade period"),
        _("Rapportering"),
        _("Läge enligt senast godkända rapport"),
        _("Läget avser period"),
        _("Senaste beslut"),
        _("Beviljat (kr)"),
        _("Utbetalt (kr)"),
        *[f"{i.name} ({i.unit})" if i.unit else i.name for i in indicators],
    ]
    table = [header]
    for row in rows:
        m = row.membership
        table.append(
            [
                m.pilot.title,
                m.pilot.lead_organisation.name,
                m.get_status_display(),
                m.stage.name if m.stage else "",
                m.period_label or "",
                row.reporting_text,
                ProgressStatus(m.progress).label if m.progress else "",
                m.progress_period or "",
                Decision(m.last_decision).label if m.last_decision else "",
                _kronor(m.funding_granted_sek),
                _kronor(m.paid_sek),
                *[_figure(result) for result, _end in row.figures],
            ]
        )
    return [[str(c) if not isinstance(c, int | float) else c for c in r] for r in table]


def ledger_table(entries) -> list[list]:
    """Header and one row per ledger entry: when, what, pilot, amount (whole kronor, negative for a
    reversal), who recorded it and when, what it reverses or what reversed it, the reason."""
    header = [
        _("Datum"),
        _("Typ"),
        _("Pilot"),
        _("Belopp (kr)"),
        _("Notering"),
        _("Vändning"),
        _("Skäl"),
        _("Över beviljat, budget eller skuld"),
        _("Registrerad av"),
        _("Registrerad"),
    ]
    table = [header]
    for e in entries:
        if e.reverses_id:
            reversal = _("Vänder posten från %(date)s") % {"date": e.reverses.paid_on}
        elif getattr(e, "reversed_by", None) is not None:
            reversal = _("Vänd %(date)s") % {"date": e.reversed_by.paid_on}
        else:
            reversal = ""
        table.append(
            [
                e.paid_on,
                e.get_kind_display(),
                e.membership.pilot.title,
                _kronor(e.amount_sek),
                e.note,
                reversal,
                e.reason,
                _("Ja, bekräftat") if e.over_limit else "",
                e.created_by.get_full_name() or e.created_by.email if e.created_by else "",
                timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return [[c if isinstance(c, int | date) else str(c) for c in r] for r in table]


def csv_response(table: list[list], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv_writer(buffer, delimiter=";")
    writer.writerows(table)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(sheets: dict[str, list[list]], filename: str) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, table in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        for row in table:
            sheet.append([_cell(c) for c in row])
    response = HttpResponse(xlsx_bytes(workbook), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_sheets(report, *, public_only: bool) -> dict[str, list[list]]:
    """The progress report as sheets: summary, indicators, pilots, lessons (from the snapshot)."""
    snap = report.snapshot or {}
    summary = [
        [_("Program"), report.programme.name],
        [_("Rapport"), report.title],
        [_("Period"), f"{report.period_start} – {report.period_end}"],
        [_("Status"), report.get_status_display()],
        [_("Piloter"), snap.get("pilot_count", 0)],
        [_("Piloter som rapporterat"), snap.get("reporting_pilots", 0)],
        [_("Sammanfattning"), report.summary],
    ]
    indicators = [
        [
            _("Indikator"),
            _("Enhet"),
            _("Värde"),
            _("n (piloter)"),
            _("Saknas"),
            _("Täljare"),
            _("Nämnare"),
            _("Metod"),
            _("Kommentar"),
        ]
    ]
    for a in snap.get("aggregates", []):
        indicators.append(
            [
                a["name"],
                a["unit"],
                "" if a["suppressed"] else float(a["value"]),
                a["n"],
                a["missing"],
                "" if a["numerator"] is None else float(a["numerator"]),
                "" if a["denominator"] is None else float(a["denominator"]),
                str(METHOD_TEXT.get(a["method"], "")),
                str(REASON_TEXT.get(a["reason"], "")) if a["reason"] else "",
            ]
        )
    pilots = [[_("Pilot"), _("Huvudman"), _("Fas"), _("Läge"), _("Period"), _("Berättelse")]]
    for p in snap.get("pilots", []):
        if public_only and not p["public"]:
            continue
        for r in p["reports"] or [{"period": "", "progress": "", "narrative": ""}]:
            pilots.append(
                [
                    p["title"],
                    p["lead"],
                    p["stage"],
                    ProgressStatus(r["progress"]).label if r["progress"] else "",
                    r["period"],
                    r["narrative"],
                ]
            )
    lessons = [[_("Systemdimension"), _("Typ"), _("Pilot"), _("Rubrik"), _("Text")]]
    for group in snap.get("lessons", []):
        for item in group["items"]:
            if public_only and not item["public"]:
                continue
            lessons.append(
                [
                    SystemDimension(group["dimension"]).label,
                    LessonKind(item["kind"]).label,
                    item["pilot"],
                    item["title"],
                    item["text"],
                ]
            )
    as_text = [[str(c) if not isinstance(c, int | float) else c for c in r] for r in summary]
    return {
        _("Sammanfattning"): as_text,
        _("Indikatorer"): indicators,
        _("Piloter"): pilots,
        _("Lärdomar"): lessons,
    }
