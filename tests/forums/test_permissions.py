"""Who may do what: every write of the forums, tried by a visitor, a member, the author, a
moderator and a suspended member, checking both the answer and that nothing changed when refused.
"""

import pytest
from django.test import override_settings
from django.urls import reverse

from forums import services
from forums.models import (
    Bookmark,
    CategoryReadMark,
    CategoryWatch,
    Draft,
    Post,
    PostLike,
    TagWatch,
    Topic,
    TopicReadState,
)
from forums.permissions import can_accept_solution, can_edit_post, can_moderate, can_post
from moderation.models import ModerationAction, Report

from .conftest import make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def writes(question, questions, tag):
    """Every write endpoint, with its POST data. Claire asked the question; Karim wrote #2."""
    first = question.first_post
    karims = question.posts.get(number=2)
    return {
        "new topic": (
            reverse("forums:topic_new"),
            {"category": questions.slug, "title": "Une nouvelle question", "body": "Texte."},
        ),
        "reply": (reverse("forums:reply", args=[question.pk]), {"body": "Une réponse."}),
        "edit own": (
            reverse("forums:post_edit", args=[first.pk]),
            {
                "title": question.title,
                "body": "Texte modifié.",
                "reason": "",
            },
        ),
        "edit other's": (
            reverse("forums:post_edit", args=[karims.pk]),
            {"body": "Texte modifié.", "reason": "Correction"},
        ),
        "delete other's": (reverse("forums:post_delete", args=[karims.pk]), {}),
        "like": (reverse("forums:post_like", args=[karims.pk]), {"liked": "1"}),
        "bookmark": (reverse("forums:post_bookmark", args=[karims.pk]), {"bookmarked": "1"}),
        "accept": (reverse("forums:post_solution", args=[karims.pk]), {"accept": "1"}),
        "notifications": (reverse("forums:topic_level", args=[question.pk]), {"level": "muted"}),
        "mark read": (reverse("forums:category_mark_read", args=[questions.slug]), {}),
        "watch category": (reverse("forums:category_watch", args=[questions.slug]), {}),
        "watch tag": (reverse("forums:tag_watch", args=[tag.slug]), {}),
        "draft": (reverse("forums:draft_save"), {"topic": question.pk, "body": "En cours…"}),
        "report": (reverse("forums:post_report", args=[karims.pk]), {"reason": "spam"}),
        "moderate topic": (
            reverse("forums:topic_moderate", args=[question.pk]),
            {"action": "lock"},
        ),
        "moderate post": (reverse("forums:post_moderate", args=[karims.pk]), {"action": "hide"}),
    }


def written() -> dict:
    """A snapshot of everything the writes above could change."""
    return {
        "topics": Topic.objects.count(),
        "posts": list(Post.objects.values_list("pk", "body", "is_deleted", "is_hidden")),
        "solutions": list(Topic.objects.values_list("solution", "is_locked")),
        "likes": PostLike.objects.count(),
        "bookmarks": Bookmark.objects.count(),
        "levels": list(TopicReadState.objects.values_list("member", "notification_level")),
        "marks": CategoryReadMark.objects.count(),
        "watches": CategoryWatch.objects.count() + TagWatch.objects.count(),
        "drafts": Draft.objects.count(),
        "reports": Report.objects.count(),
        "log": ModerationAction.objects.count(),
    }


def test_visitors_are_sent_to_sign_in_and_change_nothing(client, writes):
    before = written()
    for name, (url, data) in writes.items():
        response = client.post(url, data)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name
    assert written() == before
    # Reading needs no account; the preview renders without saving anything.
    assert client.post(reverse("forums:preview"), {"body": "**Gras**"}).status_code == 200


def test_a_suspended_member_is_refused_everything(client, suspended_member, writes, question):
    before = written()
    for name, (url, data) in writes.items():
        client.force_login(suspended_member)
        response = client.post(url, data)
        assert response.status_code == 403, name
        assert "Your account is suspended" in response.content.decode(), name
    assert written() == before
    assert not can_post(suspended_member)
    assert not can_edit_post(suspended_member, question.first_post)


