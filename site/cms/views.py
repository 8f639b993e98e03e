"""Portal views of the CMS: parse input, check permission, call one selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms import services
from cms.forms import ContributionForm, SubscriptionForm
from cms.models import GoalContribution, NationalGoalPage, UpdateSubscription
from cms.selectors import pilots_user_can_contribute
from core.forms import add_service_errors
from pilots.rules import can_edit_pilot


@login_required
@require_http_methods(["GET", "POST"])
def goal_contribute(request, goal_id: int):
    """/mal/<id>/bidra/: a pilot team says its pilot serves this goal, or withdraws it."""
    goal = get_object_or_404(NationalGoalPage.objects.live().public(), pk=goal_id)
    pilots = pilots_user_can_contribute(user=request.user, goal=goal)
    own = [
        c
        for c in GoalContribution.objects.filter(goal=goal).select_related(
            "pilot__lead_organisation"
        )
        if can_edit_pilot(request.user, c.pilot)
    ]
    if not pilots and not own:
        raise PermissionDenied
    form = ContributionForm(request.POST or None, pilots=pilots)
    if request.method == "POST" and "remove" in request.POST:
        # Only the user's own contributions may be withdrawn; anything else (a word, another
        # team's id) is bad input, answered with a message, never a 500 or a foreign removal.
        contribution = next((c for c in own if str(c.pk) == request.POST["remove"].strip()), None)
        if contribution is None:
            return HttpResponseBadRequest(
                _("Bidraget finns inte, eller så får du inte ta bort det. Ladda om sidan.")
            )
        services.contribution_remove(contribution=contribution, actor=request.user)
        messages.success(request, _("Piloten bidrar inte längre till målet."))
        return redirect("cms:goal_contribute", goal_id=goal.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_add(
                goal=goal,
                pilot=form.cleaned_data["pilot"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Piloten visas nu på målets sida."))
            return redirect(goal.get_url(request))
    return render(request, "cms/goal_contribute.html", {"goal": goal, "form": form, "own": own})


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Anyone may ask for updates by e-mail; the address is confirmed through a link."""
    initial = {"email": request.user.email} if request.user.is_authenticated else None
    form = SubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.subscription_request(email=form.cleaned_data["email"], user=request.user)
        return render(request, "cms/subscription_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "cms/subscribe.html", {"form": form})


@require_http_methods(["GET", "POST"])
def subscription_confirm(request, token: str):
    """GET shows a button (link scanners must not confirm); POST confirms."""
    subscription = UpdateSubscription.objects.filter(token=token).first()
    if request.method == "POST" and subscription is not None:
        try:
            services.subscription_confirm(token=token)
        except ValidationError:
            subscription = None
        else:
            return render(request, "cms/subscription_done.html", {"confirmed": True})
    return render(
        request,
        "cms/subscription_confirm.html",
        {"subscription": subscription, "action": "confirm"},
        status=200 if subscription else 404,
    )


@require_http_methods(["GET", "POST"])
def subscription_cancel(request, token: str):
    """The unsubscribe link in every e-mail. GET asks, POST deletes the address."""
    subscription = UpdateSubscription.objects.filter(token=token).first()
    if request.method == "POST":
        services.subscription_cancel(token=token)
        return render(request, "cms/subscription_done.html", {"confirmed": False})
    return render(
        request,
        "cms/subscription_confirm.html",
        {"subscription": subscription, "action": "cancel"},
        status=200 if subscription else 404,
    )
