"""The search page (/sok/) and as-you-type suggestions (/sok/forslag/)."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from . import selectors
from .facets import FACETS
from .query import SORTS, SearchQuery


def _link(params: dict[str, list[str]], **changes) -> str:
    merged = {k: list(v) for k, v in params.items()}
    for key, value in changes.items():
        merged[key] = value
    merged.pop("page", None) if "page" not in changes else None
    return "?" + urlencode([(k, v) for k, vs in merged.items() for v in vs if v])


def _facet_groups(results, params):
    groups = []
    for facet, label in FACETS.items():
        chosen = set(results.query.filters.get(facet, []))
        values = []
        for value in results.facets.get(facet, []):
            selected = value.value in chosen
            others = [v for v in chosen if v != value.value]
            values.append(
                {
                    "value": value.value,
                    "label": value.label,
                    "count": value.count,
                    "selected": selected,
                    "url": _link(params, **{facet: others if selected else [*chosen, value.value]}),
                }
            )
        if values:
            groups.append({"name": facet, "label": label, "values": values, "open": bool(chosen)})
    return groups


@require_GET
def search_page(request):
    """Parse → search (what the user may see) → render. Bad parameters fall back to defaults
    with a note; an empty query browses everything with facets. The page's body is HTML kept
    with the results (selectors.search_answer: per query, access, language and index version)
    and the parameters its links carry, so a repeated search renders only the frame."""
    query, errors = SearchQuery.from_params(request.GET)
    params = {k: request.GET.getlist(k) for k in request.GET if k in (*FACETS, "q", "sort")}

    def body(results) -> str:
        return render_to_string(
            "search/_results_body.html",
            {
                "query": query,
                "results": results,
                "errors": errors,
                "facet_groups": _facet_groups(results, params),
                "sorts": [
                    {"value": k, "label": v, "selected": k == query.sort} for k, v in SORTS.items()
                ],
                "filters": [(f, v) for f, vs in query.filters.items() for v in vs],
                "hidden_filters": [(f, v) for f, vs in query.filters.items() for v in vs],
                "prev_url": _link(params, page=[str(query.page - 1)]),
                "next_url": _link(params, page=[str(query.page + 1)]),
                "clear_url": _link({"q": [query.text]} if query.text else {}),
            },
        )

    # The links keep the parameters as given (a bad value too); the notes follow from the values
    # given for the fields they name.
    wrong = sorted((name, request.GET.getlist(name)) for name in errors)
    kind = repr(("page", sorted(params.items()), wrong))
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "body": selectors.search_answer(query=query, user=request.user, kind=kind, render=body),
        },
    )


@require_GET
def suggest(request):
    """JSON suggestions for the header box: [{title, url, type}]."""
    text = (request.GET.get("q") or "")[:100]
    items = selectors.suggestions(text=text, user=request.user, limit=8)
    return JsonResponse(
        {"suggestions": [{"title": s.title, "url": s.url, "type": s.doc_type} for s in items]}
    )
