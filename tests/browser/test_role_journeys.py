"""One journey per role, each at 1280 and 390 px wide, by links only.

Each journey opens the start page and from there clicks as its user would; the `journey`
fixture fails it if it types an address (`goto`) after the start page, so a screen that can only
be reached by a typed address cannot come back unnoticed. Every page on the way passes axe-core
(no serious or critical violations). The clicks from start page to goal are counted by the
fixture (printed, and written to JOURNEY_CLICKS_FILE when set).
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cms.models import NationalGoalPage
from learning.factories import NominationFactory, PracticeFactory
from learning.rules import ensure_appraisal_group
from learning.services.adoption import _shifted
from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.models import Kommun, OrganisationKind, Role
from pilots.factories import IndicatorFactory, PilotFactory
from pilots.models import PeriodReport, PilotIndicator, ReportStatus
from pilots.periods import MONTH_NAMES_SV
from pilots.services import report_return, report_save, report_submit
from tests.benchmarking.helpers import make_kpi, make_values
from tests.browser.helpers import LinksOnlyViolation, assert_accessible, log_in_by_link
from tests.cms import helpers as cms

PASSWORD = "losenord-123"
INDICATOR = "Deltagare som fullföljt"


def _start(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name=name).click()


def _mina_sidor(page: Page) -> None:
    page.get_by_role("banner").get_by_role("link", name="Mina sidor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina sidor")


def _month_label(day: dt.date) -> str:
    return f"{MONTH_NAMES_SV[day.month - 1]} {day.year}"


def _running_pilot(organisation, title="Rörelse nära hemmet"):
    """A monthly pilot that started two months ago and runs for a year, with one indicator."""
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=40)).replace(day=1)
    pilot = PilotFactory(
        lead_organisation=organisation,
        title=title,
        start_date=start,
        end_date=start.replace(year=start.year + 1) - dt.timedelta(days=1),
        plan="month",
    )
    PilotIndicator.objects.create(
        pilot=pilot, indicator=IndicatorFactory(name=INDICATOR), baseline_value=10
    )
    return pilot


def test_a_journey_that_types_an_address_fails(journey):
    _start(journey)
    with pytest.raises(LinksOnlyViolation):
        journey.goto("/mina-sidor/")


def test_reporter_opens_this_months_report_from_the_pilot_page_and_submits_early(journey):
    organisation = OrganisationFactory(name="Norrby kommun")
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    pilot = _running_pilot(organisation)
    this_month = _month_label(timezone.localdate())

    _start(journey)
    log_in_by_link(journey, reporter.email, PASSWORD)
    _mina_sidor(journey)
    mine = journey.get_by_role("region", name="Mina piloter")
    mine.get_by_role("link", name=pilot.title, exact=True).click()
    periods = journey.get_by_role("table", name="Pilotens rapportperioder med status")
    expect(periods.get_by_role("row", name=this_month)).to_contain_text("Öppen")
    assert_accessible(journey)
    periods.get_by_role("link", name=this_month).click()
    expect(journey.get_by_role("heading", level=1)).to_have_text(f"Periodrapport {this_month}")
    journey.get_by_role("group", name=INDICATOR).get_by_role("textbox").first.fill("12")
    journey.get_by_label("Berättelse").fill("Två grupper har startat.")
    journey.get_by_role("button", name="Skicka för godkännande").click()
    confirm = journey.get_by_role("alert").filter(has_text="Perioden har inte slutat än")
    expect(confirm).to_contain_text("Utkastet är sparat")
    assert_accessible(journey)
    confirm.get_by_role("button", name="Skicka in ändå").click()
    expect(journey.get_by_role("status")).to_contain_text("Rapporten är inskickad för godkännande.")
    assert PeriodReport.objects.get(pilot=pilot).status == ReportStatus.SUBMITTED


def test_approver_finds_the_waiting_report_and_approves_it_with_a_comment(journey):
    organisation = OrganisationFactory(name="Söderby kommun")
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    approver = MembershipFactory(organisation=organisation, role=Role.APPROVER).user
    pilot = _running_pilot(organisation)
    period = pilot.periods.order_by("start").first()
    period.pilot = pilot
    link = pilot.indicators.get()
    report = report_save(
        period=period,
        actor=reporter,
        expected_version=None,
        values=[{"pilot_indicator": link.pk, "gender": "T", "age_band": "", "value": "14"}],
        narrative="Alla träffar genomförda.",
        progress="on_track",
    )
    report_submit(report=report, actor=reporter, expected_version=report.version)
    label = _month_label(period.start)

    _start(journey)
    log_in_by_link(journey, approver.email, PASSWORD)
    _mina_sidor(journey)
    waiting = journey.get_by_role("region", name="Väntar på mitt godkännande")
    assert_accessible(journey)
    waiting.get_by_role("link", name=f"Granska {pilot.title} {label}").click()
    expect(journey.get_by_text("krävs vid retur")).to_be_visible()
    journey.get_by_label("Kommentar till rapportörerna").fill("Tydligt, tack.")
    assert_accessible(journey)
    journey.get_by_role("button", name="Godkänn").click()
    expect(journey.get_by_role("status")).to_have_text("Rapporten är godkänd och perioden låst.")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.return_comment == "Tydligt, tack."


def test_org_admin_invites_a_colleague_from_mina_sidor(journey):
    organisation = OrganisationFactory(name="Hälsoföreningen Väst")
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN).user

    _start(journey)
    log_in_by_link(journey, admin.email, PASSWORD)  # sets up two-factor on first login
    _mina_sidor(journey)
    journey.get_by_role("region", name="Mina organisationer").get_by_role(
        "link", name=organisation.name
    ).click()
    journey.get_by_role("link", name="Medlemmar och roller").click()
    expect(journey.get_by_role("form", name="Bjud in en kollega")).to_be_visible()
    assert_accessible(journey)
    invite = journey.get_by_role("form", name="Bjud in en kollega")
    invite.get_by_label("E-postadress").fill("ny.kollega@example.se")
    invite.get_by_label("Roll").select_option(label="Rapportör")
    invite.get_by_role("button", name="Skicka inbjudan").click()
    expect(journey.get_by_role("status")).to_contain_text(
        "Inbjudan är skickad till ny.kollega@example.se"
    )
    assert_accessible(journey)


def test_kommun_analyst_compares_their_kommun_with_its_peers(journey):
    uppsala = Kommun.objects.get(code="0380")
    organisation = OrganisationFactory(
        name="Uppsala kommun", kind=OrganisationKind.KOMMUN, kommun=uppsala
    )
    analyst = MembershipFactory(organisation=organisation, role=Role.VIEWER).user
    make_kpi("N99902", direction="lower", title="Andel dagligrökare (demo)", is_demo=True)
    codes = Kommun.objects.order_by("code").values_list("code", flat=True)
    make_values(
        "N99902",
        {
            c: {y: 5 + (i % 7) + (y - 2015) * 0.2 for y in range(2015, 2025)}
            for i, c in enumerate(codes)
        },
    )

    _start(journey)
    log_in_by_link(journey, analyst.email, PASSWORD)
    _nav(journey, "Jämför")
    assert_accessible(journey)
    journey.get_by_label("Kommun eller region").select_option(label="Uppsala")
    journey.get_by_role("button", name="Visa jämförelse").click()
    expect(journey.get_by_role("heading", level=1)).to_contain_text("Uppsala")
    expect(journey.locator("#bm-summary")).to_contain_text("Samma SKR-kommungrupp")
    assert_accessible(journey)

    # An own peer group, built with the searchable picker.
    journey.get_by_role("link", name="Skapa eller ändra egna jämförelsegrupper").click()
    journey.get_by_role("link", name="Ny jämförelsegrupp").click()
    journey.get_by_label("Namn").fill("Grannar i Uppland")
    search = journey.get_by_label("Sök kommun")
    for name in ("Knivsta", "Enköping", "Tierp", "Östhammar", "Heby"):
        search.fill(name)
        journey.get_by_role("checkbox", name=name, exact=True).check()
    expect(journey.get_by_text("5 kommuner valda.")).to_be_visible()
    assert_accessible(journey)
    journey.get_by_role("button", name="Spara").click()
    expect(journey.get_by_role("main")).to_contain_text("Grannar i Uppland")

    # Back to Uppsala's page, compared with the own group.
    journey.get_by_role("link", name="Till jämförelser").click()
    journey.get_by_label("Kommun eller region").select_option(label="Uppsala")
    journey.get_by_role("button", name="Visa jämförelse").click()
    journey.get_by_label("Jämförelsegrupp", exact=True).select_option(label="Grannar i Uppland")
    journey.get_by_role("button", name="Visa", exact=True).click()
    expect(journey.locator("#bm-summary")).to_contain_text("Jämförs med Grannar i Uppland: 5")
    expect(journey.locator("figure.chart svg").first).to_be_visible()
    journey.get_by_text("Diagrammet som tabell").first.click()
    table = journey.get_by_role("table", name=re.compile("Andel dagligrökare")).first
    expect(table).to_be_visible()
    expect(table).to_contain_text(",")  # decimal comma in the table alternative
    assert_accessible(journey)

    with journey.expect_download() as download:
        journey.get_by_role("link", name="Ladda ner hela jämförelsen (CSV för Excel)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert ";" in content.splitlines()[0]
    assert "Grannar i Uppland" in content or "Uppsala" in content
    assert re.search(r";\d+,\d+", content), content[:400]


def test_another_kommun_adopts_a_pilot_and_gets_its_own_title_and_dates(journey):
    skelleftea, umea = Kommun.objects.get(name="Skellefteå"), Kommun.objects.get(name="Umeå")
    origin = OrganisationFactory(
        name="Skellefteå kommun", kind=OrganisationKind.KOMMUN, kommun=skelleftea
    )
    source = PilotFactory(lead_organisation=origin, title="Äldrecaféer i Skellefteå", indicators=1)
    source.kommuner.set([skelleftea])
    PracticeFactory(title="Äldrecaféer", original_pilot=source)
    adopter = OrganisationFactory(name="Umeå kommun", kind=OrganisationKind.KOMMUN, kommun=umea)
    reporter = MembershipFactory(organisation=adopter, role=Role.REPORTER).user
    start = timezone.localdate().replace(day=1) + dt.timedelta(days=62)
    start = start.replace(day=1)

    _start(journey)
    log_in_by_link(journey, reporter.email, PASSWORD)
    # "What worked for kommuner like ours": the learning base, not the pilot list.
    _nav(journey, "Kunskapsbank")
    journey.get_by_role("main").get_by_role("link", name=re.compile(r"^Praktiker")).click()
    journey.get_by_role("link", name="Äldrecaféer", exact=True).click()
    expect(journey.get_by_role("heading", level=1)).to_have_text("Äldrecaféer")
    assert_accessible(journey)
    journey.get_by_role("main").get_by_role("link", name="Äldrecaféer i Skellefteå").first.click()
    journey.get_by_role("link", name="Adoptera piloten").click()
    expect(journey.get_by_label("Planerat startdatum")).to_be_visible()
    assert_accessible(journey)
    journey.get_by_label("Planerat startdatum").fill(start.isoformat())
    journey.get_by_role("button", name="Adoptera piloten").click()
    expect(journey.get_by_role("status")).to_contain_text("Utkastet ”Äldrecaféer i Umeå” är skapat")
    expect(journey.get_by_role("heading", level=1)).to_contain_text("Äldrecaféer i Umeå")
    expect(journey.get_by_role("heading", level=1)).not_to_contain_text("Skellefteå")
    assert "skelleftea" not in journey.url  # the draft's slug is its own
    target = source.indicators.get().targets.order_by("target_date").first()
    moved = _shifted(target.target_date, start - source.start_date)
    expect(journey.get_by_label("Måldatum 1")).to_have_value(moved.isoformat())
    assert_accessible(journey)


def test_coordinator_types_a_decimal_comma_in_a_goal_publishes_it_and_reads_it_live(journey):
    coordinator = UserFactory(coordinator=True)
    goal = cms.goal()

    _start(journey)
    log_in_by_link(journey, coordinator.email, PASSWORD)
    journey.get_by_role("banner").get_by_role("link", name="Administration").click()
    journey.get_by_role("link", name=re.compile(r"\d+ [Ss]idor")).first.click()
    journey.get_by_role("link", name="Utforska undersidor till 'Vision 2030'").click()
    journey.get_by_role("link", name=goal.title, exact=True).first.click()
    baseline = journey.locator("#id_baseline_value")
    expect(baseline).to_have_value("20")
    baseline.fill("15,2")
    journey.locator("#id_target_value").fill("7,5")
    # The admin's editor is heavy: wait for its document, not every script, on a busy machine.
    with journey.expect_navigation(wait_until="domcontentloaded", timeout=20_000):
        journey.locator("button.action-save").first.click()
    expect(journey.locator("#id_baseline_value")).to_have_value("15,2")
    expect(journey.get_by_text("Autosave is paused")).to_have_count(0)
    saved = NationalGoalPage.objects.get(pk=goal.pk).get_latest_revision_as_object()
    assert str(saved.baseline_value.normalize()) == "15.2"

    # Publish from the editor's action menu, then open the live page from the confirmation.
    journey.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    with journey.expect_navigation(wait_until="domcontentloaded", timeout=20_000):
        journey.locator(
            "button.action-save[name='action-publish'], button[name='action-publish']"
        ).first.click()
    live = NationalGoalPage.objects.get(pk=goal.pk)
    assert live.live and str(live.baseline_value.normalize()) == "15.2"
    journey.get_by_role("link", name="Visa publicerad").first.click()
    expect(journey).to_have_url(re.compile(re.escape(live.url) + "$"))
    expect(journey.get_by_text("15,2", exact=False).first).to_be_visible()


def test_appraiser_starts_an_appraisal_from_the_knowledge_base(journey):
    practice = PracticeFactory(title="Familjestöd i förskolan", original_pilot=PilotFactory())
    NominationFactory(practice=practice)
    appraiser = UserFactory()
    appraiser.groups.add(ensure_appraisal_group())

    _start(journey)
    log_in_by_link(journey, appraiser.email, PASSWORD)
    _nav(journey, "Kunskapsbank")
    journey.get_by_role("main").get_by_role("link", name=re.compile(r"^Bedömningar")).click()
    expect(journey.get_by_role("heading", level=1)).to_have_text("Bedömningar")
    assert_accessible(journey)
    journey.get_by_role("region", name="Nominerade praktiker").get_by_role(
        "link", name="Familjestöd i förskolan"
    ).click()
    journey.get_by_role("button", name="Påbörja bedömning").click()
    expect(journey.get_by_role("heading", level=1)).to_contain_text("Bedömning av")
    assert_accessible(journey)


def test_funder_creates_a_programme(journey):
    funder = OrganisationFactory(name="Stiftelsen Friskare Liv")
    approver = MembershipFactory(organisation=funder, role=Role.APPROVER).user
    IndicatorFactory(name="Deltagare i programmet")

    _start(journey)
    log_in_by_link(journey, approver.email, PASSWORD)
    _nav(journey, "Program")
    journey.get_by_role("link", name="Skapa ett program").click()
    expect(journey.get_by_label("Typ av program")).to_be_visible()
    assert_accessible(journey)
    journey.get_by_label("Namn", exact=False).first.fill("Friskare liv i skolan")
    journey.get_by_label("Typ av program").select_option(label="Statligt program")
    journey.get_by_label("Syfte").fill("Att pröva daglig rörelse i skolan.")
    journey.get_by_label("Startdatum").fill("2026-01-01")
    journey.get_by_label("Slutdatum").fill("2029-12-31")
    journey.get_by_role("button", name="Skapa programmet").click()
    expect(journey.get_by_role("heading", level=1)).to_have_text("Faser och beslutspunkter")
    assert_accessible(journey)


def _submitted_report(pilot, reporter, period, value="14"):
    link = pilot.indicators.get()
    report = report_save(
        period=period,
        actor=reporter,
        expected_version=None,
        values=[{"pilot_indicator": link.pk, "gender": "T", "age_band": "", "value": value}],
        narrative="Alla träffar genomförda.",
        progress="on_track",
    )
    return report_submit(report=report, actor=reporter, expected_version=report.version)


def test_reporter_reaches_a_later_period_and_a_returned_report_by_links(journey):
    """A period that is not due within 14 days opens from the pilot page; its draft is then a
    link under Mina sidor, and a returned report there shows the approver's comment."""
    organisation = OrganisationFactory(name="Västby kommun")
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    approver = MembershipFactory(organisation=organisation, role=Role.APPROVER).user
    pilot = _running_pilot(organisation)
    first = pilot.periods.order_by("start").first()
    returned = _submitted_report(pilot, reporter, first)
    report_return(
        report=returned, actor=approver, expected_version=returned.version, comment="Ange källa."
    )
    later = pilot.periods.order_by("start")[4]  # months ahead: not due within 14 days
    label = _month_label(later.start)

    _start(journey)
    log_in_by_link(journey, reporter.email, PASSWORD)
    _mina_sidor(journey)
    journey.get_by_role("region", name="Mina piloter").get_by_role(
        "link", name=pilot.title, exact=True
    ).click()
    periods = journey.get_by_role("table", name="Pilotens rapportperioder med status")
    expect(periods.get_by_role("row", name=label)).to_contain_text("Kommande")
    periods.get_by_role("link", name=label).click()
    expect(journey.get_by_role("heading", level=1)).to_have_text(f"Periodrapport {label}")
    journey.get_by_role("group", name=INDICATOR).get_by_role("textbox").first.fill("3")
    journey.get_by_role("button", name="Spara utkast").click()
    expect(journey.get_by_role("status")).to_contain_text("Utkastet är sparat.")

    _mina_sidor(journey)
    assert_accessible(journey)
    drafts = journey.get_by_role("region", name="Mina utkast")
    drafts.get_by_role("link", name=f"{label} {pilot.title}").click()
    expect(journey.get_by_role("heading", level=1)).to_have_text(f"Periodrapport {label}")
    expect(journey.get_by_role("group", name=INDICATOR).get_by_role("textbox").first).to_have_value(
        "3"
    )

    _mina_sidor(journey)
    journey.get_by_role("region", name="Returnerade rapporter").get_by_role(
        "link", name=_month_label(first.start)
    ).click()
    note = journey.get_by_role("note")
    expect(note).to_contain_text("med kommentaren:")
    expect(note).to_contain_text("Ange källa.")
    assert_accessible(journey)


