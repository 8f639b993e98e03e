import django_filters

from benchmarking.models import Gender, StatisticValue


class StatisticFilter(django_filters.FilterSet):
    kpi = django_filters.CharFilter(field_name="kpi_id")
    area = django_filters.CharFilter()
    year = django_filters.NumberFilter()
    year_from = django_filters.NumberFilter(field_name="year", lookup_expr="gte")
    year_to = django_filters.NumberFilter(field_name="year", lookup_expr="lte")
    gender = django_filters.ChoiceFilter(choices=Gender.choices)

    class Meta:
        model = StatisticValue
        fields = ["kpi", "area", "year", "gender"]
