"""POST /api/v1/auth/token/: an API token for e-mail + password (+ a one-time code when the
account uses two-factor authentication), throttled by django-axes like every login form."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.settings import api_settings

from partners import two_factor


class TokenRequestSerializer(AuthTokenSerializer):
    otp_token = serializers.CharField(
        label=_("Engångskod"),
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=_(
            "Kod från autentiseringsappen, eller en reservkod. Krävs för konton med "
            "tvåstegsverifiering (koordinatorer och administratörer)."
        ),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        user = attrs["user"]
        if two_factor.has_two_factor(user) or two_factor.requires_two_factor(user):
            if not two_factor.has_two_factor(user):
                raise serializers.ValidationError(
                    {"otp_token": [_("Slå på tvåstegsverifiering i portalen först.")]}
                )
            if two_factor.two_factor_verify(user=user, code=attrs.get("otp_token", "")) is None:
                raise serializers.ValidationError(
                    {"otp_token": [_("Ange en giltig engångskod från autentiseringsappen.")]}
                )
        return attrs


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Skickas som `Authorization: Token <token>`."))


@extend_schema_view(post=extend_schema(responses={200: TokenResponseSerializer}))
class TokenObtainView(ObtainAuthToken):
    serializer_class = TokenRequestSerializer
    # django-axes locks an account out after repeated failures (partners/lockout.py).
    schema_extra_errors = ["429"]
    # ObtainAuthToken names its own parsers; these are the API's (config/parsers.py).
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES

    def get_serializer_context(self):
        # django-axes marks a lockout on the request it is given; hand it Django's own request
        # (not DRF's wrapper) so AxesMiddleware sees the mark and answers 429.
        return {**super().get_serializer_context(), "request": self.request._request}
