"""Swedish text for the SQLite fallback and for highlighting in Python.

PostgreSQL stems with its Snowball `swedish` configuration and Elasticsearch with its Swedish
stemmer; SQLite's FTS5 has no Swedish stemmer, so indexing and queries there go through
`normalise()`: lower case, a genitive -s and one plural/definite ending stripped, so
"piloterna" → "pilot", "äldres" → "äldre", "fetman" → "fetma". å, ä and ö are kept: they are
letters of their own in Swedish, not accented a and o. Queries match stems as prefixes
(`prefix()` also drops a final vowel), so "skola" finds "skolor" and "fetma" finds "fetman".
"""

import re
from html import escape

WORD = re.compile(r"[^\W_]+")
SENTINELS = ("\ue000", "\ue001")
# Longest first; only the first that fits is stripped.
ENDINGS = (
    "arnas",
    "ernas",
    "ornas",
    "arna",
    "erna",
    "orna",
    "ande",
    "ende",
    "ens",
    "ets",
    "are",
    "en",
    "et",
    "ar",
    "er",
    "or",
    "na",
    "n",
)
MIN_STEM = 3


def words(text: str) -> list[str]:
    """The words of a text (letters and digits; punctuation and underscores separate)."""
    return WORD.findall(text or "")


def normalise(word: str) -> str:
    """A light Swedish stem: lower case, genitive -s and one ending stripped."""
    w = word.lower()
    if len(w) > MIN_STEM + 1 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    for ending in ENDINGS:
        if ending == "et" and w.endswith("het"):
            continue  # "ensamhet" is a stem, not "ensamh" + definite -et
        if w.endswith(ending) and len(w) - len(ending) >= MIN_STEM:
            return w[: -len(ending)]
    return w


def prefix(word: str) -> str:
    """What a query word matches as a prefix: its stem without a final vowel."""
    stem = normalise(word)
    if len(stem) > MIN_STEM + 1 and stem[-1] in "aeo":
        stem = stem[:-1]
    return stem


def normalise_text(text: str) -> str:
    """A whole text as space-separated stems (what the FTS5 table stores)."""
    return " ".join(normalise(w) for w in words(text))


def clean(text: str) -> str:
    """Text fit for the index: no NUL (PostgreSQL refuses it), no highlight sentinels."""
    text = (text or "").replace("\x00", "")
    for mark in SENTINELS:
        text = text.replace(mark, "")
    return text


def marked_to_html(text: str) -> str:
    """Escape a text whose matches are wrapped in sentinels, then turn those into <mark>."""
    html = escape(text)
    return html.replace(SENTINELS[0], "<mark>").replace(SENTINELS[1], "</mark>")


def _matches(word: str, prefixes: list[str]) -> bool:
    stem = normalise(word)
    return any(stem.startswith(p) for p in prefixes)


def highlight(text: str, query_words: list[str], *, max_chars: int = 240, whole=False) -> str:
    """HTML: an excerpt of `text` around the first match, matches in <mark>, the rest escaped.
    `whole` marks the whole text (titles) instead of cutting an excerpt."""
    text = clean(text)
    prefixes = [prefix(w) for w in query_words if w]
    spans = [m.span() for m in WORD.finditer(text) if prefixes and _matches(m.group(), prefixes)]
    start, end = 0, len(text)
    if not whole and len(text) > max_chars:
        first = spans[0][0] if spans else 0
        start = max(0, text.rfind(" ", 0, max(first - max_chars // 3, 0)) + 1) if first else 0
        end = start + max_chars
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    pieces, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        pieces += [text[pos:s], SENTINELS[0], text[s:e], SENTINELS[1]]
        pos = e
    pieces.append(text[pos:end])
    html = marked_to_html("".join(pieces))
    return ("… " if start else "") + html + (" …" if end < len(text) else "")
