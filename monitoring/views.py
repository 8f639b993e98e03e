"""The completeness and timeliness matrix: the page, its CSV and "Påminn rapportörerna"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.spreadsheets import csv_writer
from monitoring import page_cache, rules, selectors, services
from monitoring.forms import MatrixFilterForm
from partners.numbers import format_number


def _form(request, data) -> MatrixFilterForm:
    if not rules.is_monitor(request.user):
        raise PermissionDenied
    return MatrixFilterForm(data, user=request.user)


@login_required
def matrix(request):
    """The matrix. Its parts are cached per viewer, filter and day (monitoring.page_cache says
    what the key holds and what makes it stale); only a miss reads the filter and the page."""
    if not rules.is_monitor(request.user):
        raise PermissionDenied
    key = page_cache.matrix_key(user=request.user, params=request.GET)
    parts, status = page_cache.cached_parts(key, lambda: _parts(request))
    return render(request, "monitoring/matrix.html", {"parts": parts}, status=status)


def _parts(request) -> tuple[dict, int]:
    """The page's parts as HTML (the filter, the rates, the remind button's fields, the table)
    and the status: 400 when the filter does not validate."""
    form = _form(request, request.GET)
    if not form.is_valid():
        context = {"form": form, "matrix": None}
        return {"top": render_to_string("monitoring/_matrix_top.html", context)}, 400
    matrix = selectors.matrix_page(
        user=request.user, filters=form.filters(), page_number=request.GET.get("page", 1)
    )
    _link_cells(
        matrix.rows,
        selectors.reports_openable(user=request.user, pilot_ids=[r.pilot.pk for r in matrix.rows]),
    )
    context = {
        "form": form,
        "matrix": matrix,
        "query": form.query(),
        "legend": selectors.legend(),
        "periods": selectors.period_legend(matrix.columns),
    }
    return {
        "top": render_to_string("monitoring/_matrix_top.html", context),
        "remind": render_to_string("monitoring/_matrix_remind.html", context)
        if matrix.missing
        else "",
        "bottom": render_to_string("monitoring/_matrix_bottom.html", context),
    }, 200


def _link_cells(rows, openable: set[int]) -> None:
    """Each cell's link to its report, from one reverse() per page (hundreds of cells); only
    where the user may open the pilot's reports."""
    pattern = reverse("pilots:report_edit", kwargs={"slug": "slug", "period_id": 1})
    head, _sep, tail = pattern.rpartition("/slug/rapporter/1/")
    for row in rows:
        if row.pilot.pk not in openable:
            continue
        for cell in row.cells:
            if cell is not None:
                cell.url = f"{head}/{row.pilot.slug}/rapporter/{cell.period_id}/{tail}"


class _Echo:
    def write(self, value):
        return value


CSV_HEADER = [
    gettext_lazy("Typ"),
    gettext_lazy("Pilot eller namn"),
    gettext_lazy("Organisation"),
    gettext_lazy("Period"),
    gettext_lazy("Från"),
    gettext_lazy("Till"),
    gettext_lazy("Sista rapportdag"),
    gettext_lazy("Inskickad"),
    gettext_lazy("Status"),
    gettext_lazy("Räknade perioder"),
    gettext_lazy("Kompletta"),
    gettext_lazy("I tid"),
    gettext_lazy("Andel kompletta (%)"),
    gettext_lazy("Andel i tid (%)"),
]
KINDS = {
    "period": gettext_lazy("Period"),
    "pilot": gettext_lazy("Pilot"),
    "organisation": gettext_lazy("Organisation"),
    "programme": gettext_lazy("Program"),
    "total": gettext_lazy("Totalt"),
}


def _csv_lines(rows):
    writer = csv_writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([str(h) for h in CSV_HEADER])
    for kind, name, organisation, item in rows:
        if kind == "period":
            submitted = item.submitted_at
            yield writer.writerow(
                [
                    str(KINDS[kind]),
                    name,
                    organisation,
                    item.label,
                    item.start.isoformat(),
                    item.end.isoformat(),
                    item.due_date.isoformat(),
                    timezone.localtime(submitted).date().isoformat() if submitted else "",
                    item.state_label,
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
        else:
            yield writer.writerow(
                [
                    str(KINDS[kind]),
                    name if kind != "total" else _("Hela urvalet"),
                    organisation,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    item.counted,
                    item.complete,
                    item.on_time,
                    format_number(item.share_complete),
                    format_number(item.share_on_time),
                ]
            )


@login_required
def matrix_csv(request):
    form = _form(request, request.GET)
    if not form.is_valid():
        return matrix(request)
    rows = selectors.export_rows(user=request.user, filters=form.filters())
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="rapporteringslage-{stamp}.csv"'
    return response


@login_required
def remind(request):
    form = _form(request, request.POST)  # refuses whoever may not open the matrix first
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    url = reverse("monitoring:matrix")
    if not form.is_valid():
        messages.error(request, _("Urvalet gick inte att läsa. Välj filter och försök igen."))
        return redirect(url)
    batch = services.remind_missing_reporters(actor=request.user, filters=form.filters())
    if batch is None:
        messages.info(
            request,
            _(
                "Det finns inga försenade rapporter att påminna om i urvalet (eller så har "
                "rapportörerna redan påmints det senaste dygnet)."
            ),
        )
    else:
        messages.success(
            request,
            ngettext(
                "Rapportörerna påminns om %(n)s försenad rapport.",
                "Rapportörerna påminns om %(n)s försenade rapporter.",
                batch.count,
            )
            % {"n": format_number(batch.count)},
        )
    return redirect(f"{url}?{form.query()}")
