"""An organisation admin removes a member on the production stack (PostgreSQL without a wrapping
transaction, gunicorn with the production settings, CSRF checked): the confirmation page says what
the person loses and changes nothing, the removal then takes the person's access at once, and the
organisation's audit trail, which the admin reads, shows who removed whom."""

import html
import re

from django_otp.oath import totp

from partners.factories import MembershipFactory, OrganisationFactory, UserFactory
from partners.models import Membership, Role
from pilots.factories import PilotFactory
from pilots.models import Visibility

PASSWORD = "Prevention-2025!"
SETUP = "/konto/tvastegsverifiering/"


def _user(email: str, **names):
    user = UserFactory(email=email, **names)
    user.set_password(PASSWORD)
    user.save()
    return user


def _log_in(live, email: str):
    session = live.session()
    response = session.post_form("/konto/logga-in/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.text[:500]
    return session


def _log_in_admin(live, email: str):
    """Log in and set up two-factor, as an organisation admin must on the first login."""
    import base64

    session = _log_in(live, email)
    secret = re.search(r'class="otp-secret">([^<]+)<', session.get(SETUP).text).group(1)
    secret = secret.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    confirmed = session.post_form(SETUP, {"code": f"{totp(key, t0=0, step=30):06d}"})
    assert confirmed.status_code == 302, confirmed.text[:500]
    return session


def test_org_admin_removes_a_member_who_then_loses_access_and_the_trail_shows_it(live):
    organisation = OrganisationFactory(name="Hälsoföreningen Syd")
    admin = _user("admin.syd@example.se", first_name="Alva", last_name="Admin")
    MembershipFactory(organisation=organisation, user=admin, role=Role.ADMIN)
    colleague = _user("kim.syd@example.se", first_name="Kim", last_name="Lindqvist")
    membership = MembershipFactory(organisation=organisation, user=colleague, role=Role.REPORTER)
    pilot = PilotFactory(
        lead_organisation=organisation, title="Intern träffpunkt", visibility=Visibility.PRIVATE
    )
    members_url = f"/organisationer/{organisation.slug}/medlemmar/"
    remove_url = f"/medlemskap/{membership.pk}/ta-bort/"
    trail_url = f"/organisationer/{organisation.slug}/handelser/"

    kim = _log_in(live, colleague.email)
    assert kim.get(pilot.get_absolute_url()).status_code == 200
    assert kim.get(members_url).status_code == 200

    portal = _log_in_admin(live, admin.email)
    members = portal.get(members_url)
    assert members.status_code == 200 and remove_url in members.text
    confirm = portal.get(remove_url)
    assert confirm.status_code == 200
    page = html.unescape(confirm.text)
    assert "Ta bort Kim Lindqvist ur Hälsoföreningen Syd?" in page
    assert "Det här förloras" in page and "Rollen Rapportör i Hälsoföreningen Syd." in page
    assert "Kan inte längre registrera piloter eller rapportera värden" in page
    assert Membership.objects.filter(pk=membership.pk).exists()  # asking changed nothing

    # Without the form's CSRF token the removal is refused; with it, it is done.
    assert portal.post(remove_url, data={}).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
    removed = portal.post_form(remove_url, {})
    assert removed.status_code == 302, removed.text[:500]
    assert removed.headers["Location"].endswith(members_url)
    assert not Membership.objects.filter(pk=membership.pk).exists()

    # Kim's open session loses the organisation's private pilot and members page at once.
    assert kim.get(pilot.get_absolute_url()).status_code in (403, 404)
    assert kim.get(members_url).status_code in (302, 403, 404)
    assert "Hälsoföreningen Syd" not in html.unescape(kim.get("/mina-sidor/").text)

    trail = portal.get(trail_url)
    assert trail.status_code == 200
    rows = html.unescape(trail.text).split('data-testid="organisation-audit"', 1)[1]
    first = rows.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "Alva Admin" in first and "Kim Lindqvist" in first
    assert kim.get(trail_url).status_code in (302, 403, 404)  # only admins read the trail
