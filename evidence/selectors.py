"""Reads of stored estimates for pages, the API and the CSV. Nothing here estimates anything."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from benchmarking.models import KpiDirection, StatisticValue
from evidence.models import Adoption, EffectEstimate, ReassessmentFlag
from learning.models import Practice

IMPROVED_SPAN = 5
IMPROVED_SHOWN = 5


def estimate_list(*, user) -> QuerySet[EffectEstimate]:
    """Estimates of the practices the user may see, with KPI and practice preloaded."""
    return (
        EffectEstimate.objects.filter(practice__in=Practice.objects.visible_to(user).values("pk"))
        .select_related("kpi", "practice")
        .order_by("practice__title", "practice_id", "kpi_id", "gender")
    )


def practice_estimates(*, practice: Practice) -> list[EffectEstimate]:
    """The practice's estimates, KPI preloaded, total before women before men."""
    order = {"T": 0, "K": 1, "M": 2}
    rows = list(EffectEstimate.objects.filter(practice=practice).select_related("kpi"))
    return sorted(rows, key=lambda e: (e.kpi_id, order.get(e.gender, 9)))


def open_flags(*, appraisal) -> list[ReassessmentFlag]:
    return list(
        ReassessmentFlag.objects.filter(
            appraisal=appraisal, resolved_at__isnull=True
        ).select_related("kpi")
    )


@dataclass
class ImprovedPeer:
    code: str
    name: str
    start: float
    end: float
    change: float
    practices: list = field(default_factory=list)  # [(practice, year, estimate or None)]


def peers_that_improved(
    *, kpi, gender: str, peers: dict[str, str], last: int, user, span: int = IMPROVED_SPAN
) -> list[ImprovedPeer]:
    """The peers (code → name) that improved most on the KPI over the `span` years up to
    `last`, best first, with the practices (visible to the user) each adopted before the last
    year, and each practice's estimate for this KPI and kön. Three queries."""
    return peers_that_improved_on(
        [(kpi.pk, kpi.direction, last)], gender=gender, peers=peers, user=user, span=span
    ).get(kpi.pk, [])


def peers_that_improved_on(
    wanted, *, gender: str, peers: dict[str, str], user, span: int = IMPROVED_SPAN
) -> dict[str, list[ImprovedPeer]]:
    """`peers_that_improved` for several (KPI id, its direction, last year) at once: KPI id →
    the peers, in three queries whatever the number of KPIs (a benchmark page asks for every
    KPI its kommun lags on)."""
    wanted = [
        (kpi_id, direction, last)
        for kpi_id, direction, last in wanted
        if direction in (KpiDirection.HIGHER, KpiDirection.LOWER)
    ]
    if not wanted or not peers:
        return {}
    years = {kpi_id: (last - span, last) for kpi_id, _direction, last in wanted}
    values = (
        StatisticValue.objects.filter(
            kpi_id__in=list(years),
            gender=gender,
            area__in=list(peers),
            year__in={y for pair in years.values() for y in pair},
        )
        .reportable()
        .values_list("kpi_id", "area", "year", "value")
    )
    series: dict[str, dict[str, dict[int, float]]] = {kpi_id: {} for kpi_id in years}
    for kpi_id, area, year, value in values:
        if year in years[kpi_id]:
            series[kpi_id].setdefault(area, {})[year] = float(value)
    result: dict[str, list[ImprovedPeer]] = {}
    for kpi_id, direction, last in wanted:
        first = last - span
        sign = 1 if direction == KpiDirection.HIGHER else -1
        improved = [
            ImprovedPeer(code, peers[code], s[first], s[last], s[last] - s[first])
            for code, s in series[kpi_id].items()
            if first in s and last in s and sign * (s[last] - s[first]) > 0
        ]
        improved.sort(key=lambda p: (-sign * p.change, p.code))
        if improved[:IMPROVED_SHOWN]:
            result[kpi_id] = improved[:IMPROVED_SHOWN]
    if not result:
        return {}
    visible = Practice.objects.visible_to(user).values("pk")
    adoptions = list(
        Adoption.objects.filter(
            kommun_code__in={p.code for peers_ in result.values() for p in peers_},
            year__lt=max(last for _kpi, _direction, last in wanted),
            practice__in=visible,
        )
        .select_related("practice")
        .order_by("year", "practice__title")
    )
    estimates = {
        (e.practice_id, e.kpi_id): e
        for e in EffectEstimate.objects.filter(
            practice_id__in={a.practice_id for a in adoptions},
            kpi_id__in=list(result),
            gender=gender,
        )
    }
    lasts = {kpi_id: last for kpi_id, _direction, last in wanted}
    for kpi_id, improved in result.items():
        by_code = {p.code: p for p in improved}
        for adoption in adoptions:
            peer = by_code.get(adoption.kommun_code)
            if peer is not None and adoption.year < lasts[kpi_id]:
                peer.practices.append(
                    (
                        adoption.practice,
                        adoption.year,
                        estimates.get((adoption.practice_id, kpi_id)),
                    )
                )
    return result
