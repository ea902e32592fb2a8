"""Atom feeds of the latest topics: public, visible topics only."""

import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings
from django.urls import reverse

from forums import services

from .conftest import make_topic

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def test_the_feeds_list_public_visible_topics_only(
    client, member, other_member, moderator, new_member, category, questions, private_category
):
    public = make_topic(
        author=member,
        category=category,
        title="Tarif d'une traduction",
        body="Un **tarif** au mot ?",
    )
    answer_board = make_topic(author=other_member, category=questions, title="Quel statut ?")
    make_topic(author=member, category=private_category, title="Entre nous seulement")
    hidden = make_topic(author=other_member, category=category, title="Publicité masquée")
    services.post_hide(moderator=moderator, post=hidden.first_post)
    with override_settings(FORUMS_HOLD_FIRST_POSTS=1):
        make_topic(author=new_member, category=category, title="En attente de validation")

    assert entries(client, reverse("forums:feed")) == [answer_board.title, public.title]
    category_feed = reverse("forums:category_feed", args=[category.slug])
    assert entries(client, category_feed) == [public.title]

    response = client.get(category_feed)
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}link").get("href").endswith(public.get_absolute_url())
    assert "<strong>tarif</strong>" in entry.find(f"{ATOM}summary").text
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Claire Martin"
    assert feed.find(f"{ATOM}title").text == f"FreelanceHub — {category.name}"


def test_a_members_only_board_has_no_feed_even_for_members(client, member, private_category):
    url = reverse("forums:category_feed", args=[private_category.slug])
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 404
    assert client.get(reverse("forums:category_feed", args=["inconnue"])).status_code == 404
