"""Reads for benchmarking: the area being compared, its peer groups, KPIs and statistics.

The benchmark itself (values, peer figures, ranks, trends) is in benchmarking.benchmark.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from benchmarking import aggregates
from benchmarking.models import Gender, Kpi, PeerGroup, StatisticValue
from core import caching
from core.collation import swedish_key
from partners.models import Kommun, Region, SkrGroup

SKR, LAN, ALL, REGIONS = "skr", "lan", "alla", "regioner"
GROUP_PREFIX = "grupp-"
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_YEARS = 30


@dataclass(frozen=True)
class Subject:
    """The kommun or region a benchmark is about."""

    code: str  # Kolada area id
    name: str
    kind: str  # "kommun" or "region"
    kommun: Kommun | None = None
    region: Region | None = None

    @property
    def is_kommun(self) -> bool:
        return self.kind == "kommun"


@dataclass
class Peers:
    """A resolved peer group: its key in forms and URLs, a label and the peer area ids."""

    key: str
    label: str
    codes: list[str] = field(default_factory=list)  # never includes the subject
    group: PeerGroup | None = None
    # The built-in peer set (SKR group, län, all kommuner or regions) whose figures are
    # precomputed (benchmarking.aggregates), "" for a group of kommuner aggregated live.
    aggregate_set: str = ""


def subject_for(code: str) -> Subject | None:
    """The kommun (4-digit code) or region ("00" + län code) with that Kolada id, or None."""
    code = (code or "").strip()
    if len(code) != 4 or not code.isdigit():
        return None
    if code.startswith("00"):
        region = Region.objects.filter(lan_code=code[2:]).first()
        return region and Subject(code=code, name=region.name, kind="region", region=region)
    kommun = Kommun.objects.select_related("region").filter(code=code).first()
    return kommun and Subject(
        code=code, name=kommun.name, kind="kommun", kommun=kommun, region=kommun.region
    )


def area_choices() -> dict[str, list[tuple[str, str]]]:
    """Kommuner and regioner for the picker: cached reference data (two queries on a miss)."""
    return caching.cached(caching.AREA_NAMES, "area-choices", _area_choices)


def _area_choices() -> dict[str, list[tuple[str, str]]]:
    return {
        # Swedish order (Å, Ä, Ö after Z), which neither Python nor every database gives.
        "kommuner": sorted(
            Kommun.objects.values_list("code", "name"), key=lambda c: swedish_key(c[1])
        ),
        "regioner": sorted(
            ((f"00{lan}", name) for lan, name in Region.objects.values_list("lan_code", "name")),
            key=lambda c: swedish_key(c[1]),
        ),
    }


def peer_group_list(*, user) -> QuerySet[PeerGroup]:
    """Groups the user may use: their own and the shared imported ones, with members preloaded."""
    return (
        PeerGroup.objects.visible_to(user)
        .select_related("for_kommun")
        .prefetch_related(
            Prefetch(
                "kommuner", queryset=Kommun.objects.only("id", "code", "name").order_by("name")
            )
        )
    )


def own_peer_groups(*, user) -> QuerySet[PeerGroup]:
    """The user's own custom groups, for the page where they manage them."""
    return peer_group_list(user=user).filter(owner=user)


def peer_choices(*, subject: Subject, user) -> list[tuple[str, str]]:
    """(key, label) of every peer group that can be chosen for the subject."""
    if not subject.is_kommun:
        return [(REGIONS, _("Alla regioner"))]
    kommun = subject.kommun
    choices = [
        (
            SKR,
            _("Samma SKR-kommungrupp (%(name)s)") % {"name": SkrGroup(kommun.skr_group).label},
        ),
        (LAN, _("Samma län (%(lan)s)") % {"lan": subject.region.lan_name or subject.region.name}),
        (ALL, _("Alla kommuner")),
    ]
    # Own groups always; shared (imported) ones made for this kommun or containing it.
    groups = (
        PeerGroup.objects.visible_to(user)
        .filter(Q(owner__isnull=False) | Q(for_kommun=kommun) | Q(kommuner=kommun))
        .distinct()
        .only("pk", "name")
        .order_by("name", "pk")
    )
    choices += [(f"{GROUP_PREFIX}{group.pk}", group.name) for group in groups]
    return choices


