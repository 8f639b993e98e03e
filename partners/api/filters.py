import django_filters

from partners.models import Kommun, Organisation, OrganisationKind, SkrGroup


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices)
    kommun = django_filters.CharFilter(field_name="kommun__code")
    lan = django_filters.CharFilter(field_name="region__lan_code")
    status = django_filters.ChoiceFilter(choices=Organisation.Status.choices)

    class Meta:
        model = Organisation
        fields = ["kind", "kommun", "lan", "status"]


class KommunFilter(django_filters.FilterSet):
    lan = django_filters.CharFilter(field_name="region__lan_code")
    skr_group = django_filters.ChoiceFilter(choices=SkrGroup.choices)

    class Meta:
        model = Kommun
        fields = ["lan", "skr_group"]
