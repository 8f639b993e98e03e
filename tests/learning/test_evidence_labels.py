"""Evidence levels read once each, in the visitor's language, on the appraisal form."""

import pytest

from learning.factories import AppraisalFactory

pytestmark = pytest.mark.django_db


def _form(client, appraiser, practice, language=None):
    appraisal = AppraisalFactory(practice=practice)
    client.force_login(appraiser)
    if language:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return client.get(f"/kunskapsbank/bedomningar/{appraisal.pk}/").text


def test_a_swedish_level_names_itself_once(client, appraiser, practice):
    page = _form(client, appraiser, practice)
    assert "1 – Preliminär. Lovande erfarenheter" in page
    assert "Preliminär. Preliminär" not in page
    assert "Preliminär: " not in page


def test_the_english_form_shows_english_levels(client, appraiser, practice):
    page = _form(client, appraiser, practice, language="en")
    assert "1 – Preliminary. Promising experience" in page
    assert "4 – Lasting effect shown in more than one setting. The effect persists" in page
    assert "Preliminär" not in page
