"""Puts the project root and site/ on sys.path for entry points that do not start from manage.py."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for entry in (ROOT / "site", ROOT):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))
