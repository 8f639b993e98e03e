"""The registration steps for a pilot's basics, geography, partners, evaluation plan,
visibility and the final review (the indicator step is in `indicators`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.forms import add_service_errors
from partners.models import Kommun, Organisation, Region
from pilots import services
from pilots.forms import (
    BasicsForm,
    EvaluationPlanForm,
    GeographyForm,
    PartnersForm,
    VersionForm,
    VisibilityForm,
)
from pilots.models import EvaluationPlan, Pilot, PilotStatus
from pilots.services.pilots import BASICS_FIELDS

from .common import render_step, save
from .indicators import indicator_links


def step_basics(request, pilot, step):
    initial = {name: getattr(pilot, name) for name in BASICS_FIELDS} | {"version": pilot.version}
    form = BasicsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        response = save(
            request,
            form,
            pilot,
            step,
            lambda: services.pilot_update(
                pilot=pilot, actor=request.user, expected_version=version, **data
            ),
        )
        if response:
            return response
    return render_step(request, pilot, step, {"form": form})


def step_geography(request, pilot, step):
    kommuner = list(Kommun.objects.select_related("region").order_by("region__lan_code", "name"))
    regioner = list(Region.objects.order_by("name"))
    form = GeographyForm(
        request.POST or None,
        kommuner=kommuner,
        regioner=regioner,
        initial={
            "version": pilot.version,
            "kommuner": [str(pk) for pk in pilot.kommuner.values_list("pk", flat=True)],
            "regioner": [str(pk) for pk in pilot.regioner.values_list("pk", flat=True)],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = save(
            request,
            form,
            pilot,
            step,
            lambda: services.pilot_update(
                pilot=pilot,
                actor=request.user,
                expected_version=data["version"],
                kommuner=data["kommuner"],
                regioner=data["regioner"],
            ),
        )
        if response:
            return response
    chosen = set(form["kommuner"].value() or [])
    groups, by_region = [], {}
    for kommun in kommuner:
        if kommun.region_id not in by_region:
            by_region[kommun.region_id] = {"region": kommun.region, "kommuner": [], "chosen": 0}
            groups.append(by_region[kommun.region_id])
        is_chosen = str(kommun.pk) in chosen
        by_region[kommun.region_id]["kommuner"].append((kommun, is_chosen))
        by_region[kommun.region_id]["chosen"] += is_chosen
    chosen_regioner = set(form["regioner"].value() or [])
    return render_step(
        request,
        pilot,
        step,
        {
            "form": form,
            "kommun_groups": groups,
            "chosen_count": len(chosen),
            "regioner": [(r, str(r.pk) in chosen_regioner) for r in regioner],
        },
    )


def step_partners(request, pilot, step):
    current = [
        (p.organisation, p.role)
        for p in pilot.partners.select_related("organisation").exclude(
            organisation=pilot.lead_organisation
        )
    ]
    organisations = list(
        Organisation.objects.approved().exclude(pk=pilot.lead_organisation_id).order_by("name")
    )
    form = PartnersForm(
        request.POST or None,
        organisations=organisations,
        current=current,
        initial={"version": pilot.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = save(
            request,
            form,
            pilot,
            step,
            lambda: services.pilot_set_partners(
                pilot=pilot,
                actor=request.user,
                partners=data["partners"],
                expected_version=data["version"],
            ),
        )
        if response:
            return response
    return render_step(request, pilot, step, {"form": form})


def step_plan(request, pilot, step):
    plan = EvaluationPlan.objects.filter(pilot=pilot).first() or EvaluationPlan(pilot=pilot)
    fields = ["theory_of_change", "design", "design_notes", "cadence", "due_days"]
    initial = {name: getattr(plan, name) for name in fields} | {"version": pilot.version}
    form = EvaluationPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")

        def call():
            services.evaluation_plan_update(
                pilot=pilot, actor=request.user, expected_version=version, **data
            )
            return Pilot.objects.get(pk=pilot.pk)

        response = save(request, form, pilot, step, call)
        if response:
            return response
    return render_step(
        request, pilot, step, {"form": form, "periods": pilot.periods.order_by("start")}
    )


def step_visibility(request, pilot, step):
    form = VisibilityForm(
        request.POST or None, initial={"visibility": pilot.visibility, "version": pilot.version}
    )
    if request.method == "POST" and form.is_valid():
        response = save(
            request,
            form,
            pilot,
            step,
            lambda: services.pilot_update(
                pilot=pilot,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                visibility=form.cleaned_data["visibility"],
            ),
        )
        if response:
            return response
    return render_step(request, pilot, step, {"form": form})


def step_review(request, pilot, step):
    form = VersionForm(request.POST or None, initial={"version": pilot.version})
    if request.method == "POST" and form.is_valid():
        try:
            pilot = services.pilot_publish(
                pilot=pilot, actor=request.user, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form.add_error(
                    None, _("Piloten kan inte publiceras ännu. Komplettera det som saknas nedan.")
                )
            else:
                add_service_errors(form, exc)
        else:
            messages.success(request, _("Piloten är publicerad."))
            return redirect(pilot.get_absolute_url())
    return render_step(
        request,
        pilot,
        step,
        {
            "form": form,
            "plan": EvaluationPlan.objects.filter(pilot=pilot).first(),
            "partners": pilot.partners.select_related("organisation"),
            "kommuner": pilot.kommuner.order_by("name"),
            "regioner": pilot.regioner.order_by("name"),
            "links": indicator_links(pilot),
            "periods": pilot.periods.order_by("start"),
            "is_published": pilot.status != PilotStatus.DRAFT,
        },
    )
