"""Validation rules: checks of a report's values against each other (DHIS2's validation rules).

A rule compares two sides with an operator, e.g. "{Deltagare|K} + {Deltagare|M} = {Deltagare}".
Each side is stored as structured terms (JSON), never as code: a cell term names an indicator,
a kön, an age band and the part of the value (value, numerator, denominator) with a
coefficient; a constant term a number; a population term the population of the pilot's
kommuner. The text form is parsed and printed by pilots.validation.expressions; evaluation is
pilots.validation.evaluate.

Library rules (`pilot` empty) are the coordinator's and apply to every pilot that follows all
the indicators they use; a pilot's own rules are kept by its editors.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    BLOCKING = "blocking", _("Stoppar sparandet")
    WARNING = "warning", _("Varning")


class Operator(models.TextChoices):
    EQ = "=", "="
    NE = "!=", "≠"
    LT = "<", "<"
    LE = "<=", "≤"
    GT = ">", ">"
    GE = ">=", "≥"


class ValidationRuleQuerySet(models.QuerySet):
    def library(self):
        return self.filter(pilot__isnull=True)

    def for_pilot(self, pilot):
        """Active library rules and the pilot's own active rules."""
        return self.filter(
            models.Q(pilot__isnull=True) | models.Q(pilot=pilot), is_active=True
        ).order_by("pk")


class ValidationRule(models.Model):
    pilot = models.ForeignKey(
        "pilots.Pilot",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="validation_rules",
        help_text=_("Tomt för regler i biblioteket, som gäller alla piloter."),
    )
    name = models.CharField(_("namn"), max_length=200)
    message = models.CharField(
        _("meddelande"),
        max_length=500,
        help_text=_("Visas vid cellerna när regeln inte håller, till exempel vad som ska rättas."),
    )
    severity = models.CharField(
        _("allvarlighet"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    left = models.JSONField(_("vänster sida"), default=list)
    operator = models.CharField(
        _("jämförelse"), max_length=2, choices=Operator.choices, default=Operator.EQ
    )
    right = models.JSONField(_("höger sida"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ValidationRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("valideringsregel")
        verbose_name_plural = _("valideringsregler")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(operator__in=["=", "!=", "<", "<=", ">", ">="]),
                name="validationrule_operator_known",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_blocking(self) -> bool:
        return self.severity == Severity.BLOCKING

    @property
    def is_library(self) -> bool:
        return self.pilot_id is None

    @property
    def indicator_ids(self) -> set[int]:
        return {
            t["indicator"]
            for t in [*(self.left or []), *(self.right or [])]
            if isinstance(t, dict) and t.get("k") == "cell"
        }
