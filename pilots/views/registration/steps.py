"""The guided registration of a pilot: a new draft, then one page per step, each saving a draft.

Every step parses its form, calls one service and re-renders with the service's errors on the
form. The step list shows which steps are complete (pilots.completeness) and the review step
links every missing item to the step that puts it right.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.forms import add_service_errors
from partners.models import Kommun, Organisation, Region
from partners.rules import is_coordinator
from pilots import rules, services
from pilots.completeness import MISSING_ITEM_STEPS, missing_items
from pilots.forms import (
    BasicsForm,
    CustomIndicatorForm,
    EvaluationPlanForm,
    GeographyForm,
    LibraryIndicatorForm,
    PartnersForm,
    PilotIndicatorForm,
    PilotStartForm,
    VersionForm,
    VisibilityForm,
)
from pilots.models import EvaluationPlan, Indicator, Pilot, PilotIndicator, PilotStatus
from pilots.services.pilots import BASICS_FIELDS

STEPS = [
    ("grunder", gettext_lazy("Grunduppgifter")),
    ("geografi", gettext_lazy("Geografi")),
    ("partner", gettext_lazy("Partner")),
    ("utvardering", gettext_lazy("Utvärderingsplan")),
    ("indikatorer", gettext_lazy("Indikatorer")),
    ("synlighet", gettext_lazy("Synlighet")),
    ("granska", gettext_lazy("Granska och publicera")),
]
STEP_NAMES = [name for name, _label in STEPS]
LIBRARY_PAGE_SIZE = 20


def _organisations_for(user):
    """Organisations the user may register a pilot for (approved ones only)."""
    approved = Organisation.objects.approved().order_by("name")
    if is_coordinator(user):
        return approved
    return approved.filter(memberships__user=user, memberships__role__in=rules.EDIT_ROLES)


@login_required
def pilot_create(request):
    organisations = _organisations_for(request.user)
    if not organisations.exists():
        raise PermissionDenied
    form = PilotStartForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            pilot = services.pilot_create_draft(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            form.add_error(
                "lead_organisation", _("Du kan inte registrera piloter för den organisationen.")
            )
        else:
            messages.success(request, _("Utkastet är sparat. Fyll i stegen i den ordning du vill."))
            return redirect("pilots:pilot_register_step", slug=pilot.slug, step="grunder")
    return render(request, "pilots/registration/start.html", {"form": form})


def _editable_pilot(request, slug) -> Pilot:
    pilot = get_object_or_404(Pilot.objects.select_related("lead_organisation"), slug=slug)
    if not rules.can_edit_pilot(request.user, pilot):
        if not rules.can_view_pilot(request.user, pilot):
            raise Http404
        raise PermissionDenied
    return pilot


@login_required
def pilot_register(request, slug, step=None):
    pilot = _editable_pilot(request, slug)
    if step is None:
        missing = missing_items(pilot)
        first = next((MISSING_ITEM_STEPS[key] for key in missing), "granska")
        return redirect("pilots:pilot_register_step", slug=pilot.slug, step=first)
    if step not in STEP_HANDLERS:
        raise Http404
    return STEP_HANDLERS[step](request, pilot, step)


def _render(request, pilot, step, context):
    missing = missing_items(pilot)
    incomplete = {MISSING_ITEM_STEPS[key] for key in missing}
    steps = [
        {
            "name": name,
            "label": label,
            "url": reverse("pilots:pilot_register_step", kwargs={"slug": pilot.slug, "step": name}),
            "current": name == step,
            "complete": (not pilot.is_draft) if name == "granska" else name not in incomplete,
        }
        for name, label in STEPS
    ]
    missing_links = [
        (
            reverse(
                "pilots:pilot_register_step",
                kwargs={"slug": pilot.slug, "step": MISSING_ITEM_STEPS[key]},
            ),
            msg,
        )
        for key, msgs in missing.items()
        for msg in msgs
    ]
    index = STEP_NAMES.index(step)
    return render(
        request,
        f"pilots/registration/{step}.html",
        {
            "pilot": pilot,
            "steps": steps,
            "step": steps[index],
            "step_number": index + 1,
            "step_count": len(STEPS),
            "missing": missing,
            "missing_links": missing_links,
            **context,
        },
    )


def _saved(request, pilot, step):
    """After a successful save: the next step on "Spara och fortsätt", else stay."""
    if request.POST.get("go") == "next" and step != STEP_NAMES[-1]:
        step = STEP_NAMES[STEP_NAMES.index(step) + 1]
        messages.success(request, _("Sparat."))
    else:
        messages.success(
            request, _("Utkastet är sparat.") if pilot.is_draft else _("Ändringarna är sparade.")
        )
    return redirect("pilots:pilot_register_step", slug=pilot.slug, step=step)


def _save(request, form, pilot, step, call):
    """Run `call` (a service) for a valid form; service errors end up on the form."""
    try:
        pilot = call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    return _saved(request, pilot, step)


def step_basics(request, pilot, step):
    initial = {name: getattr(pilot, name) for name in BASICS_FIELDS} | {"version": pilot.version}
    form = BasicsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        response = _save(
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
    return _render(request, pilot, step, {"form": form})


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
        response = _save(
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
    return _render(
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
        response = _save(
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
    return _render(request, pilot, step, {"form": form})


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

        response = _save(request, form, pilot, step, call)
        if response:
            return response
    return _render(request, pilot, step, {"form": form, "periods": pilot.periods.order_by("start")})


def _links(pilot):
    return list(
        PilotIndicator.objects.filter(pilot=pilot)
        .select_related("indicator")
        .prefetch_related("targets")
    )


def step_indicators(request, pilot, step):
    links = _links(pilot)
    followed = {link.indicator_id for link in links}
    library = Indicator.objects.library().exclude(pk__in=followed)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        library = library.filter(Q(name__icontains=query) | Q(definition__icontains=query))
    action = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if request.method == "POST" else None
    add_form = LibraryIndicatorForm(
        data if action == "add_library" else None,
        queryset=library,
        initial={"version": pilot.version},
    )
    custom_form = CustomIndicatorForm(
        data if action == "add_custom" else None,
        prefix="custom",
        initial={"version": pilot.version},
    )
    target = request.POST.get("pi") if action in ("update", "remove") else None
    link_forms = [
        PilotIndicatorForm(
            data if str(link.pk) == target and action == "update" else None,
            link=link,
            initial={"version": pilot.version},
        )
        for link in links
    ]
    if action == "add_library" and add_form.is_valid():
        response = _save(
            request,
            add_form,
            pilot,
            step,
            lambda: (
                services.pilot_indicator_add(
                    pilot=pilot,
                    actor=request.user,
                    indicator=add_form.cleaned_data["indicator"],
                    expected_version=add_form.cleaned_data["version"],
                ).pilot
            ),
        )
        if response:
            return response
    elif action == "add_custom" and custom_form.is_valid():
        fields = dict(custom_form.cleaned_data)
        version = fields.pop("version")
        response = _save(
            request,
            custom_form,
            pilot,
            step,
            lambda: (
                services.pilot_indicator_add(
                    pilot=pilot,
                    actor=request.user,
                    custom=fields,
                    expected_version=version,
                ).pilot
            ),
        )
        if response:
            return response
    elif action in ("update", "remove"):
        form = next((f for f in link_forms if str(f.link.pk) == target), None)
        if form is None:
            messages.error(request, _("Indikatorn finns inte längre i piloten. Ladda om sidan."))
            return redirect("pilots:pilot_register_step", slug=pilot.slug, step=step)
        if action == "remove":
            return _remove_indicator(request, pilot, step, form)
        if form.is_valid():
            d = form.cleaned_data
            response = _save(
                request,
                form,
                pilot,
                step,
                lambda: (
                    services.pilot_indicator_update(
                        pilot_indicator=form.link,
                        actor=request.user,
                        baseline_value=d["baseline_value"],
                        baseline_date=d["baseline_date"],
                        baseline_note=d["baseline_note"],
                        targets=d["targets"],
                        expected_version=d["version"],
                    ).pilot
                ),
            )
            if response:
                return response
    elif action is not None:
        messages.error(request, _("Okänd åtgärd."))
    page = Paginator(library.order_by("name"), LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        pilot,
        step,
        {
            "link_forms": link_forms,
            "add_form": add_form,
            "custom_form": custom_form,
            "library_page": page,
            "query": query,
        },
    )


def _remove_indicator(request, pilot, step, form):
    version = VersionForm(request.POST, prefix=form.prefix)
    try:
        if not version.is_valid():
            raise ValidationError(_("Ladda om sidan och försök igen."))
        services.pilot_indicator_remove(
            pilot_indicator=form.link,
            actor=request.user,
            expected_version=version.cleaned_data["version"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("”%(name)s” är borttagen.") % {"name": form.link.indicator.name}
        )
    return redirect("pilots:pilot_register_step", slug=pilot.slug, step=step)


def step_visibility(request, pilot, step):
    form = VisibilityForm(
        request.POST or None, initial={"visibility": pilot.visibility, "version": pilot.version}
    )
    if request.method == "POST" and form.is_valid():
        response = _save(
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
    return _render(request, pilot, step, {"form": form})


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
    return _render(
        request,
        pilot,
        step,
        {
            "form": form,
            "plan": EvaluationPlan.objects.filter(pilot=pilot).first(),
            "partners": pilot.partners.select_related("organisation"),
            "kommuner": pilot.kommuner.order_by("name"),
            "regioner": pilot.regioner.order_by("name"),
            "links": _links(pilot),
            "periods": pilot.periods.order_by("start"),
            "is_published": pilot.status != PilotStatus.DRAFT,
        },
    )


STEP_HANDLERS = {
    "grunder": step_basics,
    "geografi": step_geography,
    "partner": step_partners,
    "utvardering": step_plan,
    "indikatorer": step_indicators,
    "synlighet": step_visibility,
    "granska": step_review,
}
