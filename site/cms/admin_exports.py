"""Wagtail's own admin spreadsheets (site history, aging pages, locked pages, …) run through
the portal's formula neutraliser.

Wagtail writes CSV cells as they are and in XLSX only retypes what openpyxl itself reads as a
formula, so a page title such as `=HYPERLINK("https://evil.example")` or `@SUM(A1)` became live
in the coordinator's copy of the site history. Wagtail builds these views itself (there is no
setting to give them our writer), so the one shared mixin they all inherit gets its cell
preprocessing wrapped here, once, at start-up.
"""

from core.spreadsheets import neutralise


def neutralise_admin_exports() -> None:
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralised", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(original(self, field, value, export_format))

    preprocess_field_value.neutralised = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
