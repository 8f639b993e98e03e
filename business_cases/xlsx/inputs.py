"""The *Indata* sheet: the case's settings, the discount-rate steps and every line's
assumptions and amounts per year, in yellow input cells the formula sheets reference."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from business_cases.models import Actor, ValueType
from business_cases.report import kind_label
from business_cases.xlsx.cells import (
    INPUT_FILL,
    PCT,
    SEK,
    set_widths,
    sheet_prefix,
    write_header,
    write_title,
)
from business_cases.xlsx.model import Model

# Columns of the line table on Indata.
LABEL, KIND, ACTOR, VALUE_TYPE, GRADE, OB, DW, AT, DO = range(1, 10)
UNIT, UNIT_AMOUNT, PEOPLE, EFFECT, REALISED = range(10, 15)
FIRST_YEAR_COLUMN = 15


@dataclass
class InputLayout:
    """Where write_inputs put the cells the formula sheets reference."""

    base_year: str = ""  # absolute reference to the base-year cell
    steps_years: str = ""
    steps_rates: str = ""
    line_rows: list[int] = field(default_factory=list)


def write_inputs(wb, model: Model) -> InputLayout:
    """Write the workbook's first sheet as *Indata*; returns where its inputs are."""
    ws = wb.active
    ws.title = _("Indata")
    here = sheet_prefix(ws)
    layout = InputLayout()
    write_title(ws, model.title, model.schedule_name)
    ws.append(
        [
            _(
                "Gula celler är indata: ändra dem så räknar bladen Beräkning och Resultat per "
                "aktör om."
            )
        ]
    )
    ws.append([_("Basår (år 0)"), model.base_year])
    layout.base_year = f"{here}$B${ws.max_row}"
    ws.cell(row=ws.max_row, column=2).fill = INPUT_FILL
    ws.append([_("Kalkylperiod (år efter basåret)"), model.horizon])
    for label, value in model.settings:
        ws.append([label, value])
    ws.append([])
    write_header(ws, [_("Kalkylränta från år (år efter basåret)"), _("Ränta")])
    first = ws.max_row + 1
    for year, rate in model.schedule.steps:
        ws.append([year, rate])
        for cell in ws[ws.max_row]:
            cell.fill = INPUT_FILL
        ws.cell(row=ws.max_row, column=2).number_format = PCT
    last = ws.max_row
    layout.steps_years = f"{here}$A${first}:$A${last}"
    layout.steps_rates = f"{here}$B${first}:$B${last}"
    ws.append([])
    years = [model.base_year + t for t in range(model.horizon + 1)]
    write_header(
        ws,
        [
            _("Rad"),
            _("Typ"),
            _("Aktör"),
            _("Värdetyp"),
            _("Säkerhet"),
            _("Optimismavdrag"),
            _("Dödvikt"),
            _("Tillskrivning"),
            _("Avtagande per år"),
            _("Enhetskostnad"),
            _("Belopp per enhet"),
            _("Antal personer"),
            _("Effekt"),
            _("Faktiskt utfall år"),
            *[str(y) for y in years],
        ],
    )
    actors, types = dict(Actor.choices), dict(ValueType.choices)
    for item in model.lines:
        line = item.line
        ws.append(
            [
                line.label,
                kind_label(line.kind),
                str(actors.get(line.actor, line.actor)),
                str(types.get(line.value_type, line.value_type)),
                item.grade,
                line.optimism_bias,
                line.deadweight,
                line.attribution,
                line.drop_off,
                item.unit_name or None,
                item.unit_amount,
                item.people,
                item.effect,
                ", ".join(str(y) for y in item.realised_years) or None,
                *[line.amounts.get(t) for t in range(model.horizon + 1)],
            ]
        )
        row = ws.max_row
        layout.line_rows.append(row)
        for col in (OB, DW, AT, DO, EFFECT):
            ws.cell(row=row, column=col).number_format = PCT
        for col in (OB, DW, AT, DO, *range(FIRST_YEAR_COLUMN, FIRST_YEAR_COLUMN + len(years))):
            ws.cell(row=row, column=col).fill = INPUT_FILL
        ws.cell(row=row, column=UNIT_AMOUNT).number_format = SEK
        for col in range(FIRST_YEAR_COLUMN, FIRST_YEAR_COLUMN + len(years)):
            ws.cell(row=row, column=col).number_format = SEK
    set_widths(ws)
    return layout
