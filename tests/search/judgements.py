"""Graded relevance judgements on the demo data (`manage.py seed_demo`), and nDCG@10.

Each query has rules that grade a document: 3 = exactly what was asked for, 2 = clearly
relevant, 1 = related; everything else 0. Rules describe documents by type, title words and
facets (the demo is generated, so "every public pilot tagged psykisk ohälsa" is a stable
description where a list of ids would not be). The ideal ranking is computed from all public
documents, so nDCG@10 = 1.0 means the ten best possible documents came first, best first.
"""

import math
from dataclasses import dataclass

PILOTS = ("pilot",)
TOPICAL = ("pilot", "practice")


@dataclass(frozen=True)
class Rule:
    grade: int
    types: tuple[str, ...] = TOPICAL
    title: str = ""  # a case-insensitive substring of the title
    facets: tuple[tuple[str, str], ...] = ()

    def matches(self, doc) -> bool:
        if doc.doc_type not in self.types:
            return False
        if self.title and self.title.lower() not in doc.title.lower():
            return False
        return all(value in doc.facets.get(facet, []) for facet, value in self.facets)


def R(grade, title="", types=TOPICAL, **facets):
    return Rule(grade, tuple(types), title, tuple(facets.items()))


def area(value, grade=3):
    return [R(grade, health_area=value), R(1, types=("lesson",), health_area=value)]


def arena(value, grade=3):
    return [R(grade, arena=value)]


def stage(value, grade=3):
    return [R(grade, life_stage=value)]


def place(code, lan):
    return [R(3, kommun=code), R(1, region=lan), R(1, types=("lesson",), kommun=code)]


def brand(title, grade=3):
    return [R(grade, title=title, types=PILOTS), R(1, title=title, types=("lesson", "practice"))]


