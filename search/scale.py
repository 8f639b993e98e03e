"""The search index for `manage.py seed_scale`: every searchable object, built by the search
app's own document builders (so access and facets are exactly what indexing on save writes),
in large batches."""

from partners.bulk import ScaleRun
from search.services import reindex_all

BATCH_SIZE = 2_000


def build(run: ScaleRun) -> int:
    """Rebuild the whole index; returns how many documents it holds."""
    report = reindex_all(batch_size=BATCH_SIZE)
    run.counts["search.SearchDocument"] = report.documents
    run.say(f"Search: {report.documents} documents ({report.per_second:.0f} per second).")
    return report.documents
