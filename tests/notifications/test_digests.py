"""The daily and weekly digests: what they gather, once per period, and none when nothing is new."""

import io
import re
from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone, translation

from forums import services as forums_services
from forums.models import CategoryWatch, Topic
from members import services as members_services
from members.models import Trade
from notifications import services
from notifications.models import BouncedAddress, Channel, DigestRun, Kind, Notification
from tests.factories import CategoryFactory, EventFactory

from .conftest import published, reply_publish, seasoned_member, topic_publish

pytestmark = pytest.mark.django_db

DAILY, WEEKLY = DigestRun.Period.DAILY, DigestRun.Period.WEEKLY


def age(topic: Topic, days: int) -> Topic:
    Topic.objects.filter(pk=topic.pk).update(created_at=timezone.now() - timedelta(days=days))
    topic.refresh_from_db()
    return topic


def unsubscribe_key(email) -> str:
    url = re.fullmatch(r"<(.+)>", email.message()["List-Unsubscribe"]).group(1)
    return services.unsubscribe_read(url.rstrip("/").rsplit("/", 1)[1])[1]


@pytest.fixture
def replies(member, other_member, third_member, topic):
    """Karim and Léa reply to Claire's topic: two reply notifications for her daily digest."""
    return [reply_publish(author=author, topic=topic) for author in (other_member, third_member)]


# --- Daily -----------------------------------------------------------------------------------


def test_the_daily_digest_gathers_the_members_pending_daily_notifications(
    member, other_member, topic, replies, mailoutbox
):
    with published():
        # A like is told weekly: not in this digest.
        forums_services.post_like_set(member=other_member, post=topic.first_post, liked=True)
    already_read = reply_publish(author=other_member, topic=topic)
    Notification.objects.filter(url=already_read.get_absolute_url()).update(read_at=timezone.now())

    content = services.digest_content(member=member, period=DAILY)

    assert {n.url for n in content["notifications"]} == {p.get_absolute_url() for p in replies}
    assert content["best_topics"] == content["unanswered"] == content["events"] == []

    assert services.digest_send(member=member, period=DAILY)

    [email] = mailoutbox
    assert email.to == [member.email]
    assert email.subject == f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your daily FreelanceHub digest"
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html"
    for post in replies:
        assert f"{settings.SITE_URL}{post.get_absolute_url()}" in email.body
        assert f'href="{settings.SITE_URL}{post.get_absolute_url()}"' in html
    assert already_read.get_absolute_url() not in email.body
    assert email.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_key(email) == "digest:daily"
    run = DigestRun.objects.get()
    assert (run.member, run.period, run.item_count) == (member, DAILY, 2)
    emailed = Notification.objects.filter(recipient=member, emailed_at__isnull=False)
    assert {n.url for n in emailed} == {p.get_absolute_url() for p in replies}
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 3


def test_the_daily_digest_is_sent_once_a_day(member, replies, mailoutbox):
    assert services.digest_send(member=member, period=DAILY)
    Notification.objects.update(emailed_at=None)  # Even were they still pending.

    assert not services.digest_send(member=member, period=DAILY)

    assert len(mailoutbox) == 1
    assert DigestRun.objects.count() == 1


def test_no_daily_digest_when_nothing_is_pending(member, replies, mailoutbox):
    Notification.objects.update(read_at=timezone.now())

    assert not services.digest_send(member=member, period=DAILY)
    assert mailoutbox == []
    assert not DigestRun.objects.exists()


def test_notifications_already_emailed_at_once_are_not_in_the_digest(
    member, other_member, topic, mailoutbox
):
    services.preferences_set(member=member, channels={Kind.REPLY: Channel.IMMEDIATE})
    reply_publish(author=other_member, topic=topic)
    assert len(mailoutbox) == 1

    assert services.digest_content(member=member, period=DAILY)["notifications"] == []
    assert not services.digest_send(member=member, period=DAILY)


def test_a_failing_digest_is_not_marked_sent_and_goes_out_next_time(
    member, replies, mailoutbox, monkeypatch
):
    def failing_send(self, fail_silently=False):
        raise SMTPException("451 Temporary failure")

    monkeypatch.setattr(EmailMultiAlternatives, "send", failing_send)
    with pytest.raises(SMTPException):
        services.digest_send(member=member, period=DAILY)

    assert not DigestRun.objects.exists()
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()

    monkeypatch.undo()
    assert services.digest_send(member=member, period=DAILY)
    assert len(mailoutbox) == 1


def test_the_digest_is_in_the_members_language_whatever_the_senders(member, replies, mailoutbox):
    with translation.override("fr"):
        services.digest_send(member=member, period=DAILY)

    [email] = mailoutbox
    assert email.subject.endswith("Your daily FreelanceHub digest")
    assert email.body.startswith("Hello Claire Martin,")
    assert '<html lang="en">' in email.alternatives[0].content


