"""Each thing that happens on the site notifies the right members, once, and never the actor."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from forums import services as forums_services
from forums.models import CategoryWatch, NotificationLevel, TagWatch
from members import services as members_services
from members.models import Trade
from notifications.models import Kind, Notification
from tests.factories import CategoryFactory

from .conftest import published, reply_publish, seasoned_member, topic_publish

pytestmark = pytest.mark.django_db


def notified(kind: str) -> dict[str, Notification]:
    """The notifications of one kind, by their recipient's handle (one each, or the test fails)."""
    notifications = list(Notification.objects.filter(kind=kind).select_related("recipient"))
    by_recipient = {n.recipient.username: n for n in notifications}
    assert len(by_recipient) == len(notifications), "someone was notified twice"
    return by_recipient


# --- Replies and mentions --------------------------------------------------------------------


def test_a_reply_notifies_the_topics_author_and_earlier_repliers_but_not_its_writer(
    member, other_member, third_member, topic
):
    reply_publish(author=other_member, topic=topic)
    assert set(notified(Kind.REPLY)) == {"claire"}

    post = reply_publish(author=third_member, topic=topic)

    replies = Notification.objects.filter(kind=Kind.REPLY, url=post.get_absolute_url())
    assert {n.recipient.username for n in replies} == {"claire", "karim"}
    for notification in replies:
        assert notification.actor == third_member
        assert notification.title == f"New reply in “{topic.title}”"
        assert notification.excerpt == post.body
        assert notification.read_at is None
    assert not Notification.objects.filter(recipient=third_member).exists()


def test_a_notifications_excerpt_and_its_email_show_the_text_without_markdown(
    member, other_member, topic
):
    reply_publish(author=other_member, topic=topic, body="Je prends **0,06 € le mot**, _hors TVA_.")

    notification = notified(Kind.REPLY)["claire"]
    assert notification.excerpt == "Je prends 0,06 € le mot, hors TVA."
    # The e-mails quote the notification's excerpt.
    for template in [
        "notifications/email/notification.txt",
        "notifications/email/notification.html",
    ]:
        email = render_to_string(template, {"notification": notification})
        assert "Je prends 0,06 € le mot, hors TVA." in email
        assert "**" not in email


@pytest.mark.parametrize("level", [NotificationLevel.NORMAL, NotificationLevel.MUTED])
def test_a_member_who_stops_watching_a_topic_is_not_told_of_replies(
    member, other_member, third_member, topic, level
):
    reply_publish(author=other_member, topic=topic)
    forums_services.topic_notification_level_set(member=other_member, topic=topic, level=level)

    reply_publish(author=third_member, topic=topic)

    assert not Notification.objects.filter(recipient=other_member).exists()
    assert Notification.objects.filter(recipient=member, kind=Kind.REPLY).count() == 2


def test_a_reply_title_is_in_each_watchers_language_not_the_writers(
    member, other_member, third_member, topic
):
    other_member.language = "fr"
    other_member.save(update_fields=["language"])
    reply_publish(author=other_member, topic=topic)
    Notification.objects.all().delete()

    # Léa writes from a page in French: Claire still reads English, Karim French.
    with translation.override("fr"):
        reply_publish(author=third_member, topic=topic)

    titles = {username: n.title for username, n in notified(Kind.REPLY).items()}
    with translation.override("fr"):
        in_french = gettext("New reply in “%(topic)s”") % {"topic": topic.title}
    assert titles == {"claire": f"New reply in “{topic.title}”", "karim": in_french}


def test_a_mention_notifies_the_member_named_once_even_when_they_watch_the_topic(
    member, other_member, third_member, topic
):
    reply_publish(author=other_member, topic=topic)
    Notification.objects.all().delete()

    post = reply_publish(
        author=third_member, topic=topic, body="D'accord avec @claire et @lea, pas avec @inconnu."
    )

    mentions = notified(Kind.MENTION)
    assert set(mentions) == {"claire"}  # Léa wrote it; nobody is called @inconnu.
    assert mentions["claire"].actor == third_member
    assert mentions["claire"].url == post.get_absolute_url()
    assert mentions["claire"].title == f"Léa Durand mentioned you in “{topic.title}”"
    # Claire watches the topic: the mention replaces the reply notification.
    assert set(notified(Kind.REPLY)) == {"karim"}


