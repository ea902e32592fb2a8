"""Each event's discussion is a forums topic: posting, Markdown and moderation are the forums'."""

import pytest
from django.urls import reverse

from events.models import Event
from forums import services as forum_services
from forums.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_flood_wait(monkeypatch):
    monkeypatch.setattr(forum_services, "MIN_SECONDS_BETWEEN_POSTS", 0)


def comment(client, event, body):
    return client.post(reverse("events:comment", args=[event.pk]), {"body": body})


def test_the_first_comment_opens_the_discussion_and_the_next_ones_join_it(
    client, event, member, other_member
):
    client.force_login(member)
    first = comment(client, event, "Qui vient en vélo ? On peut **se retrouver** à la gare.")
    client.force_login(other_member)
    comment(client, event, "Moi ! Rendez-vous à 18 h 30.")

    event.refresh_from_db()
    topic = event.discussion
    assert first.status_code == 302
    assert first["Location"].endswith("#comment-1")
    assert topic.category == Category.objects.get(slug="evenements")
    assert topic.author == member
    assert list(topic.posts.values_list("author", flat=True)) == [member.pk, other_member.pk]
    page = client.get(event.get_absolute_url()).content.decode()
    assert "<strong>se retrouver</strong>" in page
    assert "Rendez-vous à 18 h 30." in page
    assert topic.get_absolute_url() in page


def test_visitors_are_invited_to_sign_in_and_cannot_read_or_post(client, event, member):
    client.force_login(member)
    comment(client, event, "Bonjour à tous !")
    client.logout()
    event.refresh_from_db()

    page = client.get(event.get_absolute_url()).content.decode()
    assert "Bonjour à tous !" not in page
    assert reverse("account_login") in page
    assert client.get(event.discussion.get_absolute_url()).status_code == 404
    assert comment(client, event, "Spam").status_code == 302  # to the login page
    assert event.discussion.posts.count() == 1


def test_a_refused_comment_keeps_the_text_and_a_suspended_member_cannot_post(
    client, event, member, suspended_member, monkeypatch
):
    client.force_login(member)
    comment(client, event, "Premier message.")
    monkeypatch.setattr(forum_services, "MIN_SECONDS_BETWEEN_POSTS", 60)
    refused = comment(client, event, "Deuxième message tout de suite.")
    assert refused.status_code == 200
    assert "Deuxième message tout de suite." in refused.content.decode()

    client.force_login(suspended_member)
    assert comment(client, event, "Acheter des likes").status_code in {302, 403}
    assert (
        not Event.objects.get(pk=event.pk).discussion.posts.filter(author=suspended_member).exists()
    )


def test_a_hidden_comment_leaves_the_event_page(client, event, member, moderator):
    client.force_login(member)
    comment(client, event, "Message à masquer.")
    event.refresh_from_db()
    forum_services.post_hide(moderator=moderator, post=event.discussion.first_post)

    assert "Message à masquer." not in client.get(event.get_absolute_url()).content.decode()