def test_bouncing_suspended_and_deleted_members_get_no_digest(
    member, other_member, third_member, moderator, topic, mailoutbox
):
    marc = seasoned_member(username="marc")
    for replier in (other_member, third_member, marc):
        reply_publish(author=replier, topic=topic)
    reply_publish(author=member, topic=topic)  # Karim, Léa and Marc each have a reply pending.
    BouncedAddress.objects.create(email=other_member.email)
    members_services.member_suspend(moderator=moderator, member=third_member, reason="Spam.")
    members_services.member_account_delete(member=marc)

    for someone in (other_member, third_member, marc):
        assert not services.digest_send(member=someone, period=DAILY)
    assert mailoutbox == []
    assert not DigestRun.objects.exists()
    assert Notification.objects.filter(recipient=other_member, read_at__isnull=True).exists()


# --- Weekly ----------------------------------------------------------------------------------


@pytest.fixture
def claire_in_lyon(member):
    """Claire writes for the web and lives in Auvergne-Rhône-Alpes."""
    member.region = "ara"
    member.save(update_fields=["region"])
    member.trades.set([Trade.objects.get(slug="redacteur-web")])
    return member


def test_the_weekly_digest_suggests_new_topics_open_questions_in_her_trade_and_events_near_her(
    claire_in_lyon, other_member, third_member, category, questions, mailoutbox
):
    member = claire_in_lyon
    writer = Trade.objects.get(slug="redacteur-web")
    other_member.trades.set([writer])
    third_member.trades.set([Trade.objects.get(slug="developpeur-web")])
    marc = seasoned_member(username="marc")
    marc.trades.set([writer])

    new_topic = topic_publish(author=other_member, category=category)
    liked = topic_publish(author=third_member, category=category)
    reply_publish(author=other_member, topic=liked)
    reply_publish(author=marc, topic=liked)
    old_topic = age(topic_publish(author=other_member, category=category), days=10)
    her_trade = topic_publish(author=other_member, category=questions)
    other_trade = topic_publish(author=third_member, category=questions)
    answered = topic_publish(author=marc, category=questions)
    reply_publish(author=third_member, topic=answered)
    her_own = topic_publish(author=member, category=questions)
    stale = age(topic_publish(author=marc, category=questions), days=20)
    # Watched from now on: no new-topic notifications, but the digest keeps to this board.
    CategoryWatch.objects.create(member=member, category=category)

    soon = timezone.now() + timedelta(days=3)
    near = EventFactory(title="Afterwork lyonnais", region="ara", starts_at=soon)
    online = EventFactory(title="ChocoSkype du lundi", is_online=True, starts_at=soon)
    EventFactory(title="Afterwork rennais", region="bre", starts_at=soon)
    EventFactory(title="Afterwork annulé", region="ara", starts_at=soon, status="cancelled")
    EventFactory(title="Afterwork lointain", region="ara", starts_at=soon + timedelta(days=30))
    EventFactory(
        title="Afterwork passé", region="ara", starts_at=timezone.now() - timedelta(days=2)
    )

    content = services.digest_content(member=member, period=WEEKLY)

    assert content["notifications"] == []
    best = content["best_topics"]
    assert best == [liked, new_topic], "the week's topics of her boards, most followed first"
    assert old_topic not in best
    assert content["unanswered"] == [her_trade]
    assert {other_trade, answered, her_own, stale}.isdisjoint(content["unanswered"])
    assert content["events"] == [near, online]

    assert services.digest_send(member=member, period=WEEKLY)

    [email] = mailoutbox
    assert email.subject.endswith("Your weekly FreelanceHub digest")
    html = email.alternatives[0].content
    for item in (liked, her_trade, near, online):
        assert f"{settings.SITE_URL}{item.get_absolute_url()}" in email.body
        assert f'href="{settings.SITE_URL}{item.get_absolute_url()}"' in html
    assert "Afterwork rennais" not in email.body
    assert unsubscribe_key(email) == "digest:weekly"
    assert DigestRun.objects.get().period == WEEKLY


def test_the_weekly_digest_keeps_to_the_boards_she_watches(claire_in_lyon, other_member, category):
    elsewhere = topic_publish(author=other_member, category=CategoryFactory())
    watched = topic_publish(author=other_member, category=category)
    CategoryWatch.objects.create(member=claire_in_lyon, category=category)

    best = services.digest_content(member=claire_in_lyon, period=WEEKLY)["best_topics"]

    assert best == [watched]
    assert elsewhere not in best


def test_the_weekly_digest_gathers_her_weekly_notifications(member, other_member, topic):
    with published():
        forums_services.post_like_set(member=other_member, post=topic.first_post, liked=True)

    content = services.digest_content(member=member, period=WEEKLY)

    assert [n.kind for n in content["notifications"]] == [Kind.LIKE]


def test_no_weekly_digest_when_nothing_is_new(claire_in_lyon, other_member, category, mailoutbox):
    age(topic_publish(author=other_member, category=category), days=8)
    EventFactory(region="bre")
    EventFactory(region="ara", starts_at=timezone.now() - timedelta(days=1))

    content = services.digest_content(member=claire_in_lyon, period=WEEKLY)

    assert content == {"notifications": [], "best_topics": [], "unanswered": [], "events": []}
    assert not services.digest_send(member=claire_in_lyon, period=WEEKLY)
    assert mailoutbox == []
    assert not DigestRun.objects.exists()


