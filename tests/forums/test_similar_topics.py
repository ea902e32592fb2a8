"""The new topic form suggests, under its title, topics that may already answer it: only topics
the reader may open, nothing for a title too short, in a constant number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from forums import selectors, services

from .conftest import make_topic

pytestmark = pytest.mark.django_db

URL = reverse("forums:topics_similar")


def titles(topics) -> set[str]:
    return {topic.title for topic in topics}


def test_only_topics_the_reader_may_open_are_suggested(
    settings, member, other_member, new_member, moderator, category, private_category
):
    make_topic(author=other_member, category=category, title="Quel tarif au mot en rédaction ?")
    make_topic(author=other_member, category=private_category, title="Tarif au mot entre nous")
    hidden = make_topic(author=other_member, category=category, title="Tarif au mot caché")
    services.post_hide(moderator=moderator, post=hidden.first_post)
    settings.FORUMS_HOLD_FIRST_POSTS = 1
    make_topic(author=new_member, category=category, title="Tarif au mot en attente")

    suggested = selectors.topics_similar(user=AnonymousUser(), title="tarif au mot")
    assert titles(suggested) == {"Quel tarif au mot en rédaction ?"}
    assert titles(selectors.topics_similar(user=member, title="tarif au mot")) == {
        "Quel tarif au mot en rédaction ?",
        "Tarif au mot entre nous",
    }
    assert "Tarif au mot caché" in titles(
        selectors.topics_similar(user=moderator, title="tarif au mot")
    )


def test_a_short_title_suggests_nothing_and_five_at_most(member, other_member, category):
    for i in range(7):
        make_topic(author=other_member, category=category, title=f"Devis de traduction n°{i}")

    assert selectors.topics_similar(user=member, title="de") == []
    assert selectors.topics_similar(user=member, title="  ") == []
    assert len(selectors.topics_similar(user=member, title="devis traduction")) == 5


def test_the_suggestions_come_under_the_title_as_links(client, member, other_member, category):
    topic = make_topic(
        author=other_member, category=category, title="Facturer la TVA en micro-entreprise ?"
    )
    client.force_login(member)

    form = client.get(reverse("forums:topic_new")).content.decode()
    assert f'hx-get="{URL}"' in form
    assert form.index('name="title"') < form.index('class="similar-topics"')
    assert form.index('class="similar-topics"') < form.index('name="body"')

    response = client.get(URL, {"title": "la TVA en micro"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "These topics may already talk about it" in page
    assert f'<a href="{topic.get_absolute_url()}">{topic.title}</a>' in page
    assert client.get(URL, {"title": "tv"}).content.decode().strip() == ""
    assert client.get(URL, {"title": "<b>" * 500}).status_code == 200
    assert client.post(URL, {"title": "TVA"}).status_code == 405
    client.logout()
    assert client.get(URL, {"title": "TVA"}).status_code == 302


def test_the_suggestions_cost_the_same_whatever_the_number_of_topics(
    client, member, other_member, category, django_assert_num_queries
):
    make_topic(author=other_member, category=category, title="Tarif de relecture")
    client.force_login(member)
    client.get(reverse("forums:bookmarks"))  # the activity stamp, written once

    with django_assert_num_queries(3) as few:
        client.get(URL, {"title": "tarif relecture"})
    for i in range(12):
        make_topic(author=other_member, category=category, title=f"Tarif de relecture n°{i}")
    with django_assert_num_queries(len(few)):
        response = client.get(URL, {"title": "tarif relecture"})
    assert len(response.context["similar_topics"]) == 5