def test_a_mention_in_a_new_topic_notifies_the_member_named(member, other_member, category):
    topic = topic_publish(author=member, category=category, body="Qu'en penses-tu @karim ?")

    mentions = notified(Kind.MENTION)
    assert set(mentions) == {"karim"}
    assert mentions["karim"].url == topic.first_post.get_absolute_url()


def test_a_member_who_muted_a_topic_is_not_told_of_mentions_in_it(
    member, other_member, third_member, topic
):
    """Muted means never told (forums.NotificationLevel); normal still hears of mentions."""
    forums_services.topic_notification_level_set(
        member=other_member, topic=topic, level=NotificationLevel.MUTED
    )
    forums_services.topic_notification_level_set(
        member=third_member, topic=topic, level=NotificationLevel.NORMAL
    )

    reply_publish(author=member, topic=topic, body="Merci @karim et @lea !")

    assert set(notified(Kind.MENTION)) == {"lea"}


def test_an_edit_that_mentions_someone_new_tells_only_them(
    member, other_member, third_member, moderator, topic
):
    post = reply_publish(author=third_member, topic=topic, body="Merci @karim pour le conseil.")
    Notification.objects.all().delete()

    with published():
        forums_services.post_edit(
            editor=third_member, post=post, body="Merci @karim et @claire pour le conseil."
        )

    mentions = notified(Kind.MENTION)
    assert set(mentions) == {"claire"}  # Karim was told when the post came out
    assert mentions["claire"].url == post.get_absolute_url()

    # Nobody hears of a post hidden by a moderator, even if an edit names them.
    forums_services.post_hide(moderator=moderator, post=post, reason="Hors sujet")
    post.refresh_from_db()
    with published():
        forums_services.post_edit(
            editor=moderator, post=post, body="Merci @karim, @claire et @lea !", reason="Typo"
        )
    assert set(notified(Kind.MENTION)) == {"claire"}


# --- New topics in watched boards and tags ---------------------------------------------------


def test_a_new_topic_notifies_the_watchers_of_its_board_and_tags_once(
    member, other_member, third_member, category, tag
):
    both = seasoned_member(username="marc")
    CategoryWatch.objects.create(member=other_member, category=category)
    TagWatch.objects.create(member=third_member, tag=tag)
    CategoryWatch.objects.create(member=both, category=category)
    TagWatch.objects.create(member=both, tag=tag)
    CategoryWatch.objects.create(member=member, category=category)

    topic = topic_publish(author=member, category=category, tags=[tag])

    new_topics = notified(Kind.NEW_TOPIC)
    assert set(new_topics) == {"karim", "lea", "marc"}
    assert all(n.url == topic.first_post.get_absolute_url() for n in new_topics.values())
    assert all(n.actor == member for n in new_topics.values())

    # Watching the board is not watching each topic: its replies go to the topic's watchers.
    reply_publish(author=third_member, topic=topic)
    assert set(notified(Kind.REPLY)) == {"claire"}


def test_a_topic_in_another_board_notifies_nobody(member, other_member, category):
    CategoryWatch.objects.create(member=other_member, category=category)

    topic_publish(author=member, category=CategoryFactory())

    assert not Notification.objects.exists()


# --- Likes -----------------------------------------------------------------------------------


def like(member, post):
    with published():
        forums_services.post_like_set(member=member, post=post, liked=True)


def test_likes_of_one_post_gather_in_one_notification_while_it_is_unread(
    member, other_member, third_member, topic
):
    post = topic.first_post
    marc = seasoned_member(username="marc")

    for liker in (other_member, third_member, marc):
        like(liker, post)

    [grouped] = Notification.objects.filter(recipient=member, kind=Kind.LIKE)
    assert grouped.actor_count == 3
    assert grouped.actor == marc
    assert grouped.url == post.get_absolute_url()

    grouped.read_at = timezone.now()
    grouped.save(update_fields=["read_at"])
    like(seasoned_member(username="nina"), post)

    latest = Notification.objects.filter(recipient=member, kind=Kind.LIKE).exclude(pk=grouped.pk)
    assert [(n.actor.username, n.actor_count) for n in latest] == [("nina", 1)]
    grouped.refresh_from_db()
    assert grouped.actor_count == 3


def test_likes_of_two_posts_make_two_notifications(member, other_member, topic):
    reply = reply_publish(author=member, topic=topic)
    Notification.objects.all().delete()

    like(other_member, topic.first_post)
    like(other_member, reply)

    assert Notification.objects.filter(recipient=member, kind=Kind.LIKE).count() == 2


