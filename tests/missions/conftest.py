"""Missions' personas: Claire (``member``) passes work on; Karim (``other_member``), a translator
in Auvergne-Rhône-Alpes like her, takes it; Sophie (``moderator``) keeps the board healthy."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from members.models import Trade
from missions.models import Mission, MissionData
from missions.services import mission_publish

SEASONED = timedelta(days=60)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """A browser that asks for English (tests assert English text)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def seasoned(member, **fields):
    """A member past the newcomers' limits, reading in English, placed in the given region."""
    member.date_joined = timezone.now() - SEASONED
    member.language = "en"
    for name, value in fields.items():
        setattr(member, name, value)
    member.save()
    return member


@pytest.fixture
def translation_trade(db) -> Trade:
    return Trade.objects.get(slug="traducteur")


@pytest.fixture
def writing_trade(db) -> Trade:
    return Trade.objects.get(slug="redacteur-web")


@pytest.fixture
def claire(member, writing_trade):
    member = seasoned(member, region="ara", city="Lyon")
    member.trades.add(writing_trade)
    return member


@pytest.fixture
def karim(other_member, translation_trade):
    member = seasoned(other_member, region="ara", city="Grenoble")
    member.trades.add(translation_trade)
    return member


@pytest.fixture
def sophie(moderator):
    return seasoned(moderator)


def mission_data(trade, **fields) -> MissionData:
    values = {
        "trade": trade,
        "title": "Traduction EN→FR de 40 fiches produits",
        "description": "Un client e-commerce **lyonnais** : 40 fiches de 150 mots.",
        "budget_min": None,
        "budget_max": None,
        "deadline": None,
        "remote": True,
        "region": "",
        "city": "",
    } | fields
    return MissionData(**values)


@pytest.fixture
def mission(claire, translation_trade) -> Mission:
    """Claire's open, remote mission for a translator."""
    return mission_publish(author=claire, data=mission_data(translation_trade))
