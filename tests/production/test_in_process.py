"""Two-factor verification on PostgreSQL without a wrapping transaction, in the test process with
Django's client: the plain-pytest view of the bug the stack tests show end to end (django-otp's
SELECT … FOR UPDATE outside a transaction answered 500 on every login after set-up).

The tier runs it before the stack starts (conftest): its flush gives the content types new ids."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners import two_factor
from partners.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "losenord-123"  # UserFactory's


@pytest.mark.parametrize("kind", ["app", "backup"])
def test_a_second_verification_works_on_postgresql_outside_a_transaction(client, kind):
    user = UserFactory(coordinator=True)
    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    backup = two_factor.backup_codes_renew(user=user)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"

    first = client.post(
        "/api/v1/auth/token/",
        {"username": user.email, "password": PASSWORD, "otp_token": code},
    )
    assert first.status_code == 200, first.content
    client.post("/konto/logga-in/", {"username": user.email, "password": PASSWORD})
    second = client.post("/konto/tvastegsverifiering/verifiera/", {"code": backup[0]})
    assert second.status_code == 302
    if kind == "backup":
        third = client.post(
            "/api/v1/auth/token/",
            {"username": user.email, "password": PASSWORD, "otp_token": backup[1]},
        )
        assert third.status_code == 200, third.content
