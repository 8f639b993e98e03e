"""The vocabularies of pilots: health areas, life stages, arenas, statuses, cadences."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HealthArea(models.TextChoices):
    MENTAL_HEALTH = "psykisk_ohalsa", _("Psykisk ohälsa")
    OBESITY = "fetma", _("Övervikt och fetma")
    UNDERNUTRITION = "undernaring", _("Undernäring")
    PHYSICAL_ACTIVITY = "fysisk_aktivitet", _("Fysisk aktivitet")
    TOBACCO_ALCOHOL = "tobak_alkohol", _("Tobak och alkohol")
    DRUGS = "narkotika_spel", _("Narkotika och spel")
    FOOD_HABITS = "matvanor", _("Matvanor")
    LONELINESS = "ensamhet", _("Ensamhet och social isolering")
    FALLS = "fall_skador", _("Fall och skador")
    ORAL_HEALTH = "tandhalsa", _("Tandhälsa")
    SICK_LEAVE = "sjukfranvaro", _("Sjukfrånvaro och arbetshälsa")
    CHRONIC_DISEASE = "kronisk_sjukdom", _("Diabetes och hjärt-kärlsjukdom")
    OTHER = "annat", _("Annat")


class LifeStage(models.TextChoices):
    CHILDREN_YOUTH = "barn_unga", _("Barn och unga")
    WORKING_AGE = "arbetsfor_alder", _("Arbetsför ålder")
    OLDER = "aldre", _("Äldre")
    ALL = "alla", _("Hela livet")


class Arena(models.TextChoices):
    PRESCHOOL = "forskola", _("Förskola")
    SCHOOL = "skola", _("Skola")
    CHILD_HEALTH = "bvc", _("Barnhälsovård (BVC)")
    MATERNITY = "modravard", _("Mödrahälsovård")
    YOUTH_CLINIC = "ungdomsmottagning", _("Ungdomsmottagning")
    PRIMARY_CARE = "primarvard", _("Primärvård")
    WORKPLACE = "arbetsplats", _("Arbetsplats")
    DENTAL = "folktandvard", _("Folktandvård")
    PHARMACY = "apotek", _("Apotek")
    ELDERLY_CARE = "aldreomsorg", _("Äldreomsorg")
    SOCIAL_SERVICES = "socialtjanst", _("Socialtjänst")
    CIVIL_SOCIETY = "forening", _("Förening och civilsamhälle")
    DIGITAL = "digitalt", _("Digitalt")
    COMMUNITY = "samhalle", _("Bostadsområde och samhälle")


class PilotStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    ACTIVE = "active", _("Pågår")
    COMPLETED = "completed", _("Avslutad")
    STOPPED = "stopped", _("Avbruten")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Öppen för alla")
    PARTNERSHIP = "partnership", _("Partnerskapet (inloggade partner)")
    PRIVATE = "private", _("Bara pilotens organisationer")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Huvudman")
    CO_FUNDER = "co_funder", _("Medfinansiär")
    IMPLEMENTER = "implementer", _("Genomförare")
    EVALUATOR = "evaluator", _("Utvärderare")


class EvaluationDesign(models.TextChoices):
    BEFORE_AFTER = "before_after", _("Före–efter")
    COMPARISON_GROUP = "comparison_group", _("Jämförelsegrupp")
    RCT = "rct", _("Randomiserad kontrollerad studie (RCT)")
    STEPPED_WEDGE = "stepped_wedge", _("Stegvis införande (stepped wedge)")
    TIME_SERIES = "time_series", _("Avbruten tidsserie")
    QUALITATIVE = "qualitative", _("Kvalitativ uppföljning")
    OTHER = "other", _("Annan design")


class Cadence(models.TextChoices):
    MONTH = "month", _("Månad")
    QUARTER = "quarter", _("Kvartal")
    TERTIAL = "tertial", _("Tertial")
    HALF_YEAR = "half_year", _("Halvår")
    YEAR = "year", _("År")


CADENCE_MONTHS = {
    Cadence.MONTH: 1,
    Cadence.QUARTER: 3,
    Cadence.TERTIAL: 4,
    Cadence.HALF_YEAR: 6,
    Cadence.YEAR: 12,
}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickad")
    APPROVED = "approved", _("Godkänd")
    RETURNED = "returned", _("Returnerad")


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", _("Enligt plan")
    AT_RISK = "at_risk", _("Risk för avvikelse")
    OFF_TRACK = "off_track", _("Avviker från plan")


class Gender(models.TextChoices):
    """Kolada's kön: T totalt, K kvinnor, M män."""

    TOTAL = "T", _("Totalt")
    WOMEN = "K", _("Kvinnor")
    MEN = "M", _("Män")


class LessonKind(models.TextChoices):
    SUCCESS_FACTOR = "success_factor", _("Framgångsfaktor")
    BOTTLENECK = "bottleneck", _("Flaskhals")
    ADVICE = "advice", _("Råd")


class SystemDimension(models.TextChoices):
    CULTURE = "culture", _("Kultur och värderingar")
    POLICY = "policy", _("Policy och regelverk")
    INFRASTRUCTURE = "infrastructure", _("Infrastruktur och produktionssystem")
    BUSINESS_MODELS = "business_models", _("Affärsmodeller")
    TECHNOLOGY = "technology", _("Teknik, produkter och processer")
