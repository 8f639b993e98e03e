"""Issue 25's roles, each at 1280 and 390 px wide, by links only from the start page: a programme
owner keeping the fund ledger, two members of the appraisal group (four eyes), and an
organisation admin removing a member. Key pages pass axe-core (no serious or critical
violations); the `journey` fixture fails any typed address after the start page."""

import csv
import io
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from learning.factories import NominationFactory, PracticeFactory
from learning.models import Appraisal, AppraisalStatus
from learning.rules import ensure_appraisal_group
from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.models import Membership, Role
from pilots.factories import PilotFactory
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.models import Decision, LedgerKind, Payout
from programmes.services import gate_decision_record, realised_saving_set
from tests.browser.helpers import assert_accessible, fill_appraisal, log_in_by_link

PASSWORD = "losenord-123"
NBSP = "\u202f"  # the thousands separator Swedish amounts are shown with


def _kr(amount: str) -> str:
    return amount.replace(" ", NBSP)


def _start(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _mina_sidor(page: Page) -> None:
    page.get_by_role("banner").get_by_role("link", name="Mina sidor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina sidor")


def _log_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Logga in")).to_be_visible()


# -- funder / programme owner ------------------------------------------------------------------


def _programme():
    funder = OrganisationFactory(name="Stiftelsen Friskare Liv")
    owner = MembershipFactory(organisation=funder, role=Role.APPROVER).user
    programme = ProgrammeFactory(
        owner=funder, name="Friska skolor", budget_sek=60_000_000, stages=2
    )
    pilot = PilotFactory(title="Rörelse varje skoldag")
    member = ProgrammePilotFactory(
        programme=programme, pilot=pilot, funding_granted_sek=8_000_000, repayment_share=50
    )
    gate_decision_record(
        membership=member,
        stage=programme.stages.get(order=1),
        decision=Decision.CONTINUE_WITH_CHANGES,
        rationale="Fler skolor ska med.",
        actor=owner,
    )
    realised_saving_set(
        membership=member,
        actor=owner,
        saving_actor="kommun",
        year=2025,
        amount_sek=4_000_000,
        evidence="Färre sjukskrivningar enligt kommunens uppföljning.",
    )
    return owner


def _ledger_form(page: Page, button: str):
    return page.locator("form", has=page.get_by_role("button", name=button))


def test_funder_keeps_the_ledger_and_downloads_the_portfolio(journey):
    owner = _programme()

    _start(journey)
    log_in_by_link(journey, owner.email, PASSWORD)
    journey.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Program").click()
    journey.get_by_role("main").get_by_role("link", name="Friska skolor").first.click()
    subnav = journey.get_by_role("navigation", name="Programmets sidor")
    subnav.get_by_role("link", name="Fondens bokföring").click()
    expect(journey.get_by_role("heading", level=1)).to_have_text("Fondens bokföring")
    assert_accessible(journey)

    # A payout above the grant is refused until a reason is recorded.
    form = _ledger_form(journey, "Spara utbetalningen")
    form.get_by_label("Pilot").select_option(label="Rörelse varje skoldag")
    form.get_by_label("Datum").fill("2025-03-01")
    form.get_by_label("Belopp (kr)").fill("99000000")
    form.get_by_role("button", name="Spara utbetalningen").click()
    expect(
        journey.get_by_text(f"mer än de {_kr('8 000 000')} kr som är beviljade").first
    ).to_be_visible()
    assert not Payout.objects.exists()
    form = _ledger_form(journey, "Spara utbetalningen")
    form.get_by_label("Skäl att överskrida beviljat belopp eller budget").fill(
        "Styrelsebeslut om tillskott"
    )
    form.get_by_role("button", name="Spara utbetalningen").click()
    expect(journey.get_by_role("status")).to_contain_text("Utbetalningen är sparad")

    # Every entry: when, what, who; corrected by reversing, never by editing.
    entries = journey.get_by_role("region", name="Alla poster")
    expect(entries).to_contain_text("Bekräftat över gränsen: Styrelsebeslut om tillskott")
    expect(entries).to_contain_text(owner.get_full_name())
    expect(entries).to_contain_text("2025-03-01")
    assert_accessible(journey)
    entries.get_by_role("link", name=re.compile(r"^Vänd posten")).click()
    journey.get_by_label("Skäl").fill("Fel belopp, ska vara sex miljoner")
    journey.get_by_role("button", name="Vänd posten").click()
    expect(journey.get_by_role("status")).to_contain_text("Posten är vänd")
    entries = journey.get_by_role("region", name="Alla poster")
    expect(entries).to_contain_text(f"\u221299{NBSP}000{NBSP}000")

    # The right payout, then a repayment against what is due: what is left is shown.
    form = _ledger_form(journey, "Spara utbetalningen")
    form.get_by_label("Pilot").select_option(label="Rörelse varje skoldag")
    form.get_by_label("Datum").fill("2025-03-02")
    form.get_by_label("Belopp (kr)").fill("6000000")
    form.get_by_role("button", name="Spara utbetalningen").click()
    expect(journey.get_by_role("status")).to_contain_text("Utbetalningen är sparad")
    form = _ledger_form(journey, "Spara återbetalningen")
    form.get_by_label("Pilot").select_option(label="Rörelse varje skoldag")
    form.get_by_label("Datum").fill("2026-02-01")
    form.get_by_label("Belopp (kr)").fill("500000")
    form.get_by_role("button", name="Spara återbetalningen").click()
    expect(journey.get_by_role("status")).to_contain_text("sparad")
    per_pilot = journey.get_by_role("table", name="Fondens bokföring per pilot")
    row = per_pilot.get_by_role("row", name=re.compile("^Rörelse varje skoldag"))
    # Due: 4 000 000 realised × 50 % = 2 000 000; repaid 500 000; outstanding 1 500 000.
    expect(row).to_contain_text(_kr("2 000 000"))
    expect(row).to_contain_text(_kr("500 000"))
    expect(row).to_contain_text(_kr("1 500 000"))
    assert_accessible(journey)
    paid = [e.amount_sek for e in Payout.objects.filter(kind=LedgerKind.PAYOUT)]
    assert sorted(paid) == [-99_000_000, 6_000_000, 99_000_000]

    # The portfolio's CSV: Swedish words, whole kronor.
    journey.get_by_role("navigation", name="Programmets sidor").get_by_role(
        "link", name="Portfölj"
    ).click()
    expect(journey.get_by_role("heading", level=1)).to_contain_text("Portfölj")
    assert_accessible(journey)
    with journey.expect_download() as download:
        journey.get_by_role("main").get_by_role("link", name="CSV", exact=True).click()
    text = open(download.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text[:200] else ","))
    row = next(r for r in rows if r and r[0] == "Rörelse varje skoldag")
    assert "Fortsätt med ändringar" in row and "continue_with_changes" not in text
    assert "8000000" in row and "6000000" in row
    assert not re.search(r"\d\.0\b", text), text


