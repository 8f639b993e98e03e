"""What the IATI export may publish, read in a fixed number of queries.

IATI files are open publication, so whoever asks, an export holds only what anyone may see:
published pilots with public visibility, their plan (indicators, baselines, targets) and the
values of **approved** reports. Private and partnership pilots, drafts and unapproved values never
appear, not even for the pilot's own people or the coordinator.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404

from partners.models import Kommun, Organisation
from pilots.models import (
    IndicatorTarget,
    IndicatorValue,
    Pilot,
    PilotIndicator,
    PilotPartner,
    ReportingPeriod,
    ReportStatus,
)
from programmes import selectors as programme_selectors
from programmes.models import MembershipStatus, Programme, ProgrammePilot


@dataclass
class Activity:
    """One public pilot with everything its IATI activity shows."""

    pilot: Pilot
    # (pilot indicator id, period id) → approved values of that period, every kön and age band
    values: dict[tuple[int, int], list[IndicatorValue]] = field(default_factory=dict)
    # organisations funding the pilot through a public programme that accepted it
    funders: list[Organisation] = field(default_factory=list)


def _public_pilots() -> QuerySet[Pilot]:
    return (
        Pilot.objects.public()
        .select_related("lead_organisation", "evaluation_plan")
        .annotate(
            last_approved_at=Max(
                "reports__decided_at", filter=Q(reports__status=ReportStatus.APPROVED)
            )
        )
        .prefetch_related(
            Prefetch("kommuner", queryset=Kommun.objects.order_by("code")),
            "regioner",
            Prefetch(
                "partners",
                queryset=PilotPartner.objects.select_related("organisation").order_by(
                    "role", "organisation__name", "pk"
                ),
            ),
            Prefetch(
                "indicators",
                queryset=PilotIndicator.objects.select_related("indicator")
                .prefetch_related(
                    Prefetch("targets", queryset=IndicatorTarget.objects.order_by("target_date"))
                )
                .order_by("order", "pk"),
            ),
            Prefetch("periods", queryset=ReportingPeriod.objects.order_by("start")),
        )
        .order_by("pk")
    )


def _activities(pilots: QuerySet[Pilot]) -> list[Activity]:
    """The pilots with their approved values and public funders: three more queries in all."""
    pilots = list(pilots)
    activities = {pilot.pk: Activity(pilot=pilot) for pilot in pilots}
    if not activities:
        return []
    values = IndicatorValue.objects.filter(
        report__pilot__in=activities.keys(), report__status=ReportStatus.APPROVED
    ).order_by("gender", "age_band", "pk")
    for value in values.select_related("report"):
        activity = activities[value.report.pilot_id]
        key = (value.pilot_indicator_id, value.report.period_id)
        activity.values.setdefault(key, []).append(value)
    funding = (
        ProgrammePilot.objects.filter(
            pilot__in=activities.keys(),
            status=MembershipStatus.ACCEPTED,
            programme__in=Programme.objects.public().values("pk"),
        )
        .select_related("programme__owner")
        .order_by("programme__owner__name", "pk")
    )
    seen = defaultdict(set)
    for link in funding:
        owner = link.programme.owner
        if owner.pk not in seen[link.pilot_id]:
            seen[link.pilot_id].add(owner.pk)
            activities[link.pilot_id].funders.append(owner)
    return list(activities.values())


def pilot_activities(*, slug: str) -> list[Activity]:
    """One public pilot as an activity; 404 when it is missing or not public."""
    activities = _activities(_public_pilots().filter(slug=slug))
    if not activities:
        raise Http404
    return activities


def organisation_activities(*, slug: str, user) -> tuple[Organisation, list[Activity]]:
    """The public pilots an organisation leads (it reports them); 404 when the organisation is
    missing or not visible to the user. The list may be empty."""
    organisation = Organisation.objects.visible_to(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation, _activities(_public_pilots().filter(lead_organisation=organisation))


def programme_activities(*, slug: str, user) -> tuple[Programme, list[Activity]]:
    """The public pilots a programme has accepted; 404 when the programme is missing or not
    visible to the user (programmes.selectors.programme_detail). The list may be empty."""
    programme = programme_selectors.programme_detail(slug=slug, user=user)
    accepted = ProgrammePilot.objects.filter(
        programme=programme, status=MembershipStatus.ACCEPTED
    ).values("pilot_id")
    return programme, _activities(_public_pilots().filter(pk__in=accepted))
