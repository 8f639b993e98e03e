"""Each practice's stored replication counts (learning/replications.py): the lists show, for
every reader, exactly the published adaptations that reader may see, the counts follow every
change of status, visibility or lineage, and a page of practices costs the same queries however
many practices and trees there are."""

import pytest
from django.contrib.auth.models import AnonymousUser

from learning import lineage, selectors
from learning.factories import PracticeFactory
from learning.models import Practice
from learning.replications import FIELDS, refresh_practices
from learning.services import lineage_set_parent
from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.models import Role
from pilots.factories import PilotFactory
from pilots.models import Pilot, PilotMembership, PilotStatus, Visibility

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "other_member", "reporter", "pilot_member", "coordinator"]


def expected(user, practice) -> int:
    """The definition the stored counts stand for: visible, published adaptations."""
    edges = lineage.descendants([practice.original_pilot_id])[practice.original_pilot_id]
    ids = [pk for pk, _parent in edges if pk != practice.original_pilot_id]
    return Pilot.objects.visible_to(user or AnonymousUser()).published().filter(pk__in=ids).count()


@pytest.fixture
def tree(organisation, other_organisation):
    """A public origin with adaptations of every visibility and status, two generations deep."""
    origin = PilotFactory(lead_organisation=other_organisation)
    public = PilotFactory(adapted_from=origin)
    partnership = PilotFactory(adapted_from=public, partnership=True)
    private_own = PilotFactory(adapted_from=origin, private=True, lead_organisation=organisation)
    PilotFactory(adapted_from=private_own, private=True)  # private, of another organisation
    PilotFactory(adapted_from=public, draft=True, lead_organisation=organisation)
    PilotFactory(adapted_from=partnership)  # public, under a partnership pilot
    by_pilot_role = PilotFactory(adapted_from=origin, private=True)
    practice = PracticeFactory(original_pilot=origin)
    lone = PracticeFactory(original_pilot=PilotFactory())
    return {"practice": practice, "lone": lone, "by_pilot_role": by_pilot_role, "origin": origin}


def user_for(role, request, tree):
    if role == "anonymous":
        return None
    if role == "pilot_member":
        user = UserFactory()
        PilotMembership.objects.create(pilot=tree["by_pilot_role"], user=user, role=Role.VIEWER)
        return user
    return request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
def test_every_reader_sees_their_own_count(role, request, tree):
    user = user_for(role, request, tree)
    rows = {r.practice.pk: r.replications for r in selectors.practice_list(user=user)[:]}
    for practice in (tree["practice"], tree["lone"]):
        assert rows[practice.pk] == expected(user, practice), role
    home = selectors.home(user=user)
    assert [r.practice.pk for r in home.most_replicated] == [tree["practice"].pk]


def test_stored_counts_match_the_trees(tree):
    practice = Practice.objects.get(pk=tree["practice"].pk)
    assert (
        practice.replications_public,
        practice.replications_partners,
        practice.replications_published,
    ) == (2, 3, 6)


def stored(practice):
    practice.refresh_from_db()
    return tuple(getattr(practice, name) for name in FIELDS)


def test_counts_follow_status_visibility_and_lineage(tree, coordinator):
    practice, origin = tree["practice"], tree["origin"]
    before = stored(practice)
    draft = Pilot.objects.get(status=PilotStatus.DRAFT)
    draft.status = PilotStatus.ACTIVE
    draft.save()
    assert stored(practice) == (before[0] + 1, before[1] + 1, before[2] + 1)
    draft.visibility = Visibility.PRIVATE
    draft.save()
    assert stored(practice) == (before[0], before[1], before[2] + 1)
    # Moved out of the tree (and its adaptations with it), then back under the origin.
    moved = Pilot.objects.get(visibility=Visibility.PARTNERSHIP)
    lineage_set_parent(pilot=moved, parent=None, actor=coordinator)
    assert stored(practice) == (before[0] - 1, before[1] - 2, before[2] - 1)
    lineage_set_parent(pilot=moved, parent=origin, actor=coordinator)
    assert stored(practice) == (before[0], before[1], before[2] + 1)


def test_counts_follow_deletions(tree):
    practice, origin = tree["practice"], tree["origin"]
    public = Pilot.objects.get(adapted_from=origin, visibility=Visibility.PUBLIC)
    public.delete()  # its adaptations move up under the origin: only it is gone
    assert stored(practice)[0] == 1
    origin.delete()  # the oldest adaptation takes the origin's place in the practice
    practice.refresh_from_db()
    assert practice.original_pilot_id is not None
    edges = lineage.descendants([practice.original_pilot_id])[practice.original_pilot_id]
    assert stored(practice)[2] == sum(
        1
        for pk, _p in edges
        if pk != practice.original_pilot_id and Pilot.objects.get(pk=pk).status != PilotStatus.DRAFT
    )


def test_refresh_is_idempotent_and_a_lone_practice_counts_nothing(tree):
    refresh_practices(Practice.objects.all())
    assert stored(tree["lone"]) == (0, 0, 0)
    assert stored(tree["practice"]) == (2, 3, 6)


def grow(n):
    for _ in range(n):
        origin = PilotFactory()
        child = PilotFactory(adapted_from=origin)
        PilotFactory(adapted_from=child)
        PilotFactory(adapted_from=origin, private=True)
        PracticeFactory(original_pilot=origin)


@pytest.mark.parametrize("role", ["anonymous", "reporter", "coordinator"])
def test_a_page_of_practices_costs_the_same_queries_as_they_grow(
    role, request, organisation, django_assert_max_num_queries
):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    own = PilotFactory(lead_organisation=organisation, private=True)
    PracticeFactory(original_pilot=PilotFactory()).original_pilot.adaptations.add(own)
    budget = {}
    for size in (1, 6):
        grow(size)
        for order in ("title", "replications", "appraised"):
            if user is not None:  # a new request: nothing cached on the user
                user = type(user).objects.get(pk=user.pk)
            # The count, the page and its appraisals; for a signed-in user also their groups and
            # memberships (once per request) and the pilots they work on with the walk up.
            with django_assert_max_num_queries(3 if user is None else 7) as captured:
                rows = selectors.practice_list(user=user, order=order)
                rows.count()
                rows[:20]
            budget.setdefault(order, len(captured))
            assert len(captured) == budget[order], (order, size)


def test_organisation_members_count_their_private_adaptations(organisation, reporter):
    origin = PilotFactory(lead_organisation=OrganisationFactory())
    PilotFactory(adapted_from=origin, private=True, lead_organisation=organisation)
    practice = PracticeFactory(original_pilot=origin)
    MembershipFactory(organisation=OrganisationFactory(), role=Role.VIEWER)
    [row] = selectors.practice_list(user=reporter)[:]
    assert row.practice == practice and row.replications == 1
    [row] = selectors.practice_list(user=None)[:]
    assert row.replications == 0