# -- appraisal group (four eyes) -----------------------------------------------------------------


def test_appraisers_draft_and_review_from_their_queue(journey):
    practice = PracticeFactory(title="Familjestöd i förskolan", original_pilot=PilotFactory())
    NominationFactory(practice=practice)
    group = ensure_appraisal_group()
    writer = UserFactory(first_name="Vera", last_name="Bedömare")
    reviewer = UserFactory(first_name="Gustav", last_name="Granskare")
    writer.groups.add(group)
    reviewer.groups.add(group)

    _start(journey)
    log_in_by_link(journey, writer.email, PASSWORD)
    _mina_sidor(journey)
    queue = journey.get_by_role("region", name=re.compile(r"^Att bedöma"))
    expect(queue.get_by_role("heading", name=re.compile(r"^Väntar på bedömning 1"))).to_be_visible()
    assert_accessible(journey)
    queue.get_by_role("link", name="Påbörja bedömning av Familjestöd i förskolan").click()
    expect(journey.get_by_role("heading", level=1)).to_have_text("Familjestöd i förskolan")
    journey.get_by_role("button", name="Påbörja bedömning").click()
    expect(journey.get_by_role("heading", level=1)).to_have_text(
        "Bedömning av Familjestöd i förskolan"
    )
    fill_appraisal(journey)
    assert_accessible(journey)
    journey.get_by_role("button", name="Spara utkast").click()
    expect(journey.get_by_role("status")).to_contain_text("Bedömningen är sparad.")
    journey.get_by_role("button", name="Skicka till granskning").click()
    expect(journey.get_by_role("status")).to_contain_text("skickad till granskning")
    expect(journey.get_by_text("Någon annan än bedömarna granskar och publicerar.")).to_be_visible()
    _mina_sidor(journey)  # the writer is not asked to review their own appraisal
    queue = journey.get_by_role("region", name=re.compile(r"^Att bedöma"))
    expect(queue.get_by_role("heading", name=re.compile(r"^Att granska 0"))).to_be_visible()
    _log_out(journey)

    log_in_by_link(journey, reviewer.email, PASSWORD)
    _mina_sidor(journey)
    queue = journey.get_by_role("region", name=re.compile(r"^Att bedöma"))
    review = queue.get_by_role("region", name=re.compile(r"^Att granska 1"))
    expect(review).to_contain_text("skriven av Vera Bedömare")
    review.get_by_role("link", name="Granska bedömningen av Familjestöd i förskolan").click()
    expect(journey.get_by_text("Granskas", exact=True)).to_be_visible()
    assert_accessible(journey)
    journey.get_by_role("button", name="Publicera bedömningen").click()
    expect(journey.get_by_role("status")).to_contain_text("Bedömningen är publicerad.")
    appraisal = Appraisal.objects.get(practice=practice)
    assert appraisal.status == AppraisalStatus.PUBLISHED and appraisal.reviewed_by == reviewer
    assert list(appraisal.authors.all()) == [writer]


