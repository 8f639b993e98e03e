"""Turning benchmark results into what pages and CSV files show: words, charts, maps, rows."""

from pathlib import Path

from django.conf import settings
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benchmarking import charts, compute
from benchmarking.benchmark import IndicatorBenchmark
from pilots.charts import format_number
from pilots.maps import load_map

KOMMUNER_GEOJSON = Path(settings.ROOT_DIR) / "data" / "reference" / "kommuner.geojson"

REASONS = {
    compute.FEW_PEERS: gettext_lazy("Dolt: färre än 5 jämförelsekommuner har värde."),
    compute.SMALL_COUNT: gettext_lazy("Dolt: piloternas resultat bygger på färre än 5 personer."),
    compute.FEW_RANKED: gettext_lazy("Ingen rangordning: färre än 5 områden har värde."),
    compute.NO_DIRECTION: gettext_lazy(
        "Ingen rangordning: indikatorn är neutral (varken högre eller lägre är bättre)."
    ),
    compute.DIRECTION_NOT_SET: gettext_lazy(
        "Ingen rangordning: riktning inte angiven (samordnaren har inte valt om högre eller "
        "lägre är bättre)."
    ),
    compute.MISSING: gettext_lazy("– saknas"),
    compute.FEW_YEARS: gettext_lazy("Ingen trend: färre än 3 år med värden."),
}
# Kolada's own status of a value, in words (matched without regard to case). Kolada does its own
# disclosure control: a withheld value comes as null with a status. A status not listed here is
# shown as Kolada wrote it. See docs/kolada.md.
KOLADA_STATUS = {
    "missing": gettext_lazy("Kolada saknar uppgift"),
}
DIRECTION_NOT_SET_LABEL = gettext_lazy("Riktning inte angiven")
ARROWS = {"up": "↑", "down": "↓", "stable": "→"}
MOVEMENT = {
    "up": gettext_lazy("ökar"),
    "down": gettext_lazy("minskar"),
    "stable": gettext_lazy("oförändrad"),
}
JUDGEMENT = {
    "good": gettext_lazy("bra"),
    "bad": gettext_lazy("dåligt"),
    "neutral": gettext_lazy("neutralt"),
    "unset": gettext_lazy("riktning inte angiven"),
}
# The verdict on the rank (compute.standing), in Kolada's terms.
COMPARISON = {
    compute.BEST_QUARTER: gettext_lazy("Bland de 25 % bästa i jämförelsen"),
    compute.MIDDLE: gettext_lazy("I mitten av jämförelsen (de mellersta 50 %)"),
    compute.WORST_QUARTER: gettext_lazy("Bland de 25 % sämsta i jämförelsen"),
}


def number(value) -> str:
    return format_number(value) if value is not None else ""


def status_text(status: str) -> str:
    """Kolada's status in words ("" when Kolada gave none)."""
    status = (status or "").strip()
    if not status:
        return ""
    known = KOLADA_STATUS.get(status.lower())
    return str(known) if known else _("Koladas status: %(status)s") % {"status": status}


def members_text(cell: compute.Cell) -> str:
    """ "n = 12" for a Kolada group's value: the members behind its unweighted mean."""
    if cell.members is None:
        return ""
    return _("oviktat medelvärde, n = %(n)s") % {"n": cell.members}


def cell_text(cell: compute.Cell) -> str:
    """A value, or why it is not shown; with Kolada's status in words when it gave one."""
    if cell.shown:
        text = format_number(cell.value)
        notes = [n for n in (members_text(cell), status_text(cell.status)) if n]
        return f"{text} ({'; '.join(notes)})" if notes else text
    return cell_note(cell) or "–"


def cell_note(cell: compute.Cell) -> str:
    """Why a value is not shown (Kolada's status in words when it gave one); "" when shown."""
    if cell.shown:
        return status_text(cell.status)
    if cell.reason == compute.MISSING and cell.status:
        return _("– saknas: %(why)s") % {"why": status_text(cell.status)}
    return str(REASONS.get(cell.reason, "–"))


def cell_html(value_cell: compute.Cell) -> str:
    """A raw value as HTML: its text, or why it is not shown in a span the styles mark."""
    if value_cell.shown:
        return conditional_escape(cell_text(value_cell))
    css = "missing" if value_cell.reason == compute.MISSING else "suppressed"
    return format_html('<span class="{}">{}</span>', css, cell_text(value_cell))


YEAR_ROW = (
    '<tr><th scope="row">{}</th><td class="num">{}{}</td><td class="num">{}</td>'
    '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>'
)


