"""The lineage tree: `Pilot.adapted_from` walked with recursive SQL, one query per walk.

WITH RECURSIVE works the same on SQLite and PostgreSQL. UNION (not UNION ALL) makes a walk end
even on a cycle that bad data could hold, although services never let one form.
"""

from dataclasses import dataclass, field

from django.db import connection

from pilots.models import Pilot

_TABLE = Pilot._meta.db_table


def descendants(root_ids) -> dict[int, list[tuple[int, int | None]]]:
    """For each root id: (pilot id, parent id) of the root and every pilot adapted from it,
    transitively. The root's own parent is reported as None. One query for all roots."""
    root_ids = sorted({int(pk) for pk in root_ids if pk})
    if not root_ids:
        return {}
    marks = ", ".join(["%s"] * len(root_ids))
    sql = (
        f"WITH RECURSIVE tree(root_id, id, parent_id) AS ("
        f" SELECT id, id, adapted_from_id FROM {_TABLE} WHERE id IN ({marks})"
        f" UNION SELECT tree.root_id, p.id, p.adapted_from_id FROM {_TABLE} p"
        f" JOIN tree ON p.adapted_from_id = tree.id"
        f") SELECT root_id, id, parent_id FROM tree"
    )
    result: dict[int, list[tuple[int, int | None]]] = {pk: [] for pk in root_ids}
    with connection.cursor() as cursor:
        cursor.execute(sql, root_ids)
        for root_id, pk, parent_id in cursor.fetchall():
            result[root_id].append((pk, None if pk == root_id else parent_id))
    return result


def ancestors(pilot_id: int) -> list[int]:
    """The pilot's id followed by its parent's, grandparent's … up to the origin. One query."""
    sql = (
        f"WITH RECURSIVE up(id, parent_id, depth) AS ("
        f" SELECT id, adapted_from_id, 0 FROM {_TABLE} WHERE id = %s"
        f" UNION SELECT p.id, p.adapted_from_id, up.depth + 1 FROM {_TABLE} p"
        f" JOIN up ON p.id = up.parent_id WHERE up.depth < 1000"
        f") SELECT id FROM up ORDER BY depth"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pilot_id])
        seen, chain = set(), []
        for (pk,) in cursor.fetchall():
            if pk in seen:
                break
            seen.add(pk)
            chain.append(pk)
        return chain


@dataclass
class Node:
    """One pilot in a rendered tree, with the pilots adapted from it."""

    pilot: Pilot
    children: list["Node"] = field(default_factory=list)
    depth: int = 0

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def build_tree(root_id: int, edges: list[tuple[int, int | None]], pilots: dict[int, Pilot]):
    """Nest the visible pilots (`pilots`, by id) of one lineage. A pilot the user may not see is
    left out and its adaptations hang from its nearest visible ancestor, so nothing about a
    private or draft pilot leaks. Returns the root Node, or a list of Nodes when the root itself
    is hidden (its visible descendants become the top level)."""
    parent_of = dict(edges)
    children: dict[int | None, list[int]] = {}
    for pk, _parent in edges:
        if pk not in pilots:
            continue
        parent, hops = parent_of.get(pk), 0
        while parent is not None and parent not in pilots and hops < 1000:
            parent, hops = parent_of.get(parent), hops + 1
        children.setdefault(parent if pk != root_id else None, []).append(pk)

    def make(pk: int, depth: int) -> Node:
        kids = sorted(children.get(pk, []), key=lambda k: (pilots[k].created_at, k))
        return Node(pilots[pk], [make(k, depth + 1) for k in kids if k != pk], depth)

    return [make(pk, 0) for pk in sorted(children.get(None, []))]
