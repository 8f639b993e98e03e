"""Transactional outbox for Celery jobs: see outbox/services.py and docs/operations.md.

`from outbox import enqueue` is what services use; the wrappers import lazily because this
package is imported while Django loads the apps, before models may be imported.
"""


def enqueue(task, *args, **kwargs) -> None:
    """Queue `task(*args, **kwargs)` to run after the current transaction commits; never lost."""
    from .services import enqueue as _enqueue

    _enqueue(task, *args, **kwargs)


def enqueue_once(key, task, *args, **kwargs) -> None:
    """Like `enqueue`, but at most once per `key` within the current transaction."""
    from .services import enqueue_once as _enqueue_once

    _enqueue_once(key, task, *args, **kwargs)
