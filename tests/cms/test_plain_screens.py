"""The home page and news read right: one title, feeds a reader can find, no repeated lead, and a
goal card that says what its status is judged on."""

import re

import pytest
from django.core.cache import cache

from cms.progress import Direction, Goal, Observation, assess
from tests.cms import helpers

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_home_title_names_the_portal_once(client):
    title = _title(client.get("/").content.decode())
    assert title.count("Preventionsportalen") == 1


def test_every_page_links_the_news_feeds_for_feed_readers(client):
    helpers.update()
    cache.clear()
    for path in ("/", "/kommuner/"):
        html = client.get(path).content.decode()
        assert re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]+/rss/"', html)
        assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]+/atom/"', html)
    index = helpers.update_index()
    assert client.get(index.url + "rss/").status_code == 200


def test_news_does_not_repeat_its_lead_as_its_first_paragraph(client):
    page = helpers.update(
        body=[
            ("paragraph", "<p>Kort om nyheten.</p>"),
            ("paragraph", "<p>Mer om saken.</p>"),
        ]
    )
    html = client.get(page.url).content.decode()
    assert html.count("Kort om nyheten.") == 1 + html.count('content="Kort om nyheten.')
    assert "Mer om saken." in html


def test_goal_card_says_its_status_is_judged_by_the_trend(client):
    helpers.goal(slug="kpi", kolada_kpi="N99999")
    helpers.riket("N99999", {2021: 19, 2022: 18, 2023: 17})
    cache.clear()
    html = client.get("/").content.decode()
    assert "Bedömt efter trenden: den pekar mot" in html


def test_progress_basis_is_trend_path_or_target():
    goal = Goal(
        baseline_value=20,
        baseline_at=2020.5,
        target_value=10,
        target_at=2030.9,
        direction=Direction.LOWER,
    )
    assert assess(goal, [Observation(2021.5, 19), Observation(2022.5, 18)], today=2023).basis == (
        "trend"
    )
    assert assess(goal, [Observation(2021.5, 19)], today=2023).basis == "path"
    assert assess(goal, [Observation(2031.5, 9)], today=2032).basis == "target"
    assert assess(goal, [], today=2023).basis == ""
