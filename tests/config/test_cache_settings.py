"""CACHE_URL gives every web worker one shared cache, so an invalidation reaches them all."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django, sys
django.setup()
from django.core.cache import cache
from django.conf import settings
print(settings.CACHES["default"]["BACKEND"])
key = sys.argv[1]
if sys.argv[2] == "write":
    cache.set(key, "delt", 60)
else:
    print(cache.get(key))
    cache.delete(key)
"""


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def _run(key, mode, cache_url):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "CACHE_URL": cache_url}
    env["PYTHONPATH"] = f"{ROOT / 'site'}:{ROOT}"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, key, mode],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return result.stdout.split()


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_a_value_cached_by_one_process_is_read_by_another_through_redis():
    key = f"pp-cache-test-{uuid.uuid4().hex}"
    url = "redis://127.0.0.1:6379/14"
    written = _run(key, "write", url)
    read = _run(key, "read", url)
    assert written[-1] == read[0] == "core.redis_cache.RedisCache"
    assert read[-1] == "delt"


def test_without_cache_url_each_process_has_its_own_cache():
    key = f"pp-cache-test-{uuid.uuid4().hex}"
    _run(key, "write", "")
    assert _run(key, "read", "")[-1] == "None"
