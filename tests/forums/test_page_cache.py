"""Visitors get the board pages from the cache (core/pagecache.py): fresh after every
write they could see, with their own CSRF token and CSP nonce, and never a member's page."""

import re
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core import pagecache
from forums import services
from forums.page_cache import topic_scope
from members import services as member_services
from members.models import Trade

from .conftest import make_topic

pytestmark = pytest.mark.django_db

NONCE_IN_POLICY = re.compile(r"'nonce-([^']+)'")
NONCE_IN_PAGE = re.compile(r'<script nonce="([^"]+)"')
CSRF_IN_PAGE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def warmed(client, url, **headers):
    """The first visit starts a generation, the second stores the page: the next is cached."""
    client.get(url, headers=headers)
    return client.get(url, headers=headers)


def test_a_visitor_gets_a_board_page_from_the_cache_without_a_query(
    client, topic, django_assert_num_queries
):
    url = topic.get_absolute_url()
    rendered = warmed(client, url)

    with django_assert_num_queries(0):
        cached = client.get(url)

    assert cached.status_code == 200
    assert cached["Content-Type"] == rendered["Content-Type"]
    assert cached["Content-Language"] == "en"
    assert "Quel tarif pour un article SEO ?" in cached.text
    # Everything but the per-response token and nonce is the page as rendered.
    assert NONCE_IN_PAGE.sub("", CSRF_IN_PAGE.sub("", cached.text)) == NONCE_IN_PAGE.sub(
        "", CSRF_IN_PAGE.sub("", rendered.text)
    )


def test_another_process_serves_the_copy_from_the_shared_cache(
    client, topic, django_assert_num_queries
):
    url = topic.get_absolute_url()
    warmed(client, url)
    pagecache.process_copies.clear()  # as in another gunicorn worker

    with django_assert_num_queries(0):
        assert "Quel tarif pour un article SEO ?" in client.get(url).text


def test_a_write_in_another_process_shows_within_a_tenth_of_a_second(
    client, topic, monkeypatch, django_assert_num_queries, django_assert_max_num_queries
):
    url = topic.get_absolute_url()
    # The clock stands still, so that a slow machine cannot outlast the trust by itself.
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now)
    warmed(client, url)
    # Another process started a new generation of the topic: this one trusts what it read
    # for GENERATIONS_TRUSTED_SECONDS, then reads again and renders.
    cache.set(pagecache._generation_key(topic_scope(topic.pk)), "elsewhere", None)
    with django_assert_num_queries(0):
        client.get(url)

    monkeypatch.setattr(time, "monotonic", lambda: now + 2 * pagecache.GENERATIONS_TRUSTED_SECONDS)
    with django_assert_max_num_queries(10) as queries:
        client.get(url)
    assert len(queries) > 0


def test_a_copy_lives_page_cache_seconds_at_most(
    client, topic, monkeypatch, django_assert_max_num_queries
):
    url = topic.get_absolute_url()
    warmed(client, url)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 31)

    with django_assert_max_num_queries(10) as queries:
        client.get(url)
    assert len(queries) > 0


