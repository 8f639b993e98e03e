"""The Elasticsearch backend (ELASTICSEARCH_URL set). The SearchDocument table stays the
source of truth (the database backend writes it); this backend mirrors it into one index per
type behind an alias and answers searches, suggestions and more-like-this from Elasticsearch.

A rebuild writes into new concrete indices and then moves the aliases in one atomic
`update_aliases` call, so search stays up. If the cluster cannot be reached, searches fall
back to the database (logged), which is always up to date.
"""

import contextlib
import logging
import re
import time
from html import escape, unescape

from elasticsearch import Elasticsearch, NotFoundError, TransportError
from elasticsearch import exceptions as es_exceptions
from elasticsearch.helpers import bulk

from ..facets import FACET_SIZE, FACETS, labeller, sort_values
from ..models import DocType, SearchDocument
from ..normalise import highlight
from ..query import FacetValue, Hit, SearchQuery, SearchResults, Suggestion
from ..rules import user_access
from ..taxonomy import readable_labels
from . import es_documents as es
from . import store
from .database import SNIPPET_FIELDS, DatabaseBackend

logger = logging.getLogger(__name__)
UNAVAILABLE = (es_exceptions.ConnectionError, es_exceptions.ConnectionTimeout, TransportError)
MARKED = re.compile(r"<mark>(.*?)</mark>")


def _readable_taxonomy(text: str, fragments: list[str]) -> str:
    """The taxonomy labels in the reader's language (search.taxonomy.readable_labels), the
    words Elasticsearch marked in the indexed labels marked again."""
    marked = {unescape(word).casefold() for f in fragments for word in MARKED.findall(f)}

    def match(word: str) -> bool:
        return word.casefold() in marked

    return highlight(readable_labels(text, match), match)


