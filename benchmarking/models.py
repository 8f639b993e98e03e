"""Kolada-shaped statistics, peer groups and import runs.

Area ids follow Kolada: a kommun is its 4-digit SCB code, a region is "00" + its län code and
riket is "0000". Values are stored as Kolada publishes them; everything derived from them (means,
ranks, trends) is computed at read time in benchmarking.compute and labelled as our own.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Kommun


class Gender(models.TextChoices):
    TOTAL = "T", _("Totalt")
    WOMEN = "K", _("Kvinnor")
    MEN = "M", _("Män")


class KpiDirection(models.TextChoices):
    HIGHER = "higher", _("Högre är bättre")
    LOWER = "lower", _("Lägre är bättre")
    NEUTRAL = "neutral", _("Neutral: varken högre eller lägre är bättre")


class KpiQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_demo=False)

    def without_direction(self):
        """KPIs whose direction the coordinator has not chosen yet: no ranks, no good/bad."""
        return self.filter(direction="")


# Group ids in Kolada are "G" and digits (municipality groups, e.g. G124016); their values are
# Kolada's own unweighted mean of the members, with `count` = how many members contributed.
KOLADA_GROUP_PREFIX = "G"


def is_group_area(area: str) -> bool:
    return area.startswith(KOLADA_GROUP_PREFIX)


class Kpi(models.Model):
    """A key figure (nyckeltal) as Kolada defines it, e.g. N00945."""

    id = models.CharField(
        _("KPI-id"),
        max_length=10,
        primary_key=True,
        help_text=_("Koladas id, till exempel N00945."),
    )
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    unit = models.CharField(
        _("enhet"), max_length=50, blank=True, help_text=_("Till exempel %, kr, antal.")
    )
    direction = models.CharField(
        _("riktning"),
        max_length=16,
        choices=KpiDirection.choices,
        blank=True,
        default="",
        help_text=_(
            "Om högre eller lägre värden är bättre; styr rangordning och trendens färg. "
            "Samordnaren väljer; Kolada anger ingen riktning. Tomt: inte vald än (ingen "
            "rangordning visas)."
        ),
    )
    is_divided_by_gender = models.BooleanField(
        _("könsuppdelat"),
        default=False,
        help_text=_("Om Kolada redovisar värden för kvinnor (K) och män (M) utöver totalt (T)."),
    )
    operating_area = models.CharField(
        _("verksamhetsområde"), max_length=300, blank=True, help_text=_("Enligt Kolada.")
    )
    municipality_type = models.CharField(
        _("områdestyp"),
        max_length=10,
        blank=True,
        help_text=_("Enligt Kolada: K (kommuner), L (regioner) eller A (alla)."),
    )
    kolada_fetched_at = models.DateTimeField(
        _("metadata hämtad från Kolada"), null=True, blank=True
    )
    edited_fields = models.JSONField(
        _("ändrat av samordnaren"),
        default=list,
        blank=True,
        help_text=_(
            "Fält som samordnaren har ändrat; en hämtning från Kolada skriver inte över dem."
        ),
    )
    is_demo = models.BooleanField(
        _("demovärden"),
        default=False,
        help_text=_("Påhittade värden för demonstration, inte statistik från Kolada."),
    )
    source = models.CharField(_("källa"), max_length=100, default="Kolada")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = KpiQuerySet.as_manager()

    class Meta:
        verbose_name = _("nyckeltal")
        verbose_name_plural = _("nyckeltal")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.id} {self.title}"

    @property
    def direction_text(self) -> str:
        """The direction in words; "Riktning inte angiven" until the coordinator chooses."""
        return (
            str(self.get_direction_display()) if self.direction else str(_("Riktning inte angiven"))
        )

    direction_text.fget.short_description = _("riktning")


class StatisticValueQuerySet(models.QuerySet):
    def for_area(self, area: str):
        return self.filter(area=area)

    def in_years(self, first: int, last: int):
        return self.filter(year__gte=first, year__lte=last)

    def reportable(self):
        """Values that may enter a peer figure: every value Kolada published (a null is missing).
        Kolada's `count` is not a number of persons, so it never keeps a value out."""
        return self.filter(value__isnull=False)

    def kommuner(self):
        """Values of kommuner only: four digits, not a region ("00" + län) nor a group ("G…")."""
        return self.filter(area__regex=r"^[0-9]{4}$").exclude(area__startswith="00")

    def regioner(self):
        return self.filter(area__startswith="00").exclude(area="0000")


