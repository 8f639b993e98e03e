"""Indicators: the coordinator's library, and the indicators a pilot follows with their
baselines and targets. Changes to a pilot's indicators lock the pilot, check and bump its
version and are recorded on the pilot's audit trail (see `pilots.py`)."""

import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from partners.audit import audit_record, diff, snapshot
from partners.rules import is_coordinator
from pilots.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Pilot,
    PilotIndicator,
    ValueChange,
)
from pilots.services.pilots import (
    bump_version,
    ensure_still_complete,
    lock_pilot,
    missing_before,
    record,
)

INDICATOR_FIELDS = [
    "name",
    "definition",
    "unit",
    "measure",
    "direction",
    "accumulation",
    "year_combination",
    "kolada_kpi",
    "by_gender",
    "age_bands",
    "expected_min",
    "expected_max",
    "allows_negative",
    "illustrative",
]
CUSTOM_FIELDS = [f for f in INDICATOR_FIELDS if f != "illustrative"]
KOLADA_KPI = re.compile(r"^[NU]\d{5}$")


def _validate_indicator(indicator: Indicator) -> None:
    indicator.name = (indicator.name or "").strip()
    indicator.kolada_kpi = (indicator.kolada_kpi or "").strip().upper()
    errors = {}
    if indicator.kolada_kpi and not KOLADA_KPI.match(indicator.kolada_kpi):
        errors["kolada_kpi"] = _(
            "Ett Kolada-KPI är N eller U följt av fem siffror, till exempel N00945."
        )
    try:
        indicator.full_clean(exclude=["pilot", "created_by"])
    except ValidationError as exc:
        errors = {**exc.message_dict, **errors}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_save(*, actor, indicator: Indicator | None = None, **fields) -> Indicator:
    """Create (`indicator=None`) or change a library indicator. The coordinator curates the library.

    Raises PermissionDenied for anyone else; ValidationError with field errors (a name already in
    the library, a malformed Kolada id, a changed measure once values have been reported).
    """
    if not is_coordinator(actor):
        raise PermissionDenied
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if indicator is None:
        instance, before = Indicator(in_library=True, created_by=actor), {}
    else:
        instance = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if instance.pilot_id is not None:
            raise ValidationError(
                _("Indikatorn hör till en pilot och är inte en del av biblioteket.")
            )
        before = snapshot(instance, INDICATOR_FIELDS)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.in_library = True
    _validate_indicator(instance)
    taken = Indicator.objects.library().filter(name__iexact=instance.name).exclude(pk=instance.pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("Det finns redan en indikator med det namnet i biblioteket.")}
        )
    if (
        before
        and before["measure"] != instance.measure
        and IndicatorValue.objects.filter(pilot_indicator__indicator=instance).exists()
    ):
        raise ValidationError({"measure": _("Måttet kan inte ändras när värden har rapporterats.")})
    instance.save()
    after = snapshot(instance, INDICATOR_FIELDS)
    audit_record(
        actor=actor,
        action="indicator.updated" if before else "indicator.created",
        obj=instance,
        changes=diff(before, after) if before else {k: [None, v] for k, v in after.items()},
    )
    return instance


@transaction.atomic
def pilot_indicator_add(
    *,
    pilot: Pilot,
    actor,
    indicator: Indicator | None = None,
    custom: dict | None = None,
    expected_version: int | None = None,
) -> PilotIndicator:
    """Follow a library indicator (`indicator`) or a new one defined for this pilot alone
    (`custom`: name, definition, unit, measure, direction, accumulation, by_gender, age_bands).

    Raises PermissionDenied or ValidationError (neither or both given, not in the library,
    already followed, field errors of the custom definition, stale version).
    """
    pilot = lock_pilot(pilot=pilot, actor=actor, expected_version=expected_version)
    if (indicator is None) == (custom is None):
        raise ValidationError(
            {"indicator": _("Välj en indikator ur biblioteket eller definiera en egen.")}
        )
    if indicator is not None:
        if not (indicator.in_library or indicator.pilot_id == pilot.pk):
            raise ValidationError({"indicator": _("Indikatorn finns inte i biblioteket.")})
        if PilotIndicator.objects.filter(pilot=pilot, indicator=indicator).exists():
            raise ValidationError(
                {"indicator": _("Piloten följer redan ”%(name)s”.") % {"name": indicator.name}}
            )
    else:
        unknown = set(custom) - set(CUSTOM_FIELDS)
        if unknown:
            raise TypeError(f"unknown fields: {sorted(unknown)}")
        indicator = Indicator(pilot=pilot, in_library=False, created_by=actor, **custom)
        _validate_indicator(indicator)
        if Indicator.objects.filter(pilot=pilot, name__iexact=indicator.name).exists():
            raise ValidationError(
                {"name": _("Piloten har redan en egen indikator med det namnet.")}
            )
        indicator.save()
    order = PilotIndicator.objects.filter(pilot=pilot).aggregate(m=Max("order"))["m"]
    link = PilotIndicator.objects.create(
        pilot=pilot, indicator=indicator, order=0 if order is None else order + 1
    )
    bump_version(pilot)
    record(
        pilot=pilot,
        actor=actor,
        action="pilot.indicator_added",
        changes={"indicators": [None, indicator.name]},
        message=_("Egen indikator") if indicator.pilot_id else _("Ur indikatorbiblioteket"),
    )
    return link


