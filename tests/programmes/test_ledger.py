"""The fund ledger: payouts above grant or budget need a recorded reason (page and API), every
entry is listed with who and when, corrections are reversing entries, repayments are recorded
against what is due, and the entries export as CSV/XLSX in whole kronor and Swedish words."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from partners.models import AuditEvent
from pilots.factories import PilotFactory
from programmes import services
from programmes.factories import ProgrammeFactory, ProgrammePilotFactory
from programmes.ledger import fund_ledger
from programmes.models import LedgerKind, Payout

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund(organisation):
    """A programme with budget 60 M and one pilot granted 8 M."""
    programme = ProgrammeFactory(owner=organisation, budget_sek=60_000_000, stages=2)
    membership = ProgrammePilotFactory(programme=programme, funding_granted_sek=8_000_000)
    return programme, membership


def _post_payout(client, programme, membership, amount, reason=""):
    return client.post(
        reverse("programmes:ledger", kwargs={"slug": programme.slug}),
        {
            "form": "payout",
            "payout-membership": membership.pk,
            "payout-paid_on": "2025-03-01",
            "payout-amount_sek": str(amount),
            "payout-confirm_reason": reason,
        },
    )


def test_a_payout_above_the_grant_is_refused_with_a_clear_message(client, org_admin, fund):
    programme, membership = fund
    client.force_login(org_admin)
    response = _post_payout(client, programme, membership, 99_000_000)
    text = response.content.decode()
    assert response.status_code == 400 and not Payout.objects.exists()
    assert "mer än de 8\u202f000\u202f000 kr som är beviljade" in text
    assert "mer än budgeten på 60\u202f000\u202f000 kr" in text
    assert "Ange ett skäl för att bekräfta beloppet" in text


def test_a_confirmed_payout_above_the_grant_keeps_its_reason_and_is_audited(
    client, org_admin, fund
):
    programme, membership = fund
    client.force_login(org_admin)
    response = _post_payout(client, programme, membership, 9_000_000, "Tilläggsbeslut 2025-02")
    assert response.status_code == 302
    entry = Payout.objects.get()
    assert entry.over_limit and entry.reason == "Tilläggsbeslut 2025-02"
    event = AuditEvent.objects.get(action="programme.payout")
    assert event.message == "Tilläggsbeslut 2025-02" and "over_limit" in event.changes
    page = client.get(reverse("programmes:ledger", kwargs={"slug": programme.slug}))
    assert "Bekräftat över gränsen:" in page.content.decode()


def test_a_payout_within_the_grant_needs_no_reason_and_stores_none(org_admin, fund):
    _programme, membership = fund
    entry = services.payout_record(
        membership=membership,
        actor=org_admin,
        paid_on=dt.date(2025, 1, 1),
        amount_sek=8_000_000,
        confirm_reason="onödigt",
    )
    assert not entry.over_limit and entry.reason == ""


def test_the_programme_budget_counts_every_pilot(org_admin, fund):
    programme, membership = fund
    other = ProgrammePilotFactory(programme=programme, funding_granted_sek=60_000_000)
    services.payout_record(
        membership=membership, actor=org_admin, paid_on=dt.date(2025, 1, 1), amount_sek=8_000_000
    )
    with pytest.raises(Exception, match="budgeten på 60"):
        services.payout_record(
            membership=other, actor=org_admin, paid_on=dt.date(2025, 1, 1), amount_sek=53_000_000
        )


def test_the_api_refuses_a_payout_above_the_grant_unless_confirmed(org_admin, fund):
    _programme, membership = fund
    api = APIClient()
    api.force_authenticate(org_admin)
    url = "/api/v1/ledger-entries/"
    body = {"membership": membership.pk, "paid_on": "2025-03-01", "amount_sek": 99_000_000}
    refused = api.post(url, body, format="json")
    assert refused.status_code == 400 and "beviljade" in str(refused.json()["amount_sek"])
    ok = api.post(url, {**body, "confirm_reason": "Regeringsbeslut"}, format="json")
    assert ok.status_code == 201 and ok.json()["over_limit"] is True
    assert ok.json()["amount_sek"] == 99_000_000
    reversed_ = api.post(
        f"{url}{ok.json()['id']}/reverse/", {"reason": "Fel belopp"}, format="json"
    )
    assert reversed_.status_code == 201 and reversed_.json()["amount_sek"] == -99_000_000
    listed = api.get(url).json()
    assert {e["amount_sek"] for e in listed["results"]} == {99_000_000, -99_000_000}


def test_a_reversal_cancels_an_entry_without_editing_it(client, org_admin, fund):
    programme, membership = fund
    entry = services.payout_record(
        membership=membership, actor=org_admin, paid_on=dt.date(2025, 1, 1), amount_sek=500_000
    )
    client.force_login(org_admin)
    url = reverse(
        "programmes:ledger_reverse", kwargs={"slug": programme.slug, "entry_id": entry.pk}
    )
    page = client.get(url)
    assert page.status_code == 200 and "En ny post på −500\u202f000 kr" in page.content.decode()
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Fel pilot"}).status_code == 302
    entry.refresh_from_db()
    assert entry.amount_sek == 500_000  # the original is untouched
    reversal = entry.reversed_by
    assert reversal.amount_sek == -500_000 and reversal.reason == "Fel pilot"
    assert fund_ledger(programme=programme).rows[0].paid == 0
    again = client.post(url, {"reason": "Igen"})
    assert again.status_code == 400 and "redan vänd" in again.content.decode()
    back = reverse(
        "programmes:ledger_reverse", kwargs={"slug": programme.slug, "entry_id": reversal.pk}
    )
    assert "kan inte vändas" in client.post(back, {"reason": "x"}).content.decode()
    assert AuditEvent.objects.filter(action="programme.ledger_reversed").count() == 1


def test_repayments_are_recorded_against_what_is_due(client, org_admin, fund):
    programme, membership = fund
    membership.repayment_share = 50
    membership.save()
    services.payout_record(
        membership=membership, actor=org_admin, paid_on=dt.date(2025, 1, 1), amount_sek=1_000_000
    )
    services.realised_saving_set(
        membership=membership,
        actor=org_admin,
        saving_actor="kommun",
        year=2025,
        amount_sek=600_000,
        evidence="Färre placeringar.",
    )
    client.force_login(org_admin)
    url = reverse("programmes:ledger", kwargs={"slug": programme.slug})
    data = {
        "form": "repayment",
        "repayment-membership": membership.pk,
        "repayment-paid_on": "2025-12-01",
        "repayment-amount_sek": "100000",
    }
    assert client.post(url, data).status_code == 302
    row = fund_ledger(programme=programme).rows[0]
    assert (row.repay, row.repaid, row.outstanding) == (300_000, 100_000, 200_000)
    assert row.paid == 1_000_000  # a repayment is not a negative payout
    too_much = client.post(url, {**data, "repayment-amount_sek": "250000"})
    assert too_much.status_code == 400
    assert "mer än de 300\u202f000 kr som ska återbetalas" in too_much.content.decode()
    page = client.get(url).content.decode()
    assert "Kvar att återbetala (kr)" in page and "200\u202f000" in page


def test_the_ledger_lists_every_entry_with_constant_queries(
    client, org_admin, fund, django_assert_max_num_queries
):
    programme, _membership = fund
    client.force_login(org_admin)
    url = reverse("programmes:ledger", kwargs={"slug": programme.slug})

    def add(n):
        for i in range(n):
            pilot_member = ProgrammePilotFactory(programme=programme, pilot=PilotFactory())
            entry = services.payout_record(
                membership=pilot_member,
                actor=org_admin,
                paid_on=dt.date(2025, 1, 1 + i % 28),
                amount_sek=1000 + i,
                note=f"Delbetalning {i}",
            )
            if i % 3 == 0:
                services.ledger_entry_reverse(entry=entry, actor=org_admin, reason="Fel")

    add(2)
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    add(20)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        page = client.get(url)
    text = page.content.decode()
    assert "30 poster" in text and "Delbetalning 19" in text
    assert org_admin.email in text or org_admin.get_full_name() in text
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_ledger_exports_in_whole_kronor_and_swedish_words(client, org_admin, fund):
    programme, membership = fund
    entry = services.payout_record(
        membership=membership, actor=org_admin, paid_on=dt.date(2025, 1, 1), amount_sek=8_000_000
    )
    services.ledger_entry_reverse(entry=entry, actor=org_admin, reason="Dubbelregistrerad")
    client.force_login(org_admin)
    body = client.get(reverse("programmes:ledger_csv", kwargs={"slug": programme.slug}))
    rows = list(csv.reader(io.StringIO(body.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Datum", "Typ", "Pilot", "Belopp (kr)"]
    amounts = sorted(r[3] for r in rows[1:])
    assert amounts == ["-8000000", "8000000"]
    assert {r[1] for r in rows[1:]} == {"Utbetalning"}
    assert any(r[6] == "Dubbelregistrerad" for r in rows[1:])
    xlsx = client.get(reverse("programmes:ledger_xlsx", kwargs={"slug": programme.slug}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(values) == [-8_000_000, 8_000_000] and all(isinstance(v, int) for v in values)


def test_paid_sums_only_payouts(org_admin, fund):
    _programme, membership = fund
    services.payout_record(
        membership=membership, actor=org_admin, paid_on=dt.date(2025, 1, 1), amount_sek=10
    )
    assert Payout.objects.get().kind == LedgerKind.PAYOUT
    assert fund_ledger(programme=membership.programme).totals["paid"] == Decimal(10)
