"""Claire (``member``) writes to Karim (``other_member``); Léa (``third_member``) is in none of
their conversations; Sophie (``moderator``) moderates. All read the site in English: the
French of the new texts is compiled later."""

from datetime import timedelta

import pytest
from django.utils import timezone

from messaging import services
from tests.factories import MemberFactory, ModeratorFactory

HELLO = "Bonjour Karim, je cherche un traducteur pour 40 fiches produits."


@pytest.fixture
def member(db):
    return MemberFactory(username="claire", display_name="Claire Martin", language="en")


@pytest.fixture
def other_member(db):
    return MemberFactory(username="karim", display_name="Karim Benali", language="en")


@pytest.fixture
def third_member(db):
    return MemberFactory(username="lea-redac", display_name="Léa Petit", language="en")


@pytest.fixture
def moderator(db):
    return ModeratorFactory(username="sophie", display_name="Sophie Moderatrice", language="en")


def seasoned(member):
    """An account older than the newcomers' limits."""
    member.date_joined = timezone.now() - timedelta(days=30)
    member.save(update_fields=["date_joined"])
    return member


def start(author, *recipients, body=HELLO, **kwargs):
    return services.conversation_start(author=author, recipients=recipients, body=body, **kwargs)


@pytest.fixture
def conversation(member, other_member):
    """Claire's one-to-one conversation with Karim, with her first message."""
    return start(member, other_member).conversation
