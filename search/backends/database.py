"""The database backend: PostgreSQL full-text search (the `swedish` configuration, weights
A title / B summary / C body, ts_headline, trigram suggestions) or, on SQLite, FTS5 over
normalised text (search/normalise.py). Facets are counted over SearchKey rows, permissions
applied in the same queries, so hits, facet counts and suggestions never leak.

A search is a fixed number of queries, whatever the data size: the access check (≤ 2), the
candidates with their ranking, page and facet counts (one statement on PostgreSQL, see
text/postgres.py `one_pass`; three on SQLite), the page's rows, and two per facet with a
selection. run_search (search/query.py) also keeps the whole answer in the cache.

The work per search is bounded too, so a hundred times more documents costs about the same:
a search reads at most HIT_CAP + 1 candidate ids (in index order: newest first, or most
replicated first), ranks, pages and counts facets among those. Up to HIT_CAP hits everything
is exact; past it the total reads "more than 1 000" and the facet counts are those of the first
1 000 hits (`SearchResults.total_is_estimate`), the way large search engines report estimates.
Browsing everything (no words, no filter) is exact: its total and facet counts are cached per
access and invalidated by every index write.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core import caching

from .. import analysis
from ..facets import FACET_SIZE, FACETS, labeller, sort_values
from ..models import DocType, SearchDocument, SearchKey
from ..normalise import highlight, match_spans
from ..plan import make_plan, matcher
from ..query import FacetValue, Hit, SearchQuery, SearchResults, Suggestion
from ..rules import access_q, user_access
from ..taxonomy import readable_labels
from . import store, textindex
from .text import postgres, sqlite

HIT_CAP = 1000

# Words too common to pick similar pilots by: the analyser's stop words, plus a few that are
# frequent in pilot texts though they carry meaning in a query.
SIMILARITY_STOPWORDS = analysis.STOPWORDS | {"andra", "fler", "kommer", "mer", "mycket", "nya"}


def _text():
    return postgres if connection.vendor == "postgresql" else sqlite


# Where a snippet comes from, in order: the first field with a match (labelled when it is not
# running text); the summary when only the title matched.
SNIPPET_FIELDS = {
    "summary": "",
    "body": "",
    "taxonomy": _("Kategorier"),
    "places": _("Platser"),
    "organisations": _("Organisationer"),
}


def snippet(row, match) -> tuple[str, str]:
    """(HTML snippet, field it came from) of a document row for a query's matcher."""
    for name, label in SNIPPET_FIELDS.items():
        text = getattr(row, name, "") or ""
        if name == "taxonomy":
            text = readable_labels(text, match)
        elif label:
            text = ", ".join(t for t in text.split("\n") if t)
        if text and match_spans(text, match):
            html = highlight(text, match)
            return (f"{label}: {html}" if label else html), name
    return highlight(row.summary, match), ""


