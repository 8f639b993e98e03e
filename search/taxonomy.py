"""The taxonomy's labels in the index and in snippets.

A document's taxonomy field holds each label in Swedish and English ("Äldre / Older people"),
so that a query in either language finds it. A reader sees each label once, in her language,
or in the other one when only that one holds the word she searched for.
"""

from collections.abc import Callable
from functools import cache

from django.utils import translation

from pilots.models import Arena, HealthArea, LifeStage

from .normalise import match_spans

TAXONOMY = {"health_area": HealthArea, "life_stage": LifeStage, "arena": Arena}


def _in_both_languages(label) -> tuple[str, str]:
    with translation.override("sv"):
        swedish = str(label)
    with translation.override("en"):
        english = str(label)
    return swedish, english


@cache
def taxonomy_label(facet: str, value: str) -> str:
    """A taxonomy value's label in Swedish and English ("Äldre / Older people"), as indexed."""
    choices = TAXONOMY[facet]
    if value not in choices.values:
        return ""
    swedish, english = _in_both_languages(choices(value).label)
    return swedish if english == swedish else f"{swedish} / {english}"


def taxonomy_text(health_area: str, life_stage: str, arena: str) -> str:
    """The searchable labels of a pilot's health area, life stage and arena, one per line."""
    values = {"health_area": health_area, "life_stage": life_stage, "arena": arena}
    return "\n".join(label for f, v in values.items() if (label := taxonomy_label(f, v)))


@cache
def _languages_of() -> dict[str, tuple[str, str]]:
    """Each indexed label (as taxonomy_label writes it) → (Swedish, English)."""
    return {
        taxonomy_label(facet, value): _in_both_languages(label)
        for facet, choices in TAXONOMY.items()
        for value, label in choices.choices
    }


def readable_labels(text: str, match: Callable[[str], bool] | None) -> str:
    """The labels of an indexed taxonomy field, comma-separated, each in the reader's
    language, or in the other language when only that one matches the query."""
    english_reader = (translation.get_language() or "sv").startswith("en")
    shown = []
    for line in filter(None, text.split("\n")):
        swedish, english = _languages_of().get(line, (line, line))
        own, other = (english, swedish) if english_reader else (swedish, english)
        matches_other = match_spans(other, match) and not match_spans(own, match)
        shown.append(other if matches_other else own)
    return ", ".join(dict.fromkeys(shown))
