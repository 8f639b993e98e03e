"""Validation rules: the coordinator's library and a pilot team's own rules.

A rule's sides come in as text (pilots.validation.expressions) and are stored as terms; a side
may use the indicators the rule may see: library indicators for a library rule, the indicators
the pilot follows for a pilot's rule. Every change is audited (indicator.rule_…).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partners.audit import audit_record
from partners.rules import is_coordinator
from pilots.models import Pilot, ValidationRule
from pilots.models.validation import Operator, Severity
from pilots.personal_data import MESSAGE as PNR_MESSAGE
from pilots.personal_data import looks_like_personnummer
from pilots.rules import can_edit_pilot, can_edit_validation_rule
from pilots.selectors.validation import usable_indicators
from pilots.validation.expressions import ExpressionError, parse, rule_text

RULE_FIELDS = ("name", "message", "severity", "is_active", "left", "operator", "right")


def _clean(pilot, fields: dict) -> dict:
    errors: dict[str, list[str]] = {}
    indicators = usable_indicators(pilot)
    by_name = {i.name.lower(): i for i in indicators}
    out = {}
    for name, limit in (("name", 200), ("message", 500)):
        value = str(fields.get(name) or "").strip()
        if not value:
            errors[name] = [_("Fältet måste fyllas i.")]
        elif len(value) > limit:
            errors[name] = [_("Högst %(n)s tecken.") % {"n": limit}]
        elif looks_like_personnummer(value):
            errors[name] = [PNR_MESSAGE]
        out[name] = value
    if fields.get("severity") not in Severity.values:
        errors["severity"] = [_("Välj om regeln stoppar sparandet eller bara varnar.")]
    if fields.get("operator") not in Operator.values:
        errors["operator"] = [_("Välj en jämförelse: =, ≠, <, ≤, > eller ≥.")]
    out["severity"], out["operator"] = fields.get("severity"), fields.get("operator")
    out["is_active"] = bool(fields.get("is_active", True))
    for side in ("left", "right"):
        try:
            out[side] = parse(str(fields.get(side) or ""), by_name)
        except ExpressionError as exc:
            errors[side] = exc.messages
    sides = [*out.get("left", []), *out.get("right", [])]
    if "left" in out and "right" in out and not any(t["k"] == "cell" for t in sides):
        errors["left"] = [
            _("Minst en sida måste använda en indikator inom klamrar: {indikatorns namn}.")
        ]
    if errors:
        raise ValidationError(errors)
    return out


def _audit(rule: ValidationRule, actor, action: str, changes: dict) -> None:
    pilot = rule.pilot
    audit_record(
        actor=actor,
        action=action,
        obj=rule,
        organisation=pilot.lead_organisation if pilot is not None else None,
        changes=changes,
        message=rule.name,
    )


@transaction.atomic
def validation_rule_save(
    *, actor, rule: ValidationRule | None = None, pilot: Pilot | None = None, **fields
) -> ValidationRule:
    """Create a rule (for `pilot`, or in the library when `pilot` is None) or change `rule`.

    `fields`: name, message, severity ("blocking"/"warning"), is_active, left, operator, right
    (the sides as text). The library is the coordinator's; a pilot's rules its editors'.
    Raises PermissionDenied, or ValidationError keyed by field (a side that does not parse says
    where and why).
    """
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if rule is not None:
        rule = (
            ValidationRule.objects.select_for_update(of=("self",))
            .select_related("pilot")
            .get(pk=rule.pk)
        )
        if not can_edit_validation_rule(actor, rule):
            raise PermissionDenied
        pilot = rule.pilot
    elif not (is_coordinator(actor) if pilot is None else can_edit_pilot(actor, pilot)):
        raise PermissionDenied
    names = {i.pk: i.name for i in usable_indicators(pilot)}
    before = rule_text(rule, names) if rule is not None else {}
    merged = {**before, **fields}
    cleaned = _clean(pilot, merged)
    if rule is None:
        rule = ValidationRule(pilot=pilot, created_by=actor)
    for name, value in cleaned.items():
        setattr(rule, name, value)
    rule.save()
    after = rule_text(rule, names)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes or not before:
        _audit(
            rule, actor, "indicator.rule_updated" if before else "indicator.rule_created", changes
        )
    return rule


@transaction.atomic
def validation_rule_delete(*, actor, rule: ValidationRule) -> None:
    """Remove a rule. Raises PermissionDenied."""
    rule = (
        ValidationRule.objects.select_for_update(of=("self",))
        .select_related("pilot")
        .get(pk=rule.pk)
    )
    if not can_edit_validation_rule(actor, rule):
        raise PermissionDenied
    _audit(rule, actor, "indicator.rule_deleted", {"name": [rule.name, None]})
    rule.delete()