def test_a_member_who_unlikes_and_likes_again_counts_once(
    member, other_member, third_member, topic
):
    for _ in range(3):  # Like, unlike, like.
        like(other_member, topic.first_post)

    [notification] = Notification.objects.filter(kind=Kind.LIKE)
    assert notification.actor_count == 1

    like(third_member, topic.first_post)
    like(third_member, topic.first_post)  # Unlike: notifies nobody.

    notification.refresh_from_db()
    assert notification.actor_count == 2
    assert Notification.objects.count() == 1


# --- Accepted answers ------------------------------------------------------------------------


def test_an_accepted_answer_notifies_its_author_not_the_member_who_accepts(
    member, other_member, questions
):
    question = topic_publish(author=member, category=questions)
    answer = reply_publish(author=other_member, topic=question)
    Notification.objects.all().delete()

    with published():
        forums_services.solution_set(member=member, topic=question, post=answer)

    solutions = notified(Kind.SOLUTION)
    assert set(solutions) == {"karim"}
    assert solutions["karim"].actor == member
    assert solutions["karim"].url == answer.get_absolute_url()
    assert not Notification.objects.filter(recipient=member).exists()


def test_accepting_ones_own_reply_notifies_nobody(member, questions):
    question = topic_publish(author=member, category=questions)
    own = reply_publish(author=member, topic=question)

    with published():
        forums_services.solution_set(member=member, topic=question, post=own)

    assert not Notification.objects.exists()


# --- Recommendations -------------------------------------------------------------------------


def test_a_recommendation_notifies_the_member_recommended_once(member, other_member):
    with published():
        members_services.recommendation_save(
            author=other_member, recipient=member, trade=None, text="Claire écrit vite et bien."
        )

    recommendations = notified(Kind.RECOMMENDATION)
    assert set(recommendations) == {"claire"}
    assert recommendations["claire"].actor == other_member
    assert recommendations["claire"].url == member.get_absolute_url()
    assert recommendations["claire"].excerpt == "Claire écrit vite et bien."

    with published():
        members_services.recommendation_save(
            author=other_member,
            recipient=member,
            trade=Trade.objects.first(),
            text="Claire écrit vite, bien, et relit tout.",
        )

    assert Notification.objects.count() == 1


# --- Moderation ------------------------------------------------------------------------------


def hide(moderator, topic):
    forums_services.post_hide(moderator=moderator, post=topic.first_post, reason="Hors sujet.")


def lock(moderator, topic):
    forums_services.topic_flag_set(moderator=moderator, topic=topic, action="lock")


def move(moderator, topic):
    forums_services.topic_move(moderator=moderator, topic=topic, category=CategoryFactory())


def edit(moderator, topic):
    forums_services.post_edit(
        editor=moderator, post=topic.first_post, body="Texte corrigé.", reason="Coordonnées."
    )


@pytest.mark.parametrize("action", [hide, lock, move, edit])
def test_a_moderators_action_on_a_members_content_notifies_that_member(
    member, moderator, topic, action
):
    with published():
        action(moderator, topic)

    moderations = notified(Kind.MODERATION)
    assert set(moderations) == {"claire"}
    # A hidden first post takes the topic out of sight: the notification points to its board.
    assert moderations["claire"].url in {
        topic.get_absolute_url(),
        topic.first_post.get_absolute_url(),
        topic.category.get_absolute_url(),
    }
    assert (moderations["claire"].url == topic.category.get_absolute_url()) == (action is hide)
    assert not Notification.objects.filter(recipient=moderator).exists()


def test_pinning_a_topic_notifies_nobody(member, moderator, topic):
    with published():
        forums_services.topic_flag_set(moderator=moderator, topic=topic, action="pin")

    assert not Notification.objects.exists()


def test_a_moderator_acting_on_their_own_content_notifies_nobody(moderator, category):
    topic = topic_publish(author=moderator, category=category)

    with published():
        lock(moderator, topic)
        hide(moderator, topic)

    assert not Notification.objects.exists()


# --- Who receives nothing --------------------------------------------------------------------


def test_suspended_and_deleted_members_are_not_notified(
    member, other_member, third_member, moderator, topic
):
    reply_publish(author=other_member, topic=topic)
    reply_publish(author=third_member, topic=topic)
    members_services.member_suspend(moderator=moderator, member=other_member, reason="Spam.")
    members_services.member_account_delete(member=third_member)
    Notification.objects.all().delete()

    reply_publish(author=member, topic=topic, body="Une réponse pour @karim.")

    assert not Notification.objects.exists()
