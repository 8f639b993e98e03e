"""Reads for search pages and other apps' pages: everything filtered to what the user may see."""

from collections.abc import Callable
from typing import TypeVar

from .backends import get_backend
from .models import DocType
from .query import (
    Hit,
    SearchQuery,
    SearchResults,
    Suggestion,
    cached_answer,
    run_search,
    run_suggest,
)


def search(*, query: SearchQuery, user) -> SearchResults:
    """Hits, facet counts and suggestions among what the user may see."""
    return run_search(query, user)


T = TypeVar("T")


def search_answer(
    *, query: SearchQuery, user, kind: str, render: Callable[[SearchResults], T]
) -> T:
    """`render` of `search`'s results, cached with them: what an interface sends (the API's
    encoded JSON), so a repeated search costs one cache read."""
    return cached_answer(query, user, kind, render)


def suggestions(*, text: str, user, limit: int = 8) -> list[Suggestion]:
    """As-you-type suggestions among what the user may see."""
    return run_suggest(text, user, limit=limit)


def similar_pilots(pilot, user, n: int = 5) -> list[Hit]:
    """ "Liknande piloter": pilots the user may see that resemble this one (more like this)."""
    return get_backend().similar(DocType.PILOT, pilot.pk, user, n=n)
