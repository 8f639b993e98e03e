"""The Elasticsearch backend through what it sends: mappings and request bodies compared with
expected structures (no server needed). Live behaviour: test_contract.py with
ELASTICSEARCH_URL set."""

from search.backends import es_documents as es
from search.query import SearchQuery
from search.rules import UserAccess

ANONYMOUS = UserAccess()
MEMBER = UserAccess(partnership=True, grants=("org:7", "user:3"))


def test_mapping_has_swedish_analysis_folded_sub_fields_and_the_synonyms(settings, db):
    from search.models import Synonym

    settings.ELASTICSEARCH_INDEX_PREFIX = "pp"
    Synonym.objects.all().delete()
    Synonym.objects.create(terms="BVC, Barnavårdscentral")
    body = es.index_definition("pilot", "pp-pilot-1").to_dict()
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["portal_swedish"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "swedish_stop", "swedish_stemmer"],
    }
    assert analysis["analyzer"]["portal_folded"]["filter"] == [
        "lowercase",
        "asciifolding",
        "swedish_stop",
        "swedish_stemmer",
    ]
    assert analysis["analyzer"]["portal_swedish_search"]["filter"] == [
        "lowercase",
        "portal_synonyms",
        "swedish_stop",
        "swedish_stemmer",
    ]
    assert analysis["filter"]["portal_synonyms"]["synonyms"] == ["bvc, barnavårdscentral"]
    assert analysis["filter"]["swedish_stemmer"] == {"type": "stemmer", "language": "swedish"}
    props = body["mappings"]["properties"]
    assert props["title"] == {
        "type": "text",
        "analyzer": "portal_swedish",
        "search_analyzer": "portal_swedish_search",
        "fields": {
            "folded": {"type": "text", "analyzer": "portal_folded"},
            "raw": {"type": "keyword"},
        },
    }
    for field in ("summary", "body", "taxonomy", "places", "organisations", "parts"):
        assert props[field]["fields"]["folded"] == {"type": "text", "analyzer": "portal_folded"}
    assert props["key_result"] == {"type": "text", "index": False}
    assert props["facets"]["properties"]["kommun"] == {"type": "keyword"}
    assert props["suggest"]["contexts"] == [
        {"name": "access", "type": "category", "path": "suggest_access"}
    ]


def test_field_weights_put_topics_above_organisations_and_exact_above_folded():
    weights = dict(f.split("^") for f in es.TEXT_FIELDS)
    assert float(weights["title"]) == float(weights["taxonomy"]) > float(weights["summary"])
    assert float(weights["organisations"]) < min(
        float(weights[f]) for f in ("title", "taxonomy", "places", "summary", "body")
    )
    folded = dict(f.split("^") for f in es.FOLDED_FIELDS)
    assert all(float(folded[f"{k}.folded"]) < float(v) for k, v in weights.items())


