"""Demo partners for `seed_demo`: organisations of every kind in several regions, every role.

All figures and organisationsnummer are invented (valid check digits, not real registrations).
"""

from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from partners.factories import valid_org_number
from partners.models import Kommun, Membership, Organisation, OrganisationKind, Region, Role, User

DEMO_PASSWORD = "demo-losenord"
DEMO_NOTE = "Demoorganisation: uppgifterna är påhittade."

# (kind, name, kommun code or län code or None)
DEMO_ORGANISATIONS = [
    (OrganisationKind.KOMMUN, "Umeå kommun", "2480"),
    (OrganisationKind.KOMMUN, "Örebro kommun", "1880"),
    (OrganisationKind.KOMMUN, "Malmö stad", "1280"),
    (OrganisationKind.KOMMUN, "Göteborgs stad", "1480"),
    (OrganisationKind.KOMMUN, "Kiruna kommun", "2584"),
    (OrganisationKind.KOMMUN, "Jönköpings kommun", "0680"),
    (OrganisationKind.KOMMUN, "Gotlands kommun", "0980"),
    (OrganisationKind.KOMMUN, "Sundsvalls kommun", "2281"),
    (OrganisationKind.KOMMUN, "Uppsala kommun", "0380"),
    (OrganisationKind.KOMMUN, "Ljusdals kommun", "2161"),
    (OrganisationKind.KOMMUN, "Värnamo kommun", "0683"),
    (OrganisationKind.KOMMUN, "Botkyrka kommun", "0127"),
    (OrganisationKind.REGION, "Region Västerbotten", "24"),
    (OrganisationKind.REGION, "Region Örebro län", "18"),
    (OrganisationKind.REGION, "Region Skåne", "12"),
    (OrganisationKind.REGION, "Region Jönköpings län", "06"),
    (OrganisationKind.REGION, "Region Stockholm", "01"),
    (OrganisationKind.MYNDIGHET, "Folkhälsomyndigheten (demo)", None),
    (OrganisationKind.MYNDIGHET, "Försäkringskassan (demo)", None),
    (OrganisationKind.NARINGSLIV, "Friskvårdsbolaget Norr AB", "2480"),
    (OrganisationKind.NARINGSLIV, "Matglad Äldreomsorg AB", "1880"),
    (OrganisationKind.CIVILSAMHALLE, "Föreningen Aktiv Senior", "1480"),
    (OrganisationKind.CIVILSAMHALLE, "Unga Röster Sverige", "0380"),
    (OrganisationKind.AKADEMI, "Institutet för preventionsforskning", "2480"),
    (OrganisationKind.AKADEMI, "Centrum för hälsoekonomi", "1280"),
    (OrganisationKind.SAMORDNINGSFORBUND, "Samordningsförbundet Södra Norrland", "2281"),
    (OrganisationKind.KOMMUNALFORBUND, "Höglandets kommunalförbund", "0683"),
    (OrganisationKind.ANNAN, "Stiftelsen Friska Barn", "1280"),
]

PENDING_ORGANISATIONS = [
    (OrganisationKind.KOMMUN, "Luleå kommun", "2580"),
    (OrganisationKind.CIVILSAMHALLE, "Idrottsalliansen Väst", "1480"),
]


@cache
def _demo_password_hash() -> str:
    # Hash once: PBKDF2 takes a noticeable fraction of a second per call, times 100+ demo users.
    return make_password(DEMO_PASSWORD)


def _user(email: str, first: str, last: str, *, staff: bool = False) -> User:
    user, _ = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first,
            "last_name": last,
            "is_staff": staff,
            "password": _demo_password_hash(),
        },
    )
    return user


def _organisation(index: int, kind: str, name: str, code: str | None, status: str) -> Organisation:
    kommun = region = None
    if kind == OrganisationKind.REGION:
        region = Region.objects.get(lan_code=code)
    elif code:
        kommun = Kommun.objects.select_related("region").get(code=code)
        region = kommun.region
    prefix = {"kommun": "21", "region": "23", "myndighet": "20"}.get(kind, "55")
    organisation, _ = Organisation.objects.get_or_create(
        org_number=valid_org_number(index, prefix=prefix),
        defaults={
            "name": name,
            "slug": Organisation._meta.get_field("slug").to_python(
                name.lower()
                .replace(" ", "-")
                .replace("(", "")
                .replace(")", "")
                .replace("å", "a")
                .replace("ä", "a")
                .replace("ö", "o")
                .replace("é", "e")
            ),
            "kind": kind,
            "kommun": kommun if kind != OrganisationKind.REGION else None,
            "region": region,
            "status": status,
            "description": DEMO_NOTE,
            "decided_at": timezone.now() if status == Organisation.Status.APPROVED else None,
            "signed_partnership_on": timezone.localdate().replace(month=1, day=15)
            if status == Organisation.Status.APPROVED
            else None,
        },
    )
    if kind in (OrganisationKind.SAMORDNINGSFORBUND, OrganisationKind.KOMMUNALFORBUND) and kommun:
        organisation.member_kommuner.set(
            Kommun.objects.filter(region=kommun.region).order_by("code")[:4]
        )
    return organisation


@transaction.atomic
def seed(stdout=None) -> dict[str, int]:
    """Create (or keep) the demo partners. Idempotent: matched on organisationsnummer and e-mail."""
    coordinator = _user("koordinator@example.se", "Karin", "Koordinator", staff=True)
    coordinator.groups.add(Group.objects.get_or_create(name=settings.COORDINATOR_GROUP)[0])
    applicant = _user("sokande@example.se", "Sam", "Sökande")
    organisations = []
    for index, (kind, name, code) in enumerate(DEMO_ORGANISATIONS, start=1):
        organisations.append(_organisation(index, kind, name, code, Organisation.Status.APPROVED))
    for index, (kind, name, code) in enumerate(PENDING_ORGANISATIONS, start=500):
        org = _organisation(index, kind, name, code, Organisation.Status.PENDING)
        Membership.objects.get_or_create(
            user=applicant, organisation=org, defaults={"role": Role.ADMIN}
        )
    for org_index, organisation in enumerate(organisations):
        for role in Role.values:
            local = f"{role}.{organisation.slug}"[:60]
            user = _user(f"{local}@example.se", role.capitalize(), organisation.name[:30])
            Membership.objects.get_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
        if org_index == 0:
            Membership.objects.get_or_create(
                user=_user("anna@example.se", "Anna", "Andersson"),
                organisation=organisation,
                defaults={"role": Role.REPORTER},
            )
    counts = {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }
    if stdout:
        stdout.write(f"Partners: {counts}")
    return counts
