"""The forums' personas and helpers: topics and posts are made through forums.services, so that
counters, read state and search vectors are the ones the site keeps.

Claire (``member``), Karim (``other_member``) and Sophie (``moderator``) joined two months ago,
so the new-member limits do not trip; they read the site in English, as do visitors here, so that
tests assert English text while the French catalogue changes.
"""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from forums import services
from forums.models import Category, Tag, Topic
from tests.factories import CategoryFactory, MemberFactory

SEASONED = timedelta(days=60)
_sequence = itertools.count(1)


def seasoned(member, *, language: str = "en"):
    """Makes a persona an established member who reads the site in English (or ``language``)."""
    member.date_joined = timezone.now() - SEASONED
    member.language = language
    member.save(update_fields=["date_joined", "language"])
    return member


def seasoned_member(*, language: str = "en", **kwargs):
    return seasoned(MemberFactory(**kwargs), language=language)


def make_topic(
    *,
    author,
    category: Category,
    title: str | None = None,
    body: str | None = None,
    tags: list[Tag] | None = None,
    replies: int = 0,
    repliers=None,
) -> Topic:
    """A topic and its replies, written through the services (bodies are unique: no duplicate
    refusal). Replies go round the given repliers, or the author when there are none."""
    n = next(_sequence)
    topic = services.topic_create(
        author=author,
        category=category,
        title=title or f"Combien facturer une mission n°{n} ?",
        body=body or f"Je débute et je me demande quel tarif proposer, cas n°{n}.",
        tags=tags or [],
    )
    add_replies(topic, replies, repliers or [author])
    topic.refresh_from_db()
    return topic


def add_replies(topic: Topic, count: int, authors) -> list:
    posts = []
    for i, author in zip(range(count), itertools.cycle(authors), strict=False):
        posts.append(
            services.post_create(
                author=author,
                topic=topic,
                body=f"Réponse {i + 1} au sujet {topic.pk}, n°{next(_sequence)}.",
            )
        )
    return posts


@pytest.fixture(autouse=True)
def _no_flood_wait(monkeypatch):
    """Tests post several times a second; test_services checks the flood limit itself."""
    monkeypatch.setattr(services, "MIN_SECONDS_BETWEEN_POSTS", 0)


@pytest.fixture(autouse=True)
def _english():
    """Services' messages in English too, outside requests."""
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """A visitor's browser that asks for English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def member(member):
    return seasoned(member)


@pytest.fixture
def other_member(other_member):
    return seasoned(other_member)


@pytest.fixture
def moderator(moderator):
    return seasoned(moderator)


@pytest.fixture
def new_member(db):
    """Nina joined today: the new-member limits apply to her."""
    return MemberFactory(username="nina", display_name="Nina Nouvelle", language="en")


@pytest.fixture
def suspended_member(db):
    """Bruno: suspended a day ago for a week."""
    now = timezone.now()
    return MemberFactory(
        username="bruno",
        display_name="Bruno Spam",
        language="en",
        date_joined=now - SEASONED,
        suspended_at=now - timedelta(days=1),
        suspended_until=now + timedelta(days=6),
        suspension_reason="Spam.",
    )


@pytest.fixture
def category(db):
    return CategoryFactory(
        name="Tarifs de rédaction", slug="tarifs-redaction", description="Combien facturer ?"
    )


@pytest.fixture
def questions(db):
    """A board in questions mode: a topic's author accepts one reply as the answer."""
    return CategoryFactory(name="Questions de statut", slug="questions-statut", is_questions=True)


@pytest.fixture
def private_category(db):
    return CategoryFactory(name="Entre membres", slug="entre-membres", members_only=True)


@pytest.fixture
def tag(db):
    return Tag.objects.create(name="TJM", slug="tjm")


@pytest.fixture
def topic(member, other_member, category):
    """Claire asks about rates; Karim replies once."""
    return make_topic(
        author=member,
        category=category,
        title="Quel tarif pour un article SEO ?",
        body="Je facture 0,08 € du mot, est-ce trop peu ?",
        replies=1,
        repliers=[other_member],
    )


@pytest.fixture
def question(member, other_member, moderator, questions):
    """Claire's question with two replies, by Karim (#2) and Sophie (#3)."""
    return make_topic(
        author=member,
        category=questions,
        title="Micro-entreprise ou SASU pour débuter ?",
        body="Je lance mon activité de traduction, quel statut choisir ?",
        replies=2,
        repliers=[other_member, moderator],
    )
