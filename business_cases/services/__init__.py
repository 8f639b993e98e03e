"""Business cases: a pilot's case settings, its cost, benefit and business-as-usual lines with
amounts per calendar year, benefit lines built from the unit-cost library, links to indicators
for actuals; the unit-cost library and the versioned discount-rate schedules (coordinator only).

Every write is atomic and audited. A case's writes lock its row, refuse a stale
`expected_version` and bump the version. Input is validated whole before anything is written
(business_cases.services.input): bad input raises one ValidationError naming every wrong
field and nothing is saved.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from business_cases import rules
from business_cases.models import (
    BusinessCase,
    BusinessCaseAmount,
    BusinessCaseLine,
    DiscountRateSchedule,
    UnitCost,
)
from business_cases.services.input import (
    CASE_FIELDS,
    LINE_FIELDS,
    Errors,
    clean_case,
    clean_line,
    clean_steps,
)
from core import caching, locking
from partners.audit import audit_record
from pilots.models import Pilot

UNIT_COST_FIELDS = [
    "name",
    "description",
    "amount_sek",
    "unit",
    "actor",
    "value_type",
    "price_year",
    "source",
    "confidence",
    "illustrative",
]
__all__ = [
    "CASE_FIELDS",
    "LINE_FIELDS",
    "UNIT_COST_FIELDS",
    "business_case_line_add",
    "business_case_line_remove",
    "business_case_line_update",
    "business_case_lines_save",
    "business_case_save",
    "discount_schedule_create",
    "discount_schedule_set_default",
    "unit_cost_save",
]


def _stale() -> ValidationError:
    return locking.stale_error(
        _("Någon annan har ändrat kalkylen sedan du öppnade sidan. Ladda om och försök igen.")
    )


def _record(case: BusinessCase, actor, action: str, changes: dict, message: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=case,
        organisation=case.pilot.lead_organisation,
        changes=changes,
        message=message,
    )


def _lock(*, business_case: BusinessCase, actor, expected_version: int | None) -> BusinessCase:
    """Check permission, lock the case and refuse a stale version. Returns the fresh row."""
    if not rules.can_edit_case(actor, business_case.pilot):
        raise PermissionDenied
    locked = (
        BusinessCase.objects.select_for_update()
        .select_related("pilot__lead_organisation")
        .get(pk=business_case.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise _stale()
    return locked


def _bump(case: BusinessCase, actor) -> None:
    case.version += 1
    case.updated_by = actor if actor is not None and actor.is_authenticated else None
    case.save(update_fields=["version", "updated_by", "updated_at"])


def _plain(values: dict) -> dict:
    return {k: (str(v) if v is not None else None) for k, v in values.items()}


@transaction.atomic
def business_case_save(
    *, pilot: Pilot, actor, expected_version: int | None = None, **fields
) -> BusinessCase:
    """Create the pilot's business case, or change its settings (`CASE_FIELDS`).

    A new case needs price_year and base_year; it starts as a draft. Shrinking the period is
    refused while lines have amounts outside it. Raises PermissionDenied or ValidationError.
    """
    if not rules.can_edit_case(actor, pilot):
        raise PermissionDenied
    Pilot.objects.select_for_update().filter(pk=pilot.pk).first()  # serialise first creation
    case = BusinessCase.objects.select_related("pilot__lead_organisation").filter(pilot=pilot)
    case = case.select_for_update().first()
    if case is not None and expected_version is not None and case.version != expected_version:
        raise _stale()
    values = clean_case(fields, case)
    if case is None:
        case = BusinessCase(pilot=pilot, version=0, **values)
        before = {}
    else:
        before = {name: getattr(case, name) for name in values}
        for name, value in values.items():
            setattr(case, name, value)
        outside = (
            BusinessCaseAmount.objects.filter(line__business_case=case)
            .exclude(year__range=(case.base_year, case.last_year))
            .values_list("year", flat=True)
            .distinct()
            .order_by("year")
        )
        years = list(outside[:5])
        if years:
            message = _(
                "Rader har belopp för år utanför perioden %(first)s–%(last)s (%(years)s). "
                "Ändra eller ta bort dem först."
            ) % {
                "first": case.base_year,
                "last": case.last_year,
                "years": ", ".join(map(str, years)),
            }
            raise ValidationError({"base_year": [message], "horizon_years": [message]})
    case.full_clean(exclude=["pilot", "version"])
    case.version += 1
    case.updated_by = actor if actor is not None and actor.is_authenticated else None
    created = case.pk is None
    case.save()
    changes = {
        k: [str(before.get(k)) if before else None, str(v) if v is not None else None]
        for k, v in values.items()
        if not before or before.get(k) != v
    }
    _record(case, actor, "business_case.created" if created else "business_case.changed", changes)
    return case


def _write_line(case: BusinessCase, line: BusinessCaseLine | None, values: dict, amounts: dict):
    if line is None:
        order = case.lines.count()
        line = BusinessCaseLine(business_case=case, order=order)
    for name, value in values.items():
        setattr(line, name, value)
    line.save()
    line.amounts.all().delete()
    BusinessCaseAmount.objects.bulk_create(
        BusinessCaseAmount(line=line, year=year, amount_sek=amount)
        for year, amount in sorted(amounts.items())
    )
    caching.bump(caching.PUBLIC_PAGES)  # practice pages show the per-actor summary
    return line


def _line_of(case: BusinessCase, line) -> BusinessCaseLine:
    pk = line.pk if isinstance(line, BusinessCaseLine) else line
    found = case.lines.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise ValidationError({"id": [_("Raden finns inte i den här kalkylen.")]})
    return found


@transaction.atomic
def business_case_line_add(
    *,
    business_case: BusinessCase,
    actor,
    expected_version: int | None,
    values: dict,
    amounts: dict | None = None,
) -> BusinessCaseLine:
    """Add a line. `values` are `LINE_FIELDS`; `amounts` maps calendar year → SEK (not for a
    benefit built from a unit cost, whose amounts are derived). Raises PermissionDenied or
    ValidationError."""
    case = _lock(business_case=business_case, actor=actor, expected_version=expected_version)
    clean, clean_amounts = clean_line(values, amounts, case)
    line = _write_line(case, None, clean, clean_amounts)
    _bump(case, actor)
    _record(
        case,
        actor,
        "business_case.line_added",
        {"line": [None, line.label]},
        # "2024: 1000.00; 2025: 1200.00": the log shows it with the reader's number format.
        message="; ".join(f"{y}: {a}" for y, a in sorted(clean_amounts.items())),
    )
    return line


@transaction.atomic
def business_case_line_update(
    *,
    line: BusinessCaseLine,
    actor,
    expected_version: int | None,
    values: dict,
    amounts: dict | None = None,
) -> BusinessCaseLine:
    """Change a line; when `amounts` is given it replaces all of the line's amounts."""
    case = _lock(business_case=line.business_case, actor=actor, expected_version=expected_version)
    line = _line_of(case, line)
    if amounts is None and not line.is_derived and not _becomes_derived(values):
        amounts = {a.year: a.amount_sek for a in line.amounts.all()}
    clean, clean_amounts = clean_line(values, amounts, case, line)
    before = {k: getattr(line, k) for k in clean}
    line = _write_line(case, line, clean, clean_amounts)
    _bump(case, actor)
    changes = {k: [str(before[k]), str(v)] for k, v in clean.items() if before[k] != v}
    _record(case, actor, "business_case.line_changed", changes, message=line.label)
    return line


