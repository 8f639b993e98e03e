"""The Wagtail admin speaks Swedish throughout: every string of the installed Wagtail apps that
Wagtail's own Swedish catalogue lacks is in ours (locale/sv), and the page editor shows it."""

from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings

from tests.cms import helpers

WAGTAIL = Path(wagtail.__file__).parent
OURS = Path(settings.ROOT_DIR) / "locale" / "sv" / "LC_MESSAGES"


def _app_dirs():
    for app in settings.INSTALLED_APPS:
        if app == "wagtail" or app.startswith("wagtail."):
            path = WAGTAIL.joinpath(*app.split(".")[1:]) / "locale"
            if (path / "en").exists():
                yield app, path


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_admin_string_has_swedish(domain):
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(OURS / f"{domain}.po"))}
    missing = []
    for app, path in _app_dirs():
        source = path / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not source.exists():
            continue
        swedish = path / "sv" / "LC_MESSAGES" / f"{domain}.po"
        theirs = set()
        if swedish.exists():
            theirs = {(e.msgctxt, e.msgid) for e in polib.pofile(str(swedish)) if e.translated()}
        missing += [
            f"{app}: {e.msgid[:70]}"
            for e in polib.pofile(str(source))
            if (e.msgctxt, e.msgid) not in theirs | ours
        ]
    assert not missing, "No Swedish for:\n" + "\n".join(missing)


@pytest.mark.django_db
def test_the_page_editor_says_autosave_is_paused_in_swedish(client, coordinator):
    goal = helpers.goal()
    client.force_login(coordinator)
    html = client.get(f"/admin/pages/{goal.pk}/edit/").content.decode()
    assert "Automatisk sparning är pausad" in html
    assert "Autosave is paused" not in html
