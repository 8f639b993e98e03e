"""Parsing and validating business-case input for the services in `business_case.py`.

Everything here collects field errors into a dict instead of stopping at the first one, so a form
or an API client hears about every wrong field at once. Nothing here writes to the database.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from business_cases.models import (
    MAX_YEAR,
    MIN_YEAR,
    Actor,
    BusinessCase,
    BusinessCaseLine,
    ConfidenceGrade,
    DiscountRateSchedule,
    LineKind,
    UnitCost,
    ValueType,
)
from partners.numbers import NumberFormatError, parse_number
from pilots.models import Measure, PilotIndicator

CASE_FIELDS = [
    "price_year",
    "base_year",
    "horizon_years",
    "schedule",
    "comparison_rate",
    "notes",
    "is_draft",
    "use_realised",
]
LINE_FIELDS = [
    "kind",
    "label",
    "actor",
    "value_type",
    "confidence",
    "deadweight_pct",
    "attribution_pct",
    "drop_off_pct",
    "unit_cost",
    "unit_amount_sek",
    "people",
    "effect_pct",
    "first_year",
    "last_year",
    "pilot_indicator",
    "effect_indicator",
]
SHARES = ("deadweight_pct", "attribution_pct", "drop_off_pct", "effect_pct")
MAX_AMOUNT = Decimal("1e13")
LINE_DEFAULTS = {
    "value_type": ValueType.FISCAL_CASHABLE,
    "confidence": 3,
    "deadweight_pct": Decimal(0),
    "attribution_pct": Decimal(100),
    "drop_off_pct": Decimal(0),
}


class Errors(dict):
    """field → list of messages."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self, prefix: str = "") -> None:
        if self:
            raise ValidationError({f"{prefix}{k}": v for k, v in self.items()})


def parse_decimal(value) -> Decimal | None:
    """A number from a Decimal, int, float or text in the page's language ("1 200,50" in
    Swedish, "1200.50" in English; partners.numbers.parse_number); None when blank.
    Raises ValueError for anything that is not a finite number (NumberFormatError, whose
    message names both readings, for text that could be read two ways)."""
    if isinstance(value, bool):
        raise ValueError
    number = parse_number(value)
    if number is not None and not number.is_finite():
        raise ValueError
    return number


def ambiguity(error: Exception) -> str:
    """The message of a number refused because it could be read two ways ("1,200"), else ""."""
    if isinstance(error, NumberFormatError) and getattr(error, "ambiguous", False):
        return error.message
    return ""


def parse_year(value) -> int:
    """A whole calendar year; ValueError for fractions, text and negative numbers."""
    number = parse_decimal(value)
    if number is None or number != number.to_integral_value() or number < 0:
        raise ValueError
    return int(number)


def _whole(errors: Errors, field: str, value, lo: int, hi: int, message: str) -> int | None:
    try:
        number = parse_year(value)
    except ValueError:
        errors.add(field, message)
        return None
    if not lo <= number <= hi:
        errors.add(field, message)
        return None
    return number


def _share(errors: Errors, field: str, value) -> Decimal | None:
    try:
        number = parse_decimal(value)
    except ValueError as error:
        errors.add(field, ambiguity(error) or _("Ange en andel i procent, 0–100."))
        return None
    if number is not None and not Decimal(0) <= number <= Decimal(100):
        errors.add(field, _("Andelen måste ligga mellan 0 och 100 %."))
        return None
    return number


def _choice(errors: Errors, field: str, value, choices, message: str):
    if value not in choices.values:
        errors.add(field, message)
        return None
    return value


def _instance(model, value, *, errors: Errors, field: str, message: str, **filters):
    if value is None or value == "":
        return None
    if isinstance(value, model):
        value = value.pk
    found = model.objects.filter(pk=value, **filters).first() if str(value).isdigit() else None
    if found is None:
        errors.add(field, message)
    return found


