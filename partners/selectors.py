"""Reads for partners' pages and API, with visibility and preloading in one place."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from partners.models import AuditEvent, Invitation, Kommun, Membership, Organisation, Region
from partners.rules import can_view_organisation


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
