"""Building CMS pages in tests: a vision, goals and updates under the migrated home page."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from benchmarking.models import Kpi, StatisticValue
from cms.models import HomePage, NationalGoalPage, UpdateIndexPage, UpdatePage, VisionPage


def home() -> HomePage:
    return HomePage.objects.get()


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def vision(slug="vision") -> VisionPage:
    return VisionPage.objects.filter(slug=slug).first() or publish(
        home(),
        VisionPage(title="Vision 2030", slug=slug, statement="Alla ska leva länge med god hälsa."),
    )


def goal(parent=None, *, slug="undernaring", **fields) -> NationalGoalPage:
    values = {
        "title": "Undernäring bland äldre",
        "slug": slug,
        "statement": "Inga äldre ska vara undernärda 2030",
        "baseline_value": Decimal("20"),
        "baseline_year": 2020,
        "target_value": Decimal("10"),
        "target_date": date(2030, 12, 31),
        "direction": "lower",
        "unit": "%",
        **fields,
    }
    return publish(parent or vision(), NationalGoalPage(**values))


def update_index() -> UpdateIndexPage:
    return UpdateIndexPage.objects.first() or publish(
        home(), UpdateIndexPage(title="Nyheter", slug="nyheter", intro="Nytt från partnerskapet.")
    )


def update(*, slug="nyhet", title="En nyhet", when=date(2025, 5, 1), **fields) -> UpdatePage:
    body = fields.pop("body", [("paragraph", "<p>Text om nyheten.</p>")])
    return publish(
        update_index(),
        UpdatePage(
            title=title,
            slug=slug,
            date=when,
            author="Karin",
            summary="Kort om nyheten.",
            body=body,
            **fields,
        ),
    )


def riket(kpi_id: str, values: dict[int, float]) -> None:
    """Statistics for riket ("0000", both genders) for the years given."""
    Kpi.objects.get_or_create(id=kpi_id, defaults={"title": f"KPI {kpi_id}", "unit": "%"})
    StatisticValue.objects.bulk_create(
        StatisticValue(
            kpi_id=kpi_id,
            area="0000",
            year=year,
            gender="T",
            value=Decimal(str(value)),
            imported_at=timezone.now(),
        )
        for year, value in values.items()
    )
