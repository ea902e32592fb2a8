"""A Redis outage makes pages slower, nothing more: nobody is signed out, no write is lost,
visitors still get the boards, and /healthz says what is missing. On a private Redis started
and stopped by the test."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from core import pagecache
from core.templatetags import fragments
from forums import services as forum_services
from forums.models import Post
from freelancehub.settings import redis_caches
from tests.factories import PASSWORD, CategoryFactory
from tests.forums.conftest import make_topic, seasoned

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("faults")]


@pytest.fixture
def category(db):
    return CategoryFactory(slug="tarifs")


@pytest.fixture
def redis_cache(private_redis, monkeypatch):
    monkeypatch.setattr(forum_services, "MIN_SECONDS_BETWEEN_POSTS", 0)
    # The production settings' cache, on the private Redis.
    with override_settings(CACHES=redis_caches(private_redis.url, key_prefix="faults")):
        yield caches["default"]


def forget_process_copies():
    """What another app process would have: nothing of its own, only the shared cache."""
    pagecache.process_copies.clear()
    pagecache.generations_read.clear()
    fragments.process_fragments.clear()


def test_members_stay_signed_in_and_write_while_redis_is_away(
    client, member, category, private_redis, redis_cache
):
    seasoned(member)
    topic = make_topic(author=member, category=category)
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": PASSWORD},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302
    assert "My profile" in client.get(topic.get_absolute_url()).text
    assert redis_cache.get(f"{pagecache.GENERATION_KEY_PREFIX}:{pagecache.SITE}") is not None

    private_redis.stop()
    forget_process_copies()

    page = client.get(topic.get_absolute_url())
    assert page.status_code == 200
    assert "My profile" in page.text  # still signed in
    assert "sessionid" not in page.cookies  # and the cookie left alone
    reply = client.post(
        reverse("forums:reply", args=[topic.pk]), {"body": "Écrit pendant la panne de Redis."}
    )
    assert reply.status_code == 302
    assert Post.objects.filter(topic=topic, body="Écrit pendant la panne de Redis.").exists()
    assert client.get(reverse("members:preferences")).status_code == 200

    health = client.get(reverse("healthz"))
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["cache"] == "unavailable"
    assert health.json()["database"] == "ok"

    private_redis.start()
    assert client.get(reverse("healthz")).json()["status"] == "ok"
    assert "Écrit pendant la panne de Redis." in client.get(topic.get_absolute_url()).text


def test_visitors_get_the_boards_while_redis_is_away(
    client, member, category, private_redis, redis_cache
):
    topic = make_topic(author=member, category=category, title="Tarifs en panne")
    assert client.get(category.get_absolute_url()).status_code == 200  # stored for visitors

    private_redis.stop()
    forget_process_copies()

    for url in [reverse("home"), reverse("forums:index"), category.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Tarifs en panne" in client.get(topic.get_absolute_url()).text
