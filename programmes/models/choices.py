"""The vocabularies of programmes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeKind(models.TextChoices):
    STATE = "state", _("Statligt program")
    REGION = "region", _("Regionalt program")
    SOCIAL_INVESTMENT_FUND = "social_investment_fund", _("Kommunal social investeringsfond")


class ProgrammeVisibility(models.TextChoices):
    PUBLIC = "public", _("Öppen för alla")
    PRIVATE = "private", _("Bara finansiären och programmets piloter")


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("Ansökt")
    ACCEPTED = "accepted", _("Antagen")
    DECLINED = "declined", _("Avslagen")
    WITHDRAWN = "withdrawn", _("Återtagen")


class Decision(models.TextChoices):
    CONTINUE = "continue", _("Fortsätt")
    CONTINUE_WITH_CHANGES = "continue_with_changes", _("Fortsätt med ändringar")
    STOP = "stop", pgettext_lazy("programbeslut", "Avsluta")
    SCALE = "scale", _("Skala upp")


CONTINUING_DECISIONS = {Decision.CONTINUE, Decision.CONTINUE_WITH_CHANGES, Decision.SCALE}


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publicerad")


class LedgerKind(models.TextChoices):
    PAYOUT = "payout", _("Utbetalning")
    REPAYMENT = "repayment", _("Återbetalning")


class SavingActor(models.TextChoices):
    """Who gains a saving (the same actors as the business case)."""

    KOMMUN = "kommun", _("Kommun")
    REGION = "region", _("Region")
    STAT = "stat", _("Staten och Försäkringskassan")
    EMPLOYER = "arbetsgivare", _("Arbetsgivare")
    INDIVIDUAL = "individ", _("Individ")
    CIVIL_SOCIETY = "civilsamhalle", _("Civilsamhälle")
    OTHER = "annan", _("Annan")
