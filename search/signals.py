"""Index on save: receivers connected in SearchConfig.ready() queue `index_object` after the
transaction commits (through the outbox), once per object and transaction. Domain apps know
nothing of search."""

from outbox import enqueue_once

from .models import DocType


def queue(doc_type: str, object_id) -> None:
    """Queue re-indexing of one object after commit, once per object and transaction, through
    the outbox (so a change made while the broker is down is indexed when it returns)."""
    if object_id is None:
        return
    from .tasks import index_object

    key = (doc_type, int(object_id))
    enqueue_once(("search", *key), index_object, *key)


def pilot_changed(sender, instance, **kwargs):
    queue(DocType.PILOT, instance.pk)


def pilot_part_changed(sender, instance, **kwargs):
    """Partners, pilot-level members, reports, closing reports: the pilot's access or lessons."""
    queue(DocType.PILOT, instance.pilot_id)


def pilot_places_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    """Kommuner or regioner added to or removed from a pilot (from either side)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:
        queue(DocType.PILOT, instance.pk)
        return
    for pk in pk_set or instance.pilots.values_list("pk", flat=True):
        queue(DocType.PILOT, pk)


def lesson_changed(sender, instance, **kwargs):
    queue(DocType.LESSON, instance.pk)


def practice_changed(sender, instance, **kwargs):
    queue(DocType.PRACTICE, instance.pk)


def appraisal_changed(sender, instance, **kwargs):
    queue(DocType.PRACTICE, instance.practice_id)


def page_changed(sender, instance, **kwargs):
    queue(DocType.PAGE, instance.pk)


def synonyms_changed(sender, instance, **kwargs):
    """Every backend expands queries with the synonyms: the next search uses the new list."""
    from core import caching

    from .plan import SYNONYMS_CACHE

    caching.bump(SYNONYMS_CACHE)


def page_restrictions_changed(sender, instance, **kwargs):
    """A view restriction added to or removed from a page hides or shows it and every page
    below it: re-index them all (the restriction is read when the documents are built)."""
    page = getattr(instance, "page", None)
    if page is None:
        return
    for pk in page.get_descendants(inclusive=True).values_list("pk", flat=True):
        queue(DocType.PAGE, pk)


def connect() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_unpublished

    from learning.models import Appraisal, ClosingReport, Practice
    from pilots.models import Lesson, PeriodReport, Pilot, PilotMembership, PilotPartner

    from .models import Synonym

    for signal in (post_save, post_delete):
        uid = "search" if signal is post_save else "search-delete"
        signal.connect(pilot_changed, sender=Pilot, dispatch_uid=f"{uid}-pilot")
        for model in (PilotPartner, PilotMembership, PeriodReport, ClosingReport):
            signal.connect(pilot_part_changed, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
        signal.connect(lesson_changed, sender=Lesson, dispatch_uid=f"{uid}-lesson")
        signal.connect(practice_changed, sender=Practice, dispatch_uid=f"{uid}-practice")
        signal.connect(appraisal_changed, sender=Appraisal, dispatch_uid=f"{uid}-appraisal")
    for through in (Pilot.kommuner.through, Pilot.regioner.through):
        m2m_changed.connect(pilot_places_changed, sender=through, dispatch_uid=f"search-{through}")
    page_published.connect(page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(page_changed, dispatch_uid="search-page-unpublished")
    post_delete.connect(page_changed, sender=Page, dispatch_uid="search-page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            page_restrictions_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-restriction-{signal is post_save}",
        )
        signal.connect(
            synonyms_changed, sender=Synonym, dispatch_uid=f"search-synonym-{signal is post_save}"
        )
