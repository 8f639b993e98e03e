"""The registration step for a pilot's indicators: follow library indicators, define custom
ones, set baselines and targets, remove."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from pilots import services
from pilots.forms import (
    CustomIndicatorForm,
    LibraryIndicatorForm,
    PilotIndicatorForm,
    VersionForm,
)
from pilots.models import Indicator, PilotIndicator

from .common import render_step, save, saved

LIBRARY_PAGE_SIZE = 20


def indicator_links(pilot):
    return list(
        PilotIndicator.objects.filter(pilot=pilot)
        .select_related("indicator")
        .prefetch_related("targets")
    )


def step_indicators(request, pilot, step):
    links = indicator_links(pilot)
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
    target = None
    if action and action.partition("-")[0] in ("update", "remove"):
        # "update-<id>" from the one form around every card; "update" + pi from older pages.
        action, _sep, target = action.partition("-")
        target = target or request.POST.get("pi")
    # A card is bound when it was part of the posted form, so what was typed into every card
    # survives saving one of them (cards left out of the post keep their stored values).
    link_forms = [
        PilotIndicatorForm(
            data
            if action == "update"
            and (str(link.pk) == target or f"pi{link.pk}-version" in request.POST)
            else None,
            link=link,
            initial={"version": pilot.version},
        )
        for link in links
    ]
    if action == "add_library" and add_form.is_valid():
        response = save(
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
        response = save(
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
        response = _update_indicators(request, pilot, step, form, link_forms)
        if response:
            return response
    elif action is not None:
        messages.error(request, _("Okänd åtgärd."))
    page = Paginator(library.order_by("name"), LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_step(
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


def _update_indicators(request, pilot, step, target_form, link_forms):
    """Save the pressed card and every other card whose values were changed, all or nothing."""
    forms = [target_form] + [
        f for f in link_forms if f is not target_form and f.is_bound and f.has_changed()
    ]
    if not all(f.is_valid() for f in forms):
        return None
    items = [
        {
            "pilot_indicator": f.link,
            "baseline_value": f.cleaned_data.get("baseline_value"),
            "baseline_date": f.cleaned_data["baseline_date"],
            "baseline_note": f.cleaned_data["baseline_note"],
            "targets": f.cleaned_data["targets"],
            "expected_min": f.cleaned_data.get("expected_min"),
            "expected_max": f.cleaned_data.get("expected_max"),
        }
        for f in forms
    ]
    try:
        pilot = services.pilot_indicators_update(
            pilot=pilot,
            actor=request.user,
            expected_version=target_form.cleaned_data["version"],
            items=items,
        )
    except ValidationError as exc:
        by_pk = {str(f.link.pk): f for f in forms}
        for key, errors in exc.message_dict.items():
            pk, _sep, field = key.partition(":")
            form = by_pk.get(pk) if field else None
            if form is None:
                form, field = target_form, None
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return None
    return saved(request, pilot, step)
