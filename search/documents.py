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

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone, translation

from learning import lineage
from learning.models import Appraisal, Practice
from partners.models import Kommun, Organisation, Region
from pilots.models import (
    EvaluationPlan,
    Lesson,
    Pilot,
    PilotMembership,
    PilotPartner,
    PilotStatus,
    ReportStatus,
    Visibility,
)

from .models import Access, DocType
from .normalise import clean
from .results import key_results
from .taxonomy import taxonomy_text


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


_URL_PATTERNS: dict[tuple, str] = {}
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def object_url(name: str, slug: str) -> str:
    """reverse() of a slug URL, once per URL name and language, then string substitution
    (reverse() costs more than the rest of a document). Slugs with other characters are
    reversed one by one, so they are quoted exactly as reverse() quotes them."""
    if not _SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    key = (name, translation.get_language(), get_script_prefix())
    if key not in _URL_PATTERNS:
        _URL_PATTERNS[key] = reverse(name, kwargs={"slug": "SLUG-PLACEHOLDER"})
    return _URL_PATTERNS[key].replace("SLUG-PLACEHOLDER", slug)


def _descendant_counts(parent_of: dict[int, int | None]) -> dict[int, int]:
    """How many pilots are adapted from each pilot, transitively (every pilot's parent known)."""
    children = defaultdict(list)
    for pk, parent in parent_of.items():
        if parent:
            children[parent].append(pk)
    counts: dict[int, int] = {}
    for root in parent_of:
        if not children.get(root):
            continue
        stack, seen = [root], set()
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(children.get(node, []))
        counts[root] = len(seen) - 1
    return counts


def _replications(root_ids) -> dict[int, int]:
    """Pilots adapted from each root, transitively (one recursive query)."""
    return {root: len(edges) - 1 for root, edges in lineage.descendants(root_ids).items()}


PILOT_COLUMNS = [
    "pk",
    "title",
    "slug",
    "summary",
    "status",
    "visibility",
    "health_area",
    "life_stage",
    "arena",
    "lead_organisation_id",
    "start_date",
    "created_at",
    "published_at",
    "adapted_from_id",
]


