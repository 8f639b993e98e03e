"""Every page type is created, published and rendered; the tree rules keep the site sensible."""

from datetime import date

import pytest

from cms.models import (
    HomeFeaturedGoal,
    HomePage,
    NationalGoalPage,
    StandardPage,
    UpdateIndexPage,
    UpdatePage,
    VisionPage,
)
from pilots.factories import IndicatorFactory, PilotFactory
from tests.cms import helpers

pytestmark = pytest.mark.django_db


RICH_BODY = [
    ("heading", {"text": "Vad vi gör"}),
    ("paragraph", "<p>Vi <b>testar</b> i piloter.</p>"),
    ("image", {"image": None, "alt": "", "caption": "Bildtext"}),
    ("quote", {"quote": "Det fungerar.", "attribution": "En dietist"}),
    ("call_to_action", {"text": "Registrera din pilot", "link": "/piloter/"}),
    ("key_figures", {"figures": ["partners", "pilots"], "heading": "I siffror"}),
    (
        "pilot_list",
        {"heading": "Piloter för äldre", "health_area": "", "life_stage": "aldre", "count": 2},
    ),
]


def test_vision_page_lists_its_goals_with_progress_and_contributing_pilots(client):
    vision = helpers.vision()
    goal = helpers.goal(vision)
    pilot = PilotFactory(title="Matglad i Kiruna")
    goal.contributions.create(pilot=pilot)
    response = client.get(vision.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Alla ska leva länge med god hälsa." in body
    assert "Inga äldre ska vara undernärda 2030" in body
    assert "Matglad i Kiruna" in body
    assert [card.goal.pk for card in response.context["goal_cards"]] == [goal.pk]


def test_goal_page_shows_statement_figures_progress_and_source(client):
    helpers.riket("N99999", {2021: 19, 2022: 18, 2023: 17, 2024: 15.5})
    goal = helpers.goal(kolada_kpi="N99999")
    response = client.get(goal.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Inga äldre ska vara undernärda 2030" in body
    assert "I fas" in body
    assert "15,5" in body  # the latest value in Swedish format
    assert "Källa: Kolada (N99999, riket)" in body
    card = response.context["card"]
    assert card.source == "statistics" and card.latest_year == 2024


def test_goal_without_kpi_uses_approved_results_of_public_pilots_on_its_indicator(client):
    indicator = IndicatorFactory(name="Andel med risk för undernäring")
    goal = helpers.goal(indicator=indicator)
    pilot = PilotFactory(approved_reports=2)  # values 12 and 14 in 2025 on its own indicators
    pilot.indicators.create(indicator=indicator)
    link = pilot.indicators.get(indicator=indicator)
    for report in pilot.reports.all():
        report.values.create(pilot_indicator=link, value=16)
    PilotFactory(private=True, approved_reports=1).indicators.create(indicator=indicator)
    card = client.get(goal.url).context["card"]
    assert card.source == "pilots"
    assert card.pilot_count == 1
    assert card.progress.latest.value == 16


def test_goal_without_indicator_has_no_data_yet(client):
    goal = helpers.goal()
    response = client.get(goal.url)
    assert response.context["card"].progress.status == "no_data"
    assert "Inga data ännu" in response.content.decode()


def test_update_page_renders_every_block(client):
    goal = helpers.goal()
    PilotFactory(title="Seniorkraft", life_stage="aldre")
    update = helpers.update(body=[*RICH_BODY, ("goal_progress", {"goal": goal})])
    body = client.get(update.url).content.decode()
    assert "Vad vi gör" in body and "<b>testar</b>" in body
    assert "Bildtext" in body
    assert "Det fungerar." in body and "En dietist" in body
    assert 'href="/piloter/"' in body
    assert "I siffror" in body
    assert "Seniorkraft" in body
    assert "Inga äldre ska vara undernärda 2030" in body
    assert "Karin" in body


def test_update_index_paginates_newest_first(client):
    for n in range(12):
        helpers.update(slug=f"nyhet-{n}", title=f"Nyhet {n}", when=date(2025, 1, n + 1))
    index = helpers.update_index()
    first = client.get(index.url)
    titles = [u.title for u in first.context["page_obj"]]
    assert titles[0] == "Nyhet 11" and len(titles) == 10
    second = client.get(index.url + "?page=2")
    assert [u.title for u in second.context["page_obj"]] == ["Nyhet 1", "Nyhet 0"]


def test_standard_page_renders(client):
    page = helpers.publish(
        helpers.home(), StandardPage(title="Om partnerskapet", slug="om", body=RICH_BODY[:2])
    )
    body = client.get(page.url).content.decode()
    assert "Om partnerskapet" in body and "Vad vi gör" in body


def test_home_page_features_chosen_goals_and_latest_updates(client):
    first, second = helpers.goal(slug="a"), helpers.goal(slug="b", statement="Fler unga mår bra")
    helpers.update(title="Nytt om målen")
    home = helpers.home()
    HomeFeaturedGoal.objects.create(page=home, goal=second, sort_order=0)
    response = client.get("/")
    assert [c.goal.pk for c in response.context["goal_cards"]] == [second.pk]
    body = response.content.decode()
    assert "Fler unga mår bra" in body and "Nytt om målen" in body
    assert first.pk not in [c.goal.pk for c in response.context["goal_cards"]]


def test_home_page_shows_first_goals_when_none_are_chosen(client):
    goal = helpers.goal()
    assert [c.goal.pk for c in client.get("/").context["goal_cards"]] == [goal.pk]


def test_drafts_are_not_shown_to_anonymous_visitors(client):
    vision = helpers.vision()
    draft = NationalGoalPage(
        title="Utkast",
        slug="utkast",
        statement="Hemligt mål",
        baseline_value=1,
        baseline_year=2020,
        target_value=2,
        target_date=date(2030, 12, 31),
        direction="higher",
        live=False,
    )
    vision.add_child(instance=draft)
    assert client.get("/vision/utkast/").status_code == 404
    assert "Hemligt mål" not in client.get(vision.url).content.decode()
    assert "Hemligt mål" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("child", "parent", "allowed"),
    [
        (VisionPage, HomePage, True),
        (NationalGoalPage, VisionPage, True),
        (NationalGoalPage, HomePage, False),
        (UpdatePage, UpdateIndexPage, True),
        (UpdatePage, HomePage, False),
        (UpdateIndexPage, VisionPage, False),
        (StandardPage, VisionPage, True),
        (VisionPage, UpdateIndexPage, False),
    ],
)
def test_page_type_rules(child, parent, allowed):
    assert (
        child in parent.allowed_subpage_models() and parent in child.allowed_parent_page_models()
    ) is allowed


def test_goal_validation_rejects_a_direction_that_contradicts_the_values():
    from django.core.exceptions import ValidationError

    goal = NationalGoalPage(
        title="Mål",
        slug="m",
        statement="Fel riktning",
        baseline_value=10,
        baseline_year=2020,
        target_value=20,
        target_date=date(2030, 12, 31),
        direction="lower",
    )
    with pytest.raises(ValidationError) as exc:
        goal.clean()
    assert "direction" in exc.value.error_dict


def test_pages_api_exposes_goal_fields(client):
    helpers.goal(kolada_kpi="N99999")
    helpers.update()
    data = client.get("/api/cms/pages/?type=cms.NationalGoalPage&fields=*").json()
    item = data["items"][0]
    assert item["statement"] == "Inga äldre ska vara undernärda 2030"
    assert item["kpi"] == "N99999" and item["target_date"] == "2030-12-31"
    updates = client.get("/api/cms/pages/?type=cms.UpdatePage&fields=date,author,body").json()
    assert updates["items"][0]["author"] == "Karin"
