"""Pages of the evidence app: the CSV of a practice's estimates and the appraisal group's forms
(outcome KPIs, handled flags). Each parses, checks permission, calls one selector or service."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import error_messages
from evidence import selectors, services
from evidence.models import OutcomeChoice
from learning.models import Appraisal, Practice
from learning.rules import can_appraise


def _practice(request, slug) -> Practice:
    practice = Practice.objects.visible_to(request.user).filter(slug=slug).first()
    if practice is None:
        raise Http404(_("Praktiken finns inte."))
    return practice


def _text(value) -> str:
    """A text cell a spreadsheet program will not run as a formula."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _number(value) -> str:
    return "" if value is None else f"{value:.6g}"


def practice_csv(request, slug):
    """Every stored estimate of the practice, overall and by year since adoption."""
    practice = _practice(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="effekter-{practice.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("praktik"),
            _("nyckeltal"),
            _("namn"),
            _("kön"),
            _("metod"),
            _("status"),
            _("år sedan införandet"),
            _("effekt"),
            _("nedre gräns 95 %"),
            _("övre gräns 95 %"),
            _("kommuner som infört"),
            _("jämförelsekommuner"),
            _("p-värde trend före"),
            _("naiv före–efter"),
            _("beräknad"),
        ]
    )
    for e in selectors.practice_estimates(practice=practice):
        common = [_text(practice.title), _text(e.kpi_id), _text(e.kpi.title), e.gender]
        method, status = _text(e.get_method_display()), _text(e.get_status_display())
        tail = [_number(e.pretrend_p), _number(e.naive), e.computed_at.isoformat()]
        writer.writerow(
            [
                *common,
                method,
                status,
                _("samtliga"),
                _number(e.estimate),
                _number(e.ci_low),
                _number(e.ci_high),
                e.adopters,
                e.comparison,
                *tail,
            ]
        )
        for row in e.by_year if e.shown else []:
            writer.writerow(
                [
                    *common,
                    method,
                    status,
                    row["e"],
                    _number(row["estimate"]),
                    _number(row["low"]),
                    _number(row["high"]),
                    row["adopters"],
                    e.comparison,
                    *tail,
                ]
            )
    return response


@login_required
@require_POST
def outcome_choose(request, slug):
    practice = _practice(request, slug)
    if not can_appraise(request.user):
        raise PermissionDenied
    try:
        services.outcome_choose(
            practice=practice, kpi_id=request.POST.get("kpi", "")[:20], actor=request.user
        )
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Utfallsmåttet är tillagt; skattningen räknas fram strax."))
    return redirect(practice.get_absolute_url() + "#h-effects")


@login_required
@require_POST
def outcome_remove(request, slug, pk):
    practice = _practice(request, slug)
    if not can_appraise(request.user):
        raise PermissionDenied
    choice = get_object_or_404(OutcomeChoice, pk=pk, practice=practice)
    services.outcome_remove(choice=choice, actor=request.user)
    messages.success(request, _("Utfallsmåttet är borttaget."))
    return redirect(practice.get_absolute_url() + "#h-effects")


@login_required
@require_POST
def flags_resolve(request, pk):
    if not can_appraise(request.user):
        raise PermissionDenied
    appraisal = get_object_or_404(Appraisal, pk=pk)
    services.flags_resolve(appraisal=appraisal, actor=request.user)
    messages.success(request, _("Flaggorna är markerade som hanterade."))
    return redirect(appraisal)
