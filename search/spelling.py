"""'Menade du …?' from the index's own vocabulary (SearchTerm: the words of public documents), the
same on every backend: a word typed without å, ä or ö that the vocabulary has with them
("aldre" → "äldre"), and, when a search finds nothing, the likeliest correction of a
misspelt word (at most two edits, the more common word first). One query whatever was
found; public words only, so a suggestion never reveals what the searcher may not see.
"""

from django.db.models import Case, Q, Value, When
from django.db.models.functions import Length

from .analysis import STOPWORDS, fold, words
from .models import SearchTerm

MAX_CANDIDATES = 5000


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (adjacent swaps count one), or limit + 1 when larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and previous2 is not None:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _query_words(text: str) -> list[str]:
    found = []
    for chunk in (text or "").split():
        if chunk.startswith("-"):
            continue
        found += [w for w in words(chunk) if w not in STOPWORDS and not w.isdigit()]
    return list(dict.fromkeys(found))[:12]


def did_you_mean(text: str, *, found_nothing: bool) -> str:
    """The query with its words corrected, or "" when nothing needs correcting. One query:
    the typed words and their folded forms, and, when the search found nothing, the likeliest
    corrections of the unknown words among the commonest words of similar length."""
    typed = _query_words(text)
    if not typed:
        return ""
    lookup = Q(word__in=typed) | Q(folded__in=[fold(w) for w in typed])
    guessable = [w for w in typed if len(w) >= 4] if found_nothing else []
    terms = SearchTerm.objects.annotate(
        length=Length("word"),
        typed=Case(When(lookup, then=Value(True)), default=Value(False)),
    )
    if guessable:
        starts = Q()
        for w in guessable:
            starts |= Q(folded__startswith=fold(w)[0])
        lengths = [len(w) for w in guessable]
        near = starts & Q(length__gte=min(lengths) - 2, length__lte=max(lengths) + 2)
        # The rows of the typed words come first, so the limit only ever cuts candidates.
        terms = terms.filter(lookup | near).order_by("-typed", "-documents", "word")
        terms = terms[: MAX_CANDIDATES + 2 * len(typed)]
    else:
        terms = terms.filter(lookup)
    rows = list(terms.values_list("word", "folded", "documents", "typed"))
    looked_up = [(word, folded, n) for word, folded, n, is_typed in rows if is_typed]
    known = {word: n for word, _f, n in looked_up}
    best_folded: dict[str, tuple[int, str]] = {}
    for word, folded, n in looked_up:
        if (n, word) > best_folded.get(folded, (0, "")):
            best_folded[folded] = (n, word)
    corrected = {}
    for w in typed:
        alternative = best_folded.get(fold(w))
        # The form with å, ä or ö when it is commoner than what was typed ("aldre" → "äldre").
        if len(w) >= 3 and alternative and alternative[1] != w and alternative[0] > known.get(w, 0):
            corrected[w] = alternative[1]
    unknown = [w for w in guessable if w not in known and w not in corrected]
    if unknown:
        candidates = [(word, n) for word, _f, n, _t in rows]
        corrected.update(_fuzzy(unknown, candidates))
    if not corrected:
        return ""
    return " ".join(corrected.get(w, w) for w in typed)


def _fuzzy(unknown: list[str], candidates: list[tuple[str, int]]) -> dict[str, str]:
    """The closest (then commonest) candidate within one or two edits of each unknown word."""
    found = {}
    for w in unknown:
        limit = 1 if len(w) < 6 else 2
        scored = [
            (d, -n, word)
            for word, n in candidates
            if abs(len(word) - len(w)) <= 2
            if word[:1] == w[:1] or fold(word[:1]) == fold(w[:1])
            if (d := _distance(fold(w), fold(word), limit)) <= limit
        ]
        if scored:
            found[w] = min(scored)[2]
    return found
