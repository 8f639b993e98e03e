"""The text form of a rule's side and its structured terms: a hand-written parser, no eval.

    side  := ['-'] item (('+' | '-') item)*
    item  := number ['*' atom] | atom
    atom  := '{' indicator name ('|' qualifier)* '}' | 'folkmängd' | 'population'

A qualifier is a kön (T, K, M), an age band of the indicator, or the part of a percentage
(täljare, nämnare; the share is the default). `{Deltagare}` is the total of all ages.
Numbers take a decimal comma or point: `0,5 * {Deltagare}`. Examples:
`{Deltagare|K} + {Deltagare|M}`, `{Rökfria elever|täljare}`, `0,1 * folkmängd`.

Terms (JSON, what the model stores):
    {"k": "cell", "indicator": 12, "gender": "K", "band": "", "part": "value", "coef": "1"}
    {"k": "const", "value": "100"}
    {"k": "population", "coef": "1"}
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_TERMS = 50
MAX_LENGTH = 2000
PARTS = ("value", "numerator", "denominator")
PART_WORDS = {
    "värde": "value",
    "value": "value",
    "andel": "value",
    "täljare": "numerator",
    "numerator": "numerator",
    "nämnare": "denominator",
    "denominator": "denominator",
}
PART_TEXT = {"numerator": "täljare", "denominator": "nämnare"}
GENDER_WORDS = {"t": "T", "k": "K", "m": "M"}
POPULATION_WORDS = ("folkmängd", "folkmangd", "population")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_]+")


class ExpressionError(ValidationError):
    pass


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: num, op (+ - *), atom ({…}), word."""
    tokens, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "+-*":
            tokens.append(("op", ch))
            i += 1
        elif ch == "{":
            end = text.find("}", i)
            if end < 0:
                raise ExpressionError(_("En klammer { saknar sin avslutande }."))
            tokens.append(("atom", text[i + 1 : end]))
            i = end + 1
        elif (match := _NUMBER.match(text, i)) is not None:
            tokens.append(("num", match.group()))
            i = match.end()
        elif (match := _WORD.match(text, i)) is not None:
            tokens.append(("word", match.group()))
            i = match.end()
        else:
            raise ExpressionError(_("Tecknet ”%(c)s” kan inte användas här.") % {"c": ch})
    return tokens


def _cell(body: str, indicators: dict) -> dict:
    """A {name|qualifier…} atom as a cell term; `indicators` maps lower-cased names to
    Indicators the rule may use."""
    name, *qualifiers = [part.strip() for part in body.split("|")]
    indicator = indicators.get(name.lower())
    if indicator is None:
        raise ExpressionError(_("Det finns ingen indikator som heter ”%(name)s”.") % {"name": name})
    if indicator.is_qualitative:
        raise ExpressionError(
            _("”%(name)s” är kvalitativ och har inga tal att jämföra.") % {"name": indicator.name}
        )
    term = {
        "k": "cell",
        "indicator": indicator.pk,
        "gender": "T",
        "band": "",
        "part": "value",
        "coef": "1",
    }
    for qualifier in qualifiers:
        word = qualifier.lower()
        if word in GENDER_WORDS:
            gender = GENDER_WORDS[word]
            if gender not in indicator.genders:
                raise ExpressionError(
                    _("”%(name)s” redovisas inte per kön: använd bara totalt (T).")
                    % {"name": indicator.name}
                )
            term["gender"] = gender
        elif word in PART_WORDS:
            part = PART_WORDS[word]
            if part != "value" and not indicator.is_percent:
                raise ExpressionError(
                    _("”%(name)s” är ingen andel och har ingen täljare eller nämnare.")
                    % {"name": indicator.name}
                )
            term["part"] = part
        elif qualifier in (indicator.age_bands or []):
            term["band"] = qualifier
        else:
            raise ExpressionError(
                _(
                    "”%(q)s” är inget kön (T, K, M), ingen åldersgrupp för ”%(name)s” "
                    "och inte täljare eller nämnare."
                )
                % {"q": qualifier, "name": indicator.name}
            )
    return term


def _atom(token, indicators: dict) -> dict:
    kind, text = token
    if kind == "atom":
        return _cell(text, indicators)
    if kind == "word" and text.lower() in POPULATION_WORDS:
        return {"k": "population", "coef": "1"}
    if kind == "word":
        raise ExpressionError(
            _("”%(w)s” förstås inte. Skriv indikatorer inom klamrar: {indikatorns namn}.")
            % {"w": text}
        )
    raise ExpressionError(_("Här väntades en indikator, ett tal eller folkmängd."))


