"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's client builds a new ``redis.Redis`` object for every cache call, and redis-py's
constructor is not cheap (0.06 ms measured: options, event dispatcher, retry policy), paid by every
session load and every cached page. A ``redis.Redis`` object is safe to share between threads,
its connections coming from the pool, so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
