"""Serializers for organisations, kommuner and regioner. They shape data; services change it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.personal_data import PersonalDataConfirmSerializer
from partners.models import Kommun, Membership, Organisation, OrganisationKind, Region, Role


class RegionSerializer(serializers.ModelSerializer):
    kolada_id = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = ["lan_code", "name", "lan_name", "kolada_id"]


class KommunSerializer(serializers.ModelSerializer):
    lan_code = serializers.CharField(source="region.lan_code", read_only=True)
    region = serializers.CharField(source="region.name", read_only=True)
    skr_group_name = serializers.CharField(source="get_skr_group_display", read_only=True)
    kolada_id = serializers.CharField(read_only=True)

    class Meta:
        model = Kommun
        fields = [
            "code",
            "name",
            "lan_code",
            "region",
            "skr_group",
            "skr_group_name",
            "population",
            "population_year",
            "kolada_id",
        ]


@extend_schema_field(
    {"oneOf": [{"type": "string", "format": "uri"}, {"type": "string", "maxLength": 0}]}
)
class OptionalURLField(serializers.URLField):
    """A URL or "" when none is given (an empty string is not a valid `uri`)."""


class OrganisationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    kommun = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    region = serializers.SlugRelatedField(slug_field="lan_code", read_only=True, allow_null=True)
    url = serializers.HyperlinkedIdentityField(view_name="organisation-detail", lookup_field="slug")
    website = OptionalURLField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "url",
            "slug",
            "name",
            "kind",
            "kind_display",
            "org_number",
            "kommun",
            "region",
            "description",
            "website",
            "signed_partnership_on",
            "status",
        ]
        read_only_fields = fields


class OrganisationWriteSerializer(PersonalDataConfirmSerializer):
    """Input for registering or editing an organisation; the service does the database checks."""

    personal_data_fields = ("name", "description")

    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    org_number = serializers.CharField(max_length=20)
    kommun = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Kommun.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Det finns ingen kommun med koden {value}.")},
    )
    region = serializers.SlugRelatedField(
        slug_field="lan_code",
        queryset=Region.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("Det finns ingen region med länskoden {value}.")},
    )
    member_kommuner = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Kommun.objects.all(),
        many=True,
        required=False,
        error_messages={"does_not_exist": _("Det finns ingen kommun med koden {value}.")},
    )
    description = serializers.CharField(required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)


class DecisionSerializer(PersonalDataConfirmSerializer):
    personal_data_fields = ("reason",)

    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class MembershipSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    name = serializers.CharField(source="user.get_full_name", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["id", "email", "name", "role", "created_at"]
        read_only_fields = ["id", "email", "name", "created_at"]
