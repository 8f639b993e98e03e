"""Selectors: who sees which pilots, values, reports and lessons; filters."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from partners.models import Kommun
from pilots import selectors
from pilots.factories import PilotFactory
from pilots.models import PilotStatus, ReportStatus, Visibility

from .public_data import DRAFT_VALUE, SECRET_VALUE, pilot_with_reports

pytestmark = pytest.mark.django_db
ANON = AnonymousUser()


@pytest.fixture
def pilot(organisation):
    return pilot_with_reports(organisation)


def test_pilot_list_hides_drafts_and_private_pilots_from_outsiders(
    organisation, outsider, other_member, viewer
):
    public = PilotFactory(lead_organisation=organisation)
    partnership = PilotFactory(lead_organisation=organisation, partnership=True)
    private = PilotFactory(lead_organisation=organisation, private=True)
    draft = PilotFactory(lead_organisation=organisation, draft=True)
    assert set(selectors.pilot_list(user=ANON)) == {public}
    assert set(selectors.pilot_list(user=outsider)) == {public}
    assert set(selectors.pilot_list(user=other_member)) == {public, partnership}
    assert set(selectors.pilot_list(user=viewer)) == {public, partnership, private, draft}


def test_pilot_list_filters(organisation):
    umea, kiruna = Kommun.objects.get(code="2480"), Kommun.objects.get(code="2584")
    school = PilotFactory(
        lead_organisation=organisation, arena="skola", health_area="psykisk_ohalsa", title="Må bra"
    )
    school.kommuner.set([umea, kiruna])
    other = PilotFactory(
        arena="aldreomsorg", status=PilotStatus.COMPLETED, summary="Fallprevention"
    )
    other.kommuner.set([kiruna])

    def slugs(**filters):
        return [p.slug for p in selectors.pilot_list(user=ANON, filters=filters)]

    assert slugs(arena="skola") == [school.slug]
    assert slugs(q="fallprev") == [other.slug]
    assert slugs(kommun="2480") == [school.slug]
    assert sorted(slugs(lan="25")) == sorted(
        [school.slug, other.slug]
    )  # Norrbotten, each pilot once
    assert slugs(status="completed") == [other.slug]
    assert slugs(health_area="psykisk_ohalsa", life_stage="aldre") == [school.slug]
    assert school.slug in slugs(lead_kind=organisation.kind)
    assert slugs(unknown="x") != []  # unknown keys are ignored


def test_pilot_list_counts(pilot):
    row = selectors.pilot_list(user=ANON).get(pk=pilot.pk)
    assert (row.indicator_count, row.approved_report_count, row.kommun_count) == (2, 2, 0)


def test_pilot_detail_is_404_when_not_visible(organisation, outsider, reporter):
    private = PilotFactory(lead_organisation=organisation, private=True)
    with pytest.raises(Http404):
        selectors.pilot_detail(slug=private.slug, user=outsider)
    with pytest.raises(Http404):
        selectors.pilot_detail(slug="finns-inte", user=reporter)
    assert selectors.pilot_detail(slug=private.slug, user=reporter) == private


def test_series_hold_only_approved_values_even_for_insiders(pilot, reporter):
    page = selectors.pilot_page(slug=pilot.slug, user=reporter)
    for series in page.series:
        values = [p.value for p in series.points]
        assert values[:2] == [12, 14]
        assert SECRET_VALUE not in values and DRAFT_VALUE not in values
        assert all(v is None for v in values[2:])  # gaps, never zero
        assert series.baseline == 10 and [t.value for t in series.targets] == [20]


def test_unapproved_values_only_on_request_and_only_for_insiders(pilot, reporter, other_member):
    periods = selectors.pilot_periods(pilot=pilot)
    inside = selectors.pilot_indicator_series(
        pilot=pilot, periods=periods, user=reporter, include_unapproved=True
    )
    assert SECRET_VALUE in [p.value for p in inside[0].points]
    outside = selectors.pilot_indicator_series(
        pilot=pilot, periods=periods, user=other_member, include_unapproved=True
    )
    assert SECRET_VALUE not in [p.value for p in outside[0].points]


def test_timeline_shows_unapproved_reports_to_insiders_only(pilot, viewer, other_member):
    def statuses(user):
        return [
            e.report.status if e.report else None
            for e in selectors.pilot_page(slug=pilot.slug, user=user).timeline
        ]

    assert statuses(viewer)[:4] == [
        ReportStatus.APPROVED,
        ReportStatus.APPROVED,
        ReportStatus.SUBMITTED,
        ReportStatus.DRAFT,
    ]
    assert statuses(other_member)[:4] == [ReportStatus.APPROVED, ReportStatus.APPROVED, None, None]
    assert statuses(ANON)[:4] == [ReportStatus.APPROVED, ReportStatus.APPROVED, None, None]


def test_lessons_only_from_approved_reports(pilot, coordinator):
    assert [
        lesson.title for lesson in selectors.pilot_page(slug=pilot.slug, user=coordinator).lessons
    ] == ["Öppen lärdom"]


def test_report_list_visibility(pilot, viewer, other_member, coordinator):
    def statuses(user):
        return sorted(r.status for r in selectors.report_list(user=user))

    assert statuses(ANON) == ["approved", "approved"]
    assert statuses(other_member) == ["approved", "approved"]
    assert statuses(viewer) == ["approved", "approved", "draft", "submitted"]
    assert statuses(coordinator) == ["approved", "approved", "draft", "submitted"]


def test_report_list_hides_reports_of_invisible_pilots(organisation, outsider):
    pilot = pilot_with_reports(organisation, visibility=Visibility.PRIVATE)
    assert not selectors.report_list(user=outsider).filter(pilot=pilot).exists()
    assert not selectors.period_list(user=outsider).filter(pilot=pilot).exists()
