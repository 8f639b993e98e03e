"""Approved pilot results as area values, and the pilots peers run on an indicator.

Aggregation rule (also in the README): for each library indicator, area and calendar year (the
year the reporting period ends), the value is the unweighted mean of the approved values (the
chosen kön, all ages) in every visible pilot that covers the area; for cumulative indicators it is
the highest value, i.e. the running total reached that year. A pilot reports for its whole area,
so a pilot covering several kommuner counts for each of them. The count behind a value is the sum
of the denominators when every value has one; under 5 persons the value is suppressed (our own
computation, unlike a Kolada value, whose `count` is no number of persons). Raw counts
("Antal deltagare", persons or events) are left out (compute.is_absolute_count): a count grows
with the kommun and the pilot, so it ranks sizes, not results.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse

from benchmarking import compute
from core import caching
from pilots.models import Indicator, IndicatorValue, Pilot
from pilots.models.choices import ReportStatus
from pilots.models.indicators import Accumulation
from pilots.rules import own_only_q, shared_q, shared_visibilities


@dataclass
class PilotLink:
    title: str
    url: str
    kommuner: list[str]
    practices: list[tuple[str, str]] = field(default_factory=list)  # (title, url) in learning


def _area_field(region_level: bool) -> str:
    return "regioner__lan_code" if region_level else "kommuner__code"


def _codes(areas: list[str], region_level: bool) -> list[str]:
    return [a[2:] for a in areas] if region_level else list(areas)


def _area(code: str, region_level: bool) -> str:
    return f"00{code}" if region_level else code


CACHE_TIMEOUT = 60 * 60  # every write bumps caching.BENCHMARKS; the expiry only backs that up


def _in_parts(user, key: str, rows_for) -> tuple[list, bool]:
    """`rows_for(pilots)` over the pilots the user may see, as a list of rows, and whether it
    joins two parts (each in its own order). The published
    pilots of the visibilities the user shares with others (public; partnership for partners)
    are read from caching.BENCHMARKS (bumped by every write to pilots, reports and values), so
    only the user's own other pilots are read live (a small, indexed id subquery). The
    coordinator, who sees everything, is read live."""
    shared = shared_visibilities(user)
    if shared is None:
        return list(rows_for(Pilot.objects.all())), False
    rows = caching.cached(
        caching.BENCHMARKS,
        f"pilot-rows:{key}:{','.join(shared)}",
        lambda: list(rows_for(Pilot.objects.filter(shared_q(shared)))),
        timeout=CACHE_TIMEOUT,
    )
    own = _own_only_ids(user, shared)
    if not own:
        return rows, False
    return [*rows, *rows_for(Pilot.objects.filter(pk__in=own), ids=own)], True


def _own_only_ids(user, shared: tuple[str, ...]) -> list[int]:
    """The ids of the pilots the user sees only because they work on them (one small query per
    request, kept on the user). Read first as a list: given as a subquery, PostgreSQL joined all
    approved values of the areas before it (200 ms nationally) instead of starting from them."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = getattr(user, "_benchmark_own_pilot_ids", None)
    if ids is None:
        ids = list(Pilot.objects.filter(own_only_q(user, shared)).values_list("pk", flat=True))
        user._benchmark_own_pilot_ids = ids
    return ids


def approved_results(
    *,
    areas: list[str],
    region_level: bool,
    gender: str,
    first: int,
    last: int,
    user,
    indicator_ids: list[int] | None = None,
) -> tuple[list[Indicator], dict[int, dict[str, dict[int, compute.Cell]]]]:
    """Library indicators with approved results in the areas, and indicator → area → year → Cell.

    Only pilots the user may see count (Pilot.objects.visible_to). The figures of the pilots
    everyone of the user's kind sees come from the cache (see `_in_parts`); two queries when
    it is warm and the user is signed in, one for an anonymous visitor, plus one on a miss.
    """
    field = f"report__pilot__{_area_field(region_level)}"
    codes = _codes(areas, region_level)

    def rows_for(pilots, ids=None):
        qs = IndicatorValue.objects.filter(
            report__status=ReportStatus.APPROVED,
            report__pilot_id__in=pilots.values("pk") if ids is None else ids,
            pilot_indicator__indicator__in_library=True,
            gender=gender,
            age_band="",
            value__isnull=False,
            report__period__end__year__gte=first,
            report__period__end__year__lte=last,
            **{f"{field}__in": codes},
        )
        if indicator_ids is not None:
            qs = qs.filter(pilot_indicator__indicator_id__in=indicator_ids)
        return (
            qs.values(
                ind=F("pilot_indicator__indicator_id"),
                code=F(field),
                year=ExtractYear("report__period__end"),
            )
            .annotate(
                total=Sum("value"),
                high=Max("value"),
                units=Sum("denominator"),
                with_units=Count("denominator"),
                n=Count("id"),
            )
            .order_by()
            .values_list("ind", "code", "year", "total", "high", "units", "with_units", "n")
        )

    key = f"results:{region_level}:{gender}:{first}:{last}:{codes}:{indicator_ids}"
    # (indicator, area, year) → [total, highest, units, values with units, values]: the parts
    # come from disjoint sets of pilots, so their sums and counts add up.
    merged: dict[tuple, list] = {}
    rows, _two_parts = _in_parts(user, key, rows_for)
    for ind, code, year, total, high, units, with_units, n in rows:
        figures = merged.get((ind, code, year))
        if figures is None:
            merged[(ind, code, year)] = [total, high, units, with_units, n]
            continue
        figures[0] += total
        figures[1] = max(figures[1], high)
        figures[2] = units if figures[2] is None else figures[2] + (units or 0)
        figures[3] += with_units
        figures[4] += n
    if not merged:
        return [], {}
    indicators = [
        indicator
        for indicator in Indicator.objects.filter(pk__in={ind for ind, _c, _y in merged}).order_by(
            "name"
        )
        if not compute.is_absolute_count(
            measure=indicator.measure, name=indicator.name, unit=indicator.unit
        )
    ]
    cumulative = {i.pk for i in indicators if i.accumulation == Accumulation.CUMULATIVE}
    values: dict[int, dict[str, dict[int, compute.Cell]]] = defaultdict(lambda: defaultdict(dict))
    for (ind, code, year), (total, high, units, with_units, n) in merged.items():
        value = high if ind in cumulative else total / n
        count = int(units) if with_units == n and units is not None else None
        values[ind][_area(code, region_level)][year] = compute.pilot_cell(value, count)
    return indicators, values


