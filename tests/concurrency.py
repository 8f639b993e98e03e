"""Simultaneous writers, as when several people press "Spara" at the same moment."""

import threading

from django.db import connections


def race(writers: int, write) -> list:
    """Call `write(n)` for every n below `writers` at the same instant, one thread each.

    Returns each writer's outcome in order: what `write` returned, or the repr of what it raised
    (so an unexpected error shows in the test's assertion). Each thread closes its own database
    connection, which PostgreSQL would otherwise keep open past the test.
    """
    barrier = threading.Barrier(writers)
    outcomes = [None] * writers

    def run(n):
        try:
            barrier.wait(timeout=10)
            outcomes[n] = write(n)
        except Exception as exc:  # anything unexpected is shown by the caller's assertion
            outcomes[n] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
