"""The appraisal group's four eyes on the production stack: a writer opens the nominated practice
from "Att bedöma" on Mina sidor, drafts and submits the appraisal, a second appraiser publishes it
from the same queue, and the worker process reindexes the practice so the learning base's search
(served by gunicorn, PostgreSQL without a wrapping transaction) offers it under "Skala upp"."""

import re
import time

from playwright.sync_api import expect

from learning.factories import NominationFactory, PracticeFactory
from learning.models import Appraisal, AppraisalStatus, Recommendation
from learning.rules import ensure_appraisal_group
from partners.factories import UserFactory
from pilots.factories import PilotFactory
from search.models import SearchDocument
from tests.browser.helpers import fill_appraisal
from tests.production.pages import log_in_from_home

PASSWORD = "Prevention-2025!"
TITLE = "Familjestöd i förskolan"


def _appraiser(first_name, last_name, email):
    user = UserFactory(first_name=first_name, last_name=last_name, email=email)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(ensure_appraisal_group())
    return user


def _log_in(page, email):
    log_in_from_home(page, email, PASSWORD)


def _queue(page):
    return page.get_by_role("region", name=re.compile(r"^Att bedöma"))


def _indexed_recommendation(practice, timeout: float = 60) -> list:
    deadline = time.monotonic() + timeout
    facets = {}
    while time.monotonic() < deadline:
        document = SearchDocument.objects.filter(doc_type="practice", object_id=practice.pk).first()
        facets = document.facets if document else {}
        if facets.get("recommendation"):
            return facets["recommendation"]
        time.sleep(0.5)
    raise AssertionError(f"the worker did not reindex {TITLE} in {timeout} s (facets {facets})")


def test_two_appraisers_publish_from_their_queue_and_the_worker_reindexes_the_practice(
    prod_page, live
):
    page = prod_page
    practice = PracticeFactory(title=TITLE, original_pilot=PilotFactory(title="Familjestöd"))
    NominationFactory(practice=practice)
    writer = _appraiser("Vera", "Bedömare", "vera@fhm.se")
    reviewer = _appraiser("Gustav", "Granskare", "gustav@fhm.se")

    _log_in(page, writer.email)
    _queue(page).get_by_role("link", name=f"Påbörja bedömning av {TITLE}").click()
    page.get_by_role("button", name="Påbörja bedömning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bedömning av {TITLE}")
    fill_appraisal(page)
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_role("status")).to_contain_text("Bedömningen är sparad.")
    page.get_by_role("button", name="Skicka till granskning").click()
    expect(page.get_by_role("status")).to_contain_text("skickad till granskning")
    page.get_by_role("banner").get_by_role("button", name="Logga ut").click()

    _log_in(page, reviewer.email)
    review = _queue(page).get_by_role("region", name=re.compile(r"^Att granska 1"))
    expect(review).to_contain_text("skriven av Vera Bedömare")
    review.get_by_role("link", name=f"Granska bedömningen av {TITLE}").click()
    page.get_by_role("button", name="Publicera bedömningen").click()
    expect(page.get_by_role("status")).to_contain_text("Bedömningen är publicerad.")

    appraisal = Appraisal.objects.get(practice=practice)
    assert appraisal.status == AppraisalStatus.PUBLISHED and appraisal.reviewed_by == reviewer
    assert _indexed_recommendation(practice) == [Recommendation.SCALE_UP]
    found = live.session().get("/api/v1/search/", params={"q": "familjestöd"}).json()
    hit = next(r for r in found["results"] if r["title"] == TITLE)
    assert hit["facets"]["recommendation"] == [Recommendation.SCALE_UP]
