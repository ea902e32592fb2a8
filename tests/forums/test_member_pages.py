"""Members' board pages are rendered for them, never served from another reader's copy: the
parts that do not depend on the reader come from shared fragments (core/templatetags/
fragments.py), the reader's own state from their own queries (forums/selectors.py
``reader_state_for``). Every test here runs with the caches on, as in production."""

import re

import pytest
from django.db import connection
from django.template import Context, RequestContext, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core import pagecache
from forums import page_cache, selectors, services
from forums.models import NotificationLevel

from .conftest import add_replies, make_topic, seasoned_member

pytestmark = pytest.mark.django_db

CSRF_IN_PAGE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def like_button(page: str, post) -> str:
    start = page.index(f'action="{reverse("forums:post_like", args=[post.pk])}"')
    return page[start : page.index("</form>", start)]


def test_each_member_sees_their_own_likes_bookmarks_and_actions(topic, member, other_member):
    reply = add_replies(topic, 1, [other_member])[0]
    services.post_like_set(member=member, post=reply, liked=True)
    services.post_bookmark_set(member=member, post=reply, bookmarked=True)
    url = topic.get_absolute_url()
    claire, karim = signed_in(member), signed_in(other_member)

    for _round in range(2):  # the second time, every shared fragment is warm
        claires_page = claire.get(url).text
        karims_page = karim.get(url).text

        assert 'aria-pressed="true"' in like_button(claires_page, reply)
        assert reverse("forums:post_report", args=[reply.pk]) in claires_page
        # Karim wrote the reply: his own post gets edit and delete, no like button, no report.
        assert reverse("forums:post_like", args=[reply.pk]) not in karims_page
        assert reverse("forums:post_edit", args=[reply.pk]) in karims_page
        assert reverse("forums:post_edit", args=[reply.pk]) not in claires_page
        assert "Bookmarked" in claires_page
        assert "Bookmarked" not in karims_page
        assert member.public_name in claires_page and "My profile" in claires_page
        assert 'data-testid="account-menu"' in karims_page
        # Each member's forms carry their own CSRF token.
        assert set(CSRF_IN_PAGE.findall(claires_page)).isdisjoint(CSRF_IN_PAGE.findall(karims_page))


def test_the_actions_of_a_post_follow_each_readers_relation_to_it(topic, member, other_member):
    """The actions under a post are shared between readers in the same relation to it (liked or
    not, bookmarked or not, theirs or not): each reader gets the one that is theirs, every time."""
    reply = add_replies(topic, 1, [other_member])[0]
    url = topic.get_absolute_url()
    liker, reader = signed_in(member), signed_in(seasoned_member())

    for _round in range(2):
        services.post_like_set(member=member, post=reply, liked=True)
        services.post_bookmark_set(member=member, post=reply, bookmarked=True)
        liked = like_button(liker.get(url).text, reply)
        assert 'aria-pressed="true"' in liked and "<span>1</span>" in liked
        not_liked = like_button(reader.get(url).text, reply)
        assert 'aria-pressed="false"' in not_liked and "<span>1</span>" in not_liked
        assert "Bookmarked" not in reader.get(url).text

        services.post_like_set(member=member, post=reply, liked=False)  # the count follows
        services.post_bookmark_set(member=member, post=reply, bookmarked=False)
        unliked = like_button(liker.get(url).text, reply)
        assert 'aria-pressed="false"' in unliked and "<span>0</span>" in unliked
        assert "Bookmarked" not in liker.get(url).text


def test_a_member_is_never_served_the_visitors_copy(client, topic, member):
    url = topic.get_absolute_url()
    client.get(url)
    client.get(url)  # stored for visitors

    client.force_login(member)
    page = client.get(url).text

    assert "Sign in to reply" not in page
    assert member.public_name in page


def test_a_members_draft_stays_theirs(topic, member, other_member):
    services.draft_save(member=member, topic=topic, body="Mon brouillon secret sur le TJM")
    url = topic.get_absolute_url()

    assert "Mon brouillon secret" in signed_in(member).get(url).text
    assert "Mon brouillon secret" not in signed_in(other_member).get(url).text


