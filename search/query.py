"""The one query interface: `SearchQuery` in, `SearchResults` out, whatever the backend.

`run_search(query, user)` and `run_suggest(text, user)` pick the backend from settings
(database unless ELASTICSEARCH_URL is set). `SearchQuery.from_params()` parses a query string
(page or API) and collects field errors instead of failing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, TypeVar

from django.utils.translation import gettext_lazy as _

from .facets import FACETS
from .normalise import words

T = TypeVar("T")

SORTS = {
    "relevance": _("Relevans"),
    "newest": _("Nyast"),
    "most_replicated": _("Mest spridda"),
}
MAX_TEXT = 200
MAX_TERMS = 12
MAX_PAGE_SIZE = 100
MAX_PAGE = 1000
MAX_VALUES = 20


class FacetValue(NamedTuple):
    value: str
    label: str
    count: int


class Suggestion(NamedTuple):
    title: str
    url: str
    doc_type: str


@dataclass
class Hit:
    doc_type: str
    object_id: int
    title: str
    url: str
    title_html: str = ""
    snippet: str = ""
    published_at: datetime | None = None
    replication_count: int = 0
    facets: dict[str, list[str]] = field(default_factory=dict)
    score: float | None = None
    key_result: str = ""
    matched_field: str = ""
    origin: str = ""  # a lesson's pilot (its title): many pilots learn the same lesson

    def __post_init__(self):
        # Stored language-neutral; worded here, in the language of the request.
        from .results import key_result_text

        self.key_result = key_result_text(self.key_result)

    @staticmethod
    def origin_of(doc_type: str, body: str) -> str:
        """The pilot a lesson comes from: the first line of a lesson document's body
        (search.documents.lesson_documents puts the pilot's title there)."""
        return (body or "").partition("\n")[0] if doc_type == "lesson" else ""

    @property
    def type_label(self):
        from .models import DocType

        return DocType(self.doc_type).label if self.doc_type in DocType.values else self.doc_type


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    highlight: bool = True
    match_any: bool = False  # OR the words (more like this) instead of AND

    def __post_init__(self):
        self.text = (self.text or "").replace("\x00", "")[:MAX_TEXT]
        self.filters = {
            facet: sorted({str(v).replace("\x00", "")[:60] for v in values if v})[:MAX_VALUES]
            for facet, values in (self.filters or {}).items()
            if facet in FACETS and values
        }
        self.filters = {k: v for k, v in self.filters.items() if v}

    @property
    def terms(self) -> tuple[list[str], list[str]]:
        """(words to find, words to exclude): '-word' excludes; at most MAX_TERMS words."""
        include, exclude = [], []
        for chunk in self.text.split():
            target = exclude if chunk.startswith("-") and len(chunk) > 1 else include
            target.extend(w.lower() for w in words(chunk))
        include = list(dict.fromkeys(include))[:MAX_TERMS]
        exclude = [w for w in dict.fromkeys(exclude) if w not in include][:MAX_TERMS]
        return include, exclude

    @property
    def has_text(self) -> bool:
        return bool(self.terms[0])

    def plan(self):
        """What the text means (search/plan.py): groups, synonyms, exclusions, concepts."""
        from .plan import make_plan

        if not hasattr(self, "_plan"):
            self._plan = make_plan(self.text, any_=self.match_any)
        return self._plan

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @classmethod
    def from_params(cls, params, *, default_page_size: int = 20):
        """Parse q, one or more values per facet, sort, page, page_size, highlight.
        Returns (query, errors): errors maps a parameter to a message; the query then uses
        the default for that parameter, so a page can still show something useful."""
        errors = {}
        filters = {facet: params.getlist(facet) for facet in FACETS if facet in params}
        sort = params.get("sort") or "relevance"
        if sort not in SORTS:
            errors["sort"] = _("Okänd sortering. Välj relevance, newest eller most_replicated.")
            sort = "relevance"
        page = _int(params.get("page"), 1, 1, MAX_PAGE, "page", errors)
        page_size = _int(
            params.get("page_size"), default_page_size, 1, MAX_PAGE_SIZE, "page_size", errors
        )
        highlight = (params.get("highlight") or "true").lower() not in ("0", "false", "no", "nej")
        query = cls(
            text=params.get("q") or "",
            filters=filters,
            sort=sort,
            page=page,
            page_size=page_size,
            highlight=highlight,
        )
        return query, errors


def _int(raw, default, low, high, name, errors):
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        errors[name] = _("Ange ett heltal.")
        return default
    if not low <= value <= high:
        errors[name] = _("Ange ett tal från %(low)s till %(high)s.") % {"low": low, "high": high}
        return min(max(value, low), high)
    return value


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    suggestions: list[Suggestion] = field(default_factory=list)
    # True when the search stopped counting: `total` is then a lower bound ("more than …") and
    # the facet counts are those of the first `total` hits.
    total_is_estimate: bool = False
    # "Menade du: äldre?": the query with words corrected from the index's vocabulary.
    did_you_mean: str = ""
    # True when the typed query found nothing and these are the hits of `did_you_mean`.
    showing_corrected: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.query.page_size))

    @property
    def has_next(self) -> bool:
        return self.query.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1


