"""The bulk import of a pilot's period values (CSV or XLSX) and its templates.

A reporter comes here from a period report's form (`?period=<id>` says which) and goes back to
it; after an import the message links every report the file changed.
"""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.spreadsheets import csv_writer, xlsx_bytes
from pilots import imports
from pilots.forms.reports import ImportForm
from pilots.rules import can_report
from pilots.selectors import reports as selectors


def _reporting_pilot(request, slug):
    pilot = selectors.pilot_for_reports(slug=slug)
    if not can_report(request.user, pilot):
        raise PermissionDenied
    return pilot


def _came_from(request, pilot):
    """The period whose report the user came from (`?period=`), if it is one of the pilot's."""
    text = request.GET.get("period", "")
    # ASCII digits that fit an id: "²" passes isdigit() but not int(), 25 digits overflow.
    if not (text.isascii() and text.isdigit() and len(text) <= 18):
        return None
    return selectors.periods_of(pilot=pilot, ids=[int(text)]).first()


def _done_message(pilot, result):
    """'N värden importerades till M rapporter: <links to each report>.'"""
    values = ngettext("%(n)s värde importerades", "%(n)s värden importerades", result.written) % {
        "n": result.written
    }
    reports = ngettext("till %(r)s rapport:", "till %(r)s rapporter:", result.reports) % {
        "r": result.reports
    }
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        (
            (reverse("pilots:report_edit", args=[pilot.slug, period.pk]), period.label)
            for period in selectors.periods_of(pilot=pilot, ids=result.periods)
        ),
    )
    return format_html("{} {} {}.", values, reports, links)


@login_required
def import_values(request, slug):
    pilot = _reporting_pilot(request, slug)
    came_from = _came_from(request, pilot)
    form = ImportForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > imports.MAX_BYTES:
                raise imports.ImportRefused(_("Filen är för stor (högst 5 MB)."))
            result = imports.import_values(
                pilot=pilot, actor=request.user, name=upload.name, raw=upload.read()
            )
        except imports.ImportRefused as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                messages.success(request, _done_message(pilot, result))
                back = reverse("pilots:import_values", args=[pilot.slug])
                return redirect(f"{back}?period={came_from.pk}" if came_from else back)
    if form.errors or (result and not result.ok):
        status = 400
    return render(
        request,
        "pilots/reports/import.html",
        {"pilot": pilot, "form": form, "result": result, "came_from": came_from},
        status=status,
    )


@login_required
def import_template(request, slug, fmt):
    pilot = _reporting_pilot(request, slug)
    rows = imports.template_rows(pilot)
    filename = f"{pilot.slug}-varden.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv_writer(buffer, delimiter=";")
        writer.writerow(imports.header_row())
        writer.writerows(rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Värden")[:31]
        sheet.append(imports.header_row())
        for row in rows:
            sheet.append(row)
        response = HttpResponse(
            xlsx_bytes(workbook),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
