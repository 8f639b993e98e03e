"""Django's Redis cache with one client per connection pool instead of one per call.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call, and building one
fills its table of response callbacks (about 0.1 ms of CPU): a page that reads eight cached
parts and versions paid close to a millisecond for that alone. A `redis.Redis` is safe to share
between threads (it takes a connection from the pool for each command and gives it back), and
the pool itself notices a fork, so one client per pool serves every call.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """settings.CACHES' backend when CACHE_URL names a Redis."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
