"""Business cases: cost, benefit and business-as-usual lines per actor and calendar year, the
unit-cost library and versioned discount-rate schedules. The arithmetic is in
business_cases/economics.py; reads are in business_cases/selectors.py and writes in
business_cases/services/."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import PLAN_FIRST_YEAR, PLAN_LAST_YEAR
from partners.numbers import format_sek

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
RATE = [MinValueValidator(Decimal("-10")), MaxValueValidator(Decimal("100"))]
# Business-case years generate the calculation's yearly series: the portal's planning range.
MIN_YEAR, MAX_YEAR = PLAN_FIRST_YEAR, PLAN_LAST_YEAR


class Actor(models.TextChoices):
    KOMMUN = "kommun", _("Kommun")
    REGION = "region", _("Region")
    STAT = "stat", _("Staten och Försäkringskassan")
    EMPLOYER = "arbetsgivare", _("Arbetsgivare")
    INDIVIDUAL = "individ", _("Individ")
    CIVIL_SOCIETY = "civilsamhalle", _("Civilsamhälle")
    OTHER = "annan", _("Annan")


class ValueType(models.TextChoices):
    FISCAL_CASHABLE = "fiscal_cashable", _("Budget, frigörbart (kassaflöde)")
    FISCAL_NON_CASHABLE = "fiscal_non_cashable", _("Budget, ej frigörbart (kapacitet)")
    ECONOMIC = "economic", _("Samhällsekonomiskt")
    SOCIAL = "social", _("Socialt värde")


class LineKind(models.TextChoices):
    COST = "cost", _("Kostnad")
    BENEFIT = "benefit", _("Nytta")
    BAU = "bau", _("Kostnad om inget görs")


class ConfidenceGrade(models.IntegerChoices):
    """Confidence in the figure; sets the optimism-bias adjustment (business_cases.economics)."""

    G1 = 1, _("1 – granskade, aktuella, lokala uppgifter (0 %)")
    G2 = 2, _("2 – aktuella lokala uppgifter (5 %)")
    G3 = 3, _("3 – nationella uppgifter eller äldre lokala (10 %)")
    G4 = 4, _("4 – jämförbar studie eller modell (15 %)")
    G5 = 5, _("5 – expertbedömning med stöd (25 %)")
    G6 = 6, _("6 – antagande utan stöd (40 %)")


class DiscountRateSchedule(models.Model):
    """A named schedule of step rates. Schedules are never edited: a revision is a new schedule
    (`replaces` the old one), so earlier results stay reproducible. Exactly one is the default."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    steps = models.JSONField(
        _("räntesteg"),
        help_text=_("Lista av [första år, ränta i procent], till exempel [[0, 3.5], [31, 3.0]]."),
    )
    valid_from = models.DateField(_("gäller från"))
    is_default = models.BooleanField(
        _("standard"), default=False, help_text=_("Används av kalkyler som inte valt någon annan.")
    )
    source = models.CharField(_("källa"), max_length=300, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("ersätter"),
        help_text=_("Den tidigare versionen som denna reviderar."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Created by the pilots app before business cases had their own app; kept in place.
        db_table = "pilots_discountrateschedule"
        verbose_name = _("kalkylräntesats")
        verbose_name_plural = _("kalkylräntesatser")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_schedule"
            )
        ]

    def __str__(self) -> str:
        from business_cases.reference_data import shown

        return shown(self.name)

    def clean(self) -> None:
        from business_cases.economics import BusinessCaseError, DiscountSchedule

        try:
            DiscountSchedule(self.name, tuple((int(y), float(r) / 100) for y, r in self.steps))
        except (BusinessCaseError, TypeError, ValueError) as exc:
            raise ValidationError(
                {
                    "steps": _(
                        "Räntestegen är ogiltiga: börja på år 0, stigande år, räntor −10–100 %."
                    )
                }
            ) from exc


