"""No cyclic garbage collection during a bulk step that only builds up objects.

An import of thousands of rows allocates tens of thousands of lists, tuples and model instances
that all stay alive until the step ends. Python's collector runs every 700 net allocations and,
every few runs, walks the whole heap (Django, Wagtail and the loaded templates, some 300 000
objects): in an import of 2 000 rows that was about half of its Python time, and it freed
nothing. A web process already moves its collections between requests (config/collector.py),
but only up to a threshold, and a Celery worker or a management command keeps Python's defaults.
Inside `collections_paused()` the collector does not run; what the step leaves behind is
collected afterwards as usual. Only for steps whose allocations are bounded (an import's are, by
its row limit).
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