def test_approver_is_told_and_returns_one_report_with_a_required_comment(journey, mailoutbox):
    organisation = OrganisationFactory(name="Österby kommun")
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    approver = MembershipFactory(organisation=organisation, role=Role.APPROVER).user
    pilot = _running_pilot(organisation)
    period = pilot.periods.order_by("start").first()
    report = _submitted_report(pilot, reporter, period)
    label = _month_label(period.start)
    assert any(approver.email in message.to for message in mailoutbox)

    _start(journey)
    log_in_by_link(journey, approver.email, PASSWORD)
    _mina_sidor(journey)
    waiting = journey.get_by_role("region", name="Väntar på mitt godkännande")
    waiting.get_by_role("link", name=f"Granska {pilot.title} {label}").click()
    comment = journey.get_by_label("Kommentar till rapportörerna")
    expect(journey.get_by_text("krävs vid retur")).to_be_visible()
    journey.get_by_role("button", name="Returnera med kommentar").click()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # an empty comment is refused
    comment.fill("Ange hur många som började.")
    journey.get_by_role("button", name="Returnera med kommentar").click()
    expect(journey.get_by_role("status")).to_have_text(
        "Rapporten är returnerad till rapportörerna."
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.return_comment == "Ange hur många som började."


def test_reporter_opens_the_overdue_and_the_due_soon_report_from_mina_sidor(journey):
    """Mina sidor lists a period past its due date and one due within 14 days; each is a link
    that opens that period's report."""
    organisation = OrganisationFactory(name="Norrby kommun")
    reporter = MembershipFactory(organisation=organisation, role=Role.REPORTER).user
    pilot = _running_pilot(organisation)
    periods = list(pilot.periods.order_by("start"))
    today = timezone.localdate()
    late, soon = periods[0], periods[3]
    pilot.periods.exclude(pk__in=[late.pk, soon.pk]).update(due_date=today + dt.timedelta(days=60))
    pilot.periods.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=3))
    pilot.periods.filter(pk=soon.pk).update(due_date=today + dt.timedelta(days=5))

    _start(journey)
    log_in_by_link(journey, reporter.email, PASSWORD)
    _mina_sidor(journey)
    assert_accessible(journey)
    journey.get_by_role("region", name="Försenade rapporter").get_by_role(
        "link", name=_month_label(late.start)
    ).click()
    expect(journey.get_by_role("heading", level=1)).to_have_text(
        f"Periodrapport {_month_label(late.start)}"
    )

    _mina_sidor(journey)
    journey.get_by_role("region", name="Ska rapporteras inom 14 dagar").get_by_role(
        "link", name=_month_label(soon.start)
    ).click()
    expect(journey.get_by_role("heading", level=1)).to_have_text(
        f"Periodrapport {_month_label(soon.start)}"
    )
    assert_accessible(journey)
