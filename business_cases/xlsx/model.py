"""What the workbook's formula sheets are built from: a model of a loaded business case (the
amounts its headline uses) or of plain economics lines (the hand examples)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from business_cases import economics
from business_cases.models import Actor, ConfidenceGrade


@dataclass
class InputLine:
    """One line as the workbook shows it: the arithmetic's line and what explains it."""

    line: economics.Line
    grade: str = ""
    unit_name: str = ""
    unit_amount: float | None = None
    people: float | None = None
    effect: float | None = None
    realised_years: list[int] = field(default_factory=list)


@dataclass
class Model:
    """What the formula sheets need; built from a loaded case or from plain economics lines."""

    title: str
    schedule: economics.DiscountSchedule
    schedule_name: str
    base_year: int
    horizon: int
    lines: list[InputLine]
    actors: list[tuple[str, str]]  # (code, label) in the page's order
    settings: list[tuple[str, object]] = field(default_factory=list)


def model_from_lines(
    lines, *, horizon: int, base_year: int = 0, schedule=economics.GREEN_BOOK, title: str = ""
) -> Model:
    """A model of plain economics lines (the hand examples): labels from the codes."""
    labels = dict(Actor.choices)
    codes = list(dict.fromkeys(line.actor for line in lines))
    order = list(labels)
    codes.sort(key=lambda a: order.index(a) if a in order else 99)
    return Model(
        title=title or _("Kalkyl"),
        schedule=schedule,
        schedule_name=schedule.name,
        base_year=base_year,
        horizon=horizon,
        lines=[InputLine(line) for line in lines],
        actors=[(a, str(labels.get(a, a))) for a in codes],
    )


def model_from_case(data, report) -> Model:
    """The model of a loaded case: the amounts its headline uses."""
    case = data.case
    grades = dict(ConfidenceGrade.choices)
    inputs = []
    for stored, line in zip(data.lines, data.economics_lines(), strict=True):
        realised = data.realised.get(stored.pk)
        realised_years = []
        if report.uses_realised and realised and stored.is_derived:
            realised_years = sorted(
                y for y in realised.whole_years if (y - case.base_year) in line.amounts
            )
        inputs.append(
            InputLine(
                line,
                grade=str(grades.get(stored.confidence, stored.confidence)),
                unit_name=stored.unit_cost.name if stored.unit_cost else "",
                unit_amount=_float(stored.unit_amount_sek),
                people=_float(stored.people),
                effect=None if stored.effect_pct is None else float(stored.effect_pct) / 100,
                realised_years=realised_years,
            )
        )
    return Model(
        title=_("Kalkyl: %(pilot)s") % {"pilot": data.pilot.title},
        schedule=data.schedule,
        schedule_name=report.schedule_name,
        base_year=case.base_year,
        horizon=case.horizon_years,
        lines=inputs,
        actors=[(row.actor, row.label) for row in report.actors],
        settings=[
            (_("Prisår"), case.price_year),
            (
                _("Jämförelseränta (%)"),
                float(case.comparison_rate) if case.comparison_rate is not None else None,
            ),
            (_("Demosiffror"), _("ja") if case.is_demo else _("nej")),
            (
                _("Huvudresultatet räknar med"),
                _("faktiskt utfall (markerade år)") if report.uses_realised else _("antaganden"),
            ),
            (_("Antaganden och källor"), case.notes),
        ],
    )


def _float(value):
    return None if value is None else float(value)
