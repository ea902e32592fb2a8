"""Posts that members may not read (hidden by a moderator, deleted by their author, held for
approval, or in a hidden topic) reach nobody but the moderators (and a held post its author):
every address that names a post is a 404, and no list shows them.

Claire (``member``) reads; the invisible post is someone else's, and its text is ``SECRET``.
"""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from forums import services
from forums.models import Bookmark, Post, PostLike, Topic
from moderation.models import Report

from .conftest import make_topic, seasoned_member

pytestmark = pytest.mark.django_db

SECRET = "Mon IBAN est FR76 3000 6000 0112 3456 7890 189."
KINDS = ["hidden", "deleted", "held", "in a hidden topic"]


@pytest.fixture(params=KINDS)
def invisible(request, topic, other_member, moderator, new_member):
    """A post Claire may not read, of each kind, in her own topic or in one of Karim's."""
    kind = request.param
    if kind == "held":
        with override_settings(FORUMS_HOLD_FIRST_POSTS=1):
            return services.post_create(author=new_member, topic=topic, body=SECRET)
    if kind == "in a hidden topic":
        hidden_topic = make_topic(author=other_member, category=topic.category)
        post = services.post_create(author=seasoned_member(), topic=hidden_topic, body=SECRET)
        services.post_hide(moderator=moderator, post=hidden_topic.first_post, reason="Spam")
        return Post.objects.get(pk=post.pk)
    post = services.post_create(author=other_member, topic=topic, body=SECRET)
    if kind == "hidden":
        services.post_hide(moderator=moderator, post=post, reason="Coordonnées bancaires")
    else:
        services.post_delete(member=other_member, post=post)
    return Post.objects.get(pk=post.pk)


def written() -> dict:
    return {
        "posts": list(Post.objects.values_list("pk", "body", "is_deleted", "is_hidden", "status")),
        "likes": list(PostLike.objects.values_list("member", "post")),
        "bookmarks": list(Bookmark.objects.values_list("member", "post")),
        "reports": Report.objects.count(),
        "solutions": list(Topic.objects.values_list("pk", "solution")),
    }


def test_another_member_finds_an_invisible_post_nowhere(client, member, invisible):
    post = invisible.pk
    client.force_login(member)
    before = written()

    reads = {
        "permalink": reverse("forums:post", args=[post]),
        "report form": reverse("forums:post_report", args=[post]),
        "edit form": reverse("forums:post_edit", args=[post]),
    }
    for name, url in reads.items():
        response = client.get(url)
        assert response.status_code == 404, name
        assert SECRET not in response.text, name
    writes = {
        "like": ("forums:post_like", {"liked": "1"}),
        "unlike": ("forums:post_like", {"liked": "0"}),
        "bookmark": ("forums:post_bookmark", {"bookmarked": "1"}),
        "unbookmark": ("forums:post_bookmark", {"bookmarked": "0"}),
        "report": ("forums:post_report", {"reason": "spam"}),
        "edit": ("forums:post_edit", {"body": "Autre chose."}),
        "delete": ("forums:post_delete", {}),
        "accept": ("forums:post_solution", {"accept": "1"}),
    }
    for name, (route, data) in writes.items():
        for htmx in [{}, {"HTTP_HX_REQUEST": "true"}]:
            response = client.post(reverse(route, args=[post]), data, **htmx)
            assert response.status_code == 404, name
            assert SECRET not in response.text, name
    # The moderators' own pages are closed to members, whatever the post.
    for response in [
        client.get(reverse("forums:post_revisions", args=[post])),
        client.post(reverse("forums:post_moderate", args=[post]), {"action": "unhide"}),
    ]:
        assert response.status_code == 403
        assert SECRET not in response.text
    # Quoted in a reply: nothing goes in the reply box (nor anywhere on the page).
    quoted = client.get(invisible.topic.get_absolute_url(), {"quote": post})
    assert SECRET not in quoted.text
    assert written() == before


def test_the_moderators_still_open_an_invisible_post(client, moderator, invisible):
    client.force_login(moderator)
    report_form = client.get(reverse("forums:post_report", args=[invisible.pk]))
    assert report_form.status_code == 200
    assert SECRET in report_form.text
    permalink = client.get(reverse("forums:post", args=[invisible.pk]))
    assert permalink.status_code == 302
    assert permalink["Location"] == invisible.get_location_url()
    assert client.get(reverse("forums:post_revisions", args=[invisible.pk])).status_code == 200
    assert client.get(reverse("forums:post_edit", args=[invisible.pk])).status_code == 200

    # They read it on its topic's page; a post members cannot see has no like nor bookmark
    # button (the services would refuse them).
    page = client.get(invisible.topic.get_absolute_url()).text
    assert SECRET in page
    if not invisible.is_visible:
        assert reverse("forums:post_like", args=[invisible.pk]) not in page
        assert reverse("forums:post_bookmark", args=[invisible.pk]) not in page


def test_a_report_of_a_visible_post_still_shows_it(client, member, topic):
    client.force_login(member)
    reply = topic.posts.get(number=2)
    response = client.get(reverse("forums:post_report", args=[reply.pk]))
    assert response.status_code == 200
    assert reply.body in response.text