def attach_peer_pilots(items, *, region_level: bool, user, limit: int = 5) -> None:
    """Set item.pilots: visible pilots in peers doing better on the item's indicator, matched on
    the library indicator itself or on its Kolada KPI id. One query for all items."""
    codes = {c for item in items for c in item.better_peers}
    kpi_ids = {item.kpi_id for item in items if item.kpi_id}
    indicator_ids = {item.indicator_id for item in items if item.indicator_id}
    if not codes or not (kpi_ids or indicator_ids):
        return
    area = _area_field(region_level)
    name = "regioner__name" if region_level else "kommuner__name"
    area_codes = _codes(sorted(codes), region_level)

    def rows_for(pilots, ids=None):
        return (
            pilots.filter(
                Q(
                    indicators__indicator__in_library=True,
                    indicators__indicator__kolada_kpi__in=kpi_ids,
                )
                | Q(indicators__indicator_id__in=indicator_ids),
                **{f"{area}__in": area_codes},
            )
            .values_list(
                "slug",
                "title",
                "indicators__indicator__kolada_kpi",
                "indicators__indicator_id",
                area,
                name,
                "practices__slug",
                "practices__title",
            )
            .distinct()
            .order_by("title", "slug")
        )

    key = f"peer-pilots:{region_level}:{area_codes}:{sorted(kpi_ids)}:{sorted(indicator_ids)}"
    rows, two_parts = _in_parts(user, key, rows_for)
    if two_parts:
        # The parts come one after the other: back in title order (Python's, not the database
        # collation's: close enough to pick the first five).
        rows = sorted(rows, key=lambda row: (row[1], row[0]))
    by_pilot: dict[str, dict] = {}
    for slug, title, kpi_id, indicator_id, code, area_name, practice, practice_title in rows:
        entry = by_pilot.setdefault(
            slug, {"title": title, "keys": set(), "areas": {}, "practices": {}}
        )
        if practice:  # the learning base's practices that grew out of this pilot
            entry["practices"][practice] = practice_title
        entry["keys"].add(("kpi", kpi_id))
        entry["keys"].add(("ind", indicator_id))
        entry["areas"][_area(code, region_level)] = area_name
    # Each item looks only at the pilots that match it (in the same title order), not at every
    # pilot of the result: nationally thousands of pilots match some item.
    by_key: dict[tuple, list[str]] = defaultdict(list)
    order = {slug: position for position, slug in enumerate(by_pilot)}
    for slug, entry in by_pilot.items():
        for key in entry["keys"]:
            by_key[key].append(slug)
    for item in items:
        better = set(item.better_peers)
        candidates = set()
        if item.kpi_id:
            candidates.update(by_key.get(("kpi", item.kpi_id), ()))
        if item.indicator_id:
            candidates.update(by_key.get(("ind", item.indicator_id), ()))
        for slug in sorted(candidates, key=order.__getitem__):
            entry = by_pilot[slug]
            if len(item.pilots) >= limit:  # nationally thousands of pilots match; stop early
                break
            where = sorted(n for c, n in entry["areas"].items() if c in better)
            if where:
                item.pilots.append(
                    PilotLink(
                        entry["title"],
                        reverse("pilots:pilot_detail", kwargs={"slug": slug}),
                        where,
                        [
                            (t, reverse("learning:practice_detail", kwargs={"slug": p}))
                            for p, t in sorted(entry["practices"].items(), key=lambda x: x[1])
                        ],
                    )
                )
