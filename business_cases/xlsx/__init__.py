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
core.spreadsheets, and is never pasted into a formula.

The modules: model.py (what the sheets show, from a loaded case or plain lines), inputs.py
(*Indata*), formulas.py (*Beräkning*, *Resultat per aktör*), workbook.py (the value sheets and
the whole download), cells.py (formats and small writers they share)."""
