"""Garbage collection kept out of bulk steps: an import, a search rebuild.

An import of thousands of rows allocates tens of thousands of lists, tuples and model instances
that all stay alive until the step ends. Python's collector runs every 700 net allocations and,
every few runs, walks the whole heap (Django, Wagtail and the loaded templates, some 300 000
objects): in an import of 2 000 rows that was about half of its Python time, and it freed
nothing. A web process already moves its collections between requests (config/collector.py),
but only up to a threshold, and a Celery worker or a management command keeps Python's defaults.
Inside `collections_paused()` the collector does not run; what the step leaves behind is
collected afterwards as usual. Only for steps whose allocations are bounded (an import's are, by
its row limit). A step that runs long and makes garbage as it goes (a full search rebuild) uses
`heap_set_aside()` instead: the collector goes on, over the step's own objects only.
"""

import gc
from contextlib import contextmanager


@contextmanager
def collections_paused():
    """Pause cyclic garbage collection inside the block (reference counting goes on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def heap_set_aside():
    """The objects the process already holds (Django, Wagtail, URL patterns, the hunspell word
    list: some 300 000) left out of garbage collection while the block runs, and put back
    after. A search rebuild allocates enough for CPython to run full collections over all of
    them: about 0.2 s each on the bench machine, a third of a 1x rebuild's CPU, none of it
    finding the rebuild's garbage, which the young collections still collect. Skipped when the
    process already keeps objects aside itself (config/collector.py freezes a web server's heap
    after start-up): unfreezing would undo that."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
