"""The formula sheets over *Indata*: *Beräkning* (rate and discount factor per year, each line's
adjusted amount and present value, per actor the present values, cumulative net and payback
test) and *Resultat per aktör* (PV costs and benefits, NPV, BCR, payback year, shares, fiscal and
public-value returns). Change an input and the results follow.

They mirror business_cases.economics exactly (tests/business_cases/test_xlsx_formulas.py
evaluates them with the `formulas` engine against economics.compute)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook

from business_cases import economics
from business_cases.models import ValueType
from business_cases.report import kind_label
from business_cases.xlsx.cells import (
    BOLD,
    FACTOR,
    PCT,
    RATIO,
    SEK,
    column_letter,
    quote,
    set_widths,
    sheet_prefix,
    write_header,
    write_title,
)
from business_cases.xlsx.inputs import (
    ACTOR,
    AT,
    DO,
    DW,
    FIRST_YEAR_COLUMN,
    KIND,
    LABEL,
    OB,
    VALUE_TYPE,
    InputLayout,
    write_inputs,
)
from business_cases.xlsx.model import Model
from core.spreadsheets import set_formula

TOLERANCE = "-0.000000001"  # as economics._payback_year: cumulative net ≥ −1e-9
# Columns on Beräkning: label, kind, actor, value type, sum, then one per year.
C_SUM, C_FIRST_YEAR = 5, 6


@dataclass
class _ActorRows:
    label: str
    costs: int
    benefits: int
    bau: int
    cumulative: int
    payback: int


def _calculation(wb, model: Model, layout: InputLayout):
    """The formula sheet; returns (sheet, per-actor rows, total rows, PV block rows)."""
    ws = wb.create_sheet(_("Beräkning"))
    inp = sheet_prefix(wb[_("Indata")])
    write_title(ws, _("Beräkning (formler över bladet Indata)"), model.schedule_name)
    years = range(model.horizon + 1)
    ycol = {t: column_letter(C_FIRST_YEAR + t) for t in years}
    icol = {t: column_letter(FIRST_YEAR_COLUMN + t) for t in years}
    last_col = ycol[model.horizon]
    write_header(ws, [_("År efter basåret (t)"), "", "", "", "", *list(years)])
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
    benefit, cost, bau = (quote(kind_label(k)) for k in (economics.BENEFIT, economics.COST, "bau"))
    fiscal = [quote(dict(ValueType.choices)[v]) for v in economics.FISCAL_TYPES]

    def line_block(title, cell_formula, sum_column=True, number_format=SEK):
        ws.append([])
        write_header(
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
                set_formula(ws.cell(row=r, column=col), f"={inp}${column_letter(source)}${irow}")
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
        ob, dw, at, do = (f"{inp}${column_letter(c)}${irow}" for c in (OB, DW, AT, DO))
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
        write_header(ws, [label])
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
    set_widths(ws, first=40, rest=14)
    return ws, per_actor, total, r_fiscal


def write_formula_sheets(wb, model: Model, report=None) -> None:
    """*Indata*, *Beräkning* and *Resultat per aktör* for the model; with a report, also its
    NPV at the comparison schedule (the portal's value)."""
    layout = write_inputs(wb, model)
    calc, per_actor, total, r_fiscal = _calculation(wb, model, layout)
    c = sheet_prefix(calc)
    ws = wb.create_sheet(_("Resultat per aktör"))
    write_title(ws, _("Resultat per aktör (nuvärden)"), model.schedule_name)
    write_header(
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
    sum_col = column_letter(C_SUM)
    last_col = column_letter(C_FIRST_YEAR + model.horizon)
    for rows in [*per_actor, total]:
        ws.append([rows.label])
        r = ws.max_row
        pay = f"{c}${column_letter(C_FIRST_YEAR)}${rows.payback}:${last_col}${rows.payback}"
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
    set_widths(ws)


def formula_workbook(model: Model) -> Workbook:
    """Indata, Beräkning and Resultat per aktör for a model (the hand examples use this)."""
    wb = Workbook()
    write_formula_sheets(wb, model)
    return wb
