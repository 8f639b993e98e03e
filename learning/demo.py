"""Demo data for the learning base (`seed_demo`): practices with 2–6 adaptations in different
kommuner, closing reports, and appraisals in every recommendation category, some with history
and some due for re-assessment. Builds on the pilots demo (its lessons cover all five system
dimensions). Deterministic (pilots picked in slug order) and idempotent (keyed on slugs)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from learning.models import Appraisal, AppraisalStatus, ClosingReport, Practice, Recommendation
from learning.rules import ensure_appraisal_group
from partners.demo import _user
from pilots.models import Pilot, PilotStatus, Visibility

DEMO_NOTE = "Demodata: påhittad bedömning."
APPRAISER_EMAIL = "bedomare@example.se"
# (number of adaptations, recommendation, evidence level, history?, due in days). Each practice
# takes its title from the pilot it starts from and gathers pilots of the same concept (the same
# title before the kommun), so a practice's title, summary and pilots always tell one story.
PLAN = [
    (5, Recommendation.SCALE_UP, 4, True, 400),
    (4, Recommendation.SCALE_UP_FOLLOW_UP, 3, False, 30),
    (3, Recommendation.KEEP_PILOTING, 2, True, -10),
    (2, Recommendation.WAIT, 1, False, 300),
    (2, Recommendation.DO_NOT_SCALE, 2, False, 600),
    (6, Recommendation.SCALE_UP_FOLLOW_UP, 3, False, 45),
]


def concept(pilot) -> str:
    """A demo pilot's concept: its title without the kommun ("Matglad – måltidsstöd …")."""
    return pilot.title.rsplit(",", 1)[0].strip()


SCORES = {
    Recommendation.SCALE_UP: ("++", "++", "+", "+", "+"),
    Recommendation.SCALE_UP_FOLLOW_UP: ("+", "++", "+", "+", "+"),
    Recommendation.KEEP_PILOTING: ("+", "+", "0", "+", "0"),
    Recommendation.WAIT: ("0", "+", "0", "0", "0"),
    Recommendation.DO_NOT_SCALE: ("0", "0", "0", "0", "0"),
}


def _candidates():
    return list(
        Pilot.objects.filter(visibility=Visibility.PUBLIC, adapted_from__isnull=True)
        .exclude(status=PilotStatus.DRAFT)
        .filter(reports__status="approved")
        .distinct()
        .prefetch_related("kommuner", "adaptations")
        .order_by("slug")
    )


def _appraisal(practice, recommendation, level, published_at, reassess_by, authors, reviewer):
    effect, transfer, sustain, equity, cost = SCORES[recommendation]
    appraisal = Appraisal.objects.create(
        practice=practice,
        status=AppraisalStatus.PUBLISHED,
        evidence_level=level,
        effect=effect,
        transferability=transfer,
        sustainability=sustain,
        equity=equity,
        cost=cost,
        actor_values={"kommun": cost, "region": effect, "stat": "+", "individ": effect},
        recommendation=recommendation,
        reassess_by=reassess_by,
        published_at=published_at,
        reviewed_by=reviewer,
        rationale=f"{DEMO_NOTE} {Recommendation(recommendation).label}: bedömd utifrån "
        f"piloternas godkända resultat och slutrapporter.",
    )
    appraisal.authors.set(authors)
    return appraisal


@transaction.atomic
def seed(stdout=None, *, today: dt.date | None = None) -> dict[str, int]:
    """Create the learning demo once; later runs leave existing practices alone."""
    today = today or timezone.localdate()
    group = ensure_appraisal_group()
    appraiser = _user(APPRAISER_EMAIL, "Birgitta", "Bedömare")
    appraiser.groups.add(group)
    reviewer = _user("granskare@example.se", "Göran", "Granskare")
    reviewer.groups.add(group)
    counts = {"practices": 0, "adaptations": 0, "appraisals": 0, "closing_reports": 0}
    existing = set(Practice.objects.values_list("title", flat=True))
    if existing:
        return counts  # seeded before: leave the practices alone
    pool = [p for p in _candidates() if not p.adaptations.all()]
    used = set(Practice.objects.values_list("original_pilot_id", flat=True))
    for n, recommendation, level, history, due_in in PLAN:
        origin = next(
            (
                p
                for p in pool
                if p.pk not in used
                and concept(p) not in existing
                and any(q.pk not in used | {p.pk} and concept(q) == concept(p) for q in pool)
            ),
            None,
        )
        if origin is None:
            break
        title = concept(origin)
        existing.add(title)
        used.add(origin.pk)
        places = {k.pk for k in origin.kommuner.all()}
        children = []
        for pilot in pool:
            if len(children) >= n:
                break
            kommuner = {k.pk for k in pilot.kommuner.all()}
            if pilot.pk in used or concept(pilot) != title or kommuner & places:
                continue
            children.append(pilot)
            places |= kommuner
            used.add(pilot.pk)
        for pilot in children[:n]:
            # Half the adaptations adapt the previous one, so the trees have depth.
            parent = children[children.index(pilot) - 1] if children.index(pilot) % 2 else origin
            Pilot.objects.filter(pk=pilot.pk).update(adapted_from=parent)
            counts["adaptations"] += 1
        where = sorted({k.name for p in [origin, *children] for k in p.kommuner.all()})
        practice = Practice.objects.create(
            title=title,
            slug=f"demo-{origin.slug}"[:220],
            original_pilot=origin,
            summary=f"{title}. Prövad i {', '.join(where)}. {origin.summary} ({DEMO_NOTE})",
        )
        counts["practices"] += 1
        for pilot in [origin, *children]:
            if pilot.status == PilotStatus.COMPLETED or pilot is origin:
                ClosingReport.objects.get_or_create(
                    pilot=pilot,
                    defaults={
                        "what_worked": "Tidig förankring hos chefer och en tydlig samordnare.",
                        "what_did_not": "Rekryteringen av deltagare tog längre tid än planerat.",
                        "what_it_takes": "En samordnare på halvtid, avtal med regionen och lokal "
                        "anpassning av materialet.",
                    },
                )
                counts["closing_reports"] += 1
        published = timezone.now() - dt.timedelta(days=200)
        if history:
            _appraisal(
                practice,
                Recommendation.KEEP_PILOTING,
                max(level - 1, 1),
                published - dt.timedelta(days=700),
                today - dt.timedelta(days=150),
                [appraiser],
                reviewer,
            )
            counts["appraisals"] += 1
        _appraisal(
            practice,
            recommendation,
            level,
            published,
            today + dt.timedelta(days=due_in),
            [appraiser],
            reviewer,
        )
        counts["appraisals"] += 1
    if stdout:
        stdout.write(
            "Learning base: {practices} practices, {adaptations} adaptations, {appraisals} "
            "appraisals, {closing_reports} closing reports.".format(**counts)
        )
    return counts
