"""Creating and editing programmes and their stages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partners.audit import diff, snapshot
from programmes import rules
from programmes.models import Programme, ProgrammeStage

from .common import audit, require_manager

PROGRAMME_FIELDS = (
    "name",
    "kind",
    "purpose",
    "vision",
    "budget_sek",
    "start_date",
    "end_date",
    "cadence",
    "visibility",
    "principles",
    "requires_acceptance",
)
STAGE_FIELDS = ("name", "order", "start_date", "gate_date")


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "program"
    slug, n = base, 2
    while Programme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _clean_principles(principles) -> list[str]:
    if principles is None:
        return []
    if isinstance(principles, str):
        principles = principles.splitlines()
    if not isinstance(principles, list | tuple):
        raise ValidationError({"principles": _("Ange arbetsprinciperna som en lista med text.")})
    return [str(p).strip() for p in principles if str(p).strip()]


def _check_indicators(indicators) -> list:
    indicators = list(indicators or [])
    if any(not i.in_library for i in indicators):
        raise ValidationError(
            {
                "shared_indicators": _(
                    "Gemensamma indikatorer måste komma från indikatorbiblioteket."
                )
            }
        )
    return indicators


@transaction.atomic
def programme_create(*, actor, owner, shared_indicators=(), **fields) -> Programme:
    """Create a programme owned (funded) by `owner`. Needs admin/approver of the owner or the
    coordinator. Raises PermissionDenied or ValidationError (field errors)."""
    if not rules.can_create_programme_for(actor, owner):
        raise PermissionDenied
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    fields["principles"] = _clean_principles(fields.get("principles"))
    indicators = _check_indicators(shared_indicators)
    programme = Programme(
        owner=owner, created_by=actor, slug=_unique_slug(fields.get("name") or ""), **fields
    )
    programme.full_clean()
    programme.save()
    programme.shared_indicators.set(indicators)
    audit(
        actor=actor,
        action="programme.created",
        obj=programme,
        programme=programme,
        changes={k: [None, v] for k, v in snapshot(programme, list(PROGRAMME_FIELDS)).items()},
    )
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, actor, shared_indicators=None, **fields) -> Programme:
    """Change a programme's fields (and, if given, its shared indicators). Managers only."""
    require_manager(actor, programme)
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    programme = Programme.objects.select_for_update().select_related("owner").get(pk=programme.pk)
    before = snapshot(programme, list(PROGRAMME_FIELDS))
    if "principles" in fields:
        fields["principles"] = _clean_principles(fields["principles"])
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    changes = diff(before, snapshot(programme, list(PROGRAMME_FIELDS)))
    if shared_indicators is not None:
        indicators = _check_indicators(shared_indicators)
        old = sorted(programme.shared_indicators.values_list("pk", flat=True))
        programme.shared_indicators.set(indicators)
        new = sorted(i.pk for i in indicators)
        if old != new:
            changes["shared_indicators"] = [old, new]
    audit(
        actor=actor, action="programme.updated", obj=programme, programme=programme, changes=changes
    )
    return programme


def _check_stage(stage: ProgrammeStage) -> None:
    programme = stage.programme
    errors = {}
    if stage.start_date and stage.start_date < programme.start_date:
        errors["start_date"] = _("Fasen kan inte börja före programmet.")
    if stage.gate_date and stage.gate_date > programme.end_date:
        errors["gate_date"] = _("Beslutspunkten kan inte ligga efter programmets slut.")
    if errors:
        raise ValidationError(errors)
    # Before full_clean: its unique-together message names no field ("Fas med samma Programme
    # och Ordning finns redan."), this one stands at the order field.
    if (
        ProgrammeStage.objects.filter(programme=programme, order=stage.order)
        .exclude(pk=stage.pk)
        .exists()
    ):
        raise ValidationError({"order": _("Det finns redan en fas med den ordningen.")})
    stage.full_clean()


@transaction.atomic
def stage_add(
    *, programme: Programme, actor, name: str, start_date, gate_date, order: int | None = None
) -> ProgrammeStage:
    """Add a stage with its gate date, inside the programme's period. Managers only."""
    require_manager(actor, programme)
    programme = Programme.objects.select_for_update().select_related("owner").get(pk=programme.pk)
    if order is None:
        last = programme.stages.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    stage = ProgrammeStage(
        programme=programme, name=name, start_date=start_date, gate_date=gate_date, order=order
    )
    _check_stage(stage)
    stage.save()
    audit(
        actor=actor,
        action="programme.stage_added",
        obj=stage,
        programme=programme,
        changes={k: [None, v] for k, v in snapshot(stage, list(STAGE_FIELDS)).items()},
    )
    return stage


@transaction.atomic
def stage_update(*, stage: ProgrammeStage, actor, **fields) -> ProgrammeStage:
    """Change a stage's name, order or dates. Managers only."""
    require_manager(actor, stage.programme)
    stage = (
        ProgrammeStage.objects.select_for_update()
        .select_related("programme__owner")
        .get(pk=stage.pk)
    )
    before = snapshot(stage, list(STAGE_FIELDS))
    for name, value in fields.items():
        if name not in STAGE_FIELDS:
            raise ValueError(f"unknown field {name}")
        setattr(stage, name, value)
    _check_stage(stage)
    stage.save()
    audit(
        actor=actor,
        action="programme.stage_updated",
        obj=stage,
        programme=stage.programme,
        changes=diff(before, snapshot(stage, list(STAGE_FIELDS))),
    )
    return stage