def test_a_member_who_stops_the_weekly_suggestions_gets_only_her_own_news(
    claire_in_lyon, other_member, category, mailoutbox
):
    services.preferences_set(member=claire_in_lyon, channels={Kind.WEEKLY_DIGEST: Channel.NEVER})
    topic_publish(author=other_member, category=category)
    EventFactory(region="ara")

    assert not services.digest_send(member=claire_in_lyon, period=WEEKLY)
    assert mailoutbox == []


def test_the_weekly_digest_is_sent_once_a_week(claire_in_lyon, other_member, category, mailoutbox):
    topic_publish(author=other_member, category=category)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())

    assert services.digest_send(member=claire_in_lyon, period=WEEKLY, today=monday)
    assert not services.digest_send(
        member=claire_in_lyon, period=WEEKLY, today=monday + timedelta(days=3)
    )
    assert services.digest_send(
        member=claire_in_lyon, period=WEEKLY, today=monday + timedelta(days=7)
    )

    assert len(mailoutbox) == 2
    assert [run.period_start for run in DigestRun.objects.order_by("period_start")] == [
        monday,
        monday + timedelta(days=7),
    ]


# --- The command -----------------------------------------------------------------------------


def send_digests(period: str) -> str:
    out = io.StringIO()
    call_command("send_digests", period=period, stdout=out)
    return out.getvalue()


def test_the_command_sends_each_daily_digest_once(
    member, other_member, third_member, topic, replies, mailoutbox
):
    """Claire has two replies pending, Karim one (Léa's); Léa has none."""
    assert send_digests(DAILY).strip() == "daily digests sent: 2"
    assert sorted(email.to[0] for email in mailoutbox) == sorted([member.email, other_member.email])

    assert send_digests(DAILY).strip() == "daily digests sent: 0"
    assert len(mailoutbox) == 2


def test_the_command_sends_the_weekly_digest_to_members_with_news(
    claire_in_lyon, other_member, moderator, mailoutbox
):
    EventFactory(region="ara", organiser=moderator)
    members_services.member_suspend(moderator=moderator, member=other_member, reason="Spam.")
    moderator.region = "bre"
    moderator.save(update_fields=["region"])

    assert send_digests(WEEKLY).strip() == "weekly digests sent: 1"
    assert [email.to for email in mailoutbox] == [[claire_in_lyon.email]]
    assert send_digests(WEEKLY).strip() == "weekly digests sent: 0"


def test_the_command_includes_a_member_whose_suspension_has_ended(
    claire_in_lyon, moderator, mailoutbox
):
    members_services.member_suspend(
        moderator=moderator,
        member=claire_in_lyon,
        reason="Spam.",
        until=timezone.now() + timedelta(days=1),
    )
    type(claire_in_lyon).objects.filter(pk=claire_in_lyon.pk).update(
        suspended_at=timezone.now() - timedelta(days=8),
        suspended_until=timezone.now() - timedelta(days=1),
    )
    EventFactory(region="ara", is_online=False, organiser=moderator)
    moderator.region = "bre"
    moderator.save(update_fields=["region"])

    assert send_digests(WEEKLY).strip() == "weekly digests sent: 1"
    assert [email.to for email in mailoutbox] == [[claire_in_lyon.email]]


def test_one_failing_address_does_not_stop_the_others(
    member, other_member, third_member, topic, mailoutbox, monkeypatch
):
    reply_publish(author=other_member, topic=topic)
    reply_publish(author=third_member, topic=topic)  # Claire and Karim have a reply pending.
    send = EmailMultiAlternatives.send

    def send_but_not_to_claire(self, fail_silently=False):
        if self.to == [member.email]:
            raise SMTPException("451 Temporary failure")
        return send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send_but_not_to_claire)

    assert send_digests(DAILY).strip() == "daily digests sent: 1"
    assert [email.to for email in mailoutbox] == [[other_member.email]]

    monkeypatch.undo()
    assert send_digests(DAILY).strip() == "daily digests sent: 1"
    assert [email.to for email in mailoutbox][-1] == [member.email]


def test_last_weeks_questions_and_events_do_not_make_this_weeks_digest(
    claire_in_lyon, other_member, questions, mailoutbox
):
    other_member.trades.set(claire_in_lyon.trades.all())
    age(topic_publish(author=other_member, category=questions), days=9)
    announced = EventFactory(region="ara", starts_at=timezone.now() + timedelta(days=4))
    EventFactory._meta.model.objects.filter(pk=announced.pk).update(
        created_at=timezone.now() - timedelta(days=9)
    )

    content = services.digest_content(member=claire_in_lyon, period=WEEKLY)

    assert (content["unanswered"], content["events"]) == ([], [])
    assert not services.digest_send(member=claire_in_lyon, period=WEEKLY)
    assert mailoutbox == []
