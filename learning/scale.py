"""National-scale practices for `manage.py seed_scale`: one practice per original pilot, the
pilots with the most adaptations first (so many practices have a lineage tree), about a third
with a published appraisal."""

from datetime import timedelta

from django.utils.text import slugify

from learning import replications
from learning.models import Appraisal, AppraisalStatus, Practice, Recommendation
from partners.bulk import ScaleRun

PRACTICES = 1_000
SCORES = ["0", "+", "++"]


def build(run: ScaleRun, records) -> int:
    """Write the practices and their appraisals; returns how many practices."""
    rng = run.rng("practices")
    children: dict[int, int] = {}
    for record in records:
        if record.adapted_from:
            children[record.adapted_from] = children.get(record.adapted_from, 0) + 1
    roots = [r for r in records if r.is_public and r.adapted_from is None]
    roots.sort(key=lambda r: (-children.get(r.id, 0), r.id))
    chosen = roots[: run.count(PRACTICES)]
    first = run.reserve(Practice, len(chosen))
    seen = set(Practice.objects.values_list("slug", flat=True))
    rows = []
    for i, record in enumerate(chosen):
        title = f"{record.theme.brand}: {record.theme.tagline} ({record.place})"
        base, n = slugify(title)[:200], 1
        slug = base
        while slug in seen:
            n += 1
            slug = f"{base[:190]}-{n}"
        seen.add(slug)
        rows.append(
            (
                first + i,
                title if n == 1 else f"{title} {n}",
                slug,
                f"Arbetssättet från {record.title}, med {children.get(record.id, 0)} spridningar. "
                "Skalningsdata: påhittad praktik.",
                record.id,
            )
        )
    run.insert(Practice, ["id", "title", "slug", "summary", "original_pilot_id"], rows)
    appraised = [row[0] for row in rows if rng.random() < 0.35]
    pk = run.reserve(Appraisal, len(appraised))
    published = run.now - timedelta(days=90)
    recommendations = list(Recommendation.values)
    run.insert(
        Appraisal,
        [
            "id",
            "practice_id",
            "status",
            "evidence_level",
            "effect",
            "transferability",
            "sustainability",
            "equity",
            "cost",
            "actor_values",
            "recommendation",
            "rationale",
            "reassess_by",
            "published_at",
        ],
        (
            (
                pk + i,
                practice,
                AppraisalStatus.PUBLISHED,
                rng.randint(1, 4),
                *(rng.choice(SCORES) for _ in range(5)),
                {"kommun": rng.choice(SCORES), "region": rng.choice(SCORES)},
                rng.choice(recommendations),
                "Bedömd utifrån piloternas godkända resultat. Skalningsdata: påhittad bedömning.",
                run.today + timedelta(days=rng.randint(30, 700)),
                published,
            )
            for i, practice in enumerate(appraised)
        ),
    )
    # COPY sends no signals: count each practice's adaptations once, as the signals would.
    replications.refresh_practices([row[0] for row in rows])
    run.say(f"Learning: {len(rows)} practices, {len(appraised)} appraisals.")
    return len(rows)
