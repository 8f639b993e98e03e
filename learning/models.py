"""Practices (a pilot and its replications), appraisals, nominations and closing reports.

Lessons live in `pilots` (period reports create them); the learning base reads them from there.
Lineage is `Pilot.adapted_from`; a practice names its original pilot and gathers every pilot
adapted from it, transitively (see learning/lineage.py).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pilots.models import Pilot
from pilots.models.pilots import lineage_heir

APPRAISAL_GROUP = "Bedömningsgrupp"
REASSESS_YEARS = 2
DUE_WINDOW_DAYS = 60


class EvidenceLevel(models.IntegerChoices):
    PRELIMINARY = 1, _("1 – Preliminär")
    SHORT_TERM = 2, _("2 – Kortsiktig effekt visad")
    COMPARISON = 3, _("3 – Effekt visad med jämförelsegrupp")
    LASTING = 4, _("4 – Varaktig effekt visad i mer än en miljö")


# What each level means, without repeating its name: pages and the appraisal form show the
# level's label next to it ("1 – Preliminär. Lovande erfarenheter …").
EVIDENCE_DEFINITIONS = {
    EvidenceLevel.PRELIMINARY: _(
        "Lovande erfarenheter eller resultat från en enda pilot utan jämförelse."
    ),
    EvidenceLevel.SHORT_TERM: _("Mätbar förbättring från utgångsvärdet under pilotperioden."),
    EvidenceLevel.COMPARISON: _("Förbättringen är större än i en jämförbar grupp utan insatsen."),
    EvidenceLevel.LASTING: _(
        "Effekten består över tid och har upprepats i flera kommuner eller verksamheter."
    ),
}


class Score(models.TextChoices):
    NONE = "0", _("0")
    PLUS = "+", _("+")
    PLUS_PLUS = "++", _("++")


class Recommendation(models.TextChoices):
    SCALE_UP = "scale_up", _("Skala upp")
    SCALE_UP_FOLLOW_UP = "scale_up_follow_up", _("Skala upp med uppföljning")
    KEEP_PILOTING = "keep_piloting", _("Fortsätt pilotera")
    WAIT = "wait", _("Avvakta")
    DO_NOT_SCALE = "do_not_scale", _("Skala inte upp")


class Actor(models.TextChoices):
    """Who pays and who gains (the business case's actors)."""

    KOMMUN = "kommun", _("Kommun")
    REGION = "region", _("Region")
    STATE = "stat", _("Staten och Försäkringskassan")
    EMPLOYER = "arbetsgivare", _("Arbetsgivare")
    INDIVIDUAL = "individ", _("Individen")
    CIVIL_SOCIETY = "civilsamhalle", _("Civilsamhället")


CRITERIA = ["effect", "transferability", "sustainability", "equity", "cost"]


def follow_lineage(collector, field, sub_objs, using):
    """on_delete for `Practice.original_pilot`: the practice follows the adaptation that takes
    the deleted pilot's place in the tree (see pilots.models.pilots.keep_lineage); with none left,
    the practice keeps its appraisals and loses only its original."""
    deleting = {obj.pk for obj in collector.data.get(Pilot, ())}
    for practice in sub_objs:
        heir = lineage_heir(practice.original_pilot_id, deleting=deleting, using=using)
        collector.add_field_update(
            field, heir, Practice.objects.using(using).filter(pk=practice.pk)
        )


class PracticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Practices whose original pilot the user may see (the coordinator sees all); the rule:
        learning.rules.practices_visible_q."""
        from learning.rules import practices_visible_q

        return self.filter(practices_visible_q(user))


class Practice(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=220, unique=True)
    summary = models.TextField(
        _("sammanfattning"), blank=True, help_text=_("Vad arbetssättet går ut på, i korthet.")
    )
    original_pilot = models.ForeignKey(
        Pilot,
        on_delete=follow_lineage,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("ursprunglig pilot"),
        help_text=_("Piloten som arbetssättet kommer från; alla piloter anpassade från den ingår."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    # Published pilots adapted from the original, transitively, per audience; kept current by
    # learning/signals.py (see learning/replications.py), never edited by hand.
    replications_public = models.PositiveIntegerField(default=0, editable=False)
    replications_partners = models.PositiveIntegerField(default=0, editable=False)
    replications_published = models.PositiveIntegerField(default=0, editable=False)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("praktik")
        verbose_name_plural = _("praktiker")
        ordering = ["title", "pk"]
        # The practice lists page in these orders (learning.selectors.practice_list).
        indexes = [
            models.Index(fields=["title", "id"], name="practice_title"),
            models.Index(
                fields=["-replications_public", "title", "id"], name="practice_most_replicated"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:practice_detail", kwargs={"slug": self.slug})


class AppraisalStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    IN_REVIEW = "in_review", _("Granskas")
    PUBLISHED = "published", _("Publicerad")


class AppraisalQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=AppraisalStatus.PUBLISHED)

    def visible_to(self, user):
        """Published appraisals for everyone; drafts for the appraisal group and coordinator
        (the rule: learning.rules.appraisals_visible_q)."""
        from learning.rules import appraisals_visible_q

        return self.filter(appraisals_visible_q(user))

    def due(self, today=None, days: int = DUE_WINDOW_DAYS):
        """Published appraisals whose re-assessment date is within `days` or past."""
        today = today or timezone.localdate()
        return self.published().filter(reassess_by__lte=today + dt.timedelta(days=days))


def score_field(label):
    return models.CharField(label, max_length=2, choices=Score.choices, blank=True)


class Appraisal(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="appraisals")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AppraisalStatus.choices,
        default=AppraisalStatus.DRAFT,
        db_index=True,
    )
    evidence_level = models.PositiveSmallIntegerField(
        _("evidensnivå"), choices=EvidenceLevel.choices, null=True, blank=True
    )
    effect = score_field(_("effekt"))
    transferability = score_field(_("överförbarhet"))
    sustainability = score_field(_("hållbarhet"))
    equity = score_field(_("jämlikhet"))
    cost = score_field(_("kostnad"))
    actor_values = models.JSONField(
        _("värde per aktör"),
        default=dict,
        blank=True,
        help_text=_("Aktör → 0, + eller ++: värdet för kommun, region, stat, arbetsgivare …"),
    )
    recommendation = models.CharField(
        _("rekommendation"), max_length=24, choices=Recommendation.choices, blank=True
    )
    rationale = models.TextField(_("motivering"), blank=True)
    reassess_by = models.DateField(
        _("omprövas senast"),
        null=True,
        blank=True,
        help_text=_("Tomt: två år efter publiceringen."),
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="authored_appraisals",
        verbose_name=_("bedömare"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granskad av"),
    )
    nomination = models.OneToOneField(
        "learning.Nomination",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appraisal",
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        ordering = ["-published_at", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="appraisal_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("learning:appraisal_edit", kwargs={"pk": self.pk})

    @property
    def evidence_definition(self) -> str:
        return EVIDENCE_DEFINITIONS.get(self.evidence_level, "")

    @property
    def criteria(self) -> list[tuple[str, str]]:
        return [(self._meta.get_field(n).verbose_name, getattr(self, n)) for n in CRITERIA]

    @property
    def actor_scores(self) -> list[tuple[str, str]]:
        return [(a.label, self.actor_values.get(a.value, "")) for a in Actor]

    @property
    def scored_actors(self) -> list[tuple[str, str]]:
        """The actors the appraisal gave a value, for reading: "Kommun: +; Individen: +"."""
        return [(label, score) for label, score in self.actor_scores if score]


class Nomination(models.Model):
    """The coordinator asks the appraisal group to appraise a practice."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="nominations")
    reason = models.TextField(_("motivering"), blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("nominerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("nominering")
        verbose_name_plural = _("nomineringar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.practice)


class ClosingReport(models.Model):
    """A pilot's closing report. Its lessons are the pilot's lessons without a period report
    (`Lesson.report is None`), so every lesson, wherever it came from, is one model."""

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="closing_report")
    what_worked = models.TextField(_("vad fungerade"), blank=True)
    what_did_not = models.TextField(_("vad fungerade inte"), blank=True)
    what_it_takes = models.TextField(
        _("vad som krävs på andra håll"),
        blank=True,
        help_text=_("Vad en annan kommun eller region behöver för att göra samma sak."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("slutrapport")
        verbose_name_plural = _("slutrapporter")

    def __str__(self) -> str:
        return str(self.pilot)