def clean_case(fields: dict, case: BusinessCase | None) -> dict:
    """Validated settings of a business case (price year, base year, horizon, schedule,
    comparison rate, notes, draft flag). Raises ValidationError naming every wrong field."""
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown business-case fields: {sorted(unknown)}")
    errors = Errors()
    year_message = _("Ange ett helt årtal mellan %(lo)s och %(hi)s.") % {
        "lo": MIN_YEAR,
        "hi": MAX_YEAR,
    }
    out = {}
    for name in ("price_year", "base_year"):
        if name in fields or case is None:
            out[name] = _whole(errors, name, fields.get(name), MIN_YEAR, MAX_YEAR, year_message)
    if "horizon_years" in fields or case is None:
        out["horizon_years"] = _whole(
            errors,
            "horizon_years",
            fields.get("horizon_years", 10),
            0,
            100,
            _("Kalkylperioden är ett helt antal år, 0–100."),
        )
    if "schedule" in fields:
        out["schedule"] = _instance(
            DiscountRateSchedule,
            fields["schedule"],
            errors=errors,
            field="schedule",
            message=_("Välj en av partnerskapets kalkylräntor."),
        )
    if "comparison_rate" in fields:
        try:
            rate = parse_decimal(fields["comparison_rate"])
        except ValueError as error:
            message = _("Ange räntan i procent, till exempel 5.")
            errors.add("comparison_rate", ambiguity(error) or message)
            rate = None
        else:
            if rate is not None and not Decimal(-10) <= rate <= Decimal(100):
                errors.add("comparison_rate", _("Räntan måste ligga mellan −10 och 100 %."))
        out["comparison_rate"] = rate
    if "notes" in fields:
        out["notes"] = str(fields["notes"] or "").strip()
    if "is_draft" in fields:
        out["is_draft"] = bool(fields["is_draft"])
    if "use_realised" in fields:
        out["use_realised"] = bool(fields["use_realised"])
    errors.raise_if_any()
    return out


def _years_ok(errors: Errors, field: str, year: int, case: BusinessCase) -> bool:
    if not case.base_year <= year <= case.last_year:
        errors.add(
            field,
            _("År %(year)s ligger utanför kalkylperioden %(first)s–%(last)s.")
            % {"year": year, "first": case.base_year, "last": case.last_year},
        )
        return False
    return True


def clean_amounts(errors: Errors, amounts, case: BusinessCase) -> dict[int, Decimal]:
    """Calendar year → whole kronor. Blank amounts are dropped."""
    out: dict[int, Decimal] = {}
    if amounts is None:
        return out
    if not isinstance(amounts, dict):
        errors.add("amounts", _('Ange belopp per år, till exempel {"2026": 125000}.'))
        return out
    for raw_year, raw_amount in amounts.items():
        try:
            year = parse_year(raw_year)
        except ValueError:
            errors.add(
                "amounts",
                _("”%(year)s” är inget årtal: ange ett helt, positivt kalenderår.")
                % {"year": raw_year},
            )
            continue
        if not _years_ok(errors, "amounts", year, case):
            continue
        try:
            amount = parse_decimal(raw_amount)
        except ValueError:
            errors.add(
                "amounts",
                _("År %(year)s: ”%(value)s” är inget belopp. Ange kronor, till exempel 125000.")
                % {"year": year, "value": raw_amount},
            )
            continue
        if amount is None:
            continue
        if amount < 0 or abs(amount) >= MAX_AMOUNT:
            errors.add(
                "amounts",
                _("År %(year)s: ange beloppet som ett positivt tal i kronor (under 10 000 mdr).")
                % {"year": year},
            )
            continue
        out[year] = amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return out


