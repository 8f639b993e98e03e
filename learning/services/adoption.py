"""Practices, lineage and "adopt this pilot".

Practice rule: a practice is named after the root (origin) of a lineage. The coordinator may
create one for any public pilot; otherwise the first adoption of a pilot whose lineage has no
practice yet creates it, named after the origin. Adapting an adapted pilot extends the same tree.
"""

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import locking
from learning import lineage, rules
from learning.models import Practice
from learning.tasks import notify_adoption as notify_adoption_task
from outbox import enqueue
from partners.audit import audit_record
from pilots.models import IndicatorTarget, Pilot, PilotIndicator
from pilots.services import (
    evaluation_plan_update,
    pilot_create_draft,
    pilot_indicator_add,
    pilot_update,
)
from pilots.services.indicators import CUSTOM_FIELDS
from pilots.services.pilots import bump_version

COPIED_FIELDS = ["summary", "health_area", "life_stage", "arena"]


def _place_names(organisation) -> list[str]:
    """Names a title may use for the organisation's place: "Skellefteå kommun", "Skellefteå",
    "Region Västerbotten", "Västerbotten", "Västerbottens län"."""
    names = [organisation.name]
    kommun = getattr(organisation, "kommun", None)
    region = getattr(organisation, "region", None) or (kommun.region if kommun else None)
    if kommun is not None:
        names.append(kommun.name)
    if region is not None:
        names += [region.name, region.name.removeprefix("Region ").strip(), region.lan_name]
    return [n for n in names if n]


def adapted_title(*, source: Pilot, organisation) -> str:
    """The source's title with the origin's place names replaced by the adopter's (or left out
    when the adopter has no place), so the new draft does not carry the origin kommun's name."""
    origin = set(_place_names(source.lead_organisation))
    origin.update(k.name for k in source.kommuner.all())
    origin.update(r.name for r in source.regioner.all())
    own = _place_names(organisation)
    place = own[1].removeprefix("Region ") if len(own) > 1 else ""  # kommun, else region
    title = source.title
    for name in sorted(origin - set(own), key=len, reverse=True):
        pattern = rf"(\s+(i|för|in)\s+|\s*[–-]\s*)?\b{re.escape(name)}\b"
        if place:
            title = re.sub(rf"\b{re.escape(name)}\b", place, title)
        else:
            title = re.sub(pattern, "", title)
    title = re.sub(r"\s{2,}", " ", title).strip(" –-,")
    return title or source.title


