"""Model rules: constraints, clean(), visibility, reference data."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from partners.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from partners.models import Invitation, Kommun, Organisation, OrganisationKind, Region

pytestmark = pytest.mark.django_db


def test_reference_data_has_every_kommun_and_region_with_kolada_ids():
    assert Kommun.objects.count() == 290
    assert Region.objects.count() == 21
    stockholm = Kommun.objects.get(code="0180")
    assert stockholm.kolada_id == "0180"
    assert stockholm.region.kolada_id == "0001"
    assert stockholm.get_absolute_url() == "/kommuner/0180/"
    assert stockholm.region.get_absolute_url() == "/regioner/01/"


def test_every_kommun_has_a_region_and_an_skr_group():
    assert not Kommun.objects.filter(skr_group="").exists()
    assert Kommun.objects.values("region").distinct().count() == 21


def test_kommun_organisation_without_kommun_fails_clean_with_a_field_error():
    org = Organisation(name="X", slug="x", kind=OrganisationKind.KOMMUN, org_number="212000-0142")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "kommun" in exc.value.message_dict


def test_region_organisation_without_region_fails_clean_with_a_field_error():
    org = Organisation(name="X", slug="x", kind=OrganisationKind.REGION, org_number="212000-0142")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "region" in exc.value.message_dict


def test_database_refuses_a_kommun_organisation_without_kommun():
    with pytest.raises(IntegrityError):
        Organisation.objects.create(
            name="X", slug="x", kind=OrganisationKind.KOMMUN, org_number="212000-0142"
        )


def test_database_refuses_two_organisations_with_the_same_organisationsnummer():
    OrganisationFactory(org_number="212000-0142", slug="a")
    with pytest.raises(IntegrityError):
        Organisation.objects.create(name="B", slug="b", kind="annan", org_number="212000-0142")


def test_organisation_with_wrong_check_digit_fails_clean():
    org = Organisation(name="X", slug="x", kind="annan", org_number="212000-0143")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "org_number" in exc.value.message_dict


def test_public_sees_only_approved_organisations():
    approved = OrganisationFactory()
    OrganisationFactory(pending=True)
    OrganisationFactory(rejected=True)
    assert list(Organisation.objects.visible_to(None)) == [approved]


def test_member_also_sees_their_own_pending_organisation_but_not_others():
    approved = OrganisationFactory()
    own = OrganisationFactory(pending=True)
    OrganisationFactory(pending=True)
    member = MembershipFactory(organisation=own).user
    assert set(Organisation.objects.visible_to(member)) == {approved, own}


def test_coordinator_sees_every_organisation():
    OrganisationFactory()
    OrganisationFactory(pending=True)
    OrganisationFactory(rejected=True)
    assert Organisation.objects.visible_to(UserFactory(coordinator=True)).count() == 3


def test_organisation_is_found_in_its_kommun_and_in_member_kommuner_of_a_federation():
    umea = Kommun.objects.get(code="2480")
    vannas = Kommun.objects.get(code="2460")
    kommun = OrganisationFactory(kommun_kind=True, kommun=umea)
    federation = OrganisationFactory(kind=OrganisationKind.SAMORDNINGSFORBUND)
    federation.member_kommuner.set([umea, vannas])
    assert set(Organisation.objects.in_kommun(umea)) == {kommun, federation}
    assert list(Organisation.objects.in_kommun(vannas)) == [federation]
    assert set(Organisation.objects.in_region(umea.region)) == {kommun, federation}


def test_invitation_is_open_until_it_is_used_revoked_or_expired():
    assert InvitationFactory().is_open
    assert not InvitationFactory(expired=True).is_open
    assert not InvitationFactory(revoked=True).is_open
    assert not InvitationFactory(accepted=True).is_open
    assert Invitation.objects.open().count() == 1


def test_invitation_tokens_are_unique_and_unguessable():
    a, b = InvitationFactory(), InvitationFactory()
    assert a.token != b.token
    assert len(a.token) >= 40
    assert a.get_absolute_url() == f"/inbjudan/{a.token}/"


def test_user_signs_in_with_email_and_email_is_stored_lowercase():
    from partners.models import User

    user = User.objects.create_user(email="Anna.Svensson@Example.SE", password="x")
    assert user.email == "anna.svensson@example.se"
    assert str(user) == "anna.svensson@example.se"
