"""The matrix's filter, read from the query string (the page, the CSV and the remind button)."""

from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from monitoring import selectors
from monitoring.states import CellState
from partners.models import Organisation


class MatrixFilterForm(forms.Form):
    """Programme and organisation are plain choices read once (one query each, for validating and
    for rendering), so the page's query count stays within the bench's budget."""

    programme = forms.ChoiceField(label=pgettext_lazy("ett program", "Program"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    year = forms.TypedChoiceField(
        label=_("År"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Perioder som börjar under året."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        help_text=_("Piloter med minst en period i läget."),
    )

    def __init__(self, data, *, user, today=None):
        today = today or timezone.localdate()
        # Without a choice the matrix shows the current year ("year=" is every year).
        if data is not None and "year" not in data:
            data = data.copy()
            data["year"] = str(today.year)
        super().__init__(data)
        self._programmes = {p.slug: p for p in selectors.programme_choices(user=user)}
        # Names only, not model instances: the user may follow hundreds of lead organisations;
        # the chosen one becomes an Organisation in `filters`.
        self._organisations = {
            str(pk): name
            for pk, name in selectors.organisation_choices(user=user).values_list("pk", "name")
        }
        self.fields["programme"].choices = [("", _("Alla program"))] + [
            (slug, p.name) for slug, p in self._programmes.items()
        ]
        self.fields["organisation"].choices = [("", _("Alla organisationer"))] + [
            (pk, name) for pk, name in self._organisations.items()
        ]
        self.fields["year"].choices = [("", _("Alla år"))] + [
            (str(y), str(y)) for y in selectors.year_choices(today=today)
        ]
        self.fields["status"].choices = [("", _("Alla lägen")), *CellState.choices]

    def filters(self) -> selectors.MatrixFilters:
        """The valid filter (call after is_valid)."""
        data = self.cleaned_data
        return selectors.MatrixFilters(
            programme=self._programmes.get(data.get("programme") or ""),
            organisation=self._organisation(data.get("organisation") or ""),
            year=data.get("year"),
            status=data.get("status") or "",
        )

    def _organisation(self, pk: str) -> Organisation | None:
        if pk not in self._organisations:
            return None
        return Organisation(pk=int(pk), name=self._organisations[pk])

    def query(self) -> str:
        """The filter as a query string (for the CSV link, the pages and the button)."""
        f = self.filters()
        parts = {
            "programme": f.programme.slug if f.programme else "",
            "organisation": f.organisation.pk if f.organisation else "",
            "year": f.year if f.year is not None else "",
            "status": f.status,
        }
        return urlencode(parts)