def test_the_notification_level_and_the_jump_are_the_members_own(topic, member, other_member):
    add_replies(topic, 3, [other_member])
    services.topic_mark_read(member=member, topic_id=topic.pk, number=1, known_last_read=None)
    services.topic_notification_level_set(
        member=member, topic=topic, level=NotificationLevel.WATCHING
    )
    url = topic.get_absolute_url()

    claires_page = signed_in(member).get(url).text
    # Someone who never opened it (Karim, who replied, watches it and has read it all).
    newcomers_page = signed_in(seasoned_member()).get(url).text

    assert '<option value="watching" selected>' in claires_page
    assert '<option value="normal" selected>' in newcomers_page
    assert "Jump to the first unread post" in claires_page
    assert "Jump to the first unread post" not in newcomers_page


def test_unread_marks_in_a_list_are_each_members(category, member, other_member):
    topic = make_topic(author=other_member, category=category, replies=2)
    url = category.get_absolute_url()
    claire, karim = signed_in(member), signed_in(other_member)

    assert "New</span>" in claire.get(url).text
    claire.get(topic.get_absolute_url())  # she reads it
    karims_page = karim.get(url).text

    assert "topic-unread" not in claire.get(url).text
    assert "New</span>" not in karims_page  # his own topic, read as he wrote it
    add_replies(topic, 2, [other_member])
    assert "2 unread" in claire.get(url).text


def test_an_edit_a_rename_and_a_hide_show_at_once_in_shared_fragments(
    topic, member, other_member, moderator, django_capture_on_commit_callbacks
):
    reply = add_replies(topic, 1, [other_member])[0]
    url = topic.get_absolute_url()
    claire = signed_in(member)
    assert "Réponse 1" in claire.get(url).text

    services.post_edit(editor=other_member, post=reply, body="Corrigé : 450 € la journée.")
    assert "Corrigé : 450 € la journée." in claire.get(url).text

    with django_capture_on_commit_callbacks(execute=True):  # the site's generation moves on
        other_member.display_name = "Karim B."
        other_member.save(update_fields=["display_name"])
    assert "Karim B." in claire.get(url).text

    services.post_hide(moderator=moderator, post=reply, reason="Hors sujet")
    page = claire.get(url).text
    assert "Corrigé : 450 € la journée." not in page
    assert "This post was hidden by a moderator." in page


def test_a_fragment_is_keyed_by_language_and_timezone():
    template = Template(
        '{% load fragments i18n %}{% fragment "probe" 1 %}'
        '{% translate "Sign in" %} {{ moment|date:"H:i" }}{% endfragment %}'
    )
    moment = timezone.now().replace(hour=12, minute=0)
    shown = {}
    for language, zone in [("en", "UTC"), ("fr", "UTC"), ("en", "America/Toronto")]:
        with translation.override(language), timezone.override(zone):
            shown[language, zone] = template.render(Context({"moment": moment}))

    assert shown["en", "UTC"] != shown["fr", "UTC"]
    assert shown["en", "UTC"] != shown["en", "America/Toronto"]


@pytest.mark.parametrize(
    ("secret", "own"),
    [
        ("{% csrf_token %}", r'name="csrfmiddlewaretoken" value="(?P<token>\w{64})"'),
        ('<meta name="csrf-token" content="{{ csrf_token }}">', r'content="(?P<token>\w{64})"'),
        ('<script nonce="{{ csp_nonce }}"></script>', r'nonce="(?P<token>nonce-of-[\w-]+)"'),
    ],
)
def test_a_fragment_with_a_readers_secret_is_shared_with_each_readers_own(
    rf, member, other_member, secret, own
):
    template = Template(
        '{% load fragments %}{% fragment "secret" 1 %}'
        + secret
        + "rendered for {{ reader }}{% endfragment %}"
    )
    pagecache.current_generations([pagecache.SITE])  # the site's generation, started
    tokens, shown = [], []
    for one in [member, other_member]:
        request = rf.get("/")
        request.user = one
        request._csp_nonce = f"nonce-of-{one.username}"  # as the CSP middleware gives it
        page = template.render(RequestContext(request, {"reader": one.username}))
        tokens.append(re.search(own, page).group("token"))
        shown.append(page)

    # Rendered once, for the first reader, and shared; each reader has their own secret in it.
    assert shown[1].endswith(f"rendered for {member.username}")
    assert tokens[0] != tokens[1]
    if "nonce" in secret:
        assert tokens == [f"nonce-of-{member.username}", f"nonce-of-{other_member.username}"]
    assert "reader-secret" not in shown[0] + shown[1]