# (category, query, rules)
QUERIES = [
    # Taxonomy labels, as Swedes write them
    ("taxonomy", "psykisk ohälsa", area("psykisk_ohalsa")),
    ("taxonomy", "fysisk aktivitet", area("fysisk_aktivitet")),
    ("taxonomy", "undernäring", area("undernaring")),
    ("taxonomy", "fetma", area("fetma")),
    ("taxonomy", "övervikt", area("fetma")),
    ("taxonomy", "tobak och alkohol", area("tobak_alkohol")),
    ("taxonomy", "ensamhet", area("ensamhet")),
    ("taxonomy", "tandhälsa", area("tandhalsa")),
    ("taxonomy", "sjukfrånvaro", area("sjukfranvaro")),
    ("taxonomy", "matvanor", area("matvanor")),
    ("taxonomy", "fall och skador", area("fall_skador")),
    ("taxonomy", "spel", area("narkotika_spel")),
    ("taxonomy", "äldre", stage("aldre")),
    ("taxonomy", "barn och unga", stage("barn_unga")),
    ("taxonomy", "arbetsför ålder", stage("arbetsfor_alder")),
    ("taxonomy", "skola", arena("skola")),
    ("taxonomy", "förskola", arena("forskola")),
    ("taxonomy", "primärvård", arena("primarvard")),
    ("taxonomy", "äldreomsorg", arena("aldreomsorg")),
    ("taxonomy", "arbetsplats", arena("arbetsplats")),
    ("taxonomy", "folktandvård", arena("folktandvard")),
    ("taxonomy", "ungdomsmottagning", arena("ungdomsmottagning")),
    ("taxonomy", "socialtjänst", arena("socialtjanst")),
    ("taxonomy", "apotek", arena("apotek")),
    # Places
    ("place", "Umeå", place("2480", "24")),
    ("place", "Göteborg", place("1480", "14")),
    ("place", "Malmö", place("1280", "12")),
    ("place", "Kiruna", place("2584", "25")),
    ("place", "Region Skåne", [R(3, region="12"), R(1, types=("lesson",), region="12")]),
    ("place", "Västerbotten", [R(3, region="24"), R(1, types=("lesson",), region="24")]),
    ("place", "äldre Umeå", [R(3, life_stage="aldre", kommun="2480"), R(1, kommun="2480")]),
    (
        "place",
        "psykisk ohälsa Göteborg",
        [R(3, health_area="psykisk_ohalsa", kommun="1480"), R(1, health_area="psykisk_ohalsa")],
    ),
    # Inflections
    ("inflection", "fallolycka", brand("Stå stadigt")),
    ("inflection", "ensamma", area("ensamhet")),
    ("inflection", "balansträningen", brand("Stå stadigt")),
    ("inflection", "skolans", arena("skola")),
    ("inflection", "apoteket", arena("apotek")),
    ("inflection", "träffpunkt", brand("Fikavänner")),
    ("inflection", "måltider", brand("Matglad")),
    # Compounds (a part finds the whole)
    ("compound", "träning", [*brand("Stå stadigt"), *brand("Seniorkraft")]),
    ("compound", "olyckor", brand("Stå stadigt")),
    ("compound", "samtal", [*brand("Chatta med oss"), *brand("Hjärtkoll")]),
    ("compound", "vanor", [*brand("Familjelyftet"), *brand("Grönt på tallriken")]),
    ("compound", "lack", brand("Friska tänder")),
    ("compound", "omsorg", arena("aldreomsorg")),
    # Without å, ä, ö
    ("unaccented", "aldre", stage("aldre")),
    ("unaccented", "psykisk ohalsa", area("psykisk_ohalsa")),
    ("unaccented", "umea", place("2480", "24")),
    ("unaccented", "goteborg", place("1480", "14")),
    ("unaccented", "undernaring", area("undernaring")),
    ("unaccented", "tandhalsa", area("tandhalsa")),
    ("unaccented", "forskola", arena("forskola")),
    ("unaccented", "halsosamtal", brand("Hjärtkoll")),
    # Misspellings (found through "Menade du")
    ("misspelling", "ensamheet", area("ensamhet")),
    ("misspelling", "fallolykor", brand("Stå stadigt")),
    ("misspelling", "psykiks ohälsa", area("psykisk_ohalsa")),
    ("misspelling", "undernäringg", area("undernaring")),
    ("misspelling", "styrketräninng", brand("Seniorkraft")),
    ("misspelling", "tobaksprevension", brand("Rökfri generation")),
    # Synonyms (the starter list of migration 0005)
    ("synonym", "BVC", arena("bvc")),
    ("synonym", "barnavårdscentral", arena("bvc")),
    ("synonym", "FaR", brand("FaR på apoteket")),
    ("synonym", "social isolering", area("ensamhet")),
    ("synonym", "sjukskrivning", area("sjukfranvaro")),
    ("synonym", "pensionärer", stage("aldre")),
    ("synonym", "depression", brand("Livslust")),
    # Phrases
    ("phrase", '"fysisk aktivitet på recept"', brand("FaR på apoteket")),
    ("phrase", '"ofrivillig ensamhet"', brand("Fikavänner")),
    ("phrase", '"tidig upptäckt"', brand("Livslust")),
    ("phrase", '"balansträning mot fallolyckor"', brand("Stå stadigt")),
    # English
    ("english", "mental health", area("psykisk_ohalsa")),
    ("english", "physical activity", area("fysisk_aktivitet")),
    ("english", "loneliness", area("ensamhet")),
    ("english", "obesity", area("fetma")),
    ("english", "older people", stage("aldre")),
    ("english", "school", arena("skola")),
    ("english", "workplace", arena("arbetsplats")),
    ("english", "pharmacy", arena("apotek")),
    ("english", "undernutrition", area("undernaring")),
    ("english", "sick leave", area("sjukfranvaro")),
]


def grade(rules, doc) -> int:
    return max((rule.grade for rule in rules if rule.matches(doc)), default=0)


def dcg(grades) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ndcg_at_10(ranked_docs, all_docs, rules) -> float:
    """nDCG@10 of a ranking against the ideal ranking of `all_docs`."""
    ideal = sorted((grade(rules, d) for d in all_docs), reverse=True)[:10]
    best = dcg(ideal)
    if not best:
        return 1.0
    return dcg([grade(rules, d) for d in ranked_docs[:10]]) / best


def evaluate(search, all_docs):
    """{query: nDCG@10} for every judged query; `search(text)` returns hits with doc_type,
    title and facets (Hit), `all_docs` every document the searcher may see."""
    return {query: ndcg_at_10(search(query), all_docs, rules) for _c, query, rules in QUERIES}


def report(scores: dict[str, float], vendor: str) -> str:
    by_category = {}
    for category, query, _rules in QUERIES:
        by_category.setdefault(category, []).append(scores[query])
    mean = sum(scores.values()) / len(scores)
    lines = [f"Relevance on the demo data ({vendor}): nDCG@10 = {mean:.3f} over {len(scores)}"]
    lines += [
        f"  {category:<12} {sum(v) / len(v):.3f} ({len(v)} queries)"
        for category, v in by_category.items()
    ]
    worst = sorted(scores.items(), key=lambda item: item[1])[:5]
    lines.append("  lowest: " + ", ".join(f"{q!r} {s:.2f}" for q, s in worst))
    return "\n".join(lines)
