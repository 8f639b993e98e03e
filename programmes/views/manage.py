"""Creating and editing programmes and stages, managing member pilots, applying on a pilot's
behalf."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from partners.models import Organisation
from pilots.models import Pilot, PilotStatus
from programmes import rules, selectors, services
from programmes.forms import ApplyForm, PilotAddForm, ProgrammeForm, StageForm, TermsForm
from programmes.models import MembershipStatus, ProgrammePilot, ProgrammeStage
from programmes.rules import can_apply

from .common import context, load, require_manager

PROGRAMME_FIELDS = (
    "name",
    "kind",
    "purpose",
    "vision",
    "budget_sek",
    "start_date",
    "end_date",
    "cadence",
    "visibility",
    "principles",
    "requires_acceptance",
)


def _owners(user):
    return (
        Organisation.objects.approved()
        .filter(rules.programme_creatable_for_q(user))
        .order_by("name")
    )


@login_required
def programme_create(request):
    owners = _owners(request.user)
    if not owners.exists():
        raise PermissionDenied
    form = ProgrammeForm(
        request.POST or None,
        owners=owners,
        initial={"owner": owners.first() if owners.count() == 1 else None},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                programme = services.programme_create(
                    actor=request.user,
                    owner=data["owner"],
                    shared_indicators=data["shared_indicators"],
                    **{k: data[k] for k in PROGRAMME_FIELDS},
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Programmet är skapat. Lägg till faser och piloter."))
                return redirect("programmes:stages", slug=programme.slug)
        status = 400
    return render(
        request, "programmes/programme_form.html", {"form": form, "programme": None}, status=status
    )


@login_required
def programme_edit(request, slug):
    programme = load(request, slug)
    require_manager(request, programme)
    initial = {k: getattr(programme, k) for k in PROGRAMME_FIELDS}
    initial["principles"] = "\n".join(programme.principles or [])
    initial["shared_indicators"] = list(programme.shared_indicators.all())
    form = ProgrammeForm(request.POST or None, initial=initial, fixed_owner=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.programme_update(
                    programme=programme,
                    actor=request.user,
                    shared_indicators=data["shared_indicators"],
                    **{k: data[k] for k in PROGRAMME_FIELDS},
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Programmet är sparat."))
                return redirect(programme.get_absolute_url())
        status = 400
    return render(
        request,
        "programmes/programme_form.html",
        context(request, programme, form=form),
        status=status,
    )


@login_required
def stages(request, slug):
    programme = load(request, slug)
    require_manager(request, programme)
    form = StageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.stage_add(programme=programme, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Fasen är tillagd."))
                return redirect("programmes:stages", slug=programme.slug)
        status = 400
    return render(
        request,
        "programmes/stages.html",
        context(request, programme, stages=list(programme.stages.all()), form=form),
        status=status,
    )


@login_required
def stage_edit(request, slug, stage_id):
    programme = load(request, slug)
    require_manager(request, programme)
    stage = get_object_or_404(ProgrammeStage, programme=programme, pk=stage_id)
    stage.programme = programme
    form = StageForm(
        request.POST or None,
        initial={k: getattr(stage, k) for k in ("name", "start_date", "gate_date", "order")},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v is not None}
            try:
                services.stage_update(stage=stage, actor=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Fasen är sparad."))
                return redirect("programmes:stages", slug=programme.slug)
        status = 400
    return render(
        request,
        "programmes/stage_form.html",
        context(request, programme, stage=stage, form=form),
        status=status,
    )


@login_required
def memberships(request, slug):
    programme = load(request, slug)
    require_manager(request, programme)
    form = PilotAddForm(request.POST or None, prefix="add", pilots=_addable(request.user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pilot_add(
                    programme=programme,
                    pilot=data["pilot"],
                    actor=request.user,
                    note=data["note"],
                    funding_granted_sek=data["funding_granted_sek"],
                    repayment_share=data["repayment_share"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Piloten %(pilot)s är antagen i programmet.")
                    % {"pilot": data["pilot"].title},
                )
                return redirect("programmes:memberships", slug=programme.slug)
        status = 400
    members = list(selectors.memberships(programme=programme))
    applied = [
        (m, TermsForm(prefix=f"m{m.pk}")) for m in members if m.status == MembershipStatus.APPLIED
    ]
    return render(
        request,
        "programmes/memberships.html",
        context(request, programme, members=members, applied=applied, form=form),
        status=status,
    )


@login_required
@require_POST
def membership_decide(request, slug, membership_id):
    programme = load(request, slug)
    require_manager(request, programme)
    membership = get_object_or_404(
        ProgrammePilot.objects.select_related("pilot"), programme=programme, pk=membership_id
    )
    membership.programme = programme
    form = TermsForm(request.POST, prefix=f"m{membership.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_decide(
                membership=membership,
                actor=request.user,
                accept=request.POST.get("action") == "accept",
                funding_granted_sek=data["funding_granted_sek"],
                repayment_share=data["repayment_share"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Beslutet om %(pilot)s är sparat.") % {"pilot": membership.pilot.title}
            )
            return redirect("programmes:memberships", slug=programme.slug)
    members = list(selectors.memberships(programme=programme))
    applied = [
        (m, form if m.pk == membership.pk else TermsForm(prefix=f"m{m.pk}"))
        for m in members
        if m.status == MembershipStatus.APPLIED
    ]
    return render(
        request,
        "programmes/memberships.html",
        context(
            request,
            programme,
            members=members,
            applied=applied,
            form=PilotAddForm(prefix="add", pilots=_addable(request.user)),
        ),
        status=400,
    )


def _addable(user):
    return Pilot.objects.visible_to(user).exclude(status=PilotStatus.DRAFT).order_by("title")


def _applicable_pilots(user):
    return (
        Pilot.objects.filter(rules.appliable_q(user)).exclude(status=PilotStatus.DRAFT)
    ).order_by("title")


@login_required
def programme_apply(request, slug):
    programme = load(request, slug)
    pilots = _applicable_pilots(request.user)
    if not pilots.exists():
        raise PermissionDenied
    form = ApplyForm(request.POST or None, pilots=pilots)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            pilot = form.cleaned_data["pilot"]
            if not can_apply(request.user, pilot):
                raise PermissionDenied
            try:
                services.pilot_apply(
                    programme=programme,
                    pilot=pilot,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Ansökan är skickad till finansiären."))
                return redirect("programmes:pilot_page", slug=programme.slug, pilot_slug=pilot.slug)
        status = 400
    return render(
        request, "programmes/apply.html", context(request, programme, form=form), status=status
    )


@login_required
@require_POST
def membership_withdraw(request, slug, pilot_slug):
    programme = load(request, slug)
    membership = selectors.membership_of(programme=programme, pilot_slug=pilot_slug)
    if not can_apply(request.user, membership.pilot):
        raise Http404
    try:
        services.membership_withdraw(membership=membership, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Piloten har lämnat programmet."))
    return redirect("programmes:pilot_page", slug=programme.slug, pilot_slug=pilot_slug)
