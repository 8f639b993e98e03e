"""What a query means, worked out once for every backend: groups of alternatives to find (words,
"quoted phrases", synonyms), words to exclude, and the taxonomy values and places it names.

- Each word or "phrase" is a group; groups are AND-ed (OR-ed for more-like-this).
- A group's alternatives are token sequences: the exact stems, and the coordinator's synonyms
  of the word or phrase ("BVC" → "barnavårdscentral", "barnhälsovård"). A backend matches each
  exact alternative in the topic fields and the folded forms in the folded field, which weighs
  far less: "aldre" finds "äldre", below any document that has "aldre" itself.
- `concepts` are facet keys ("life_stage:aldre", "kommun:2480") whose label or name the query
  contains; documents tagged with them come first.
"""

import re
from dataclasses import dataclass, field

from django.utils import translation

from core import caching

from .analysis import fold, stem, stems, words

PHRASE = re.compile(r'(-?)"([^"]*)"|(\S+)')
SYNONYMS_CACHE = "search-synonyms"
MIN_PREFIX = 4  # shorter stems match whole tokens only ("far" must not find "farmaceut")


@dataclass(frozen=True)
class Group:
    exact: tuple[tuple[str, ...], ...]
    folded: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]  # surface words, for highlighting
    texts: tuple[str, ...] = ()  # each exact alternative as written (Elasticsearch analyses it)


@dataclass
class Plan:
    groups: list[Group] = field(default_factory=list)
    exclude: list[Group] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)
    any_: bool = False

    @property
    def highlight_words(self) -> list[str]:
        return list(dict.fromkeys(w for g in self.groups for w in g.words))

    def __bool__(self) -> bool:
        return bool(self.groups)


def _units(text: str):
    """(negated, is_phrase, words) for each word or "quoted phrase" of the text."""
    for match in PHRASE.finditer(text or ""):
        negated, phrase, word = match.groups()
        if phrase is not None:
            found = words(phrase)
            if found:
                yield bool(negated), len(found) > 1, found
            continue
        negated = word.startswith("-") and len(word) > 1
        for w in words(word):
            yield negated, False, [w]


def _folded(sequence) -> tuple[str, ...]:
    return tuple(fold(s) for s in sequence)


def synonym_table() -> list[list[tuple[tuple[str, ...], str]]]:
    """The coordinator's synonyms: per entry, (stems, text as written) of each term; cached
    until a synonym is saved or deleted."""
    from .models import Synonym

    def load():
        table = []
        for terms in Synonym.objects.values_list("terms", flat=True):
            entry = {}
            for term in terms.split(","):
                found = tuple(stems(term))
                if found:
                    entry.setdefault(found, " ".join(words(term)))
            if len(entry) > 1:
                table.append(list(entry.items()))
        return table

    return caching.cached(SYNONYMS_CACHE, "table", load)


def _group(alternatives, surface) -> Group:
    """A group of (stems, text) alternatives; `surface` are the words typed."""
    first: dict[tuple[str, ...], str] = {}
    for sequence, text in alternatives:
        if sequence:
            first.setdefault(sequence, text)
    alternatives = list(first.items())
    sequences = [s for s, _t in alternatives]
    folded = list(dict.fromkeys(_folded(s) for s in sequences))
    plain = tuple(stem(fold(w)) for w in surface)
    if len(sequences) == 1 and all(plain) and plain not in folded:
        folded.append(plain)
    if len(sequences) == 1 and len(sequences[0]) == 1 and len(surface) == 1:
        # Two Swedish forms Snowball leaves apart: a doubled final consonant ("ensamma" →
        # "ensamm", "ensamhet" → "ensam") and the definite -an(s) of an -a noun ("skolans" →
        # "skolan", "skola" → "skol"); the query also tries the plain form.
        only, typed = sequences[0][0], surface[0]
        extra = []
        if len(only) > MIN_PREFIX and only[-1] == only[-2] and only[-1] not in "aeiouyåäö":
            extra.append(only[:-1])
        for ending in ("ans", "an"):
            if typed.endswith(ending) and len(typed) - len(ending) >= MIN_PREFIX:
                extra.append(stem(typed[: -len(ending)] + "a"))
                break
        for form in dict.fromkeys(e for e in extra if e and e != only):
            sequences.append((form,))
            alternatives.append(((form,), typed))
    return Group(
        tuple(sequences), tuple(folded), tuple(surface), tuple(t for _s, t in alternatives)
    )


def _expand(word_units, synonyms) -> list[Group]:
    """Groups for consecutive single words, a synonym's words taken together (longest first)."""
    groups, i = [], 0
    seq = [stem(u[0]) for u in word_units]
    while i < len(word_units):
        best = None
        for entry in synonyms:
            for term, _text in entry:
                n = len(term)
                if tuple(seq[i : i + n]) == term and (best is None or n > best[0]):
                    best = (n, entry)
        if best:
            n, entry = best
            typed = [w for u in word_units[i : i + n] for w in u]
            first = (tuple(seq[i : i + n]), " ".join(typed))
            groups.append(_group([first, *entry], typed))
            i += n
            continue
        if seq[i]:
            groups.append(_group([((seq[i],), word_units[i][0])], word_units[i]))
        i += 1
    return groups