class UnitCost(models.Model):
    """A unit-cost library entry, e.g. "Ett vårddygn inom slutenvård" with source and price year."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    description = models.TextField(_("beskrivning"), blank=True)
    amount_sek = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(
        _("per"), max_length=100, help_text=_("Till exempel vårddygn, sjukdag, besök.")
    )
    actor = models.CharField(
        _("aktör som bär kostnaden"),
        max_length=20,
        choices=Actor.choices,
        help_text=_("Den som får nyttan när kostnaden undviks."),
    )
    value_type = models.CharField(_("värdetyp"), max_length=24, choices=ValueType.choices)
    price_year = models.PositiveSmallIntegerField(
        _("prisår"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    source = models.CharField(_("källa"), max_length=300)
    confidence = models.PositiveSmallIntegerField(
        _("säkerhet"), choices=ConfidenceGrade.choices, default=3
    )
    illustrative = models.BooleanField(
        _("illustrativt värde"),
        default=False,
        help_text=_("Ett exempelvärde för demo och utbildning, inte en fastställd kostnad."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Created by the pilots app before business cases had their own app; kept in place.
        db_table = "pilots_unitcost"
        verbose_name = _("enhetskostnad")
        verbose_name_plural = _("enhetskostnader")
        ordering = ["name"]

    def __str__(self) -> str:
        from business_cases.reference_data import shown

        name, unit = shown(self.name), shown(self.unit)
        return f"{name} ({format_sek(self.amount_sek)}/{unit}, {self.price_year})"

    @property
    def source_says_illustrative(self) -> bool:
        """The seeded source already reads "Illustrativt värde, demo (…)", so a page adds no
        "(illustrativt värde)" of its own after it."""
        from business_cases.reference_data import ILLUSTRATIVE_SOURCE

        return self.source.casefold().startswith(ILLUSTRATIVE_SOURCE.split(",")[0].casefold())


class BusinessCase(models.Model):
    """A pilot's business case. Calendar years base_year … base_year + horizon_years."""

    pilot = models.OneToOneField(
        "pilots.Pilot", on_delete=models.CASCADE, related_name="business_case"
    )
    price_year = models.PositiveSmallIntegerField(
        _("prisår"),
        help_text=_("Alla belopp anges i detta års priser."),
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    base_year = models.PositiveSmallIntegerField(
        _("basår (år 0)"),
        help_text=_("Kalenderåret som diskonteras som år 0."),
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
    )
    horizon_years = models.PositiveSmallIntegerField(
        _("kalkylperiod (år)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("Antal år efter basåret som kalkylen omfattar (0–100)."),
    )
    schedule = models.ForeignKey(
        DiscountRateSchedule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kalkylränta"),
        help_text=_("Tomt: partnerskapets standard."),
    )
    comparison_rate = models.DecimalField(
        _("jämförelseränta (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=RATE,
        help_text=_("Visa även resultatet vid denna ränta, −10 till 100 %."),
    )
    notes = models.TextField(_("antaganden och källor"), blank=True)
    is_draft = models.BooleanField(
        _("utkast"),
        default=True,
        help_text=_("Ett utkast syns bara för pilotens egna organisationer."),
    )
    use_realised = models.BooleanField(
        _("räkna med faktiskt utfall"),
        default=False,
        help_text=_(
            "Huvudresultatet använder antagandena. Markera för att i stället räkna med godkända "
            "helårsvärden från kopplade indikatorer; resultatet märks då som faktiskt utfall."
        ),
    )
    is_demo = models.BooleanField(_("demosiffror"), default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        # Created by the pilots app before business cases had their own app; kept in place.
        db_table = "pilots_businesscase"
        verbose_name = _("kalkyl")
        verbose_name_plural = _("kalkyler")
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_years__lte=100), name="business_case_horizon_max_100"
            ),
        ]

    def __str__(self) -> str:
        return _("Kalkyl: %(pilot)s") % {"pilot": self.pilot}

    @property
    def last_year(self) -> int:
        return self.base_year + self.horizon_years

    @property
    def years(self) -> list[int]:
        return list(range(self.base_year, self.last_year + 1))


class BusinessCaseLine(models.Model):
    """A cost, benefit or business-as-usual line. A benefit built from a unit cost keeps the unit
    amount it was built with (`unit_amount_sek`), so a later library revision does not move it."""

    business_case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("typ"), max_length=10, choices=LineKind.choices)
    label = models.CharField(_("beskrivning"), max_length=200)
    actor = models.CharField(_("aktör"), max_length=20, choices=Actor.choices)
    value_type = models.CharField(
        _("värdetyp"), max_length=24, choices=ValueType.choices, default=ValueType.FISCAL_CASHABLE
    )
    confidence = models.PositiveSmallIntegerField(
        _("säkerhet"),
        choices=ConfidenceGrade.choices,
        default=3,
        help_text=_("Sätter avdraget för optimism (0–40 %)."),
    )
    deadweight_pct = models.DecimalField(
        _("dödvikt (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=PERCENT,
        help_text=_("Andel som hade hänt ändå."),
    )
    attribution_pct = models.DecimalField(
        _("tillskrivning (%)"),
        max_digits=5,
        decimal_places=2,
        default=100,
        validators=PERCENT,
        help_text=_("Andel av effekten som beror på piloten."),
    )
    drop_off_pct = models.DecimalField(
        _("avtagande per år (%)"), max_digits=5, decimal_places=2, default=0, validators=PERCENT
    )
    # Built from a unit cost: amount per year = unit amount × people × effect, first..last year.
    unit_cost = models.ForeignKey(
        UnitCost,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
        verbose_name=_("enhetskostnad"),
    )
    unit_amount_sek = models.DecimalField(
        _("belopp per enhet (kr)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    people = models.DecimalField(
        _("antal personer per år"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    effect_pct = models.DecimalField(
        _("förväntad effekt (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text=_("Andel av personerna där kostnaden undviks."),
    )
    first_year = models.PositiveSmallIntegerField(_("första år"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("sista år"), null=True, blank=True)
    pilot_indicator = models.ForeignKey(
        "pilots.PilotIndicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("räckvidd från indikator"),
        help_text=_(
            "Räkna om med faktiskt antal personer från godkända resultat på denna indikator."
        ),
    )
    effect_indicator = models.ForeignKey(
        "pilots.PilotIndicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("effekt från indikator"),
        help_text=_("Visa förändringen från utgångsvärdet bredvid den antagna effekten."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        # Created by the pilots app before business cases had their own app; kept in place.
        db_table = "pilots_businesscaseline"
        verbose_name = _("kalkylrad")
        verbose_name_plural = _("kalkylrader")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadweight_pct__gte=0, deadweight_pct__lte=100)
                & Q(attribution_pct__gte=0, attribution_pct__lte=100)
                & Q(drop_off_pct__gte=0, drop_off_pct__lte=100),
                name="bc_line_shares_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_derived(self) -> bool:
        """Amounts are built from unit amount × people × effect rather than typed in."""
        return self.unit_amount_sek is not None and self.people is not None


class BusinessCaseAmount(models.Model):
    line = models.ForeignKey(BusinessCaseLine, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField(_("år"), help_text=_("Kalenderår."))
    amount_sek = models.DecimalField(_("belopp (kr)"), max_digits=15, decimal_places=0)

    class Meta:
        # Created by the pilots app before business cases had their own app; kept in place.
        db_table = "pilots_businesscaseamount"
        verbose_name = _("kalkylbelopp")
        verbose_name_plural = _("kalkylbelopp")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="bc_amount_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount_sek}"