# -- organisation admin ------------------------------------------------------------------------


def test_org_admin_removes_a_member_and_sees_it_in_the_audit_trail(journey):
    organisation = OrganisationFactory(name="Hälsoföreningen Öst")
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN).user
    colleague = UserFactory(first_name="Kim", last_name="Lindqvist")
    MembershipFactory(organisation=organisation, user=colleague, role=Role.REPORTER)
    PilotFactory(lead_organisation=organisation, title="Träffpunkt för unga")

    _start(journey)
    log_in_by_link(journey, admin.email, PASSWORD)  # sets up two-factor on first login
    _mina_sidor(journey)
    journey.get_by_role("region", name="Mina organisationer").get_by_role(
        "link", name=organisation.name
    ).click()
    journey.get_by_role("link", name="Medlemmar och roller").click()
    expect(journey.get_by_role("heading", level=1)).to_have_text("Medlemmar i Hälsoföreningen Öst")
    assert_accessible(journey)
    journey.get_by_role("link", name="Ta bort Kim Lindqvist").click()
    expect(journey.get_by_role("heading", level=1)).to_have_text(
        "Ta bort Kim Lindqvist ur Hälsoföreningen Öst?"
    )
    losses = journey.get_by_test_id("removal-losses")
    expect(losses).to_contain_text("Rollen Rapportör i Hälsoföreningen Öst.")
    expect(losses).to_contain_text("Kan inte längre registrera piloter eller rapportera värden")
    assert_accessible(journey)
    assert Membership.objects.filter(user=colleague).exists()  # nothing happens before yes
    journey.get_by_role("button", name="Ja, ta bort medlemmen").click()
    expect(journey.get_by_role("status").first).to_contain_text("Kim Lindqvist")
    assert not Membership.objects.filter(user=colleague).exists()

    # The members page links back to the organisation, whose audit trail shows the removal.
    journey.get_by_role("main").get_by_role("link", name="← Hälsoföreningen Öst").click()
    expect(journey.get_by_role("heading", level=1)).to_have_text("Hälsoföreningen Öst")
    journey.get_by_role("link", name="Organisationens händelselogg").click()
    expect(journey.get_by_role("heading", level=1)).to_have_text(
        "Händelselogg för Hälsoföreningen Öst"
    )
    trail = journey.get_by_test_id("organisation-audit")
    first = trail.get_by_role("row").nth(1)
    expect(first).to_contain_text(admin.get_full_name())
    expect(first).to_contain_text("Kim Lindqvist")
    expect(first).to_contain_text(timezone.localdate().isoformat())
    assert_accessible(journey)