def test_the_author_writes_everything_members_may(client, member, writes, question, tag):
    client.force_login(member)
    statuses = {name: client.post(url, data).status_code for name, (url, data) in writes.items()}

    assert statuses == {
        "new topic": 302,
        "reply": 302,
        "edit own": 302,
        "edit other's": 403,
        "delete other's": 403,
        "like": 302,
        "bookmark": 302,
        "accept": 302,
        "notifications": 302,
        "mark read": 302,
        "watch category": 302,
        "watch tag": 302,
        "draft": 204,
        "report": 302,
        "moderate topic": 403,
        "moderate post": 403,
    }
    question.refresh_from_db()
    karims = question.posts.get(number=2)
    assert Topic.objects.filter(title="Une nouvelle question").exists()
    assert question.posts.filter(body="Une réponse.").exists()
    assert question.first_post.body == "Texte modifié."
    assert karims.body != "Texte modifié." and not karims.is_deleted and not karims.is_hidden
    assert (karims.like_count, question.solution) == (1, karims)
    assert Bookmark.objects.filter(member=member, post=karims).exists()
    assert TopicReadState.objects.get(member=member, topic=question).notification_level == "muted"
    assert CategoryReadMark.objects.filter(member=member).exists()
    assert CategoryWatch.objects.filter(member=member).exists()
    assert TagWatch.objects.filter(member=member, tag=tag).exists()
    assert Report.objects.get().reporter == member
    assert not question.is_locked
    assert not ModerationAction.objects.exists()


def test_another_member_may_not_touch_the_authors_question(client, other_member, member, question):
    """Karim: not the asker, so no accepting; not Claire, so no editing or deleting her post."""
    client.force_login(other_member)
    first = question.first_post
    karims = question.posts.get(number=2)
    sophies = question.posts.get(number=3)

    accept = client.post(reverse("forums:post_solution", args=[sophies.pk]), {"accept": "1"})
    edit = client.post(reverse("forums:post_edit", args=[first.pk]), {"body": "Vandalisme."})
    delete = client.post(reverse("forums:post_delete", args=[first.pk]))
    own_like = client.post(
        reverse("forums:post_like", args=[karims.pk]), {"liked": "1"}, follow=True
    )
    own_report = client.get(reverse("forums:post_report", args=[karims.pk]))

    assert (accept.status_code, edit.status_code, delete.status_code) == (403, 403, 403)
    assert own_report.status_code == 403
    assert "You cannot like your own post." in own_like.content.decode()
    question.refresh_from_db()
    first.refresh_from_db()
    karims.refresh_from_db()
    assert question.solution is None
    assert first.body == "Je lance mon activité de traduction, quel statut choisir ?"
    assert not first.is_deleted
    assert karims.like_count == 0
    # Liking others' posts, on the other hand, is his to do, and taking the like back.
    like = reverse("forums:post_like", args=[first.pk])
    client.post(like, {"liked": "1"})
    first.refresh_from_db()
    assert first.like_count == 1
    client.post(like, {"liked": "0"})
    first.refresh_from_db()
    assert first.like_count == 0


def test_the_author_deletes_her_own_reply_but_not_a_question_that_has_answers(
    client, member, question
):
    client.force_login(member)
    mine = services.post_create(author=member, topic=question, body="Merci à vous deux !")

    refused = client.post(reverse("forums:post_delete", args=[question.first_post_id]), follow=True)
    done = client.post(reverse("forums:post_delete", args=[mine.pk]))

    assert "Others have replied" in refused.content.decode()
    assert not Post.objects.get(pk=question.first_post_id).is_deleted
    assert done.status_code == 302
    assert Post.objects.get(pk=mine.pk).is_deleted
    # Already deleted: there is nothing left to delete, nor to see.
    assert client.post(reverse("forums:post_delete", args=[mine.pk])).status_code == 404


def test_a_moderator_moderates_and_edits_others_posts_with_a_reason(
    client, moderator, writes, question
):
    client.force_login(moderator)
    karims = question.posts.get(number=2)
    url, data = writes["edit other's"]

    no_reason = client.post(url, {"body": "Texte modifié.", "reason": ""})
    assert no_reason.status_code == 200
    assert no_reason.context["form"].errors["reason"]
    assert client.post(url, data).status_code == 302
    accepted = client.post(*writes["accept"])
    locked = client.post(*writes["moderate topic"])
    hidden = client.post(*writes["moderate post"])

    assert (accepted.status_code, locked.status_code, hidden.status_code) == (302, 302, 302)
    question.refresh_from_db()
    karims.refresh_from_db()
    assert (karims.body, karims.is_hidden) == ("Texte modifié.", True)
    # Hiding the accepted answer leaves the question open again.
    assert question.is_locked and question.solution is None
    assert list(ModerationAction.objects.order_by("pk").values_list("kind", "actor", "member")) == [
        ("edit", moderator.pk, karims.author_id),
        ("lock", moderator.pk, question.author_id),
        ("hide", moderator.pk, karims.author_id),
    ]
    assert karims.revisions.get().reason == "Correction"
    revisions = client.get(reverse("forums:post_revisions", args=[karims.pk]))
    assert revisions.status_code == 200
    assert "Correction" in revisions.content.decode()


