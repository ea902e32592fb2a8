"""Production keeps the cache and rate limits in Redis, shared by all processes; sessions live
in the database, so that emptying Redis signs nobody out."""

import os

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")

pytestmark = [
    pytest.mark.skipif(
        not REDIS_TEST_URL, reason="needs Redis: set REDIS_TEST_URL=redis://127.0.0.1:6379/15"
    ),
    # The tests empty the one Redis database they share: `make test` keeps them on one worker.
    pytest.mark.xdist_group("redis"),
]


@pytest.fixture
def redis_settings():
    redis_cache = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": "freelancehub-tests",
        }
    }
    with override_settings(CACHES=redis_cache):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


@pytest.mark.django_db
def test_a_signed_in_session_outlives_an_emptied_redis(client, member, redis_settings):
    response = client.post(reverse("account_login"), {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302

    session_key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=session_key).exists()
    redis_settings.clear()
    assert client.get(reverse("members:preferences")).status_code == 200


@pytest.mark.django_db
def test_failed_logins_are_rate_limited_through_redis(client, member, redis_settings):
    def fail_login():
        return client.post(
            reverse("account_login"),
            {"login": member.email, "password": "wrong-password"},
            headers={"accept-language": "en"},
        )

    # allauth allows 5 failures per 5 minutes for one account, then refuses even to check.
    for _ in range(5):
        assert b"Too many failed login attempts" not in fail_login().content
    assert b"Too many failed login attempts" in fail_login().content
    assert redis_settings.keys("*rl:*")  # django-redis lists keys without their prefix


@pytest.mark.django_db
def test_the_cache_keeps_python_values(redis_settings):
    redis_settings.set("pagecache:probe", {"content": b"<p>ok</p>"}, 30)
    assert redis_settings.get_many(["pagecache:probe", "missing"]) == {
        "pagecache:probe": {"content": b"<p>ok</p>"}
    }
