"""The funder's acceptance of its pilots' period reports: the queue "Att acceptera" and the
report page where a programme's manager accepts a report or takes the acceptance back.

Each view parses input, checks the rule, calls one selector or service and renders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import add_service_errors
from pilots.forms.reports import build_grid
from pilots.selectors import reports as report_selectors
from programmes import selectors
from programmes.forms import AcceptForm, UnacceptForm
from programmes.services import acceptance as services
from programmes.views.common import context, load, page_of, require_manager


def _acceptance_programme(request, slug):
    programme = load(request, slug)
    require_manager(request, programme)
    if not programme.requires_acceptance:
        raise Http404
    return programme


@login_required
def acceptance_queue(request, slug):
    programme = _acceptance_programme(request, slug)
    return render(
        request,
        "programmes/acceptance/queue.html",
        context(
            request,
            programme,
            awaiting=page_of(
                request,
                selectors.reports_awaiting_acceptance(user=request.user, programme=programme),
                "awaiting",
            ),
            accepted=page_of(
                request,
                selectors.reports_accepted(user=request.user, programme=programme),
                "accepted",
            ),
        ),
    )


@login_required
def acceptance_report(request, slug, report_id):
    programme = _acceptance_programme(request, slug)
    report = selectors.acceptance_report(
        user=request.user, programme=programme, report_id=report_id
    )
    action = request.POST.get("action") if request.method == "POST" else None
    initial = {"version": report.version}
    accept_form = AcceptForm(
        request.POST if action == "accept" else None, initial=initial, prefix="accept"
    )
    unaccept_form = UnacceptForm(
        request.POST if action == "unaccept" else None, initial=initial, prefix="unaccept"
    )
    form = {"accept": accept_form, "unaccept": unaccept_form}.get(action)
    if form is not None and form.is_valid():
        try:
            if action == "accept":
                services.report_accept(
                    report=report,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("Rapporten är accepterad och kan inte längre ändras."))
            else:
                services.report_unaccept(
                    report=report,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    comment=form.cleaned_data["comment"],
                )
                messages.success(
                    request,
                    _("Acceptansen är borttagen och rapporten returnerad till rapportörerna."),
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("programmes:acceptance_queue", slug=programme.slug)
    links = list(report_selectors.indicators_of(pilot=report.pilot))
    return render(
        request,
        "programmes/acceptance/report.html",
        context(
            request,
            programme,
            report=report,
            pilot=report.pilot,
            period=report.period,
            grids=build_grid(links, report=report, editable=False),
            accept_form=accept_form,
            unaccept_form=unaccept_form,
        ),
        status=400 if form is not None and form.errors else 200,
    )
