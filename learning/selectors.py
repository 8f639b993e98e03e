"""Reads for the learning base: visibility and preloading in one place.

Every function issues a fixed number of queries whatever the number of practices, pilots,
values or lessons (the lineage is walked by one recursive query, see learning/lineage.py).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.http import Http404
from django.utils import timezone

from core import caching
from learning import lineage, replications, rules
from learning.comparison import Comparison, compare
from learning.models import (
    DUE_WINDOW_DAYS,
    Appraisal,
    AppraisalStatus,
    ClosingReport,
    Nomination,
    Practice,
)
from partners.models import Kommun, Organisation
from partners.rules import coordinators_q, is_coordinator, is_partner
from pilots.models import Lesson, Pilot

LESSON_FILTERS = (
    "q",
    "kind",
    "dimension",
    "health_area",
    "life_stage",
    "arena",
    "kommun",
    "lan",
    "skr_group",
    "like",
    "like_by",
    "practice",
)
LIKE_BY = ("skr", "lan")


def user_kommun(user) -> Kommun | None:
    """The kommun of the user's first approved organisation that has one (for "like mine")."""
    if user is None or not user.is_authenticated:
        return None
    org = (
        Organisation.objects.approved()
        .filter(memberships__user=user, kommun__isnull=False)
        .select_related("kommun__region")
        .order_by("name")
        .first()
    )
    return org.kommun if org else None


def _covered(**lookup):
    return Exists(Pilot.kommuner.through.objects.filter(pilot=OuterRef("pilot_id"), **lookup))


def lessons_visible(*, user) -> QuerySet[Lesson]:
    """Lessons of pilots the user may see: from approved period reports and closing reports."""
    return Lesson.objects.filter(rules.lessons_visible_q(user))


def lesson_list(*, user, filters: dict | None = None) -> QuerySet[Lesson]:
    """Lessons the user may see, filtered by facet, with pilot, organisation and places preloaded.

    `filters`: q, kind, dimension (system dimension), health_area, life_stage, arena (the pilot's),
    kommun (SCB code), lan (län code), skr_group, practice (slug: its lineage), like (a kommun
    code) with like_by "skr" (same SKR kommungrupp, the default) or "lan" (same län). Empty values
    are ignored; the caller validates values (unknown ones simply match nothing).
    """
    filters = {k: v for k, v in (filters or {}).items() if k in LESSON_FILTERS and v}
    qs = lessons_visible(user=user)
    if q := filters.get("q"):
        qs = qs.filter(Q(title__icontains=q) | Q(text__icontains=q))
    for name in ("kind", "dimension"):
        if name in filters:
            qs = qs.filter(**{name: filters[name]})
    for name in ("health_area", "life_stage", "arena"):
        if name in filters:
            qs = qs.filter(**{f"pilot__{name}": filters[name]})
    if "kommun" in filters:
        qs = qs.filter(_covered(kommun__code=filters["kommun"]))
    if "lan" in filters:
        qs = qs.filter(
            _covered(kommun__region__lan_code=filters["lan"])
            | Exists(
                Pilot.regioner.through.objects.filter(
                    pilot=OuterRef("pilot_id"), region__lan_code=filters["lan"]
                )
            )
        )
    if "skr_group" in filters:
        qs = qs.filter(_covered(kommun__skr_group=filters["skr_group"]))
    if "like" in filters:
        like = Kommun.objects.filter(code=filters["like"]).select_related("region").first()
        if like is None:
            return qs.none()
        if filters.get("like_by") == "lan":
            qs = qs.filter(_covered(kommun__region_id=like.region_id))
        else:
            qs = qs.filter(_covered(kommun__skr_group=like.skr_group))
    if "practice" in filters:
        practice = Practice.objects.visible_to(user).filter(slug=filters["practice"]).first()
        ids = _lineage_ids(practice)
        qs = qs.filter(pilot__in=ids)
    return (
        qs.select_related("pilot__lead_organisation", "report__period")
        .prefetch_related(
            Prefetch(
                "pilot__kommuner",
                queryset=Kommun.objects.select_related("region").order_by("name"),
            )
        )
        .order_by("-created_at", "-pk")
    )


