"""Indexing: keep the search index in step with the data.

`index_object(doc_type=…, object_id=…)` re-reads one object (and what depends on it) and
writes or deletes its documents; `reindex_all()` rebuilds everything in batches. Both go
through the configured backend, which always keeps the SearchDocument table and, with
Elasticsearch, mirrors it there.
"""

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from core.collections_pause import heap_set_aside
from learning.models import Practice
from pilots.models import Lesson, Pilot

from .backends import get_backend, textindex
from .documents import SOURCES, lesson_documents, pilot_documents, practice_documents
from .models import DocType


def _sync(backend, doc_type: str, ids, docs) -> None:
    """Write the documents built for `ids`; delete the ones that came back empty."""
    backend.index(docs)
    gone = set(ids) - {d.object_id for d in docs}
    if gone:
        backend.delete(doc_type, gone)


def _pilot_family(pilot_id: int) -> None:
    from learning import lineage

    backend = get_backend()
    pilot = Pilot.objects.filter(pk=pilot_id).first()
    chain = lineage.ancestors(pilot_id) if pilot else [pilot_id]
    # The pilot, its parent (whose replication count changed) and its lessons; practices of
    # every ancestor (their replication counts and access follow the tree).
    pilot_ids = set(chain[:2])
    _sync(
        backend, DocType.PILOT, pilot_ids, pilot_documents(Pilot.objects.filter(pk__in=pilot_ids))
    )
    lesson_ids = set(Lesson.objects.filter(pilot_id=pilot_id).values_list("pk", flat=True))
    _sync(
        backend,
        DocType.LESSON,
        lesson_ids,
        lesson_documents(Lesson.objects.filter(pk__in=lesson_ids)),
    )
    practice_ids = set(
        Practice.objects.filter(original_pilot_id__in=chain).values_list("pk", flat=True)
    )
    _sync(
        backend,
        DocType.PRACTICE,
        practice_ids,
        practice_documents(Practice.objects.filter(pk__in=practice_ids)),
    )


def index_object(*, doc_type: str, object_id: int) -> None:
    """Bring one object's documents up to date: written when it exists and belongs in the
    index, deleted otherwise. Idempotent. A pilot also refreshes its lessons, its parent's
    replication count and the practices of its lineage."""
    if doc_type == DocType.PILOT:
        _pilot_family(object_id)
        return
    if doc_type not in SOURCES:
        raise ValueError(f"Unknown document type {doc_type!r}")
    queryset, build = SOURCES[doc_type]
    _sync(get_backend(), doc_type, {object_id}, build(queryset().filter(pk=object_id)))


@dataclass
class ReindexReport:
    documents: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else float(self.documents)


def reindex_all(
    *,
    batch_size: int = 500,
    progress: Callable[[str, int, int], None] | None = None,
    force: bool = False,
) -> ReindexReport:
    """Rebuild every document in batches of `batch_size` objects. With Elasticsearch the
    documents go into a new index and the alias moves when it is complete; in the database
    rows are replaced in place (only those whose content changed, unless `force`) and stale
    ones removed at the end. Search answers throughout.
    `progress(doc_type, done, total)` is called after each batch."""
    with heap_set_aside():
        return _reindex_all(batch_size=batch_size, progress=progress, force=force)


def _reindex_all(*, batch_size, progress, force) -> ReindexReport:
    backend = get_backend()
    started = time.perf_counter()
    state = backend.start_rebuild()
    seen: dict[str, set[int]] = {}
    # The vocabulary counted from the documents as they are built: after the rebuild the index
    # holds exactly these (stale rows are removed), so finish_rebuild need not read every public
    # document back to recount it.
    words = Counter()
    count = 0
    for doc_type, (queryset, build) in SOURCES.items():
        ids = list(queryset().order_by("pk").values_list("pk", flat=True))
        seen[doc_type] = set()
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            docs = build(queryset().filter(pk__in=batch))
            if state is None:
                backend.index(docs, force=force)
            else:
                backend.index_into(state, docs, force=force)
            seen[doc_type].update(d.object_id for d in docs)
            for doc in docs:
                words.update(textindex.vocabulary(doc))
            count += len(docs)
            if progress:
                progress(doc_type, min(start + batch_size, len(ids)), len(ids))
    backend.finish_rebuild(state, seen, vocabulary=words)
    return ReindexReport(documents=count, seconds=time.perf_counter() - started)
