"""Elasticsearch documents and request bodies, built with `elasticsearch.dsl` and kept free of
I/O so tests can compare them with expected structures (no server needed).

One Document class per type, all sharing one mapping: each field searched as what it is (title,
summary, body, taxonomy labels, places, organisations, compound parts) with Swedish text
(lowercase, Swedish stop words, the Snowball Swedish stemmer: the algorithm search/analysis.py
uses for the database backends) and a `folded` sub-field (asciifolding) for the diacritic-
insensitive fallback, weighted far below the exact forms; the coordinator's synonyms in the
search analyser (and expanded in the query, so an edit counts before the next rebuild); keyword
facets under `facets.*`, access fields, and a completion suggester whose `access` context
keeps suggestions within what the searcher may see.
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

from ..facets import FACET_SIZE, FACETS
from ..models import Access, DocType
from ..query import SearchQuery
from ..rules import UserAccess

swedish_stop = token_filter("swedish_stop", type="stop", stopwords="_swedish_")
swedish_stemmer = token_filter("swedish_stemmer", type="stemmer", language="swedish")
swedish = analyzer(
    "portal_swedish", tokenizer="standard", filter=["lowercase", swedish_stop, swedish_stemmer]
)
folded = analyzer(
    "portal_folded",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", swedish_stop, swedish_stemmer],
)
suggest_analyzer = analyzer("portal_suggest", tokenizer="standard", filter=["lowercase"])
INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}
# The database backends' order (search/backends/text): title and taxonomy, then places and
# summary, body; organisations weigh less than any topic field; folded forms least of all.
FIELD_WEIGHTS = {
    "title": 4,
    "taxonomy": 4,
    "places": 3,
    "summary": 2,
    "body": 1,
    "parts": 0.6,
    "organisations": 0.3,
}
FOLDED_WEIGHT = 0.1
TEXT_FIELDS = [f"{name}^{weight}" for name, weight in FIELD_WEIGHTS.items()]
FOLDED_FIELDS = [
    f"{name}.folded^{round(weight * FOLDED_WEIGHT, 3)}" for name, weight in FIELD_WEIGHTS.items()
]
CONCEPT_BOOST = 1000  # a document tagged with what the query names comes first


def synonym_rules() -> list[str]:
    """The coordinator's synonyms in Solr format ("bvc, barnavårdscentral"), lower case."""
    from ..models import Synonym

    rules = []
    for terms in Synonym.objects.values_list("terms", flat=True).order_by("pk"):
        parts = [" ".join(t.lower().split()) for t in terms.split(",") if t.strip()]
        if len(parts) > 1:
            rules.append(", ".join(parts))
    return rules


def _search_analyzer(rules):
    synonyms = token_filter(
        "portal_synonyms",
        type="synonym_graph",
        synonyms=rules or ["förebygga, prevention"],
        lenient=True,
    )
    return analyzer(
        "portal_swedish_search",
        tokenizer="standard",
        filter=["lowercase", synonyms, swedish_stop, swedish_stemmer],
    )


SEARCH_ANALYZER = "portal_swedish_search"


def _text(search_analyzer=None, **extra):
    options = {"search_analyzer": search_analyzer} if search_analyzer else {}
    return Text(
        analyzer=swedish,
        fields={"folded": Text(analyzer=folded), **extra},
        **options,
    )


class SearchableDocument(Document):
    doc_type = Keyword()
    object_id = Long()
    title = _text(SEARCH_ANALYZER, raw=Keyword())
    summary = _text(SEARCH_ANALYZER)
    body = _text(SEARCH_ANALYZER)
    taxonomy = _text(SEARCH_ANALYZER)
    places = _text(SEARCH_ANALYZER)
    organisations = _text(SEARCH_ANALYZER)
    parts = _text(SEARCH_ANALYZER)
    key_result = Text(index=False)
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
    index.analyzer(_search_analyzer(synonym_rules()))
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
        "taxonomy": doc.taxonomy,
        "places": doc.places,
        "organisations": doc.organisations,
        "parts": compound_text(doc),
        "key_result": doc.key_result,
        "url": doc.url,
        "facets": doc.facets,
        "access": doc.access,
        "grants": list(doc.grants),
        "published_at": doc.published_at.isoformat() if doc.published_at else None,
        "replication_count": doc.replication_count,
        "suggest": {"input": [doc.title]},
        "suggest_access": contexts,
    }


def compound_text(doc) -> str:
    """The parts of the compounds in a document's topic fields ("balans träning …"), split
    with the hunspell-sv word list as for the database backends."""
    from ..analysis import compound_parts, words

    found = []
    for name in ("title", "summary", "body", "taxonomy", "places"):
        for word in words(getattr(doc, name, "")):
            found += compound_parts(word)
    return " ".join(found)


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


def _alternative(text: str, fields, prefix: bool):
    if len(text.split()) > 1:
        return Q("multi_match", query=text, fields=fields, type="phrase")
    return Q(
        "multi_match", query=text, fields=fields, **({"type": "bool_prefix"} if prefix else {})
    )


def _group_query(group, prefix=True):
    """One group of the plan: any exact alternative in the topic fields, or its folded form."""
    should = [_alternative(t, TEXT_FIELDS, prefix) for t in group.texts]
    should += [_alternative(t, FOLDED_FIELDS, prefix) for t in group.texts]
    return Q("bool", should=should, minimum_should_match=1)


def _text_queries(plan):
    """(must, must_not, should) for a query plan (search/plan.py): each group a bool of its
    alternatives, exclusions, and a constant boost per taxonomy value or place it names."""
    concepts = [
        Q(
            "constant_score",
            filter=Q("term", **{f"facets.{key.split(':', 1)[0]}": key.split(":", 1)[1]}),
            boost=CONCEPT_BOOST,
        )
        for key in plan.concepts
    ]
    excluded = [_group_query(g, prefix=False) for g in plan.exclude]
    if plan.any_:
        groups = [_group_query(g, prefix=False) for g in plan.groups]
        return [Q("bool", should=groups, minimum_should_match=1)], excluded, concepts
    return [_group_query(g) for g in plan.groups], excluded, concepts


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
    plan = query.plan() if query.has_text else None
    include = bool(plan)
    must, must_not, should = _text_queries(plan) if plan else ([], [], [])
    allowed = access_filter(access)
    s = Search().query(
        Q(
            "bool",
            must=must or [Q("match_all")],
            must_not=must_not,
            should=should,
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
        s = s.highlight(
            "summary",
            "body",
            "taxonomy",
            "places",
            "organisations",
            fragment_size=160,
            number_of_fragments=2,
        )
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
        fields=["title", "summary", "body", "taxonomy"],
        like=[{"_index": alias(doc_type), "_id": doc_id(doc_type, object_id)}],
        min_term_freq=1,
        min_doc_freq=1,
        max_query_terms=25,
    )
    filters = [Q("term", **{"facets.type": doc_type}), *([allowed] if allowed else [])]
    return Search().query(Q("bool", must=[mlt], filter=filters)).extra(size=n).to_dict()
