"""A visitor's practice page is cached HTML (learning.page_cache): cheap when warm, the same
number of queries as the lineage grows, fresh at once after every kind of write it shows, and
never what a signed-in reader may see."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from business_cases.services import discount_schedule_set_default
from core import caching
from learning.factories import AppraisalFactory, ClosingReportFactory, PracticeFactory
from partners.models import Kommun
from pilots.factories import LessonFactory, PilotFactory
from pilots.models import IndicatorValue
from tests.business_cases.helpers import add_lines, pilot_with_case

pytestmark = pytest.mark.django_db


def _get(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_a_warm_visitor_page_reads_little_and_the_same_as_the_lineage_grows(
    client, practice, django_assert_max_num_queries
):
    url = practice.get_absolute_url()
    _, cold = _get(client, url)
    html, warm = _get(client, url)
    assert warm < cold
    assert practice.original_pilot.title in html
    for _ in range(4):
        child = PilotFactory(adapted_from=practice.original_pilot, indicators=1, approved_reports=2)
        LessonFactory(pilot=child)
        ClosingReportFactory(pilot=child)
    AppraisalFactory(practice=practice, published=True)
    _get(client, url)  # cold again: the writes made it stale
    with django_assert_max_num_queries(warm):
        html, _ = _get(client, url)
    assert html.count('class="lesson') >= 4 or "Lärdom" in html


def test_every_kind_of_write_shows_at_once(client, practice, source, other_organisation):
    url = practice.get_absolute_url()
    _get(client, url)
    _get(client, url)

    source.title = "Omdöpt ursprung"
    source.save()
    assert "Omdöpt ursprung" in _get(client, url)[0]  # pilot saved

    child = PilotFactory(adapted_from=source, title="Ny anpassning")
    assert "Ny anpassning" in _get(client, url)[0]  # adaptation created

    LessonFactory(pilot=source, title="Färsk lärdom")
    assert "Färsk lärdom" in _get(client, url)[0]  # lesson

    ClosingReportFactory(pilot=child, what_worked="Slutrapportens besked")
    assert "Slutrapportens besked" in _get(client, url)[0]  # closing report

    appraisal = AppraisalFactory(practice=practice, published=True, rationale="Skälen här")
    assert "Skälen här" in _get(client, url)[0]  # appraisal
    appraisal.rationale = "Nya skäl"
    appraisal.save()
    assert "Nya skäl" in _get(client, url)[0]

    other_organisation.name = "Omdöpt organisation"
    other_organisation.save()
    assert "Omdöpt organisation" in _get(client, url)[0]  # contacts

    kommun = Kommun.objects.order_by("code").first()
    child.kommuner.add(kommun)
    assert kommun.name in _get(client, url)[0]  # m2m

    value = IndicatorValue.objects.filter(report__pilot=source).order_by("-pk").first()
    before = caching.version(caching.PUBLIC_PAGES)
    value.value = Decimal("987")
    value.save()  # approved values feed the comparisons
    assert caching.version(caching.PUBLIC_PAGES) != before
    before = caching.version(caching.PUBLIC_PAGES)
    value.report.save()
    assert caching.version(caching.PUBLIC_PAGES) != before

    child.delete()
    assert "Ny anpassning" not in _get(client, url)[0]  # pilot deleted


def test_business_case_bulk_writes_show_at_once(client, organisation):
    original, case = pilot_with_case(organisation, title="Kalkylpiloten")
    practice = PracticeFactory(original_pilot=original)
    url = practice.get_absolute_url()
    before, _ = _get(client, url)
    add_lines(case, lines=4, years=3)  # lines saved, amounts in bulk
    after, _ = _get(client, url)
    assert after != before


def test_default_discount_schedule_bumps(coordinator):
    from business_cases.models import DiscountRateSchedule

    schedule = DiscountRateSchedule.objects.create(
        name="Ny", steps=[[0, 3.5]], valid_from=dt.date(2027, 1, 1)
    )
    before = caching.version(caching.PUBLIC_PAGES)
    discount_schedule_set_default(actor=coordinator, schedule=schedule)
    assert caching.version(caching.PUBLIC_PAGES) != before


def test_signed_in_readers_see_their_private_pilots_and_visitors_never_do(
    client, practice, source, organisation, reporter
):
    url = practice.get_absolute_url()
    PilotFactory(
        adapted_from=source, title="Hemlig anpassning", private=True, lead_organisation=organisation
    )
    client.force_login(reporter)
    assert "Hemlig anpassning" in _get(client, url)[0]
    assert "Hemlig anpassning" in _get(client, url)[0]
    client.logout()
    assert "Hemlig anpassning" not in _get(client, url)[0]
    assert "Hemlig anpassning" not in _get(client, url)[0]
    client.force_login(reporter)
    assert "Hemlig anpassning" in _get(client, url)[0]  # not the visitors' cached copy
