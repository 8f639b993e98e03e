"""The facets search offers, their order, and how a stored value becomes a label."""

from django.utils.translation import gettext_lazy as _

from learning.models import EvidenceLevel, Recommendation
from partners.models import Kommun, Region
from partners.models.reference import SkrGroup
from pilots.models import Arena, HealthArea, LifeStage, PilotStatus, SystemDimension

from .models import DocType

FACETS = {
    "type": _("Typ"),
    "health_area": _("Hälsoområde"),
    "life_stage": _("Livsskede"),
    "arena": _("Arena"),
    "dimension": _("Systemdimension"),
    "region": _("Region"),
    "kommun": _("Kommun"),
    "skr_group": _("SKR-kommungrupp"),
    "status": _("Status"),
    "evidence_level": _("Evidensnivå"),
    "recommendation": _("Rekommendation"),
    "year": _("År"),
}
CHOICES = {
    "type": DocType,
    "health_area": HealthArea,
    "life_stage": LifeStage,
    "arena": Arena,
    "dimension": SystemDimension,
    "skr_group": SkrGroup,
    "status": PilotStatus,
    "evidence_level": EvidenceLevel,
    "recommendation": Recommendation,
}
# Facets whose labels come from reference tables: every name, cached with the area names
# (bumped whenever a kommun or region changes), so a search does not look them up.
LOOKUPS = {"kommun": (Kommun, "code"), "region": (Region, "lan_code")}
FACET_SIZE = 50


def area_names() -> dict[str, dict[str, str]]:
    """Kommun and region names by code (311 rows), cached until a kommun or region changes."""
    from core import caching

    def load():
        return {
            facet: dict(model.objects.values_list(field, "name"))
            for facet, (model, field) in LOOKUPS.items()
        }

    return caching.cached(caching.AREA_NAMES, "search-facet-names", load)


def labeller(counts: dict[str, dict[str, int]]):
    """A function (facet, value) → label; kommun and region names from the cached table."""
    names = area_names() if any(counts.get(facet) for facet in LOOKUPS) else {}
    choice_labels = {
        facet: {str(value): label for value, label in choices.choices}
        for facet, choices in CHOICES.items()
    }

    def label(facet: str, value: str) -> str:
        if facet in names:
            return names[facet].get(value, value)
        return str(choice_labels.get(facet, {}).get(value, value))

    return label


def sort_values(facet: str, items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Years newest first; everything else by count, then value."""
    if facet == "year":
        return sorted(items, key=lambda item: item[0], reverse=True)
    return sorted(items, key=lambda item: (-item[1], item[0]))
