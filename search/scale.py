"""The search index for `manage.py seed_scale`, written in bulk.

The document builders in search/documents.py load full model instances with their relations:
right for indexing on save, but at national scale (70 000+ documents) a rebuild through them
takes many minutes. Here the same documents are assembled from flat `values_list` reads and
written with COPY (or batched INSERTs on SQLite). They must equal what the builders produce:
tests/cms/test_seed_scale.py compares both for a pilot, a lesson and a practice.

With Elasticsearch configured this falls back to the ordinary rebuild, which also feeds it.
"""

from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Q
from django.urls import reverse

from learning.models import Appraisal, AppraisalStatus, Practice
from partners.bulk import ScaleRun
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
from search.backends import get_backend, textindex
from search.backends.store import FIELDS as DOCUMENT_FIELDS
from search.backends.store import document_keys
from search.documents import DocumentData, _as_datetime, page_documents, taxonomy_text
from search.models import Access, DocType, SearchDocument, SearchKey
from search.results import key_results
from search.services import reindex_all

TEXT_CHUNK = 10_000


_URL_PATTERNS: dict[str, str] = {}


def _url(name: str, slug: str) -> str:
    """reverse() once per URL name, then string substitution (reverse is slow in bulk)."""
    if name not in _URL_PATTERNS:
        _URL_PATTERNS[name] = reverse(name, kwargs={"slug": "SLUG-PLACEHOLDER"})
    return _URL_PATTERNS[name].replace("SLUG-PLACEHOLDER", slug)


def _descendant_counts(parent_of: dict[int, int | None]) -> dict[int, int]:
    """How many pilots are adapted from each pilot, transitively."""
    children = defaultdict(list)
    for pk, parent in parent_of.items():
        if parent:
            children[parent].append(pk)
    counts: dict[int, int] = {}
    for root in parent_of:
        if root in counts or not children.get(root):
            continue
        stack, seen = [root], set()
        order = []
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            order.append(node)
            stack.extend(children.get(node, []))
        counts[root] = len(order) - 1
    return counts