@pytest.mark.parametrize("url_name", ["forums:index", "forums:search"])
def test_the_index_and_search_are_cached_too(client, topic, url_name, django_assert_num_queries):
    url = reverse(url_name) + ("?q=tarif" if url_name == "forums:search" else "")
    warmed(client, url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_each_cached_response_has_its_own_nonce_matching_its_policy(client, category):
    url = category.get_absolute_url()
    warmed(client, url)
    nonces = set()
    for _ in range(2):
        response = Client(headers={"accept-language": "en"}).get(url)
        in_policy = NONCE_IN_POLICY.search(response["Content-Security-Policy"]).group(1)
        in_page = set(NONCE_IN_PAGE.findall(response.text))
        assert in_page == {in_policy}
        nonces.add(in_policy)
    assert len(nonces) == 2


def test_the_language_switcher_of_a_cached_page_works(category):
    url = category.get_absolute_url()
    browser = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    warmed(browser, url)
    stranger = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    cached = stranger.get(url)
    token = CSRF_IN_PAGE.search(cached.text).group(1)
    assert "csrftoken" in cached.cookies, "the cached page gives the visitor a CSRF cookie"

    switched = stranger.post(
        reverse("set_language"), {"language": "fr", "next": url, "csrfmiddlewaretoken": token}
    )

    assert switched.status_code == 302
    french = stranger.get(url)
    assert french["Content-Language"] == "fr"
    assert "Tout marquer comme lu" not in french.text  # a visitor's page, in French
    assert "Forums" in french.text and 'lang="fr"' in french.text


def test_french_and_english_visitors_get_their_own_copies(category):
    url = category.get_absolute_url()
    warmed(Client(), url, **{"accept-language": "fr"})
    english = Client(headers={"accept-language": "en"}).get(url)
    french = Client(headers={"accept-language": "fr"}).get(url)
    assert 'lang="en"' in english.text and 'lang="fr"' in french.text


def test_a_new_reply_shows_at_once(client, topic, other_member, django_capture_on_commit_callbacks):
    url = topic.get_absolute_url()
    warmed(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(author=other_member, topic=topic, body="Plutôt 0,12 € du mot.")

    assert "Plutôt 0,12 € du mot." in client.get(url).text


def test_a_like_refreshes_its_topic_and_leaves_the_lists_cached(
    client, topic, member, django_capture_on_commit_callbacks, django_assert_num_queries
):
    topic_url, board_url = topic.get_absolute_url(), topic.category.get_absolute_url()
    warmed(client, topic_url)
    warmed(client, board_url)
    reply = topic.posts.get(number=2)

    with django_capture_on_commit_callbacks(execute=True):
        services.post_like_set(member=member, post=reply, liked=True)

    assert re.search(r"bi-heart[^>]*></i> 1 like", client.get(topic_url).text)
    with django_assert_num_queries(0):
        client.get(board_url)

    with django_capture_on_commit_callbacks(execute=True):
        services.post_like_set(member=member, post=reply, liked=False)  # deleted by a queryset
    assert not re.search(r"bi-heart[^>]*></i> 1 like", client.get(topic_url).text)


def test_a_reply_refreshes_its_topic_and_the_lists_not_other_topics(
    client, topic, member, other_member, django_capture_on_commit_callbacks,
    django_assert_num_queries, django_assert_max_num_queries,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        other_topic = make_topic(author=other_member, category=topic.category)
    urls = [topic.get_absolute_url(), other_topic.get_absolute_url(), reverse("forums:index")]
    for url in urls:
        warmed(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(author=member, topic=topic, body="Merci pour vos réponses !")

    assert "Merci pour vos réponses !" in client.get(urls[0]).text
    with django_assert_num_queries(0):
        client.get(urls[1])
    with django_assert_max_num_queries(10) as queries:
        client.get(urls[2])
    assert len(queries) > 0, "the board index shows the new reply's counts"


def test_a_post_hidden_by_a_moderator_disappears_at_once(
    client, topic, moderator, django_capture_on_commit_callbacks
):
    url = topic.get_absolute_url()
    reply = topic.posts.get(number=2)
    assert reply.body in warmed(client, url).text

    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(moderator=moderator, post=reply, reason="Hors sujet")

    assert reply.body not in client.get(url).text


def test_a_new_display_name_shows_at_once(
    client, topic, member, django_capture_on_commit_callbacks
):
    url = topic.category.get_absolute_url()
    assert "by Claire" in warmed(client, url).text

    with django_capture_on_commit_callbacks(execute=True):
        member.display_name = "Claire Rédactrice"
        member.save()

    assert "by Claire Rédactrice" in client.get(url).text


def test_a_renamed_trade_shows_at_once_on_the_author_cards(
    client, topic, member, django_capture_on_commit_callbacks
):
    trade = Trade.objects.create(name="Rédactrice web", slug="redactrice-web")
    with django_capture_on_commit_callbacks(execute=True):
        member.trades.add(trade)
    url = topic.get_absolute_url()
    assert "Rédactrice web" in warmed(client, url).text

    with django_capture_on_commit_callbacks(execute=True):
        trade.name = "Rédactrice SEO"
        trade.save()

    assert "Rédactrice SEO" in client.get(url).text


def test_signing_in_changes_nothing_a_visitor_sees(
    client, topic, member, django_capture_on_commit_callbacks, django_assert_num_queries
):
    url = topic.get_absolute_url()
    warmed(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        member_services.member_activity_touch(member=member)
        member.save(update_fields=["last_login"])
    with django_assert_num_queries(0):
        client.get(url)


def test_a_member_never_gets_a_visitors_page(member_client, topic):
    url = topic.get_absolute_url()
    visitor = Client(headers={"accept-language": "en"})
    warmed(visitor, url)

    page = member_client.get(url).text

    assert "Sign out" in page and 'name="body"' in page  # their menu and the reply form
    assert "Sign out" not in visitor.get(url).text


def test_a_visitor_with_a_session_or_a_message_gets_a_fresh_page(
    client, topic, django_assert_max_num_queries
):
    url = topic.get_absolute_url()
    warmed(client, url)
    client.cookies["messages"] = "something"
    with django_assert_max_num_queries(10) as queries:
        client.get(url)
    assert len(queries) > 0


@pytest.mark.parametrize("query", ["?utm_source=x", "?q=" + "tarif+" * 80])
def test_made_up_parameters_and_huge_queries_are_not_stored(client, topic, query):
    url = reverse("forums:search") + query
    warmed(client, url)
    assert not any(key.startswith(":1:pagecache:page") for key in cache._cache)


def test_htmx_requests_are_not_served_from_the_cache(client, topic, django_assert_max_num_queries):
    url = topic.get_absolute_url()
    warmed(client, url)
    with django_assert_max_num_queries(10) as queries:
        client.get(url, headers={"hx-request": "true"})
    assert len(queries) > 0


def test_a_page_cache_of_zero_seconds_turns_it_off(
    client, category, member, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    make_topic(author=member, category=category)
    url = category.get_absolute_url()
    warmed(client, url)
    with django_assert_max_num_queries(10) as queries:
        client.get(url)
    assert len(queries) > 0


def test_text_that_looks_like_a_placeholder_is_left_alone(
    client, member, category, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = make_topic(
            author=member, category=category, body='name="csrfmiddlewaretoken" value="pagecache-"'
        )
    url = topic.get_absolute_url()
    warmed(client, url)
    cached = client.get(url).text
    assert "name=&quot;csrfmiddlewaretoken&quot; value=&quot;pagecache-&quot;" in cached
    assert "pagecache-csrf" not in cached and "pagecache-nonce" not in cached


def test_stored_pages_lose_the_templates_indentation_but_not_the_text_of_code_blocks():
    page = (
        b"<main>\n    <p>Bonjour</p>\n\n      \n  <pre><code>def tarif():\n\n    return 450\n"
        b'</code></pre>\n  <textarea name="body">\n  ligne\n\n  suite</textarea>\n</main>'
    )

    assert pagecache.compact(page) == (
        b"<main>\n<p>Bonjour</p>\n<pre><code>def tarif():\n\n    return 450\n</code></pre>\n"
        b'<textarea name="body">\n  ligne\n\n  suite</textarea>\n</main>'
    )


def test_every_token_of_the_visitors_csrf_secret_is_replaced_wherever_it_stands(rf):
    """A token in a meta tag or a data attribute, not only in a form's input, never reaches
    another visitor: the stored copy holds a placeholder, each replay a fresh token."""
    from django.middleware.csrf import get_token

    request = rf.get("/")
    page = (
        f'<meta name="csrf-token" content="{get_token(request)}">'
        f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">'
        f'<div data-token="{get_token(request)}"></div>'
    ).encode()

    stored = pagecache._without_csrf_tokens(request, page)

    assert stored.count(pagecache._placeholder("csrf")) == 3
    assert b"csrf-token" in stored
    another = rf.get("/")
    replayed = pagecache._replayed(another, {"content": stored, "headers": {}}).content
    assert pagecache._placeholder("csrf") not in replayed
    assert len(set(CSRF_IN_PAGE.findall(replayed.decode()))) == 1
    assert CSRF_IN_PAGE.findall(replayed.decode())[0] != CSRF_IN_PAGE.findall(page.decode())[0]


def test_a_replayed_page_keeps_the_headers_the_view_set(client, topic):
    url = topic.get_absolute_url()
    rendered = warmed(client, url)

    cached = client.get(url)

    for name in ["Content-Type", "Content-Language", "Vary", "X-Frame-Options"]:
        assert cached.get(name) == rendered.get(name), name
