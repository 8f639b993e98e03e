"""Reference data: Sweden's 21 regioner and 290 kommuner, loaded from data/reference/."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.validators import validate_kommun_code, validate_lan_code

RIKET_KOLADA_ID = "0000"


class SkrGroup(models.TextChoices):
    """SKR:s kommungruppsindelning 2023."""

    A1 = "A1", _("Storstäder")
    A2 = "A2", _("Pendlingskommun nära storstad")
    B3 = "B3", _("Större stad")
    B4 = "B4", _("Pendlingskommun nära större stad")
    B5 = "B5", _("Lågpendlingskommun nära större stad")
    C6 = "C6", _("Mindre stad/tätort")
    C7 = "C7", _("Pendlingskommun nära mindre tätort")
    C8 = "C8", _("Landsbygdskommun")
    C9 = "C9", _("Landsbygdskommun med besöksnäring")


class Region(models.Model):
    lan_code = models.CharField(
        _("länskod"),
        max_length=2,
        unique=True,
        validators=[validate_lan_code],
        help_text=_("SCB:s tvåsiffriga länskod, till exempel 01."),
    )
    name = models.CharField(_("namn"), max_length=100)
    lan_name = models.CharField(_("län"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["lan_code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:region_detail", kwargs={"lan_code": self.lan_code})

    @property
    def kolada_id(self) -> str:
        return f"00{self.lan_code}"


class KommunQuerySet(models.QuerySet):
    def in_skr_group(self, group: str):
        return self.filter(skr_group=group)

    def in_lan(self, lan_code: str):
        return self.filter(region__lan_code=lan_code)


class Kommun(models.Model):
    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[validate_kommun_code],
        help_text=_("SCB:s fyrsiffriga kommunkod, till exempel 0180."),
    )
    name = models.CharField(_("namn"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="kommuner", verbose_name=_("region")
    )
    skr_group = models.CharField(
        _("SKR kommungrupp 2023"), max_length=2, choices=SkrGroup.choices, db_index=True
    )
    population = models.PositiveIntegerField(_("folkmängd"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("folkmängd avser år"), null=True, blank=True
    )

    objects = KommunQuerySet.as_manager()

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:kommun_detail", kwargs={"code": self.code})

    @property
    def kolada_id(self) -> str:
        return self.code
