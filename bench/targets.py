"""What the benchmark requests, chosen by deterministic ORM queries on the seeded database.

`seed_scale` creates a fixed cast (Benchkommunen, bench.*@example.se, a pilot with a draft
report, a bare StandardPage); everything else is picked by a stable ordering, so two runs on
the same seed request the same URLs. On a `seed_demo` database the demo logins stand in.
"""

from dataclasses import asdict, dataclass
from urllib.parse import quote

from django.db.models import Count

BENCH_PASSWORD = "bench-losenord"
BENCH_CAST = {
    "reporter": "bench.reporter@example.se",
}
DEMO_PASSWORD = "demo-losenord"
DEMO_CAST = {
    "reporter": "anna@example.se",
}
BENCH_ORGANISATION = "Benchkommunen"
BENCH_PILOT = "benchpiloten"
REFERENCE_SLUG = "referenssida"
# One fixed, broad query so both scales search for the same thing: in seed_scale's texts it
# matches about a third of all documents (a heavy, realistic search rather than a unique title).
SEARCH_WORD = "uppföljning"
# The same word typed without å/ä/ö (found through the folded forms, "Menade du: äldre?") and
# misspelt so that nothing matches: the search then corrects it from the vocabulary and runs
# again with the correction, the most queries a search takes.
UNACCENTED_WORD = "aldre"
MISSPELT_WORD = "uppfolgning"


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    kind: str  # "page", "api" or "reference"
    url: str
    as_role: str = "anonymous"
    login: str = ""  # the e-mail to sign in with; empty = an anonymous visitor

    def as_dict(self) -> dict:
        return asdict(self)


def cast() -> tuple[dict, str]:
    """The logins per role and their password: the bench cast, or the demo one."""
    from partners.models import User

    if User.objects.filter(email=BENCH_CAST["reporter"]).exists():
        return BENCH_CAST, BENCH_PASSWORD
    return DEMO_CAST, DEMO_PASSWORD


def _first(what: str, *querysets):
    """The first row of the first queryset that has one."""
    for queryset in querysets:
        found = queryset.first()
        if found is not None:
            return found
    raise LookupError(f"no {what} in the database; was it seeded?")


def ensure_bare_page() -> None:
    """A seed_demo database has no StandardPage; add an empty one as the reference page."""
    from cms.models import HomePage, StandardPage

    if not StandardPage.objects.live().exists():
        home = HomePage.objects.live().order_by("path").first()
        home.add_child(instance=StandardPage(title="Referenssida", slug=REFERENCE_SLUG))


