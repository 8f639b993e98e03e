"""Stored estimates as the page shows them: plain-Swedish sentences, the chart and its table."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benchmarking.models import Gender, KpiDirection
from evidence.charts import effect_chart_svg
from evidence.compute import MIN_ADOPTERS, MIN_PRE_YEARS, is_improvement
from evidence.models import EffectEstimate, Method, Status
from pilots.charts import format_number

CAVEATS = [
    gettext_lazy(
        "Skattningen antar att kommunerna som införde arbetssättet skulle ha utvecklats som "
        "jämförelsekommunerna om de inte hade gjort det (parallella trender). Kontrollen av åren "
        "före införandet prövar det, men kan inte bevisa det."
    ),
    gettext_lazy(
        "Kommuner väljer själva att införa ett arbetssätt. Om de gör det samtidigt som annat "
        "förändras (en ny satsning, en kris, en omorganisation) räknas det med i effekten."
    ),
    gettext_lazy(
        "Införandeåret är startdatumet för kommunens första öppna pilot av arbetssättet. Piloter "
        "som inte registrerats här, eller som inte är öppna, räknas inte."
    ),
    gettext_lazy(
        "Nyckeltalet mäter hela kommunen, inte bara dem som nåddes av insatsen; en verklig men "
        "liten effekt kan därför synas dåligt."
    ),
    gettext_lazy(
        "Värden som saknas eller som Kolada inte publicerar (till exempel för att de bygger på "
        "för få personer) används aldrig. Skattningen är vår egen beräkning på data från Kolada."
    ),
]


@dataclass
class EstimateView:
    estimate: EffectEstimate
    heading: str
    shown: bool
    verdict: str = ""
    reason: str = ""
    checks: list[str] = field(default_factory=list)
    chart: str = ""
    rows: list[dict] = field(default_factory=list)
    warn: bool = False


def _n(value) -> str:
    return format_number(value) if value is not None else "–"


def _reason(e: EffectEstimate) -> str:
    texts = {
        Status.NO_DATA: _("Det finns inga värden för nyckeltalet ännu."),
        Status.NO_ADOPTERS: _(
            "Ingen kommun med värden för nyckeltalet har en öppen pilot av arbetssättet med "
            "startdatum."
        ),
        Status.TOO_FEW_ADOPTERS: _(
            "Bara %(n)s kommuner har infört arbetssättet med data före och efter. Vi visar en "
            "skattning först när minst %(min)s har gjort det; med färre går slumpen inte att "
            "skilja från en effekt."
        )
        % {"n": e.adopters, "min": MIN_ADOPTERS},
        Status.TOO_FEW_PRE_YEARS: _(
            "%(left)s kommuner har för kort historik: vi kräver minst %(years)s år med värden "
            "före införandet för att kunna pröva att kommunerna utvecklades som jämförelsegruppen "
            "innan."
        )
        % {"left": e.left_out, "years": MIN_PRE_YEARS},
        Status.NO_POST_YEARS: _("Det finns inga värden från åren efter införandet ännu."),
        Status.TOO_FEW_COMPARISONS: _(
            "Det finns för få jämförbara kommuner med fullständiga värden för att jämföra med."
        ),
    }
    return texts.get(e.status, "")


def _verdict(e: EffectEstimate, unit: str) -> str:
    values = {
        "effect": _n(abs(e.estimate)),
        "low": _n(e.ci_low),
        "high": _n(e.ci_high),
        "unit": unit,
    }
    if not e.excludes_zero:
        return _(
            "Ingen säker effekt: skattningen är %(estimate)s%(unit)s, men 95 %%-intervallet "
            "(%(low)s till %(high)s) rymmer noll, så både förbättring och försämring är möjliga."
        ) % {**values, "estimate": _n(e.estimate)}
    better = is_improvement(e.estimate, e.details.get("direction", e.kpi.direction))
    if better is None:
        key = _("högre") if e.estimate > 0 else _("lägre")
        return _(
            "Kommunerna som infört arbetssättet har i genomsnitt %(effect)s%(unit)s %(key)s "
            "värden än jämförbara kommuner (95 %%-intervall %(low)s till %(high)s)."
        ) % {**values, "key": key}
    if better:
        text = _(
            "Förbättring: kommunerna som infört arbetssättet har i genomsnitt %(effect)s%(unit)s "
            "bättre värden än jämförbara kommuner (95 %%-intervall %(low)s till %(high)s)."
        )
    else:
        text = _(
            "Försämring: kommunerna som infört arbetssättet har i genomsnitt %(effect)s%(unit)s "
            "sämre värden än jämförbara kommuner (95 %%-intervall %(low)s till %(high)s)."
        )
    return text % values


def _checks(e: EffectEstimate, unit: str) -> tuple[list[str], bool]:
    checks, warn = [], False
    if e.method == Method.SYNTHETIC:
        donors = len(e.details.get("donors", []))
        checks.append(
            _(
                "En enda kommun har infört arbetssättet. Den jämförs med en syntetisk kommun: en "
                "viktad blandning av %(n)s kommuner som aldrig infört det, vald så att den följer "
                "kommunen åren före. Intervallet bygger på placebotest: samma beräkning för varje "
                "jämförelsekommun, som om den hade infört arbetssättet."
            )
            % {"n": donors}
        )
        p_value = e.placebo.get("p_value")
        if p_value is not None:
            checks.append(
                _(
                    "Placebotest: p = %(p)s (andelen placebokommuner med minst lika stort "
                    "avvikande)."
                )
                % {"p": _n(p_value)}
            )
    else:
        if e.pretrend_p is not None:
            if e.pretrend_flagged:
                warn = True
                checks.append(
                    _(
                        "Varning – trenden före införandet: kommunerna som införde utvecklades "
                        "redan före införandet annorlunda än jämförelsekommunerna (p = %(p)s). "
                        "Skattningen är troligen missvisande, till exempel för att kommuner "
                        "inför arbetssättet efter ett dåligt år."
                    )
                    % {"p": _n(e.pretrend_p)}
                )
            else:
                checks.append(
                    _(
                        "Trenden före införandet: ingen tydlig skillnad mot jämförelsekommunerna "
                        "åren före (p = %(p)s)."
                    )
                    % {"p": _n(e.pretrend_p)}
                )
        placebo = e.placebo
        if placebo.get("estimate") is not None:
            passes = placebo["low"] <= 0 <= placebo["high"]
            warn = warn or not passes
            text = (
                _(
                    "Placebotest: med införandet flyttat %(shift)s år bakåt, då inget kan ha hänt, "
                    "blir skattningen %(estimate)s (%(low)s till %(high)s) – som väntat nära noll."
                )
                if passes
                else _(
                    "Varning – placebotest: med införandet flyttat %(shift)s år bakåt, då inget "
                    "kan ha hänt, blir skattningen %(estimate)s (%(low)s till %(high)s), skild "
                    "från noll."
                )
            )
            checks.append(
                text
                % {
                    "shift": placebo.get("shift", 2),
                    "estimate": _n(placebo["estimate"]),
                    "low": _n(placebo["low"]),
                    "high": _n(placebo["high"]),
                }
            )
        never = e.never_treated
        if never.get("estimate") is not None:
            checks.append(
                _(
                    "Jämfört bara med de %(n)s kommuner som aldrig infört arbetssättet: "
                    "%(estimate)s (%(low)s till %(high)s)."
                )
                % {
                    "n": never.get("comparison", 0),
                    "estimate": _n(never["estimate"]),
                    "low": _n(never["low"]),
                    "high": _n(never["high"]),
                }
            )
    if e.naive is not None:
        checks.append(
            _(
                "En enkel före–efter-jämförelse utan jämförelsekommuner hade visat "
                "%(naive)s%(unit)s; den räknar in allt annat som förändrades under samma år "
                "och visas bara som kontrast."
            )
            % {"naive": _n(e.naive), "unit": unit}
        )
    if e.left_out:
        checks.append(
            _("%(n)s kommuner som infört arbetssättet har för kort historik och är utelämnade.")
            % {"n": e.left_out}
        )
    return checks, warn


def view(e: EffectEstimate, index: int) -> EstimateView:
    """One estimate as the practice page and the appraisal form show it."""
    gender = str(dict(Gender.choices).get(e.gender, e.gender)).lower()
    heading = f"{e.kpi.title} ({gender})"
    unit = (
        f" {e.kpi.unit}"
        if e.kpi.unit and e.kpi.unit != "%"
        else (_(" procentenheter") if e.kpi.unit == "%" else "")
    )
    item = EstimateView(estimate=e, heading=heading, shown=e.shown)
    if not e.shown:
        item.reason = _reason(e)
        return item
    item.verdict = _verdict(e, unit)
    item.checks, item.warn = _checks(e, unit)
    direction = e.details.get("direction", e.kpi.direction)
    item.rows = [
        {**r, "better": is_improvement(r["estimate"], direction) if r["e"] >= 0 else None}
        for r in e.by_year
    ]
    direction_text = {
        KpiDirection.HIGHER: _("högre är bättre"),
        KpiDirection.LOWER: _("lägre är bättre"),
    }.get(direction, "")
    item.chart = effect_chart_svg(
        e.by_year,
        title=_("Effekt per år sedan införandet: %(kpi)s") % {"kpi": heading},
        desc=_(
            "Skillnad mot jämförelsekommunerna per år före (grå) och efter (grön) införandet, "
            "med 95 %%-intervall; %(direction)s. Samma siffror finns i tabellen."
        )
        % {"direction": direction_text},
        axis_label=_("År sedan införandet (0 = införandeåret)"),
        chart_id=f"effect-{index}",
    )
    return item
