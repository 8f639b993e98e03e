"""Benchmark pages: pick an area, compare it with peers, download CSV; manage own peer groups."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks

from benchmarking import presentation, selectors, services
from benchmarking.benchmark import benchmark_for, map_values
from benchmarking.forms import PeerGroupForm
from benchmarking.models import Gender
from core import caching
from core.collation import swedish_key
from core.spreadsheets import csv_writer

KPIS_PER_PAGE = 10


def benchmark_index(request):
    """The picker: a kommun or a region. A chosen area redirects to its page."""
    errors = []
    if "omrade" in request.GET:
        subject = selectors.subject_for(request.GET["omrade"])
        if subject is not None:
            return redirect("benchmarking:benchmark", code=subject.code)
        errors.append(_("Välj en kommun eller region i listan."))
    return render(
        request,
        "benchmarking/index.html",
        {"areas": selectors.area_choices(), "errors": errors},
        status=400 if errors else 200,
    )


def _subject(code):
    subject = selectors.subject_for(code)
    if subject is None:
        raise Http404(_("Det finns ingen kommun eller region med koden %(code)s.") % {"code": code})
    return subject


def _params(request, subject, choices=None):
    """Peers, kön and years from the query string. Raises ValidationError with every problem."""
    errors, params = {}, {}
    try:
        params["peers"] = selectors.resolve_peers(
            subject=subject, key=request.GET.get("jamfor", ""), user=request.user, choices=choices
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        params["gender"] = selectors.parse_gender(request.GET.get("kon"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        default_last = selectors.latest_year() or timezone.localdate().year - 1
        params["first"], params["last"] = selectors.parse_years(
            request.GET.get("fran"), request.GET.get("till"), default_last=default_last
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return params


# The query parameters the results depend on; any others are left out of their links and cache.
RESULT_PARAMS = ("jamfor", "kon", "fran", "till", "karta", "sida")
# Cached results go stale through the namespace's version, which every write to what they show
# bumps (benchmarking.signals); the expiry only backs up writes that bypass the bumps (raw SQL,
# a shell). Longer than caching.TIMEOUT: a miss costs hundreds of ms at national scale.
RESULTS_TIMEOUT = 60 * 60


def benchmark_page(request, code):
    """One area against its peers: a table, a chart and suppression notes per indicator, a map.

    The results (everything under the form) are the same for every anonymous visitor: they are
    cached as HTML in `caching.BENCHMARKS` (bumped by every write to what they show, see
    benchmarking.signals) and computed live for signed-in users, who may see more pilots."""
    subject = _subject(code)
    choices = selectors.peer_choices(subject=subject, user=request.user)
    context = {
        "subject": subject,
        "query": request.GET,
        "peer_choices": choices,
        "genders": Gender.choices,
    }
    try:
        params = _params(request, subject, choices)
    except ValidationError as exc:
        context["errors"] = [m for messages_ in exc.message_dict.values() for m in messages_]
        return render(request, "benchmarking/benchmark.html", context, status=400)
    page = Paginator(selectors.kpi_list(), KPIS_PER_PAGE).get_page(request.GET.get("sida"))
    query = _result_query(request, page)
    context.update(params, page_obj=page)

    def results():
        return _results_html(request, subject, params, page, query)

    if request.user.is_authenticated:
        context["results"] = results()
    else:
        key = "|".join(
            [
                "benchmark-results",
                translation.get_language() or "",
                subject.code,
                ",".join(params["peers"].codes),
                query.urlencode(),
            ]
        )
        context["results"] = mark_safe(
            caching.cached(caching.BENCHMARKS, key, results, timeout=RESULTS_TIMEOUT)
        )
    return render(request, "benchmarking/benchmark.html", context)


def _result_query(request, page) -> QueryDict:
    """The known parameters of the request, with the page number as shown: what the results'
    links keep (and, for anonymous visitors, part of the cache key)."""
    query = QueryDict(mutable=True)
    for name in RESULT_PARAMS:
        if name in request.GET:
            query[name] = request.GET[name]
    if "sida" in query:
        query["sida"] = str(page.number)
    kpi_ids = {kpi.id for kpi in page.object_list}
    if "karta" in query and query["karta"] not in kpi_ids:
        del query["karta"]  # unknown: the map shows the first KPI, as without it
    return query


def _results_html(request, subject, params, page, query) -> str:
    """The results under the form, rendered: the indicators of this page, the map, pagination."""
    items = benchmark_for(
        subject=subject,
        peers=params["peers"],
        kpis=list(page.object_list),
        gender=params["gender"],
        first=params["first"],
        last=params["last"],
        user=request.user,
        include_pilot_results=page.number == 1,
    )
    for index, item in enumerate(items, start=1):
        item.chart = presentation.chart_for(item, subject.name, index)
        item.no_values = presentation.no_values_text(
            item, subject.name, params["first"], params["last"]
        )
        item.trend_text = presentation.trend_text(item.trend)
        item.year_rows = presentation.year_rows_html(item.years)
    # Other apps add to an indicator's section through a hook (evidence: "kommuner like yours
    # that improved"), so benchmarking shows them without importing those apps.
    for fn in hooks.get_hooks("benchmarking_indicator_sections"):
        fn(request, subject=subject, items=items, **params)
    context = {"subject": subject, "query": query, "page_obj": page, **params}
    kolada_items = [i for i in items if i.origin == "kolada"]
    map_item = next((i for i in kolada_items if i.key == query.get("karta")), None)
    map_item = map_item or next(iter(kolada_items), None)
    if map_item is not None:
        year = map_item.rank_year or params["last"]
        values = map_values(
            kpi_id=map_item.key,
            gender=params["gender"],
            year=year,
            region_level=not subject.is_kommun,
        )
        title = _("%(kpi)s %(year)s, kön %(gender)s") % {
            "kpi": map_item.title,
            "year": year,
            "gender": str(dict(Gender.choices).get(params["gender"], params["gender"])).lower(),
        }
        svg, legend = presentation.map_for(
            values, title=title, subject=subject.code, region_level=not subject.is_kommun
        )
        names = dict(selectors.area_choices()["kommuner" if subject.is_kommun else "regioner"])
        context["map"] = {
            "item": map_item,
            "year": year,
            "svg": svg,
            "legend": legend,
            "title": title,
            "rows": sorted(
                ((names.get(a, a), a, presentation.cell_text(c)) for a, c in values.items()),
                key=lambda row: (swedish_key(row[0]), row[1]),
            ),
        }
        context["map"]["rows_html"] = presentation.map_rows_html(context["map"]["rows"])
    context.update(items=items, kolada_items=kolada_items)
    return render_to_string("benchmarking/_results.html", context, request=request)


CSV_FORMATS = {
    # Swedish Excel reads ";" between fields and "," in numbers; other programs the standard.
    "excel": (";", ","),
    "standard": (",", "."),
}


def _csv_cell(value, decimal: str):
    if decimal != "." and isinstance(value, float | Decimal) and not isinstance(value, bool):
        return str(value).replace(".", decimal)
    return value


def _csv_response(request, filename, rows):
    """CSV with a byte-order mark; `?format=standard` gives commas and decimal points, the
    default semicolons and decimal commas so that Swedish Excel opens it in columns."""
    delimiter, decimal = CSV_FORMATS.get(request.GET.get("format", ""), CSV_FORMATS["excel"])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv_writer(response, delimiter=delimiter)
    for row in rows:
        writer.writerow([_csv_cell(value, decimal) for value in row])
    return response


def benchmark_csv(request, code):
    """Every indicator × year of the benchmark as CSV (all KPIs, not one page)."""
    subject = _subject(code)
    try:
        params = _params(request, subject)
    except ValidationError as exc:
        return HttpResponse(
            "\n".join(m for ms in exc.message_dict.values() for m in ms),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    items = benchmark_for(
        subject=subject,
        peers=params["peers"],
        kpis=list(selectors.kpi_list()),
        gender=params["gender"],
        first=params["first"],
        last=params["last"],
        user=request.user,
    )
    rows = presentation.csv_rows(items, subject.code, params["peers"].label, params["gender"])
    return _csv_response(request, f"jamforelse-{subject.code}.csv", rows)


def map_csv(request, code):
    """The map's values: every kommun (or region) for one KPI, kön and year."""
    subject = _subject(code)
    try:
        params = _params(request, subject)
        kpi = selectors.kpi_list().filter(pk=request.GET.get("karta", "")).first()
        if kpi is None:
            raise ValidationError({"karta": _("Välj ett nyckeltal för kartan.")})
        year = int(request.GET.get("ar") or params["last"])
    except (ValidationError, ValueError) as exc:
        text = (
            "\n".join(m for ms in exc.message_dict.values() for m in ms)
            if isinstance(exc, ValidationError)
            else _("Ange år med fyra siffror.")
        )
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    values = map_values(
        kpi_id=kpi.id, gender=params["gender"], year=year, region_level=not subject.is_kommun
    )
    names = dict(selectors.area_choices()["kommuner" if subject.is_kommun else "regioner"])
    rows = [
        [
            _("område"),
            _("namn"),
            _("nyckeltal"),
            _("år"),
            _("kön"),
            _("värde (Källa: Kolada)"),
            _("anmärkning"),
        ]
    ]
    for area in sorted(values):
        cell = values[area]
        rows.append(
            [
                area,
                names.get(area, ""),
                kpi.id,
                year,
                params["gender"],
                "" if cell.value is None else cell.value,
                presentation.cell_note(cell),
            ]
        )
    return _csv_response(request, f"karta-{kpi.id}-{year}.csv", rows)


