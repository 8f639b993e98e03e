"""From domain objects to search documents: what each type contributes to title, summary,
body, facets and access. One function per type takes a queryset and returns `DocumentData`
for the objects that belong in the index (the rest are deleted by the caller).

Access mirrors the domain rules: `Pilot.objects.visible_to` (public and published: everyone;
partnership: members of approved organisations; otherwise the pilot's organisations and its
pilot-level members; the coordinator always), lessons only from approved or closing reports
(`pilots.selectors.pilot_lessons`), practices as their original pilot
(`Practice.objects.visible_to`), appraisals only when published, pages only when live and
without view restrictions.
"""

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cache

from django.db.models import Prefetch, Q
from django.utils import timezone, translation

from learning import lineage
from learning.models import Appraisal, Practice
from partners.models import Kommun
from pilots import rules as pilot_rules
from pilots.models import (
    Arena,
    HealthArea,
    Lesson,
    LifeStage,
    Pilot,
    PilotStatus,
    ReportStatus,
    Visibility,
)

from .models import Access, DocType
from .normalise import clean
from .results import key_results


@dataclass
class DocumentData:
    doc_type: str
    object_id: int
    title: str
    summary: str = ""
    body: str = ""
    taxonomy: str = ""
    places: str = ""
    organisations: str = ""
    key_result: str = ""
    url: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    access: str = Access.RESTRICTED
    grants: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    replication_count: int = 0

    def __post_init__(self):
        self.title = clean(self.title)[:300]
        self.summary, self.body = clean(self.summary), clean(self.body)
        self.taxonomy, self.places = clean(self.taxonomy), clean(self.places)
        self.organisations, self.key_result = clean(self.organisations), clean(self.key_result)
        self.facets = {
            k: sorted({str(v) for v in vs if v not in ("", None)}) for k, vs in self.facets.items()
        }
        self.facets = {k: vs for k, vs in self.facets.items() if vs}


def _as_datetime(value):
    if value is None or isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time()))


def _pilot_queryset(qs):
    return qs.select_related("lead_organisation", "evaluation_plan").prefetch_related(
        Prefetch("kommuner", queryset=Kommun.objects.select_related("region")),
        "regioner",
        "partners__organisation",
        "memberships",
    )


def _pilot_access(pilot) -> tuple[str, list[str]]:
    # The levels of pilots.rules.can_view_pilot (tests/security/test_rule_agreement.py checks
    # a pilot's document is visible exactly to those the rule lets see the pilot).
    if pilot_rules.is_public(pilot):
        return Access.PUBLIC, []
    if pilot.status != PilotStatus.DRAFT and pilot.visibility == Visibility.PARTNERSHIP:
        access = Access.PARTNERSHIP
    else:
        access = Access.RESTRICTED
    orgs = {pilot.lead_organisation_id} | {p.organisation_id for p in pilot.partners.all()}
    users = {m.user_id for m in pilot.memberships.all()}
    return access, sorted(f"org:{o}" for o in orgs) + sorted(f"user:{u}" for u in users)


def _places(pilot) -> dict[str, list[str]]:
    kommuner = list(pilot.kommuner.all())
    regions = {r.lan_code for r in pilot.regioner.all()} | {k.region.lan_code for k in kommuner}
    return {
        "kommun": [k.code for k in kommuner],
        "region": sorted(regions),
        "skr_group": [k.skr_group for k in kommuner],
    }


TAXONOMY = {"health_area": HealthArea, "life_stage": LifeStage, "arena": Arena}


@cache
def taxonomy_label(facet: str, value: str) -> str:
    """A taxonomy value's label in Swedish and English ("Äldre / Older people"), as indexed."""
    choices = TAXONOMY[facet]
    if value not in choices.values:
        return ""
    label = choices(value).label
    with translation.override("sv"):
        swedish = str(label)
    with translation.override("en"):
        english = str(label)
    return swedish if english == swedish else f"{swedish} / {english}"


def taxonomy_text(health_area: str, life_stage: str, arena: str) -> str:
    """The searchable labels of a pilot's health area, life stage and arena, one per line."""
    values = {"health_area": health_area, "life_stage": life_stage, "arena": arena}
    return "\n".join(label for f, v in values.items() if (label := taxonomy_label(f, v)))


def _pilot_text(pilot) -> dict[str, str]:
    """The fields a pilot gives its own document and its lessons' and practices'."""
    kommuner = sorted(pilot.kommuner.all(), key=lambda k: k.name)
    regions = {r.pk: r.name for r in pilot.regioner.all()}
    regions.update({k.region_id: k.region.name for k in kommuner})
    partners = sorted(pilot.partners.all(), key=lambda p: (p.role, p.organisation.name))
    return {
        "taxonomy": taxonomy_text(pilot.health_area, pilot.life_stage, pilot.arena),
        "places": "\n".join([*(k.name for k in kommuner), *sorted(regions.values())]),
        "organisations": "\n".join(
            [pilot.lead_organisation.name, *(p.organisation.name for p in partners)]
        ),
    }


def _pilot_facets(pilot) -> dict[str, list[str]]:
    return {
        "health_area": [pilot.health_area],
        "life_stage": [pilot.life_stage],
        "arena": [pilot.arena],
        **_places(pilot),
    }


def _replications(root_ids) -> dict[int, int]:
    """Pilots adapted from each root, transitively (one recursive query)."""
    return {root: len(edges) - 1 for root, edges in lineage.descendants(root_ids).items()}


