"""A pilot, its partner organisations, its pilot-level members and its evaluation plan."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import PLAN_DATE_VALIDATORS
from partners.models import Kommun, Membership, Organisation, Region, Role

from .choices import (
    Arena,
    Cadence,
    EvaluationDesign,
    HealthArea,
    LifeStage,
    PartnerRole,
    PilotStatus,
    Visibility,
)


def lineage_heir(pilot_pk, *, deleting=frozenset(), using="default"):
    """The adaptation that takes a deleted pilot's place in its lineage: the oldest one not being
    deleted too, or None. Shared by `keep_lineage` and the learning app's practices."""
    return (
        Pilot.objects.using(using)
        .filter(adapted_from_id=pilot_pk)
        .exclude(pk__in=deleting)
        .order_by("created_at", "pk")
        .first()
    )


def keep_lineage(collector, field, sub_objs, using):
    """on_delete for `Pilot.adapted_from`: deleting a pilot never orphans its adaptations.

    The oldest adaptation takes the deleted pilot's place (it gets the deleted pilot's parent,
    skipping parents deleted in the same operation) and the other adaptations move under it, so
    the deleted pilot's whole subtree stays one branch of the same tree.
    """
    deleting = {obj.pk for obj in collector.data.get(Pilot, ())}
    parents = dict(
        Pilot.objects.using(using).filter(pk__in=deleting).values_list("pk", "adapted_from_id")
    )
    children = {}
    for child in sub_objs:
        if child.pk not in deleting:
            children.setdefault(child.adapted_from_id, []).append(child.pk)
    for deleted_pk, child_pks in children.items():
        heir = lineage_heir(deleted_pk, deleting=deleting, using=using)
        if heir is None:
            continue
        parent = parents.get(deleted_pk)
        while parent in deleting:
            parent = parents.get(parent)
        heir_parent = Pilot(pk=parent) if parent else None
        collector.add_field_update(
            field, heir_parent, Pilot.objects.using(using).filter(pk=heir.pk)
        )
        others = [pk for pk in child_pks if pk != heir.pk]
        if others:
            collector.add_field_update(
                field, heir, Pilot.objects.using(using).filter(pk__in=others)
            )


def worked_on_by(user, *, roles=None, partners=True) -> Q:
    """The condition "the user works on this pilot": a member of its lead organisation, of a
    partner organisation (unless `partners` is False) or holding a pilot-level role; with `roles`,
    only memberships and pilot roles among those roles count.

    Each way in is its own small, indexed id subquery, united. One OR across LEFT JOINs of
    memberships, partners and pilot roles made PostgreSQL multiply the join rows for every pilot:
    seconds per query at national scale (issue 10)."""
    return Q(pk__in=worked_on_ids(user, roles=roles, partners=partners))


def worked_on_ids(user, *, roles=None, partners=True):
    """The ids of the pilots the user works on (see `worked_on_by`), as one UNION subquery, so a
    caller can unite further ways in (`.union(...)`) instead of OR-ing IN clauses."""
    memberships = Membership.objects.filter(user=user)
    pilot_roles = PilotMembership.objects.filter(user=user)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
        pilot_roles = pilot_roles.filter(role__in=roles)
    organisations = memberships.values("organisation_id")
    ids = [
        Pilot.objects.filter(lead_organisation__in=organisations).order_by().values("pk"),
        pilot_roles.order_by().values("pilot_id"),
    ]
    if partners:
        partnered = PilotPartner.objects.filter(organisation__in=organisations).order_by()
        ids.append(partnered.values("pilot_id"))
    # A UNION rather than an OR of IN clauses: PostgreSQL then estimates a handful of pilots
    # and drives joins from them, instead of guessing most of the table and scanning reports.
    return ids[0].union(*ids[1:])


class PilotQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=PilotStatus.DRAFT)

    def public(self):
        """What anyone, signed in or not, may see (the rule: pilots.rules.public_q)."""
        from pilots.rules import public_q

        return self.filter(public_q())

    def for_kommun(self, code: str):
        return self.filter(kommuner__code=code)

    def visible_to(self, user):
        """Public pilots for everyone; partnership pilots for members of approved partners;
        private pilots and drafts for members of the pilot's organisations, its pilot-level
        members and the coordinator (the rule: pilots.rules.visible_q)."""
        from pilots.rules import visible_q

        return self.filter(visible_q(user))