def test_a_fragment_with_a_form_is_rendered_for_a_page_without_a_token():
    template = Template(
        '{% load fragments %}{% fragment "form" 1 %}<form>{% csrf_token %}</form>{% endfragment %}'
    )
    assert template.render(Context({})) == "<form></form>"


def test_reader_state_costs_a_few_queries_and_none_for_visitors(
    topic, member, other_member, django_assert_num_queries
):
    posts = add_replies(topic, 3, [other_member])
    visitor = type("Visitor", (), {"is_authenticated": False})()

    with django_assert_num_queries(0):
        assert selectors.reader_state_for(visitor, posts=posts, topic=topic).liked_post_ids == (
            frozenset()
        )
    services.post_like_set(member=member, post=posts[1], liked=True)
    with django_assert_num_queries(2):  # likes and bookmarks, read states
        state = selectors.reader_state_for(member, posts=posts, topic=topic)
    assert state.liked_post_ids == {posts[1].pk}
    topic.refresh_from_db()
    with django_assert_num_queries(2):  # read states, board marks
        state = selectors.reader_state_for(member, topics=[topic])
    assert state.unread == {topic.pk: topic.last_post_number - 1}  # she wrote the first post


def test_another_member_starts_seeing_a_topic_as_new(category, other_member):
    late = seasoned_member()
    topic = make_topic(author=other_member, category=category)
    state = selectors.reader_state_for(late, topics=[topic])
    assert state.unread[topic.pk] == -1


def test_readers_in_the_same_relation_to_a_page_share_its_posts_and_no_one_else(
    topic, member, other_member
):
    reply = add_replies(topic, 1, [other_member])[0]
    posts = selectors.posts_page(user=member, topic=topic, page=1)
    stranger = seasoned_member()

    def shown(reader):
        state = selectors.reader_state_for(reader, posts=posts, topic=topic)
        return selectors.topic_posts_shown(topic=topic, posts=posts, reader=state, user=reader)

    # Claire wrote the first post, Karim the reply: each has a page of their own; a member who
    # wrote, liked and bookmarked none of them shares one with any other such member.
    assert len({shown(member), shown(other_member), shown(stranger)}) == 3
    assert shown(stranger) == shown(seasoned_member())
    before = shown(stranger)
    services.post_like_set(member=stranger, post=reply, liked=True)
    posts = selectors.posts_page(user=member, topic=topic, page=1)
    assert shown(stranger) != before  # liked by them, and one like more for everyone


def test_a_page_whose_posts_are_warm_reads_none_of_what_only_they_show(topic, member, other_member):
    """The authors' trades are read when the page's posts are rendered, not when their shared
    copy is served."""
    add_replies(topic, 2, [other_member])
    claire = signed_in(member)
    url = topic.get_absolute_url()
    pagecache.current_generations([pagecache.SITE])  # the site's generation, started

    with CaptureQueriesContext(connection) as cold:
        claire.get(url)
    with CaptureQueriesContext(connection) as warm:
        claire.get(url)

    def trades_read(queries):
        return [q for q in queries if "members_member_trades" in q["sql"]]

    assert len(trades_read(cold)) == 1
    assert trades_read(warm) == []


def test_a_topics_tags_are_read_again_only_when_the_topic_changed(
    topic, member, tag, django_capture_on_commit_callbacks
):
    claire = signed_in(member)
    url = topic.get_absolute_url()
    pagecache.current_generations([pagecache.SITE, page_cache.topic_scope(topic.pk)])
    claire.get(url)  # stored

    with CaptureQueriesContext(connection) as warm:
        page = claire.get(url).text
    assert not [q for q in warm if "forums_topic_tags" in q["sql"]]
    assert tag.name not in page

    with django_capture_on_commit_callbacks(execute=True):  # the topic's generation moves on
        topic.tags.add(tag)
    assert tag.name in claire.get(url).text
