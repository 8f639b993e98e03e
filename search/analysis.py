"""One Swedish analysis chain for every database backend, in Python, at index and query time.

PostgreSQL's `swedish` configuration and Elasticsearch's Swedish analyser both stem with the
Snowball algorithm; SQLite has no stemmer at all. So the text is analysed here, once, and each
backend stores the result: SQLite's FTS5 table the analysed columns, PostgreSQL a tsvector built
from the same tokens (no second stemming), Elasticsearch the same `parts` field beside its own
Snowball analyser. The result: the same words find the same documents on every backend.

- `stem()`: lower case, Swedish Snowball (`snowballstemmer`: BSD-3-Clause, the Snowball project's
  own pure-Python build, the algorithm PostgreSQL and Elasticsearch use), Swedish stop words out.
- `fold()`: å, ä, ö, é … without their marks, for the diacritic-insensitive fallback only: exact
  forms are searched first and rank above folded ones (å, ä and ö are letters of their own).
- `compound_parts()`: the parts of a compound ("fallolyckor" → "fall", "olyckor") from the
  hunspell-sv word list (LGPL-3.0, compatible with EUPL-1.2; installed from PyPI into
  `<prefix>/share/hunspell`, or Debian's `hunspell-sv` in /usr/share/hunspell). Read once per
  process as a plain word set (about 0.3 s); without it compounds are simply not split.
"""

import re
import sys
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer
from django.conf import settings

WORD = re.compile(r"[^\W_]+")
STOPWORDS = frozenset(
    [
        "och",
        "i",
        "att",
        "det",
        "som",
        "en",
        "på",
        "är",
        "av",
        "för",
        "med",
        "till",
        "den",
        "har",
        "de",
        "inte",
        "om",
        "ett",
        "men",
        "var",
        "så",
        "kan",
        "från",
        "vid",
        "eller",
        "när",
        "ska",
        "under",
        "efter",
        "alla",
        "också",
        "genom",
        "där",
        "vi",
        "mot",
        "utan",
        "hos",
        "sina",
        "sin",
        "sitt",
        "deras",
        "dess",
        "hur",
        "vad",
        "vilka",
        "blir",
        "bli",
        "får",
        "samt",
        "the",
        "of",
        "and",
        "in",
        "for",
        "to",
        "on",
        "with",
        "at",
        "by",
        "an",
        "a",
        "is",
        "are",
    ]
)
FOLD_EXTRA = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "ð": "d", "þ": "th", "ł": "l"})
MIN_PART = 3
MIN_COMPOUND = 7
MIN_TAIL = 4
# hunspell-sv flags the words that may begin a compound (its .aff: COMPOUNDBEGIN X); heads
# shorter than SHORT_HEAD letters are split off only when they carry it.
SHORT_HEAD = 4
COMPOUND_BEGIN = "X"
ENDINGS = ("arna", "erna", "orna", "en", "et", "er", "ar", "or", "na", "n", "a", "e")


@cache
def _stemmer():
    return snowballstemmer.stemmer("swedish")


def words(text: str) -> list[str]:
    """The words of a text, lower case (letters and digits; anything else separates)."""
    return [w.lower() for w in WORD.findall(text or "")]


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Snowball stem of one lower-case word ("" for a stop word)."""
    if word in STOPWORDS:
        return ""
    return _stemmer().stemWord(word) if not word.isdigit() else word


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Text without diacritics: "äldre" → "aldre", "Umeå" → "Umea"."""
    text = text.translate(FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stems(text: str) -> list[str]:
    """The stems of a text in order, stop words left out."""
    return [s for s in (stem(w) for w in words(text)) if s]


# --- compounds --------------------------------------------------------------------------------


def _dictionary_path() -> Path | None:
    configured = getattr(settings, "SEARCH_HUNSPELL_DIC", "")
    candidates = [configured] if configured else []
    candidates += [
        f"{sys.prefix}/share/hunspell/sv_SE.dic",
        "/usr/share/hunspell/sv_SE.dic",
        "/usr/share/hunspell/sv_FI.dic",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@cache
def dictionary_path() -> Path | None:
    """The hunspell-sv word list in use (None: compounds are not split)."""
    return _dictionary_path()


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """(base forms, short words that may begin a compound) of the hunspell-sv word list."""
    path = dictionary_path()
    if path is None:
        return frozenset(), frozenset()
    found, heads = set(), set()
    with path.open(encoding="utf-8", errors="ignore") as lines:
        next(lines, None)  # the word count
        for line in lines:
            word, _slash, flags = line.strip().partition("/")
            word = word.lower()
            if len(word) >= MIN_PART and word.isalpha():
                found.add(word)
                if len(word) < SHORT_HEAD and COMPOUND_BEGIN in flags:
                    heads.add(word)
    return frozenset(found), frozenset(heads)


def dictionary() -> frozenset[str]:
    """The hunspell-sv base forms (lower case, at least MIN_PART letters), or empty."""
    return _lexicon()[0]


def _may_begin(head: str) -> bool:
    """A head of three letters must be one hunspell lets begin a compound: "hem|tjänst",
    "mat|vanor", not the prefixes and particles "gem|ensam", "upp|gifter", "var|andra"."""
    return len(head) >= SHORT_HEAD or head in _lexicon()[1]


def _known(part: str, words_: frozenset[str]) -> bool:
    if part in ENDINGS:
        return False
    if part in words_:
        return True
    for ending in ENDINGS:
        base = part[: -len(ending)]
        if (
            part.endswith(ending)
            and len(base) >= MIN_PART
            and (base in words_ or base + "a" in words_ or base + "e" in words_)
        ):
            return True
    return False


@lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The two parts of a compound, the longest known head first ("balansträning" →
    ("balans", "träning")); a linking -s- is dropped only when the head needs it. () for short
    words and words that do not split into known words."""
    known = dictionary()
    if len(word) < MIN_COMPOUND or not known or not word.isalpha():
        return ()
    cuts = range(len(word) - MIN_TAIL, MIN_PART - 1, -1)
    for cut in cuts:
        head, tail = word[:cut], word[cut:]
        if len(head) < 4 and len(tail) < 5:
            continue  # "sko" + "lans" is not "skolans"
        if head in known and _may_begin(head) and _known(tail, known):
            if tail[0] == "s" and len(tail) > MIN_TAIL and _known(tail[1:], known):
                return (head, tail[1:])  # the linking -s-: "levnad|s|vanor", not "svanor"
            return (head, tail)
    for cut in cuts:
        head, tail = word[:cut], word[cut:]
        linked = head.endswith("s") and len(head) > MIN_PART and head[:-1] in known
        if linked and _may_begin(head[:-1]) and _known(tail, known):
            return (head[:-1], tail)
    return ()


def part_stems(text: str) -> list[str]:
    """Stems of the compound parts of a text's words (what the `parts` column holds)."""
    found = []
    for word in words(text):
        found += [s for s in (stem(p) for p in compound_parts(word)) if s]
    return found


def folded_stems(text: str) -> list[str]:
    """Folded stems of a text (the fallback column): fold(stem(word)) and stem(fold(word))."""
    found = []
    for word in words(text):
        exact = stem(word)
        if not exact:
            continue
        found.append(fold(exact))
        plain = stem(fold(word))
        if plain and plain != found[-1]:
            found.append(plain)
    return found