def parse(text: str, indicators: dict) -> list[dict]:
    """Parse one side. Raises ExpressionError with a readable Swedish message."""
    text = (text or "").strip()
    if not text:
        raise ExpressionError(_("Skriv ett uttryck."))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(_("Uttrycket är för långt."))
    tokens = _tokens(text)
    terms, i, sign = [], 0, Decimal(1)
    if tokens and tokens[0] == ("op", "-"):
        sign, i = Decimal(-1), 1
    while True:
        if i >= len(tokens):
            raise ExpressionError(_("Uttrycket slutar mitt i: något saknas efter + eller -."))
        token = tokens[i]
        if token[0] == "num":
            try:
                number = _number(token[1])
            except InvalidOperation:
                raise ExpressionError(_("”%(n)s” är inget tal.") % {"n": token[1]}) from None
            if i + 1 < len(tokens) and tokens[i + 1] == ("op", "*"):
                if i + 2 >= len(tokens):
                    raise ExpressionError(_("Något saknas efter *."))
                term = _atom(tokens[i + 2], indicators)
                term["coef"] = str(sign * number)
                i += 3
            else:
                term = {"k": "const", "value": str(sign * number)}
                i += 1
        else:
            term = _atom(token, indicators)
            term["coef"] = str(sign)
            i += 1
        terms.append(term)
        if len(terms) > MAX_TERMS:
            raise ExpressionError(_("Uttrycket har för många termer (högst %(n)s).") % {"n": 50})
        if i >= len(tokens):
            return terms
        if tokens[i] not in (("op", "+"), ("op", "-")):
            raise ExpressionError(
                _("Här väntades + eller - men det står ”%(t)s”.") % {"t": tokens[i][1]}
            )
        sign = Decimal(1) if tokens[i][1] == "+" else Decimal(-1)
        i += 1


def _fmt(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.replace(".", ",")


def render(terms: list[dict], names: dict) -> str:
    """The text form of stored terms; `names` maps indicator ids to names (a missing one is
    shown as "?id")."""
    parts = []
    for n, term in enumerate(terms or []):
        if term.get("k") == "const":
            number = Decimal(term["value"])
            body = None
        else:
            number = Decimal(term.get("coef", "1"))
            if term.get("k") == "population":
                body = "folkmängd"
            else:
                quals = [names.get(term["indicator"], f"?{term['indicator']}")]
                if term.get("gender", "T") != "T":
                    quals.append(term["gender"])
                if term.get("band"):
                    quals.append(term["band"])
                if term.get("part", "value") != "value":
                    quals.append(PART_TEXT[term["part"]])
                body = "{" + "|".join(quals) + "}"
        negative = number < 0
        magnitude = -number if negative else number
        if body is None:
            text = _fmt(magnitude)
        elif magnitude == 1:
            text = body
        else:
            text = f"{_fmt(magnitude)} * {body}"
        if n == 0:
            parts.append(f"-{text}" if negative else text)
        else:
            parts.append(f"{'-' if negative else '+'} {text}")
    return " ".join(parts)


def indicator_ids(terms: list[dict]) -> set[int]:
    return {t["indicator"] for t in terms or [] if t.get("k") == "cell"}


def rule_text(rule, names: dict) -> dict:
    """A rule's fields with its sides as text: {"left": "{A|K} + {A|M}", "operator": "=", …}."""
    return {
        "name": rule.name,
        "message": rule.message,
        "severity": rule.severity,
        "is_active": rule.is_active,
        "left": render(rule.left, names),
        "operator": rule.operator,
        "right": render(rule.right, names),
    }


def example_sides(indicators) -> tuple[str, str] | None:
    """A rule's two sides written with the first numeric indicator of `indicators`, so an
    example copied from the form parses for this pilot: ("{Deltagare|K} + {Deltagare|M}",
    "{Deltagare}") by gender, else ("{Deltagare}", "0"). None without such an indicator."""
    indicator = next((i for i in indicators if not i.is_qualitative), None)
    if indicator is None:
        return None
    name = indicator.name
    if "K" in indicator.genders and "M" in indicator.genders:
        return f"{{{name}|K}} + {{{name}|M}}", f"{{{name}}}"
    return f"{{{name}}}", "0"
