"""No lost updates in the Wagtail admin: editors who opened the same page and save it in turn (or
at the same moment, on PostgreSQL) do not overwrite each other; the first save wins, the rest are
told and keep their input, and the page holds exactly the winner's text."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from wagtail.models import Locale, Page

from cms.groups import ensure_cms_groups_and_workflow
from cms.models import HomePage, VisionPage
from partners.factories import UserFactory
from tests.cms import helpers
from tests.concurrency import race

STALE = "Någon annan har sparat sidan sedan du öppnade den"
WRITERS = 8


class _EditForm(HTMLParser):
    """The fields the page editor's form submits as rendered (what a browser would send back)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._in_form = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self._in_form = True
        if not self._in_form or not attrs.get("name"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "checkbox", "file"):
            self.data[attrs["name"]] = attrs.get("value") or ""
        elif tag == "input" and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data[attrs["name"]] = attrs.get("value") or "on"
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def _open_editor(user, page) -> tuple[Client, dict]:
    """Log `user` in and open the page editor; the client and the form as the browser has it."""
    client = Client()
    client.force_login(user)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    form = _EditForm()
    form.feed(response.content.decode())
    assert form.data.get("loaded_revision_id"), "the editor carries the revision it loaded"
    return client, {**form.data, "body-count": "0"}


def _save(client, page, form, statement, *, publish=False) -> str:
    data = {**form, "statement": statement}
    if publish:
        data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    if response.status_code == 302:
        return "won"
    if response.status_code == 200 and STALE in response.content.decode():
        return "stale"
    return f"HTTP {response.status_code}"


def _vision_in_any_database() -> VisionPage:
    """The vision page. A transactional test may start from a database that an earlier one's
    teardown emptied (every table truncated, the migrations' page tree too), so the tree and the
    CMS groups' page permissions are rebuilt first when they are missing."""
    if not HomePage.objects.exists():
        Locale.objects.get_or_create(language_code="sv")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        root.add_child(instance=HomePage(title="Preventionsportalen", slug="hem"))
        ensure_cms_groups_and_workflow()
    return helpers.vision()


def _latest_statement(page) -> str:
    return VisionPage.objects.get(pk=page.pk).get_latest_revision_as_object().statement


def test_the_second_of_two_editors_is_refused_and_keeps_the_text(db, coordinator):
    page = helpers.vision()
    other = UserFactory(coordinator=True)
    first_client, first_form = _open_editor(coordinator, page)
    second_client, second_form = _open_editor(other, page)

    assert _save(first_client, page, first_form, "Den första redaktörens text") == "won"
    response = second_client.post(
        f"/admin/pages/{page.pk}/edit/", {**second_form, "statement": "Den andras text"}
    )
    assert response.status_code == 200 and STALE in response.content.decode()
    assert "Den andras text" in response.content.decode()  # the input is kept to copy
    assert _latest_statement(page) == "Den första redaktörens text"

    # Reloading shows the colleague's version, and saving from it works.
    second_client, second_form = _open_editor(other, page)
    assert _save(second_client, page, second_form, "Den andras text, ovanpå") == "won"
    assert _latest_statement(page) == "Den andras text, ovanpå"


def test_publishing_from_a_stale_editor_is_refused(db, coordinator):
    page = helpers.vision()
    first_client, first_form = _open_editor(coordinator, page)
    second_client, second_form = _open_editor(coordinator, page)
    assert _save(first_client, page, first_form, "Utkast från fliken ett") == "won"
    assert _save(second_client, page, second_form, "Publicerat", publish=True) == "stale"
    page.refresh_from_db()
    assert page.specific.statement != "Publicerat"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
def test_simultaneous_saves_of_one_page_one_wins():
    page = _vision_in_any_database()
    editors = [_open_editor(UserFactory(coordinator=True), page) for _ in range(WRITERS)]
    revisions = page.revisions.count()

    def write(n):
        client, form = editors[n]
        return _save(client, page, form, f"Redaktör {n}")

    outcomes = race(WRITERS, write)

    assert outcomes.count("won") == 1 and outcomes.count("stale") == WRITERS - 1, outcomes
    assert _latest_statement(page) == f"Redaktör {outcomes.index('won')}"
    assert page.revisions.count() == revisions + 1
