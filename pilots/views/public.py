"""Public pilot pages: the filterable list and a pilot's page with charts, map and timeline.

Each view parses input, calls one selector and renders; the SVG is built by plain-Python
modules (pilots.charts, pilots.maps) from what the selector returned.
"""

from functools import cached_property
from html import escape
from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import caching
from partners.models import OrganisationKind
from pilots import page_cache, selectors
from pilots.charts import Chart, ChartText, format_number, line_chart_svg
from pilots.maps import kommun_map_svg, load_map
from pilots.models import Arena, HealthArea, LifeStage, PilotStatus

PAGE_SIZE = 20
KOMMUNER_GEOJSON = Path(settings.ROOT_DIR) / "data" / "reference" / "kommuner.geojson"

CHOICE_FILTERS = {
    "health_area": HealthArea,
    "life_stage": LifeStage,
    "arena": Arena,
    "status": PilotStatus,
    "lead_kind": OrganisationKind,
}


def _filters(params) -> dict[str, str]:
    filters = {"q": params.get("q", "").strip()[:100]}
    for name, choices in CHOICE_FILTERS.items():
        value = params.get(name, "")
        filters[name] = value if value in choices.values else ""
    kommun, lan = params.get("kommun", ""), params.get("lan", "")
    filters["kommun"] = kommun if kommun.isdigit() and len(kommun) == 4 else ""
    filters["lan"] = lan if lan.isdigit() and len(lan) == 2 else ""
    return filters


class _CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # what Paginator.count (a cached_property) would count


def _options(choices, selected: str) -> str:
    """<option>s of a long filter list, built here: a template loop over 290 kommuner was a
    good part of the page's time."""
    return mark_safe(
        "".join(
            f'<option value="{escape(code)}"{" selected" if code == selected else ""}>'
            f"{escape(name)}</option>"
            for code, name in choices
        )
    )


def pilot_list(request):
    filters = _filters(request.GET)
    pilots = selectors.pilot_list(user=request.user, filters=filters)
    count = selectors.pilot_count(user=request.user, filters=filters, pilots=pilots)
    page = _CountedPaginator(pilots, PAGE_SIZE, count).get_page(request.GET.get("page"))
    areas = selectors.list_filter_areas()
    cards_key = None
    if not request.user.is_authenticated and not filters["q"]:
        # The same for everyone not signed in; free-text searches are not worth keeping.
        shown = "&".join(f"{k}={v}" for k, v in sorted(filters.items()) if v)
        version = caching.version(caching.PILOT_LIST)
        cards_key = f"{version}:{timezone.localdate()}:{page.number}:{shown}"
    return render(
        request,
        "pilots/public/pilot_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "active_filters": any(filters.values()),
            "health_areas": HealthArea.choices,
            "life_stages": LifeStage.choices,
            "arenas": Arena.choices,
            "statuses": [c for c in PilotStatus.choices if c[0] != PilotStatus.DRAFT],
            "lead_kinds": OrganisationKind.choices,
            "region_options": _options(areas["regions"], filters["lan"]),
            "kommun_options": _options(areas["kommuner"], filters["kommun"]),
            "cards_key": cards_key,
            "cache_timeout": caching.TIMEOUT,
        },
    )


def _chart(series, index: int) -> dict:
    indicator = series.indicator
    percent = indicator.is_percent
    unit = "%" if percent else indicator.unit
    shown = [p for p in series.points if p.value is not None]
    if shown:
        desc = _(
            "Godkända värden för %(n)s av %(total)s perioder, senast %(value)s %(unit)s (%(label)s)."  # noqa: E501
        ) % {
            "n": len(shown),
            "total": len(series.points),
            "value": format_number(shown[-1].value),
            "unit": unit,
            "label": shown[-1].label,
        }
    else:
        desc = _("Inga godkända värden ännu.")
    if series.baseline is not None:
        desc += " " + _("Utgångsvärde %(value)s.") % {"value": format_number(series.baseline)}
    for target in series.targets:
        desc += " " + _("Mål %(value)s till %(date)s.") % {
            "value": format_number(target.value),
            "date": target.label,
        }
    chart = Chart(
        points=series.points,
        baseline=series.baseline,
        targets=series.targets,
        percent=percent,
        unit=unit,
    )
    svg = line_chart_svg(
        chart,
        title=indicator.name,
        desc=desc,
        chart_id=f"chart-{index}",
        text=ChartText(values=_("Godkända värden"), baseline=_("Utgångsvärde"), target=_("Mål")),
    )
    return {
        "series": series,
        "svg": mark_safe(svg),
        "rows": [(p.label, format_number(p.value)) for p in series.points],
        "baseline": format_number(series.baseline),
        "targets": [(t.label, format_number(t.value)) for t in series.targets],
        "unit": unit,
    }


def _map(kommuner) -> str:
    codes = {k.code for k in kommuner}
    names = ", ".join(k.name for k in kommuner) or _("inga kommuner angivna")
    svg = kommun_map_svg(
        load_map(str(KOMMUNER_GEOJSON)),
        codes,
        title=_("Karta över kommuner som piloten omfattar"),
        desc=_("Sveriges kommuner; markerade: %(names)s.") % {"names": names},
        covered_label=_("ingår i piloten"),
    )
    return mark_safe(svg)


class _Shown:
    """The page's charts and map, built when the template first asks (a cached part doesn't)."""

    def __init__(self, page: selectors.PilotPage):
        self.page = page

    @cached_property
    def charts(self) -> list[dict]:
        numeric = [s for s in self.page.series if not s.indicator.is_qualitative]
        return [_chart(s, i) for i, s in enumerate(numeric, start=1)]

    @cached_property
    def qualitative(self) -> list:
        return [s for s in self.page.series if s.indicator.is_qualitative]

    @cached_property
    def map_svg(self) -> str:
        return _map(self.page.kommuner)


def pilot_detail(request, slug):
    """The pilot's page. Its viewer-independent parts are cached HTML (pilots.page_cache says
    when they go stale); the header and what depends on the viewer are rendered every time."""
    page = selectors.pilot_page(slug=slug, user=request.user)
    return render(
        request,
        "pilots/public/pilot_detail.html",
        {
            "pilot": page.pilot,
            "page": page,
            "shown": _Shown(page),
            "can_view_drafts": page.can_view_drafts,
            "can_edit": page.can_edit,
            "cache_timeout": caching.TIMEOUT,
            "cache_version": page_cache.version(page.pilot.pk),
            "today": timezone.localdate().isoformat(),
        },
    )