def _target_snapshot(targets) -> list[list[str]]:
    return [[t.target_date.isoformat(), format(Decimal(t.value).normalize(), "f")] for t in targets]


UNCHANGED = object()  # a keyword left out: keep what is stored


def _stored(number):
    """A number as a DecimalField stores it, so saving it again is no change (None stays)."""
    return None if number is None else Decimal(number).quantize(Decimal("0.0001"))


def _check_indicator_values(link, baseline_value, baseline_date, baseline_note, targets) -> dict:
    errors: dict[str, list[str]] = {}
    indicator = link.indicator
    if baseline_value is not None and baseline_date is None:
        errors.setdefault("baseline_date", []).append(_("Ange vilket datum utgångsvärdet avser."))
    if (
        baseline_date is not None
        and baseline_value is None
        and not (indicator.is_qualitative and baseline_note)
    ):
        errors.setdefault("baseline_value", []).append(_("Ange utgångsvärdet för datumet."))
    if indicator.is_qualitative and baseline_value is not None:
        errors.setdefault("baseline_value", []).append(
            _("Indikatorn är kvalitativ: beskriv utgångsläget i text i stället för ett tal.")
        )
    if indicator.is_qualitative and targets:
        errors.setdefault("targets", []).append(
            _("En kvalitativ indikator har inga målvärden i tal.")
        )
    if indicator.is_percent:
        message = _("En andel måste ligga mellan 0 och 100 procent.")
        if baseline_value is not None and not 0 <= baseline_value <= 100:
            errors.setdefault("baseline_value", []).append(message)
        if any(v is not None and not 0 <= v <= 100 for _d, v in targets):
            errors.setdefault("targets", []).append(message)
    dates = [d for d, _v in targets]
    if any(d is None or v is None for d, v in targets):
        errors.setdefault("targets", []).append(_("Varje målvärde behöver både datum och värde."))
    elif len(set(dates)) != len(dates):
        errors.setdefault("targets", []).append(_("Två målvärden har samma datum."))
    elif baseline_date and any(d <= baseline_date for d in dates):
        errors.setdefault("targets", []).append(
            _("Målvärdenas datum måste ligga efter utgångsvärdets datum.")
        )
    return errors


@transaction.atomic
def pilot_indicator_update(
    *,
    pilot_indicator: PilotIndicator,
    actor,
    baseline_value: Decimal | None,
    baseline_date,
    baseline_note: str = "",
    targets=(),
    expected_version: int | None = None,
    expected_min=UNCHANGED,
    expected_max=UNCHANGED,
) -> PilotIndicator:
    """Set an indicator's baseline (value and date, or a description for a qualitative one) and
    replace its targets with `targets`, a list of (date, value). `expected_min`/`expected_max`
    set the pilot's own expected range (None: the library indicator's; left out: unchanged).

    Raises PermissionDenied or ValidationError (`baseline_value`, `baseline_date`, `targets`:
    a value without a date, a percentage outside 0-100, duplicate or too early target dates,
    stale version, a published pilot left without a baseline).
    """
    pilot = lock_pilot(pilot=pilot_indicator.pilot, actor=actor, expected_version=expected_version)
    was_missing = missing_before(pilot)
    link = PilotIndicator.objects.select_related("indicator").get(
        pk=pilot_indicator.pk, pilot=pilot
    )
    targets = list(targets)
    if baseline_value is not None:
        # As stored, so that saving the same value again is not recorded as a change.
        baseline_value = Decimal(baseline_value).quantize(Decimal("0.0001"))
    baseline_note = (baseline_note or "").strip()
    errors = _check_indicator_values(link, baseline_value, baseline_date, baseline_note, targets)
    low = link.expected_min if expected_min is UNCHANGED else _stored(expected_min)
    high = link.expected_max if expected_max is UNCHANGED else _stored(expected_max)
    if low is not None and high is not None and low > high:
        errors.setdefault("expected_max", []).append(
            _("Det högsta värdet måste vara minst lika stort som det lägsta.")
        )
    if errors:
        raise ValidationError(errors)
    targets.sort(key=lambda t: t[0])
    old_targets = list(link.targets.all())
    fields = ["baseline_value", "baseline_date", "baseline_note", "expected_min", "expected_max"]
    before = snapshot(link, fields)
    link.baseline_value, link.baseline_date, link.baseline_note = (
        baseline_value,
        baseline_date,
        baseline_note,
    )
    link.expected_min, link.expected_max = low, high
    link.full_clean(
        exclude=["pilot", "indicator"], validate_unique=False, validate_constraints=False
    )
    new_targets = [
        IndicatorTarget(pilot_indicator=link, target_date=d, value=v) for d, v in targets
    ]
    for target in new_targets:
        target.full_clean(
            exclude=["pilot_indicator"], validate_unique=False, validate_constraints=False
        )
    changes = diff(before, snapshot(link, fields))
    old_snap, new_snap = _target_snapshot(old_targets), _target_snapshot(new_targets)
    if old_snap != new_snap:
        changes["targets"] = [old_snap, new_snap]
    if not changes:
        return link
    link.save(update_fields=fields)
    if old_snap != new_snap:
        link.targets.all().delete()
        IndicatorTarget.objects.bulk_create(new_targets)
    bump_version(pilot)
    record(
        pilot=pilot,
        actor=actor,
        action="pilot.indicator_updated",
        changes=changes,
        message=link.indicator.name,
    )
    ensure_still_complete(pilot, was_missing)
    return link


