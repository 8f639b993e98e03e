"""A live CMS page made private (a view restriction) leaves search at once for those who may
not see it, on the API, the suggestions and the results page, and comes back when the
restriction is removed (issue 15). The restriction is saved as the admin's privacy dialog
saves it; indexing runs after commit as in production."""

from django.db import transaction
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from tests.cms import helpers

TITLE = "Kvartalsrapport om tandborstning"


def _committed():
    """Each step is its own transaction in production: forget the callbacks already run, so
    the outbox's once-per-transaction key does not swallow the next step's indexing."""
    transaction.get_connection().run_on_commit.clear()


def _findable(client, url) -> dict[str, bool]:
    api = client.get("/api/v1/search/", {"q": "kvartalsrapport"}).json()
    suggestions = client.get("/sok/forslag/", {"q": "kvartalsrap"}).json()["suggestions"]
    page = client.get("/sok/", {"q": "kvartalsrapport"}).content.decode()
    return {
        "api": TITLE in [hit["title"] for hit in api["results"]],
        "suggestions": TITLE in [s["title"] for s in suggestions],
        "page": f'href="{url}"' in page,
    }


def test_a_view_restriction_hides_a_page_and_its_children_from_search_until_removed(
    db, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        parent = helpers.publish(helpers.home(), StandardPage(title=TITLE, slug="rapport"))
        child = helpers.publish(parent, StandardPage(title=f"{TITLE} bilaga", slug="bilaga"))
    _committed()
    assert _findable(client, parent.url) == {"api": True, "suggestions": True, "page": True}
    assert child.url in client.get("/sok/", {"q": "bilaga"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=parent, restriction_type=PageViewRestriction.LOGIN
        )
    _committed()
    assert _findable(client, parent.url) == {"api": False, "suggestions": False, "page": False}
    assert child.url not in client.get("/sok/", {"q": "bilaga"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert _findable(client, parent.url) == {"api": True, "suggestions": True, "page": True}
    assert child.url in client.get("/sok/", {"q": "bilaga"}).content.decode()
