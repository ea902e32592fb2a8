"""The notifications' personas and helpers.

Claire (``member``), Karim (``other_member``), Léa (``third_member``) and Sophie (``moderator``)
joined two months ago, so the forums' new-member limits do not trip, and read the site in
English, so that tests assert English text while the French catalogue changes. Forum posts are
written through forums.services, and what they announce after commit runs at once
(``published``): that is where notifications are made.
"""

import itertools

import pytest
from django.test import TestCase

from forums import services as forums_services
from forums.models import Post, Tag, Topic
from tests.factories import CategoryFactory
from tests.forums import conftest as forum_personas

# The forums' personas and settings, the same here: established members reading in English, no
# flood wait between posts.
_english = forum_personas._english
_no_flood_wait = forum_personas._no_flood_wait
client = forum_personas.client
member, other_member, moderator = (
    forum_personas.member,
    forum_personas.other_member,
    forum_personas.moderator,
)
seasoned, seasoned_member = forum_personas.seasoned, forum_personas.seasoned_member

_sequence = itertools.count(1)


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


@pytest.fixture
def third_member(db):
    return seasoned_member(username="lea", display_name="Léa Durand")


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
