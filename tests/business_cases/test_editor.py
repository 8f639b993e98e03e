"""The line editor's save paths as a browser posts them: saving with no new line, a blank extra
row ignored, numbers shown as typed in Swedish, errors naming the line and the field."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from business_cases.models import BusinessCaseAmount, BusinessCaseLine

from .helpers import pilot_with_case

pytestmark = pytest.mark.django_db


class _LinesForm(HTMLParser):
    """What a browser submits from the lines form: inputs, checked boxes, selected options."""

    def __init__(self):
        super().__init__()
        self.data, self.inside, self.depth, self.select, self.first_option = {}, False, 0, None, {}
        self.in_template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        if tag == "form":
            self.depth += 1
        if tag == "input" and a.get("name") == "action" and a.get("value") == "lines":
            self.inside = True
        if tag == "option" and self.inside and self.select:
            self._option(a)
        if not self.inside or "name" not in a:
            return
        if tag == "input":
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[a["name"]] = a.get("value", "on")
            elif a.get("type") != "submit":
                self.data[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "textarea":
            self.data[a["name"]] = ""

    def _option(self, a):
        self.first_option.setdefault(self.select, a.get("value", ""))
        if "selected" in a:
            self.data[self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
        elif tag == "select" and self.select:
            self.data.setdefault(self.select, self.first_option.get(self.select, ""))
            self.select = None
        elif tag == "form" and self.inside:
            self.inside = False


def _browser_post(client, url) -> dict:
    parser = _LinesForm()
    parser.feed(client.get(url).content.decode())
    return parser.data


def _url(pilot):
    return reverse("business_cases:business_case_edit", kwargs={"slug": pilot.slug})


def test_saving_the_table_as_shown_works_without_a_new_line(client, reporter, organisation):
    pilot, case = pilot_with_case(organisation, lines=2, years=2)
    client.force_login(reporter)
    data = _browser_post(client, _url(pilot))
    # The blank extra row posts its selects' defaults (cost, kommun, …) but nothing typed.
    assert data["lines-TOTAL_FORMS"] == "4" and data["lines-3-kind"] == "cost"
    data["lines-0-y2025"] = "123 456"
    response = client.post(_url(pilot), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BusinessCaseLine.objects.filter(business_case=case).count() == 3
    line = BusinessCaseLine.objects.get(business_case=case, label="Kostnad 0")
    assert line.amounts.get(year=2025).amount_sek == 123456


def test_saved_numbers_show_as_typed_in_swedish(client, reporter, organisation):
    pilot, case = pilot_with_case(organisation, lines=0, years=0)
    line = BusinessCaseLine.objects.create(
        business_case=case,
        kind="cost",
        label="Lokaler",
        actor="kommun",
        deadweight_pct=Decimal("5.50"),
        attribution_pct=Decimal("100.00"),
        drop_off_pct=Decimal("60.00"),
    )
    BusinessCaseAmount.objects.create(line=line, year=2025, amount_sek=Decimal("100"))
    BusinessCaseAmount.objects.create(line=line, year=2026, amount_sek=Decimal("1250000"))
    client.force_login(reporter)
    data = _browser_post(client, _url(pilot))
    prefix = next(k[: -len("label")] for k, v in data.items() if v == "Lokaler")
    shown = {k[len(prefix) :]: v for k, v in data.items() if k.startswith(prefix)}
    assert shown["deadweight_pct"] == "5,5"
    assert shown["attribution_pct"] == "100" and shown["drop_off_pct"] == "60"
    assert shown["y2025"] == "100" and shown["y2026"] == "1\u202f250\u202f000"
    assert client.post(_url(pilot), data).status_code == 302
    line.refresh_from_db()
    assert (
        line.deadweight_pct == Decimal("5.5") and line.amounts.get(year=2026).amount_sek == 1250000
    )


def test_a_new_line_is_added_and_a_removed_one_goes(client, reporter, organisation):
    pilot, case = pilot_with_case(organisation, lines=2, years=1)
    client.force_login(reporter)
    data = _browser_post(client, _url(pilot))
    data.update({"lines-0-DELETE": "on", "lines-3-label": "Utbildning", "lines-3-y2025": "5000"})
    assert client.post(_url(pilot), data).status_code == 302
    labels = set(
        BusinessCaseLine.objects.filter(business_case=case).values_list("label", flat=True)
    )
    assert "Kostnad 0" not in labels and "Utbildning" in labels


def test_errors_name_the_line_and_the_field(client, reporter, organisation):
    pilot, _case = pilot_with_case(organisation, lines=2, years=1)
    client.force_login(reporter)
    data = _browser_post(client, _url(pilot))
    typed = {**data, "lines-3-y2025": "tio"}
    html = client.post(_url(pilot), typed).content.decode()
    assert "Ny rad – 2025: Ange ett belopp i kronor" in html
    refused = {**data, "lines-1-deadweight_pct": "140"}
    response = client.post(_url(pilot), refused)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nytta 1 – Dödvikt %" in html, html[html.find("error-summary") :][:1500]
    assert not BusinessCaseLine.objects.filter(deadweight_pct=140).exists()