def test_search_body_filters_access_in_the_query_and_facets_in_post_filter(db):
    from search.models import Synonym

    Synonym.objects.all().delete()
    query = SearchQuery(text="fetma -rök", filters={"type": ["pilot"]}, page=2, page_size=10)
    body = es.search_body(query, MEMBER)
    bool_query = body["query"]["bool"]
    assert bool_query["must"] == [
        {
            "bool": {
                "should": [
                    {
                        "multi_match": {
                            "query": "fetma",
                            "fields": es.TEXT_FIELDS,
                            "type": "bool_prefix",
                        }
                    },
                    {
                        "multi_match": {
                            "query": "fetma",
                            "fields": es.FOLDED_FIELDS,
                            "type": "bool_prefix",
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        }
    ]
    assert bool_query["must_not"][0]["bool"]["should"][0] == {
        "multi_match": {"query": "rök", "fields": es.TEXT_FIELDS}
    }
    # "fetma" names a health area: its documents come first.
    assert {
        "constant_score": {"filter": {"term": {"facets.health_area": "fetma"}}, "boost": 1000}
    } in bool_query["should"]
    assert bool_query["filter"] == [
        {
            "bool": {
                "should": [
                    {"term": {"access": "public"}},
                    {"term": {"access": "partnership"}},
                    {"terms": {"grants": ["org:7", "user:3"]}},
                ],
                "minimum_should_match": 1,
            }
        }
    ]
    assert body["post_filter"] == {"bool": {"filter": [{"terms": {"facets.type": ["pilot"]}}]}}
    assert body["aggs"]["type"] == {
        "filter": {"bool": {}},
        "aggs": {"values": {"terms": {"field": "facets.type", "size": 50}}},
    }
    assert body["aggs"]["kommun"]["filter"] == {
        "bool": {"filter": [{"terms": {"facets.type": ["pilot"]}}]}
    }
    assert body["highlight"]["encoder"] == "html"
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert set(body["highlight"]["fields"]) >= {"summary", "taxonomy", "places"}
    assert (body["from"], body["size"]) == (10, 10)
    assert body["sort"][0] == "_score"


def test_synonyms_and_phrases_are_in_the_query(db):
    from search.models import Synonym

    Synonym.objects.create(terms="FaR, fysisk aktivitet på recept")
    body = es.search_body(SearchQuery(text='far "tidig upptäckt"'), ANONYMOUS)
    far, phrase = body["query"]["bool"]["must"]
    texts = [c["multi_match"]["query"] for c in far["bool"]["should"]]
    assert texts[:2] == ["far", "fysisk aktivitet på recept"]
    assert far["bool"]["should"][1]["multi_match"]["type"] == "phrase"
    assert phrase["bool"]["should"][0]["multi_match"] == {
        "query": "tidig upptäckt",
        "fields": es.TEXT_FIELDS,
        "type": "phrase",
    }


def test_empty_query_browses_newest_first_and_the_coordinator_sees_all(db):
    body = es.search_body(SearchQuery(text="  !! "), UserAccess(everything=True))
    assert body["query"] == {"bool": {"must": [{"match_all": {}}]}}
    assert "highlight" not in body
    assert body["sort"][0] == {"published_at": {"order": "desc", "missing": "_last"}}


def test_most_replicated_sort(db):
    body = es.search_body(SearchQuery(text="pilot", sort="most_replicated"), ANONYMOUS)
    assert body["sort"][:2] == [{"replication_count": "desc"}, "_score"]


def test_suggestions_are_limited_by_access_context():
    body = es.suggest_body("prom", MEMBER, 8)
    assert body["suggest"]["titles"] == {
        "prefix": "prom",
        "completion": {
            "field": "suggest",
            "size": 8,
            "skip_duplicates": True,
            "contexts": {"access": ["public", "partnership", "org:7", "user:3"]},
        },
    }
    assert es.suggest_body("prom", ANONYMOUS, 5)["suggest"]["titles"]["completion"]["contexts"] == {
        "access": ["public"]
    }


def test_more_like_this_body(settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = "pp"
    body = es.more_like_this_body("pilot", 12, ANONYMOUS, 5)
    mlt = body["query"]["bool"]["must"][0]["more_like_this"]
    assert mlt["like"] == [{"_index": "pp-pilot", "_id": "pilot-12"}]
    assert body["query"]["bool"]["filter"][0] == {"term": {"facets.type": "pilot"}}
    assert body["size"] == 5


def test_source_carries_access_contexts():
    from search.documents import DocumentData

    doc = DocumentData(
        doc_type="pilot", object_id=1, title="T", access="restricted", grants=["org:1"]
    )
    src = es.source(doc)
    assert src["suggest_access"] == ["org:1"] and src["suggest"] == {"input": ["T"]}
    compound = DocumentData(doc_type="pilot", object_id=3, title="Balansträning", access="public")
    assert es.source(compound)["parts"] == "balans träning"
    public = DocumentData(doc_type="pilot", object_id=2, title="P", access="public")
    assert es.source(public)["suggest_access"] == ["public"]


def test_a_hit_takes_its_snippet_from_the_field_that_matched():
    from search.backends.elasticsearch import ElasticsearchBackend

    raw = {
        "_score": 2.0,
        "_source": {
            "doc_type": "pilot",
            "object_id": 4,
            "title": "Simskola",
            "url": "/piloter/simskola/",
            "summary": "Simträning.",
            "key_result": "Antal deltagare: 14 personer (mål 20 personer, 2025 K2)",
        },
        "highlight": {"places": ["<mark>Umeå</mark>"]},
    }
    hit = ElasticsearchBackend._hit(raw)
    assert (hit.snippet, hit.matched_field) == ("Platser: <mark>Umeå</mark>", "places")
    assert hit.key_result.endswith("(mål 20 personer, 2025 K2)")


def test_a_taxonomy_hit_shows_each_label_once_in_the_readers_language():
    from search.backends.elasticsearch import ElasticsearchBackend

    raw = {
        "_score": 1.0,
        "_source": {
            "doc_type": "pilot",
            "object_id": 5,
            "title": "Dans på boendet",
            "url": "/piloter/dans/",
            "taxonomy": "Ensamhet och social isolering / Loneliness and social isolation\n"
            "Äldre / Older people\nÄldreomsorg / Elderly care",
        },
        # Elasticsearch marks the words in the indexed text, both languages on one line.
        "highlight": {
            "taxonomy": ["<mark>Äldre</mark> / Older people\nÄldreomsorg / Elderly care"]
        },
    }
    hit = ElasticsearchBackend._hit(raw)
    assert hit.snippet == (
        "Kategorier: Ensamhet och social isolering, <mark>Äldre</mark>, Äldreomsorg"
    )
