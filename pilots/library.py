"""The seed of the shared indicator library: pilots/data/indicator_library.csv.

Columns: name, definition, unit, measure, direction, accumulation, kolada_kpi, by_gender,
age_bands (separated by |), illustrative. Kolada ids are filled in only where we know the KPI;
`illustrative` marks definitions written as examples for the demo, not adopted standards.
"""

import csv
from pathlib import Path

LIBRARY_CSV = Path(__file__).resolve().parent / "data" / "indicator_library.csv"
TRUE = {"true", "1", "ja", "yes"}


def read_library_csv(path: Path = LIBRARY_CSV) -> list[dict]:
    """The rows of the library file as field dicts for `indicator_library_load`."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            {
                "name": row["name"].strip(),
                "definition": row["definition"].strip(),
                "unit": row["unit"].strip(),
                "measure": row["measure"].strip(),
                "direction": row["direction"].strip(),
                "accumulation": row["accumulation"].strip(),
                "kolada_kpi": row["kolada_kpi"].strip(),
                "by_gender": row["by_gender"].strip().lower() in TRUE,
                "age_bands": [b.strip() for b in row["age_bands"].split("|") if b.strip()],
                "illustrative": row["illustrative"].strip().lower() in TRUE,
            }
            for row in csv.DictReader(handle)
        ]