def pick() -> list[Target]:
    """The key pages, the API endpoints and the bare reference page, in report order."""
    from benchmarking.models import Kpi
    from cms.models import NationalGoalPage, StandardPage
    from learning.models import Practice
    from partners.models import Membership, Organisation, Role, User
    from pilots.models import PeriodReport, Pilot, ReportStatus
    from programmes.models import Programme

    logins, _password = cast()
    reporter = User.objects.get(email=logins["reporter"])
    organisation = Organisation.objects.filter(name=BENCH_ORGANISATION).first()
    if organisation is None:  # seed_demo: the reporter's first organisation
        organisation = _first(
            "organisation", Organisation.objects.filter(memberships__user=reporter).order_by("pk")
        )
    draft = _first(
        "draft report of the bench organisation",
        PeriodReport.objects.filter(pilot__slug=BENCH_PILOT, status=ReportStatus.DRAFT),
        PeriodReport.objects.filter(
            pilot__lead_organisation=organisation, status=ReportStatus.DRAFT
        ).order_by("pk"),
    )
    public = Pilot.objects.public()
    pilot = _first(
        "public pilot",
        public.filter(pk=draft.pilot_id),
        public.annotate(n=Count("reports")).order_by("-n", "pk"),
    )
    pilot_as = "anonymous"
    kommun = organisation.kommun.code if organisation.kommun_id else "0180"
    practice = _first(
        "practice",
        Practice.objects.filter(appraisals__status="published").order_by("pk"),
        Practice.objects.order_by("pk"),
    )
    goal = _first("national goal page", NationalGoalPage.objects.live().order_by("path"))
    bare = _first(
        "standard page",
        StandardPage.objects.live().filter(slug=REFERENCE_SLUG),
        StandardPage.objects.live().order_by("path"),
    )
    programme = _first(
        "programme",
        Programme.objects.filter(owner=organisation).order_by("pk"),
        Programme.objects.annotate(n=Count("pilot_links")).order_by("-n", "pk"),
    )
    # Coordinators must pass two-factor authentication, so the portfolio is measured as a member
    # of the owner organisation (funders see it with any role); admins need two-factor too.
    owner_member = _first(
        "member of the programme's owner",
        Membership.objects.filter(organisation=programme.owner, role=Role.APPROVER).order_by("pk"),
        Membership.objects.filter(organisation=programme.owner)
        .exclude(role=Role.ADMIN)
        .order_by("pk"),
    ).user.email
    kpi = Kpi.objects.order_by("id").values_list("id", flat=True).first()
    word = quote(SEARCH_WORD)
    return [
        Target("home", "Home", "page", "/"),
        Target("pilot_list", "Pilot list", "page", "/piloter/"),
        Target("pilot_page", "Pilot page", "page", f"/piloter/{pilot.slug}/", pilot_as),
        Target(
            "report_form",
            "Report form",
            "page",
            f"/piloter/{draft.pilot.slug}/rapporter/{draft.period_id}/",
            "reporter",
            logins["reporter"],
        ),
        Target("dashboard", "Dashboard", "page", "/mina-sidor/", "reporter", logins["reporter"]),
        Target("search", "Search", "page", f"/sok/?q={word}"),
        Target("search_unaccented", "Search unaccented", "page", f"/sok/?q={UNACCENTED_WORD}"),
        Target("search_misspelt", "Search misspelt", "page", f"/sok/?q={MISSPELT_WORD}"),
        Target("learning_base", "Learning base", "page", "/kunskapsbank/"),
        Target(
            "practice_page", "Practice page", "page", f"/kunskapsbank/praktiker/{practice.slug}/"
        ),
        Target("benchmark_page", "Benchmark page", "page", f"/jamfor/{kommun}/"),
        Target("goal_page", "Goal page", "page", goal.get_url()),
        Target(
            "programme_dashboard",
            "Programme dashboard",
            "page",
            f"/program/{programme.slug}/portfolj/",
            "owner's approver",
            owner_member,
        ),
        # The completeness and timeliness matrix as the programme owner's approver opens it from
        # the programme page (coordinators need two-factor): the programme's pilots, this year.
        Target(
            "reporting_matrix",
            "Reporting matrix",
            "page",
            f"/uppfoljning/rapportering/?programme={programme.slug}",
            "owner's approver",
            owner_member,
        ),
        Target("api_pilots", "API pilots", "api", "/api/v1/pilots/"),
        Target("api_pilot", "API pilot detail", "api", f"/api/v1/pilots/{pilot.slug}/"),
        Target("api_search", "API search", "api", f"/api/v1/search/?q={word}"),
        Target(
            "api_search_unaccented",
            "API search unaccented",
            "api",
            f"/api/v1/search/?q={UNACCENTED_WORD}",
        ),
        Target(
            "api_search_misspelt",
            "API search misspelt",
            "api",
            f"/api/v1/search/?q={MISSPELT_WORD}",
        ),
        Target(
            "api_reports", "API reports", "api", "/api/v1/reports/", "reporter", logins["reporter"]
        ),
        Target(
            "api_benchmarks",
            "API benchmarks",
            "api",
            f"/api/v1/benchmarks/?area={kommun}&peer=skr" + (f"&kpi={kpi}" if kpi else ""),
        ),
        Target("api_practices", "API practices", "api", "/api/v1/practices/"),
        Target("bare_page", "Bare Wagtail page", "reference", bare.get_url()),
    ]