def clean_line(
    values: dict, amounts, case: BusinessCase, line: BusinessCaseLine | None = None
) -> tuple[dict, dict[int, Decimal]]:
    """Validated line fields and amounts (derived from unit cost × people × effect for a
    benefit built from the unit-cost library). Raises ValidationError naming every wrong field."""
    unknown = set(values) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown line fields: {sorted(unknown)}")
    current = {name: getattr(line, name) for name in LINE_FIELDS} if line else dict(LINE_DEFAULTS)
    unit = values.get("unit_cost")
    if line is None and isinstance(unit, UnitCost):
        # A line built from the library takes the unit cost's actor, type and grade by default.
        current.update(actor=unit.actor, value_type=unit.value_type, confidence=unit.confidence)
        current.update(label=unit.name, kind=LineKind.BENEFIT)
    merged = {**current, **values}
    errors = Errors()
    out = {
        "kind": _choice(
            errors,
            "kind",
            merged.get("kind"),
            LineKind,
            _("Välj kostnad, nytta eller kostnad om inget görs."),
        ),
        "actor": _choice(
            errors, "actor", merged.get("actor"), Actor, _("Välj vilken aktör raden gäller.")
        ),
        "value_type": _choice(
            errors, "value_type", merged.get("value_type"), ValueType, _("Välj en värdetyp.")
        ),
    }
    label = str(merged.get("label") or "").strip()
    if not label or len(label) > 200:
        errors.add("label", _("Beskriv raden med högst 200 tecken."))
    out["label"] = label
    confidence = merged.get("confidence")
    if str(confidence) not in {str(v) for v in ConfidenceGrade.values}:
        errors.add("confidence", _("Välj en säkerhetsgrad 1–6."))
    else:
        out["confidence"] = int(confidence)
    for name in SHARES:
        out[name] = _share(errors, name, merged.get(name))
    for name, default in (("deadweight_pct", 0), ("attribution_pct", 100), ("drop_off_pct", 0)):
        if out[name] is None and name not in errors:
            out[name] = Decimal(default)
    unit_cost = _instance(
        UnitCost,
        merged.get("unit_cost"),
        errors=errors,
        field="unit_cost",
        message=_("Enhetskostnaden finns inte i biblioteket."),
    )
    out["unit_cost"] = unit_cost
    try:
        unit_amount = parse_decimal(merged.get("unit_amount_sek"))
    except ValueError as error:
        errors.add("unit_amount_sek", ambiguity(error) or _("Ange beloppet per enhet i kronor."))
        unit_amount = None
    explicit = values.get("unit_amount_sek") not in (None, "")
    changed = line is None or line.unit_cost_id != getattr(unit_cost, "pk", None)
    if unit_cost is not None and not explicit and (changed or unit_amount is None):
        # Snapshot the library's amount; a later revision of the library leaves the line alone.
        unit_amount = unit_cost.amount_sek
    try:
        people = parse_decimal(merged.get("people"))
    except ValueError as error:
        errors.add("people", ambiguity(error) or _("Ange antalet personer som ett tal."))
        people = None
    if people is not None and people < 0:
        errors.add("people", _("Antalet personer kan inte vara negativt."))
    derived = unit_amount is not None or people is not None or unit_cost is not None
    out.update(unit_amount_sek=unit_amount, people=people, first_year=None, last_year=None)
    pilot = case.pilot_id
    for name, message in (
        ("pilot_indicator", _("Välj ett antal-mått bland pilotens egna indikatorer.")),
        ("effect_indicator", _("Välj en av pilotens sifferindikatorer.")),
    ):
        excluded = [Measure.QUALITATIVE]
        if name == "pilot_indicator":
            excluded.append(Measure.PERCENT)
        found = _instance(
            PilotIndicator,
            merged.get(name),
            errors=errors,
            field=name,
            message=message,
            pilot_id=pilot,
        )
        if found is not None and found.indicator.measure in excluded:
            errors.add(name, message)
        out[name] = found
    clean_amounts_ = {}
    if derived:
        if out["kind"] and out["kind"] != LineKind.BENEFIT:
            errors.add("unit_cost", _("Bara nyttorader kan byggas av en enhetskostnad."))
        if unit_amount is None or unit_amount < 0:
            errors.add("unit_amount_sek", _("Välj en enhetskostnad eller ange belopp per enhet."))
        if people is None:
            errors.add("people", _("Ange hur många personer per år nyttan gäller."))
        if out["effect_pct"] is None and "effect_pct" not in errors:
            errors.add("effect_pct", _("Ange den förväntade effekten i procent."))
        first = _year_field(errors, "first_year", merged.get("first_year"), case)
        last = _year_field(errors, "last_year", merged.get("last_year"), case)
        if first is not None and last is not None and last < first:
            errors.add("last_year", _("Sista år kan inte vara före första år."))
        if amounts:
            errors.add("amounts", _("Beloppen räknas fram ur enhetskostnad × antal × effekt."))
        out.update(first_year=first, last_year=last)
        if not errors:
            per_year = (unit_amount * people * out["effect_pct"] / 100).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
            if per_year >= MAX_AMOUNT:
                errors.add("people", _("Beloppet per år blir orimligt stort."))
            clean_amounts_ = dict.fromkeys(range(first, last + 1), per_year)
    else:
        if out["pilot_indicator"] is not None:
            errors.add(
                "pilot_indicator",
                _("Bara rader byggda av antal personer kan räknas om med faktiskt utfall."),
            )
        clean_amounts_ = clean_amounts(errors, amounts, case)
    errors.raise_if_any()
    return out, clean_amounts_


def _year_field(errors: Errors, field: str, value, case: BusinessCase) -> int | None:
    try:
        year = parse_year(value)
    except ValueError:
        errors.add(field, _("Ange ett helt, positivt kalenderår."))
        return None
    return year if _years_ok(errors, field, year, case) else None


def clean_steps(errors: Errors, steps) -> list[list]:
    """[[first year, rate %], …] starting at year 0 with increasing years and rates −10..100 %."""
    if not isinstance(steps, list | tuple) or not steps:
        errors.add("steps", _("Ange minst ett räntesteg, till exempel [[0, 3.5], [31, 3.0]]."))
        return []
    out = []
    for step in steps:
        try:
            year, rate = step
            year, rate = parse_year(year), parse_decimal(rate)
        except (TypeError, ValueError):
            errors.add("steps", _("Varje steg är [första år, ränta i procent]."))
            return []
        if rate is None or not Decimal(-10) <= rate <= Decimal(100):
            errors.add("steps", _("Räntorna måste ligga mellan −10 och 100 %."))
            return []
        out.append([year, float(rate)])
    years = [y for y, _r in out]
    if years[0] != 0 or years != sorted(set(years)):
        errors.add("steps", _("Första steget börjar på år 0 och åren ska öka."))
    return out