class StatisticValue(models.Model):
    """One published value: KPI × area × year × kön. A null value means missing, never zero."""

    kpi = models.ForeignKey(
        Kpi, on_delete=models.CASCADE, related_name="values", verbose_name=_("nyckeltal")
    )
    area = models.CharField(
        _("område"),
        max_length=12,
        help_text=_(
            "Kommunkod, 00 + länskod för en region, 0000 för riket, eller Koladas grupp-id (G…)."
        ),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, default=Gender.TOTAL)
    value = models.DecimalField(_("värde"), max_digits=18, decimal_places=4, null=True, blank=True)
    count = models.PositiveIntegerField(
        _("antal (Koladas count)"),
        null=True,
        blank=True,
        help_text=_(
            "Koladas count, oförändrat: 1 för en kommun, region eller riket; för en grupp antalet "
            "medlemmar som bidrog till gruppens oviktade medelvärde. Inget antal personer."
        ),
    )
    status = models.CharField(
        _("status"), max_length=30, blank=True, help_text=_("Koladas status, oförändrad.")
    )
    is_preliminary = models.BooleanField(_("preliminärt"), default=False)
    source = models.CharField(_("källa"), max_length=100, default="Kolada")
    imported_at = models.DateTimeField(_("importerad"))
    import_run = models.ForeignKey(
        "benchmarking.ImportRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = StatisticValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("statistikvärde")
        verbose_name_plural = _("statistikvärden")
        ordering = ["kpi_id", "area", "year", "gender"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "area", "year", "gender"], name="statvalue_unique_cell"
            ),
            models.CheckConstraint(
                condition=Q(gender__in=["T", "K", "M"]), name="statvalue_gender_tkm"
            ),
        ]
        indexes = [
            models.Index(fields=["kpi", "gender", "year"], name="statvalue_kpi_gender_year"),
            # The default end of a year range is the latest year stored: an index scan, not a sort.
            models.Index(fields=["year"], name="statvalue_year"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.area} {self.year} {self.gender}: {self.value}"

    @property
    def is_group(self) -> bool:
        return is_group_area(self.area)

    @property
    def members(self) -> int | None:
        """n for a group's value (members behind Kolada's unweighted mean); None otherwise."""
        return self.count if self.is_group else None


class PeerGroupQuerySet(models.QuerySet):
    def shared(self):
        return self.filter(owner__isnull=True)

    def visible_to(self, user):
        """Shared (imported) groups for everyone; custom groups only for their owner (the rule:
        benchmarking.rules.peer_groups_visible_q)."""
        from benchmarking.rules import peer_groups_visible_q

        return self.filter(peer_groups_visible_q(user))

    def owned_by(self, user):
        from benchmarking.rules import peer_groups_editable_q

        return self.filter(peer_groups_editable_q(user))


class PeerGroup(models.Model):
    """A set of kommuner to compare with: a user's own set, or a shared imported one."""

    class Kind(models.TextChoices):
        CUSTOM = "custom", _("Egen jämförelsegrupp")
        KOLADA = "kolada", _("Koladas liknande kommuner")
        IMPORTED = "imported", _("Importerad grupp")

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=16, choices=Kind.choices, default=Kind.CUSTOM)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="peer_groups",
        verbose_name=_("ägare"),
        help_text=_("Tomt för delade, importerade grupper."),
    )
    for_kommun = models.ForeignKey(
        Kommun,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gäller kommun"),
        help_text=_("För Koladas liknande kommuner: den kommun gruppen är framtagen för."),
    )
    external_id = models.CharField(
        _("externt id"), max_length=40, blank=True, help_text=_("Till exempel Koladas grupp-id.")
    )
    kommuner = models.ManyToManyField(
        Kommun, related_name="peer_groups", verbose_name=_("kommuner")
    )
    source = models.CharField(_("källa"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PeerGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("jämförelsegrupp")
        verbose_name_plural = _("jämförelsegrupper")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="peergroup_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None


class ImportRun(models.Model):
    """One import of statistics (a file or an API fetch) and what it did, with its error report."""

    class Kind(models.TextChoices):
        JSON = "json", _("Kolada JSON (API v3)")
        CSV = "csv", _("CSV")
        API = "api", _("Hämtning från Kolada API v3")
        GROUPS = "groups", _("Kommungrupper (Kolada)")

    class Status(models.TextChoices):
        RUNNING = "running", _("Pågår")
        SUCCEEDED = "succeeded", _("Klar")
        FAILED = "failed", _("Misslyckades, inget ändrat")

    file_name = models.CharField(_("fil eller adress"), max_length=500)
    kind = models.CharField(_("typ"), max_length=16, choices=Kind.choices)
    source = models.CharField(_("källa"), max_length=100, default="Kolada")
    started_at = models.DateTimeField(_("startad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("lästa rader"), default=0)
    rows_created = models.PositiveIntegerField(_("nya"), default=0)
    rows_updated = models.PositiveIntegerField(_("ändrade"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("oförändrade"), default=0)
    rows_deleted = models.PositiveIntegerField(_("borttagna"), default=0)
    rows_skipped = models.PositiveIntegerField(
        _("överhoppade"),
        default=0,
        help_text=_("Värden för Kolada-grupper som inte är inlästa här (läs in grupperna först)."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    errors = models.JSONField(
        _("felrapport"),
        default=list,
        blank=True,
        help_text=_("En post per fel: rad och meddelande."),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class PeerAggregate(models.Model):
    """The peer figures of one built-in peer set (an SKR kommungrupp, a län, every kommun or
    every region) for one KPI, year and kön, computed when statistics change
    (`benchmarking.aggregates`), so the benchmark page reads them with one query instead of
    aggregating the statistics on every request.

    The figures include every member; the page leaves the area being compared out (n − 1, the
    sum less its value, and the second lowest/highest value when its own is the lowest/highest).
    """

    peer_set = models.CharField(_("jämförelsegrupp"), max_length=20)
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices)
    n = models.PositiveIntegerField(_("antal med värde"))
    total = models.DecimalField(_("summa"), max_digits=24, decimal_places=4)
    low = models.DecimalField(_("lägsta"), max_digits=18, decimal_places=4)
    low2 = models.DecimalField(_("näst lägsta"), max_digits=18, decimal_places=4, null=True)
    high = models.DecimalField(_("högsta"), max_digits=18, decimal_places=4)
    high2 = models.DecimalField(_("näst högsta"), max_digits=18, decimal_places=4, null=True)

    class Meta:
        verbose_name = _("jämförelsegruppens värden")
        verbose_name_plural = _("jämförelsegruppernas värden")
        constraints = [
            models.UniqueConstraint(
                fields=["peer_set", "kpi", "gender", "year"], name="peeraggregate_unique_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.peer_set} {self.kpi_id} {self.year} {self.gender}: n={self.n}"
