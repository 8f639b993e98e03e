"""A pilot's page in a programme: its membership, the gate decisions about it (with history) and its
self-assessments; funders record gate decisions here, the pilot's people assess themselves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from programmes import rules, selectors, services
from programmes import stages as stage_rules
from programmes.forms import AssessmentForm, GateDecisionForm

from .common import context, load


def _membership(request, slug, pilot_slug):
    programme = load(request, slug)
    membership = selectors.membership_of(programme=programme, pilot_slug=pilot_slug)
    membership.programme = programme
    if not rules.can_view_pilot_decisions(request.user, programme, membership.pilot):
        raise Http404
    return programme, membership


def _render(request, programme, membership, decision_form=None, assessment_form=None, status=200):
    can_manage = rules.can_manage_programme(request.user, programme)
    can_assess = (
        rules.can_assess(request.user, membership.pilot)
        and membership.is_accepted
        and programme.principles
    )
    stages = programme.stages.all()
    if can_manage and decision_form is None:
        decision_form = GateDecisionForm(stages=stages, initial={"stage": membership.stage})
    if can_assess and assessment_form is None:
        assessment_form = AssessmentForm(principles=programme.principles, prefix="a")
    assessments = membership.assessments.select_related("assessed_by").order_by(
        "-period_start", "principle"
    )
    return render(
        request,
        "programmes/pilot_page.html",
        context(
            request,
            programme,
            membership=membership,
            pilot=membership.pilot,
            decisions=list(selectors.decisions_of(membership=membership)),
            assessments=assessments,
            decision_form=decision_form if can_manage else None,
            stage_effects=stage_rules.effects(list(stages)) if can_manage else [],
            stage_not_started=membership.stage
            if membership.stage and membership.stage.start_date > timezone.localdate()
            else None,
            assessment_form=assessment_form if can_assess else None,
            can_withdraw=rules.can_apply(request.user, membership.pilot)
            and membership.status in ("applied", "accepted"),
        ),
        status=status,
    )


@login_required
def pilot_page(request, slug, pilot_slug):
    programme, membership = _membership(request, slug, pilot_slug)
    return _render(request, programme, membership)


@login_required
@require_POST
def gate_decision_create(request, slug, pilot_slug):
    programme, membership = _membership(request, slug, pilot_slug)
    if not rules.can_manage_programme(request.user, programme):
        raise PermissionDenied
    form = GateDecisionForm(request.POST, stages=programme.stages.all())
    if form.is_valid():
        try:
            record = services.gate_decision_record(
                membership=membership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            effect = stage_rules.effect_text(
                record.decision, record.stage, list(programme.stages.all())
            )
            messages.success(
                request,
                _(
                    "Beslutet är registrerat. %(effect)s Pilotens administratörer får ett "
                    "meddelande."
                )
                % {"effect": effect},
            )
            return redirect("programmes:pilot_page", slug=programme.slug, pilot_slug=pilot_slug)
    return _render(request, programme, membership, decision_form=form, status=400)


@login_required
@require_POST
def assessment_create(request, slug, pilot_slug):
    programme, membership = _membership(request, slug, pilot_slug)
    if not rules.can_assess(request.user, membership.pilot):
        raise PermissionDenied
    form = AssessmentForm(request.POST, principles=programme.principles, prefix="a")
    if form.is_valid():
        try:
            services.principle_assess(
                membership=membership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Självskattningen är sparad."))
            return redirect("programmes:pilot_page", slug=programme.slug, pilot_slug=pilot_slug)
    return _render(request, programme, membership, assessment_form=form, status=400)