def run_search(query: SearchQuery, user) -> SearchResults:
    """Search with the configured backend; only what `user` may see, in hits, facets and
    suggestions. The same on every backend: "Menade du" from the vocabulary (one query); when
    the words found nothing and a correction exists, the corrected search's hits instead; title
    suggestions only when there is still nothing to show.

    On the database backend the whole answer is also kept in the cache, per query, access and
    language, until the index, the synonyms or the place names change (`results_key`): a
    repeated search (the next page's "back", a shared link, a popular word) reads no rows."""
    from core import caching

    from .backends import get_backend

    backend = get_backend()
    if backend.name != "database":
        return _run_search(backend, query, user)
    return caching.cached(
        caching.SEARCH_INDEX, results_key(query, user), lambda: _run_search(backend, query, user)
    )


def cached_answer(query: SearchQuery, user, kind: str, render: Callable[[SearchResults], T]) -> T:
    """`render(run_search(query, user))`, kept like the results themselves (per query, access,
    language and index version, on the database backend only) under its own `kind`: the search
    API keeps its encoded JSON so a repeated search is neither serialised nor encoded again."""
    from core import caching

    from .backends import get_backend

    if get_backend().name != "database":
        return render(run_search(query, user))
    return caching.cached(
        caching.SEARCH_INDEX,
        f"{kind}:{results_key(query, user)}",
        lambda: render(run_search(query, user)),
    )


def results_key(query: SearchQuery, user) -> str:
    """What a search's answer depends on besides the index (whose version the cache namespace
    carries): the query, what the user may see, the language of labels and key results, and
    the versions of the synonyms and of the place names (concepts, facet labels)."""
    from django.utils import translation

    from core import caching

    from .plan import SYNONYMS_CACHE
    from .rules import user_access

    access = user_access(user)
    who = "all" if access.everything else f"{access.partnership}:{','.join(access.grants)}"
    filters = sorted((facet, tuple(values)) for facet, values in query.filters.items())
    wording = (translation.get_language(), caching.version(SYNONYMS_CACHE))
    shape = (query.text, filters, query.sort, query.page, query.page_size)
    return repr(
        (
            "results",
            who,
            wording,
            caching.version(caching.AREA_NAMES),
            shape,
            query.highlight,
            query.match_any,
        )
    )


def _run_search(backend, query: SearchQuery, user) -> SearchResults:
    from dataclasses import replace

    from .spelling import did_you_mean

    results = backend.search(query, user)
    if not query.has_text:
        return results
    results.did_you_mean = did_you_mean(query.text, found_nothing=not results.total)
    if results.did_you_mean and not results.total:
        corrected = backend.search(replace(query, text=results.did_you_mean), user)
        if corrected.total:
            corrected.query = query
            corrected.did_you_mean = results.did_you_mean
            corrected.showing_corrected = True
            return corrected
    if not results.total:
        results.suggestions = backend.suggest(query.text, user, limit=5)
    return results


def run_suggest(text: str, user, limit: int = 8) -> list[Suggestion]:
    """Titles the user may see that start with or resemble `text` (as-you-type)."""
    from .backends import get_backend

    return get_backend().suggest(text, user, limit=limit)