def _lineage_ids(practice: Practice | None) -> list[int]:
    if practice is None or practice.original_pilot_id is None:
        return []
    edges = lineage.descendants([practice.original_pilot_id])[practice.original_pilot_id]
    return [pk for pk, _parent in edges]


# --- practices ---------------------------------------------------------------------------------


@dataclass
class PracticeSummary:
    practice: Practice
    replications: int
    current: Appraisal | None


def _current_appraisals(practice_ids) -> dict[int, Appraisal]:
    current = {}
    for appraisal in (
        Appraisal.objects.published()
        .filter(practice__in=practice_ids)
        .select_related("reviewed_by", "practice")
        .prefetch_related("authors")
        .order_by("practice_id", "-published_at", "-pk")
    ):
        current.setdefault(appraisal.practice_id, appraisal)
    return current


class PracticeRows:
    """Practices with their replications, read a page at a time: `count()` and slicing are SQL,
    so a paginator (Django's or DRF's) reads only the rows it shows and their current
    appraisals. Slicing gives PracticeSummary rows. With a `count_key` the count is cached in
    `caching.PRACTICES` (it joins every practice to its original pilot: a hash join over all
    pilots at national scale)."""

    def __init__(self, queryset: QuerySet[Practice], *, count_key: str = ""):
        self.queryset = queryset
        self.count_key = count_key

    def count(self) -> int:
        if self.count_key:
            return caching.cached(caching.PRACTICES, self.count_key, self.queryset.count)
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return _summaries(list(self.queryset[index]))
        return _summaries([self.queryset[index]])[0]


def _summaries(practices: list[Practice]) -> list[PracticeSummary]:
    current = _current_appraisals([p.pk for p in practices])
    return [PracticeSummary(p, p.replications, current.get(p.pk)) for p in practices]


def _replications(user):
    """The number of replications the user sees, as an expression over the stored counts
    (learning/replications.py): the count for their audience, plus the private (or partnership)
    adaptations they work on themselves."""
    coordinator = is_coordinator(user)
    partner = is_partner(user)
    expression = F(replications.field_for(coordinator=coordinator, partner=partner))
    if coordinator or not (user is not None and user.is_authenticated):
        return expression
    extra = replications.extra_for(user, partner=partner)
    if not extra:
        return expression
    whens = [When(pk=pk, then=Value(n)) for pk, n in sorted(extra.items())]
    return expression + Case(*whens, default=Value(0), output_field=IntegerField())


def practice_list(
    *, user, order: str = "title", q: str = "", replicated: bool = False
) -> PracticeRows:
    """Practices the user may see, each with its number of visible replications (published pilots
    adapted from the original, transitively) and its current (latest published) appraisal.
    A page of rows costs two queries (three for a signed-in user who works on private pilots),
    whatever the number of practices or the size of their trees; the count one more.

    `order`: "title", "replications" (most first) or "appraised" (latest appraisal first).
    `replicated`: only practices with at least one visible replication.
    """
    practices = (
        Practice.objects.visible_to(user)
        .filter(Q(title__icontains=q) | Q(summary__icontains=q) if q else Q())
        .select_related("original_pilot__lead_organisation")
        .annotate(replications=_replications(user))
    )
    if replicated:
        practices = practices.filter(replications__gt=0)
    if order == "replications":
        practices = practices.order_by("-replications", "title", "pk")
    elif order == "appraised":
        latest = (
            Appraisal.objects.published()
            .filter(practice=OuterRef("pk"))
            .order_by("-published_at", "-pk")
            .values("published_at")[:1]
        )
        practices = practices.annotate(appraised_at=Subquery(latest)).order_by(
            F("appraised_at").desc(nulls_last=True), "title", "pk"
        )
    else:
        practices = practices.order_by("title", "pk")
    # A visitor's count is everyone's: cache it (the signed-in see their own pilots' practices).
    public = not q and not replicated and not (user is not None and user.is_authenticated)
    return PracticeRows(practices, count_key="count:public" if public else "")


