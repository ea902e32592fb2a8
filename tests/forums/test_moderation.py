"""Moderation of the forums, from the topic page and from the admin, by a moderator who is not a
superuser: every action goes through the services, changes the counters and is logged."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from forums import services
from forums.models import Post, Topic
from moderation.models import ModerationAction, Report
from moderation.services import report_create
from tests.factories import CategoryFactory

from .conftest import make_topic

pytestmark = pytest.mark.django_db

REPORTS = reverse("admin:moderation_report_changelist")
POSTS = reverse("admin:forums_post_changelist")
TOPICS = reverse("admin:forums_topic_changelist")
LOG = reverse("admin:moderation_moderationaction_changelist")


def admin_action(client, changelist, action, objects, **data):
    return client.post(
        changelist,
        {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects], **data},
        follow=True,
    )


def logged(**filters) -> list[tuple]:
    return list(
        ModerationAction.objects.filter(**filters)
        .order_by("pk")
        .values_list("kind", "actor__username", "member__username", "target_id", "reason")
    )


@pytest.fixture
def spam(other_member, topic):
    """Karim's reply in Claire's topic, full of advertising."""
    post = topic.posts.get(number=2)
    Post.objects.filter(pk=post.pk).update(body="Achetez mes formations !")
    post.refresh_from_db()
    return post


# --- From the topic page ---------------------------------------------------------------------


def test_a_moderator_hides_and_unhides_a_post_from_the_topic_page(
    client, moderator, member, spam, topic, category
):
    client.force_login(moderator)
    url = reverse("forums:post_moderate", args=[spam.pk])
    page = client.get(topic.get_absolute_url()).content.decode()
    assert f'action="{url}"' in page and 'value="hide"' in page

    response = client.post(url, {"action": "hide", "reason": "Publicité"}, follow=True)

    assert "The post is hidden." in response.content.decode()
    assert "Hidden by a moderator: members do not see it." in response.content.decode()
    spam.refresh_from_db()
    topic.refresh_from_db()
    category.refresh_from_db()
    assert spam.is_hidden
    assert (topic.reply_count, category.post_count) == (0, 1)
    assert logged() == [("hide", "sophie", "karim", spam.pk, "Publicité")]
    client.force_login(member)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "This post was hidden by a moderator." in page
    assert "Achetez mes formations" not in page

    client.force_login(moderator)
    client.post(url, {"action": "unhide", "reason": "Erreur"})
    spam.refresh_from_db()
    topic.refresh_from_db()
    assert not spam.is_hidden and topic.reply_count == 1
    assert logged()[-1] == ("unhide", "sophie", "karim", spam.pk, "Erreur")


def test_lock_pin_and_move_from_the_topic_page(
    client, moderator, member, other_member, topic, category
):
    target = CategoryFactory(name="Entraide entre pairs", slug="entraide-pairs")
    make_topic(author=other_member, category=category, title="Un autre sujet du forum")
    client.force_login(moderator)
    url = reverse("forums:topic_moderate", args=[topic.pk])

    for action in ["lock", "pin"]:
        assert client.post(url, {"action": action, "reason": "Clos"}).status_code == 302
    listing = client.get(category.get_absolute_url()).context["page_obj"].object_list
    assert listing[0] == topic  # pinned first though older

    client.force_login(member)
    refused = client.post(reverse("forums:reply", args=[topic.pk]), {"body": "Encore moi."})
    assert "This topic is locked" in refused.content.decode()
    client.force_login(moderator)

    no_board = client.post(url, {"action": "move"}, follow=True)
    assert "Choose the board to move the topic to." in no_board.content.decode()
    response = client.post(url, {"action": "move", "category": target.slug}, follow=True)
    assert "The topic has been moved." in response.content.decode()

    topic.refresh_from_db()
    category.refresh_from_db()
    target.refresh_from_db()
    assert topic.category == target and topic.is_locked and topic.is_pinned
    assert (category.topic_count, category.post_count) == (1, 1)
    assert (target.topic_count, target.post_count, target.last_post) == (1, 2, topic.last_post)
    assert [row[:3] for row in logged()] == [
        ("lock", "sophie", "claire"),
        ("pin", "sophie", "claire"),
        ("move", "sophie", "claire"),
    ]
    assert logged()[-1][4] == "Tarifs de rédaction → Entraide entre pairs"


@override_settings(FORUMS_HOLD_FIRST_POSTS=1)
def test_a_moderator_approves_a_held_post_from_the_topic_page(
    client, moderator, new_member, topic, category
):
    held = services.post_create(author=new_member, topic=topic, body="Bonjour, je débute.")
    client.force_login(moderator)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert 'value="approve"' in page

    response = client.post(reverse("forums:post_moderate", args=[held.pk]), {"action": "approve"})

    assert response.status_code == 302
    held.refresh_from_db()
    topic.refresh_from_db()
    category.refresh_from_db()
    assert held.status == Post.Status.PUBLISHED
    assert (topic.reply_count, topic.last_post, category.post_count) == (2, held, 3)
    assert logged() == [("approve", "sophie", "nina", held.pk, "")]


# --- From the admin --------------------------------------------------------------------------


def test_the_moderator_is_no_superuser_yet_reaches_every_forum_admin_page(
    client, moderator, spam, topic
):
    services.post_edit(editor=moderator, post=spam, body="Texte modéré.", reason="Publicité")
    client.force_login(moderator)
    assert not moderator.is_superuser
    pages = [
        reverse("admin:index"),
        REPORTS,
        LOG,
        POSTS,
        TOPICS,
        reverse("admin:forums_post_change", args=[spam.pk]),
        reverse("admin:forums_topic_change", args=[topic.pk]),
        reverse("admin:forums_category_changelist"),
        reverse("admin:forums_tag_changelist"),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url

    # The post's page in the admin shows its edit history.
    post_page = client.get(reverse("admin:forums_post_change", args=[spam.pk]))
    assert "Publicité" in post_page.content.decode()
    assert "Achetez mes formations" in post_page.content.decode()


def test_members_have_no_forum_admin(member_client, spam):
    for url in [POSTS, TOPICS, LOG]:
        response = member_client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    admin_action(member_client, POSTS, "hide", [spam])
    spam.refresh_from_db()
    assert not spam.is_hidden


def test_admin_actions_hide_unhide_and_approve_posts(
    client, moderator, spam, topic, category, new_member
):
    client.force_login(moderator)
    first = topic.first_post

    response = admin_action(client, POSTS, "hide", [spam, first])
    assert "2 posts hidden." in response.content.decode()
    topic.refresh_from_db()
    category.refresh_from_db()
    assert topic.is_hidden
    assert (category.topic_count, category.post_count, category.last_post) == (0, 0, None)

    response = admin_action(client, POSTS, "unhide", [spam, first])
    assert "2 posts visible again." in response.content.decode()
    topic.refresh_from_db()
    category.refresh_from_db()
    assert not topic.is_hidden
    assert (topic.reply_count, category.topic_count, category.post_count) == (1, 1, 2)
    assert category.last_post == spam
    assert [row[0] for row in logged()] == ["hide", "hide", "unhide", "unhide"]

    with override_settings(FORUMS_HOLD_FIRST_POSTS=1):
        held = services.post_create(author=new_member, topic=topic, body="Bonjour !")
    response = admin_action(client, POSTS, "approve", [held, spam])
    assert "1 post approved." in response.content.decode()
    held.refresh_from_db()
    assert held.status == Post.Status.PUBLISHED


def test_admin_actions_lock_pin_and_move_topics(client, moderator, topic, category):
    target = CategoryFactory(name="Entraide entre pairs")
    client.force_login(moderator)

    assert "1 topic locked." in admin_action(client, TOPICS, "lock", [topic]).content.decode()
    assert "1 topic pinned." in admin_action(client, TOPICS, "pin", [topic]).content.decode()
    form = admin_action(client, TOPICS, "move", [topic])
    assert "Move topics" in form.content.decode()
    moved = admin_action(
        client, TOPICS, "move", [topic], category=target.pk, reason="Mieux là", apply="Move"
    )
    assert "1 topic moved." in moved.content.decode()

    topic.refresh_from_db()
    target.refresh_from_db()
    category.refresh_from_db()
    assert (topic.is_locked, topic.is_pinned, topic.category) == (True, True, target)
    assert (category.topic_count, category.post_count, category.last_post) == (0, 0, None)
    assert (target.topic_count, target.post_count) == (1, 2)
    assert logged()[-1] == ("move", "sophie", "claire", topic.pk, "Mieux là")


def test_the_moderation_log_lists_every_action_in_the_admin(client, moderator, spam, topic):
    services.post_hide(moderator=moderator, post=spam, reason="Publicité")
    services.topic_flag_set(moderator=moderator, topic=topic, action="lock", reason="Clos")
    client.force_login(moderator)

    response = client.get(LOG)

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [(a.kind, a.actor, a.member, a.target) for a in rows] == [
        ("lock", moderator, topic.author, topic),
        ("hide", moderator, spam.author, spam),
    ]
    page = response.content.decode()
    assert "Publicité" in page and "Clos" in page
    filtered = client.get(LOG, {"kind__exact": "hide"}).context["cl"].result_list
    assert [a.kind for a in filtered] == ["hide"]


# --- The moderation queue --------------------------------------------------------------------


@pytest.fixture
def report(member, spam):
    return report_create(reporter=member, target=spam, reason="spam", note="Pub déguisée.")


def test_the_queue_lists_a_reported_post_and_hides_it_with_the_moderators_reason(
    client, moderator, report, spam, topic, category
):
    client.force_login(moderator)
    queue = client.get(REPORTS)
    assert list(queue.context["cl"].result_list) == [report]
    assert spam.get_absolute_url() in queue.content.decode()
    assert str(spam) in queue.content.decode()

    form = admin_action(client, REPORTS, "hide_reported_content", [report])
    assert form.context["form"]["reason"].value() == "Spam or advertising"
    response = admin_action(
        client, REPORTS, "hide_reported_content", [report],
        reason="Publicité pour des formations, hors sujet ici.", apply="1",
    )  # fmt: skip

    assert "1 piece of content hidden." in response.content.decode()
    spam.refresh_from_db()
    report.refresh_from_db()
    topic.refresh_from_db()
    assert spam.is_hidden and topic.reply_count == 0
    assert (report.status, report.handled_by) == (Report.Status.RESOLVED, moderator)
    reason = "Publicité pour des formations, hors sujet ici."
    assert logged() == [("hide", "sophie", "karim", spam.pk, reason)]


def test_warning_the_author_emails_and_logs(client, moderator, report, other_member, spam):
    client.force_login(moderator)
    form = admin_action(client, REPORTS, "warn_authors", [report])
    assert "Karim Benali (@karim)" in form.content.decode()

    response = admin_action(
        client, REPORTS, "warn_authors", [report], message="Pas de publicité ici.", apply="1"
    )

    assert "1 member warned." in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [other_member.email]
    assert "Pas de publicité ici." in mail.outbox[0].body
    assert logged() == [("warn", "sophie", "karim", spam.pk, "Pas de publicité ici.")]
    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED


def test_suspending_the_author_from_the_queue(client, moderator, report, other_member, spam):
    client.force_login(moderator)
    response = admin_action(
        client, REPORTS, "suspend_authors", [report], reason="Spam répété.", until="", apply="1"
    )

    assert "1 member suspended." in response.content.decode()
    other_member.refresh_from_db()
    assert other_member.is_suspended and not other_member.can_post
    assert logged() == [("suspend", "sophie", "karim", other_member.pk, "Spam répété.")]
    # Suspended, Karim can neither post nor even browse signed in.
    client.force_login(other_member)
    refused = client.post(reverse("forums:reply", args=[spam.topic_id]), {"body": "Je reviens"})
    assert refused.status_code == 403
    assert not Topic.objects.get(pk=spam.topic_id).posts.filter(body="Je reviens").exists()
