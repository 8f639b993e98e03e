"""A programme, its stages, its member pilots, working-principle self-assessments and gate
decisions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import PLAN_DATE_VALIDATORS
from partners.models import Organisation
from pilots.models import Cadence, Indicator, Pilot

from .choices import Decision, MembershipStatus, ProgrammeKind, ProgrammeVisibility


class ProgrammeQuerySet(models.QuerySet):
    def public(self):
        """Public programmes (the rule: programmes.rules.public_q)."""
        from programmes.rules import public_q

        return self.filter(public_q())

    def visible_to(self, user):
        """Public programmes for everyone; private ones for the funder's members, the people of
        the programme's pilots and the coordinator (the rule: programmes.rules.visible_q)."""
        from programmes.rules import visible_q

        return self.filter(visible_q(user))


class Programme(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=220, unique=True)
    kind = models.CharField(
        _("typ av program"),
        max_length=32,
        choices=ProgrammeKind.choices,
        default=ProgrammeKind.STATE,
    )
    purpose = models.TextField(
        _("syfte"), help_text=_("Varför programmet finns och vad det ska åstadkomma.")
    )
    vision = models.TextField(
        _("vision"), blank=True, help_text=_("Hur det ser ut när programmet har lyckats.")
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("finansiär"),
        help_text=_("Organisationen som äger och finansierar programmet."),
    )
    budget_sek = models.DecimalField(
        _("budget (kr)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    start_date = models.DateField(_("startdatum"), validators=PLAN_DATE_VALIDATORS)
    end_date = models.DateField(_("slutdatum"), validators=PLAN_DATE_VALIDATORS)
    cadence = models.CharField(
        _("intervall för lägesrapporter"),
        max_length=16,
        choices=Cadence.choices,
        default=Cadence.HALF_YEAR,
    )
    visibility = models.CharField(
        _("synlighet"),
        max_length=16,
        choices=ProgrammeVisibility.choices,
        default=ProgrammeVisibility.PUBLIC,
        help_text=_(
            "Öppna program visar vision, piloter, sammanställda resultat och publicerade lägesrapporter för alla."  # noqa: E501
        ),
    )
    principles = models.JSONField(
        _("arbetsprinciper"),
        default=list,
        blank=True,
        help_text=_("En kort lista som piloterna bedömer sig själva mot."),
    )
    shared_indicators = models.ManyToManyField(
        Indicator,
        blank=True,
        related_name="programmes",
        verbose_name=_("gemensamma indikatorer"),
        limit_choices_to={"in_library": True},
    )
    requires_acceptance = models.BooleanField(
        _("finansiären accepterar periodrapporter"),
        default=False,
        help_text=_(
            "När organisationen har godkänt en pilots periodrapport accepterar finansiären den, "
            "och då kan den inte längre ändras."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="programme_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})
        principles = self.principles or []
        if not isinstance(principles, list) or not all(
            isinstance(p, str) and p.strip() for p in principles
        ):
            raise ValidationError(
                {"principles": _("Ange arbetsprinciperna som en lista med text.")}
            )
        if len(set(principles)) != len(principles):
            raise ValidationError({"principles": _("Samma arbetsprincip finns två gånger.")})

    @property
    def is_public(self) -> bool:
        from programmes.rules import is_public

        return is_public(self)


class ProgrammeStage(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("namn"), max_length=120)
    order = models.PositiveSmallIntegerField(_("ordning"), default=1)
    start_date = models.DateField(_("startdatum"), validators=PLAN_DATE_VALIDATORS)
    gate_date = models.DateField(
        _("beslutspunkt"),
        help_text=_("När finansiären beslutar om fortsättning."),
        validators=PLAN_DATE_VALIDATORS,
    )

    class Meta:
        verbose_name = _("fas")
        verbose_name_plural = _("faser")
        ordering = ["order", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="stage_unique_order"),
            models.CheckConstraint(
                condition=Q(gate_date__gte=models.F("start_date")), name="stage_gate_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.gate_date and self.gate_date < self.start_date:
            raise ValidationError(
                {"gate_date": _("Beslutspunkten kan inte vara före fasens start.")}
            )


class ProgrammePilot(models.Model):
    """A pilot's membership of a programme: its application, the funder's decision, its funding."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pilot_links")
    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="programme_links", verbose_name=_("pilot")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
        db_index=True,
    )
    funding_granted_sek = models.DecimalField(
        _("beviljat stöd (kr)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    repayment_share = models.DecimalField(
        _("återbetalningsandel (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Andel av realiserade besparingar som betalas tillbaka till fonden."),
    )
    stage = models.ForeignKey(
        ProgrammeStage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aktuell fas"),
    )
    stopped = models.BooleanField(_("avslutad vid beslutspunkt"), default=False)
    application_note = models.TextField(_("ansökan"), blank=True)
    decision_note = models.TextField(_("motivering"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(_("ansökt"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)

    class Meta:
        verbose_name = _("pilot i program")
        verbose_name_plural = _("piloter i program")
        ordering = ["pilot__title"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "pilot"], name="programmepilot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pilot} – {self.programme}"

    @property
    def is_accepted(self) -> bool:
        return self.status == MembershipStatus.ACCEPTED


class PrincipleAssessment(models.Model):
    """A pilot's self-assessment on one working principle for one period (1 = not at all, 5 =
    fully)."""

    membership = models.ForeignKey(
        ProgrammePilot, on_delete=models.CASCADE, related_name="assessments"
    )
    principle = models.CharField(_("arbetsprincip"), max_length=200)
    period_start = models.DateField(_("från"))
    period_end = models.DateField(_("till"))
    score = models.PositiveSmallIntegerField(
        _("bedömning"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = inte alls, 5 = fullt ut."),
    )
    comment = models.TextField(_("kommentar"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("självskattning")
        verbose_name_plural = _("självskattningar")
        ordering = ["-period_start", "principle"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "principle", "period_start"], name="assessment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.pilot}: {self.principle} ({self.score})"


class GateDecisionQuerySet(models.QuerySet):
    def current(self):
        """Decisions no later decision has superseded."""
        return self.filter(superseded_by__isnull=True)


class GateDecision(models.Model):
    """The funder's decision about one pilot at one stage's gate. Never edited: a new decision
    for the same pilot and stage supersedes the previous one, and the history stays."""

    membership = models.ForeignKey(
        ProgrammePilot, on_delete=models.CASCADE, related_name="decisions"
    )
    stage = models.ForeignKey(
        ProgrammeStage, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("fas")
    )
    decision = models.CharField(_("beslut"), max_length=32, choices=Decision.choices)
    rationale = models.TextField(_("motivering"))
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("ersätter"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("beslutad"))

    objects = GateDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslut vid beslutspunkt")
        verbose_name_plural = _("beslut vid beslutspunkter")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.membership.pilot} – {self.stage}: {self.get_decision_display()}"
