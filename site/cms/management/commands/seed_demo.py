from django.core.management import call_command
from django.core.management.base import BaseCommand

from benchmarking import demo as benchmarking_demo
from benchmarking import services as benchmarking_services
from business_cases import demo as business_case_demo
from cms import demo as cms_demo
from core import caching
from evidence import demo as evidence_demo
from learning import demo as learning_demo
from partners import demo as partners_demo
from pilots import demo as pilots_demo
from programmes import demo as programmes_demo


class Command(BaseCommand):
    help = (
        "Build a believable demo (idempotent): organisations of every kind, members of every role, "
        "the CMS: home page, vision, national goals and updates. Demo logins use the password "
        "printed at the end."
    )

    def handle(self, *args, **options):
        call_command("load_reference_data", stdout=self.stdout)
        call_command("load_indicator_library", stdout=self.stdout)
        partners_demo.seed(stdout=self.stdout)
        pilots_demo.seed(stdout=self.stdout)
        learning_demo.seed(stdout=self.stdout)
        programmes_demo.seed(stdout=self.stdout)
        business_case_demo.seed(stdout=self.stdout)
        benchmarking_demo.seed(stdout=self.stdout)
        evidence_demo.seed(stdout=self.stdout)
        # Both wrote statistics in bulk: the benchmark page's peer figures follow them.
        benchmarking_services.peer_aggregates_refresh()
        cms_demo.seed(stdout=self.stdout)
        call_command("search_reindex", stdout=self.stdout)
        # Written in bulk, without signals: drop visitors' cached pages (learning.page_cache).
        caching.bump(caching.PUBLIC_PAGES)
        caching.bump(caching.PROGRAMME_SHARED)  # every programme's pages (programmes.page_cache)
        caching.bump(caching.PROGRAMME_FIGURES)
        caching.bump(caching.FOLLOWED_PILOTS)  # the reporting matrix (monitoring.page_cache)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready. Log in as koordinator@example.se (coordinator) or anna@example.se "
                f"(reporter) with the password '{partners_demo.DEMO_PASSWORD}'."
            )
        )
