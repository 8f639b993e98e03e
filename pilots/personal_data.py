"""Refusing personal data about residents: text that looks like a Swedish personnummer.

The portal holds aggregated figures only (see docs/DESIGN.md). Reports and imports call
`looks_like_personnummer` on every free-text and imported cell.
"""

import re

from django.utils.translation import gettext_lazy as _

# YYMMDD-NNNN / YYMMDD+NNNN (the separator is required: a bare ten-digit number may be a
# legitimate amount), or YYYYMMDD-NNNN / YYYYMMDDNNNN starting with 19 or 20. Days 61–91 are
# samordningsnummer.
_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
_LONG = rf"(?:19|20)\d{{2}}{_MONTH}{_DAY}[-+ ]?\d{{4}}"
_SHORT = rf"\d{{2}}{_MONTH}{_DAY}[-+]\d{{4}}"
PERSONNUMMER = re.compile(rf"(?<!\d)(?:{_LONG}|{_SHORT})(?!\d)")
MESSAGE = _(
    "Texten ser ut att innehålla ett personnummer. Rapportera aldrig uppgifter om enskilda."
)


def looks_like_personnummer(value) -> bool:
    """True if the text (or number) contains something shaped like a personnummer."""
    if value is None or isinstance(value, bool):
        return False
    return bool(PERSONNUMMER.search(str(value)))
