"""What every step of the pilot registration shares: the step list, rendering, saving."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import add_service_errors
from pilots import rules
from pilots.completeness import MISSING_ITEM_STEPS, missing_items
from pilots.models import Pilot

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


def editable_pilot(request, slug) -> Pilot:
    """The pilot the user may edit; 404 when they may not see it, 403 when only see it."""
    pilot = get_object_or_404(Pilot.objects.select_related("lead_organisation"), slug=slug)
    if not rules.can_edit_pilot(request.user, pilot):
        if not rules.can_view_pilot(request.user, pilot):
            raise Http404
        raise PermissionDenied
    return pilot


def render_step(request, pilot, step, context):
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


def saved(request, pilot, step):
    """After a successful save: the next step on "Spara och fortsätt", else stay."""
    if request.POST.get("go") == "next" and step != STEP_NAMES[-1]:
        step = STEP_NAMES[STEP_NAMES.index(step) + 1]
        messages.success(request, _("Sparat."))
    else:
        messages.success(
            request, _("Utkastet är sparat.") if pilot.is_draft else _("Ändringarna är sparade.")
        )
    return redirect("pilots:pilot_register_step", slug=pilot.slug, step=step)


def save(request, form, pilot, step, call):
    """Run `call` (a service) for a valid form; service errors end up on the form."""
    try:
        pilot = call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    return saved(request, pilot, step)