@transaction.atomic
def pilot_indicators_update(*, pilot: Pilot, actor, expected_version: int | None, items) -> Pilot:
    """Save the baselines and targets of several indicators at once, all or nothing.

    `items` is a list of dicts with `pilot_indicator` and pilot_indicator_update's keyword
    arguments. The indicator step is one form, so what was typed into one card is saved with
    the card whose button was pressed instead of being dropped. Raises PermissionDenied or
    ValidationError keyed "<pilot indicator id>:<field>" (NON_FIELD_ERRORS for a stale version).
    """
    lock_pilot(pilot=pilot, actor=actor, expected_version=expected_version)
    errors: dict[str, list[str]] = {}
    for item in items:
        link = item["pilot_indicator"]
        try:
            with transaction.atomic():
                pilot_indicator_update(**item, actor=actor, expected_version=None)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"{link.pk}:{field}"] = messages
    if errors:
        raise ValidationError(errors)
    return Pilot.objects.get(pk=pilot.pk)


@transaction.atomic
def pilot_indicator_remove(
    *, pilot_indicator: PilotIndicator, actor, expected_version: int | None = None
) -> None:
    """Stop following an indicator; a custom indicator is deleted with it.

    Raises PermissionDenied or ValidationError (values have been reported for it, stale version,
    a published pilot left without indicators).
    """
    pilot = lock_pilot(pilot=pilot_indicator.pilot, actor=actor, expected_version=expected_version)
    was_missing = missing_before(pilot)
    link = PilotIndicator.objects.select_related("indicator").get(
        pk=pilot_indicator.pk, pilot=pilot
    )
    if IndicatorValue.objects.filter(pilot_indicator=link).exists():
        raise ValidationError(
            _("”%(name)s” har rapporterade värden och kan inte tas bort.")
            % {"name": link.indicator.name}
        )
    indicator = link.indicator
    # Its values' history (values once reported, then cleared): through the reports' index,
    # not by the indicator, which the history does not index (pilots.models.quality).
    ValueChange.objects.filter(report__pilot=pilot, pilot_indicator=link).delete()
    link.delete()
    if indicator.pilot_id == pilot.pk and not indicator.pilot_links.exists():
        indicator.delete()
    bump_version(pilot)
    record(
        pilot=pilot,
        actor=actor,
        action="pilot.indicator_removed",
        changes={"indicators": [indicator.name, None]},
    )
    ensure_still_complete(pilot, was_missing)


@transaction.atomic
def indicator_library_load(*, rows: list[dict], update: bool = False) -> tuple[int, int]:
    """Add the library indicators in `rows` that are missing (matched on name, ignoring case).
    With `update`, existing ones are brought in line with the rows, overwriting the
    coordinator's edits. Idempotent; all or nothing. Returns (created, updated).
    """
    existing = {i.name.lower(): i for i in Indicator.objects.library()}
    created = updated = 0
    for fields in rows:
        indicator = existing.get(fields["name"].lower())
        if indicator is None:
            indicator = Indicator(in_library=True, **fields)
            _validate_indicator(indicator)
            indicator.save()
            existing[indicator.name.lower()] = indicator
            created += 1
            audit_record(
                actor=None,
                action="indicator.created",
                obj=indicator,
                changes={k: [None, v] for k, v in snapshot(indicator, INDICATOR_FIELDS).items()},
                message="load_indicator_library",
            )
        elif update:
            before = snapshot(indicator, INDICATOR_FIELDS)
            for name, value in fields.items():
                setattr(indicator, name, value)
            _validate_indicator(indicator)
            changes = diff(before, snapshot(indicator, INDICATOR_FIELDS))
            if changes:
                indicator.save()
                updated += 1
                audit_record(
                    actor=None,
                    action="indicator.updated",
                    obj=indicator,
                    changes=changes,
                    message="load_indicator_library",
                )
    return created, updated
