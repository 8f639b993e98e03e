"""Facets, "kommuner like mine", the comparison's normalisation and constant query counts."""

from decimal import Decimal

import pytest

from learning.comparison import compare
from learning.factories import AppraisalFactory, ClosingReportFactory, PracticeFactory
from learning.selectors import lesson_list
from partners.models import Kommun
from pilots.factories import LessonFactory, PilotFactory
from pilots.models import PilotIndicator

pytestmark = pytest.mark.django_db


def pilot_in(kommun, **kw):
    pilot = PilotFactory(**kw)
    pilot.kommuner.add(kommun)
    return pilot


@pytest.fixture
def places():
    stockholm = Kommun.objects.get(code="0180")
    goteborg = (
        Kommun.objects.exclude(skr_group=stockholm.skr_group)
        .exclude(region=stockholm.region)
        .order_by("code")
        .first()
    )
    solna = Kommun.objects.get(code="0184")
    return stockholm, goteborg, solna


def test_each_facet_filters(places):
    stockholm, goteborg, solna = places
    a = LessonFactory(
        pilot=pilot_in(stockholm, health_area="fetma", arena="skola", life_stage="barn_unga"),
        kind="bottleneck",
        dimension="policy",
    )
    b = LessonFactory(pilot=pilot_in(goteborg), kind="advice", dimension="technology")
    hidden = LessonFactory(pilot=pilot_in(stockholm, private=True))

    def ids(**filters):
        return set(lesson_list(user=None, filters=filters).values_list("pk", flat=True))

    assert ids() == {a.pk, b.pk}
    assert hidden.pk not in ids()
    assert ids(kind="bottleneck") == {a.pk}
    assert ids(dimension="technology") == {b.pk}
    assert ids(health_area="fetma") == ids(arena="skola") == ids(life_stage="barn_unga") == {a.pk}
    assert ids(kommun=goteborg.code) == {b.pk}
    assert ids(lan=stockholm.region.lan_code) == {a.pk}
    assert ids(skr_group=stockholm.skr_group) == {a.pk}
    assert ids(like=solna.code, like_by="lan") == {a.pk}
    assert ids(like=goteborg.code, like_by="skr") == ids(skr_group=goteborg.skr_group)
    assert ids(like="9999") == set()


def test_like_mine_uses_the_users_kommun(client, places, reporter, organisation):
    stockholm, goteborg, _solna = places
    organisation.kommun = goteborg
    organisation.save()
    LessonFactory(pilot=pilot_in(stockholm), title="Stockholmslärdom")
    LessonFactory(pilot=pilot_in(goteborg), title="Göteborgslärdom")
    client.force_login(reporter)
    html = client.get("/kunskapsbank/lardomar/?like=mine&like_by=lan").content.decode()
    assert "Göteborgslärdom" in html and "Stockholmslärdom" not in html


def test_lessons_from_unapproved_reports_are_hidden():
    from pilots.factories import PeriodReportFactory

    report = PeriodReportFactory()
    LessonFactory(pilot=report.pilot, report=report, title="Ogodkänd")
    assert not lesson_list(user=None).filter(title="Ogodkänd").exists()


def test_comparison_normalises_per_measure():
    a = PilotFactory(indicators=1, approved_reports=2)  # baseline 10, latest 14
    b = PilotFactory(approved_reports=1)
    link = a.indicators.get()
    PilotIndicator.objects.create(pilot=b, indicator=link.indicator, baseline_value=20)
    b_link = b.indicators.get()
    from pilots.models import IndicatorValue

    IndicatorValue.objects.create(report=b.reports.get(), pilot_indicator=b_link, value=25)
    (comparison,) = compare([a, b])
    rows = {r.pilot: r for r in comparison.rows}
    assert rows[a].change == Decimal("40.0")  # percent change from baseline
    assert rows[b].change == Decimal("25.0")
    link.indicator.measure = "percent"
    link.indicator.save()
    (comparison,) = compare([a, b])
    assert {r.pilot: r.change for r in comparison.rows}[a] == Decimal("4.0")  # percentage points


def grow(n):
    for _ in range(n):
        practice = PracticeFactory(original_pilot=PilotFactory(indicators=1, approved_reports=1))
        child = PilotFactory(adapted_from=practice.original_pilot, indicators=0, approved_reports=1)
        child.kommuner.add(Kommun.objects.order_by("?").first())
        LessonFactory(pilot=child)
        LessonFactory(pilot=practice.original_pilot, kind="advice")
        ClosingReportFactory(pilot=child)
        AppraisalFactory(practice=practice, published=True)


@pytest.mark.parametrize(
    "url",
    [
        "/kunskapsbank/",
        "/kunskapsbank/lardomar/",
        "/kunskapsbank/praktiker/",
        "/api/v1/lessons/",
        "/api/v1/practices/",
        "/api/v1/appraisals/",
        "practice",
        "api_practice",
    ],
)
def test_query_count_is_constant(client, coordinator, url, django_assert_max_num_queries):
    grow(2)
    target = PracticeFactory(original_pilot=PilotFactory(indicators=2, approved_reports=2))

    def resolve():
        if url == "practice":
            return target.get_absolute_url()
        if url == "api_practice":
            return f"/api/v1/practices/{target.slug}/"
        return url

    client.force_login(coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(resolve()).status_code == 200
    grow(6)
    for _ in range(4):
        PilotFactory(adapted_from=target.original_pilot, indicators=0, approved_reports=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(resolve()).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "kind=nope",
        "kommun=abc",
        "lan=999",
        "like=x",
        "like_by=zzz",
        "page=9999",
        "page=-1",
        "practice=%00",
        "skr_group=Z9",
        "q=" + "x" * 500,
    ],
)
def test_bad_filters_never_500(client, query):
    # A NUL character is refused by the portal's middleware with a 400 page before any view.
    page = 400 if "%00" in query else 200
    assert client.get(f"/kunskapsbank/lardomar/?{query}").status_code == page
    assert client.get(f"/api/v1/lessons/?{query}").status_code in (200, 400, 404)
    assert client.get(f"/kunskapsbank/praktiker/?ordning=x&{query}").status_code == page
