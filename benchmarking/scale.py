"""National-scale statistics for `manage.py seed_scale`: 300 made-up KPIs (is_demo) × all 290
kommuner × 15 years × T/K/M, plus riket (the unweighted mean of the kommuner) so goal pages have
a national series. The first KPIs are the demo's eight, linked to the library like the demo's.

Values follow a national level and trend per KPI, an effect per SKR kommungrupp and per kommun,
yearly noise and a gap between women and men; about 1 % are missing.
"""

from collections import defaultdict

from benchmarking.demo import KPIS as DEMO_KPIS
from benchmarking.demo import SKR_EFFECT
from benchmarking.models import Kpi, KpiDirection, StatisticValue
from partners.bulk import ScaleRun
from partners.models import Kommun
from pilots.models import Indicator

KPIS = 300
YEARS = range(2010, 2025)
SOURCE = "Skalningsdata (påhittade värden)"
SUBJECTS = [
    ("Andel elever som är fysiskt aktiva varje dag", KpiDirection.HIGHER, 30),
    ("Andel vuxna med fetma", KpiDirection.LOWER, 16),
    ("Andel dagligrökare", KpiDirection.LOWER, 9),
    ("Andel med riskabla alkoholvanor", KpiDirection.LOWER, 15),
    ("Andel som skattar sin hälsa som god", KpiDirection.HIGHER, 70),
    ("Andel som ofta känner sig ensamma", KpiDirection.LOWER, 14),
    ("Andel med risk för undernäring", KpiDirection.LOWER, 20),
    ("Andel med hög skolfrånvaro", KpiDirection.LOWER, 12),
    ("Andel som äter frukt och grönsaker dagligen", KpiDirection.HIGHER, 35),
    ("Andel med stillasittande fritid", KpiDirection.LOWER, 25),
    ("Andel som använt narkotika senaste året", KpiDirection.LOWER, 6),
    ("Andel med långvarig sjukskrivning", KpiDirection.LOWER, 5),
    ("Andel utan karies", KpiDirection.HIGHER, 70),
    ("Andel med god sömn", KpiDirection.HIGHER, 60),
    ("Andel som deltar i föreningsliv", KpiDirection.HIGHER, 40),
    ("Andel med låg fysisk aktivitet", KpiDirection.LOWER, 30),
    ("Andel som upplever stress", KpiDirection.LOWER, 28),
    ("Andel som fått hälsosamtal", KpiDirection.HIGHER, 45),
    ("Andel som vaccinerats mot influensa", KpiDirection.HIGHER, 50),
    ("Andel med högt blodtryck", KpiDirection.LOWER, 22),
]
GROUPS = [
    "0–5 år",
    "6–12 år",
    "13–15 år",
    "16–18 år",
    "19–24 år",
    "25–44 år",
    "45–64 år",
    "65–79 år",
    "80 år och äldre",
    "förskolebarn",
    "elever i årskurs 5",
    "elever i årskurs 9",
    "gymnasieelever",
    "personer med hemtjänst",
    "personer i särskilt boende",
]


def _definitions(run: ScaleRun) -> list[tuple]:
    """(id, title, unit, direction, level, change per year, gap K − M) of every KPI."""
    rng = run.rng("kpis")
    total = run.count(KPIS)
    kpis = [(k[0], k[1], k[2], k[3], k[4], k[5], k[6]) for k in DEMO_KPIS][:total]
    n = 0
    while len(kpis) < total:
        subject, direction, level = SUBJECTS[n % len(SUBJECTS)]
        group = GROUPS[(n // len(SUBJECTS)) % len(GROUPS)]
        round_ = n // (len(SUBJECTS) * len(GROUPS))
        title = f"{subject}, {group} (skalningsdata)" + (f" {round_ + 1}" if round_ else "")
        kpis.append(
            (
                f"S{n + 1:05d}",
                title,
                "%",
                direction,
                level * rng.uniform(0.7, 1.3),
                rng.uniform(-0.4, 0.4),
                rng.uniform(-6, 6),
            )
        )
        n += 1
    return kpis


def build(run: ScaleRun) -> int:
    """Write the KPIs and their values; returns how many values."""
    existing = set(Kpi.objects.values_list("id", flat=True))
    kpis = [k for k in _definitions(run) if k[0] not in existing]  # with --force: the demo's
    run.insert(
        Kpi,
        ["id", "title", "unit", "direction", "is_demo", "source", "description"],
        [
            (
                k[0],
                k[1],
                k[2],
                k[3],
                True,
                SOURCE,
                "Påhittade värden för prestandamätning. Inte statistik från Kolada.",
            )
            for k in kpis
        ],
    )
    for kpi_id, *_mid in kpis[: len(DEMO_KPIS)]:
        library_name = next((d[7] for d in DEMO_KPIS if d[0] == kpi_id), "")
        if library_name:
            Indicator.objects.library().filter(name=library_name, kolada_kpi="").update(
                kolada_kpi=kpi_id
            )
    kommuner = list(Kommun.objects.order_by("code").values_list("code", "skr_group"))
    rng = run.rng("statistics")
    first = run.reserve(StatisticValue, 0)
    last_year = YEARS[-1]

    def rows():
        pk = first
        for kpi_id, _title, unit, _direction, level, change, gap in kpis:
            national = defaultdict(list)
            for code, group in kommuner:
                effect = SKR_EFFECT.get(group, 0) * level + rng.gauss(0, 0.08 * level)
                slope = change * (1 + rng.gauss(0, 0.5))
                for i, year in enumerate(YEARS):
                    base = level + effect + slope * i + rng.gauss(0, 0.03 * level)
                    if unit == "%":
                        base = min(max(base, 0.5), 99.0)
                    for gender, value in (
                        ("T", base),
                        ("K", base + gap / 2),
                        ("M", base - gap / 2),
                    ):
                        value = round(max(value, 0.0), 1)
                        missing = rng.random() < 0.01
                        if not missing:
                            national[(year, gender)].append(value)
                        yield (
                            pk,
                            kpi_id,
                            code,
                            year,
                            gender,
                            None if missing else value,
                            "Missing" if missing else "",
                            year == last_year,
                        )
                        pk += 1
            for (year, gender), values in sorted(national.items()):
                yield (
                    pk,
                    kpi_id,
                    "0000",
                    year,
                    gender,
                    round(sum(values) / len(values), 1),
                    "",
                    year == last_year,
                )
                pk += 1

    names = [
        "id",
        "kpi_id",
        "area",
        "year",
        "gender",
        "value",
        "status",
        "is_preliminary",
        "source",
        "imported_at",
    ]
    written = run.insert(StatisticValue, names, ((*row, SOURCE, run.now) for row in rows()))
    run.reserve(StatisticValue, written)
    run.say(f"Statistics: {len(kpis)} KPIs, {written} values.")
    return written


def aggregate(run: ScaleRun) -> int:
    """The precomputed peer figures of every KPI (what the import's task does after a load)."""
    from benchmarking.services import peer_aggregates_refresh

    written = peer_aggregates_refresh()
    run.say(f"Peer figures: {written} precomputed aggregates.")
    return written
