"""The IATI 2.03 export: valid against the official XSD, field by field for a hand-built pilot,
and never showing private pilots or unapproved values."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iati_export import codes, selectors
from iati_export.xml import activities_document
from pilots.factories import PilotFactory
from pilots.models import HealthArea
from programmes.factories import ProgrammePilotFactory
from tests.iati_export.data import hand_built_pilot
from tests.iati_export.schema import assert_valid_iati

pytestmark = pytest.mark.django_db
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def built():
    return hand_built_pilot()


def _export(slug):
    return activities_document(
        selectors.pilot_activities(slug=slug), now=dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
    )


def _narratives(element):
    return {n.get(XML_LANG, "sv"): n.text for n in element.findall("narrative")}


def test_hand_built_pilot_exports_valid_iati_with_every_field(built, settings):
    settings.SITE_URL = "https://preventionsportalen.example"
    root = assert_valid_iati(_export(built.pilot.slug))

    assert root.tag == "iati-activities"
    assert root.get("version") == "2.03"
    assert root.get("generated-datetime").startswith("2026-01-15T")
    (activity,) = root.findall("iati-activity")
    assert activity.get(XML_LANG) == "sv"
    assert activity.get("default-currency") == "SEK"
    assert activity.findtext("iati-identifier") == f"SE-ON-212000-2742-PP{built.pilot.pk}"
    reporting = activity.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("type")) == ("SE-ON-212000-2742", "11")
    assert _narratives(reporting) == {"sv": "Umeå kommun"}

    assert _narratives(activity.find("title")) == {
        "sv": "Fallprevention i hemtjänsten",
        "en": "Fall prevention in home care",
    }
    general, objectives = activity.findall("description")
    assert general.get("type") == "1"
    assert _narratives(general) == {
        "sv": "Hemtjänstpersonal tränar balans med äldre i hemmet.",
        "en": "Home care staff train balance with older people at home.",
    }
    assert objectives.get("type") == "2"
    assert _narratives(objectives) == {"sv": "Om … så …"}

    participants = [
        (p.get("ref"), p.get("type"), p.get("role"), p.findtext("narrative"))
        for p in activity.findall("participating-org")
    ]
    assert participants == [
        ("SE-ON-212000-2742", "11", "2", "Umeå kommun"),
        ("SE-ON-232100-0222", "11", "1", "Region Västerbotten"),
        ("SE-ON-202100-6545", "10", "1", "Folkhälsomyndigheten"),
        ("SE-ON-202100-2874", "80", "4", "Umeå universitet"),
        ("SE-ON-802400-0005", "22", "4", "Träffpunkt Umeå"),
    ]

    assert activity.find("activity-status").get("code") == "2"
    dates = [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")]
    assert dates == [("2", "2025-01-01"), ("3", "2025-12-31")]
    country = activity.find("recipient-country")
    assert (country.get("code"), country.get("percentage")) == ("SE", "100")

    region, kommun = activity.findall("location")
    assert region.get("ref") == "SE-LAN-24"
    assert _narratives(region.find("name")) == {"sv": "Region Västerbotten"}
    assert region.find("feature-designation").get("code") == "ADM1"
    assert kommun.get("ref") == "SE-KOMMUN-2480"
    assert _narratives(kommun.find("name")) == {"sv": "Umeå"}
    assert kommun.find("feature-designation").get("code") == "ADM2"
    assert kommun.find("location-class").get("code") == "1"

    sectors = [
        (s.get("vocabulary"), s.get("code"), s.get("percentage"), s.findtext("narrative"))
        for s in activity.findall("sector")
    ]
    assert sectors == [
        ("1", "12220", "100", "Basic health care"),
        ("99", "fall_skador", "100", "Fall och skador"),
    ]

    link = activity.find("document-link")
    assert link.get("url") == "https://preventionsportalen.example/piloter/fallprevention-umea/"
    assert link.find("category").get("code") == "A12"

    falls, share, story = activity.findall("result")
    assert falls.get("type") == "9"
    assert _narratives(falls.find("title")) == {"sv": "Fallolyckor som ledde till vård"}
    indicator = falls.find("indicator")
    assert (indicator.get("measure"), indicator.get("ascending")) == ("1", "0")
    assert "Kolada-KPI: U21468." in indicator.find("description").findtext("narrative")
    baseline = indicator.find("baseline")
    assert (baseline.get("year"), baseline.get("iso-date"), baseline.get("value")) == (
        "2024",
        "2024-12-31",
        "40",
    )
    assert baseline.find("comment").findtext("narrative") == "Helåret 2024."
    q1, q4 = indicator.findall("period")
    assert (q1.find("period-start").get("iso-date"), q1.find("period-end").get("iso-date")) == (
        "2025-01-01",
        "2025-03-31",
    )
    actuals = [
        (a.get("value"), [(d.get("name"), d.get("value")) for d in a.findall("dimension")])
        for a in q1.findall("actual")
    ]
    assert sorted(actuals) == sorted(
        [
            ("22", [("sex", "female")]),
            ("12", [("sex", "female"), ("age", "80+")]),
            ("16", [("sex", "male")]),
            ("38", []),
        ]
    )
    assert q1.find("target") is None
    assert q4.find("period-end").get("iso-date") == "2025-12-31"
    assert [t.get("value") for t in q4.findall("target")] == ["30"]
    assert q4.find("actual") is None

    share_indicator = share.find("indicator")
    assert (share_indicator.get("measure"), share_indicator.get("ascending")) == ("2", "1")
    periods = share_indicator.findall("period")
    assert [(p.find("period-end").get("iso-date")) for p in periods] == [
        "2025-03-31",
        "2025-06-30",
        "2026-06-30",
    ]
    (actual,) = periods[0].findall("actual")
    assert actual.get("value") == "30"
    assert actual.find("comment").findtext("narrative") == "Täljare 12, nämnare 40."
    assert [t.get("value") for t in periods[1].findall("target")] == ["50"]
    orphan = periods[2]
    assert orphan.find("period-start").get("iso-date") == "2025-01-01"
    assert [t.get("value") for t in orphan.findall("target")] == ["60"]

    story_indicator = story.find("indicator")
    assert story_indicator.get("measure") == "5"
    assert story_indicator.get("ascending") is None
    story_baseline = story_indicator.find("baseline")
    assert story_baseline.get("value") is None
    (story_period,) = story_indicator.findall("period")
    (story_actual,) = story_period.findall("actual")
    assert story_actual.get("value") is None
    assert story_actual.find("comment").findtext("narrative") == "Brukarna uppskattar träningen."


def test_unapproved_values_never_appear(built):
    document = _export(built.pilot.slug).decode()
    assert "999" not in document
    assert "Ej godkänd." not in document


@pytest.mark.parametrize("trait", ["private", "partnership", "draft"])
def test_pilots_that_are_not_public_are_not_exported_even_to_their_own_people(trait, coordinator):
    pilot = PilotFactory(indicators=1, approved_reports=1, **{trait: True})
    client = Client()
    client.force_login(coordinator)
    assert client.get(f"/api/v1/iati/pilots/{pilot.slug}/").status_code == 404
    assert client.get(f"/piloter/{pilot.slug}/iati.xml").status_code == 404
    organisation = client.get(f"/api/v1/iati/organisations/{pilot.lead_organisation.slug}/")
    assert organisation.status_code == 404
    assert organisation.json() == {"detail": "Det finns inga öppna piloter att exportera."}


def test_organisation_export_holds_the_public_pilots_it_leads(built):
    PilotFactory(lead_organisation=built.lead, indicators=1, approved_reports=2)
    PilotFactory(lead_organisation=built.lead, private=True)
    PilotFactory(lead_organisation=built.implementer)  # a partner's own pilot: not this file
    response = Client().get(f"/api/v1/iati/organisations/{built.lead.slug}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = assert_valid_iati(response.content)
    identifiers = [a.findtext("iati-identifier") for a in root.findall("iati-activity")]
    assert len(identifiers) == 2
    assert all(i.startswith("SE-ON-212000-2742-PP") for i in identifiers)


def test_programme_export_holds_its_accepted_public_pilots(built):
    ProgrammePilotFactory(programme=built.programme, applied=True)
    ProgrammePilotFactory(programme=built.programme, pilot=PilotFactory(private=True))
    response = Client().get(f"/program/{built.programme.slug}/iati.xml")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="iati-friska-aldre.xml"'
    root = assert_valid_iati(response.content)
    assert [a.findtext("iati-identifier") for a in root.findall("iati-activity")] == [
        f"SE-ON-212000-2742-PP{built.pilot.pk}"
    ]


def test_private_programme_is_hidden_from_outsiders(built):
    built.programme.visibility = "private"
    built.programme.save()
    assert Client().get(f"/api/v1/iati/programmes/{built.programme.slug}/").status_code == 404
    root = assert_valid_iati(_export(built.pilot.slug))
    # A private programme's funding is not published either.
    roles = [p.get("role") for p in root.iter("participating-org")]
    assert roles.count("1") == 1  # only the co-funder partner


def test_api_errors_are_json_and_any_accept_header_gets_xml(built):
    client = Client()
    missing = client.get("/api/v1/iati/pilots/finns-inte/", HTTP_ACCEPT="application/xml")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    ok = client.get(f"/api/v1/iati/pilots/{built.pilot.slug}/", HTTP_ACCEPT="application/json")
    assert ok.status_code == 200
    assert ok["Content-Type"] == "application/xml"
    assert_valid_iati(ok.content)
    bad_token = client.get(
        f"/api/v1/iati/pilots/{built.pilot.slug}/", HTTP_AUTHORIZATION="Token nope"
    )
    assert bad_token.status_code == 401
    assert bad_token["Content-Type"] == "application/json"


@pytest.mark.parametrize("health_area", [*HealthArea.values, ""])
def test_every_health_area_exports_a_valid_sector(health_area):
    pilot = PilotFactory(health_area=health_area, indicators=1, approved_reports=1)
    root = assert_valid_iati(_export(pilot.slug))
    dac = [s for s in root.iter("sector") if s.get("vocabulary") == "1"]
    assert dac and sum(int(s.get("percentage")) for s in dac) == 100
    assert all(s.get("code") in codes.SECTOR_NAMES for s in dac)


def test_odd_pilots_still_export_valid_iati():
    """No dates, no summary, no indicators, control characters in the text, a future start."""
    bare = PilotFactory(start_date=None, end_date=None, summary="", title="Ett\x0b test\x01")
    bare.evaluation_plan.theory_of_change = ""
    bare.evaluation_plan.save()
    root = assert_valid_iati(_export(bare.slug))
    assert root.find("iati-activity/title/narrative").text == "Ett test"
    assert root.find("iati-activity/activity-date").get("type") == "2"
    future = PilotFactory(
        start_date=timezone.localdate() + dt.timedelta(days=30),
        end_date=timezone.localdate() + dt.timedelta(days=400),
        indicators=2,
    )
    root = assert_valid_iati(_export(future.slug))
    assert root.find("iati-activity/activity-status").get("code") == "1"
    assert [d.get("type") for d in root.iter("activity-date")] == ["1", "3"]


def test_organisation_export_reads_in_constant_queries(built):
    def queries_for_export():
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(f"/api/v1/iati/organisations/{built.lead.slug}/")
        assert response.status_code == 200
        return len(queries)

    few = queries_for_export()
    for _ in range(4):
        PilotFactory(lead_organisation=built.lead, indicators=3, approved_reports=3)
    assert queries_for_export() == few


def test_public_pilot_page_links_to_its_iati_download(built):
    page = Client().get(built.pilot.get_absolute_url())
    assert page.status_code == 200
    assert f'href="/piloter/{built.pilot.slug}/iati.xml"' in page.content.decode()
    download = Client().get(f"/piloter/{built.pilot.slug}/iati.xml")
    assert download["Content-Disposition"] == 'attachment; filename="iati-fallprevention-umea.xml"'
    assert_valid_iati(download.content)
