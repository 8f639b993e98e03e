"""The analysed text of a search document, as each database stores it, and the vocabulary.

One analysis (search/analysis.py) feeds both: SQLite's FTS5 table gets one column of stems per
field plus the compound parts and the folded forms; PostgreSQL gets a tsvector literal with the
same tokens, weighted (A title and taxonomy, B summary and places, C body, D organisations and
compound parts) and positioned (so "phrases" work), folded forms marked with `~` at weight D.
`store.py` (per batch, only changed documents) and `scale.py` (in bulk) both write through here.
"""

from collections import Counter
from functools import lru_cache

from django.db import connection

from ..analysis import compound_parts, fold, stem, words

FTS_TABLE = "portal_search_fts"
TOPIC_FIELDS = ["title", "summary", "body", "taxonomy", "places", "organisations"]
FTS_COLUMNS = [*TOPIC_FIELDS, "parts", "folded"]
PG_WEIGHTS = {
    "title": "A",
    "taxonomy": "A",
    "summary": "B",
    "places": "B",
    "body": "C",
    "organisations": "D",
}
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 255
VOCABULARY_FIELDS = ["title", "summary", "body", "taxonomy", "places"]


@lru_cache(maxsize=200_000)
def _analysed_word(word: str):
    """(stem, compound part stems, folded forms) of one word, or None for a stop word. Cached:
    a reindex meets the same words (places, organisations, taxonomy labels) thousands of times."""
    exact = stem(word)
    if not exact:
        return None
    parts = tuple(s for s in (stem(p) for p in compound_parts(word)) if s)
    folded = [fold(exact)]
    plain = stem(fold(word))
    if plain and plain != folded[0]:
        folded.append(plain)
    return exact, parts, tuple(folded)


def _analysed(text: str):
    """(stem, compound part stems, folded forms) for each non-stop word of a text."""
    for word in words(text):
        found = _analysed_word(word)
        if found is not None:
            yield found


# Fields whose text repeats across thousands of documents (the same taxonomy labels, kommuner
# and organisations): analysed once per distinct text, not once per document.
REPEATED_FIELDS = frozenset({"taxonomy", "places", "organisations"})


@lru_cache(maxsize=20_000)
def _analysed_text(text: str) -> tuple:
    return tuple(_analysed(text))


def _field(doc, name: str):
    text = getattr(doc, name, "") or ""
    return _analysed_text(text) if name in REPEATED_FIELDS else _analysed(text)


def fts_row(doc) -> list[str]:
    """The FTS5 columns of a document (FTS_COLUMNS order)."""
    columns = {name: [] for name in FTS_COLUMNS}
    for name in TOPIC_FIELDS:
        for exact, parts, folded in _field(doc, name):
            columns[name].append(exact)
            columns["parts"] += parts
            columns["folded"] += folded
    return [" ".join(columns[name]) for name in FTS_COLUMNS]


@lru_cache(maxsize=200_000)
def _pg_word(word: str):
    """(stem, compound part stems, folded forms marked `~`) of one word for the tsvector, or
    None for a stop word: `_analysed_word` with the marks added once per word, not per use."""
    found = _analysed_word(word)
    if found is None:
        return None
    exact, parts, folded = found
    return exact, parts, tuple(f"~{form}" for form in folded)


@lru_cache(maxsize=20_000)
def _pg_text(text: str) -> tuple:
    return tuple(t for t in map(_pg_word, words(text)) if t is not None)


def _pg_field(doc, name: str):
    text = getattr(doc, name, "") or ""
    if name in REPEATED_FIELDS:
        return _pg_text(text)
    return [t for t in map(_pg_word, words(text)) if t is not None]


