"""Parsing the lessons facets from a query string, shared by the page and the API."""

import re

from partners.models.reference import SkrGroup
from pilots.models import Arena, HealthArea, LessonKind, LifeStage, SystemDimension

CHOICES = {
    "kind": LessonKind,
    "dimension": SystemDimension,
    "health_area": HealthArea,
    "life_stage": LifeStage,
    "arena": Arena,
    "skr_group": SkrGroup,
}


def _code(value: str, length: int) -> str:
    return value if value.isdigit() and len(value) == length else ""


def lesson_filters(params, *, user_kommun=None) -> tuple[dict, dict]:
    """Clean facet values from `params` (a QueryDict or dict). Returns (filters, errors): an
    unknown value is dropped and reported, never a 500. `like=mine` means the user's kommun."""
    filters, errors = {}, {}
    # PostgreSQL refuses NUL in text; nothing legitimate carries one.
    params = {k: str(params.get(k) or "").replace("\x00", "") for k in params}
    filters["q"] = (params.get("q") or "").strip()[:100]
    for name, choices in CHOICES.items():
        value = params.get(name) or ""
        if value and value not in choices.values:
            errors[name] = value
            value = ""
        filters[name] = value
    for name, length in (("kommun", 4), ("lan", 2)):
        value = params.get(name) or ""
        filters[name] = _code(value, length)
        if value and not filters[name]:
            errors[name] = value
    like = params.get("like") or ""
    if like == "mine":
        like = user_kommun.code if user_kommun else ""
    filters["like"] = _code(like, 4)
    if like and not filters["like"]:
        errors["like"] = like
    like_by = params.get("like_by") or "skr"
    filters["like_by"] = like_by if like_by in ("skr", "lan") else "skr"
    practice = params.get("practice") or ""
    filters["practice"] = practice[:220] if re.fullmatch(r"[-\w]+", practice) else ""
    return filters, errors
