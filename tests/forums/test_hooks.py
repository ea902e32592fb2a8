"""Asides: what apps built on the forums put beside a discussion and above the new-topic form
(forums/hooks.py), rendered with the page's context, outside the shared fragments, and kept
fresh in the visitors' page cache by their app."""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagecache
from forums import hooks
from forums.page_cache import topic_scope
from tests.factories import CategoryFactory

from .conftest import make_topic

pytestmark = pytest.mark.django_db

NEW_TOPIC_URL = reverse("forums:topic_new")


@pytest.fixture
def aside_templates(settings, tmp_path):
    """Two aside templates of a made-up app: one shows the reader, the other a note."""
    (tmp_path / "asides").mkdir()
    (tmp_path / "asides" / "reader.html").write_text(
        '<aside id="reader-aside">{{ note }} for '
        "{% if user.is_authenticated %}{{ user.username }}{% else %}a visitor{% endif %}"
        "</aside>"
    )
    (tmp_path / "asides" / "board.html").write_text(
        '<aside id="board-aside">{{ board.slug|default:"no board" }}</aside>'
    )
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates


@pytest.fixture
def registries(monkeypatch):
    """Empty registries for the test (the rates observatory registers its own at start)."""
    monkeypatch.setattr(hooks, "_topic_asides", [])
    monkeypatch.setattr(hooks, "_new_topic_asides", [])


def test_a_provider_is_registered_once_and_says_nothing_by_returning_none(registries, topic):
    def nothing(topic, user):
        return None

    def note(topic, user):
        return hooks.Aside("asides/reader.html", {"note": topic.title})

    for provider in (nothing, note, note):
        hooks.register_topic_aside(provider)

    asides = hooks.topic_asides(topic=topic, user=topic.author)

    assert asides == [
        hooks.Aside("asides/reader.html", {"note": "Quel tarif pour un article SEO ?"})
    ]


def test_a_topic_aside_is_rendered_with_the_pages_context_for_each_reader(
    registries, aside_templates, client, topic, member, other_member
):
    hooks.register_topic_aside(
        lambda topic, user: hooks.Aside("asides/reader.html", {"note": "Hi"})
    )
    url = topic.get_absolute_url()

    assert '<aside id="reader-aside">Hi for a visitor</aside>' in client.get(url).text
    client.force_login(member)
    assert '<aside id="reader-aside">Hi for claire</aside>' in client.get(url).text
    # The posts are a fragment shared by every member: the aside is not in it.
    client.force_login(other_member)
    assert '<aside id="reader-aside">Hi for karim</aside>' in client.get(url).text


def test_the_visitors_copy_shows_a_new_aside_once_its_app_refreshes_the_topic(
    registries, aside_templates, client, topic, django_capture_on_commit_callbacks
):
    notes = ["first"]
    hooks.register_topic_aside(
        lambda topic, user: hooks.Aside("asides/reader.html", {"note": notes[-1]})
    )
    url = topic.get_absolute_url()
    client.get(url)
    assert "first for a visitor" in client.get(url).text  # the stored copy

    notes.append("second")
    assert "first for a visitor" in client.get(url).text  # still the stored copy
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate(topic_scope(topic.pk))

    assert "second for a visitor" in client.get(url).text


def test_the_new_topic_form_shows_the_asides_of_the_board_it_opens_on(
    registries, aside_templates, member_client, category
):
    boards = []

    def board_aside(board, user):
        boards.append((board, user.username))
        return hooks.Aside("asides/board.html", {"board": board})

    hooks.register_new_topic_aside(board_aside)

    page = member_client.get(NEW_TOPIC_URL, {"category": category.slug}).text
    assert '<aside id="board-aside">tarifs-redaction</aside>' in page
    # No board chosen yet, or one that does not exist: the provider is told so.
    assert '<aside id="board-aside">no board</aside>' in member_client.get(NEW_TOPIC_URL).text
    page = member_client.get(NEW_TOPIC_URL, {"category": "nowhere"}).text
    assert '<aside id="board-aside">no board</aside>' in page
    # A form sent back with a mistake keeps its board's aside.
    other = CategoryFactory(name="Projets à passer", slug="projets-a-passer")
    response = member_client.post(
        NEW_TOPIC_URL, {"category": other.slug, "title": "Court", "body": "Un message."}
    )
    assert response.status_code == 200
    assert '<aside id="board-aside">projets-a-passer</aside>' in response.text
    assert boards == [
        (category, "claire"),
        (None, "claire"),
        (None, "claire"),
        (other, "claire"),
    ]


def test_the_board_is_one_the_form_offers_the_member(
    registries, aside_templates, client, member, private_category
):
    """The board is looked up among the form's own (members see members-only boards)."""
    seen = []
    hooks.register_new_topic_aside(lambda board, user: seen.append(board))
    client.force_login(member)

    client.get(NEW_TOPIC_URL, {"category": private_category.slug})

    assert seen == [private_category]


def test_pages_without_asides_are_unchanged(registries, member_client, topic, category):
    assert 'id="reader-aside"' not in member_client.get(topic.get_absolute_url()).text
    assert "<aside" not in member_client.get(NEW_TOPIC_URL, {"category": category.slug}).text


def test_an_aside_costs_the_topic_page_nothing_of_its_own(
    registries, aside_templates, client, member, category, django_assert_num_queries
):
    topic = make_topic(author=member, category=category, replies=3)
    url = topic.get_absolute_url()
    client.force_login(member)
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        client.get(url)

    hooks.register_topic_aside(
        lambda topic, user: hooks.Aside("asides/reader.html", {"note": "Hi"})
    )
    with django_assert_num_queries(len(without)):
        assert "Hi for claire" in client.get(url).text
