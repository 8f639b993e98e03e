"""PostgreSQL full-text pieces: tsquery with prefix matching in the configured text search
configuration (`swedish`), ts_rank over the weighted vector, ts_headline, trigram suggestions."""

from django.conf import settings
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat, Length

from ...models import SearchDocument
from ...normalise import SENTINELS, marked_to_html

WEIGHTS = [0.1, 0.2, 0.4, 1.0]  # D, C, B, A: title above summary above body


def tsquery(include, exclude=(), any_=False) -> str:
    """A raw tsquery: each word a prefix (so "fetma" finds "fetman"), AND-ed (OR-ed for
    more-like-this), '-word' negated. Words are letters and digits only, so no escaping is
    needed; to_tsquery stems each one with the configuration and drops stop words."""
    suffix = "" if any_ else ":*"
    expr = (" | " if any_ else " & ").join(f"'{w}'{suffix}" for w in include)
    if exclude:
        expr = f"({expr})" + "".join(f" & !'{w}'" for w in exclude)
    return expr


def _query(include, exclude=(), any_=False) -> SearchQuery:
    return SearchQuery(
        tsquery(include, exclude, any_), search_type="raw", config=settings.POSTGRES_SEARCH_CONFIG
    )


def match(qs, include, exclude, any_=False):
    """(documents matching the words, their rank expression)."""
    query = _query(include, exclude, any_)
    return qs.filter(search_vector=query), SearchRank(F("search_vector"), query, weights=WEIGHTS)


def headlines(ids, include) -> dict[int, tuple[str, str]]:
    """ts_headline of title and text for one page of hits: HTML, only the matches unescaped.
    The matches are first wrapped in private-use sentinels, then the text is escaped."""
    config = settings.POSTGRES_SEARCH_CONFIG
    query = _query(include)
    marks = {"start_sel": SENTINELS[0], "stop_sel": SENTINELS[1], "config": config}
    rows = (
        SearchDocument.objects.filter(pk__in=ids)
        .annotate(
            title_hl=SearchHeadline("title", query, highlight_all=True, **marks),
            text_hl=SearchHeadline(
                Concat("summary", Value("\n"), "body", output_field=TextField()),
                query,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        .values_list("pk", "title_hl", "text_hl")
    )
    return {pk: (marked_to_html(t), marked_to_html(s)) for pk, t, s in rows}


def suggest(qs, text: str, include, limit: int):
    """Titles resembling what was typed (pg_trgm word similarity, index-assisted) or
    containing it; titles starting with it first. The lookup is used directly because
    django.contrib.postgres is not an installed app (its lookups are not registered)."""
    text = text[:60]
    return (
        qs.filter(Q(TrigramWordSimilar(F("title"), Value(text))) | Q(title__icontains=text))
        .annotate(
            starts=Case(
                When(title__istartswith=text, then=0), default=1, output_field=IntegerField()
            ),
            similarity=TrigramWordSimilarity(text, "title"),
        )
        .order_by("starts", "-similarity", Length("title"), "title")
        .values_list("title", "url", "doc_type")[:limit]
    )
