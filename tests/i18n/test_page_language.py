"""A crawl of the pages each kind of user opens: in English no Swedish UI word leaks, and in
Swedish no raw code (snake_case identifiers, dotted event names) shows instead of a word.

Only what a reader sees is checked: text, and the title, aria-label, placeholder, alt and button
value attributes. Names of kommuner, organisations, pilots and the test world's own content are
proper names and stay in Swedish; the words below are UI words from the Swedish source strings.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from tests.security.conftest import clients, world  # noqa: F401 (fixtures)

# Unmistakably Swedish UI words (whole words, case-sensitive), from the sv source strings.
SWEDISH = [
    "Spara",
    "Avbryt",
    "Utkast",
    "Godkänd",
    "Godkända",
    "Inskickad",
    "Returnerad",
    "Rapport",
    "Rapporter",
    "rapporter",
    "kommuner",
    "Kommuner",
    "perioder",
    "Piloter",
    "piloter",
    "Mina sidor",
    "Logga in",
    "Logga ut",
    "Sök",
    "Visa",
    "Sida",
    "Tillbaka",
    "Kalkyl",
    "Utgångsvärde",
    "Målvärde",
    "Nyckeltal",
    "och",
    "eller",
    "inte",
    "för",
    "med",
]
NUMBER_KR = re.compile(r"\d[\d\u202f\u00a0 ]*\u00a0?kr\b")
SWEDISH_WORD = re.compile(
    r"(?<![\wåäöÅÄÖ])(" + "|".join(map(re.escape, SWEDISH)) + r")(?![\wåäöÅÄÖ])"
)
# A code: snake_case with at least one underscore, or a dotted event name such as pilot.published.
RAW_CODE = re.compile(
    r"\b[a-z]+(?:_[a-z]+)+\b|\b(?:pilot|report|programme|statistics|organisation)\.[a-z_]+\b"
)
ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class _Visible(HTMLParser):
    """The text a reader sees or hears, outside <script>, <style> and the language switch."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template") or ("lang" in attrs and attrs["lang"] == "sv"):
            self._skip += 1
            self._skipping_tag = tag
            return
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if self._skip and tag == getattr(self, "_skipping_tag", None):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(p.strip() for p in parser.parts if p.strip())


def _pages(w):
    pilot, period = w.public_pilot, w.public_draft_report.period
    return {
        "anonymous": [
            "/",
            "/piloter/",
            pilot.get_absolute_url(),
            "/kommuner/",
            "/kommuner/2480/",
            "/regioner/",
            "/organisationer/",
            "/program/",
            "/kunskapsbank/",
            "/kunskapsbank/praktiker/",
            w.practice.get_absolute_url(),
            "/jamfor/2480/",
            "/sok/?q=pilot",
        ],
        "reporter": [
            "/mina-sidor/",
            f"/piloter/{pilot.slug}/rapporter/{period.pk}/",
            f"/piloter/{pilot.slug}/historik/",
            f"/piloter/{pilot.slug}/kalkyl/",
            f"/piloter/{pilot.slug}/kalkyl/redigera/",
            f"/piloter/{pilot.slug}/import/",
            "/jamfor/grupper/",
            "/jamfor/grupper/ny/",
        ],
        "approver": ["/mina-sidor/", f"/piloter/{pilot.slug}/rapporter/{period.pk}/"],
        "coordinator": [
            "/mina-sidor/",
            f"/organisationer/{w.org_a.slug}/handelser/",
            w.programme.get_absolute_url(),
            f"/program/{w.programme.slug}/portfolj/",
        ],
        "outsider": ["/jamfor/", "/jamfor/2480/"],  # a kommun analyst without a pilot
    }


def _proper_names(w) -> set[str]:
    """Words of names that may stay Swedish on an English page."""
    from partners.models import Kommun, Organisation
    from pilots.models import Pilot

    names = [*Kommun.objects.values_list("name", flat=True)]
    names += Organisation.objects.values_list("name", flat=True)
    names += Pilot.objects.values_list("title", flat=True)
    return {word for name in names for word in re.findall(r"[\wåäöÅÄÖ]+", name)}


def _content() -> str:
    """Everything people wrote into the database (pages, summaries, purposes, appraisals): it is
    content in Swedish, not UI, so a line found in it is not a leak."""
    from django.apps import apps

    texts = []
    for model in apps.get_models():
        if model._meta.label == "partners.AuditEvent":
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.get_internal_type() in ("CharField", "TextField", "JSONField")
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                texts.extend(str(value) for value in row if value)
    return re.sub(r"\s+", " ", "\n".join(texts))


def _crawl(world, clients, language):  # noqa: F811
    found = {}
    for role, urls in _pages(world).items():
        client = clients[role]
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        try:
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, (role, url, response.status_code)
                yield role, url, _visible(response.content.decode())
        finally:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return found


@pytest.mark.django_db
def test_english_pages_have_no_swedish_ui_words(world, clients):  # noqa: F811
    names, content = _proper_names(world), _content()
    leaks = []
    for role, url, text in _crawl(world, clients, "en"):
        for line in text.splitlines():
            if line in content:
                continue
            words = {m.group(1) for m in SWEDISH_WORD.finditer(line)} - names
            if words or NUMBER_KR.search(line):
                leaks.append(f"{role} {url}: {line[:120]!r}")
    assert not leaks, f"{len(leaks)} Swedish lines on English pages:\n  " + "\n  ".join(leaks)


@pytest.mark.django_db
def test_swedish_pages_show_words_not_codes(world, clients):  # noqa: F811
    codes = []
    for role, url, text in _crawl(world, clients, "sv"):
        for line in text.splitlines():
            if RAW_CODE.search(line):
                codes.append(f"{role} {url}: {line[:120]!r}")
    assert not codes, f"{len(codes)} raw codes on Swedish pages:\n  " + "\n  ".join(codes)
