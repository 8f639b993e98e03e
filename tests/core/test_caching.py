"""Cache namespaces go stale together when bumped, on the per-process cache and on Redis (where
every web worker shares them): a page cached before a write is never served after it."""

import uuid

import pytest
from django.test import override_settings

from core import caching
from tests.config.test_cache_settings import _redis_up

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/10",
        "KEY_PREFIX": f"pp-test-{uuid.uuid4().hex[:8]}",
    }
}
BACKENDS = [
    pytest.param(LOCMEM, id="locmem"),
    pytest.param(
        REDIS,
        id="redis",
        marks=pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379"),
    ),
]


@pytest.mark.parametrize("caches", BACKENDS)
def test_bumping_several_namespaces_makes_each_one_stale_and_no_other(caches):
    with override_settings(CACHES=caches):
        figures, pages, names = (f"{n}-{uuid.uuid4().hex[:6]}" for n in ("fig", "pages", "names"))
        for namespace in (figures, pages, names):
            assert caching.cached(namespace, "answer", lambda: "old") == "old"
        caching.bump(figures, pages)
        assert caching.cached(figures, "answer", lambda: "new") == "new"
        assert caching.cached(pages, "answer", lambda: "new") == "new"
        assert caching.cached(names, "answer", lambda: "new") == "old"


@pytest.mark.parametrize("caches", BACKENDS)
def test_a_bumped_namespace_that_was_never_read_starts_above_every_older_version(caches):
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        namespace = f"unread-{uuid.uuid4().hex[:6]}"
        caching.bump(namespace)  # nothing to bump: it must not start at 1
        assert cache.get(caching._version_key(namespace)) is None
        first = caching.version(namespace)
        caching.bump(namespace)
        assert caching.version(namespace) == first + 1 > 1_000_000
