"""PostgreSQL: the tsvector of search/backends/textindex.py (the analysis of search/analysis.py,
weighted by field), matched with a tsquery built from the same query plan, ranked by ts_rank,
and pg_trgm word similarity for suggestions."""

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import BooleanField, Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length

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
