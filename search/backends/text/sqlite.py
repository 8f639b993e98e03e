"""SQLite: an FTS5 table (migration 0004) holding the analysed columns of search/analysis.py,
matched with a query plan (search/plan.py) and ranked by bm25 with per-column weights."""

from django.db.models import Case, IntegerField, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

from ...models import SearchDocument
from ...plan import MIN_PREFIX, Plan, make_plan
from ..textindex import FTS_COLUMNS, FTS_TABLE

DOC_TABLE = SearchDocument._meta.db_table
# FTS_COLUMNS order: title, summary, body, taxonomy, places, organisations, parts, folded.
WEIGHTS = {
    "title": 10.0,
    "summary": 4.0,
    "body": 1.5,
    "taxonomy": 8.0,
    "places": 6.0,
    "organisations": 0.5,
    "parts": 1.0,
    "folded": 0.3,
}
TOPIC = "{" + " ".join(c for c in FTS_COLUMNS if c != "folded") + "}"


def _sequence(tokens, min_prefix=MIN_PREFIX) -> str:
    """One alternative: a token (exact, or also as a prefix when long enough) or a phrase."""
    if len(tokens) == 1:
        token = tokens[0]
        return f'"{token}" OR "{token}"*' if len(token) >= min_prefix else f'"{token}"'
    return '"' + " ".join(tokens) + '"'


def _group(group, columns=TOPIC, min_prefix=MIN_PREFIX) -> str:
    exact = " OR ".join(f"({_sequence(s, min_prefix)})" for s in group.exact)
    folded = " OR ".join(f"({_sequence(s, min_prefix)})" for s in group.folded)
    parts = [f"{columns} : ({exact})"]
    if folded:
        parts.append(f"folded : ({folded})")
    return "(" + " OR ".join(parts) + ")"


def fts_expression(plan: Plan, columns=TOPIC, min_prefix=MIN_PREFIX) -> str:
    """An FTS5 MATCH expression; tokens are letters and digits only, quoted as strings."""
    expr = (" OR " if plan.any_ else " AND ").join(
        _group(g, columns, min_prefix) for g in plan.groups
    )
    if expr and plan.exclude:
        expr = f"({expr}) NOT ({' OR '.join(_group(g) for g in plan.exclude)})"
    return expr


def exact_expression(plan: Plan) -> str:
    """Any of the exact tokens or phrases, no prefixes, no folding: ranks "prevention" (the
    word, or a compound part) above "preventionsforskning" (a longer word it starts)."""
    sequences = [s for g in plan.groups for s in g.exact]
    return f"{TOPIC} : (" + " OR ".join('"' + " ".join(s) + '"' for s in sequences) + ")"


def match(qs, plan: Plan):
    """(documents matching the plan, their rank expression: bm25 of the plan plus twice the
    bm25 of its exact forms)."""
    expr = fts_expression(plan)
    if not expr:
        return qs.none(), None
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expr])
    weights = ", ".join(str(WEIGHTS[c]) for c in FTS_COLUMNS)
    score = (
        f"(SELECT -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "
        f"WHERE {FTS_TABLE} MATCH %s AND rowid = {DOC_TABLE}.id)"
    )
    rank = RawSQL(f"({score} + 2 * COALESCE({score}, 0))", [expr, exact_expression(plan)])
    return qs.filter(pk__in=ids), rank


def suggest(qs, text: str, limit: int):
    """Titles whose words start with what was typed (exact or without å/ä/ö)."""
    plan = make_plan(text)
    expr = fts_expression(plan, columns="title", min_prefix=1)
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
