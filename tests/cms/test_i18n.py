"""English is the second language: the catalogue is complete and the switch in the header works.

The msgids are the Swedish source strings. When someone adds or changes a string, `make messages`
adds it to locale/en/LC_MESSAGES/django.po with an empty or fuzzy msgstr, and this test fails
until it has an English translation.
"""

import re
import runpy
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]|\{\w*\}")


def _entries():
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def _where(entry) -> str:
    places = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({places})"


def test_every_string_has_an_english_translation():
    untranslated = [
        _where(entry) for entry in _entries() if not entry.translated() or "fuzzy" in entry.flags
    ]
    assert not untranslated, (
        f"{len(untranslated)} strings lack an English translation (empty or fuzzy) in "
        f"{CATALOGUE.relative_to(ROOT)}; translate them and remove the fuzzy flag:\n  "
        + "\n  ".join(untranslated)
    )


def test_translations_keep_the_placeholders_of_the_swedish_source():
    broken = []
    for entry in _entries():
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural.get(0, "")),
                (entry.msgid_plural, entry.msgstr_plural.get(1, "")),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            if translation and sorted(PLACEHOLDER.findall(source)) != sorted(
                PLACEHOLDER.findall(translation)
            ):
                broken.append(f"{source!r} → {translation!r}")
    assert not broken, "Translations with other placeholders than the source:\n  " + "\n  ".join(
        broken
    )


@pytest.fixture
def english_catalogue(settings):
    """Compile the .po (the .mo is not in git) and make Django reload its catalogues."""
    runpy.run_path(str(ROOT / "scripts" / "compilemessages.py"))
    # Re-assigning the setting sends setting_changed, which drops Django's cached catalogues.
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS]


@pytest.mark.django_db
def test_switching_to_english_translates_the_home_page(client, english_catalogue):
    swedish = client.get("/").content.decode()
    assert '<html lang="sv">' in swedish
    assert "Partnerskapet i siffror" in swedish

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    english = client.get("/").content.decode()
    assert '<html lang="en">' in english
    assert "The partnership in numbers" in english
    assert "Skip to content" in english
    assert "Partnerskapet i siffror" not in english
    # The switch back is labelled in its own language.
    assert re.search(r'value="sv"[^>]*lang="sv">Svenska<', english)
