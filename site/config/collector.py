"""Garbage collection between requests instead of in the middle of them.

Python's cyclic collector runs whenever enough objects have been allocated, which on a page of
this portal is every few requests: a collection of the young generations then stalls the request
it lands in by several milliseconds, and now and then a full collection of a heap of some 300 000
objects (Django, Wagtail and the cached templates) by tens of milliseconds. Those stalls are the
slowest twentieth of every page, and they fall on whichever visitor is unlucky.

So a web process, once started, moves what it has loaded into the permanent generation
(`gc.freeze`: never scanned again), raises the allocation threshold so that an ordinary request
never reaches it, and collects when a response has been sent (Django's `request_finished`, which
a WSGI server sends after the body): the young generation after every request, the middle one
after every tenth, everything after every thousandth, the rhythm of the collector's own default
thresholds. A request that allocates far more than usual (a large export) still reaches the
raised threshold and is collected as before. Turned on by `config.wsgi`, so the management
commands, the Celery worker and the tests keep Python's defaults.
"""

import gc

from django.core.signals import request_finished

# Allocations (net container objects) before the collector runs in the middle of a request;
# the portal's heaviest pages stay well below it, a large export goes above.
IN_REQUEST_THRESHOLD = 100_000
MIDDLE_EVERY = 10
FULL_EVERY = 1_000


class BetweenRequests:
    """Counts finished requests and runs the collection that is due."""

    def __init__(self):
        self.finished = 0

    def __call__(self, **kwargs):
        self.finished += 1
        if self.finished % FULL_EVERY == 0:
            gc.collect(2)
        elif self.finished % MIDDLE_EVERY == 0:
            gc.collect(1)
        else:
            gc.collect(0)


def collect_between_requests() -> BetweenRequests:
    """Freeze what start-up loaded and move the collections after the responses."""
    gc.collect()
    gc.freeze()
    _, middle, full = gc.get_threshold()
    gc.set_threshold(IN_REQUEST_THRESHOLD, middle, full)
    collector = BetweenRequests()
    request_finished.connect(collector, dispatch_uid="config.collector")
    return collector