def _shifted(day: dt.date, delta: dt.timedelta) -> dt.date:
    """A date moved by `delta`; the last day of a month stays the last day of its month."""
    moved = day + delta
    if (day + dt.timedelta(days=1)).day == 1:
        moved = (moved.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(1)
    return moved


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "praktik"
    slug, n = base, 2
    while Practice.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def practice_of(pilot: Pilot) -> Practice | None:
    """The practice the pilot belongs to: the one whose original is the pilot or its nearest
    ancestor. Two queries."""
    chain = lineage.ancestors(pilot.pk)
    found = {p.original_pilot_id: p for p in Practice.objects.filter(original_pilot__in=chain)}
    return next((found[pk] for pk in chain if pk in found), None)


@transaction.atomic
def practice_create(
    *, actor, original_pilot: Pilot, title: str = "", summary: str = ""
) -> Practice:
    """Create a practice around a public pilot and everything adapted from it. Coordinator only.

    Raises PermissionDenied, or ValidationError when the pilot is not public or already is the
    original of a practice.
    """
    if not rules.can_nominate(actor):
        raise PermissionDenied
    return _practice_create(
        actor=actor, original_pilot=original_pilot, title=title, summary=summary
    )


def _practice_create(*, actor, original_pilot, title="", summary="") -> Practice:
    if not rules.is_adoptable(original_pilot):
        raise ValidationError(
            {"original_pilot": _("Bara öppna, publicerade piloter kan bli praktiker.")}
        )
    if Practice.objects.filter(original_pilot=original_pilot).exists():
        raise ValidationError({"original_pilot": _("Piloten är redan ursprung för en praktik.")})
    title = (title or original_pilot.title).strip()[:200]
    practice = Practice(
        title=title,
        slug=_unique_slug(title),
        summary=(summary or original_pilot.summary).strip(),
        original_pilot=original_pilot,
        created_by=actor,
    )
    practice.full_clean()
    practice.save()
    audit_record(
        actor=actor,
        action="practice.created",
        obj=practice,
        organisation=original_pilot.lead_organisation,
        changes={"original_pilot": [None, original_pilot.slug]},
    )
    return practice


def practice_for_pilot_or_create(*, pilot: Pilot, actor) -> Practice | None:
    """The pilot's practice; if its lineage has none and its origin is public, a new one named
    after the origin (the first-adoption rule)."""
    practice = practice_of(pilot)
    if practice is not None:
        return practice
    origin = Pilot.objects.get(pk=lineage.ancestors(pilot.pk)[-1])
    if not rules.is_adoptable(origin):
        return None
    return _practice_create(actor=actor, original_pilot=origin)


@transaction.atomic
def lineage_set_parent(*, pilot: Pilot, parent: Pilot | None, actor) -> Pilot:
    """Record that `pilot` was adapted from `parent` (or from nothing).

    Raises PermissionDenied unless the actor may edit the pilot and see the parent, and
    ValidationError when the link would form a cycle (the parent is the pilot or adapted from it).
    """
    from pilots.rules import can_edit_pilot, can_view_pilot

    if not can_edit_pilot(actor, pilot) or (
        parent is not None and not can_view_pilot(actor, parent)
    ):
        raise PermissionDenied
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if parent is not None and pilot.pk in lineage.ancestors(parent.pk):
        message = _("En pilot kan inte bygga på sig själv eller på en pilot som bygger på den.")
        raise ValidationError({"adapted_from": ValidationError(message, code="cycle")})
    old = pilot.adapted_from.slug if pilot.adapted_from_id else None
    if pilot.adapted_from_id == (parent.pk if parent else None):
        return pilot
    pilot.adapted_from = parent
    bump_version(pilot, "adapted_from")
    audit_record(
        actor=actor,
        action="pilot.adapted_from_changed",
        obj=pilot,
        organisation=pilot.lead_organisation,
        changes={"adapted_from": [old, parent.slug if parent else None]},
    )
    return pilot


def _copy_indicators(*, source: Pilot, pilot: Pilot, actor, shift: dt.timedelta | None) -> None:
    links = (
        PilotIndicator.objects.filter(pilot=source)
        .select_related("indicator")
        .prefetch_related("targets")
        .order_by("order", "pk")
    )
    for link in links:
        indicator = link.indicator
        if indicator.in_library:
            new = pilot_indicator_add(pilot=pilot, actor=actor, indicator=indicator)
        else:
            custom = {name: getattr(indicator, name) for name in CUSTOM_FIELDS}
            new = pilot_indicator_add(pilot=pilot, actor=actor, custom=custom)
        # Baselines stay blank: they belong to the new place. Targets move with the start date;
        # without a start date they would point at the origin's calendar, so they are left out.
        if shift is None:
            continue
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(
                pilot_indicator=new, target_date=_shifted(t.target_date, shift), value=t.value
            )
            for t in link.targets.all()
        )


