"""The fund ledger page: per pilot paid, repaid, expected and realised savings and what is still to
be repaid; every entry (paginated), reversing an entry, and the entries as CSV/XLSX."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import add_service_errors
from programmes import exports, rules, services
from programmes import ledger as ledger_selectors
from programmes.forms import (
    PayoutForm,
    RealisedSavingForm,
    RepaymentForm,
    ReversalForm,
    SavingForm,
)
from programmes.models import MembershipStatus, Payout

from .common import context, load, page_of, require_funder, require_manager

FORMS = {
    "payout": PayoutForm,
    "repayment": RepaymentForm,
    "expected": SavingForm,
    "realised": RealisedSavingForm,
}
SAVED = {
    "payout": gettext_lazy("Utbetalningen är sparad i fondens bokföring."),
    "repayment": gettext_lazy("Återbetalningen är sparad i fondens bokföring."),
    "expected": gettext_lazy("Den förväntade besparingen är sparad."),
    "realised": gettext_lazy("Den realiserade besparingen är sparad."),
}
SERVICES = {
    "payout": services.payout_record,
    "repayment": services.repayment_record,
    "expected": services.expected_saving_set,
    "realised": services.realised_saving_set,
}


def _members(programme):
    return (
        programme.pilot_links.filter(status=MembershipStatus.ACCEPTED)
        .select_related("pilot", "programme__owner")
        .order_by("pilot__title")
    )


@login_required
def fund_ledger(request, slug):
    programme = load(request, slug)
    require_funder(request, programme)
    can_manage = rules.can_manage_programme(request.user, programme)
    members = _members(programme)
    forms = (
        {kind: cls(prefix=kind, memberships=members) for kind, cls in FORMS.items()}
        if can_manage
        else {}
    )
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        kind = request.POST.get("form")
        if kind not in FORMS:
            kind = "payout"
        form = FORMS[kind](request.POST, prefix=kind, memberships=members)
        forms[kind] = form
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                SERVICES[kind](actor=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, SAVED[kind])
                return redirect("programmes:ledger", slug=programme.slug)
        status = 400
    entries = page_of(request, ledger_selectors.ledger_entries(programme=programme), param="poster")
    return render(
        request,
        "programmes/ledger.html",
        context(
            request,
            programme,
            ledger=ledger_selectors.fund_ledger(programme=programme),
            entries=entries,
            forms=forms,
        ),
        status=status,
    )


@login_required
def ledger_reverse(request, slug, entry_id):
    """Confirm and record a reversing entry for one ledger entry."""
    programme = load(request, slug)
    require_manager(request, programme)
    entry = (
        Payout.objects.filter(membership__programme=programme, pk=entry_id)
        .select_related("membership__pilot", "membership__programme__owner", "created_by")
        .first()
    )
    if entry is None:
        raise Http404
    form = ReversalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.ledger_entry_reverse(
                    entry=entry, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Posten är vänd. Båda posterna finns kvar i listan."))
                return redirect("programmes:ledger", slug=programme.slug)
        status = 400
    return render(
        request,
        "programmes/ledger_reverse.html",
        context(request, programme, entry=entry, form=form),
        status=status,
    )


@login_required
def ledger_export(request, slug, fmt):
    programme = load(request, slug)
    require_funder(request, programme)
    table = exports.ledger_table(ledger_selectors.ledger_entries(programme=programme))
    filename = f"fondens-bokforing-{programme.slug}-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        return exports.xlsx_response({_("Fondens bokföring"): table}, f"{filename}.xlsx")
    return exports.csv_response(table, f"{filename}.csv")
