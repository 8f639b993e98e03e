"""The business case as an XLSX workbook (openpyxl) an economist can work on.

- *Indata*: the case's settings, the discount-rate schedule as steps (from year, rate) and every
  line's assumptions: type, actor, value type, optimism bias (from the confidence grade),
  deadweight, attribution, drop-off, the unit-cost basis and the amount per calendar year the
  headline uses (realised figures where the case owner chose them).
- *Beräkning*: live formulas that reference those input cells: the rate and discount factor per
  year, each line's adjusted amount and present value per year, and per actor the present value
  of costs, benefits and the cost of inaction per year, the cumulative net and the payback test.
- *Resultat per aktör*: PV costs and benefits, NPV, BCR, payback year, shares and the fiscal and
  public-value returns, as formulas over *Beräkning*. Change an input and the results follow.
- *Vem betalar, vem vinner* and *Känslighet*: the portal's own figures as values.

The formulas mirror business_cases.economics exactly (tests/business_cases/test_xlsx_formulas.py
evaluates them with the `formulas` engine against economics.compute). They use only references,
numbers and our own labels; user text sits in cells of its own, neutralised by
core.spreadsheets, and is never pasted into a formula."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from business_cases import economics
from business_cases.models import Actor, ConfidenceGrade, ValueType
from business_cases.report import kind_label
from business_cases.switching import line_phrase, total_phrase
from core.spreadsheets import set_formula, xlsx_bytes

SEK = '#,##0 "kr";[Red]-#,##0 "kr"'
RATIO = "0.00"
PCT = "0.0%"
FACTOR = "0.000000"
BOLD = Font(bold=True)
COST_FILL = PatternFill("solid", fgColor="FDE8E8")
BENEFIT_FILL = PatternFill("solid", fgColor="E6F4EA")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
TOLERANCE = "-0.000000001"  # as economics._payback_year: cumulative net ≥ −1e-9

# Columns of the line table on Indata.
LABEL, KIND, ACTOR, VALUE_TYPE, GRADE, OB, DW, AT, DO = range(1, 10)
UNIT, UNIT_AMOUNT, PEOPLE, EFFECT, REALISED = range(10, 15)
FIRST_YEAR_COLUMN = 15
# Columns on Beräkning: label, kind, actor, value type, sum, then one per year.
C_SUM, C_FIRST_YEAR = 5, 6


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


def _q(text: str) -> str:
    """Our own label as a formula string literal."""
    return '"' + str(text).replace('"', '""') + '"'


def _sheet(ws) -> str:
    return "'" + ws.title.replace("'", "''") + "'!"


def _col(index: int) -> str:
    return get_column_letter(index)


def _header(ws, row: list[str]) -> None:
    ws.append(row)
    for cell in ws[ws.max_row]:
        cell.font = BOLD


def _widths(ws, first: int = 34, rest: int = 16) -> None:
    for index in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(index)].width = first if index == 1 else rest


def _title(ws, text: str, schedule_name: str) -> None:
    ws.append([text])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("Kalkylränta: %(name)s") % {"name": schedule_name}])
    ws.append([])


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


@dataclass
class _Layout:
    base_year: str = ""  # absolute reference to the base-year cell
    steps_years: str = ""
    steps_rates: str = ""
    line_rows: list[int] = field(default_factory=list)


def _inputs(wb, model: Model) -> _Layout:
    ws = wb.active
    ws.title = _("Indata")
    here = _sheet(ws)
    layout = _Layout()
    _title(ws, model.title, model.schedule_name)
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
    _header(ws, [_("Kalkylränta från år (år efter basåret)"), _("Ränta")])
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
    _header(
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
    _widths(ws)
    return layout


@dataclass
class _ActorRows:
    label: str
    costs: int
    benefits: int
    bau: int
    cumulative: int
    payback: int


def _calculation(wb, model: Model, layout: _Layout):
    """The formula sheet; returns (sheet, per-actor rows, total rows, PV block rows)."""
    ws = wb.create_sheet(_("Beräkning"))
    inp = _sheet(wb[_("Indata")])
    _title(ws, _("Beräkning (formler över bladet Indata)"), model.schedule_name)
    years = range(model.horizon + 1)
    ycol = {t: _col(C_FIRST_YEAR + t) for t in years}
    icol = {t: _col(FIRST_YEAR_COLUMN + t) for t in years}
    last_col = ycol[model.horizon]
    _header(ws, [_("År efter basåret (t)"), "", "", "", "", *list(years)])
    r_t = ws.max_row
    ws.append([_("Kalenderår")])
    r_year = ws.max_row
    ws.append([_("Kalkylränta")])
    r_rate = ws.max_row
    ws.append([_("Diskonteringsfaktor")])
    r_factor = ws.max_row
    for t in years:
        c = ycol[t]
        set_formula(ws[f"{c}{r_year}"], f"={layout.base_year}+{c}${r_t}")
        set_formula(
            ws[f"{c}{r_rate}"],
            f"=LOOKUP({c}${r_t},{layout.steps_years},{layout.steps_rates})",
        )
        ws[f"{c}{r_rate}"].number_format = PCT
        if t == 0:
            ws[f"{c}{r_factor}"] = 1
        else:
            set_formula(ws[f"{c}{r_factor}"], f"={ycol[t - 1]}{r_factor}/(1+{c}{r_rate})")
        ws[f"{c}{r_factor}"].number_format = FACTOR
    benefit, cost, bau = (_q(kind_label(k)) for k in (economics.BENEFIT, economics.COST, "bau"))
    fiscal = [_q(dict(ValueType.choices)[v]) for v in economics.FISCAL_TYPES]

    def line_block(title, cell_formula, sum_column=True, number_format=SEK):
        ws.append([])
        _header(
            ws,
            [
                title,
                _("Typ"),
                _("Aktör"),
                _("Värdetyp"),
                _("Summa") if sum_column else _("Första år"),
            ],
        )
        rows = []
        for index, irow in enumerate(layout.line_rows):
            ws.append([None])  # a cell, so max_row moves (an empty append does not)
            r = ws.max_row
            for col, source in ((1, LABEL), (2, KIND), (3, ACTOR), (4, VALUE_TYPE)):
                set_formula(ws.cell(row=r, column=col), f"={inp}${_col(source)}${irow}")
            for t in years:
                cell = ws[f"{ycol[t]}{r}"]
                set_formula(cell, "=" + cell_formula(index, irow, r, t))
                cell.number_format = number_format
            rows.append(r)
        return rows

    # The year a line starts (drop-off counts from it): the first year with an amount.
    first_rows = line_block(
        _("År med belopp"),
        lambda i, irow, r, t: f'IF(ISNUMBER({inp}{icol[t]}{irow}),{ycol[t]}${r_t},"")',
        sum_column=False,
        number_format="0",
    )
    for r in first_rows:
        span = f"{ycol[0]}{r}:{last_col}{r}"
        set_formula(ws.cell(row=r, column=C_SUM), f"=IF(COUNT({span})=0,0,MIN({span}))")

    def adjusted(i, irow, r, t):
        amount = f"{inp}{icol[t]}{irow}"
        ob, dw, at, do = (f"{inp}${_col(c)}${irow}" for c in (OB, DW, AT, DO))
        return (
            f"IF(ISNUMBER({amount}),{amount}*IF($B{r}={benefit},"
            f"(1-{ob})*(1-{dw})*{at}*(1-{do})^({ycol[t]}${r_t}-$E${first_rows[i]}),"
            f"1+{ob}),0)"
        )

    adjusted_rows = line_block(_("Justerat belopp (ej diskonterat)"), adjusted)
    pv_rows = line_block(
        _("Nuvärde"),
        lambda i, irow, r, t: f"{ycol[t]}{adjusted_rows[i]}*{ycol[t]}${r_factor}",
    )
    for r in (*adjusted_rows, *pv_rows):
        set_formula(ws.cell(row=r, column=C_SUM), f"=SUM({ycol[0]}{r}:{last_col}{r})")
        ws.cell(row=r, column=C_SUM).number_format = SEK
    pv_first, pv_last = (pv_rows[0], pv_rows[-1]) if pv_rows else (ws.max_row, ws.max_row)
    kinds = f"$B${pv_first}:$B${pv_last}"
    actors = f"$C${pv_first}:$C${pv_last}"
    types = f"$D${pv_first}:$D${pv_last}"

    def actor_block(label, condition):
        """Rows of one actor (or the total when `condition` is empty)."""
        ws.append([])
        _header(ws, [label])
        out = {}
        for key, title, kind in (
            ("costs", _("Nuvärde kostnader"), cost),
            ("benefits", _("Nuvärde nyttor"), benefit),
            ("bau", _("Nuvärde kostnad om inget görs"), bau),
        ):
            ws.append([title, "", label])
            r = ws.max_row
            for t in years:
                c = ycol[t]
                set_formula(
                    ws[f"{c}{r}"],
                    f"=SUMPRODUCT({condition.format(row=r)}({kinds}={kind})*{c}${pv_first}:{c}${pv_last})",
                )
                ws[f"{c}{r}"].number_format = SEK
            set_formula(ws.cell(row=r, column=C_SUM), f"=SUM({ycol[0]}{r}:{last_col}{r})")
            ws.cell(row=r, column=C_SUM).number_format = SEK
            out[key] = r
        ws.append([_("Kumulativt netto (nyttor − kostnader)"), "", label])
        r_cum = ws.max_row
        ws.append([_("Antal år med nytta hittills"), "", label])
        r_seen = ws.max_row
        ws.append([_("Återbetalat detta år"), "", label])
        r_pay = ws.max_row
        for t in years:
            c = ycol[t]
            net = f"{c}{out['benefits']}-{c}{out['costs']}"
            previous_cum = f"{ycol[t - 1]}{r_cum}+" if t else ""
            previous_seen = f"{ycol[t - 1]}{r_seen}+" if t else ""
            set_formula(ws[f"{c}{r_cum}"], f"={previous_cum}{net}")
            ws[f"{c}{r_cum}"].number_format = SEK
            set_formula(ws[f"{c}{r_seen}"], f"={previous_seen}IF({c}{out['benefits']}>0,1,0)")
            set_formula(
                ws[f"{c}{r_pay}"],
                f'=IF(AND({c}{r_seen}>0,{c}{r_cum}>={TOLERANCE}),{c}${r_year},"")',
            )
        return _ActorRows(label, out["costs"], out["benefits"], out["bau"], r_cum, r_pay)

    per_actor = [
        actor_block(label, "({actors}=$C${row})*".replace("{actors}", actors))
        for _code, label in model.actors
    ]
    total = actor_block(_("Totalt"), "")
    ws.append([])
    ws.append([_("Nuvärde nyttor för offentliga budgetar")])
    r_fiscal = ws.max_row
    set_formula(
        ws.cell(row=r_fiscal, column=C_SUM),
        f"=SUMPRODUCT((({types}={fiscal[0]})+({types}={fiscal[1]}))*({kinds}={benefit})"
        f"*$E${pv_first}:$E${pv_last})",
    )
    ws.cell(row=r_fiscal, column=C_SUM).number_format = SEK
    _widths(ws, first=40, rest=14)
    return ws, per_actor, total, r_fiscal


def _results(wb, model: Model, report=None) -> None:
    layout = _inputs(wb, model)
    calc, per_actor, total, r_fiscal = _calculation(wb, model, layout)
    c = _sheet(calc)
    ws = wb.create_sheet(_("Resultat per aktör"))
    _title(ws, _("Resultat per aktör (nuvärden)"), model.schedule_name)
    _header(
        ws,
        [
            _("Aktör"),
            _("Nuvärde kostnader"),
            _("Nuvärde nyttor"),
            _("Nettonuvärde"),
            _("Nytta per krona"),
            _("Återbetalningsår"),
            _("Kostnad om inget görs"),
            _("Med piloten"),
            _("Andel av kostnaderna"),
            _("Andel av nyttorna"),
        ],
    )
    first = ws.max_row + 1
    total_row = first + len(per_actor)
    sum_col = _col(C_SUM)
    last_col = _col(C_FIRST_YEAR + model.horizon)
    for rows in [*per_actor, total]:
        ws.append([rows.label])
        r = ws.max_row
        pay = f"{c}${_col(C_FIRST_YEAR)}${rows.payback}:${last_col}${rows.payback}"
        for col, formula in (
            (2, f"={c}${sum_col}${rows.costs}"),
            (3, f"={c}${sum_col}${rows.benefits}"),
            (4, f"=C{r}-B{r}"),
            (5, f'=IF(B{r}>0,C{r}/B{r},"")'),
            (6, f'=IF(COUNT({pay})=0,"",MIN({pay}))'),
            (7, f"={c}${sum_col}${rows.bau}"),
            (8, f"=G{r}+B{r}-C{r}"),
            (9, f"=IF($B${total_row}>0,B{r}/$B${total_row},0)"),
            (10, f"=IF($C${total_row}>0,C{r}/$C${total_row},0)"),
        ):
            set_formula(ws.cell(row=r, column=col), formula)
        for col in (2, 3, 4, 7, 8):
            ws.cell(row=r, column=col).number_format = SEK
        ws.cell(row=r, column=5).number_format = RATIO
        for col in (9, 10):
            ws.cell(row=r, column=col).number_format = PCT
    ws[f"A{ws.max_row}"].font = BOLD
    ws.append([])
    for label, formula in (
        (
            _("Budgetavkastning (nytta för offentliga budgetar per krona)"),
            f'=IF(B{total_row}>0,{c}${sum_col}${r_fiscal}/B{total_row},"")',
        ),
        (_("Offentligt värde (all nytta per krona)"), f"=E{total_row}"),
    ):
        ws.append([label])
        set_formula(ws.cell(row=ws.max_row, column=2), formula)
        ws.cell(row=ws.max_row, column=2).number_format = RATIO
    if report is not None and report.comparison is not None:
        ws.append(
            [
                _("Nettonuvärde vid %(name)s (portalens värde)")
                % {"name": report.comparison.schedule},
                report.comparison.total.npv,
            ]
        )
        ws.cell(row=ws.max_row, column=2).number_format = SEK
    _widths(ws)


def formula_workbook(model: Model) -> Workbook:
    """Indata, Beräkning and Resultat per aktör for a model (the hand examples use this)."""
    wb = Workbook()
    _results(wb, model)
    return wb


def _matrix(wb, report) -> None:
    ws = wb.create_sheet(_("Vem betalar, vem vinner"))
    _title(
        ws,
        _("Kostnader och nyttor per aktör och år (ej diskonterade, justerade)"),
        report.schedule_name,
    )
    _header(ws, [_("Aktör"), "", *[str(y) for y in report.years], _("Summa")])
    for row in report.matrix:
        ws.append([row.label, _("Kostnad"), *[-c for _y, c, _b in row.cells], -row.total_cost])
        for cell in ws[ws.max_row][2:]:
            cell.number_format, cell.fill = SEK, COST_FILL
        ws.append(["", _("Nytta"), *[b for _y, _c, b in row.cells], row.total_benefit])
        for cell in ws[ws.max_row][2:]:
            cell.number_format, cell.fill = SEK, BENEFIT_FILL
        ws.append(["", _("Netto"), *[b - c for _y, c, b in row.cells], row.net])
        for cell in ws[ws.max_row][2:]:
            cell.number_format = SEK
    _widths(ws, rest=14)


def _sensitivity(wb, report) -> None:
    ws = wb.create_sheet(_("Känslighet"))
    _title(ws, _("Känslighetsanalys"), report.schedule_name)
    _header(ws, [_("Kalkylränta"), _("Nettonuvärde"), _("Nytta per krona")])
    for rate, result in report.rates:
        ws.append([rate, result.total.npv, result.total.bcr])
        ws.cell(row=ws.max_row, column=1).number_format = PCT
        ws.cell(row=ws.max_row, column=2).number_format = SEK
        ws.cell(row=ws.max_row, column=3).number_format = RATIO
    ws.append([])
    _header(ws, [_("Parameter (tornado)"), _("Nettonuvärde, lågt"), _("Nettonuvärde, högt")])
    for bar in report.tornado:
        ws.append(
            [
                report.tornado_labels[bar.parameter],
                min(bar.low_npv, bar.high_npv),
                max(bar.low_npv, bar.high_npv),
            ]
        )
        for col in (2, 3):
            ws.cell(row=ws.max_row, column=col).number_format = SEK
    ws.append([])
    _header(
        ws,
        [
            _("Optimismavdrag \\ dödvikt"),
            *[_("dödvikt %(pe)s") % {"pe": _points(d)} for d in report.grid_columns],
        ],
    )
    for ob, values in report.grid_rows:
        ws.append([_("optimism %(pe)s") % {"pe": _points(ob)}, *values])
        for cell in ws[ws.max_row][1:]:
            cell.number_format = SEK
    ws.append([])
    # The fraction for anyone computing on, and the sentence saying what it means.
    ws.append(
        [
            _("Växlingsvärde, alla nyttor"),
            report.switching_value,
            total_phrase(report.switching_value),
        ]
    )
    ws.cell(row=ws.max_row, column=2).number_format = PCT
    for item in report.line_switches:
        ws.append(
            [
                _("Växlingsvärde: %(line)s") % {"line": item.label},
                item.value,
                line_phrase(item.value),
            ]
        )
        ws.cell(row=ws.max_row, column=2).number_format = PCT
    _widths(ws, first=44, rest=20)


def _points(share) -> str:
    # Named, not a bare "+10 pe": a cell starting with a sign would be taken for a formula.
    return f"{share * 100:+.0f} pe"


def workbook_bytes(data, report) -> bytes:
    """The workbook for a loaded business case and its report."""
    wb = Workbook()
    _results(wb, model_from_case(data, report), report)
    _matrix(wb, report)
    _sensitivity(wb, report)
    return xlsx_bytes(wb)
