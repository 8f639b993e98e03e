"""The appraisal group's queue ("Att bedöma"): on Mina sidor and in the learning base, each entry a
link to where the work is done, with counts; nothing for anyone else; constant queries."""

import datetime as dt

import pytest
from django.utils import timezone

from learning.factories import AppraisalFactory, NominationFactory, PracticeFactory
from learning.queue import appraisal_queue
from pilots.factories import PilotFactory
from pilots.models import Visibility

pytestmark = pytest.mark.django_db


def _world(appraiser, second_appraiser):
    """One practice in each state of the queue, and one that needs nothing."""
    today = timezone.localdate()
    nominated = PracticeFactory(title="Nominerad praktik")
    NominationFactory(practice=nominated)
    NominationFactory(practice=nominated)  # a second nomination: still one entry
    for_review = PracticeFactory(title="Granskas av någon annan")
    review = AppraisalFactory(practice=for_review, in_review=True)
    review.authors.add(second_appraiser)
    my_draft = PracticeFactory(title="Mitt utkast")
    mine = AppraisalFactory(practice=my_draft)
    mine.authors.add(appraiser)
    my_review = PracticeFactory(title="Min bedömning granskas")
    waiting = AppraisalFactory(practice=my_review, in_review=True)
    waiting.authors.add(appraiser)
    due = PracticeFactory(title="Ska omprövas")
    AppraisalFactory(practice=due, published=True, reassess_by=today - dt.timedelta(days=3))
    calm = PracticeFactory(title="Nyligen bedömd")
    AppraisalFactory(practice=calm, published=True)
    return {"review": review, "mine": mine, "waiting": waiting, "due": due, "nominated": nominated}


def test_queue_lists_each_kind_of_work(appraiser, second_appraiser):
    world = _world(appraiser, second_appraiser)
    queue = appraisal_queue(user=appraiser)
    assert [n.practice for n in queue.awaiting] == [world["nominated"]]
    assert queue.to_review == [world["review"]]  # written by someone else: four eyes
    assert set(queue.mine) == {world["mine"], world["waiting"]}  # mine, not mine to review
    assert [e.practice for e in queue.due] == [world["due"]] and queue.due[0].overdue
    assert queue.count == 5


def test_the_author_is_not_asked_to_review_their_own_appraisal(appraiser, second_appraiser):
    world = _world(appraiser, second_appraiser)
    queue = appraisal_queue(user=second_appraiser)
    assert queue.to_review == [world["waiting"]]
    assert world["review"] in queue.mine


def test_nominated_practice_with_an_appraisal_under_way_is_not_waiting(appraiser):
    practice = PracticeFactory()
    NominationFactory(practice=practice)
    AppraisalFactory(practice=practice).authors.add(appraiser)
    queue = appraisal_queue(user=appraiser)
    assert queue.awaiting == [] and len(queue.mine) == 1


def test_private_practices_stay_out_of_an_appraisers_queue(appraiser, coordinator):
    hidden = PracticeFactory(original_pilot=PilotFactory(visibility=Visibility.PRIVATE))
    NominationFactory(practice=hidden)
    assert appraisal_queue(user=appraiser).awaiting == []
    assert [n.practice for n in appraisal_queue(user=coordinator).awaiting] == [hidden]


@pytest.mark.parametrize("role", ["anonymous", "outsider", "org_admin", "reporter"])
def test_nobody_else_has_a_queue(role, request, client, appraiser, second_appraiser):
    _world(appraiser, second_appraiser)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user is not None:
        assert not appraisal_queue(user=user).allowed
        client.force_login(user)
        html = client.get("/mina-sidor/").content.decode()
        assert "Att bedöma" not in html and "Nominerad praktik" not in html
    response = client.get("/kunskapsbank/att-bedoma/")
    assert response.status_code in (302, 403)


def test_mina_sidor_shows_the_queue_with_links_and_counts(client, appraiser, second_appraiser):
    world = _world(appraiser, second_appraiser)
    client.force_login(appraiser)
    html = client.get("/mina-sidor/").content.decode()
    assert "Att bedöma" in html
    assert f'href="{world["nominated"].get_absolute_url()}#h-work"' in html
    assert f'href="{world["review"].get_absolute_url()}"' in html
    assert f'href="{world["mine"].get_absolute_url()}"' in html
    assert f'href="{world["due"].get_absolute_url()}#h-work"' in html
    assert "Granska bedömningen av Granskas av någon annan" in html
    assert 'class="badge">5<' in html
    assert 'href="/kunskapsbank/att-bedoma/"' in html


def test_learning_base_page_and_nav(client, appraiser, second_appraiser):
    world = _world(appraiser, second_appraiser)
    client.force_login(appraiser)
    home = client.get("/kunskapsbank/").content.decode()
    assert 'href="/kunskapsbank/att-bedoma/"' in home
    response = client.get("/kunskapsbank/att-bedoma/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Att bedöma" in html
    assert "Påbörja bedömning av Nominerad praktik" in html
    assert f'href="{world["review"].get_absolute_url()}"' in html
    assert "försenad" in html


def test_queue_in_english(client, appraiser, second_appraiser):
    _world(appraiser, second_appraiser)
    client.force_login(appraiser)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/kunskapsbank/att-bedoma/").text
    assert "To appraise" in html and "Review the appraisal of Granskas av någon annan" in html


def test_queue_queries_do_not_grow(
    client, appraiser, second_appraiser, django_assert_max_num_queries
):
    _world(appraiser, second_appraiser)
    client.force_login(appraiser)
    client.get("/kunskapsbank/att-bedoma/")
    with django_assert_max_num_queries(40) as small:
        client.get("/kunskapsbank/att-bedoma/")
    for _ in range(4):
        _world(appraiser, second_appraiser)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/kunskapsbank/att-bedoma/").status_code == 200
    with django_assert_max_num_queries(80) as small_dash:
        client.get("/mina-sidor/")
    _world(appraiser, second_appraiser)
    with django_assert_max_num_queries(len(small_dash.captured_queries)):
        client.get("/mina-sidor/")
