"""A few large programmes for `manage.py seed_scale`: each owns a tenth of the pilots divided
between them, three stages, and gate decisions at the first gate for some of its pilots."""

from datetime import date, timedelta

from django.utils.text import slugify

from partners.bulk import ScaleRun
from pilots.models import PilotStatus
from programmes.models import GateDecision, Programme, ProgrammePilot, ProgrammeStage
from programmes.models.choices import Decision, MembershipStatus

PROGRAMMES = 5
PILOT_SHARE = 0.1
DECISIONS_PER_PROGRAMME = 12
NAMES = [
    "Friska miljöer – nationellt program",
    "Jämlik hälsa i hela landet",
    "Tidiga insatser för barn och unga",
    "Aktivt åldrande",
    "Hållbart arbetsliv",
]
NOTE = "Skalningsdata: programmet är påhittat."


def build(run: ScaleRun, partners, records, library) -> int:
    """Write the programmes, their stages, member pilots and gate decisions."""
    rng = run.rng("programmes")
    count = max(1, min(PROGRAMMES, round(PROGRAMMES * run.scale * 100)))
    owners = [o for o in partners.organisations if o.kind in ("region", "myndighet")]
    owners = owners or partners.organisations
    eligible = [r for r in records if r.status != PilotStatus.DRAFT]
    per_programme = max(1, round(len(eligible) * PILOT_SHARE / count))
    rng.shuffle(eligible)
    start = date(run.today.year - 2, 1, 1)
    first = run.reserve(Programme, count)
    run.insert(
        Programme,
        [
            "id",
            "name",
            "slug",
            "kind",
            "purpose",
            "vision",
            "owner_id",
            "budget_sek",
            "start_date",
            "end_date",
            "cadence",
            "visibility",
            "principles",
        ],
        [
            (
                first + i,
                NAMES[i % len(NAMES)],
                slugify(NAMES[i % len(NAMES)]),
                "state",
                f"Att pröva och skala upp förebyggande arbetssätt i många piloter. {NOTE}",
                "Alla i Sverige kan leva ett långt liv med god hälsa.",
                owners[i % len(owners)].id,
                50_000_000 * (i + 1),
                start,
                date(start.year + 4, 12, 31),
                "half_year",
                "public",
                ["Samverkan över huvudmannagränser", "Jämlikhet", "Lärande och öppenhet"],
            )
            for i in range(count)
        ],
    )
    shared = [i for i in library if i.name == "Antal deltagare i insatsen"][:1]
    through = Programme.shared_indicators.through
    pk = run.reserve(through, count * len(shared))
    run.insert(
        through,
        ["id", "programme_id", "indicator_id"],
        [(pk + i, first + i, shared[0].pk) for i in range(count) if shared],
    )
    stage_pk = run.reserve(ProgrammeStage, 3 * count)
    stages = []
    for i in range(count):
        for order, (name, a, b) in enumerate(
            (("Fas 1: pröva", 0, 1), ("Fas 2: utveckla", 2, 3), ("Fas 3: skala upp", 4, 4)),
            start=1,
        ):
            stages.append(
                (
                    stage_pk + 3 * i + order - 1,
                    first + i,
                    name,
                    order,
                    date(start.year + a, 1, 1),
                    date(start.year + b, 12, 31),
                )
            )
    run.insert(
        ProgrammeStage, ["id", "programme_id", "name", "order", "start_date", "gate_date"], stages
    )
    link_pk = run.reserve(ProgrammePilot, per_programme * count)
    links, decisions = [], []
    decided_at = run.now - timedelta(days=200)
    for i in range(count):
        owner_people = partners.people[owners[i % len(owners)].id]
        for k, record in enumerate(eligible[i * per_programme : (i + 1) * per_programme]):
            link = link_pk + len(links)
            decided = k < DECISIONS_PER_PROGRAMME
            links.append(
                (
                    link,
                    first + i,
                    record.id,
                    MembershipStatus.ACCEPTED,
                    rng.randrange(10, 80) * 100_000,
                    stage_pk + 3 * i + (1 if decided else 0),
                    "Ansökan enligt programmets mall.",
                    "Beviljad.",
                    decided_at,
                    owner_people[0],
                )
            )
            if decided:
                decisions.append(
                    (
                        link,
                        stage_pk + 3 * i,
                        rng.choice(
                            [
                                Decision.CONTINUE,
                                Decision.CONTINUE,
                                Decision.SCALE,
                                Decision.CONTINUE_WITH_CHANGES,
                            ]
                        ),
                        "Piloten följer planen och rapporterar i tid.",
                        decided_at,
                        owner_people[0],
                    )
                )
    run.insert(
        ProgrammePilot,
        [
            "id",
            "programme_id",
            "pilot_id",
            "status",
            "funding_granted_sek",
            "stage_id",
            "application_note",
            "decision_note",
            "decided_at",
            "decided_by_id",
        ],
        links,
    )
    pk = run.reserve(GateDecision, len(decisions))
    run.insert(
        GateDecision,
        ["id", "membership_id", "stage_id", "decision", "rationale", "decided_at", "decided_by_id"],
        [(pk + i, *d) for i, d in enumerate(decisions)],
    )
    run.say(
        f"Programmes: {count} programmes, {len(links)} member pilots, "
        f"{len(decisions)} gate decisions."
    )
    return count