@login_required
def peer_group_list(request):
    """The user's own peer groups."""
    return render(
        request,
        "benchmarking/peer_groups.html",
        {"groups": selectors.own_peer_groups(user=request.user)},
    )


def _own_group(request, pk):
    group = selectors.own_peer_groups(user=request.user).filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


@login_required
@require_http_methods(["GET", "POST"])
def peer_group_edit(request, pk=None):
    """Create a peer group, or edit one of the user's own."""
    group = _own_group(request, pk) if pk else None
    initial = {"name": group.name, "kommuner": list(group.kommuner.all())} if group else None
    form = PeerGroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if group:
                services.peer_group_update(group=group, actor=request.user, **form.cleaned_data)
            else:
                group = services.peer_group_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request, _("Jämförelsegruppen %(name)s är sparad.") % {"name": group.name}
            )
            return redirect(reverse("benchmarking:peer_group_list"))
    return render(
        request,
        "benchmarking/peer_group_form.html",
        {"form": form, "group": group},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def peer_group_delete(request, pk):
    """Confirm and delete one of the user's own groups."""
    group = _own_group(request, pk)
    if request.method == "POST":
        services.peer_group_delete(group=group, actor=request.user)
        messages.success(
            request, _("Jämförelsegruppen %(name)s är borttagen.") % {"name": group.name}
        )
        return redirect("benchmarking:peer_group_list")
    return render(request, "benchmarking/peer_group_delete.html", {"group": group})
