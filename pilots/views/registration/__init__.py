"""The guided registration of a pilot: a new draft, then one page per step, each saving a draft.

Every step parses its form, calls one service and re-renders with the service's errors on the
form. The step list shows which steps are complete (pilots.completeness) and the review step
links every missing item to the step that puts it right. The steps live in `steps` and
`indicators`; what they share in `common`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.forms import add_service_errors
from partners.models import Organisation
from pilots import rules, services
from pilots.completeness import MISSING_ITEM_STEPS, missing_items
from pilots.forms import PilotStartForm

from .common import STEP_NAMES, STEPS, editable_pilot
from .indicators import step_indicators
from .steps import (
    step_basics,
    step_geography,
    step_partners,
    step_plan,
    step_review,
    step_visibility,
)

__all__ = ["STEPS", "STEP_HANDLERS", "STEP_NAMES", "pilot_create", "pilot_register"]


def _organisations_for(user):
    """Organisations the user may register a pilot for (approved ones only)."""
    return (
        Organisation.objects.approved().filter(rules.pilot_creatable_for_q(user)).order_by("name")
    )


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


@login_required
def pilot_register(request, slug, step=None):
    pilot = editable_pilot(request, slug)
    if step is None:
        missing = missing_items(pilot)
        first = next((MISSING_ITEM_STEPS[key] for key in missing), "granska")
        return redirect("pilots:pilot_register_step", slug=pilot.slug, step=first)
    if step not in STEP_HANDLERS:
        raise Http404
    return STEP_HANDLERS[step](request, pilot, step)


STEP_HANDLERS = {
    "grunder": step_basics,
    "geografi": step_geography,
    "partner": step_partners,
    "utvardering": step_plan,
    "indikatorer": step_indicators,
    "synlighet": step_visibility,
    "granska": step_review,
}
