"""Portal pages for period reports: the report form, review, history and dashboard (the bulk import
is in pilots/views/imports.py).

Each view parses input, checks the rule, calls one selector or service and renders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import add_service_errors
from core.pagination import CountedPaginator, count_each
from partners.rules import is_coordinator, remember_memberships
from partners.selectors import memberships_of
from pilots import dashboard_cache, report_form_cache
from pilots.forms.reports import (
    DecisionForm,
    LessonFormSet,
    ReportForm,
    attach_errors,
    build_grid,
    grid_values,
    lesson_initial,
    lesson_values,
)
from pilots.rules import (
    approves_somewhere,
    can_approve,
    can_create_pilot_for,
    can_report,
    can_view_drafts,
    is_pilot_insider,
    submit_needs_confirmation,
)
from pilots.selectors import quality as quality_selectors
from pilots.selectors import reports as selectors
from pilots.selectors.validation import report_rule_failures
from pilots.services import report_quality as quality_services
from pilots.services import reports as services
from pilots.validation.messages import show as show_rule_failures
from pilots.views import quality

PAGE_SIZE = 20


def _page(request, queryset, param="page"):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(param))


def _load(request, slug, period_id):
    pilot = selectors.pilot_for_reports(slug=slug)
    if not can_view_drafts(request.user, pilot):
        raise PermissionDenied
    period, report = selectors.period_with_report(pilot=pilot, period_id=period_id)
    return pilot, period, report


@login_required
def report_edit(request, slug, period_id):
    pilot = selectors.pilot_for_reports(slug=slug)
    if not can_view_drafts(request.user, pilot):
        raise PermissionDenied
    if request.method == "POST":  # live, with the submitted values and their errors
        return _report_edit(request, pilot, period_id)
    # A plain GET: the body as cached per viewer until the report, its pilot or a role changes.
    parts = report_form_cache.page_parts(
        request,
        pilot_id=pilot.pk,
        period_id=period_id,
        render=lambda: _report_edit(request, pilot, period_id, cacheable=True),
    )
    return render(request, "pilots/reports/report_form.html", parts)


def _report_edit(request, pilot, period_id, *, cacheable=False):
    """The report form's page (a response), or for `cacheable` its title and body rendered with
    the CSRF placeholder (report_form_cache)."""
    period, report = selectors.period_with_report(pilot=pilot, period_id=period_id)
    may_report = can_report(request.user, pilot)
    editable = may_report and not period.is_locked and (report is None or report.is_editable)
    links = list(selectors.indicators_of(pilot=pilot))
    top_errors, cell_errors, rule_failures = [], {}, []
    outliers, confirmed = set(), set()
    ask_confirmation = (
        request.method == "GET"
        and request.GET.get("skicka") == "bekrafta"
        and editable
        and report is not None
        and submit_needs_confirmation(period)
    )
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied
        form = ReportForm(request.POST)
        formset = LessonFormSet(request.POST, prefix="lessons")
        grids = build_grid(links, data=request.POST)
        submitting = request.POST.get("action") == "submit"
        confirmed = quality.confirmed_outliers(request.POST)
        confirm_early = (
            submitting
            and submit_needs_confirmation(period)
            and request.POST.get("confirm_early") != "yes"
        )
        if form.is_valid() and formset.is_valid():
            try:
                # "Skicka in" saves and submits in one service; an early submit that still
                # needs the user's confirmation is saved as a draft first.
                service = (
                    services.report_save_and_submit
                    if submitting and not confirm_early
                    else services.report_save
                )
                saved = service(
                    period=period,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"] or None,
                    values=grid_values(grids),
                    narrative=form.cleaned_data["narrative"],
                    progress=form.cleaned_data["progress"],
                    lessons=lesson_values(formset),
                    confirmed_outliers=confirmed,
                )
            except ValidationError as exc:
                cell_errors, top_errors = attach_errors(exc, form=form, formset=formset)
                outliers = quality.outlier_keys(exc)
                grids = build_grid(links, data=request.POST, errors=cell_errors)
                rule_failures = getattr(exc, "failures", [])
            else:
                if confirm_early:
                    # Saved as a draft; the page asks before it is sent (nothing typed is lost).
                    return redirect(f"{saved.get_absolute_url()}?skicka=bekrafta")
                if saved.status == "submitted":
                    messages.success(request, _("Rapporten är inskickad för godkännande."))
                else:
                    messages.success(request, _("Utkastet är sparat."))
                return redirect(saved.get_absolute_url())
        else:
            top_errors = [_("Rapporten sparades inte. Rätta de markerade fälten.")]
    else:
        form = ReportForm(
            initial={
                "version": report.version if report else "",
                "narrative": report.narrative if report else "",
                "progress": report.progress if report else "",
            }
        )
        formset = LessonFormSet(initial=lesson_initial(report), prefix="lessons")
        grids = build_grid(links, report=report, editable=editable)
        rule_failures = report_rule_failures(pilot=pilot, links=links, report=report)
    comment_count = quality.decorate_grid(
        grids,
        pilot=pilot,
        period=period,
        comments=quality_selectors.cell_comments_of(report=report, open_only=True),
        history_cells=quality_selectors.cells_with_history(report=report),
        outliers=outliers,
        confirmed=confirmed,
    )
    status = 200 if not top_errors and not cell_errors else 400
    context = {
        "pilot": pilot,
        "period": period,
        "report": report,
        "grids": grids,
        "form": form,
        "formset": formset,
        "editable": editable,
        "top_errors": top_errors,
        "can_approve": can_approve(request.user, pilot),
        "can_import": may_report,
        "ask_confirmation": ask_confirmation,
        "rule_failures": show_rule_failures(rule_failures, grids),
        "comment_count": comment_count,
    }
    if cacheable:
        context["csrf_token"] = report_form_cache.CSRF_PLACEHOLDER
    parts = {
        "title": _("Rapport %(period)s – %(pilot)s")
        % {"period": period.label, "pilot": pilot.title},
        "body": render_to_string("pilots/reports/_report_form_body.html", context, request=request),
    }
    if cacheable:
        return parts
    return render(request, "pilots/reports/report_form.html", parts, status=status)


@login_required
def report_review(request, slug, period_id):
    pilot, period, report = _load(request, slug, period_id)
    if not can_approve(request.user, pilot):
        raise PermissionDenied
    if report is None:
        raise Http404
    form = DecisionForm(request.POST or None, initial={"version": report.version})
    links = list(selectors.indicators_of(pilot=pilot))
    grids = build_grid(links, report=report, editable=False)
    drafts = quality.comment_drafts(grids, request.POST) if request.method == "POST" else {}
    if request.method == "POST" and form.is_valid():
        approve = request.POST.get("action") == "approve"
        try:
            # The decision and the comments on cells, in one service and one transaction.
            quality_services.report_decide_with_comments(
                report=report,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                approve=approve,
                comment=form.cleaned_data["comment"],
                cell_comments=quality.cell_comment_items(grids, drafts),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if approve:
                messages.success(request, _("Rapporten är godkänd och perioden låst."))
            else:
                messages.success(request, _("Rapporten är returnerad till rapportörerna."))
            return redirect("pilots:dashboard")
    quality.decorate_grid(
        grids,
        pilot=pilot,
        period=period,
        comments=quality_selectors.cell_comments_of(report=report),
        history_cells=quality_selectors.cells_with_history(report=report),
        flags=quality_selectors.report_flags(report=report, links=links),
        comment_drafts=drafts if report.status == "submitted" else None,
    )
    return render(
        request,
        "pilots/reports/report_review.html",
        {
            "pilot": pilot,
            "period": period,
            "report": report,
            "form": form,
            "grids": grids,
            "rule_failures": show_rule_failures(
                report_rule_failures(pilot=pilot, links=links, report=report), grids
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
def pilot_history(request, slug):
    pilot = selectors.pilot_for_reports(slug=slug)
    if not is_pilot_insider(request.user, pilot):
        raise PermissionDenied
    page = _page(request, selectors.pilot_history(pilot=pilot))
    periods = selectors.history_report_links(pilot=pilot, events=list(page))
    entries = [
        {"entry": selectors.describe_event(event), "period_id": periods.get(event.pk)}
        for event in page
    ]
    return render(
        request,
        "pilots/reports/history.html",
        {"pilot": pilot, "page_obj": page, "entries": entries},
    )


@login_required
def dashboard(request):
    user = request.user
    memberships = list(memberships_of(user=user))
    remember_memberships(user, memberships)  # every rule below (and the cache key) reads these
    pages = {param: request.GET.get(param) for param in dashboard_cache.PAGE_PARAMS}
    today = timezone.localdate()

    def render_lists():
        return render_to_string(
            "pilots/reports/_dashboard_lists.html",
            _dashboard_lists(user, memberships=memberships, pages=pages, today=today),
        )

    lists = dashboard_cache.lists_html(user, pages=pages, today=today, render=render_lists)
    return render(request, "pilots/reports/dashboard.html", {"lists": lists})


def _dashboard_lists(user, *, memberships, pages, today) -> dict:
    lists = {  # context name: (page parameter, rows)
        "pilots": ("pilots", selectors.dashboard_pilots(user=user)),
        "due_soon": ("due", selectors.dashboard_due_soon(user=user, today=today)),
        "overdue": ("overdue", selectors.dashboard_overdue(user=user, today=today)),
        "returned": ("returned", selectors.dashboard_returned(user=user)),
        "drafts": ("drafts", selectors.dashboard_drafts(user=user)),
        "awaiting": ("awaiting", selectors.reports_awaiting(user=user)),
    }
    # One query counts all six lists; then only the non-empty ones read their page.
    counts = count_each({name: rows for name, (_param, rows) in lists.items()})
    return {
        **{
            name: CountedPaginator(rows, PAGE_SIZE, count=counts[name]).get_page(pages[param])
            for name, (param, rows) in lists.items()
        },
        "memberships": memberships,
        "approves": approves_somewhere(user),
        "can_register_pilot": is_coordinator(user)
        or any(can_create_pilot_for(user, m.organisation) for m in memberships),
        "due_days": selectors.DUE_SOON_DAYS,
    }
