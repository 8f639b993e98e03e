"""Loading kommuner and regioner from data/reference/ (SCB codes, SKR kommungrupp 2023, population).

Used by a data migration (with historical models) and by `manage.py load_reference_data`, so the
loader takes the model classes as arguments. Idempotent: rows are matched on their SCB code.
"""

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

REFERENCE_DIR = Path(settings.ROOT_DIR) / "data" / "reference"
POPULATION_YEAR = (
    2024  # data/reference/SOURCES.md: population on 31 Dec 2024 (SCB via Kolada N01951)
)


def read_rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_reference_data(region_model, kommun_model) -> tuple[int, int]:
    """Create or update all regioner and kommuner. Returns (regioner, kommuner) loaded."""
    lan_names = {row["lan_code"]: row["lan_name"] for row in read_rows("kommuner.csv")}
    regions = {}
    for row in read_rows("regioner.csv"):
        region, _ = region_model.objects.update_or_create(
            lan_code=row["lan_code"],
            defaults={"name": row["region_name"], "lan_name": lan_names.get(row["lan_code"], "")},
        )
        regions[region.lan_code] = region
    kommuner = read_rows("kommuner.csv")
    for row in kommuner:
        kommun_model.objects.update_or_create(
            code=row["kommun_code"],
            defaults={
                "name": row["name"],
                "region": regions[row["lan_code"]],
                "skr_group": row["skr_group_2023"],
                "population": int(row["population"]) if row["population"] else None,
                "population_year": POPULATION_YEAR if row["population"] else None,
            },
        )
    return len(regions), len(kommuner)