def _becomes_derived(values: dict) -> bool:
    return any(values.get(k) not in (None, "") for k in ("unit_cost", "people", "unit_amount_sek"))


@transaction.atomic
def business_case_line_remove(*, line: BusinessCaseLine, actor, expected_version: int | None):
    """Remove a line and its amounts."""
    case = _lock(business_case=line.business_case, actor=actor, expected_version=expected_version)
    line = _line_of(case, line)
    label = line.label
    line.delete()
    _bump(case, actor)
    _record(case, actor, "business_case.line_removed", {"line": [label, None]})


@transaction.atomic
def business_case_lines_save(
    *, business_case: BusinessCase, actor, expected_version: int | None, lines: list[dict]
) -> BusinessCase:
    """Save the edit table in one go: each item is {"id": pk or None, "delete": bool,
    "values": {...}, "amounts": {year: amount}}. Every row is validated before anything is
    written; errors are keyed "lines.<index>.<field>"."""
    case = _lock(business_case=business_case, actor=actor, expected_version=expected_version)
    existing = {line.pk: line for line in case.lines.prefetch_related("amounts")}
    plan, problems = [], {}
    for index, item in enumerate(lines):
        line = existing.get(item.get("id")) if item.get("id") else None
        if item.get("id") and line is None:
            problems[f"lines.{index}.id"] = [_("Raden finns inte längre. Ladda om sidan.")]
            continue
        if item.get("delete"):
            plan.append(("delete", line, None, None))
            continue
        amounts = item.get("amounts")
        if line is not None and line.is_derived and _becomes_derived(item.get("values", {})):
            amounts = None
        try:
            clean, clean_amounts = clean_line(item.get("values", {}), amounts, case, line)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                problems[f"lines.{index}.{field}"] = messages
            continue
        plan.append(("save", line, clean, clean_amounts))
    if problems:
        raise ValidationError(problems)
    changes = {}
    for what, line, clean, clean_amounts in plan:
        if what == "delete":
            if line is not None:
                changes.setdefault("removed", []).append(line.label)
                line.delete()
            continue
        saved = _write_line(case, line, clean, clean_amounts)
        changes.setdefault("saved", []).append(saved.label)
    _bump(case, actor)
    _record(case, actor, "business_case.lines_saved", changes)
    return case


