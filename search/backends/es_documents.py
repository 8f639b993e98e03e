"""Elasticsearch documents and request bodies, built with `elasticsearch.dsl` and kept free of
I/O so tests can compare them with expected structures (no server needed).

One Document class per type, all sharing one mapping: Swedish text (lowercase, Swedish stop
words, the Swedish stemmer; no asciifolding, since å, ä and ö are letters of their own),
keyword facets under `facets.*`, access fields, and a completion suggester whose `access`
context keeps suggestions within what the searcher may see.
"""

from django.conf import settings
from elasticsearch.dsl import (
    A,
    Completion,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Long,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)

from ..access import UserAccess
from ..facets import FACET_SIZE, FACETS
from ..models import Access, DocType
from ..query import SearchQuery

swedish_stop = token_filter("swedish_stop", type="stop", stopwords="_swedish_")
swedish_stemmer = token_filter("swedish_stemmer", type="stemmer", language="swedish")
swedish = analyzer(
    "portal_swedish", tokenizer="standard", filter=["lowercase", swedish_stop, swedish_stemmer]
)
suggest_analyzer = analyzer("portal_suggest", tokenizer="standard", filter=["lowercase"])
INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}
TEXT_FIELDS = ["title^3", "summary^2", "body"]


class SearchableDocument(Document):
    doc_type = Keyword()
    object_id = Long()
    title = Text(analyzer=swedish, fields={"raw": Keyword()})
    summary = Text(analyzer=swedish)
    body = Text(analyzer=swedish)
    url = Keyword(index=False)
    facets = Object(properties={facet: Keyword() for facet in FACETS})
    access = Keyword()
    grants = Keyword()
    published_at = Date()
    replication_count = Integer()
    suggest = Completion(
        analyzer=suggest_analyzer,
        contexts=[{"name": "access", "type": "category", "path": "suggest_access"}],
    )
    suggest_access = Keyword()


class PilotDocument(SearchableDocument):
    pass


class LessonDocument(SearchableDocument):
    pass


class PracticeDocument(SearchableDocument):
    pass


class PageDocument(SearchableDocument):
    pass


DOCUMENTS = {
    DocType.PILOT: PilotDocument,
    DocType.LESSON: LessonDocument,
    DocType.PRACTICE: PracticeDocument,
    DocType.PAGE: PageDocument,
}


def alias(doc_type: str) -> str:
    """The alias searches use; it points at exactly one concrete index per type."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{doc_type}"


def all_aliases() -> list[str]:
    return [alias(t) for t in DOCUMENTS]


def index_definition(doc_type: str, name: str | None = None) -> Index:
    """The index (settings, analysers, mapping) for a type; `name` for a concrete index."""
    index = Index(name or alias(doc_type))
    index.settings(**INDEX_SETTINGS)
    index.document(DOCUMENTS[doc_type])
    return index


def doc_id(doc_type: str, object_id) -> str:
    return f"{doc_type}-{object_id}"


def source(doc) -> dict:
    """The stored document (a SearchDocument or DocumentData) as Elasticsearch source."""
    contexts = {
        Access.PUBLIC: ["public"],
        Access.PARTNERSHIP: ["partnership", *doc.grants],
    }.get(doc.access, list(doc.grants) or ["nobody"])
    return {
        "doc_type": doc.doc_type,
        "object_id": doc.object_id,
        "title": doc.title,
        "summary": doc.summary,
        "body": doc.body,
        "url": doc.url,
        "facets": doc.facets,
        "access": doc.access,
        "grants": list(doc.grants),
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "replication_count": doc.replication_count,
        "suggest": {"input": [doc.title]},
        "suggest_access": contexts,
    }


def access_filter(access: UserAccess):
    """What the searcher may see (None: everything, for the coordinator)."""
    if access.everything:
        return None
    allowed = [Q("term", access=Access.PUBLIC)]
    if access.partnership:
        allowed.append(Q("term", access=Access.PARTNERSHIP))
    if access.grants:
        allowed.append(Q("terms", grants=list(access.grants)))
    return Q("bool", should=allowed, minimum_should_match=1)


def access_contexts(access: UserAccess) -> list[str] | None:
    if access.everything:
        return None
    return ["public", *(["partnership"] if access.partnership else []), *access.grants]


def _facet_filters(filters, skip=None):
    return [
        Q("terms", **{f"facets.{facet}": values})
        for facet, values in filters.items()
        if facet != skip
    ]


def _text_queries(include, exclude, any_):
    """Each word analysed and matched as a prefix (bool_prefix), so "fetma" finds "fetman"."""

    def word(w, prefix=True):
        return Q(
            "multi_match",
            query=w,
            fields=TEXT_FIELDS,
            **({"type": "bool_prefix"} if prefix else {}),
        )

    if any_:
        return [Q("bool", should=[word(w, prefix=False) for w in include])], []
    return [word(w) for w in include], [word(w, prefix=False) for w in exclude]


def _sort(query: SearchQuery, ranked: bool):
    newest = [{"published_at": {"order": "desc", "missing": "_last"}}, {"object_id": "desc"}]
    relevance = ["_score"] if ranked else []
    if query.sort == "newest":
        return newest
    if query.sort == "most_replicated":
        return [{"replication_count": "desc"}, *relevance, *newest]
    return [*relevance, *newest]


def search_body(query: SearchQuery, access: UserAccess) -> dict:
    """The request body: text + access in the query (so aggregations respect permissions),
    facet selections in post_filter, and each facet's aggregation filtered by the *other*
    selections (a selected facet still shows its alternatives' counts)."""
    include, exclude = query.terms
    must, must_not = _text_queries(include, exclude, query.match_any) if include else ([], [])
    allowed = access_filter(access)
    s = Search().query(
        Q(
            "bool",
            must=must or [Q("match_all")],
            must_not=must_not,
            filter=[allowed] if allowed else [],
        )
    )
    if query.filters:
        s = s.post_filter(Q("bool", filter=_facet_filters(query.filters)))
    for facet in FACETS:
        agg = A("filter", Q("bool", filter=_facet_filters(query.filters, skip=facet)))
        agg.bucket("values", "terms", field=f"facets.{facet}", size=FACET_SIZE)
        s.aggs.bucket(facet, agg)
    if include and query.highlight:
        s = s.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], require_field_match=False
        )
        s = s.highlight("title", number_of_fragments=0)
        s = s.highlight("summary", "body", fragment_size=160, number_of_fragments=2)
    s = s.sort(*_sort(query, bool(include)))
    s = s.extra(track_total_hits=True)[query.offset : query.offset + query.page_size]
    return s.to_dict()


def suggest_body(text: str, access: UserAccess, limit: int) -> dict:
    """A completion suggestion, limited by the `access` context to what the user may see."""
    completion = {"field": "suggest", "size": limit, "skip_duplicates": True}
    contexts = access_contexts(access)
    if contexts is not None:
        completion["contexts"] = {"access": contexts}
    return {
        "suggest": {"titles": {"prefix": text[:60], "completion": completion}},
        "_source": ["title", "url", "doc_type"],
    }


def more_like_this_body(doc_type: str, object_id: int, access: UserAccess, n: int) -> dict:
    """Documents of the same type like this one, among those the user may see."""
    allowed = access_filter(access)
    mlt = Q(
        "more_like_this",
        fields=["title", "summary", "body"],
        like=[{"_index": alias(doc_type), "_id": doc_id(doc_type, object_id)}],
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=25,
    )
    filters = [Q("term", **{"facets.type": doc_type}), *([allowed] if allowed else [])]
    return Search().query(Q("bool", must=[mlt], filter=filters)).extra(size=n).to_dict()