class Pilot(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=220, unique=True)
    summary = models.TextField(
        _("sammanfattning"),
        blank=True,
        help_text=_("Vad piloten gör, för vem och varför, i några meningar."),
    )
    title_en = models.CharField(
        _("titel på engelska"),
        max_length=200,
        blank=True,
        help_text=_("Frivillig. Visas i IATI-exporten och för engelskspråkiga läsare."),
    )
    summary_en = models.TextField(
        _("sammanfattning på engelska"),
        blank=True,
        help_text=_("Frivillig. Visas i IATI-exporten och för engelskspråkiga läsare."),
    )
    health_area = models.CharField(
        _("hälsoområde"), max_length=32, choices=HealthArea.choices, blank=True
    )
    life_stage = models.CharField(
        _("livsskede"), max_length=32, choices=LifeStage.choices, blank=True
    )
    arena = models.CharField(_("arena"), max_length=32, choices=Arena.choices, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_pilots",
        verbose_name=_("huvudman"),
    )
    start_date = models.DateField(
        _("startdatum"), null=True, blank=True, validators=PLAN_DATE_VALIDATORS
    )
    end_date = models.DateField(
        _("slutdatum"), null=True, blank=True, validators=PLAN_DATE_VALIDATORS
    )
    budget_sek = models.DecimalField(
        _("budget (kr)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Total budget för hela pilotperioden i kronor."),
    )
    kommuner = models.ManyToManyField(
        Kommun, blank=True, related_name="pilots", verbose_name=_("kommuner")
    )
    regioner = models.ManyToManyField(
        Region, blank=True, related_name="pilots", verbose_name=_("regioner")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PilotStatus.choices,
        default=PilotStatus.DRAFT,
        db_index=True,
    )
    visibility = models.CharField(
        _("synlighet"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        db_index=True,
        help_text=_(
            "Godkända resultat i öppna piloter syns för alla. "
            "Utkast syns aldrig utanför organisationen."
        ),
    )
    adapted_from = models.ForeignKey(
        "self",
        on_delete=keep_lineage,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("anpassad från"),
        help_text=_("Piloten som den här bygger på."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    version = models.PositiveIntegerField(
        default=1, help_text=_("Ökar vid varje ändring (optimistisk låsning).")
    )

    objects = PilotQuerySet.as_manager()

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("piloter")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "visibility"]),
            models.Index(fields=["health_area"]),
            # The public list counts public pilots from this index alone (no table scan) ...
            models.Index(fields=["visibility", "status"], name="pilot_visibility_status"),
            # ... and reads its first page in list order without sorting every visible pilot.
            models.Index(fields=["-start_date", "title", "id"], name="pilot_list_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="pilot_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pilots:pilot_detail", kwargs={"slug": self.slug})

    def get_status_display(self) -> str:
        """The status as people read it: a published pilot that has not started is "Planerad"
        (its stored status stays active, so it reports and lists like any running pilot)."""
        if (
            self.status == PilotStatus.ACTIVE
            and self.start_date
            and self.start_date > timezone.localdate()
        ):
            return str(_("Planerad"))
        return str(PilotStatus(self.status).label) if self.status else ""

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})

    @property
    def is_draft(self) -> bool:
        return self.status == PilotStatus.DRAFT


class PilotPartner(models.Model):
    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="partners", verbose_name=_("pilot")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pilot_partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("roll"), max_length=16, choices=PartnerRole.choices)

    class Meta:
        verbose_name = _("partner i pilot")
        verbose_name_plural = _("partner i piloter")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "organisation", "role"], name="pilotpartner_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class PilotMembership(models.Model):
    """A role in one pilot only, for people outside the lead organisation (e.g. an evaluator)."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pilot_memberships"
    )
    role = models.CharField(_("roll"), max_length=16, choices=Role.choices, default=Role.REPORTER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pilotroll")
        verbose_name_plural = _("pilotroller")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "user"], name="pilotmembership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.pilot} ({self.get_role_display()})"


class EvaluationPlan(models.Model):
    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="evaluation_plan")
    theory_of_change = models.TextField(
        _("förändringsteori"),
        blank=True,
        help_text=_("Om vi gör X för målgruppen Y leder det till Z, därför att …"),
    )
    design = models.CharField(
        _("utvärderingsdesign"), max_length=32, choices=EvaluationDesign.choices, blank=True
    )
    design_notes = models.TextField(
        _("om designen"),
        blank=True,
        help_text=_("Jämförelsegrupp, urval, datakällor och vem som utvärderar."),
    )
    cadence = models.CharField(
        _("rapporteringsintervall"),
        max_length=16,
        choices=Cadence.choices,
        default=Cadence.QUARTER,
    )
    due_days = models.PositiveSmallIntegerField(
        _("dagar till sista rapportdag"),
        default=30,
        help_text=_("Hur många dagar efter periodens slut rapporten ska vara inskickad."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("utvärderingsplan")
        verbose_name_plural = _("utvärderingsplaner")

    def __str__(self) -> str:
        return f"{self.pilot}: {self.get_cadence_display()}"
