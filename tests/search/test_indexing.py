"""Indexing follows the data: saves and deletes queue a task after commit; the task is
idempotent and removes what is gone or no longer belongs; search_reindex rebuilds."""

from io import StringIO

from django.core.management import call_command

from learning.factories import AppraisalFactory, PracticeFactory
from pilots.factories import PilotFactory
from pilots.models import ReportStatus
from search import signals
from search.models import SearchDocument
from search.services import index_object
from tests.search.data import draft_lesson


def docs(doc_type):
    return dict(SearchDocument.objects.filter(doc_type=doc_type).values_list("object_id", "title"))


def test_saving_a_pilot_queues_indexing_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        pilot = PilotFactory(title="Simskola för nyanlända")
    assert callbacks  # queued once per object, after commit
    assert docs("pilot")[pilot.pk] == "Simskola för nyanlända"
    with django_capture_on_commit_callbacks(execute=True):
        pilot.delete()
    assert pilot.pk not in docs("pilot")


def test_queue_is_deduplicated_within_a_transaction(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        signals.queue("pilot", 1)
        signals.queue("pilot", 1)
        signals.queue("lesson", 1)
    assert len(callbacks) == 2


def test_index_object_is_idempotent_and_follows_visibility(db):
    pilot = PilotFactory(title="Boulebanor för seniorer")
    index_object(doc_type="pilot", object_id=pilot.pk)
    index_object(doc_type="pilot", object_id=pilot.pk)
    assert SearchDocument.objects.filter(doc_type="pilot", object_id=pilot.pk).count() == 1
    lesson = draft_lesson(pilot, title="Ej godkänd")
    index_object(doc_type="lesson", object_id=lesson.pk)
    assert lesson.pk not in docs("lesson")
    lesson.report.status = ReportStatus.APPROVED
    lesson.report.save()
    index_object(doc_type="pilot", object_id=pilot.pk)
    assert lesson.pk in docs("lesson")
    lesson.report.status = ReportStatus.RETURNED
    lesson.report.save()
    index_object(doc_type="lesson", object_id=lesson.pk)
    assert lesson.pk not in docs("lesson")
    index_object(doc_type="lesson", object_id=999999)  # gone: nothing to do, no error


def test_private_pilot_is_indexed_with_grants_only(db):
    pilot = PilotFactory(private=True)
    index_object(doc_type="pilot", object_id=pilot.pk)
    doc = SearchDocument.objects.get(doc_type="pilot", object_id=pilot.pk)
    assert not doc.is_public and f"org:{pilot.lead_organisation_id}" in doc.grants


def test_draft_appraisals_never_reach_the_practice(db):
    practice = PracticeFactory()
    AppraisalFactory(practice=practice, evidence_level=4)
    index_object(doc_type="practice", object_id=practice.pk)
    doc = SearchDocument.objects.get(doc_type="practice", object_id=practice.pk)
    assert "evidence_level" not in doc.facets


def test_search_reindex_reports_progress_and_rate(db):
    PilotFactory.create_batch(3)
    stale = SearchDocument.objects.create(doc_type="pilot", object_id=987654, title="Borta")
    out = StringIO()
    call_command("search_reindex", "--batch-size", "2", stdout=out)
    text = out.getvalue()
    assert "pilot" in text and "3/3" in text and "documents/second" in text
    assert not SearchDocument.objects.filter(pk=stale.pk).exists()


def test_published_pages_are_indexed(db):
    from wagtail.models import Page

    call_command("search_reindex", stdout=StringIO())
    live = Page.objects.live().public().filter(depth__gt=1).count()
    assert SearchDocument.objects.filter(doc_type="page").count() == live
