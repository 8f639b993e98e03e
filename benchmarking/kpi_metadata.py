"""KPI metadata: what Kolada publishes about a KPI, and what the coordinator keeps.

Kolada publishes a KPI's title, description, whether it is divided by gender (and, in older API
versions, its unit); `fetch_kolada` reads it with `kpi_metadata_import`. Kolada does not say
whether higher or lower is better: the direction is the coordinator's choice (`kpi_update`, from
the Wagtail admin or the API). A field the coordinator has changed is recorded in
`Kpi.edited_fields` and never overwritten by a later fetch.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarking.importing import KpiMeta
from benchmarking.models import Kpi, KpiDirection
from benchmarking.rules import can_edit_kpi
from core import caching
from partners.audit import audit_record, diff, snapshot

# What the coordinator may change; the rest comes from Kolada.
KPI_FIELDS = ["title", "description", "unit", "direction", "is_divided_by_gender"]
# What a fetch from Kolada fills in (unless the coordinator changed it).
KOLADA_FIELDS = [
    "title",
    "description",
    "unit",
    "is_divided_by_gender",
    "operating_area",
    "municipality_type",
]


@transaction.atomic
def kpi_update(*, kpi: Kpi, actor, **fields) -> Kpi:
    """Change a KPI's title, description, unit, direction or gender split. Only the coordinator.

    Changed fields are remembered in `edited_fields` so that a later fetch from Kolada keeps
    them. Raises PermissionDenied or ValidationError with field errors; audited."""
    if not can_edit_kpi(actor):
        raise PermissionDenied
    unknown = set(fields) - set(KPI_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    instance = Kpi.objects.select_for_update().get(pk=kpi.pk)
    before = snapshot(instance, KPI_FIELDS)
    for name, value in fields.items():
        setattr(instance, name, value.strip() if isinstance(value, str) else value)
    errors = {}
    if not instance.title:
        errors["title"] = _("Ge nyckeltalet en titel.")
    if instance.direction not in ("", *KpiDirection.values):
        errors["direction"] = _("Välj högre, lägre, neutral eller ingen vald riktning.")
    try:
        instance.full_clean(exclude=["title", "direction", "edited_fields"])
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    changes = diff(before, snapshot(instance, KPI_FIELDS))
    if not changes:
        return instance
    instance.edited_fields = sorted(set(instance.edited_fields or []) | set(changes))
    instance.save()
    # Benchmarks and goal pages read directions through cached figures.
    caching.bump(caching.PUBLIC_FIGURES)
    caching.bump(caching.BENCHMARKS)
    audit_record(actor=actor, action="kpi.updated", obj=instance, changes=changes)
    return instance


@transaction.atomic
def kpi_metadata_import(
    *, metas: list[KpiMeta], actor=None, create: bool = False
) -> dict[str, int]:
    """Store Kolada's metadata for the KPIs: fills title, description, unit, gender split,
    operating area and area type, except fields the coordinator has changed; never the
    direction. Unknown KPIs are created only with `create`. Returns counts; audited."""
    now = timezone.now()
    stored = {k.id: k for k in Kpi.objects.select_for_update().filter(id__in=[m.id for m in metas])}
    counts = {"created": 0, "updated": 0, "unchanged": 0, "not_created": 0}
    for meta in metas:
        kpi = stored.get(meta.id)
        if kpi is None:
            if not create:
                counts["not_created"] += 1
                continue
            kpi = Kpi(id=meta.id, source="Kolada")
            stored[meta.id] = kpi
            counts["created"] += 1
        before = snapshot(kpi, KOLADA_FIELDS)
        kept = set(kpi.edited_fields or [])
        for name in KOLADA_FIELDS:
            value = getattr(meta, name)
            if name in kept or (name == "unit" and not value):
                continue  # the coordinator's word stands; Kolada v3 often gives no unit
            setattr(kpi, name, value)
        changed = diff(before, snapshot(kpi, KOLADA_FIELDS))
        kpi.kolada_fetched_at = now
        if kpi._state.adding or changed:
            created = kpi._state.adding
            kpi.save()
            counts["updated"] += not created
            audit_record(
                actor=actor,
                action="kpi.created_from_kolada" if created else "kpi.metadata_from_kolada",
                obj=kpi,
                changes=changed,
            )
        else:
            Kpi.objects.filter(pk=kpi.pk).update(kolada_fetched_at=now)
            counts["unchanged"] += 1
    if counts["created"] or counts["updated"]:
        caching.bump(caching.PUBLIC_FIGURES)
        caching.bump(caching.BENCHMARKS)
    return counts


def ids_without_direction(ids: list[str]) -> list[str]:
    """Which of the KPI ids still have no direction (one query)."""
    return list(Kpi.objects.without_direction().filter(id__in=ids).values_list("id", flat=True))