def _require_coordinator(actor) -> None:
    if not rules.can_manage_library(actor):
        raise PermissionDenied


@transaction.atomic
def unit_cost_save(*, actor, unit_cost: UnitCost | None = None, values: dict) -> UnitCost:
    """Add or change a unit-cost library entry (coordinator only). Lines already built from it
    keep the amount they were built with. `values` holds `UNIT_COST_FIELDS` (the unit cost's own
    `actor` is the one who bears the cost). Raises PermissionDenied or ValidationError."""
    _require_coordinator(actor)
    fields = dict(values)
    unknown = set(fields) - set(UNIT_COST_FIELDS)
    if unknown:
        raise TypeError(f"Unknown unit-cost fields: {sorted(unknown)}")
    if unit_cost is not None and unit_cost.pk:
        unit_cost = UnitCost.objects.select_for_update().get(pk=unit_cost.pk)
        before = {k: str(getattr(unit_cost, k)) for k in fields}
    else:
        unit_cost, before = UnitCost(), {}
    for name, value in fields.items():
        setattr(unit_cost, name, value)
    unit_cost.full_clean()
    unit_cost.save()
    changes = {k: [before.get(k), str(v)] for k, v in fields.items() if before.get(k) != str(v)}
    audit_record(
        actor=actor,
        action="unit_cost.changed" if before else "unit_cost.created",
        obj=unit_cost,
        changes=changes,
    )
    return unit_cost


@transaction.atomic
def discount_schedule_create(
    *,
    actor,
    name: str,
    steps,
    valid_from: dt.date,
    source: str = "",
    is_default: bool = False,
    replaces: DiscountRateSchedule | None = None,
) -> DiscountRateSchedule:
    """Add a schedule (coordinator only). Schedules are never edited: a revision is a new
    schedule that `replaces` the old one. `is_default` moves the default to it; the first
    schedule is always the default, so exactly one is."""
    _require_coordinator(actor)
    errors = Errors()
    clean = clean_steps(errors, steps)
    name = (name or "").strip()
    if not name:
        errors.add("name", _("Ge räntesatsen ett namn, till exempel ”Standard 2027”."))
    elif DiscountRateSchedule.objects.filter(name=name).exists():
        errors.add("name", _("Det finns redan en räntesats med det namnet."))
    if not isinstance(valid_from, dt.date):
        errors.add("valid_from", _("Ange från vilket datum räntesatsen gäller."))
    errors.raise_if_any()
    is_default = is_default or not DiscountRateSchedule.objects.filter(is_default=True).exists()
    if is_default:
        DiscountRateSchedule.objects.select_for_update().filter(is_default=True).update(
            is_default=False
        )
    schedule = DiscountRateSchedule(
        name=name,
        steps=clean,
        valid_from=valid_from,
        source=source or "",
        is_default=is_default,
        replaces=replaces,
    )
    schedule.full_clean()
    schedule.save()
    audit_record(
        actor=actor,
        action="discount_schedule.created",
        obj=schedule,
        changes={"steps": [None, clean], "is_default": [None, is_default]},
    )
    return schedule


@transaction.atomic
def discount_schedule_set_default(*, actor, schedule: DiscountRateSchedule) -> DiscountRateSchedule:
    """Make `schedule` the partnership's default (coordinator only)."""
    _require_coordinator(actor)
    previous = DiscountRateSchedule.objects.select_for_update().filter(is_default=True).first()
    if previous is not None and previous.pk == schedule.pk:
        return previous
    DiscountRateSchedule.objects.filter(is_default=True).update(is_default=False)
    DiscountRateSchedule.objects.filter(pk=schedule.pk).update(is_default=True)
    caching.bump(caching.PUBLIC_PAGES)  # summaries of cases without a schedule use the default
    schedule.refresh_from_db()
    audit_record(
        actor=actor,
        action="discount_schedule.default",
        obj=schedule,
        changes={"default": [str(previous) if previous else None, str(schedule)]},
    )
    return schedule