class PilotRows:
    """Everything pilots contribute to their own documents and to their lessons' and
    practices', from flat `values_list` reads: a fixed number of queries for a batch of any
    size, no model instances. `PilotRows(ids)` reads a reindex batch's pilots;
    `PilotRows()` every pilot at once (seed_scale). The evaluation plans, key results and
    replication counts are read only when a pilot's own document is built.

    Access mirrors `pilots.rules.can_view_pilot` (tests/security/test_rule_agreement.py checks a
    pilot's document is visible exactly to those the rule lets see the pilot).
    """

    def __init__(self, pilot_ids=None, *, queryset=None):
        """`pilot_ids`: the batch's pilots; or `queryset`: read the pilots it holds; or
        neither: every pilot."""
        self.everything = pilot_ids is None and queryset is None
        if queryset is not None:
            self.ids = None
            rows = queryset.order_by().values_list(*PILOT_COLUMNS)
        else:
            self.ids = None if pilot_ids is None else sorted({int(pk) for pk in pilot_ids if pk})
            rows = self._of(Pilot.objects.order_by(), "pk").values_list(*PILOT_COLUMNS)
        self.rows = {row[0]: row for row in rows}
        if queryset is not None:
            self.ids = sorted(self.rows)
        self.kommuner = defaultdict(list)
        links = self._of(Pilot.kommuner.through.objects.order_by(), "pilot_id")
        links = list(links.values_list("pilot_id", "kommun_id"))
        kommuner = {
            pk: row
            for pk, *row in self._among(
                Kommun.objects.order_by(), {k for _p, k in links}
            ).values_list("pk", "code", "name", "skr_group", "region__lan_code", "region__name")
        }
        for pilot_id, kommun_id in links:
            self.kommuner[pilot_id].append(kommuner[kommun_id])
        self.regioner = defaultdict(list)
        links = self._of(Pilot.regioner.through.objects.order_by(), "pilot_id")
        links = list(links.values_list("pilot_id", "region_id"))
        regions = {
            pk: (lan, name)
            for pk, lan, name in self._among(
                Region.objects.order_by(), {r for _p, r in links}
            ).values_list("pk", "lan_code", "name")
        }
        for pilot_id, region_id in links:
            self.regioner[pilot_id].append(regions[region_id])
        partners = self._of(PilotPartner.objects.order_by(), "pilot_id")
        partners = list(partners.values_list("pilot_id", "organisation_id", "role"))
        org_ids = {row[9] for row in self.rows.values()} | {o for _p, o, _r in partners}
        self.org_names = dict(
            self._among(Organisation.objects.order_by(), org_ids).values_list("pk", "name")
        )
        self.partners = defaultdict(list)
        for pilot_id, org_id, role in partners:
            self.partners[pilot_id].append((role, self.org_names[org_id], org_id))
        self.members = defaultdict(list)
        members = self._of(PilotMembership.objects.order_by(), "pilot_id")
        for pilot_id, user_id in members.values_list("pilot_id", "user_id"):
            self.members[pilot_id].append(user_id)
        self._text: dict[int, dict[str, str]] = {}
        self._access: dict[int, tuple[str, list[str]]] = {}
        self._facets: dict[int, dict[str, list]] = {}

    def _of(self, qs, field: str):
        """The rows of this batch's pilots (all of them without a batch)."""
        return qs if self.ids is None else qs.filter(**{f"{field}__in": self.ids})

    def _among(self, qs, ids):
        return qs if self.everything else qs.filter(pk__in=sorted(ids))

    @cached_property
    def plans(self) -> dict[int, tuple[str, str]]:
        plans = self._of(EvaluationPlan.objects.order_by(), "pilot_id")
        return {
            pilot_id: (theory, notes)
            for pilot_id, theory, notes in plans.values_list(
                "pilot_id", "theory_of_change", "design_notes"
            )
        }

    @cached_property
    def results(self) -> dict[int, str]:
        found, ids = {}, sorted(self.rows)
        for start in range(0, len(ids), 2_000):
            found.update(key_results(ids[start : start + 2_000]))
        return found

    @cached_property
    def replications(self) -> dict[int, int]:
        if self.everything:
            return _descendant_counts({pk: row[13] for pk, row in self.rows.items()})
        return _replications(list(self.rows))

    def text(self, pk: int) -> dict[str, str]:
        """Taxonomy labels, places and organisations (a pilot's, its lessons' and practices')."""
        if pk not in self._text:
            row = self.rows[pk]
            kommuner = sorted(self.kommuner[pk], key=lambda k: k[1])
            regions = {name for _lan, name in self.regioner[pk]} | {k[4] for k in kommuner}
            partners = sorted(self.partners[pk], key=lambda p: p[:2])
            self._text[pk] = {
                "taxonomy": taxonomy_text(row[6], row[7], row[8]),
                "places": "\n".join([*(k[1] for k in kommuner), *sorted(regions)]),
                "organisations": "\n".join(
                    [self.org_names[row[9]], *(name for _role, name, _id in partners)]
                ),
            }
        return self._text[pk]

    def access(self, pk: int) -> tuple[str, list[str]]:
        """The levels of pilots.rules.can_view_pilot: public and published for everyone;
        partnership; otherwise the pilot's organisations and its own people."""
        if pk not in self._access:
            row = self.rows[pk]
            status, visibility = row[4], row[5]
            if status != PilotStatus.DRAFT and visibility == Visibility.PUBLIC:
                self._access[pk] = (Access.PUBLIC, [])
                return self._access[pk]
            if status != PilotStatus.DRAFT and visibility == Visibility.PARTNERSHIP:
                access = Access.PARTNERSHIP
            else:
                access = Access.RESTRICTED
            orgs = {row[9]} | {org_id for _role, _name, org_id in self.partners[pk]}
            users = set(self.members[pk])
            grants = sorted(f"org:{o}" for o in orgs) + sorted(f"user:{u}" for u in users)
            self._access[pk] = (access, grants)
        return self._access[pk]

    def facets(self, pk: int) -> dict[str, list]:
        if pk not in self._facets:
            row = self.rows[pk]
            kommuner = self.kommuner[pk]
            self._facets[pk] = {
                "health_area": [row[6]],
                "life_stage": [row[7]],
                "arena": [row[8]],
                "kommun": [k[0] for k in kommuner],
                "region": sorted({lan for lan, _n in self.regioner[pk]} | {k[3] for k in kommuner}),
                "skr_group": [k[2] for k in kommuner],
            }
        return self._facets[pk]

    def title(self, pk: int) -> str:
        return self.rows[pk][1]

    def url(self, pk: int) -> str:
        return object_url("pilots:pilot_detail", self.rows[pk][2])

    def document(self, pk: int) -> DocumentData:
        row = self.rows[pk]
        access, grants = self.access(pk)
        theory, notes = self.plans.get(pk, ("", ""))
        start, created, published = row[10], row[11], row[12]
        return DocumentData(
            doc_type=DocType.PILOT,
            object_id=pk,
            title=row[1],
            summary=row[3],
            body="\n".join(b for b in (theory, notes) if b),
            **self.text(pk),
            key_result=self.results.get(pk, ""),
            url=self.url(pk),
            facets={
                "type": [DocType.PILOT],
                **self.facets(pk),
                "status": [row[4]],
                "year": [start.year if start else created.year],
            },
            access=access,
            grants=grants,
            published_at=published or _as_datetime(start) or created,
            replication_count=self.replications.get(pk, 0),
        )


