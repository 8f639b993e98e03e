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
    year, and each practice's estimate for this KPI and kön. Four queries."""
    if kpi.direction not in (KpiDirection.HIGHER, KpiDirection.LOWER) or not peers:
        return []
    first = last - span
    values = (
        StatisticValue.objects.filter(
            kpi=kpi, gender=gender, area__in=list(peers), year__in=[first, last]
        )
        .reportable()
        .values_list("area", "year", "value")
    )
    series: dict[str, dict[int, float]] = {}
    for area, year, value in values:
        series.setdefault(area, {})[year] = float(value)
    sign = 1 if kpi.direction == KpiDirection.HIGHER else -1
    improved = [
        ImprovedPeer(code, peers[code], s[first], s[last], s[last] - s[first])
        for code, s in series.items()
        if first in s and last in s and sign * (s[last] - s[first]) > 0
    ]
    improved.sort(key=lambda p: (-sign * p.change, p.code))
    improved = improved[:IMPROVED_SHOWN]
    if not improved:
        return []
    visible = Practice.objects.visible_to(user).values("pk")
    adoptions = (
        Adoption.objects.filter(
            kommun_code__in=[p.code for p in improved], year__lt=last, practice__in=visible
        )
        .select_related("practice")
        .order_by("year", "practice__title")
    )
    adoptions = list(adoptions)
    estimates = {
        e.practice_id: e
        for e in EffectEstimate.objects.filter(
            practice_id__in={a.practice_id for a in adoptions}, kpi=kpi, gender=gender
        )
    }
    by_code = {p.code: p for p in improved}
    for adoption in adoptions:
        by_code[adoption.kommun_code].practices.append(
            (adoption.practice, adoption.year, estimates.get(adoption.practice_id))
        )
    return improved