def resolve_peers(*, subject: Subject, key: str, user, choices=None) -> Peers:
    """The peer areas for a choice. Raises ValidationError for a choice that does not exist
    or that the user may not use (someone else's group looks the same as a missing one).
    `choices`: the subject's `peer_choices` when the caller has them already."""
    key = key or (SKR if subject.is_kommun else REGIONS)
    labels = dict(choices if choices is not None else peer_choices(subject=subject, user=user))
    if key not in labels:
        raise ValidationError({"peer": _("Välj en jämförelsegrupp i listan.")})
    if not subject.is_kommun:
        codes = [f"00{lan}" for lan in Region.objects.values_list("lan_code", flat=True)]
        return Peers(
            key, labels[key], [c for c in codes if c != subject.code], None, aggregates.ALL_REGIONS
        )
    kommuner = Kommun.objects.all()
    group, aggregate_set = None, aggregates.ALL_KOMMUNER
    if key == SKR:
        kommuner = kommuner.filter(skr_group=subject.kommun.skr_group)
        skr = subject.kommun.skr_group
        aggregate_set = aggregates.skr_set(skr) if skr else ""
    elif key == LAN:
        kommuner = kommuner.filter(region_id=subject.kommun.region_id)
        lan = subject.region.lan_code if subject.region else ""
        aggregate_set = aggregates.lan_set(lan) if lan else ""
    elif key.startswith(GROUP_PREFIX):
        aggregate_set = ""
        group = PeerGroup.objects.visible_to(user).filter(pk=key[len(GROUP_PREFIX) :]).first()
        if group is None:
            raise ValidationError({"peer": _("Jämförelsegruppen finns inte.")})
        kommuner = kommuner.filter(peer_groups=group)
    codes = list(
        kommuner.exclude(code=subject.code).order_by("code").values_list("code", flat=True)
    )
    return Peers(key, labels[key], codes, group, aggregate_set)


def parse_years(first, last, *, default_last: int, span: int = 10) -> tuple[int, int]:
    """A validated year range. Raises ValidationError with a clear message."""
    errors = {}
    try:
        last_year = int(last) if last not in (None, "") else default_last
    except (TypeError, ValueError):
        errors["to"] = _("Ange år med fyra siffror, till exempel 2024.")
        last_year = default_last
    try:
        first_year = int(first) if first not in (None, "") else last_year - span + 1
    except (TypeError, ValueError):
        errors["from"] = _("Ange år med fyra siffror, till exempel 2015.")
        first_year = last_year - span + 1
    if not errors:
        if not (FIRST_YEAR <= first_year <= LAST_YEAR) or not (
            FIRST_YEAR <= last_year <= LAST_YEAR
        ):
            errors["from"] = _("Åren måste ligga mellan %(a)s och %(b)s.") % {
                "a": FIRST_YEAR,
                "b": LAST_YEAR,
            }
        elif first_year > last_year:
            errors["from"] = _("Från-året kan inte vara efter till-året.")
        elif last_year - first_year + 1 > MAX_YEARS:
            errors["from"] = _("Välj högst %(n)s år.") % {"n": MAX_YEARS}
    if errors:
        raise ValidationError(errors)
    return first_year, last_year


def parse_gender(value) -> str:
    """T, K or M (default T). Raises ValidationError for anything else."""
    value = (value or Gender.TOTAL).strip().upper()
    if value not in Gender.values:
        raise ValidationError({"gender": _("Kön anges som T (totalt), K (kvinnor) eller M (män).")})
    return value


def latest_year() -> int | None:
    """The latest year with any statistic, the default end of a year range. Cached until
    statistics change (one query on a miss)."""
    return caching.cached(caching.PUBLIC_FIGURES, "statistics-latest-year", _latest_year) or None


def _latest_year() -> int | None:
    # 0 stands for "no statistics": the cache cannot tell a stored None from a miss.
    return StatisticValue.objects.order_by("-year").values_list("year", flat=True).first() or 0


def kpi_list() -> QuerySet[Kpi]:
    """All KPIs, ordered by id."""
    return Kpi.objects.order_by("id")


def statistic_list(*, filters: dict | None = None) -> QuerySet[StatisticValue]:
    """Stored values, filtered by kpi, area, year, gender (empty filters ignored)."""
    qs = StatisticValue.objects.order_by("kpi_id", "area", "year", "gender")
    for name, value in (filters or {}).items():
        if value not in (None, ""):
            qs = qs.filter(**{name: value})
    return qs
