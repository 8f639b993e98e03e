"""Reads for editorial pages."""

from django.db.models import Count, Q

from partners.models import Kommun, Organisation


def home_key_figures() -> dict[str, int]:
    """The partnership in numbers: approved partners and the kommuner they are in (two queries)."""
    partners = Organisation.objects.approved().aggregate(
        partners=Count("pk"),
        kommuner_partners=Count("pk", filter=Q(kind="kommun")),
        regioner_partners=Count("pk", filter=Q(kind="region")),
    )
    kommuner = (
        Kommun.objects.filter(organisations__status=Organisation.Status.APPROVED).distinct().count()
    )
    return {**partners, "kommuner_with_partners": kommuner}
