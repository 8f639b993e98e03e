"""Progress reports: the list, compiling, editing the summary, publishing, the printable page,
XLSX."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from pilots.models import LessonKind, ProgressStatus, SystemDimension
from pilots.periods import generate_periods
from programmes import exports, rules, selectors, services
from programmes.forms import CompileForm, SummaryForm
from programmes.services.reports import edit_token

from .common import context, display_rows, load, page_of, require_manager


def _suggested_period(programme):
    """The programme's latest reporting period that has ended (or the first one)."""
    today = timezone.localdate()
    periods = generate_periods(
        programme.start_date, programme.end_date, programme.cadence, due_days=0
    )
    ended = [p for p in periods if p.end < today]
    chosen = ended[-1] if ended else periods[0]
    return {"period_start": chosen.start, "period_end": chosen.end}


def report_list(request, slug):
    programme = load(request, slug)
    reports = page_of(request, selectors.progress_reports(user=request.user, programme=programme))
    form = None
    if rules.can_manage_programme(request.user, programme):
        form = CompileForm(initial=_suggested_period(programme))
    return render(
        request,
        "programmes/reports/list.html",
        context(request, programme, reports=reports, form=form),
    )


@login_required
@require_POST
def report_compile(request, slug):
    programme = load(request, slug)
    require_manager(request, programme)
    form = CompileForm(request.POST)
    if form.is_valid():
        try:
            report = services.progress_report_compile(
                programme=programme, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Lägesrapporten är sammanställd. Skriv sammanfattningen och publicera.")
            )
            return redirect(report.get_absolute_url())
    reports = page_of(request, selectors.progress_reports(user=request.user, programme=programme))
    return render(
        request,
        "programmes/reports/list.html",
        context(request, programme, reports=reports, form=form),
        status=400,
    )


def _lessons(snapshot, public_only):
    groups = []
    for group in snapshot.get("lessons", []):
        items = [
            {**item, "kind_label": LessonKind(item["kind"]).label}
            for item in group["items"]
            if item["public"] or not public_only
        ]
        if items:
            groups.append({"label": SystemDimension(group["dimension"]).label, "items": items})
    return groups


def _pilots(snapshot, public_only):
    pilots = []
    for p in snapshot.get("pilots", []):
        if public_only and not p["public"]:
            continue
        reports = [
            {**r, "progress_label": ProgressStatus(r["progress"]).label if r["progress"] else ""}
            for r in p["reports"]
        ]
        pilots.append(
            {
                **p,
                "reports": reports,
                "progress_label": ProgressStatus(p["progress"]).label if p["progress"] else "",
            }
        )
    return pilots


def report_detail(request, slug, pk):
    programme = load(request, slug)
    report = selectors.progress_report_detail(user=request.user, programme=programme, pk=pk)
    public_only = not rules.can_view_portfolio(request.user, programme)
    snapshot = report.snapshot or {}
    can_edit = rules.can_manage_programme(request.user, programme) and not report.is_published
    form = (
        SummaryForm(initial={"title": report.title, "summary": report.summary})
        if can_edit
        else None
    )
    return _render_detail(request, programme, report, snapshot, public_only, form, can_edit)


def _render_detail(request, programme, report, snapshot, public_only, form, can_edit, status=200):
    pilots = _pilots(snapshot, public_only)
    return render(
        request,
        "programmes/reports/detail.html",
        context(
            request,
            programme,
            report=report,
            form=form,
            can_edit=can_edit,
            edit_token=edit_token(report),
            aggregates=display_rows(snapshot.get("aggregates", [])),
            pilots=pilots,
            hidden_pilots=len(snapshot.get("pilots", [])) - len(pilots),
            lesson_groups=_lessons(snapshot, public_only),
            period_start=date.fromisoformat(snapshot["period"]["start"])
            if snapshot.get("period")
            else report.period_start,
        ),
        status=status,
    )


@login_required
@require_POST
def report_action(request, slug, pk):
    programme = load(request, slug)
    require_manager(request, programme)
    report = selectors.progress_report_detail(user=request.user, programme=programme, pk=pk)
    action = request.POST.get("action", "save")
    form = SummaryForm(request.POST)
    if action == "recompile":
        try:
            services.progress_report_compile(
                programme=programme,
                actor=request.user,
                report=report,
                period_start=report.period_start,
                period_end=report.period_end,
                title=report.title,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Rapporten är sammanställd på nytt med de senaste godkända rapporterna.")
            )
        return redirect(report.get_absolute_url())
    if form.is_valid():
        try:
            report = services.progress_report_save(
                report=report,
                actor=request.user,
                summary=form.cleaned_data["summary"],
                title=form.cleaned_data["title"],
                expected_token=request.POST.get("edit_token") or None,
                publish=action == "publish",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Lägesrapporten är publicerad.")
                if action == "publish"
                else _("Sammanfattningen är sparad."),
            )
            return redirect(report.get_absolute_url())
    report.refresh_from_db()
    return _render_detail(
        request,
        programme,
        report,
        report.snapshot or {},
        False,
        form,
        not report.is_published,
        status=400,
    )


def report_xlsx(request, slug, pk):
    programme = load(request, slug)
    report = selectors.progress_report_detail(user=request.user, programme=programme, pk=pk)
    public_only = not rules.can_view_portfolio(request.user, programme)
    return exports.xlsx_response(
        exports.report_sheets(report, public_only=public_only),
        f"lagesrapport-{programme.slug}-{report.pk}.xlsx",
    )
