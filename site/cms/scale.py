"""The CMS for `manage.py seed_scale`: the demo's pages (home, vision, national goals, updates)
and one bare standard page at a fixed address, the benchmark's reference for Wagtail's own cost."""

from cms import demo as cms_demo
from cms.models import HomePage, StandardPage
from partners.bulk import ScaleRun

REFERENCE_SLUG = "referenssida"
REFERENCE_URL = f"/{REFERENCE_SLUG}/"


def build(run: ScaleRun) -> None:
    """Create the demo pages and the reference page where missing."""
    cms_demo.seed(stdout=None)
    home = HomePage.objects.first()
    if not StandardPage.objects.filter(slug=REFERENCE_SLUG).exists():
        page = StandardPage(
            title="Referenssida",
            slug=REFERENCE_SLUG,
            summary="En enkel sida för prestandamätning.",
            body=[("paragraph", "<p>En kort text utan data från portalen.</p>")],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    run.say(f"CMS: demo pages and the reference page at {REFERENCE_URL}.")
