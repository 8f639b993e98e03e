"""The denormalised search index: one SearchDocument per searchable object, with its facet
values and access grants as SearchKey rows (one query filters and counts every facet).

`search_vector` is PostgreSQL's tsvector, built from the tokens of search/analysis.py (title and
taxonomy A, summary and places B, body C, organisations and compound parts D, folded forms D
with a `~` mark); on SQLite the column stays empty and an FTS5 table (migrations 0002, 0004)
holds the same tokens in one column per field.
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
    taxonomy = models.TextField(
        _("kategorier"),
        blank=True,
        help_text=_("Hälsoområde, livsskede och arena på svenska och engelska."),
    )
    places = models.TextField(_("platser"), blank=True, help_text=_("Kommuner och regioner."))
    organisations = models.TextField(_("organisationer"), blank=True)
    key_result = models.CharField(
        _("nyckelresultat"),
        max_length=300,
        blank=True,
        help_text=_("Pilotens senast godkända värde för sitt första mått, mot målet."),
    )
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
    content_hash = models.CharField(
        _("innehållets kontrollsumma"),
        max_length=32,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text=_("Ändras bara när dokumentets innehåll ändras; oförändrade skrivs inte om."),
    )
    indexed_at = models.DateTimeField(_("indexerad"), auto_now=True)

    class Meta:
        verbose_name = _("sökdokument")
        verbose_name_plural = _("sökdokument")
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="searchdoc_unique")
        ]
        # Searches read newest first with NULLS LAST (searchdoc_newest_nl, migration 0003);
        # no query orders by published_at DESC NULLS FIRST, so that index is not kept.
        indexes = [
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


class Synonym(models.Model):
    """Words and phrases a searcher means alike ("BVC, barnavårdscentral"): a query naming one
    finds documents with any of them, on every backend. Kept by the coordinator in the admin."""

    terms = models.CharField(
        _("ord och fraser"),
        max_length=400,
        help_text=_(
            "Kommaseparerade ord eller fraser som betyder samma sak, t.ex. "
            '"FaR, fysisk aktivitet på recept".'
        ),
    )
    note = models.CharField(_("anteckning"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return [t.strip() for t in self.terms.split(",") if t.strip()]

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.term_list) < 2:
            raise ValidationError(
                {"terms": _("Ange minst två ord eller fraser, åtskilda med komma.")}
            )


class SearchTerm(models.Model):
    """The index's own vocabulary: each word of the public documents with how many contain it,
    for "Menade du" (spelling and missing å/ä/ö). Only public text, so it reveals nothing."""

    word = models.CharField(max_length=60, unique=True)
    folded = models.CharField(max_length=60, db_index=True)
    documents = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("sökord")
        verbose_name_plural = _("sökord")

    def __str__(self) -> str:
        return self.word
