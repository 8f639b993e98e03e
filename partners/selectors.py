"""Reads for partners' pages and API, with visibility and preloading in one place."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core.collation import swedish_key
from partners.models import AuditEvent, Invitation, Kommun, Membership, Organisation, Region
from partners.rules import (
    can_view_audit_log,
    can_view_organisation,
    organisation_audit_visible,
)


def organisation_list(
    *, user=None, kind: str = "", lan_code: str = "", q: str = ""
) -> QuerySet[Organisation]:
    """Organisations the user may see (approved ones for the public), filtered, with geography."""
    qs = Organisation.objects.visible_to(user).select_related("kommun", "region")
    if kind:
        qs = qs.filter(kind=kind)
    if lan_code:
        qs = qs.filter(Q(region__lan_code=lan_code) | Q(kommun__region__lan_code=lan_code))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(org_number__icontains=q))
    return qs.order_by("name", "pk")


def organisation_detail(*, slug: str, user=None) -> Organisation:
    """One organisation with its geography; 404 when it does not exist or is not visible."""
    organisation = (
        Organisation.objects.select_related("kommun__region", "region")
        .prefetch_related("member_kommuner")
        .filter(slug=slug)
        .first()
    )
    if organisation is None or not can_view_organisation(user, organisation):
        raise Http404
    return organisation


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by(
        "role", "user__last_name", "user__email"
    )


def organisation_open_invitations(*, organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.open().select_related("invited_by")


def memberships_of(*, user) -> QuerySet[Membership]:
    """The user's memberships with their organisations (for the dashboard and menus)."""
    return Membership.objects.for_user(user).select_related(
        "organisation__kommun", "organisation__region"
    )


def kommun_list(*, lan_code: str = "", skr_group: str = "", q: str = "") -> QuerySet[Kommun]:
    """All kommuner with their region and the number of approved partner organisations."""
    qs = Kommun.objects.select_related("region").annotate(
        partner_count=Count(
            "organisations",
            filter=Q(organisations__status=Organisation.Status.APPROVED),
            distinct=True,
        )
    )
    if lan_code:
        qs = qs.in_lan(lan_code)
    if skr_group:
        qs = qs.in_skr_group(skr_group)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=q))
    return qs.order_by("name")


def kommun_detail(*, code: str) -> Kommun:
    kommun = Kommun.objects.select_related("region").filter(code=code).first()
    if kommun is None:
        raise Http404
    return kommun


def organisations_in_kommun(*, kommun: Kommun) -> QuerySet[Organisation]:
    """Approved organisations based in the kommun, or federations it is a member of."""
    return (
        Organisation.objects.approved()
        .in_kommun(kommun)
        .select_related("kommun", "region")
        .order_by("name")
    )


def lan_filter_choices() -> list[Region]:
    """The regioner for a län filter, by the län name it shows in Swedish order (Å, Ä, Ö after
    Z): not by the region's own name, which put "Region Östergötland" under R and so before
    "Västra Götalands län"; nor by the database's collation, which differs between databases."""
    return sorted(Region.objects.all(), key=lambda r: swedish_key(r.lan_name or r.name))


def region_list() -> QuerySet[Region]:
    return Region.objects.annotate(
        kommun_count=Count("kommuner", distinct=True),
    ).order_by("lan_code")


def region_detail(*, lan_code: str) -> Region:
    region = (
        Region.objects.prefetch_related(
            Prefetch("kommuner", queryset=Kommun.objects.order_by("name"))
        )
        .filter(lan_code=lan_code)
        .first()
    )
    if region is None:
        raise Http404
    return region


def organisations_in_region(*, region: Region) -> QuerySet[Organisation]:
    return (
        Organisation.objects.approved()
        .in_region(region)
        .select_related("kommun", "region")
        .order_by("name")
    )


def audit_events_for(*, obj) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(obj).select_related("actor")


def audit_log(*, user, filters: dict) -> QuerySet[AuditEvent]:
    """The coordinator's audit log, newest first, filtered; nothing for anyone else.

    `filters` are the cleaned values of `partners.admin_audit.AuditFilterForm`: organisation,
    actor (name or e-mail, contains), action (a code, or "area:<a>,<b>" for whole areas),
    object type (a ContentType), date_from/date_to (local dates, inclusive), q (free text).
    """
    if not can_view_audit_log(user):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("actor", "organisation", "content_type")
    if filters.get("organisation"):
        events = events.filter(organisation=filters["organisation"])
    if actor := (filters.get("actor") or "").strip():
        events = events.filter(
            Q(actor__email__icontains=actor)
            | Q(actor__first_name__icontains=actor)
            | Q(actor__last_name__icontains=actor)
        )
    action = filters.get("action") or ""
    if action.startswith("area:"):
        areas = [a for a in action.removeprefix("area:").split(",") if a]
        by_area = Q(pk__in=[])
        for area in areas:
            by_area |= Q(action__startswith=f"{area}.")
        events = events.filter(by_area)
    elif action:
        events = events.filter(action=action)
    if filters.get("object_type"):
        events = events.filter(content_type=filters["object_type"])
    if filters.get("date_from"):
        events = events.filter(created_at__gte=_local_midnight(filters["date_from"]))
    if filters.get("date_to"):
        events = events.filter(
            created_at__lt=_local_midnight(filters["date_to"] + datetime.timedelta(days=1))
        )
    for word in (filters.get("q") or "").split():
        events = events.filter(
            Q(object_repr__icontains=word)
            | Q(message__icontains=word)
            | Q(action__icontains=word)
            | Q(object_id=word)
            | Q(actor__email__icontains=word)
            | Q(actor__first_name__icontains=word)
            | Q(actor__last_name__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return events.order_by("-created_at", "-id")


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def organisation_audit_log(*, user, organisation: Organisation) -> QuerySet[AuditEvent]:
    """One organisation's own trail (members, roles, pilots, reports), newest first, for its
    administrators and the coordinator; nothing for anyone else."""
    events = AuditEvent.objects.filter(organisation=organisation)
    return (
        organisation_audit_visible(user, events)
        .select_related("actor", "organisation", "content_type")
        .order_by("-created_at", "-id")
    )
