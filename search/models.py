"""The denormalised search index: one SearchDocument per searchable object, with its facet
values and access grants as SearchKey rows (one query filters and counts every facet).

`search_vector` is PostgreSQL's tsvector (title A, summary B, body C); on SQLite the column
exists but stays empty and an FTS5 table (created by migration 0002) does the work instead.
The GIN and trigram indexes are created by migration 0002 on PostgreSQL only, so they are not
in Meta (SQLite rebuilds tables from the model state and would try to create them); so is the
"newest first, NULLS LAST" index of migration 0003 (SQLite cannot index NULLS LAST).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    PILOT = "pilot", _("Pilot")
    LESSON = "lesson", _("Lärdom")
    PRACTICE = "practice", _("Praktik")
    PAGE = "page", _("Sida")


class Access(models.TextChoices):
    PUBLIC = "public", _("Alla")
    PARTNERSHIP = "partnership", _("Partnerskapet")
    RESTRICTED = "restricted", _("Bara organisationerna")


class SearchDocument(models.Model):
    doc_type = models.CharField(_("typ"), max_length=16, choices=DocType.choices)
    object_id = models.PositiveBigIntegerField(_("objektets id"))
    title = models.CharField(_("titel"), max_length=300)
    summary = models.TextField(_("sammanfattning"), blank=True)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("adress"), max_length=500, blank=True)
    facets = models.JSONField(
        _("facetter"), default=dict, blank=True, help_text=_("Facett → lista med värden.")
    )
    access = models.CharField(
        _("synlighet"), max_length=16, choices=Access.choices, default=Access.RESTRICTED
    )
    grants = models.JSONField(
        _("behörigheter"),
        default=list,
        blank=True,
        help_text=_("'org:<id>' och 'user:<id>' som ser dokumentet även när det inte är öppet."),
    )
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    replication_count = models.PositiveIntegerField(_("antal spridningar"), default=0)
    search_vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(_("indexerad"), auto_now=True)

    class Meta:
        verbose_name = _("sökdokument")
        verbose_name_plural = _("sökdokument")
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="searchdoc_unique")
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="searchdoc_newest"),
            models.Index(fields=["-replication_count", "-id"], name="searchdoc_replicated"),
            models.Index(fields=["access"], name="searchdoc_access"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.object_id} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.access == Access.PUBLIC


class SearchKey(models.Model):
    """One facet value ('health_area:fetma') or access grant ('grant:org:12') of a document."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=120)

    class Meta:
        verbose_name = _("söknyckel")
        verbose_name_plural = _("söknycklar")
        indexes = [models.Index(fields=["key", "document"], name="searchkey_key_doc")]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="searchkey_unique")]

    def __str__(self) -> str:
        return self.key
