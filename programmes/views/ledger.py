"""The fund ledger page: paid out, expected and realised savings per actor and year, to be
repaid."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from partners.forms import add_service_errors
from programmes import ledger as ledger_selectors
from programmes import rules, services
from programmes.forms import PayoutForm, RealisedSavingForm, SavingForm
from programmes.models import MembershipStatus

from .common import context, load, require_funder

FORMS = {"payout": PayoutForm, "expected": SavingForm, "realised": RealisedSavingForm}


def _save(kind, form, actor):
    data = dict(form.cleaned_data)
    membership = data.pop("membership")
    if kind == "payout":
        return services.payout_record(membership=membership, actor=actor, **data)
    if kind == "expected":
        return services.expected_saving_set(membership=membership, actor=actor, **data)
    return services.realised_saving_set(membership=membership, actor=actor, **data)


@login_required
def fund_ledger(request, slug):
    programme = load(request, slug)
    require_funder(request, programme)
    can_manage = rules.can_manage_programme(request.user, programme)
    members = (
        programme.pilot_links.filter(status=MembershipStatus.ACCEPTED)
        .select_related("pilot", "programme__owner")
        .order_by("pilot__title")
    )
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
            try:
                _save(kind, form, request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Uppgiften är sparad i fondens bokföring."))
                return redirect("programmes:ledger", slug=programme.slug)
        status = 400
    return render(
        request,
        "programmes/ledger.html",
        context(
            request,
            programme,
            ledger=ledger_selectors.fund_ledger(programme=programme),
            forms=forms,
        ),
        status=status,
    )