def tagged(concepts):
    """How many of the concept keys (taxonomy values, places) a document carries."""
    counted = (
        SearchKey.objects.filter(document=OuterRef("pk"), key__in=concepts)
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class DatabaseBackend:
    name = "database"

    # --- indexing --------------------------------------------------------------------------

    def index(self, docs, *, force: bool = False) -> None:
        store.store_documents(docs, force=force)

    def delete(self, doc_type: str, object_ids) -> None:
        store.delete_documents(doc_type, object_ids)

    def clear(self) -> None:
        SearchDocument.objects.all().delete()
        store.clear_text_index()

    def start_rebuild(self):
        """Nothing to swap: the table is rebuilt in place (rows are replaced, stale ones
        deleted at the end), so search keeps answering throughout."""
        return None

    def finish_rebuild(self, state, seen: dict[str, set[int]], vocabulary=None) -> None:
        """Remove the rows of objects the rebuild did not see, then recount the vocabulary
        (`vocabulary`: the counts of the rebuilt documents, when the caller has them)."""
        stored = defaultdict(set)
        for doc_type, object_id in SearchDocument.objects.values_list("doc_type", "object_id"):
            stored[doc_type].add(object_id)
        for doc_type in DocType.values:
            stale = stored[doc_type] - seen.get(doc_type, set())
            if stale:
                store.delete_documents(doc_type, stale)
        textindex.rebuild_vocabulary(counts=vocabulary)

    def refresh(self) -> None:
        """Make what was indexed searchable (immediate in the database)."""

    # --- reading ---------------------------------------------------------------------------

    def visible(self, user):
        access = user_access(user)
        qs = SearchDocument.objects.all()
        return qs if access.everything else qs.filter(access_q(access))

    @staticmethod
    def _filter(qs, filters: dict[str, list[str]], skip: str | None = None):
        for facet, values in filters.items():
            if facet != skip:
                keys = [f"{facet}:{v}" for v in values]
                qs = qs.filter(
                    Exists(SearchKey.objects.filter(document=OuterRef("pk"), key__in=keys))
                )
        return qs

    @staticmethod
    def _candidates(qs, query: SearchQuery) -> list[int]:
        """Ids of at most HIT_CAP + 1 documents of `qs`, read in index order (most replicated
        first for that sort, else newest first), so the read stops early however many match."""
        if query.sort == "most_replicated":
            order = ["-replication_count", "-id"]
        else:
            order = [F("published_at").desc(nulls_last=True), "-id"]
        return list(qs.order_by(*order).values_list("pk", flat=True)[: HIT_CAP + 1])

    @staticmethod
    def _count_keys(ids, counts, only: str | None = None) -> None:
        keys = SearchKey.objects.filter(document_id__in=ids)
        keys = (
            keys.filter(key__startswith=f"{only}:")
            if only
            else keys.exclude(key__startswith="grant:")
        )
        for key, n in keys.values("key").annotate(n=Count("id")).values_list("key", "n"):
            facet, _sep, value = key.partition(":")
            if facet in counts and (only is None or facet == only):
                counts[facet][value] = n

    def _facets(self, matched, query: SearchQuery, ids: list[int]) -> dict[str, list[FacetValue]]:
        """Facet counts among the candidate hits `ids`; a selected facet counts as if only it
        were unselected (among the candidates of that wider search)."""
        counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        self._count_keys(ids, counts)
        for facet in query.filters:
            counts[facet] = {}
            wider = self._candidates(self._filter(matched, query.filters, skip=facet), query)
            self._count_keys(wider[:HIT_CAP], counts, only=facet)
        return self._facet_values(counts)

    @staticmethod
    def _facet_values(counts) -> dict[str, list[FacetValue]]:
        label = labeller(counts)
        return {
            facet: [
                FacetValue(value, label(facet, value), n)
                for value, n in sort_values(facet, list(values.items()))[:FACET_SIZE]
            ]
            for facet, values in counts.items()
        }

    def _browse_all(self, visible, user) -> tuple[int, dict[str, dict[str, int]]]:
        """Total and facet counts of everything the user may see: exact, cached per access until
        the index changes (the blank search page is the most common one)."""
        access = user_access(user)
        key = "browse:" + ("all" if access.everything else f"{access.partnership}:{access.grants}")

        def compute():
            counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
            self._count_keys(visible.order_by().values("pk"), counts)
            return visible.count(), counts

        return caching.cached(caching.SEARCH_INDEX, key, compute)

    def search(self, query: SearchQuery, user) -> SearchResults:
        """Hits, total and facet counts among the documents the user may see."""
        text = _text()
        plan = query.plan() if query.has_text else None
        include = bool(plan)
        matched = self.visible(user)
        rank = None
        if include:
            matched, rank = text.match(matched, plan)
        filtered = self._filter(matched, query.filters)
        browse_all = not include and not query.filters
        concepts = plan.concepts if plan else []
        if connection.vendor == "postgresql" and not matched.query.is_empty():
            return self._search_one_pass(query, user, matched, filtered, rank, concepts)
        ids = self._candidates(filtered, query)
        estimate = len(ids) > HIT_CAP
        ids = ids[:HIT_CAP]
        if browse_all:
            total, counts = self._browse_all(matched, user)
            facets, estimate = self._facet_values(counts), False
        else:
            total, facets = len(ids), self._facets(matched, query, ids)
        hits = []
        if ids and query.offset < len(ids):
            page = SearchDocument.objects.filter(pk__in=ids)
            page = page.annotate(rank=rank) if rank is not None else page
            page = page.annotate(tagged=tagged(concepts)) if concepts else page
            page = page.order_by(*self._ordering(query, rank is not None, bool(concepts)))
            rows = list(page[query.offset : query.offset + query.page_size])
            hits = self._hits(rows, query, plan)
        # "Menade du" and title suggestions are added by run_search, the same for every backend.
        return SearchResults(
            query=query, hits=hits, total=total, facets=facets, total_is_estimate=estimate
        )

    def _search_one_pass(self, query, user, matched, filtered, rank, concepts) -> SearchResults:
        """PostgreSQL: the candidates are read, ranked, paged and their facets counted in one
        statement (text/postgres.py `one_pass`), then the page's rows are read by id."""
        browse_all = not query.has_text and not query.filters
        read, page, key_counts = postgres.one_pass(
            filtered, rank, concepts, query, HIT_CAP, count_facets=not browse_all
        )
        estimate, total = read > HIT_CAP, min(read, HIT_CAP)
        if browse_all:
            total, counts = self._browse_all(matched, user)
            estimate = False
        else:
            counts = {facet: {} for facet in FACETS}
            for key, n in key_counts.items():
                facet, _sep, value = key.partition(":")
                if facet in counts:
                    counts[facet][value] = n
            for facet in query.filters:  # a selected facet counts as if only it were unselected
                counts[facet] = {}
                wider = self._candidates(self._filter(matched, query.filters, skip=facet), query)
                self._count_keys(wider[:HIT_CAP], counts, only=facet)
        hits = []
        if page:
            rows = {
                row.pk: row
                for row in SearchDocument.objects.filter(pk__in=[pk for pk, _r in page]).defer(
                    "search_vector"
                )
            }
            ordered = []
            for pk, score in page:
                if pk in rows:
                    rows[pk].rank = score
                    ordered.append(rows[pk])
            hits = self._hits(ordered, query, query.plan() if query.has_text else None)
        return SearchResults(
            query=query,
            hits=hits,
            total=total,
            facets=self._facet_values(counts),
            total_is_estimate=estimate,
        )

    @staticmethod
    def _ordering(query: SearchQuery, ranked: bool, tagged_first: bool = False):
        newest = [F("published_at").desc(nulls_last=True), "-id"]
        relevance = [F("rank").desc(nulls_last=True)] if ranked else []
        if tagged_first:
            relevance = [F("tagged").desc(), *relevance]
        if query.sort == "newest":
            return newest
        if query.sort == "most_replicated":
            return ["-replication_count", *relevance, *newest]
        return [*relevance, *newest]

    @staticmethod
    def _hits(rows, query: SearchQuery, plan) -> list[Hit]:
        match = matcher(plan) if plan and query.highlight else None
        hits = []
        for row in rows:
            title_html = highlight(row.title, match, whole=True)
            snippet_html, field = snippet(row, match)
            hits.append(
                Hit(
                    doc_type=row.doc_type,
                    object_id=row.object_id,
                    title=row.title,
                    url=row.url,
                    title_html=title_html,
                    snippet=snippet_html,
                    matched_field=field,
                    published_at=row.published_at,
                    replication_count=row.replication_count,
                    facets=row.facets,
                    score=getattr(row, "rank", None),
                    key_result=row.key_result,
                    origin=Hit.origin_of(row.doc_type, row.body),
                )
            )
        return hits

    def suggest(self, text: str, user, limit: int = 8) -> list[Suggestion]:
        """Titles the user may see: prefix and (PostgreSQL) trigram matches, best first."""
        query = SearchQuery(text=text)
        if not query.has_text:
            return []
        rows = _text().suggest(self.visible(user), query.text.strip(), limit)
        return [Suggestion(title, url, doc_type) for title, url, doc_type in rows]

    def similar(self, doc_type: str, object_id: int, user, n: int = 5) -> list[Hit]:
        """Documents of the same type sharing the most words (any of them) and facets; cached
        per document and access until the index changes (each pilot page shows them)."""
        access = user_access(user)
        who = "all" if access.everything else f"{access.partnership}:{access.grants}"
        key = f"similar:{doc_type}:{object_id}:{n}:{who}"
        return caching.cached(
            caching.SEARCH_INDEX, key, lambda: self._similar(doc_type, object_id, user, n)
        )

    def _similar(self, doc_type: str, object_id: int, user, n: int) -> list[Hit]:
        doc = SearchDocument.objects.filter(doc_type=doc_type, object_id=object_id).first()
        if doc is None:
            return []
        words = [
            w
            for w in SearchQuery(text=f"{doc.title} {doc.summary}").terms[0]
            if w not in SIMILARITY_STOPWORDS and len(w) > 3
        ][:12]
        if not words:
            return []
        query = SearchQuery(
            text=" ".join(words),
            filters={"type": [doc_type]},
            page_size=n * 3,
            highlight=False,
            match_any=True,
        )
        matched, rank = _text().match(self.visible(user), make_plan(" ".join(words), any_=True))
        if rank is None:
            return []
        # Rank only the first HIT_CAP candidates (newest first), as search() does: any of twelve
        # common words matches a large share of a national index, and ranking all of it is slow.
        ids = self._candidates(self._filter(matched, query.filters).exclude(pk=doc.pk), query)
        rows = list(
            SearchDocument.objects.filter(pk__in=ids[:HIT_CAP])
            .annotate(rank=rank)
            .order_by(F("rank").desc(), "-id")[: n * 3]
        )
        mine = {(f, v) for f, vs in doc.facets.items() for v in vs if f != "type"}

        def shared(row):
            return len(mine & {(f, v) for f, vs in row.facets.items() for v in vs})

        rows.sort(key=lambda r: (-(shared(r) + 2 * (r.rank or 0)), -r.pk))
        return self._hits(rows[:n], query, None)
