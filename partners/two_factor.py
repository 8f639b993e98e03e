"""Two-factor authentication (django-otp): who must use it, setting it up, verifying, resetting.

Coordinators and organisation admins must verify a TOTP code (or a backup code) after their
password; anyone else may opt in by setting up an authenticator app. The one place that enforces
it is `partners.middleware.TwoFactorMiddleware`.
"""

import io

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.audit import audit_record
from partners.rules import is_admin_anywhere, is_coordinator

User = get_user_model()

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Autentiseringsapp"
BACKUP_DEVICE_NAME = "Reservkoder"


def requires_two_factor(user) -> bool:
    """Coordinators and admins of an organisation must use two-factor authentication."""
    if not user.is_authenticated:
        return False
    # is_admin_anywhere reads the per-request membership cache that the page itself uses next.
    return is_coordinator(user) or is_admin_anywhere(user)


def has_two_factor(user) -> bool:
    """The user has a confirmed authenticator app (so every login asks for a code)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp_device(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being set up: reused across reloads of the setup page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code, drawn here: no external image or CDN."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    # Drop the XML declaration so the SVG can sit inside HTML.
    return svg[svg.index("<svg") :]


def secret_for_display(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into an app that cannot scan."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def two_factor_confirm(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with its first code; returns 10 new backup codes (shown once).

    Raises ValidationError for a wrong code. Older authenticators and backup codes are replaced.
    """
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    # Locked like every verification, so one code cannot confirm twice in parallel requests.
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed:
        raise PermissionDenied
    if not device.verify_token(_digits(code)):
        raise ValidationError(
            _("Koden stämmer inte. Kontrollera klockan i telefonen och försök igen.")
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    audit_record(actor=user, action="two_factor.enabled", obj=_instance(user))
    return codes


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


@transaction.atomic
def backup_codes_renew(*, user) -> list[str]:
    """Replace the user's backup codes with 10 new ones (the old ones stop working)."""
    if not has_two_factor(user):
        raise ValidationError(_("Slå på tvåstegsverifiering först."))
    codes = _new_backup_codes(user)
    audit_record(actor=user, action="two_factor.backup_codes_renewed", obj=_instance(user))
    return codes


@transaction.atomic
def two_factor_verify(*, user, code: str):
    """The confirmed device (app or backup code) that accepts the code, or None.

    Backup codes are used up; device throttling slows down guessing. The devices are read with
    SELECT … FOR UPDATE (so two requests cannot both use one code), which PostgreSQL allows only
    inside a transaction: the whole loop is one, whoever calls it (portal page, token endpoint).
    """
    code = code.strip().replace(" ", "")
    if not code:
        return None
    for device in django_otp.devices_for_user(user, confirmed=True, for_verify=True):
        token = _digits(code) if isinstance(device, TOTPDevice) else code.lower()
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def two_factor_reset(*, user, actor) -> None:
    """Remove a user's authenticator and backup codes (lost phone). Coordinator only; audited.

    If the user must use two-factor authentication, the next login leads to setting it up again.
    """
    if not is_coordinator(actor):
        raise PermissionDenied
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    audit_record(
        actor=actor,
        action="two_factor.reset",
        obj=_instance(user),
        message=f"Tvåstegsverifiering återställd ({removed} enheter/koder borttagna).",
    )


def _instance(user):
    """request.user is a lazy proxy; the audit trail needs the model instance itself."""
    return user if type(user) is User else User.objects.get(pk=user.pk)


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())