def pilot_documents(qs) -> list[DocumentData]:
    """Every pilot is indexed; drafts and private pilots only with grants for their own people."""
    pilots = PilotRows(queryset=qs)
    return [pilots.document(pk) for pk in sorted(pilots.rows)]


def _lesson_tags(lessons) -> dict[int, list[str]]:
    """Lesson id → its tag names (in the order they were added) for a queryset of lessons."""
    from taggit.models import TaggedItem

    tags = defaultdict(list)
    for lesson_id, name in (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Lesson),
            object_id__in=lessons.order_by().values("pk"),
        )
        .order_by("pk")
        .values_list("object_id", "tag__name")
    ):
        tags[lesson_id].append(name)
    return tags


def lesson_documents(qs, pilots: PilotRows | None = None) -> list[DocumentData]:
    """Lessons from approved period reports and from closing reports, with their pilot's access.
    `pilots`: the pilots' rows when they are already read (seed_scale reads them all once)."""
    lessons = qs.filter(Q(report__isnull=True) | Q(report__status=ReportStatus.APPROVED))
    rows = list(
        lessons.order_by("pk").values_list(
            "pk",
            "pilot_id",
            "title",
            "text",
            "dimension",
            "report_id",
            "report__period__end",
            "created_at",
        )
    )
    if pilots is None:
        pilots = PilotRows({row[1] for row in rows})
    tags = _lesson_tags(lessons) if rows else {}
    docs = []
    for pk, pilot_id, title, text, dimension, report_id, period_end, created in rows:
        access, grants = pilots.access(pilot_id)
        docs.append(
            DocumentData(
                doc_type=DocType.LESSON,
                object_id=pk,
                title=title,
                summary=text,
                body="\n".join([pilots.title(pilot_id), *tags.get(pk, ())]),
                url=f"{pilots.url(pilot_id)}#h-lessons",
                facets={
                    "type": [DocType.LESSON],
                    **pilots.facets(pilot_id),
                    "dimension": [dimension],
                    "year": [period_end.year if report_id else created.year],
                },
                access=access,
                grants=grants,
                published_at=created,
            )
        )
    return docs


def practice_documents(qs, pilots: PilotRows | None = None) -> list[DocumentData]:
    """Practices with their current published appraisal; draft appraisals never show."""
    rows = list(
        qs.order_by("pk").values_list(
            "pk", "title", "slug", "summary", "original_pilot_id", "created_at"
        )
    )
    current = {}
    appraisals = Appraisal.objects.published().filter(practice_id__in=qs.order_by().values("pk"))
    for practice_id, level, recommendation, rationale, published in appraisals.order_by(
        "practice_id", "-published_at", "-pk"
    ).values_list("practice_id", "evidence_level", "recommendation", "rationale", "published_at"):
        current.setdefault(practice_id, (level, recommendation, rationale, published))
    if pilots is None:
        pilots = PilotRows({row[4] for row in rows if row[4]})
    replications = (
        pilots.replications
        if pilots.everything
        else _replications([row[4] for row in rows if row[4]])
    )
    docs = []
    for pk, title, slug, summary, pilot_id, created in rows:
        appraisal = current.get(pk)
        access, grants = pilots.access(pilot_id) if pilot_id else (Access.RESTRICTED, [])
        facets = {"type": [DocType.PRACTICE], "year": [created.year]}
        if pilot_id:
            facets.update(pilots.facets(pilot_id))
        if appraisal:
            facets["evidence_level"] = [appraisal[0]]
            facets["recommendation"] = [appraisal[1]]
        docs.append(
            DocumentData(
                doc_type=DocType.PRACTICE,
                object_id=pk,
                title=title,
                summary=summary,
                body="\n".join(
                    [pilots.title(pilot_id) if pilot_id else "", appraisal[2] if appraisal else ""]
                ),
                **(pilots.text(pilot_id) if pilot_id else {}),
                url=object_url("learning:practice_detail", slug),
                facets=facets,
                access=access,
                grants=grants,
                published_at=appraisal[3] if appraisal else created,
                replication_count=replications.get(pilot_id, 0),
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