def year_rows_html(years) -> str:
    """The rows of an indicator's "chart as a table": year, own value, the peers' mean, n, min
    and max. Built here rather than in the template: a page has ~40 indicators × 10 years, and
    the template's per-cell tags and filters were half of the page's time."""
    preliminary = format_html(" ({})", _("preliminärt"))
    rows = []
    for row in years:
        peers = row.peers
        mean = str(REASONS.get(peers.reason, "–")) if peers.suppressed else number(peers.mean)
        rows.append(
            format_html(
                YEAR_ROW,
                row.year,
                cell_html(row.value),
                preliminary if row.is_preliminary else "",
                mean,
                peers.n,
                number(peers.minimum) or "–",
                number(peers.maximum) or "–",
            )
        )
    return mark_safe("".join(rows))  # every part is escaped by format_html above


def map_rows_html(rows) -> str:
    """The rows of the map's table: (name, code, value text) per area."""
    return format_html_join(
        "", '<tr><th scope="row">{}</th><td>{}</td><td class="num">{}</td></tr>', rows
    )


def is_percent(item: IndicatorBenchmark) -> bool:
    return item.unit.strip() == "%"


def has_own_values(item: IndicatorBenchmark) -> bool:
    return any(r.value.shown for r in item.years)


def has_chart(item: IndicatorBenchmark) -> bool:
    """Whether a chart has anything to draw: the area's values or the peers' shown figures.
    Without either it would be an empty frame on a made-up axis."""
    return has_own_values(item) or any(r.peers.mean is not None for r in item.years)


def no_values_text(item: IndicatorBenchmark, subject_name: str, first: int, last: int) -> str:
    """The sentence that stands for the area's line when it has no value in the years shown."""
    if has_own_values(item):
        return ""
    return _("%(area)s har inga värden för det här nyckeltalet %(first)s–%(last)s.") % {
        "area": subject_name,
        "first": first,
        "last": last,
    }


def chart_for(item: IndicatorBenchmark, subject_name: str, index: int) -> str:
    """The line chart against the peer band, or "" when there is nothing to draw."""
    if not has_chart(item):
        return ""
    labels = [str(r.year) for r in item.years]
    title = _("%(indicator)s: %(area)s och jämförelsegruppen") % {
        "indicator": item.title,
        "area": subject_name,
    }
    desc = _(
        "Linjediagram per år: %(area)s som heldragen linje, jämförelsegruppens medelvärde som streckad "  # noqa: E501
        "linje och spannet mellan lägsta och högsta värde som fält. Samma siffror finns i tabellen."
    ) % {"area": subject_name}
    return charts.band_chart_svg(
        labels,
        [r.value.value for r in item.years],
        [r.peers.mean for r in item.years],
        [r.peers.minimum for r in item.years],
        [r.peers.maximum for r in item.years],
        title=title,
        desc=desc,
        percent=is_percent(item),
        chart_id=f"chart-{index}",
        text=charts.BandText(
            own=subject_name, mean=_("Medelvärde, jämförelsegrupp"), band=_("Lägst–högst")
        ),
    )


def trend_text(trend: compute.Trend) -> str:
    if trend.movement is None:
        return str(REASONS[compute.FEW_YEARS])
    return f"{ARROWS[trend.movement]} {MOVEMENT[trend.movement]} ({JUDGEMENT[trend.judgement]})"


def map_for(values: dict[str, compute.Cell], *, title: str, subject: str, region_level: bool):
    """The choropleth SVG, its legend classes and the rows of its table alternative."""
    present = {k: c.value for k, c in values.items() if c.shown}
    legend = charts.class_breaks(list(present.values()))
    desc = _(
        "Karta över Sveriges kommuner färgade efter värde; vita kommuner saknar värde. "
        "Tabellen under kartan har samma värden."
    )
    svg = charts.choropleth_svg(
        load_map(str(KOMMUNER_GEOJSON)),
        present,
        legend,
        title=title,
        desc=desc,
        missing_label=str(REASONS[compute.MISSING]),
        subject=subject,
        region_level=region_level,
    )
    return svg, legend


def csv_rows(items: list[IndicatorBenchmark], subject_code: str, peers_label: str, gender: str):
    """Header and rows: one per indicator and year; raw values and our own computations apart."""
    yield [
        _("indikator_id"),
        _("indikator"),
        _("område"),
        _("år"),
        _("kön"),
        _("värde (källa)"),
        _("värde_anmärkning"),
        _("jämförelsegrupp"),
        _("medelvärde (egen beräkning)"),
        _("n"),
        _("min"),
        _("max"),
        _("anmärkning"),
        _("källa"),
    ]
    for item in items:
        source = _("Kolada") if item.origin == "kolada" else _("Godkända pilotresultat")
        for row in item.years:
            yield [
                item.key,
                item.title,
                subject_code,
                row.year,
                gender,
                "" if row.value.value is None else round(row.value.value, 4),
                cell_note(row.value),
                peers_label,
                "" if row.peers.mean is None else round(row.peers.mean, 4),
                row.peers.n,
                "" if row.peers.minimum is None else row.peers.minimum,
                "" if row.peers.maximum is None else row.peers.maximum,
                str(REASONS[row.peers.reason]) if row.peers.reason else "",
                source,
            ]
