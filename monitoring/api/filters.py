"""The matrix's filter for the API (django-filter): the same filter as the page's form."""

import django_filters
from django import forms
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.dates import PLAN_FIRST_YEAR, PLAN_LAST_YEAR
from monitoring import selectors
from monitoring.states import CellState
from partners.models import Organisation
from programmes.models import Programme


def _programmes(request):
    if request is None:
        return Programme.objects.none()
    return selectors.programme_choices(user=request.user)


def _organisations(request):
    if request is None:
        return Organisation.objects.none()
    return selectors.organisation_choices(user=request.user)


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A programme by its slug."""


@extend_schema_field(OpenApiTypes.INT)
class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """An organisation by its id."""


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    """A whole year within the years the portal plans with."""

    field_class = forms.IntegerField


class MatrixFilterSet(django_filters.FilterSet):
    programme = SlugChoiceFilter(
        queryset=_programmes,
        to_field_name="slug",
        method="keep",
        label="programme slug (its accepted pilots)",
    )
    organisation = IdChoiceFilter(
        queryset=_organisations, method="keep", label="lead organisation id"
    )
    year = YearFilter(
        method="keep",
        label="periods starting in this year (omitted: every year)",
        min_value=PLAN_FIRST_YEAR,
        max_value=PLAN_LAST_YEAR,
    )
    status = django_filters.ChoiceFilter(
        choices=CellState.choices, method="keep", label="pilots with a period in this state"
    )

    def keep(self, queryset, name, value):
        # Each field only parses; `filter_queryset` applies them together (the selector's filter).
        return queryset

    def matrix_filters(self) -> selectors.MatrixFilters:
        data = self.form.cleaned_data
        year = data.get("year")
        return selectors.MatrixFilters(
            programme=data.get("programme"),
            organisation=data.get("organisation"),
            year=int(year) if year is not None else None,
            status=data.get("status") or "",
        )

    def filter_queryset(self, queryset):
        return selectors.apply_filters(
            queryset, filters=self.matrix_filters(), today=timezone.localdate()
        )
