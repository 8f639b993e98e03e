"""SQLite's fallback: an FTS5 table (migration 0002) holding normalised text, queried with
stem prefixes and ranked by bm25 with the same weights' order as PostgreSQL."""

from django.db.models import Case, IntegerField, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from ...models import SearchDocument
from ...normalise import prefix
from ..store import FTS_TABLE

DOC_TABLE = SearchDocument._meta.db_table


def _terms(words, column=""):
    stems = [prefix(w) for w in words]
    return [f'{column}"{s}"*' for s in dict.fromkeys(stems) if s]


def fts_expression(include, exclude=(), any_=False, column="") -> str:
    """An FTS5 MATCH expression; stems are letters and digits only, quoted as strings."""
    expr = (" OR " if any_ else " AND ").join(_terms(include, column))
    negated = _terms(exclude)
    if expr and negated:
        expr = f"({expr}) NOT ({' OR '.join(negated)})"
    return expr


def match(qs, include, exclude, any_=False):
    expr = fts_expression(include, exclude, any_)
    if not expr:
        return qs.none(), None
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expr])
    rank = RawSQL(
        f"(SELECT -bm25({FTS_TABLE}, 10.0, 4.0, 1.0) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND rowid = {DOC_TABLE}.id)",
        [expr],
    )
    return qs.filter(pk__in=ids), rank


def suggest(qs, text: str, include, limit: int):
    expr = fts_expression(include, column="title : ")
    if not expr:
        return []
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expr])
    return (
        qs.filter(pk__in=ids)
        .annotate(
            starts=Case(
                When(title__istartswith=text[:60], then=0), default=1, output_field=IntegerField()
            )
        )
        .order_by("starts", Length("title"), "title")
        .values_list("title", "url", "doc_type")[:limit]
    )
