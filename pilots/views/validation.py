"""A pilot team's validation rules: the library rules that apply to the pilot and its own ones.

Each view parses input, checks the rule, calls one selector or service and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import add_service_errors
from pilots.forms.validation import ValidationRuleForm
from pilots.rules import can_edit_pilot, can_view_drafts
from pilots.selectors import reports as report_selectors
from pilots.selectors import validation as selectors
from pilots.services import validation as services
from pilots.validation.expressions import example_sides, rule_text

FIELDS = ("name", "message", "severity", "is_active", "left", "operator", "right")


def _pilot(request, slug):
    pilot = report_selectors.pilot_for_reports(slug=slug)
    if not can_view_drafts(request.user, pilot):
        raise PermissionDenied
    return pilot


@login_required
def validation_rules(request, slug):
    pilot = _pilot(request, slug)
    may_edit = can_edit_pilot(request.user, pilot)
    page = selectors.pilot_rules(pilot=pilot)
    form = ValidationRuleForm(request.POST or None, example=page["example"])
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.validation_rule_save(
                    actor=request.user,
                    pilot=pilot,
                    **{f: form.cleaned_data[f] for f in FIELDS},
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Valideringsregeln är sparad."))
                return redirect("pilots:validation_rules", slug=pilot.slug)
    return render(
        request,
        "pilots/reports/validation_rules.html",
        {
            "pilot": pilot,
            "form": form,
            "may_edit": may_edit,
            **page,
        },
        status=400 if form.errors else 200,
    )


@login_required
def validation_rule_edit(request, slug, rule_id):
    pilot = _pilot(request, slug)
    if not can_edit_pilot(request.user, pilot):
        raise PermissionDenied
    rule = selectors.rule_of_pilot(pilot=pilot, rule_id=rule_id)
    if request.method == "POST" and request.POST.get("action") == "delete":
        services.validation_rule_delete(actor=request.user, rule=rule)
        messages.success(request, _("Valideringsregeln är borttagen."))
        return redirect("pilots:validation_rules", slug=pilot.slug)
    usable = selectors.usable_indicators(pilot)
    names = {i.pk: i.name for i in usable}
    form = ValidationRuleForm(
        request.POST or None, initial=rule_text(rule, names), example=example_sides(usable)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.validation_rule_save(
                actor=request.user, rule=rule, **{f: form.cleaned_data[f] for f in FIELDS}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Valideringsregeln är sparad."))
            return redirect("pilots:validation_rules", slug=pilot.slug)
    return render(
        request,
        "pilots/reports/validation_rule_edit.html",
        {
            "pilot": pilot,
            "rule": rule,
            "form": form,
            "indicators": [i.name for i in usable if not i.is_qualitative],
        },
        status=400 if form.errors else 200,
    )
