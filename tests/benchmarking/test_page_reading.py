"""What a kommun analyst reads on /jamfor/<kod>/: a verdict that agrees with the rank, no raw
counts ranked against each other, a sentence instead of an empty chart, labelled cells for
narrow screens, the SKR group named as elsewhere and the areas in Swedish order."""

import re

import pytest

from partners.models import Kommun
from pilots.factories import IndicatorFactory, PeriodReportFactory, PilotFactory
from pilots.models import IndicatorValue, PilotIndicator
from pilots.models.choices import ReportStatus
from tests.benchmarking.helpers import UPPSALA_LAN, make_kpi, make_values

pytestmark = pytest.mark.django_db

PEERS = [c for c in UPPSALA_LAN if c != "0380"]


def _sections(body: str) -> dict[str, str]:
    """Each indicator's section of the page by its heading's text."""
    sections = {}
    for part in body.split('<section class="indicator"')[1:]:
        heading = re.search(r"<h2[^>]*>([^<]+)", part).group(1).strip()
        sections[heading] = part.split("</section>")[0]
    return sections


def _page(client, **params) -> str:
    response = client.get("/jamfor/0380/", {"jamfor": "lan", **params})
    assert response.status_code == 200
    return response.content.decode()


def test_verdict_follows_the_rank_when_one_peer_pulls_the_mean_up(client):
    # Higher is better: one peer's 192 lifts the peers' mean (75.8) above Uppsala's 73.7,
    # though only that peer is better. The verdict must not say "worse" beside "2 av 8".
    make_kpi("N00010", direction="higher", title="Andel i insatsen")
    values = dict(zip(PEERS, [192, 70, 60, 55, 52, 51.5, 50], strict=True))
    make_values("N00010", {"0380": {2023: 73.7}, **{c: {2023: v} for c, v in values.items()}})
    section = _sections(_page(client, fran=2023, till=2023))["Andel i insatsen"]
    assert "75,8" in section and "2 av 8" in section
    assert "Bland de 25 % bästa i jämförelsen" in section
    assert "sämre" not in section and "sämsta" not in section


def test_verdict_is_the_worst_quarter_near_the_bottom_and_absent_without_a_rank(client):
    make_kpi("N00011", direction="lower", title="Andel rökare")
    make_values("N00011", {c: {2023: 10 + i} for i, c in enumerate([*PEERS, "0380"])})
    make_kpi("N00012", direction="", title="Andel utan riktning")
    make_values("N00012", {c: {2023: 10 + i} for i, c in enumerate(UPPSALA_LAN)})
    sections = _sections(_page(client, fran=2023, till=2023))
    assert "8 av 8" in sections["Andel rökare"]
    assert "Bland de 25 % sämsta i jämförelsen" in sections["Andel rökare"]
    assert "Ingen rangordning" in sections["Andel utan riktning"]
    assert "jämförelsen</p>" not in sections["Andel utan riktning"]


def _approved(indicator, kommun_codes, value):
    pilot = PilotFactory(visibility="public")
    pilot.kommuner.set(Kommun.objects.filter(code__in=kommun_codes))
    link = PilotIndicator.objects.create(pilot=pilot, indicator=indicator)
    report = PeriodReportFactory(
        period=pilot.periods.order_by("start").first(), status=ReportStatus.APPROVED
    )
    IndicatorValue.objects.create(report=report, pilot_indicator=link, value=value)


def test_counts_of_persons_or_events_are_not_ranked_between_kommuner(client):
    counted = IndicatorFactory(name="Antal deltagare i insatsen", unit="personer")
    events = IndicatorFactory(name="Fallolyckor som krävt vård", unit="händelser")
    share = IndicatorFactory(name="Andel som fullföljt insatsen", percent=True)
    rate = IndicatorFactory(name="Fallskador bland äldre", unit="per 1 000 invånare")
    for indicator in (counted, events, share, rate):
        _approved(indicator, ["0380", *PEERS], 40)
    body = _page(client)
    assert "Andel som fullföljt insatsen" in body and "Fallskador bland äldre" in body
    assert "Antal deltagare i insatsen" not in body
    assert "Fallolyckor som krävt vård" not in body
    assert "Antal personer eller händelser i piloterna jämförs inte" in body


def test_an_indicator_without_own_values_says_so_instead_of_drawing_an_empty_chart(client):
    make_kpi("N00013", direction="lower", title="Andel med risk för undernäring")
    make_values("N00013", {"0305": {2023: 5}, "0319": {2023: 6}})  # two peers, not Uppsala
    make_kpi("N00014", direction="lower", title="Andel rökare")
    make_values("N00014", {c: {2022: 10 + i, 2023: 11 + i} for i, c in enumerate(UPPSALA_LAN)})
    sections = _sections(_page(client, fran=2022, till=2023))
    empty = sections["Andel med risk för undernäring"]
    assert "Uppsala har inga värden för det här nyckeltalet 2022–2023." in empty
    assert "<svg" not in empty and "Diagrammet som tabell" not in empty
    assert "– saknas" in empty  # the summary still says the value is missing
    shown = sections["Andel rökare"]
    assert 'class="band-chart"' in shown and "Diagrammet som tabell" in shown
    assert "har inga värden" not in shown


def test_english_page_says_the_same(client):
    make_kpi("N00013", direction="lower", title="Andel med risk för undernäring")
    make_values("N00013", {"0305": {2023: 5}})
    make_kpi("N00010", direction="higher", title="Andel i insatsen")
    values = dict(zip(PEERS, [192, 70, 60, 55, 52, 51.5, 50], strict=True))
    make_values("N00010", {"0380": {2023: 73.7}, **{c: {2023: v} for c, v in values.items()}})
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/jamfor/0380/", {"jamfor": "lan", "fran": 2023, "till": 2023}).text
    assert "Uppsala has no values for this indicator in 2023–2023." in body
    assert "Among the best 25 % in the comparison" in body
    assert "The verdict under each table follows the rank" in body
    assert "Same SKR municipality group (" in body and "B3 " not in body


def test_summary_cells_carry_their_labels_for_narrow_screens(client):
    make_kpi("N00014", direction="lower", title="Andel rökare")
    make_values("N00014", {c: {2023: 11 + i} for i, c in enumerate(UPPSALA_LAN)})
    section = _sections(_page(client, fran=2023, till=2023))["Andel rökare"]
    summary = section.split('class="data-table benchmark-summary"')[1].split("</table>")[0]
    labels = re.findall(r'<td role="cell"[^>]*data-label="([^"]+)"', summary)
    assert labels == ["Värde 2023", "Medelvärde", "n", "Min", "Max", "Rang", "Trend"]


def test_skr_peer_group_is_named_as_in_search(client):
    body = _page(client)
    assert "Samma SKR-kommungrupp (Större stad)" in body
    assert "B3 Större stad" not in body


def test_kommuner_in_the_picker_and_the_map_table_are_in_swedish_order(client):
    body = client.get("/jamfor/").content.decode()
    names = re.findall(r'<option value="\d{4}"[^>]*>([^<]+)</option>', body)
    assert names.index("Åmål") < names.index("Älmhult") < names.index("Öckerö")
    assert names.index("Ystad") < names.index("Åmål")
