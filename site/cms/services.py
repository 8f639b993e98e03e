"""State changes of the coordinator's CMS: goal contributions and update subscriptions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import GoalContribution, NationalGoalPage, UpdateSubscription
from cms.tasks import send_subscription_confirmation as send_subscription_confirmation_task
from cms.tasks import send_update_to_subscribers as send_update_to_subscribers_task
from outbox import enqueue
from partners.audit import audit_record
from pilots.models import Pilot
from pilots.rules import can_edit_pilot


@transaction.atomic
def contribution_add(
    *, goal: NationalGoalPage, pilot: Pilot, actor, note: str = ""
) -> GoalContribution:
    """Record that the pilot serves the goal. Pilot editors and the coordinator only.
    Raises PermissionDenied, or ValidationError when the pilot already contributes."""
    if not can_edit_pilot(actor, pilot):
        raise PermissionDenied
    if not goal.live:
        raise ValidationError(_("Målet är inte publicerat."))
    try:
        with transaction.atomic():
            contribution = GoalContribution.objects.create(
                goal=goal, pilot=pilot, note=note.strip(), added_by=actor
            )
    except IntegrityError as exc:
        raise ValidationError(_("Piloten bidrar redan till det här målet.")) from exc
    audit_record(
        actor=actor,
        action="goal_contribution.added",
        obj=pilot,
        organisation=pilot.lead_organisation,
        message=goal.title,
    )
    return contribution


@transaction.atomic
def contribution_remove(*, contribution: GoalContribution, actor) -> None:
    """Withdraw a pilot from a goal. Pilot editors and the coordinator only."""
    pilot = contribution.pilot
    if not can_edit_pilot(actor, pilot):
        raise PermissionDenied
    title = contribution.goal.title
    contribution.delete()
    audit_record(
        actor=actor,
        action="goal_contribution.removed",
        obj=pilot,
        organisation=pilot.lead_organisation,
        message=title,
    )


@transaction.atomic
def subscription_request(*, email: str, user=None) -> UpdateSubscription:
    """Start a subscription (double opt-in): e-mail a confirmation link. Asking again for an
    unconfirmed address sends a new link; a confirmed address is left as it is (and nobody
    learns from the answer whether it was subscribed)."""
    email = email.strip().lower()
    subscription = UpdateSubscription.objects.select_for_update().filter(email=email).first()
    if subscription is not None and subscription.is_confirmed:
        return subscription
    if subscription is None:
        subscription = UpdateSubscription.objects.create(
            email=email, user=user if user is not None and user.is_authenticated else None
        )
    else:
        subscription.token = UpdateSubscription._meta.get_field("token").get_default()
        subscription.save(update_fields=["token"])
    enqueue(send_subscription_confirmation_task, subscription.pk, subscription.token)
    return subscription


@transaction.atomic
def subscription_confirm(*, token: str) -> UpdateSubscription:
    """Confirm the subscription the link belongs to (idempotent). Raises ValidationError."""
    subscription = UpdateSubscription.objects.select_for_update().filter(token=token).first()
    if subscription is None:
        raise ValidationError(_("Länken gäller inte längre. Anmäl dig igen."))
    if not subscription.is_confirmed:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def subscription_cancel(*, token: str) -> bool:
    """Unsubscribe: delete the address (no list of former subscribers is kept). True if found."""
    deleted, _counts = UpdateSubscription.objects.filter(token=token).delete()
    return bool(deleted)


def update_published(*, page) -> None:
    """Queue the e-mail of a newly published update to the subscribers, after commit."""
    enqueue(send_update_to_subscribers_task, page.pk)


@transaction.atomic
def abandoned_draft_set_aside(*, parent, slug: str, actor):
    """Free `slug` under `parent` for a new page when it is held by the actor's own abandoned
    draft: a page the actor created and never published (Wagtail's autosave creates the page
    as soon as one types into a new page, and it stays if the editor is left). The draft keeps
    its content under the slug "<slug>-utkast-<id>"; nothing is deleted. Others' drafts are left
    alone (the admin then says the slug is in use). Returns the page set aside, or None.
    """
    from wagtail.models import Page

    if not slug or actor is None or not actor.is_authenticated:
        return None
    draft = (
        parent.get_children()
        .filter(slug=slug, live=False, first_published_at__isnull=True, owner=actor)
        .select_for_update()
        .first()
    )
    if draft is None:
        return None
    draft = draft.specific
    new_slug = f"{slug}-utkast-{draft.pk}"[: Page._meta.get_field("slug").max_length]
    draft.slug = new_slug
    draft.set_url_path(parent)
    draft.save(update_fields=["slug", "url_path"], clean=False)
    revision = draft.latest_revision
    if revision is not None and isinstance(revision.content, dict):
        revision.content["slug"] = new_slug
        revision.save(update_fields=["content"])
    audit_record(
        actor=actor,
        action="cms.page_draft_set_aside",
        obj=draft,
        changes={"slug": [slug, new_slug]},
        message=_("Ett övergivet utkast flyttades undan så att sluggen kan användas."),
    )
    return draft
