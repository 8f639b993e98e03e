"""PostgreSQL: the tsvector of search/backends/textindex.py (the analysis of search/analysis.py,
weighted by field), matched with a tsquery built from the same query plan, ranked by ts_rank,
and pg_trgm word similarity for suggestions."""

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length

from ...models import SearchDocument
from ...plan import MIN_PREFIX, Plan

DOC_TABLE = SearchDocument._meta.db_table
WEIGHTS = "{0.05, 0.2, 0.5, 1.0}"  # D, C, B, A: title and taxonomy above summary above body


def _sequence(tokens, mark="") -> str:
    if len(tokens) == 1:
        token = f"'{mark}{tokens[0]}'"
        return f"({token} | {token}:*)" if len(tokens[0]) >= MIN_PREFIX else token
    return "(" + " <-> ".join(f"'{mark}{t}'" for t in tokens) + ")"


def _group(group) -> str:
    alternatives = [_sequence(s) for s in group.exact]
    alternatives += [_sequence(s, mark="~") for s in group.folded]
    return "(" + " | ".join(alternatives) + ")"


def tsquery(plan: Plan) -> str:
    """A tsquery literal: groups AND-ed (OR-ed for more-like-this), each an OR of its exact
    alternatives and their folded (`~`) forms, '-word' negated. Tokens are letters and digits
    only, so quoting them is enough."""
    expr = (" | " if plan.any_ else " & ").join(_group(g) for g in plan.groups)
    if expr and plan.exclude:
        expr = f"({expr}) & !({' | '.join(_group(g) for g in plan.exclude)})"
    return expr


def exact_tsquery(plan: Plan) -> str:
    """Any of the exact tokens or phrases, no prefixes, no folding (see sqlite.py)."""
    sequences = [s for g in plan.groups for s in g.exact]
    return " | ".join("(" + " <-> ".join(f"'{t}'" for t in s) + ")" for s in sequences)


def match(qs, plan: Plan):
    """(documents matching the plan, their rank expression: ts_rank of the plan plus twice
    the ts_rank of its exact forms)."""
    query = tsquery(plan)
    if not query:
        return qs.none(), None
    vector = f'"{DOC_TABLE}"."search_vector"'
    matches = RawSQL(f"{vector} @@ %s::tsquery", [query], output_field=BooleanField())
    rank = RawSQL(
        f"(ts_rank('{WEIGHTS}', {vector}, %s::tsquery) "
        f"+ 2 * ts_rank('{WEIGHTS}', {vector}, %s::tsquery))",
        [query, exact_tsquery(plan)],
        output_field=FloatField(),
    )
    return qs.filter(matches), rank


def suggest(qs, text: str, limit: int):
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


def tagged(concepts) -> RawSQL:
    """How many of the concept keys ("life_stage:aldre", "kommun:2480") a document carries, read
    from the row's own `facets` (the same values its SearchKey rows hold), so ranking the
    candidates needs no lookup per candidate."""
    pairs = [key.partition(":") for key in concepts]
    column = f'"{DOC_TABLE}"."facets"'
    terms = " + ".join(f"(jsonb_exists({column} -> %s, %s) IS TRUE)::int" for _pair in pairs)
    params = [value for facet, _sep, value in pairs for value in (facet, value)]
    return RawSQL(f"({terms})", params, output_field=IntegerField())


NEWEST = "published_at DESC NULLS LAST, id DESC"
REPLICATED = "replication_count DESC, id DESC"


def one_pass(filtered, rank, concepts, query, cap: int, count_facets: bool):
    """The candidates, their ranking and their facet counts in one statement: at most cap + 1
    documents of `filtered` in index order (most replicated first for that sort, else newest
    first; the read stops there however many match), each ranked as it is read (the rank and
    the concepts it carries computed on the row already fetched, not fetched again by id),
    the requested page of the first `cap` in the query's order, and (if `count_facets`) their
    facet values counted by joining their SearchKey rows. Returns (number of candidates read,
    [(id, rank)] of the page in order, {facet key: count})."""
    from django.db import connection

    from ...models import SearchKey

    ranked = rank is not None
    inner = filtered.annotate(
        rank=rank if ranked else Cast(Value(None), FloatField()),
        tagged=tagged(concepts) if concepts else Value(0, output_field=IntegerField()),
    )
    candidate_order = (
        ["-replication_count", "-id"]
        if query.sort == "most_replicated"
        else [F("published_at").desc(nulls_last=True), "-id"]
    )
    inner = inner.order_by(*candidate_order).values_list(
        "pk", "rank", "tagged", "published_at", "replication_count"
    )[: cap + 1]
    inner_sql, params = inner.query.sql_with_params()
    relevance = (["tagged DESC"] if concepts else []) + (["rank DESC NULLS LAST"] if ranked else [])
    if query.sort == "newest":
        page_order = NEWEST
    elif query.sort == "most_replicated":
        page_order = ", ".join(["replication_count DESC", *relevance, NEWEST])
    else:
        page_order = ", ".join([*relevance, NEWEST])
    parts = [
        "SELECT 0, NULL, NULL, count(*)::float8 FROM cand",
        f"(SELECT 1, hits.id::text, row_number() OVER (ORDER BY {page_order}) AS position, "
        "rank FROM hits ORDER BY position LIMIT %s OFFSET %s)",
    ]
    params = [*params, query.page_size, query.offset]
    if count_facets:
        parts.append(
            f"SELECT 2, k.key, NULL, count(*)::float8 FROM {SearchKey._meta.db_table} k "
            "JOIN hits ON k.document_id = hits.id WHERE k.key NOT LIKE 'grant:%%' GROUP BY k.key"
        )
    sql = (
        "WITH cand (id, rank, tagged, published_at, replication_count) AS MATERIALIZED "
        f"({inner_sql}), hits AS MATERIALIZED (SELECT * FROM cand LIMIT {int(cap)}) "
        + " UNION ALL ".join(parts)
    )
    total, page, counts = 0, [], {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for part, key, position, value in cursor.fetchall():
            if part == 0:
                total = int(value)
            elif part == 1:
                page.append((position, int(key), value))
            else:
                counts[key] = int(value)
    return total, [(pk, value) for _position, pk, value in sorted(page)], counts
