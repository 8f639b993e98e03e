"""How many pilots each practice has spread to, kept on the practice (issue 20).

A practice's replications are the published pilots adapted from its original pilot,
transitively (the original itself not counted), that the reader may see. Walking every lineage
tree and testing every pilot's visibility on each read of the learning base cost seconds at
national scale, so each practice keeps three counts, one per audience:

- `replications_public`: published pilots open to all (what a visitor sees);
- `replications_partners`: published public and partnership pilots (a partner's view);
- `replications_published`: every published pilot (the coordinator's view).

A signed-in person also sees the private (or, if not a partner, partnership) pilots they work on;
`extra_for` adds those, walking up from the person's own few pilots only.

The counts are refreshed whenever something they depend on changes: a pilot's status,
visibility or parent (`learning/signals.py`, after every save and delete of a pilot), a
practice's original pilot (a saved practice), and bulk loads (`learning/scale.py`). The
migration that added them filled them in. Every recount also makes the cached number of
practices the public may see stale (`caching.PRACTICES`, see learning.selectors).
"""

from django.db import connection

from core import caching
from pilots.models import Pilot, PilotStatus, Visibility

_TABLE = Pilot._meta.db_table
FIELDS = ("replications_public", "replications_partners", "replications_published")
SHARED = {
    "replications_public": (Visibility.PUBLIC,),
    "replications_partners": (Visibility.PUBLIC, Visibility.PARTNERSHIP),
}


def counts(statuses: dict[int, tuple[str, str]], members) -> dict[str, int]:
    """The three counts over `members` (pilot ids), given each pilot's (status, visibility)."""
    out = dict.fromkeys(FIELDS, 0)
    for pk in members:
        status, visibility = statuses.get(pk, (PilotStatus.DRAFT, ""))
        if status == PilotStatus.DRAFT:
            continue
        out["replications_published"] += 1
        for name, shared in SHARED.items():
            if visibility in shared:
                out[name] += 1
    return out


def refresh_practices(practices) -> None:
    """Recount the given practices (Practice objects or ids) and write the counts that changed.
    Four queries whatever the size of their trees."""
    from learning import lineage
    from learning.models import Practice

    ids = [getattr(p, "pk", p) for p in practices]
    if not ids:
        return
    caching.bump(caching.PRACTICES)
    rows = list(Practice.objects.filter(pk__in=ids).only("pk", "original_pilot_id", *FIELDS))
    trees = lineage.descendants([p.original_pilot_id for p in rows if p.original_pilot_id])
    members = {pk for edges in trees.values() for pk, _parent in edges}
    statuses = {
        pk: (status, visibility)
        for pk, status, visibility in Pilot.objects.filter(pk__in=members).values_list(
            "pk", "status", "visibility"
        )
    }
    changed = []
    for practice in rows:
        edges = trees.get(practice.original_pilot_id, [])
        found = counts(statuses, [pk for pk, _p in edges if pk != practice.original_pilot_id])
        if any(getattr(practice, name) != value for name, value in found.items()):
            for name, value in found.items():
                setattr(practice, name, value)
            changed.append(practice)
    if changed:
        Practice.objects.bulk_update(changed, FIELDS)


def refresh_for_pilots(pilot_ids) -> None:
    """Recount every practice whose tree holds one of the pilots (their original is the pilot
    or one of its ancestors)."""
    from learning.models import Practice

    chain = ancestors_of(pilot_ids)
    if chain:
        refresh_practices(
            list(Practice.objects.filter(original_pilot__in=chain).values_list("pk", flat=True))
        )


def ancestors_of(pilot_ids) -> set[int]:
    """The pilots and all their ancestors, in one recursive query."""
    ids = sorted({int(pk) for pk in pilot_ids if pk})
    if not ids:
        return set()
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"WITH RECURSIVE up(id, parent_id, depth) AS ("
        f" SELECT id, adapted_from_id, 0 FROM {_TABLE} WHERE id IN ({marks})"
        f" UNION SELECT p.id, p.adapted_from_id, up.depth + 1 FROM {_TABLE} p"
        f" JOIN up ON p.id = up.parent_id WHERE up.depth < 1000"
        f") SELECT DISTINCT id FROM up"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return {pk for (pk,) in cursor.fetchall()}


def field_for(*, coordinator: bool, partner: bool) -> str:
    """Which stored count a reader starts from."""
    if coordinator:
        return "replications_published"
    return "replications_partners" if partner else "replications_public"


def extra_for(user, *, partner: bool) -> dict[int, int]:
    """Practice id → how many more replications the signed-in user sees than the stored count
    for their audience: the published pilots they work on whose visibility that count leaves out.
    Two queries, bounded by the number of pilots the user works on."""
    from learning.models import Practice
    from pilots import rules as pilot_rules

    shared = SHARED["replications_partners" if partner else "replications_public"]
    own = list(
        Pilot.objects.filter(pilot_rules.insiders_q(user))
        .exclude(status=PilotStatus.DRAFT)
        .exclude(visibility__in=shared)
        .values_list("pk", flat=True)
    )
    if not own:
        return {}
    marks = ", ".join(["%s"] * len(own))
    practice_table = Practice._meta.db_table
    sql = (
        f"WITH RECURSIVE up(start_id, id, parent_id, depth) AS ("
        f" SELECT id, id, adapted_from_id, 0 FROM {_TABLE} WHERE id IN ({marks})"
        f" UNION SELECT up.start_id, p.id, p.adapted_from_id, up.depth + 1 FROM {_TABLE} p"
        f" JOIN up ON p.id = up.parent_id WHERE up.depth < 1000"
        f") SELECT pr.id, COUNT(DISTINCT up.start_id) FROM up"
        f" JOIN {practice_table} pr ON pr.original_pilot_id = up.id"
        f" WHERE up.id <> up.start_id GROUP BY pr.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, own)
        return dict(cursor.fetchall())
