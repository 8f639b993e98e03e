"""Lessons learned, from period reports and closing reports.

Lessons live in `pilots` (not `learning`) because period reports create them and dependencies
point learning → pilots; the learning base reads them from here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .choices import LessonKind, SystemDimension


class Lesson(models.Model):
    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="lessons")
    report = models.ForeignKey(
        "pilots.PeriodReport",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lessons",
        help_text=_("Tomt för lärdomar från pilotens slutrapport."),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=LessonKind.choices)
    dimension = models.CharField(
        _("systemdimension"), max_length=20, choices=SystemDimension.choices
    )
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("text"))
    tags = TaggableManager(_("taggar"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lärdom")
        verbose_name_plural = _("lärdomar")
        ordering = ["-created_at", "-pk"]
        # The learning base's "newest lessons" read the first rows in this order (issue 20).
        indexes = [models.Index(fields=["-created_at", "-id"], name="lesson_newest")]

    def __str__(self) -> str:
        return self.title
