"""Boards, trades and tags named in the reader's language, at the same addresses."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core import pagecache
from forums import services as forum_services
from forums.models import Category, Tag
from members.models import Trade

pytestmark = pytest.mark.django_db


def test_boards_are_named_in_the_readers_language_at_the_same_address(client):
    board = Category.objects.get(slug="tarifs-devis")

    for _ in range(2):  # the first visit starts the cache's generations, the second is stored
        english = client.get(reverse("forums:index"), headers={"accept-language": "en"}).text
    assert any(":en:" in key for key in pagecache.process_copies._entries)  # the English copy
    french = client.get(reverse("forums:index"), headers={"accept-language": "fr"}).text
    english_board = client.get(board.get_absolute_url(), headers={"accept-language": "en"})

    assert board.get_absolute_url() == "/forums/c/tarifs-devis/"
    assert "Rates &amp; quotes" in english and "Tarifs &amp; devis" not in english
    # The visitors' page cache keeps one copy per language: the English one is never served here.
    assert "Tarifs &amp; devis" in french and "Rates &amp; quotes" not in french
    assert "<h1" in english_board.text and "Rates &amp; quotes" in english_board.text


def test_trades_have_inclusive_french_names_and_english_ones(client, member):
    member.trades.set([Trade.objects.get(slug="redacteur-web")])

    english = client.get(member.get_absolute_url(), headers={"accept-language": "en"}).text
    french = client.get(member.get_absolute_url(), headers={"accept-language": "fr"}).text

    assert "Web writer" in english and "Rédacteur·rice web" not in english
    assert "Rédacteur·rice web" in french and "Web writer" not in french
    with translation.override("fr"):
        assert Trade.objects.get(slug="assistant-virtuel").name == "Assistant·e virtuel·le"
        assert Trade.objects.get(slug="chef-de-projet-digital").name == "Chef·fe de projet digital"


def test_a_topics_shared_tags_are_named_in_each_readers_language(client, member, other_member):
    member.date_joined = timezone.now() - timedelta(days=60)
    member.save(update_fields=["date_joined"])
    tag = Tag.objects.create(
        name="TJM", name_fr="TJM", name_en="Day rate", slug="tjm-taux-journalier"
    )
    topic = forum_services.topic_create(
        author=member,
        category=Category.objects.get(slug="tarifs-devis"),
        title="Quel TJM pour une rédactrice SEO ?",
        body="Je débute.",
        tags=[tag],
    )
    other_member.language = "en"
    other_member.save(update_fields=["language"])

    # Members get the topic's tags from a fragment shared between readers, keyed by language.
    client.force_login(other_member)
    english = client.get(topic.get_absolute_url()).text
    client.force_login(member)
    french = client.get(topic.get_absolute_url()).text

    assert "Day rate" in english and ">TJM<" not in english
    assert "TJM" in french and "Day rate" not in french