def make_plan(text: str, *, any_: bool = False) -> Plan:
    """The plan of a query text (at most 12 groups and 12 exclusions)."""
    include, exclude, pending = [], [], []
    synonyms = synonym_table() if text and text.strip() else []
    for negated, is_phrase, found in _units(text):
        if negated:
            exclude += [_group([((s,), w)], [w]) for w in found if (s := stem(w))]
            continue
        if is_phrase:
            include += _expand(pending, synonyms)
            pending = []
            phrase = (tuple(stems(" ".join(found))), " ".join(found))
            entry = next((e for e in synonyms if phrase[0] in dict(e)), [])
            include.append(_group([phrase, *entry], found))
        else:
            pending.append(found)
    include += _expand(pending, synonyms)
    include = list(dict.fromkeys(include))[:12]
    exclude = [g for g in dict.fromkeys(exclude) if g not in include][:12]
    plan = Plan(groups=include, exclude=exclude, any_=any_)
    plan.concepts = _concepts(plan, text) if include else []
    return plan


# --- taxonomy values and places named by the query --------------------------------------------


def _names(label: str) -> list[str]:
    """The names a label answers to: "Barnhälsovård (BVC)" → itself, "Barnhälsovård", "BVC";
    "Övervikt och fetma" → itself, "Övervikt", "fetma"; "Region Uppsala" → "Uppsala"."""
    names = [label]
    plain = re.sub(r"\(([^)]*)\)", " ", label).strip()
    names += [plain, *re.findall(r"\(([^)]*)\)", label)]
    for part in re.split(r"\s+(?:och|and)\s+|\s*/\s*|,\s*", plain):
        names.append(part)
    names += [re.sub(r"^Region\s+|\s+län$|s län$", "", n) for n in list(names)]
    return [n.strip() for n in dict.fromkeys(names) if n.strip()]


def concept_table() -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
    """(stems, folded words, facet key) for every name of every taxonomy value, kommun and
    region; cached with the reference data."""
    from partners.models import Kommun, Region

    from .taxonomy import TAXONOMY

    def load():
        entries = []
        for facet, choices in TAXONOMY.items():
            for value, label in choices.choices:
                labels = set()
                for language in ("sv", "en"):
                    with translation.override(language):
                        labels.add(str(label))
                for name in {n for lab in labels for n in _names(lab)}:
                    entries.append((facet, value, name))
        for code, name in Kommun.objects.values_list("code", "name"):
            entries.append(("kommun", code, name))
        for code, name in Region.objects.values_list("lan_code", "name"):
            entries += [("region", code, n) for n in _names(name)]
        table = []
        for facet, value, name in entries:
            found = tuple(stems(name))
            if found:
                table.append((found, tuple(fold(w) for w in words(name)), f"{facet}:{value}"))
        return table

    return caching.cached(caching.AREA_NAMES, "search-concepts", load)


def _contains(sequence, part) -> bool:
    n = len(part)
    return any(tuple(sequence[i : i + n]) == part for i in range(len(sequence) - n + 1))


def _concepts(plan: Plan, text: str) -> list[str]:
    sequences = [[s for g in plan.groups for s in g.exact[0]]]
    sequences += [list(alt) for g in plan.groups for alt in g.exact[1:]]
    folded = [fold(w) for w in words(text)]
    folded_stems = [[fold(s) for s in seq] for seq in sequences]
    keys = []
    for name_stems, name_folded, key in concept_table():
        if (
            any(_contains(seq, name_stems) for seq in sequences)
            or _contains(folded, name_folded)
            or any(_contains(seq, _folded(name_stems)) for seq in folded_stems)
        ):
            keys.append(key)
    return list(dict.fromkeys(keys))


def matcher(plan: Plan):
    """A predicate: does this word of a text match the plan, as the backends matched it
    (stem or stem prefix, a compound part, or a folded form)?"""
    from .analysis import compound_parts

    exact = {t for g in plan.groups for seq in g.exact for t in seq}
    folded = {t for g in plan.groups for seq in g.folded for t in seq}

    def hit(tokens, candidate):
        return any(
            candidate == t or (len(t) >= MIN_PREFIX and candidate.startswith(t)) for t in tokens
        )

    def match(word: str) -> bool:
        w = word.lower()
        s = stem(w)
        if not s:
            return False
        if hit(exact, s) or any(hit(exact, stem(p)) for p in compound_parts(w)):
            return True
        return hit(folded, fold(s)) or hit(folded, stem(fold(w)))

    return match
