import django_filters

from benchmarking.models import Gender, Kpi, StatisticValue


class KpiFilter(django_filters.FilterSet):
    direction = django_filters.CharFilter(help_text="higher, lower, neutral")
    direction_set = django_filters.BooleanFilter(
        method="filter_direction_set", help_text="false: KPIs still without a direction"
    )
    is_demo = django_filters.BooleanFilter()

    class Meta:
        model = Kpi
        fields = ["direction", "is_demo"]

    def filter_direction_set(self, queryset, name, value):
        return queryset.exclude(direction="") if value else queryset.filter(direction="")


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
