"""Switching values in plain words, the same on the page, in print and in the XLSX export.

economics.switching_value gives NPV / PV(benefits) as a fraction: 0.91 means benefits can fall by
91 % before the net turns negative. When the net is already negative the fraction is negative; a
negative percentage ("kan minska med −1011 %") reads as nonsense, so it is said instead how much
the benefits would have to grow for the net to reach zero."""

from django.utils.translation import gettext as _

from business_cases.charts import format_pct


def total_phrase(value: float | None) -> str:
    """All benefits together."""
    if value is None:
        return _("Kalkylen har inga nyttor att pröva.")
    if value < 0:
        return _(
            "Nettot är redan negativt: nyttorna skulle behöva öka med %(pct)s för att nettot "
            "ska bli noll."
        ) % {"pct": format_pct(-value)}
    return _("Nyttorna kan minska med %(pct)s innan nettot blir negativt.") % {
        "pct": format_pct(value)
    }


def line_phrase(value: float | None) -> str:
    """One benefit line, the others unchanged."""
    if value is None:
        return "–"
    if value < 0:
        return _(
            "Nettot är redan negativt: nyttan skulle behöva öka med %(pct)s för att nettot "
            "ska bli noll."
        ) % {"pct": format_pct(-value)}
    if value >= 1:
        return _("Nyttan kan försvinna helt och nettot är ändå inte negativt.")
    return _("Nyttan kan minska med %(pct)s innan nettot blir negativt.") % {
        "pct": format_pct(value)
    }