def test_members_see_no_moderation_pages(member_client, question):
    karims = question.posts.get(number=2)
    assert member_client.get(reverse("forums:post_revisions", args=[karims.pk])).status_code == 403
    for action in ["pin", "move", "unlock"]:
        response = member_client.post(
            reverse("forums:topic_moderate", args=[question.pk]), {"action": action}
        )
        assert response.status_code == 403
    for action in ["hide", "unhide", "approve"]:
        response = member_client.post(
            reverse("forums:post_moderate", args=[karims.pk]), {"action": action}
        )
        assert response.status_code == 403
    assert not ModerationAction.objects.exists()


def test_accepting_an_answer_only_in_question_boards_and_never_the_question(
    client, member, topic, question
):
    client.force_login(member)
    not_a_question = client.post(
        reverse("forums:post_solution", args=[topic.posts.get(number=2).pk])
    )
    the_question = client.post(
        reverse("forums:post_solution", args=[question.first_post_id]), follow=True
    )

    assert not_a_question.status_code == 403
    assert "Only a visible reply to this question can be the answer." in (
        the_question.content.decode()
    )
    assert not Topic.objects.filter(solution__isnull=False).exists()
    assert not can_accept_solution(member, topic)
    assert can_accept_solution(member, question)


def test_members_only_boards_are_not_found_by_visitors(client, member, private_category):
    topic = make_topic(author=member, category=private_category, replies=1)
    reply = topic.posts.get(number=2)
    urls = [
        private_category.get_absolute_url(),
        reverse("forums:category_feed", args=[private_category.slug]),
        topic.get_absolute_url(),
        reverse("forums:topic_short", args=[topic.pk]),
        reverse("forums:post", args=[reply.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    index = client.get(reverse("forums:index")).content.decode()
    assert private_category.name not in index

    client.force_login(member)
    assert client.get(private_category.get_absolute_url()).status_code == 200
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert private_category.name in client.get(reverse("forums:index")).content.decode()


def test_a_hidden_topic_is_not_found_except_by_moderators(
    client, member, other_member, moderator, topic
):
    services.post_hide(moderator=moderator, post=topic.first_post, reason="Spam")
    url = topic.get_absolute_url()
    reply_url = reverse("forums:reply", args=[topic.pk])

    assert client.get(url).status_code == 404
    for reader in [member, other_member]:  # its author included
        client.force_login(reader)
        assert client.get(url).status_code == 404
        assert client.post(reply_url, {"body": "Toujours là ?"}).status_code == 404
        assert client.get(reverse("forums:post", args=[topic.first_post_id])).status_code == 404
    client.force_login(moderator)
    page = client.get(url)
    assert page.status_code == 200
    assert "Hidden by a moderator: members do not see it." in page.content.decode()


@override_settings(FORUMS_HOLD_FIRST_POSTS=1)
def test_a_held_post_is_seen_only_by_its_author_and_the_moderators(
    client, new_member, other_member, moderator, topic
):
    held = services.post_create(author=new_member, topic=topic, body="Mon premier message ici.")
    url = topic.get_absolute_url()
    permalink = reverse("forums:post", args=[held.pk])

    for reader in [None, other_member]:
        if reader:
            client.force_login(reader)
        assert "Mon premier message ici." not in client.get(url).content.decode()
        assert client.get(permalink).status_code == 404
    for reader in [new_member, moderator]:
        client.force_login(reader)
        page = client.get(url).content.decode()
        assert "Mon premier message ici." in page
        assert "Awaiting a moderator" in page
        assert client.get(permalink).status_code == 302


def test_moderator_rights_come_from_the_group_not_from_being_staff(moderator, member):
    assert can_moderate(moderator) and not moderator.is_superuser
    member.is_staff = True
    member.save()
    assert not can_moderate(member)
    moderator.is_active = False
    assert not can_moderate(moderator)