def tsvector(doc) -> str:
    """The document as a PostgreSQL tsvector literal ('lexeme':1A,7B …). Each lexeme keeps
    its first MAX_POSITIONS_PER_LEXEME entries (duplicates counted), each written once."""
    positions: dict[str, list[str]] = {}
    get = positions.get
    cap = MAX_POSITIONS_PER_LEXEME
    position = 0
    for name in TOPIC_FIELDS:
        weight = PG_WEIGHTS[name]
        for exact, parts, folded in _pg_field(doc, name):
            position += 1
            at = position if position < MAX_POSITION else MAX_POSITION
            entry = f"{at}{weight}"
            entries = get(exact)
            if entries is None:
                positions[exact] = [entry]
            elif len(entries) < cap:
                entries.append(entry)
            if parts or folded:
                entry = f"{at}D"
                for lexeme in (*parts, *folded):
                    entries = get(lexeme)
                    if entries is None:
                        positions[lexeme] = [entry]
                    elif len(entries) < cap:
                        entries.append(entry)
        position += 2  # no phrase spans two fields
    # Most lexemes occur once: their one entry as it is, without a join or a dedup.
    return " ".join(
        [
            f"'{lexeme}':{entries[0]}"
            if len(entries) == 1
            else f"'{lexeme}':{','.join(dict.fromkeys(entries))}"
            for lexeme, entries in positions.items()
        ]
    )


def write_fts(rows_with_ids) -> None:
    """Insert FTS5 rows for (rowid, document) pairs (SQLite only)."""
    marks = ", ".join(["%s"] * (len(FTS_COLUMNS) + 1))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(FTS_COLUMNS)}) VALUES ({marks})",
            [(pk, *fts_row(doc)) for pk, doc in rows_with_ids],
        )


# --- vocabulary ("Menade du") -----------------------------------------------------------------


def vocabulary(doc) -> set[str]:
    """The words a public document adds to the vocabulary (none for any other)."""
    from ..models import Access

    if doc.access != Access.PUBLIC:
        return set()
    found = set()
    for name in VOCABULARY_FIELDS:
        text = getattr(doc, name, "") or ""
        found.update(_vocabulary_words(text) if name in REPEATED_FIELDS else _words_of(text))
    return found


def _words_of(text: str) -> set[str]:
    return {w for w in words(text) if 3 <= len(w) <= 60 and not w.isdigit()}


@lru_cache(maxsize=20_000)
def _vocabulary_words(text: str) -> frozenset[str]:
    return frozenset(_words_of(text))


def change_vocabulary(delta: Counter) -> None:
    """Add (or, negative, remove) document counts per word, in one statement per 500 words."""
    from ..models import SearchTerm

    items = [(w, n) for w, n in delta.items() if n]
    if not items:
        return
    table = SearchTerm._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params = [x for w, n in chunk for x in (w, fold(w), n)]
            cursor.execute(
                f"INSERT INTO {table} (word, folded, documents) VALUES {values} "
                "ON CONFLICT (word) DO UPDATE SET documents = "
                f"{table}.documents + excluded.documents",
                params,
            )
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"DELETE FROM {table} WHERE documents <= 0 AND word IN ({marks})",
                [w for w, _n in chunk],
            )


def rebuild_vocabulary(counts: Counter | None = None) -> int:
    """Count the vocabulary afresh from every public document (after a full rebuild, so
    it matches the index whatever happened before). Returns how many words. `counts`: the
    words of every stored document already counted (a full rebuild counts them as it builds
    them), saving a read of every public document."""
    from ..models import Access, SearchDocument, SearchTerm

    if counts is None:
        counts = Counter()
        public = SearchDocument.objects.filter(access=Access.PUBLIC).only(
            "access", *VOCABULARY_FIELDS
        )
        for doc in public.iterator(chunk_size=2_000):
            counts.update(vocabulary(doc))
    # Only the differences are written: a rebuild of an unchanged index writes nothing.
    current = dict(SearchTerm.objects.values_list("word", "documents"))
    delta = Counter({w: n - current.get(w, 0) for w, n in counts.items()})
    delta.update({w: -n for w, n in current.items() if w not in counts})
    stale = [w for w, n in current.items() if n <= 0 and w not in counts]
    if stale:
        SearchTerm.objects.filter(word__in=stale).delete()
    change_vocabulary(delta)
    return len(counts)
