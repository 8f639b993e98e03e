from django.core.management.base import BaseCommand

from partners.models import Kommun, Region
from partners.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load or refresh the 21 regioner and 290 kommuner from data/reference/ (idempotent)."

    def handle(self, *args, **options):
        regions, kommuner = load_reference_data(Region, Kommun)
        self.stdout.write(self.style.SUCCESS(f"{regions} regioner and {kommuner} kommuner loaded."))