def pilot_documents(qs) -> list[DocumentData]:
    """Every pilot is indexed; drafts and private pilots only with grants for their own people."""
    pilots = list(_pilot_queryset(qs))
    replications = _replications([p.pk for p in pilots])
    results = key_results([p.pk for p in pilots])
    docs = []
    for pilot in pilots:
        access, grants = _pilot_access(pilot)
        plan = getattr(pilot, "evaluation_plan", None)
        body = [plan.theory_of_change, plan.design_notes] if plan else []
        docs.append(
            DocumentData(
                doc_type=DocType.PILOT,
                object_id=pilot.pk,
                title=pilot.title,
                summary=pilot.summary,
                body="\n".join(b for b in body if b),
                **_pilot_text(pilot),
                key_result=results.get(pilot.pk, ""),
                url=pilot.get_absolute_url(),
                facets={
                    "type": [DocType.PILOT],
                    **_pilot_facets(pilot),
                    "status": [pilot.status],
                    "year": [pilot.start_date.year if pilot.start_date else pilot.created_at.year],
                },
                access=access,
                grants=grants,
                published_at=pilot.published_at
                or _as_datetime(pilot.start_date)
                or pilot.created_at,
                replication_count=replications.get(pilot.pk, 0),
            )
        )
    return docs


def lesson_documents(qs) -> list[DocumentData]:
    """Lessons from approved period reports and from closing reports, with their pilot's access."""
    lessons = list(
        qs.filter(Q(report__isnull=True) | Q(report__status=ReportStatus.APPROVED))
        .select_related("report__period")
        .prefetch_related(Prefetch("pilot", queryset=_pilot_queryset(Pilot.objects.all())), "tags")
    )
    docs = []
    for lesson in lessons:
        pilot = lesson.pilot
        access, grants = _pilot_access(pilot)
        docs.append(
            DocumentData(
                doc_type=DocType.LESSON,
                object_id=lesson.pk,
                title=lesson.title,
                summary=lesson.text,
                body="\n".join([pilot.title, *(t.name for t in lesson.tags.all())]),
                url=f"{pilot.get_absolute_url()}#h-lessons",
                facets={
                    "type": [DocType.LESSON],
                    **_pilot_facets(pilot),
                    "dimension": [lesson.dimension],
                    "year": [
                        lesson.report.period.end.year if lesson.report else lesson.created_at.year
                    ],
                },
                access=access,
                grants=grants,
                published_at=lesson.created_at,
            )
        )
    return docs


def practice_documents(qs) -> list[DocumentData]:
    """Practices with their current published appraisal; draft appraisals never show."""
    practices = list(
        qs.prefetch_related(
            Prefetch("original_pilot", queryset=_pilot_queryset(Pilot.objects.all())),
            Prefetch(
                "appraisals",
                queryset=Appraisal.objects.published().order_by("-published_at", "-pk"),
                to_attr="published_appraisals",
            ),
        )
    )
    replications = _replications([p.original_pilot_id for p in practices])
    docs = []
    for practice in practices:
        pilot = practice.original_pilot
        current = practice.published_appraisals[0] if practice.published_appraisals else None
        access, grants = _pilot_access(pilot) if pilot else (Access.RESTRICTED, [])
        facets = {"type": [DocType.PRACTICE], "year": [practice.created_at.year]}
        if pilot:
            facets.update(_pilot_facets(pilot))
        if current:
            facets["evidence_level"] = [current.evidence_level]
            facets["recommendation"] = [current.recommendation]
        docs.append(
            DocumentData(
                doc_type=DocType.PRACTICE,
                object_id=practice.pk,
                title=practice.title,
                summary=practice.summary,
                body="\n".join(
                    [pilot.title if pilot else "", current.rationale if current else ""]
                ),
                **(_pilot_text(pilot) if pilot else {}),
                url=practice.get_absolute_url(),
                facets=facets,
                access=access,
                grants=grants,
                published_at=current.published_at if current else practice.created_at,
                replication_count=replications.get(practice.original_pilot_id, 0),
            )
        )
    return docs


def _page_text(page) -> str:
    from wagtail.search import index

    parts = []
    for search_field in page.get_search_fields():
        name = getattr(search_field, "field_name", "")
        if not isinstance(search_field, index.SearchField) or name in ("title", "summary"):
            continue
        value = getattr(page, name, None)
        if value is None or callable(value):
            continue
        try:
            model_field = page._meta.get_field(name)
        except Exception:  # a method or property, not a field
            model_field = None
        if model_field is not None and hasattr(model_field, "get_searchable_content"):
            parts.extend(str(v) for v in model_field.get_searchable_content(value))
        else:
            parts.append(str(value))
    return "\n".join(p for p in parts if p)


def page_documents(qs) -> list[DocumentData]:
    """Live Wagtail pages without view restrictions (not the root)."""
    docs = []
    for page in qs.live().public().filter(depth__gt=1).specific():
        published = page.first_published_at or page.last_published_at
        docs.append(
            DocumentData(
                doc_type=DocType.PAGE,
                object_id=page.pk,
                title=page.title,
                summary=getattr(page, "summary", "") or page.search_description,
                body=_page_text(page),
                url=page.get_url() or "",
                facets={"type": [DocType.PAGE], "year": [published.year if published else ""]},
                access=Access.PUBLIC,
                published_at=published,
            )
        )
    return docs


def _pages():
    from wagtail.models import Page

    return Page.objects.all()


SOURCES = {
    DocType.PILOT: (lambda: Pilot.objects.all(), pilot_documents),
    DocType.LESSON: (lambda: Lesson.objects.all(), lesson_documents),
    DocType.PRACTICE: (lambda: Practice.objects.all(), practice_documents),
    DocType.PAGE: (_pages, page_documents),
}
