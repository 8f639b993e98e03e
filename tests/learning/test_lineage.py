"""Lineage: no cycles, and deleting a pilot never orphans its adaptations."""

import pytest
from django.core.exceptions import ValidationError

from learning import lineage
from learning.factories import PracticeFactory
from learning.services import lineage_set_parent
from pilots.factories import PilotFactory
from pilots.models import Pilot

pytestmark = pytest.mark.django_db


def chain(n):
    pilots = [PilotFactory()]
    for _ in range(n - 1):
        pilots.append(PilotFactory(adapted_from=pilots[-1]))
    return pilots


def test_descendants_walks_the_whole_tree_in_one_query(django_assert_num_queries):
    a, b, c = chain(3)
    d = PilotFactory(adapted_from=a)
    with django_assert_num_queries(1):
        edges = lineage.descendants([a.pk])[a.pk]
    assert {pk for pk, _ in edges} == {a.pk, b.pk, c.pk, d.pk}
    assert lineage.ancestors(c.pk) == [c.pk, b.pk, a.pk]


def test_parent_cannot_be_a_descendant(coordinator):
    a, _b, c = chain(3)
    with pytest.raises(ValidationError) as error:
        lineage_set_parent(pilot=a, parent=c, actor=coordinator)
    assert error.value.error_dict["adapted_from"][0].code == "cycle"
    with pytest.raises(ValidationError):
        lineage_set_parent(pilot=a, parent=a, actor=coordinator)
    a.refresh_from_db()
    assert a.adapted_from is None


def test_set_parent_needs_edit_rights(reporter, organisation, outsider):
    mine = PilotFactory(lead_organisation=organisation)
    other = PilotFactory()
    lineage_set_parent(pilot=mine, parent=other, actor=reporter)
    mine.refresh_from_db()
    assert mine.adapted_from == other
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        lineage_set_parent(pilot=other, parent=None, actor=outsider)


def test_deleting_a_middle_pilot_moves_its_adaptations_up():
    a, b, c = chain(3)
    d = PilotFactory(adapted_from=b)
    b.delete()
    c.refresh_from_db()
    d.refresh_from_db()
    # The oldest adaptation takes b's place; the others hang under it, so the tree stays whole.
    assert c.adapted_from == a
    assert d.adapted_from == c
    assert {pk for pk, _ in lineage.descendants([a.pk])[a.pk]} == {a.pk, c.pk, d.pk}


def test_deleting_the_origin_keeps_the_practice_and_its_tree():
    a, b = chain(2)
    c = PilotFactory(adapted_from=a)
    practice = PracticeFactory(original_pilot=a)
    a.delete()
    practice.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert b.adapted_from is None
    assert c.adapted_from == b
    assert practice.original_pilot == b


def test_deleting_a_lone_original_keeps_the_practice():
    practice = PracticeFactory()
    practice.original_pilot.delete()
    practice.refresh_from_db()
    assert practice.original_pilot is None


def test_deleting_several_pilots_at_once_keeps_the_rest():
    a, b, c, d = chain(4)
    Pilot.objects.filter(pk__in=[b.pk, c.pk]).delete()
    d.refresh_from_db()
    assert d.adapted_from == a


def test_build_tree_hides_private_pilots_without_losing_their_adaptations():
    a = PilotFactory()
    hidden = PilotFactory(adapted_from=a, private=True)
    c = PilotFactory(adapted_from=hidden)
    edges = lineage.descendants([a.pk])[a.pk]
    visible = {
        p.pk: p for p in Pilot.objects.visible_to(None).filter(pk__in=[a.pk, hidden.pk, c.pk])
    }
    (root,) = lineage.build_tree(a.pk, edges, visible)
    assert [n.pilot for n in root.walk()] == [a, c]
    assert root.children[0].pilot == c
