"""The notifications' personas and helpers.

Claire (``member``), Karim (``other_member``), Léa (``third_member``) and Sophie (``moderator``)
joined two months ago, so the forums' new-member limits do not trip, and read the site in
English, so that tests assert English text while the French catalogue changes. Forum posts are
written through forums.services, and what they announce after commit runs at once
(``published``): that is where notifications are made.
"""

import itertools
from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone, translation

from forums import services as forums_services
from forums.models import Post, Tag, Topic
from tests.factories import CategoryFactory, MemberFactory

SEASONED = timedelta(days=60)
_sequence = itertools.count(1)


def seasoned(member, *, language: str = "en"):
    member.date_joined = timezone.now() - SEASONED
    member.language = language
    member.save(update_fields=["date_joined", "language"])
    return member


def seasoned_member(*, language: str = "en", **kwargs):
    return seasoned(MemberFactory(**kwargs), language=language)


def published():
    """Runs what the block leaves for after commit (signals, then e-mail tasks) at its end."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def topic_publish(*, author, category, body: str | None = None, tags=None, title=None) -> Topic:
    n = next(_sequence)
    with published():
        topic = forums_services.topic_create(
            author=author,
            category=category,
            title=title or f"Combien facturer une mission n°{n} ?",
            body=body or f"Je débute et je me demande quel tarif proposer, cas n°{n}.",
            tags=tags or [],
        )
    topic.refresh_from_db()
    return topic


def reply_publish(*, author, topic: Topic, body: str | None = None) -> Post:
    with published():
        return forums_services.post_create(
            author=author,
            topic=topic,
            body=body or f"Réponse n°{next(_sequence)} au sujet {topic.pk}.",
        )


@pytest.fixture(autouse=True)
def _no_flood_wait(monkeypatch):
    monkeypatch.setattr(forums_services, "MIN_SECONDS_BETWEEN_POSTS", 0)


@pytest.fixture(autouse=True)
def _english():
    """Code outside requests (receivers, services) runs in English unless a test says not."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def member(member):
    return seasoned(member)


@pytest.fixture
def other_member(other_member):
    return seasoned(other_member)


@pytest.fixture
def third_member(db):
    return seasoned_member(username="lea", display_name="Léa Durand")


@pytest.fixture
def moderator(moderator):
    return seasoned(moderator)


@pytest.fixture
def category(db):
    return CategoryFactory(name="Tarifs", slug="tarifs")


@pytest.fixture
def questions(db):
    return CategoryFactory(name="Questions de statut", slug="questions-statut", is_questions=True)


@pytest.fixture
def tag(db):
    return Tag.objects.create(name="TJM", slug="tjm")


@pytest.fixture
def topic(member, category):
    """Claire's topic, with no reply yet."""
    return topic_publish(author=member, category=category)
