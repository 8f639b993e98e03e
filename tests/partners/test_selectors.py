"""Selectors: what each reader may see, filtered and preloaded."""

import pytest
from django.http import Http404

from partners import selectors
from partners.factories import InvitationFactory, MembershipFactory, OrganisationFactory
from partners.models import Kommun, Role

pytestmark = pytest.mark.django_db


def test_organisation_list_for_the_public_has_only_approved_organisations_in_name_order():
    b = OrganisationFactory(name="B")
    a = OrganisationFactory(name="A")
    OrganisationFactory(name="C", pending=True)
    assert list(selectors.organisation_list(user=None)) == [a, b]


def test_organisation_list_filters_by_kind_lan_and_text():
    umea = Kommun.objects.get(code="2480")
    kommun = OrganisationFactory(kommun_kind=True, kommun=umea, name="Umeå kommun")
    other = OrganisationFactory(name="Förening i Stockholm", kommun=Kommun.objects.get(code="0180"))
    assert list(selectors.organisation_list(kind="kommun")) == [kommun]
    assert list(selectors.organisation_list(lan_code="24")) == [kommun]
    assert list(selectors.organisation_list(q="stockholm")) == [other]
    assert list(selectors.organisation_list(q=other.org_number)) == [other]


def test_organisation_detail_hides_a_pending_organisation_from_the_public(outsider):
    org = OrganisationFactory(pending=True)
    with pytest.raises(Http404):
        selectors.organisation_detail(slug=org.slug, user=None)
    with pytest.raises(Http404):
        selectors.organisation_detail(slug=org.slug, user=outsider)
    member = MembershipFactory(organisation=org, role=Role.VIEWER).user
    assert selectors.organisation_detail(slug=org.slug, user=member) == org


def test_organisation_members_are_listed_with_their_users(
    organisation, org_admin, viewer, django_assert_num_queries
):
    with django_assert_num_queries(1):
        emails = [m.user.email for m in selectors.organisation_members(organisation=organisation)]
    assert set(emails) == {org_admin.email, viewer.email}


def test_only_open_invitations_are_listed(organisation):
    open_one = InvitationFactory(organisation=organisation)
    InvitationFactory(organisation=organisation, expired=True)
    InvitationFactory(organisation=organisation, revoked=True)
    assert list(selectors.organisation_open_invitations(organisation=organisation)) == [open_one]


def test_kommun_list_counts_only_approved_partners():
    umea = Kommun.objects.get(code="2480")
    OrganisationFactory(kommun=umea)
    OrganisationFactory(kommun=umea, pending=True)
    assert selectors.kommun_list(q="Umeå").get().partner_count == 1
    assert selectors.kommun_list().count() == 290
    assert selectors.kommun_list(lan_code="24").count() == 15
    assert set(selectors.kommun_list(skr_group="A1").values_list("code", flat=True)) == {
        "0180",
        "1480",
        "1280",
    }


def test_unknown_kommun_and_region_raise_not_found():
    with pytest.raises(Http404):
        selectors.kommun_detail(code="0000")
    with pytest.raises(Http404):
        selectors.region_detail(lan_code="00")


def test_region_list_counts_kommuner():
    regions = {r.lan_code: r.kommun_count for r in selectors.region_list()}
    assert len(regions) == 21
    assert regions["01"] == 26
    assert sum(regions.values()) == 290


def test_organisations_in_region_include_kommun_organisations_and_federations():
    umea = Kommun.objects.get(code="2480")
    kommun = OrganisationFactory(kommun_kind=True, kommun=umea)
    federation = OrganisationFactory(kind="samordningsforbund")
    federation.member_kommuner.set([umea])
    OrganisationFactory(kommun=umea, pending=True)
    assert set(selectors.organisations_in_region(region=umea.region)) == {kommun, federation}
    assert set(selectors.organisations_in_kommun(kommun=umea)) == {kommun, federation}


def test_memberships_of_an_anonymous_visitor_are_empty(org_admin):
    from django.contrib.auth.models import AnonymousUser

    assert list(selectors.memberships_of(user=AnonymousUser())) == []
    assert selectors.memberships_of(user=org_admin).count() == 1