class ElasticsearchBackend(DatabaseBackend):
    name = "elasticsearch"

    def __init__(self, url: str):
        self.url = url
        self._client = None

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            self._client = Elasticsearch(self.url, request_timeout=10)
        return self._client

    # --- indexing --------------------------------------------------------------------------

    def _ensure_indices(self) -> None:
        for doc_type in DocType.values:
            if not self.client.indices.exists_alias(name=es.alias(doc_type)):
                name = f"{es.alias(doc_type)}-{time.time_ns()}"
                es.index_definition(doc_type, name).create(using=self.client)
                self.client.indices.put_alias(index=name, name=es.alias(doc_type))

    def _bulk(self, actions) -> None:
        bulk(self.client, actions, refresh=False, raise_on_error=True)

    def index(self, docs, *, force: bool = False) -> None:
        store.store_documents(docs, force=force)
        self._ensure_indices()
        self._bulk(
            {
                "_op_type": "index",
                "_index": es.alias(d.doc_type),
                "_id": es.doc_id(d.doc_type, d.object_id),
                "_source": es.source(d),
            }
            for d in docs
        )

    def delete(self, doc_type: str, object_ids) -> None:
        store.delete_documents(doc_type, object_ids)
        for object_id in object_ids:
            with contextlib.suppress(NotFoundError):
                self.client.delete(index=es.alias(doc_type), id=es.doc_id(doc_type, object_id))

    def start_rebuild(self) -> dict[str, str]:
        """Create a new concrete index per type; the aliases still point at the old ones."""
        stamp = time.time_ns()
        state = {}
        for doc_type in DocType.values:
            name = f"{es.alias(doc_type)}-{stamp}"
            es.index_definition(doc_type, name).create(using=self.client)
            state[doc_type] = name
        return state

    def index_into(self, state: dict[str, str], docs, *, force: bool = False) -> None:
        store.store_documents(docs, force=force)
        self._bulk(
            {
                "_op_type": "index",
                "_index": state[d.doc_type],
                "_id": es.doc_id(d.doc_type, d.object_id),
                "_source": es.source(d),
            }
            for d in docs
        )

    def finish_rebuild(self, state, seen, vocabulary=None) -> None:
        """Remove stale rows, then swap every alias to its new index atomically and drop the
        old indices."""
        super().finish_rebuild(None, seen, vocabulary=vocabulary)
        self.client.indices.refresh(index=",".join(state.values()))
        actions, old = [], []
        for doc_type, name in state.items():
            try:
                current = list(self.client.indices.get_alias(name=es.alias(doc_type)))
            except NotFoundError:
                current = []
            old += current
            actions += [{"remove": {"index": i, "alias": es.alias(doc_type)}} for i in current]
            actions.append({"add": {"index": name, "alias": es.alias(doc_type)}})
        self.client.indices.update_aliases(actions=actions)
        for name in old:
            self.client.indices.delete(index=name, ignore_unavailable=True)

    def clear(self) -> None:
        super().clear()
        for doc_type in DocType.values:
            self.client.options(ignore_status=404).indices.delete(index=f"{es.alias(doc_type)}-*")

    def refresh(self) -> None:
        self.client.indices.refresh(index=",".join(es.all_aliases()))

    # --- reading ---------------------------------------------------------------------------

    def search(self, query: SearchQuery, user) -> SearchResults:
        access = user_access(user)
        try:
            response = self.client.search(
                index=",".join(es.all_aliases()),
                body=es.search_body(query, access),
                ignore_unavailable=True,
            )
        except UNAVAILABLE:
            logger.exception("Elasticsearch unavailable; searching the database instead")
            return super().search(query, user)
        hits = [self._hit(h) for h in response["hits"]["hits"]]
        counts = {
            facet: {
                b["key"] if isinstance(b["key"], str) else str(b["key"]): b["doc_count"]
                for b in response.get("aggregations", {})
                .get(facet, {})
                .get("values", {})
                .get("buckets", [])
            }
            for facet in FACETS
        }
        label = labeller(counts)
        facets = {
            facet: [
                FacetValue(v, label(facet, v), n)
                for v, n in sort_values(facet, list(values.items()))[:FACET_SIZE]
            ]
            for facet, values in counts.items()
        }
        # "Menade du" and title suggestions are added by run_search, the same for every backend.
        return SearchResults(query, hits, response["hits"]["total"]["value"], facets)

    @staticmethod
    def _hit(raw) -> Hit:
        src, hl = raw["_source"], raw.get("highlight", {})
        # The snippet from the first field that matched, as the database backend does.
        field = next((f for f in SNIPPET_FIELDS if hl.get(f)), "")
        snippet = " … ".join(hl.get(field, []))
        if field == "taxonomy":
            snippet = _readable_taxonomy(src.get("taxonomy") or "", hl[field])
        if field and SNIPPET_FIELDS[field]:
            snippet = f"{SNIPPET_FIELDS[field]}: {snippet}"
        return Hit(
            doc_type=src["doc_type"],
            object_id=src["object_id"],
            title=src["title"],
            url=src["url"],
            title_html=(hl.get("title") or [escape(src["title"])])[0],
            snippet=snippet or escape((src.get("summary") or "")[:240]),
            published_at=src.get("published_at"),
            replication_count=src.get("replication_count", 0),
            facets=src.get("facets", {}),
            score=raw.get("_score"),
            key_result=src.get("key_result", ""),
            matched_field=field,
            origin=Hit.origin_of(src["doc_type"], src.get("body", "")),
        )

    def suggest(self, text: str, user, limit: int = 8) -> list[Suggestion]:
        if not SearchQuery(text=text).has_text:
            return []
        try:
            response = self.client.search(
                index=",".join(es.all_aliases()),
                body=es.suggest_body(text.strip(), user_access(user), limit),
                ignore_unavailable=True,
            )
        except UNAVAILABLE:
            return super().suggest(text, user, limit)
        options = response.get("suggest", {}).get("titles", [{}])[0].get("options", [])
        return [
            Suggestion(o["_source"]["title"], o["_source"]["url"], o["_source"]["doc_type"])
            for o in options
        ]

    def similar(self, doc_type: str, object_id: int, user, n: int = 5) -> list[Hit]:
        if not SearchDocument.objects.filter(doc_type=doc_type, object_id=object_id).exists():
            return []
        try:
            response = self.client.search(
                index=es.alias(doc_type),
                body=es.more_like_this_body(doc_type, object_id, user_access(user), n),
            )
        except UNAVAILABLE:
            return super().similar(doc_type, object_id, user, n)
        return [self._hit(h) for h in response["hits"]["hits"]]
