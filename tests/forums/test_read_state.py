"""Read state: one row per member and topic, moved forward by reading, shown as “N unread” or
“New” in the lists, and the jumps to the first unread post and to any post's page."""

from datetime import timedelta

import pytest
from django.urls import reverse

from forums import services
from forums.models import Topic, TopicReadState

from .conftest import add_replies, make_topic, seasoned_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_topic(other_member, category):
    """Karim's topic of 45 posts: pages of 20, 20 and 5."""
    topic = make_topic(author=other_member, category=category, title="Le grand fil des TJM")
    add_replies(topic, 44, [other_member])
    topic.refresh_from_db()
    return topic


def row_for(topic, member) -> str:
    """The topic's row in its category's list, as the member sees it."""
    from django.test import Client

    client = Client(headers={"accept-language": "en"})
    client.force_login(member)
    page = client.get(topic.category.get_absolute_url()).content.decode()
    start = page.index(f'href="{topic.get_absolute_url()}"')
    return page[page.rindex("<li", 0, start) : page.index("</li>", start)]


def test_reading_a_page_marks_read_up_to_its_last_post(client, member, long_topic):
    client.force_login(member)
    url = long_topic.get_absolute_url()

    client.get(url)
    state = TopicReadState.objects.get(member=member, topic=long_topic)
    assert state.last_read_number == 20
    assert (state.has_posted, state.notification_level) == (False, "normal")

    client.get(url, {"page": 3})
    state.refresh_from_db()
    assert state.last_read_number == 45
    client.get(url, {"page": 2})  # going back does not unread anything
    state.refresh_from_db()
    assert state.last_read_number == 45
    assert TopicReadState.objects.filter(member=member).count() == 1


def test_visitors_leave_no_read_state(client, long_topic):
    before = list(TopicReadState.objects.values_list("pk", "last_read_number"))
    client.get(long_topic.get_absolute_url())
    assert list(TopicReadState.objects.values_list("pk", "last_read_number")) == before
    first_unread = client.get(reverse("forums:first_unread", args=[long_topic.pk]))
    assert first_unread["Location"].startswith(reverse("account_login"))


def test_jump_to_the_first_unread_post(client, member, long_topic):
    client.force_login(member)
    jump = reverse("forums:first_unread", args=[long_topic.pk])
    url = long_topic.get_absolute_url()

    assert client.get(jump)["Location"] == f"{url}#post-1"  # never opened

    page = client.get(url).content.decode()  # reads 1–20
    assert "Jump to the first unread post" not in page  # the row was just created
    page = client.get(url).content.decode()
    assert "Jump to the first unread post" in page
    assert client.get(jump)["Location"] == f"{url}?page=2#post-21"

    client.get(url, {"page": 3})
    assert client.get(jump)["Location"] == f"{url}?page=3#post-45"  # all read: the last one
    assert "Jump to the first unread post" not in client.get(url).content.decode()


def test_lists_mark_unread_and_new_topics_and_mark_all_read_clears_them(
    client, member, other_member, long_topic, category
):
    fresh = make_topic(author=other_member, category=category, title="Un sujet tout neuf")
    before_joining = make_topic(author=other_member, category=category, title="Un sujet ancien")
    long_ago = member.date_joined - timedelta(days=1)
    Topic.objects.filter(pk=before_joining.pk).update(last_post_at=long_ago)

    client.force_login(member)
    client.get(long_topic.get_absolute_url())  # reads 1–20 of 45

    assert "25 unread" in row_for(long_topic, member)
    assert "topic-unread" in row_for(long_topic, member)
    assert ">New</span>" in row_for(fresh, member)
    old_row = row_for(before_joining, member)
    assert "New" not in old_row and "unread" not in old_row

    response = client.post(reverse("forums:category_mark_read", args=[category.slug]))
    assert response["Location"] == category.get_absolute_url()
    for topic in [long_topic, fresh]:
        row = row_for(topic, member)
        assert "unread" not in row and ">New</span>" not in row

    # Activity after the mark shows again: as new in a topic never opened, as unread otherwise.
    services.post_create(author=other_member, topic=fresh, body="Du nouveau ici.")
    services.post_create(author=other_member, topic=long_topic, body="Du nouveau là.")
    assert ">New</span>" in row_for(fresh, member)
    assert "26 unread" in row_for(long_topic, member)
    # Visitors see no marks at all.
    client.logout()
    page = client.get(category.get_absolute_url()).content.decode()
    assert "unread" not in page and ">New</span>" not in page


def test_ones_own_posts_count_as_read(client, member, long_topic):
    services.post_create(author=member, topic=long_topic, body="Je lis tout d’un coup.")
    state = TopicReadState.objects.get(member=member, topic=long_topic)
    assert (state.last_read_number, state.has_posted, state.notification_level) == (
        46,
        True,
        "watching",
    )
    assert "unread" not in row_for(long_topic, member)


def test_a_post_permalink_opens_the_page_it_is_on(client, long_topic):
    url = long_topic.get_absolute_url()
    expected_pages = {1: "", 20: "", 21: "?page=2", 45: "?page=3"}
    for number, page in expected_pages.items():
        expected = f"{url}{page}#post-{number}"
        post = long_topic.posts.get(number=number)
        response = client.get(reverse("forums:post", args=[post.pk]))
        assert response.status_code == 302
        assert response["Location"] == expected
        assert post.get_absolute_url() == reverse("forums:post", args=[post.pk])

    page = client.get(url, {"page": 3})
    assert [p.number for p in page.context["posts"]] == [41, 42, 43, 44, 45]
    assert client.get(reverse("forums:post", args=[999999])).status_code == 404


def test_category_read_marks_are_per_member(client, member, category, long_topic):
    someone_else = seasoned_member()
    client.force_login(member)
    client.post(reverse("forums:category_mark_read", args=[category.slug]))

    assert ">New</span>" not in row_for(long_topic, member)
    assert ">New</span>" in row_for(long_topic, someone_else)


def test_replies_held_or_hidden_after_the_last_read_are_not_unread(
    client, member, moderator, new_member, long_topic, settings
):
    client.force_login(member)
    client.get(long_topic.get_absolute_url(), {"page": 3})  # read to the end, #45
    settings.FORUMS_HOLD_FIRST_POSTS = 1
    services.post_create(author=new_member, topic=long_topic, body="Mon premier message ici.")
    hidden = services.post_create(
        author=moderator, topic=long_topic, body="Une réponse bientôt masquée."
    )
    services.post_hide(moderator=moderator, post=hidden, reason="Doublon")

    row = row_for(long_topic, member)
    assert "unread" not in row and "topic-unread" not in row

    services.post_create(author=moderator, topic=long_topic, body="Une réponse visible.")
    assert "3 unread" in row_for(long_topic, member)  # counted up to the last visible post