@dataclass
class PracticePage:
    practice: Practice
    tree: list
    pilots: list[Pilot]
    comparisons: list[Comparison]
    lessons: list[Lesson]
    lesson_count: int
    closing_reports: list[ClosingReport]
    contacts: list[Organisation]
    current: Appraisal | None
    history: list[Appraisal]
    open_appraisals: list[Appraisal]
    nominations: list[Nomination]
    total_budget: int | None
    # (pilot, per-actor business-case summary) for the published pilots that have a case.
    business_cases: list = field(default_factory=list)
    can_appraise: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def business_case_base_years(self) -> list[int]:
        """The base years the shown business cases discount to, when they differ (else []):
        present values to different years cannot be compared krona for krona."""
        years = sorted({summary.base_year for _pilot, summary in self.business_cases})
        return years if len(years) > 1 else []

    @property
    def business_case_schedules(self) -> list[str]:
        """The discount schedules of the shown business cases, when they differ (else [])."""
        names = sorted({summary.schedule_name for _pilot, summary in self.business_cases})
        return names if len(names) > 1 else []


PRACTICE_LESSONS = 20


def practice_page(*, slug: str, user) -> PracticePage:
    """Everything the practice page shows; 404 when missing or not visible. Constant queries."""
    return practice_page_of(practice_visible(slug=slug, user=user), user=user)


def practice_visible(*, slug: str, user) -> Practice:
    """The practice with its original pilot (one query); 404 when missing or not visible."""
    practice = (
        Practice.objects.visible_to(user).select_related("original_pilot").filter(slug=slug).first()
    )
    if practice is None:
        raise Http404
    return practice


def practice_page_of(practice: Practice, *, user) -> PracticePage:
    """Everything the page of a practice the user may see shows. Constant queries."""
    edges = lineage.descendants([practice.original_pilot_id]).get(practice.original_pilot_id, [])
    ids = [pk for pk, _parent in edges]
    pilots = {
        p.pk: p
        for p in Pilot.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("lead_organisation")
        .prefetch_related(
            Prefetch("kommuner", queryset=Kommun.objects.select_related("region").order_by("name"))
        )
    }
    tree = lineage.build_tree(practice.original_pilot_id, edges, pilots) if pilots else []
    ordered = [node.pilot for root in tree for node in root.walk()]
    published = [p for p in ordered if not p.is_draft]
    lessons, lesson_count = _practice_lessons(user=user, pilots={p.pk: p for p in published})
    appraisals = list(
        practice.appraisals.visible_to(user)
        .select_related("reviewed_by")
        .prefetch_related("authors")
        .order_by("-published_at", "-created_at", "-pk")
    )
    done = [a for a in appraisals if a.status == AppraisalStatus.PUBLISHED]
    budgets = [p.budget_sek for p in published if p.budget_sek is not None]
    can = rules.can_appraise(user)
    return PracticePage(
        practice=practice,
        tree=tree,
        pilots=ordered,
        comparisons=compare(published),
        lessons=lessons,
        lesson_count=lesson_count,
        closing_reports=list(
            ClosingReport.objects.filter(pilot__in=[p.pk for p in published]).select_related(
                "pilot"
            )
        ),
        contacts=list({p.lead_organisation_id: p.lead_organisation for p in published}.values()),
        current=done[0] if done else None,
        history=done[1:],
        open_appraisals=[a for a in appraisals if a.status != AppraisalStatus.PUBLISHED],
        nominations=list(practice.nominations.filter(appraisal__isnull=True)) if can else [],
        total_budget=sum(budgets) if budgets else None,
        business_cases=_business_cases(published),
        can_appraise=can,
    )


def _practice_lessons(*, user, pilots: dict[int, Pilot]) -> tuple[list[Lesson], int]:
    """The newest lessons of the practice's pilots and how many there are, in one query.

    The lessons reuse the lineage's pilots (lead organisation and kommuner already loaded), and a
    window count gives the total alongside the first rows instead of a second COUNT query.
    """
    rows = list(
        lessons_visible(user=user)
        .filter(pilot__in=list(pilots))
        .select_related("report__period")
        .annotate(total=Window(Count("pk")))
        .order_by("-created_at", "-pk")[:PRACTICE_LESSONS]
    )
    for lesson in rows:
        lesson.pilot = pilots[lesson.pilot_id]
    return rows, (rows[0].total if rows else 0)


