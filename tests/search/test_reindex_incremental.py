"""Reindexing writes only what changed, and the flat per-batch builders build exactly the
documents the instance-based builders did (issue 20: ≥ 1 000 documents/s at national scale)."""

import dataclasses
import gc
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.models import Practice
from pilots.models import Lesson, Pilot
from search.backends import store
from search.documents import (
    SOURCES,
    PilotRows,
    lesson_documents,
    pilot_documents,
    practice_documents,
)
from search.models import DocType, SearchDocument, SearchKey, SearchTerm
from search.services import reindex_all
from tests.search import reference_builders as reference
from tests.search.data import small_world

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b.*portal_search_", re.I | re.S)
REFERENCE = {
    DocType.PILOT: reference.pilot_documents,
    DocType.LESSON: reference.lesson_documents,
    DocType.PRACTICE: reference.practice_documents,
}


def _as_dicts(docs):
    return sorted((dataclasses.asdict(d) for d in docs), key=lambda d: d["object_id"])


def _search_writes(queries) -> list[str]:
    return [q["sql"][:120] for q in queries if WRITE.match(q["sql"])]


def _snapshot():
    return {
        "documents": sorted(
            SearchDocument.objects.values_list(
                "pk", "doc_type", "object_id", "title", "content_hash", "indexed_at"
            )
        ),
        "keys": sorted(SearchKey.objects.values_list("document_id", "key")),
        "terms": sorted(SearchTerm.objects.values_list("word", "documents")),
    }


def test_the_builders_build_the_same_documents_as_before_on_the_demo_data():
    call_command("seed_demo", stdout=StringIO())
    for doc_type, build in REFERENCE.items():
        queryset = SOURCES[doc_type][0]
        ids = list(queryset().order_by("pk").values_list("pk", flat=True))
        assert ids, doc_type
        for start in range(0, len(ids), 7):  # batches, as reindex_all reads them
            batch = queryset().filter(pk__in=ids[start : start + 7])
            assert _as_dicts(SOURCES[doc_type][1](batch)) == _as_dicts(build(batch)), doc_type
    # seed_scale's path: every pilot read once for the pilots, lessons and practices.
    everything = PilotRows()
    assert _as_dicts([everything.document(pk) for pk in everything.rows]) == _as_dicts(
        reference.pilot_documents(Pilot.objects.all())
    )
    assert _as_dicts(lesson_documents(Lesson.objects.all(), pilots=everything)) == _as_dicts(
        reference.lesson_documents(Lesson.objects.all())
    )
    assert _as_dicts(practice_documents(Practice.objects.all(), pilots=everything)) == _as_dicts(
        reference.practice_documents(Practice.objects.all())
    )


def test_a_second_reindex_of_unchanged_data_writes_no_rows():
    small_world()
    first = reindex_all(batch_size=7)
    before = _snapshot()
    assert first.documents == len(before["documents"]) > 5
    assert all(row[4] for row in before["documents"])  # every row carries its digest
    with CaptureQueriesContext(connection) as queries:
        second = reindex_all(batch_size=7)
    assert second.documents == first.documents
    assert _search_writes(queries.captured_queries) == []
    assert _snapshot() == before


def test_a_change_rewrites_only_the_documents_it_changes():
    world = small_world()
    walk, food = world["walk"], world["food"]
    reindex_all(batch_size=7)
    before = {
        (t, o): (h, at)
        for t, o, h, at in SearchDocument.objects.values_list(
            "doc_type", "object_id", "content_hash", "indexed_at"
        )
    }
    Pilot.objects.filter(pk=food.pk).update(title="Matglädje mot övervikt i skolan")
    with CaptureQueriesContext(connection) as queries:
        reindex_all(batch_size=7)
    assert _search_writes(queries.captured_queries)
    after = {
        (t, o): (h, at)
        for t, o, h, at in SearchDocument.objects.values_list(
            "doc_type", "object_id", "content_hash", "indexed_at"
        )
    }
    changed = {key for key in after if after[key] != before[key]}
    # The pilot, and its lessons (their body holds the pilot's title); nothing else.
    lessons = set(Lesson.objects.filter(pilot=food).values_list("pk", flat=True))
    assert (DocType.PILOT, food.pk) in changed
    assert changed <= {(DocType.PILOT, food.pk)} | {(DocType.LESSON, pk) for pk in lessons}
    assert (DocType.PILOT, walk.pk) not in changed
    assert SearchTerm.objects.filter(word="övervikt").exists()
    assert SearchDocument.objects.get(doc_type=DocType.PILOT, object_id=food.pk).title == (
        "Matglädje mot övervikt i skolan"
    )


def test_force_rewrites_every_document_and_the_vocabulary_stays_the_same():
    small_world()
    reindex_all(batch_size=7)
    before = _snapshot()
    with CaptureQueriesContext(connection) as queries:
        reindex_all(batch_size=7, force=True)
    assert _search_writes(queries.captured_queries)
    after = _snapshot()
    assert after["terms"] == before["terms"]
    assert after["keys"] == before["keys"]
    assert [row[:5] for row in after["documents"]] == [row[:5] for row in before["documents"]]


def test_the_digest_follows_every_stored_field():
    walk = small_world()["walk"]
    doc = pilot_documents(Pilot.objects.filter(pk=walk.pk))[0]
    digest = store.content_hash(doc)
    for name, value in [
        ("summary", doc.summary + " mer"),
        ("grants", ["org:1"]),
        ("facets", {**doc.facets, "year": ["1999"]}),
        ("replication_count", doc.replication_count + 1),
        ("key_result", "x"),
    ]:
        assert store.content_hash(dataclasses.replace(doc, **{name: value})) != digest, name
    assert store.content_hash(dataclasses.replace(doc)) == digest


def test_a_forced_batch_keeps_the_vocabulary_exact_where_some_documents_changed():
    # `force` rewrites every document of the batch; the vocabulary changes by the words of the
    # documents whose text changed (the others' words are neither taken out nor added again).
    from search.backends import textindex

    world = small_world()
    reindex_all(batch_size=7)
    food = world["food"]
    old_title = Pilot.objects.get(pk=food.pk).title
    Pilot.objects.filter(pk=food.pk).update(title="Matglädje mot övervikt i skolan")
    written = store.store_documents(pilot_documents(Pilot.objects.all()), force=True)
    assert written == Pilot.objects.count()
    counted = dict(SearchTerm.objects.values_list("word", "documents"))
    assert counted.get("övervikt") == 1
    textindex.rebuild_vocabulary()  # a recount from every stored document agrees
    assert dict(SearchTerm.objects.values_list("word", "documents")) == counted
    assert old_title != "Matglädje mot övervikt i skolan"


def test_a_rebuild_leaves_the_collector_as_it_found_it():
    """reindex_all keeps the process's objects out of garbage collection while it runs and puts
    them back after; a heap the process froze itself (config/collector.py) stays frozen."""
    small_world()
    reindex_all(batch_size=7)
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        reindex_all(batch_size=7, force=True)
        # Still frozen (fewer by the frozen objects freed meanwhile), not unfrozen.
        assert gc.get_freeze_count() > frozen // 2
    finally:
        gc.unfreeze()