@transaction.atomic
def pilot_adopt(
    *,
    source: Pilot,
    actor,
    organisation,
    expected_source_version: int | None = None,
    start_date: dt.date | None = None,
) -> Pilot:
    """Start a new draft pilot for `organisation` from a public pilot, in one step.

    Copied: title (with the origin's place names replaced by the adopter's, see adapted_title),
    summary, health area, life stage, arena, the evaluation plan (theory of change, design,
    cadence, due days), indicators (library links kept; custom indicators copied as the new
    pilot's own). With a `start_date` the pilot gets the source's length and the targets move by
    as much as the start date moved; without one the targets are not copied (the caller prompts
    for them). Not copied: budget, baselines, periods' reports, values, lessons, partners.
    The new pilot is `adapted_from` the source; the source's team is notified after commit; the
    practice is created on first adoption (see the module docstring).

    Raises PermissionDenied (the actor may not start pilots for the organisation),
    Pilot.DoesNotExist (the source was deleted), ValidationError code "not_public" (a draft or
    non-public source) or code "stale" (the source changed since `expected_source_version`).
    """
    if not rules.can_adopt_for(actor, organisation):
        raise PermissionDenied
    # Lock the source row alone: PostgreSQL refuses FOR UPDATE across the plan's outer join.
    Pilot.objects.select_for_update().only("pk").get(pk=source.pk)
    source = (
        Pilot.objects.select_related(
            "evaluation_plan",
            "lead_organisation__kommun__region",
            "lead_organisation__region",
        )
        .prefetch_related("kommuner", "regioner")
        .get(pk=source.pk)
    )
    if not rules.is_adoptable(source):
        raise ValidationError(
            _("Bara öppna, publicerade piloter kan adopteras."), code="not_public"
        )
    locking.refuse_if_stale(
        source.version,
        expected_source_version,
        _("Piloten har ändrats sedan du öppnade sidan. Läs den igen och adoptera sedan."),
    )
    dates, shift = {}, None
    if start_date is not None:
        dates["start_date"] = start_date
        if source.start_date:
            shift = start_date - source.start_date
            if source.end_date:
                dates["end_date"] = _shifted(source.end_date, shift)
    pilot = pilot_create_draft(
        actor=actor,
        lead_organisation=organisation,
        title=adapted_title(source=source, organisation=organisation),
        **{name: getattr(source, name) for name in COPIED_FIELDS},
        **dates,
    )
    if organisation.kommun_id or organisation.region_id:
        pilot = pilot_update(
            pilot=pilot,
            actor=actor,
            expected_version=pilot.version,
            kommuner=[organisation.kommun] if organisation.kommun_id else [],
            regioner=[organisation.region] if organisation.region_id else [],
        )
    plan = getattr(source, "evaluation_plan", None)
    if plan is not None:
        evaluation_plan_update(
            pilot=pilot,
            actor=actor,
            theory_of_change=plan.theory_of_change,
            design=plan.design,
            design_notes=plan.design_notes,
            cadence=plan.cadence,
            due_days=plan.due_days,
        )
    _copy_indicators(source=source, pilot=pilot, actor=actor, shift=shift)
    pilot = Pilot.objects.get(pk=pilot.pk)
    pilot.adapted_from = source
    bump_version(pilot, "adapted_from")
    audit_record(
        actor=actor,
        action="pilot.adopted",
        obj=pilot,
        organisation=organisation,
        changes={"adapted_from": [None, source.slug]},
        message=_("Adopterad från %(title)s (%(org)s).")
        % {"title": source.title, "org": source.lead_organisation.name},
    )
    practice_for_pilot_or_create(pilot=source, actor=actor)
    enqueue(notify_adoption_task, pilot.pk)
    return pilot


def adoption_notices_send(*, pilot_id: int) -> int:
    """Tell the original pilot's team (reporters, approvers and admins: NOTICE_ROLES) that a
    pilot was adopted from it, once per person. Returns the number of e-mails sent (0 when the
    adopted pilot is gone or was not adopted)."""
    from partners.notifications import send_once
    from pilots.selectors.reports import NOTICE_ROLES, pilot_people

    pilot = (
        Pilot.objects.select_related("adapted_from", "lead_organisation")
        .filter(pk=pilot_id)
        .first()
    )
    if pilot is None or pilot.adapted_from is None:
        return 0
    source = pilot.adapted_from
    sent = 0
    for user in pilot_people(pilot=source, roles=NOTICE_ROLES):
        sent += send_once(
            f"adopted:{pilot.pk}:{user.pk}",
            template="learning/email/adopted",
            context={"pilot": pilot, "source": source, "user": user},
            recipients=[user.email],
        )
    return sent