def _business_cases(pilots: list[Pilot]) -> list:
    """Each visible, published pilot's per-actor summary, in lineage order (constant queries)."""
    from business_cases.selectors import business_case_summaries

    summaries = business_case_summaries([p.pk for p in pilots])
    return [(p, summaries[p.pk]) for p in pilots if p.pk in summaries]


# --- the learning base home ----------------------------------------------------------------------


@dataclass
class Home:
    most_replicated: list[PracticeSummary]
    recently_appraised: list[Appraisal]
    newest_lessons: list[Lesson]


def home(*, user, size: int = 5) -> Home:
    """The learning base home: most replicated practices, recent appraisals, newest lessons."""
    replicated = practice_list(user=user, order="replications", replicated=True)[:size]
    recent = list(
        Appraisal.objects.published()
        .filter(practice__in=Practice.objects.visible_to(user).values("pk"))
        .select_related("practice")
        .order_by("-published_at", "-pk")[:size]
    )
    lessons = list(lesson_list(user=user)[: size * 2])
    return Home(replicated, recent, lessons)


def practice_for_pilot(*, pilot: Pilot, user) -> Practice | None:
    """The practice the pilot belongs to, if the user may see it (for the pilot page link)."""
    chain = lineage.ancestors(pilot.pk)
    found = {
        p.original_pilot_id: p
        for p in Practice.objects.visible_to(user).filter(original_pilot__in=chain)
    }
    return next((found[pk] for pk in chain if pk in found), None)


def adopting_organisations(*, user) -> QuerySet[Organisation]:
    """Approved organisations the user may start pilots for (reporter, approver, admin)."""
    return Organisation.objects.approved().filter(rules.adoptable_for_q(user)).order_by("name")


# --- appraisals ----------------------------------------------------------------------------------


def appraisal_list(*, user) -> QuerySet[Appraisal]:
    """Published appraisals of visible practices; drafts too for the appraisal group/coordinator."""
    return (
        Appraisal.objects.visible_to(user)
        .filter(practice__in=Practice.objects.visible_to(user).values("pk"))
        .select_related("practice", "reviewed_by")
        .prefetch_related("authors")
        .order_by("-published_at", "-created_at", "-pk")
    )


@dataclass
class DueItem:
    practice: Practice
    appraisal: Appraisal
    overdue: bool


def practices_due(*, today: date | None = None, days: int = DUE_WINDOW_DAYS) -> list[DueItem]:
    """Practices whose current appraisal is to be reassessed within `days` or already late."""
    today = today or timezone.localdate()
    current = {}
    for appraisal in (
        Appraisal.objects.published()
        .select_related("practice")
        .order_by("practice_id", "-published_at", "-pk")
    ):
        current.setdefault(appraisal.practice_id, appraisal)
    limit = today + timedelta(days=days)
    items = [
        DueItem(a.practice, a, a.reassess_by < today)
        for a in current.values()
        if a.reassess_by and a.reassess_by <= limit
    ]
    return sorted(items, key=lambda i: (i.appraisal.reassess_by, i.practice.title))


def appraisal_work(*, user) -> dict:
    """The appraisal dashboard: open nominations and appraisals under way."""
    return {
        "nominations": list(
            Nomination.objects.filter(appraisal__isnull=True)
            .select_related("practice", "nominated_by")
            .order_by("-created_at")
        ),
        "open": list(
            Appraisal.objects.exclude(status=AppraisalStatus.PUBLISHED)
            .select_related("practice")
            .prefetch_related("authors")
            .order_by("status", "-updated_at")
        ),
    }


def coordinator_emails() -> list[str]:
    """E-mail addresses of active coordinators (the coordinator group and superusers)."""
    return list(
        get_user_model()
        .objects.filter(coordinators_q())
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
        .order_by("email")
    )
