"""Demo content for the coordinator's CMS: the home page, a vision with four national goals linked
to library indicators and pilots, an update index with three updates, and a demo editor.

Idempotent: pages are matched on slug and only created when missing; contributions are
get_or_create. Run after the partners, pilots and benchmarking demos (seed_demo does).
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from benchmarking.models import StatisticValue
from cms.groups import EDITOR_GROUP, ensure_cms_groups_and_workflow
from cms.models import (
    GoalContribution,
    HomeFeaturedGoal,
    HomePage,
    NationalGoalPage,
    UpdateIndexPage,
    UpdatePage,
    VisionPage,
)
from partners.demo import DEMO_PASSWORD
from pilots.models import Indicator, Pilot

EDITOR_EMAIL = "redaktor@example.se"

VISION = {
    "title": "Vision 2030",
    "slug": "vision",
    "summary": "Partnerskapets gemensamma vision och de nationella mål vi följer upp tillsammans.",
    "statement": (
        "Alla i Sverige ska kunna leva ett långt liv med god hälsa – för att vi tillsammans "
        "förebygger det som går att förebygga, tidigt och där människor finns."
    ),
}

# slug, statement, title, indicator name, own KPI, unit, baseline (year, fallback), target, date,
# direction, health area of the contributing pilots, summary
GOALS = [
    (
        "undernaring-aldre",
        "Inga äldre ska vara undernärda 2030",
        "Undernäring bland äldre",
        "Andel med risk för undernäring",
        "",
        "%",
        (2023, Decimal("30")),
        Decimal("10"),
        date(2030, 12, 31),
        "lower",
        "undernaring",
        "Alla äldre med risk för undernäring ska upptäckas och få stöd i tid. Vi följer andelen "
        "med risk för undernäring i piloternas godkända resultat.",
    ),
    (
        "psykisk-halsa-unga",
        "Sju av tio unga ska skatta sin psykiska hälsa som god 2030",
        "Psykisk hälsa bland unga",
        "Andel unga som skattar sin psykiska hälsa som god",
        "",
        "%",
        (2018, Decimal("60")),
        Decimal("70"),
        date(2030, 12, 31),
        "higher",
        "psykisk_ohalsa",
        "Den psykiska ohälsan bland unga ska vända. Statistik för riket (demovärden).",
    ),
    (
        "fysisk-aktivitet",
        "Hälften av eleverna ska röra sig minst en timme om dagen 2030",
        "Fysisk aktivitet bland barn och unga",
        "Andel elever som är fysiskt aktiva minst 60 minuter per dag",
        "",
        "%",
        (2018, Decimal("23")),
        Decimal("50"),
        date(2030, 12, 31),
        "higher",
        "fysisk_aktivitet",
        "Fler barn och unga ska röra sig varje dag, i skolan och på fritiden.",
    ),
    (
        "sjukfranvaro",
        "Sjukpenningtalet ska vara under 8 dagar 2030",
        "Sjukfrånvaro",
        "Sjukfrånvarodagar per anställd",
        "N99906",
        "dagar",
        (2019, Decimal("9.0")),
        Decimal("7.9"),
        date(2030, 12, 31),
        "lower",
        "sjukfranvaro",
        "Färre ska bli långtidssjukskrivna. Sjukpenningtalet för riket (demovärden).",
    ),
]

UPDATES = [
    (
        "sex-nya-piloter-for-aldres-hals",
        "Sex nya piloter för äldres hälsa",
        date(2025, 3, 12),
        "Karin Koordinator, nationell samordnare",
        "Sex kommuner och två regioner startar piloter mot undernäring och fall bland äldre.",
    ),
    (
        "forsta-lagesrapporten-om-malen",
        "Första lägesrapporten om de nationella målen",
        date(2025, 6, 2),
        "Karin Koordinator, nationell samordnare",
        "Två av fyra mål är i fas. Sjukfrånvaron minskar, men ungas psykiska hälsa går åt "
        "fel håll.",
    ),
    (
        "valkommen-att-dela-era-resultat",
        "Välkommen att dela era resultat",
        date(2025, 9, 18),
        "Redaktionen",
        "Nu kan pilotteam själva anmäla vilka nationella mål deras pilot bidrar till.",
    ),
]


def _riket(kpi: str, year: int) -> Decimal | None:
    row = StatisticValue.objects.filter(kpi_id=kpi, area="0000", gender="T", year=year).first()
    return row.value if row and row.value is not None else None


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _update_body(goal: NationalGoalPage | None, text: str) -> list:
    body = [
        ("paragraph", f"<p>{text}</p>"),
        ("heading", {"text": "Vad händer nu?"}),
        (
            "paragraph",
            "<p>Piloterna rapporterar sina resultat varje period. Godkända värden syns direkt "
            "på målens sidor och i kunskapsbanken.</p>",
        ),
        (
            "quote",
            {
                "quote": "Det är första gången vi kan se hur vårt arbete bidrar till ett "
                "nationellt mål.",
                "attribution": "Verksamhetsutvecklare i en av pilotkommunerna",
            },
        ),
        ("key_figures", {"figures": ["partners", "pilots", "kommuner_reached"], "heading": ""}),
    ]
    if goal is not None:
        body.append(("goal_progress", {"goal": goal}))
    body.append(
        (
            "pilot_list",
            {
                "heading": "Piloter för äldres hälsa",
                "health_area": "",
                "life_stage": "aldre",
                "count": 3,
            },
        )
    )
    body.append(("call_to_action", {"text": "Registrera din pilot", "link": "/piloter/"}))
    return body


def _editor():
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(
        email=EDITOR_EMAIL, defaults={"first_name": "Rut", "last_name": "Redaktör"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


@transaction.atomic
def seed(stdout=None) -> dict[str, int]:
    """Create the CMS demo where missing. Returns counts of what exists afterwards."""
    ensure_cms_groups_and_workflow()
    _editor()
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("The home page is missing; run migrate first.")
    vision = VisionPage.objects.filter(slug=VISION["slug"]).first()
    if vision is None:
        vision = _publish(home, VisionPage(**VISION))
    library = {i.name: i for i in Indicator.objects.library()}
    goals = []
    for slug, statement, title, indicator_name, kpi, unit, (
        year,
        fallback,
    ), target, when, direction, area, summary in GOALS:
        goal = NationalGoalPage.objects.filter(slug=slug).first()
        if goal is None:
            indicator = library.get(indicator_name)
            effective_kpi = kpi or (indicator.kolada_kpi if indicator else "")
            baseline = (_riket(effective_kpi, year) if effective_kpi else None) or fallback
            goal = _publish(
                vision,
                NationalGoalPage(
                    title=title,
                    slug=slug,
                    statement=statement,
                    summary=summary,
                    indicator=indicator,
                    kolada_kpi=kpi,
                    unit=unit,
                    baseline_value=baseline,
                    baseline_year=year,
                    target_value=target,
                    target_date=when,
                    direction=direction,
                ),
            )
        for pilot in Pilot.objects.public().filter(health_area=area).order_by("pk")[:6]:
            GoalContribution.objects.get_or_create(
                goal=goal, pilot=pilot, defaults={"note": "Anmäld i demodata."}
            )
        goals.append(goal)
    index = UpdateIndexPage.objects.first()
    if index is None:
        index = _publish(
            home,
            UpdateIndexPage(
                title="Nyheter",
                slug="nyheter",
                intro="Nytt från partnerskapet och den nationella samordningen.",
            ),
        )
    for n, (slug, title, when, author, summary) in enumerate(UPDATES):
        if not UpdatePage.objects.filter(slug=slug).exists():
            goal = goals[n % len(goals)] if goals else None
            _publish(
                index,
                UpdatePage(
                    title=title,
                    slug=slug,
                    date=when,
                    author=author,
                    summary=summary,
                    body=_update_body(goal, summary),
                ),
            )
    if not home.featured_goals.exists() and goals:
        home = home.specific
        for order, goal in enumerate(goals):
            home.featured_goals.add(HomeFeaturedGoal(goal=goal, sort_order=order))
        home.save_revision().publish()
    counts = {
        "goals": NationalGoalPage.objects.count(),
        "updates": UpdatePage.objects.count(),
        "contributions": GoalContribution.objects.count(),
    }
    if stdout is not None:
        stdout.write(
            f"CMS: {counts['goals']} national goals, {counts['updates']} updates, "
            f"{counts['contributions']} pilot contributions; editor {EDITOR_EMAIL}."
        )
    return counts
