"""National-scale partners for `manage.py seed_scale`: approved organisations of every kind, two
members each (an approver and a reporter), and the fixed benchmark cast of Benchkommunen.

The 290 kommuner and 21 regioner are reference data (loaded by a migration); every kommun and
region gets its own organisation when the scale allows, the rest are companies, associations,
agencies, universities and federations placed in a kommun.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.text import slugify
from stdnum import luhn

from partners.bulk import ScaleRun
from partners.models import Kommun, Membership, Organisation, OrganisationKind, Region, Role, User

ORGANISATIONS = 5_000
BENCH_PASSWORD = "bench-losenord"
BENCH_NAME = "Benchkommunen"
BENCH_KOMMUN = "0380"
BENCH_ROLES = {
    "bench.admin@example.se": Role.ADMIN,
    "bench.approver@example.se": Role.APPROVER,
    "bench.reporter@example.se": Role.REPORTER,
    "bench.viewer@example.se": Role.VIEWER,
}
BENCH_COORDINATOR = "bench.koordinator@example.se"
SCALE_NOTE = "Skalningsdata för prestandamätning: uppgifterna är påhittade."

# Kinds of the organisations beyond the kommuner and regioner, with their share and name patterns.
OTHER_KINDS = [
    (
        OrganisationKind.CIVILSAMHALLE,
        35,
        [
            "Föreningen Aktiva {p}",
            "{p}s idrottsallians",
            "Stiftelsen Trygga barn i {p}",
            "Röda korset {p}",
            "Träffpunkt {p}",
            "Seniorerna i {p}",
        ],
    ),
    (
        OrganisationKind.NARINGSLIV,
        30,
        [
            "Friskvård {p} AB",
            "Hälsobolaget {p} AB",
            "Omsorgspartner {p} AB",
            "Matglädje {p} AB",
            "Rörelse & Hälsa {p} AB",
        ],
    ),
    (
        OrganisationKind.AKADEMI,
        8,
        ["Folkhälsocentrum {p}", "Institutet för prevention {p}", "FoU-enheten {p}"],
    ),
    (OrganisationKind.SAMORDNINGSFORBUND, 6, ["Samordningsförbundet {p}"]),
    (OrganisationKind.KOMMUNALFORBUND, 4, ["Kommunalförbundet {p}"]),
    (
        OrganisationKind.MYNDIGHET,
        2,
        ["Länsstyrelsens folkhälsoenhet {p}", "Statens preventionskontor {p}"],
    ),
    (OrganisationKind.ANNAN, 15, ["Stiftelsen Hälsa {p}", "Nätverket Prevention {p}"]),
]
FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Anders",
    "Eva",
    "Johan",
    "Sara",
    "Mohammed",
    "Elin",
    "Per",
    "Fatima",
    "Nils",
    "Ingrid",
    "Ali",
    "Emma",
    "Oskar",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Hassan",
    "Lindberg",
]


@dataclass
class Org:
    id: int
    name: str
    kind: str
    kommun_id: int | None
    region_id: int | None


@dataclass
class PartnersResult:
    organisations: list[Org]
    bench: Org
    # organisation id -> (approver user id, reporter user id)
    people: dict[int, tuple[int, int]] = field(default_factory=dict)
    bench_users: dict[str, int] = field(default_factory=dict)
    kommuner: list[tuple[int, str, str, int]] = field(
        default_factory=list
    )  # id, code, name, region
    regions: dict[int, str] = field(default_factory=dict)  # id -> name


def org_number(n: int) -> str:
    """A valid organisationsnummer (Luhn check digit), unique per n, in a series ("29…") that
    neither the demo nor the factories use."""
    body = f"29{n:07d}"
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def _unique(name: str, seen: set[str]) -> str:
    candidate, n = name, 1
    while candidate.lower() in seen:
        n += 1
        candidate = f"{name} {n}"
    seen.add(candidate.lower())
    return candidate


def _plan(run: ScaleRun, kommuner, regions) -> list[tuple[str, str, int | None, int | None]]:
    """(name, kind, kommun id, region id) of every organisation, Benchkommunen first."""
    rng = run.rng("partners")
    total = run.count(ORGANISATIONS)
    bench = next((k for k in kommuner if k[1] == BENCH_KOMMUN), kommuner[0])
    planned = [(BENCH_NAME, OrganisationKind.KOMMUN, bench[0], bench[3])]
    for kommun_id, code, name, region_id in kommuner:
        if code != bench[1]:
            planned.append((f"{name} kommun", OrganisationKind.KOMMUN, kommun_id, region_id))
    for region_id, name in sorted(regions.items()):
        planned.append((name, OrganisationKind.REGION, None, region_id))
    # Below national scale the kommuner and regioner that get an organisation are a sample.
    public = planned[1:]
    rng.shuffle(public)
    planned = [planned[0], *public[: max(0, total // 10 - 1)]]
    weights = [share for _kind, share, _names in OTHER_KINDS]
    while len(planned) < total:
        kind, _share, names = rng.choices(OTHER_KINDS, weights=weights)[0]
        kommun_id, _code, place, region_id = rng.choice(kommuner)
        planned.append((rng.choice(names).format(p=place), kind, kommun_id, region_id))
    return planned[:total]


def build(run: ScaleRun) -> PartnersResult:
    """Write the organisations, their members and the benchmark cast."""
    kommuner = list(Kommun.objects.order_by("code").values_list("pk", "code", "name", "region_id"))
    regions = dict(Region.objects.values_list("pk", "name"))
    if not kommuner:
        raise RuntimeError("The kommuner are missing; run migrate first.")
    planned = _plan(run, kommuner, regions)
    first = run.reserve(Organisation, len(planned))
    # Existing names and slugs (the demo's, with --force) are taken; org numbers and e-mail
    # addresses derive from the primary key, which is new by construction.
    seen_names = {n.lower() for n in Organisation.objects.values_list("name", flat=True)}
    seen_slugs = set(Organisation.objects.values_list("slug", flat=True))
    rows, orgs = [], []
    for i, (name, kind, kommun_id, region_id) in enumerate(planned):
        name = _unique(name, seen_names)
        slug = _unique(slugify(name), seen_slugs)
        pk = first + i
        is_kommun = kind == OrganisationKind.KOMMUN
        is_region = kind == OrganisationKind.REGION
        org = Org(pk, name, kind, kommun_id if not is_region else None, region_id)
        orgs.append(org)
        rows.append(
            (
                pk,
                name,
                slug,
                kind,
                org_number(pk),
                org.kommun_id,
                region_id,
                SCALE_NOTE,
                Organisation.Status.APPROVED,
                run.now,
                run.today.replace(month=1, day=15) if is_kommun or is_region else None,
            )
        )
    run.insert(
        Organisation,
        [
            "id",
            "name",
            "slug",
            "kind",
            "org_number",
            "kommun_id",
            "region_id",
            "description",
            "status",
            "decided_at",
            "signed_partnership_on",
        ],
        rows,
    )
    result = PartnersResult(orgs, orgs[0], kommuner=kommuner, regions=regions)
    _people(run, result)
    run.say(f"Partners: {len(orgs)} organisations, {run.counts['partners.User']} users.")
    return result


def _people(run: ScaleRun, result: PartnersResult) -> None:
    rng = run.rng("people")
    if User.objects.filter(email__in=[*BENCH_ROLES, BENCH_COORDINATOR]).exists():
        raise RuntimeError("The benchmark cast exists already: seed_scale has run here before.")
    password = make_password(BENCH_PASSWORD)  # one hash for all: PBKDF2 is slow on purpose
    orgs = result.organisations
    bench_emails = [*BENCH_ROLES, BENCH_COORDINATOR]
    first = run.reserve(User, len(bench_emails) + 2 * len(orgs))
    users, members = [], []
    for offset, email in enumerate(bench_emails):
        role = BENCH_ROLES.get(email, "koordinator")
        first_name = email.split("@")[0].split(".")[1].capitalize()
        users.append(
            (first + offset, email, first_name, "Bench", password, True, email == BENCH_COORDINATOR)
        )
        result.bench_users[email] = first + offset
        if email in BENCH_ROLES:
            members.append((result.bench.id, first + offset, role))
    pk = first + len(bench_emails)
    for org in orgs:
        ids = []
        for role in (Role.APPROVER, Role.REPORTER):
            users.append(
                (
                    pk,
                    f"{role}.{pk}@scale.example.se",
                    rng.choice(FIRST_NAMES),
                    rng.choice(LAST_NAMES),
                    password,
                    True,
                    False,
                )
            )
            members.append((org.id, pk, role))
            ids.append(pk)
            pk += 1
        result.people[org.id] = (ids[0], ids[1])
    run.insert(
        User, ["id", "email", "first_name", "last_name", "password", "is_active", "is_staff"], users
    )
    member_first = run.reserve(Membership, len(members))
    run.insert(
        Membership,
        ["id", "organisation_id", "user_id", "role"],
        ((member_first + i, *m) for i, m in enumerate(members)),
    )
    coordinators, _ = Group.objects.get_or_create(name=settings.COORDINATOR_GROUP)
    coordinators.user_set.add(result.bench_users[BENCH_COORDINATOR])