@override_settings(FORUMS_HOLD_FIRST_POSTS=1)
def test_the_author_of_a_held_post_still_opens_it(client, new_member, topic):
    held = services.post_create(author=new_member, topic=topic, body=SECRET)
    client.force_login(new_member)
    assert client.get(reverse("forums:post", args=[held.pk])).status_code == 302
    edit = client.get(reverse("forums:post_edit", args=[held.pk]))
    assert edit.status_code == 200 and SECRET in edit.text


def test_deleting_ones_reply_leads_back_to_its_place_without_its_text(
    client, member, other_member, topic
):
    mine = services.post_create(author=other_member, topic=topic, body=SECRET)
    client.force_login(other_member)

    deleted = client.post(reverse("forums:post_delete", args=[mine.pk]))

    assert deleted.status_code == 302
    assert deleted["Location"] == f"{topic.get_absolute_url()}#post-{mine.number}"
    page = client.get(deleted["Location"]).text
    assert "Your post has been deleted." in page
    assert "This post was deleted by its author." in page and SECRET not in page
    # Its permalink is gone for its author too; a second delete finds nothing.
    assert client.get(reverse("forums:post", args=[mine.pk])).status_code == 404
    assert client.post(reverse("forums:post_delete", args=[mine.pk])).status_code == 404


def test_quoting_a_post_hidden_since_puts_nothing_in_the_reply(
    client, member, other_member, moderator, topic
):
    reply = services.post_create(author=other_member, topic=topic, body=SECRET)
    client.force_login(member)
    quoted = client.get(topic.get_absolute_url(), {"quote": reply.pk}).text
    assert f"&gt; {SECRET}" in quoted

    services.post_hide(moderator=moderator, post=reply, reason="Coordonnées bancaires")

    quoted = client.get(topic.get_absolute_url(), {"quote": reply.pk}).text
    assert SECRET not in quoted
    assert re.search(r'<textarea[^>]*name="body"[^>]*>\s*</textarea>', quoted)
    client.force_login(moderator)  # a moderator's reply would show it to everyone: no quote
    assert SECRET not in textarea_of(client.get(topic.get_absolute_url(), {"quote": reply.pk}))


def textarea_of(response) -> str:
    match = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', response.text, re.S)
    assert match
    return match.group(1)


def test_bookmarks_of_posts_that_became_invisible_leave_the_list(
    client, member, other_member, moderator, topic
):
    readers_topic = make_topic(author=other_member, category=topic.category)
    texts = {
        "kept": "Un devis en trois lignes, pas plus.",
        "hidden": "Mon IBAN, pour ceux qui veulent payer.",
        "deleted": "Mon adresse personnelle, finalement non.",
        "in a hidden topic": "Ma réponse dans un sujet masqué ensuite.",
    }
    posts = {
        name: services.post_create(
            author=other_member,
            topic=readers_topic if name == "in a hidden topic" else topic,
            body=body,
        )
        for name, body in texts.items()
    }
    client.force_login(member)
    for post in posts.values():
        response = client.post(reverse("forums:post_bookmark", args=[post.pk]), {"bookmarked": "1"})
        assert response.status_code == 302
    listed = client.get(reverse("forums:bookmarks")).text
    assert all(body in listed for body in texts.values())

    services.post_hide(moderator=moderator, post=posts["hidden"])
    services.post_delete(member=other_member, post=posts["deleted"])
    services.post_hide(moderator=moderator, post=readers_topic.first_post)

    response = client.get(reverse("forums:bookmarks"))
    assert [bookmark.post_id for bookmark in response.context["bookmarks"]] == [posts["kept"].pk]
    assert texts["kept"] in response.text
    for name in ["hidden", "deleted", "in a hidden topic"]:
        assert texts[name] not in response.text, name
    assert readers_topic.title not in response.text

    # Shown again by a moderator, the post is back in the list: the bookmark was kept.
    services.post_unhide(moderator=moderator, post=Post.objects.get(pk=posts["hidden"].pk))
    assert texts["hidden"] in client.get(reverse("forums:bookmarks")).text


def test_a_deleted_topic_stays_hidden_when_a_moderator_unhides_its_first_post(
    client, member, other_member, moderator, category
):
    topic = make_topic(author=other_member, category=category, body=SECRET)
    services.post_delete(member=other_member, post=topic.first_post)
    services.post_hide(moderator=moderator, post=Post.objects.get(pk=topic.first_post_id))

    services.post_unhide(moderator=moderator, post=Post.objects.get(pk=topic.first_post_id))

    topic.refresh_from_db()
    assert topic.is_hidden
    client.force_login(member)
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert topic.title not in client.get(category.get_absolute_url()).text


def test_a_shown_topic_whose_first_post_is_invisible_keeps_its_text_out_of_its_page_and_feed(
    client, other_member, category
):
    """A topic shown while its first post is deleted (as an unhide did before it kept such a
    topic hidden): its page and the feeds name it, never with that post's text."""
    topic = make_topic(author=other_member, category=category, body=SECRET)
    services.post_delete(member=other_member, post=topic.first_post)
    Topic.objects.filter(pk=topic.pk).update(is_hidden=False)

    page = client.get(topic.get_absolute_url())
    assert page.status_code == 200
    assert topic.title in page.text and SECRET not in page.text
    for feed in [reverse("forums:feed"), reverse("forums:category_feed", args=[category.slug])]:
        response = client.get(feed)
        assert topic.title in response.text and SECRET not in response.text