class _Pilots:
    """Everything a pilot contributes to its own document and to its lessons and practices."""

    def __init__(self):
        kommuner = {
            pk: (code, name, skr, lan, region_name)
            for pk, code, name, skr, lan, region_name in Kommun.objects.values_list(
                "pk", "code", "name", "skr_group", "region__lan_code", "region__name"
            )
        }
        regions = dict(Region.objects.values_list("pk", "lan_code"))
        region_names = dict(Region.objects.values_list("pk", "name"))
        orgs = dict(Organisation.objects.values_list("pk", "name"))
        self.kommuner = defaultdict(list)
        for pilot_id, kommun_id in Pilot.kommuner.through.objects.values_list(
            "pilot_id", "kommun_id"
        ):
            self.kommuner[pilot_id].append(kommuner[kommun_id])
        self.regioner = defaultdict(list)
        for pilot_id, region_id in Pilot.regioner.through.objects.values_list(
            "pilot_id", "region_id"
        ):
            self.regioner[pilot_id].append((regions[region_id], region_names[region_id]))
        self.partners = defaultdict(list)
        for pilot_id, org_id, role in PilotPartner.objects.values_list(
            "pilot_id", "organisation_id", "role"
        ):
            self.partners[pilot_id].append((role, orgs[org_id], org_id))
        self.members = defaultdict(list)
        for pilot_id, user_id in PilotMembership.objects.values_list("pilot_id", "user_id"):
            self.members[pilot_id].append(user_id)
        self.plans = {
            pilot_id: (theory, notes)
            for pilot_id, theory, notes in EvaluationPlan.objects.values_list(
                "pilot_id", "theory_of_change", "design_notes"
            )
        }
        self.rows = {
            row[0]: row
            for row in Pilot.objects.values_list(
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
            )
        }
        self.org_names = orgs
        self.replications = _descendant_counts({pk: row[13] for pk, row in self.rows.items()})
        self.results = {}
        ids = sorted(self.rows)
        for start in range(0, len(ids), 2_000):
            self.results.update(key_results(ids[start : start + 2_000]))

    def text(self, pk: int) -> dict[str, str]:
        """As documents._pilot_text: taxonomy labels, places and organisations."""
        row = self.rows[pk]
        kommuner = sorted(self.kommuner[pk], key=lambda k: k[1])
        regions = {name for _lan, name in self.regioner[pk]} | {k[4] for k in kommuner}
        partners = sorted(self.partners[pk], key=lambda p: p[:2])
        return {
            "taxonomy": taxonomy_text(row[6], row[7], row[8]),
            "places": "\n".join([*(k[1] for k in kommuner), *sorted(regions)]),
            "organisations": "\n".join(
                [self.org_names[row[9]], *(name for _role, name, _id in partners)]
            ),
        }

    def access(self, pk: int) -> tuple[str, list[str]]:
        row = self.rows[pk]
        status, visibility = row[4], row[5]
        if status == PilotStatus.DRAFT:
            access = Access.RESTRICTED
        elif visibility == Visibility.PUBLIC:
            return Access.PUBLIC, []
        elif visibility == Visibility.PARTNERSHIP:
            access = Access.PARTNERSHIP
        else:
            access = Access.RESTRICTED
        orgs = {row[9]} | {org_id for _role, _name, org_id in self.partners[pk]}
        users = set(self.members[pk])
        return access, sorted(f"org:{o}" for o in orgs) + sorted(f"user:{u}" for u in users)

    def facets(self, pk: int) -> dict[str, list]:
        row = self.rows[pk]
        kommuner = self.kommuner[pk]
        return {
            "health_area": [row[6]],
            "life_stage": [row[7]],
            "arena": [row[8]],
            "kommun": [k[0] for k in kommuner],
            "region": sorted({lan for lan, _n in self.regioner[pk]} | {k[3] for k in kommuner}),
            "skr_group": [k[2] for k in kommuner],
        }

    def url(self, pk: int) -> str:
        return _url("pilots:pilot_detail", self.rows[pk][2])

    def document(self, pk: int) -> DocumentData:
        row = self.rows[pk]
        access, grants = self.access(pk)
        theory, notes = self.plans.get(pk, ("", ""))
        body = [theory, notes]
        start, created, published = row[10], row[11], row[12]
        return DocumentData(
            doc_type=DocType.PILOT,
            object_id=pk,
            title=row[1],
            summary=row[3],
            body="\n".join(b for b in body if b),
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


def _lessons(pilots: _Pilots):
    # As lesson_documents: lessons of approved period reports and of closing reports.
    lessons = Lesson.objects.filter(
        Q(report__isnull=True) | Q(report__status=ReportStatus.APPROVED)
    )
    rows = lessons.values_list(
        "pk", "pilot_id", "title", "text", "dimension", "report__period__end", "created_at"
    )
    for pk, pilot_id, title, text, dimension, period_end, created in rows.iterator(5_000):
        access, grants = pilots.access(pilot_id)
        yield DocumentData(
            doc_type=DocType.LESSON,
            object_id=pk,
            title=title,
            summary=text,
            body=pilots.rows[pilot_id][1],
            url=f"{pilots.url(pilot_id)}#h-lessons",
            facets={
                "type": [DocType.LESSON],
                **pilots.facets(pilot_id),
                "dimension": [dimension],
                "year": [period_end.year if period_end else created.year],
            },
            access=access,
            grants=grants,
            published_at=created,
        )


def _practices(pilots: _Pilots):
    current = {}
    for practice_id, level, recommendation, rationale, published in (
        Appraisal.objects.filter(status=AppraisalStatus.PUBLISHED)
        .order_by("practice_id", "-published_at", "-pk")
        .values_list("practice_id", "evidence_level", "recommendation", "rationale", "published_at")
    ):
        current.setdefault(practice_id, (level, recommendation, rationale, published))
    for pk, title, slug, summary, pilot_id, created in Practice.objects.values_list(
        "pk", "title", "slug", "summary", "original_pilot_id", "created_at"
    ):
        appraisal = current.get(pk)
        access, grants = pilots.access(pilot_id) if pilot_id else (Access.RESTRICTED, [])
        facets = {"type": [DocType.PRACTICE], "year": [created.year]}
        if pilot_id:
            facets.update(pilots.facets(pilot_id))
        if appraisal:
            facets["evidence_level"] = [appraisal[0]]
            facets["recommendation"] = [appraisal[1]]
        yield DocumentData(
            doc_type=DocType.PRACTICE,
            object_id=pk,
            title=title,
            summary=summary,
            body="\n".join(
                [pilots.rows[pilot_id][1] if pilot_id else "", appraisal[2] if appraisal else ""]
            ),
            **(pilots.text(pilot_id) if pilot_id else {}),
            url=_url("learning:practice_detail", slug),
            facets=facets,
            access=access,
            grants=grants,
            published_at=appraisal[3] if appraisal else created,
            replication_count=pilots.replications.get(pilot_id, 0),
        )


def _write(run: ScaleRun, docs: list[DocumentData]) -> None:
    first = run.reserve(SearchDocument, len(docs))
    postgres = connection.vendor == "postgresql"
    vector = ["search_vector"] if postgres else []
    run.insert(
        SearchDocument,
        ["id", "doc_type", "object_id", *DOCUMENT_FIELDS, *vector],
        (
            (
                first + i,
                d.doc_type,
                d.object_id,
                *(getattr(d, name) for name in DOCUMENT_FIELDS),
                *([textindex.tsvector(d)] if postgres else []),
            )
            for i, d in enumerate(docs)
        ),
    )
    keys = [
        (first + i, key[:120])
        for i, d in enumerate(docs)
        for key in dict.fromkeys(document_keys(d))
    ]
    key_pk = run.reserve(SearchKey, len(keys))
    run.insert(
        SearchKey, ["id", "document_id", "key"], ((key_pk + i, *k) for i, k in enumerate(keys))
    )
    run.finish()
    if connection.vendor == "sqlite":
        for start in range(0, len(docs), TEXT_CHUNK):
            chunk = docs[start : start + TEXT_CHUNK]
            textindex.write_fts([(first + start + i, d) for i, d in enumerate(chunk)])
    vocabulary = Counter()
    for d in docs:
        vocabulary.update(textindex.vocabulary(d))
    textindex.change_vocabulary(vocabulary)


def build(run: ScaleRun) -> int:
    """Index every pilot, lesson, practice and page; returns how many documents."""
    if get_backend().name != "database":
        report = reindex_all(batch_size=2_000)
        run.counts["search.SearchDocument"] = report.documents
        return report.documents
    from wagtail.models import Page

    pilots = _Pilots()
    indexed = set(
        SearchDocument.objects.values_list("doc_type", "object_id")
    )  # pages indexed on publish
    docs = [pilots.document(pk) for pk in sorted(pilots.rows)]
    docs += list(_lessons(pilots))
    docs += list(_practices(pilots))
    docs = [d for d in docs if (d.doc_type, d.object_id) not in indexed]
    _write(run, docs)
    get_backend().index(page_documents(Page.objects.all()))
    total = SearchDocument.objects.count()
    run.say(f"Search: {total} documents.")
    return total
