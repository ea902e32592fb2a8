"""The bell, the notifications page, the e-mail choices and the unsubscribe link."""

import re
from datetime import timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members import services as members_services
from notifications import selectors, services
from notifications.models import DEFAULT_CHANNELS, Channel, Kind, Notification

from .conftest import published, reply_publish

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
READ = reverse("notifications:read")
PREFERENCES = reverse("notifications:preferences")
BELL = re.compile(r'<a [^>]*data-testid="notification-bell"[^>]*>(.*?)</a>', re.DOTALL)


def make(recipient, *, title="Something happened", url="/forums/", **fields) -> Notification:
    return Notification.objects.create(
        recipient=recipient, kind=fields.pop("kind", Kind.MENTION), title=title, url=url, **fields
    )


def bell(response) -> str | None:
    """The bell's inner HTML, or None when the page has no bell."""
    found = BELL.search(response.content.decode())
    return found.group(1) if found else None


def badge(response) -> str | None:
    found = re.search(r'<span class="badge[^"]*">(\d+)</span>', bell(response) or "")
    return found.group(1) if found else None


def unsubscribe_path(member, key) -> str:
    return reverse("notifications:unsubscribe", args=[services.unsubscribe_token(member, key)])


# --- The bell --------------------------------------------------------------------------------

PAGES = ["home", "forums:index", "events:list", "members:list", "notifications:list"]


@pytest.mark.parametrize("page", [*PAGES, "notifications:preferences"])
def test_the_bell_shows_a_members_unread_count_on_every_page(
    member_client, member, other_member, page
):
    for i in range(3):
        make(member, title=f"n°{i}")
    make(member, read_at=timezone.now())
    make(other_member)

    response = member_client.get(reverse(page))

    assert response.status_code == 200
    assert badge(response) == "3"
    assert "3 unread notifications" in bell(response)
    assert f'href="{LIST}"' in BELL.search(response.content.decode()).group(0)


def test_the_bell_shows_no_count_when_all_is_read(member_client, member):
    make(member, read_at=timezone.now())

    response = member_client.get(reverse("home"))

    assert bell(response) is not None
    assert badge(response) is None
    assert "No unread notification" in bell(response)


@pytest.mark.parametrize("page", PAGES[:-1])
def test_a_visitor_sees_no_bell(client, member, page):
    make(member)

    response = client.get(reverse(page))

    assert response.status_code == 200
    assert bell(response) is None
    assert "unread_notification_count" not in response.context


# --- The notifications page ------------------------------------------------------------------


def test_the_page_shows_fifty_notifications_at_a_time_newest_first(member_client, member):
    start = timezone.now()
    for n in range(55):
        notification = make(member, title=f"Notification {n:02d}")
        Notification.objects.filter(pk=notification.pk).update(
            updated_at=start - timedelta(minutes=n)
        )

    def titles(response):
        return [n.title for _day, notifications in response.context["days"] for n in notifications]

    first = member_client.get(LIST)
    assert titles(first) == [f"Notification {n:02d}" for n in range(50)]
    assert 'href="?page=2" rel="next"' in first.text
    assert 'rel="prev"' not in first.text

    second = member_client.get(LIST, {"page": 2})
    assert titles(second) == [f"Notification {n:02d}" for n in range(50, 55)]
    assert 'href="?page=1" rel="prev"' in second.text
    assert 'rel="next"' not in second.text

    assert titles(member_client.get(LIST, {"page": "deux"})) == titles(first)
    far = member_client.get(LIST, {"page": "100000000000000000000"})
    assert far.status_code == 200
    assert "No older notifications." in far.text and 'rel="prev"' in far.text


def test_the_page_groups_notifications_by_day_in_the_members_timezone(member_client, member):
    paris = ZoneInfo("Europe/Paris")
    today = timezone.now().astimezone(paris).replace(hour=12, minute=0)
    when = {
        "today A": today,
        "today B": today - timedelta(hours=1),
        "yesterday": today - timedelta(days=1),
        "last week A": today - timedelta(days=7),
        "last week B": today - timedelta(days=7, hours=2),
    }
    for title, moment in when.items():
        Notification.objects.filter(pk=make(member, title=title).pk).update(updated_at=moment)
    make(member, title="future")  # Made now: today, first.
    Notification.objects.filter(title="future").update(updated_at=today + timedelta(minutes=5))

    response = member_client.get(LIST)

    assert response.status_code == 200
    days = [
        (day, [n.title for n in notifications]) for day, notifications in response.context["days"]
    ]
    assert days == [
        (today.date(), ["future", "today A", "today B"]),
        ((today - timedelta(days=1)).date(), ["yesterday"]),
        ((today - timedelta(days=7)).date(), ["last week A", "last week B"]),
    ]
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert len(re.findall(r'<h2 id="day-\d+"', html)) == 3
    for notification in Notification.objects.all():
        assert f'href="{reverse("notifications:open", args=[notification.pk])}"' in html


def test_the_page_shows_grouped_likes_as_a_count(member_client, member):
    make(member, kind=Kind.LIKE, title="Your post is liked", actor_count=3, group_key="like:1")

    response = member_client.get(LIST)

    assert "3 people" in response.content.decode()


def test_the_page_says_so_when_there_is_nothing(member_client):
    response = member_client.get(LIST)

    assert response.status_code == 200
    assert response.context["days"] == []


def test_a_visitor_is_sent_to_sign_in(client):
    for url in (LIST, PREFERENCES, reverse("notifications:open", args=[1])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert client.post(READ).status_code == 302


# --- Following a notification ----------------------------------------------------------------


def test_following_a_reply_notification_marks_it_read_and_lands_on_the_post(
    member_client, member, other_member, topic
):
    for _ in range(2):
        reply_publish(author=member, topic=topic)
    post = reply_publish(author=other_member, topic=topic)
    [notification] = Notification.objects.filter(recipient=member, kind=Kind.REPLY)

    response = member_client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    landing = member_client.get(response["Location"])
    assert landing.status_code == 302
    assert landing["Location"].startswith(topic.get_absolute_url())
    assert landing["Location"].endswith(f"#post-{post.number}")
    page = member_client.get(landing["Location"])
    assert f'id="post-{post.number}"' in page.content.decode()
    assert badge(page) is None


def test_following_a_recommendation_notification_lands_on_the_profile(
    member_client, member, other_member
):
    with published():
        members_services.recommendation_save(
            author=other_member, recipient=member, trade=None, text="Très pro."
        )
    notification = Notification.objects.get(recipient=member)

    response = member_client.get(reverse("notifications:open", args=[notification.pk]))

    assert response["Location"] == reverse("members:profile", args=["claire"])
    assert member_client.get(response["Location"]).status_code == 200


def test_another_members_notification_is_a_404(member_client, other_member):
    theirs = make(other_member)

    response = member_client.get(reverse("notifications:open", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notification_never_leads_off_the_site(member_client, member):
    notification = make(member, url="https://evil.example.com/")

    assert member_client.get(reverse("notifications:open", args=[notification.pk])).status_code == (
        404
    )


# --- Marking read ----------------------------------------------------------------------------


def test_mark_one_then_all_read(member_client, member, other_member):
    first, second, third = (make(member, title=f"n°{i}") for i in range(3))
    theirs = make(other_member)

    response = member_client.post(READ, {"notification": [first.pk]})

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert set(Notification.objects.filter(read_at__isnull=True)) == {second, third, theirs}

    response = member_client.post(READ, {"notification": [theirs.pk, second.pk]})
    assert set(Notification.objects.filter(read_at__isnull=True)) == {third, theirs}

    member_client.post(READ)

    assert set(Notification.objects.filter(read_at__isnull=True)) == {theirs}
    assert badge(member_client.get(LIST)) is None


def test_a_malformed_id_marks_nothing_read(member_client, member):
    make(member)

    member_client.post(READ, {"notification": ["abc"]})

    assert selectors.unread_count(member) == 1


def test_marking_read_is_a_post(member_client, member):
    make(member)

    assert member_client.get(READ).status_code == 405
    assert selectors.unread_count(member) == 1


# --- E-mail choices --------------------------------------------------------------------------


def test_the_preferences_page_shows_the_defaults_and_saves_each_choice(member_client, member):
    response = member_client.get(PREFERENCES)

    assert response.status_code == 200
    form = response.context["form"]
    assert {name: form[name].initial for name in form.fields} == {
        kind.value: DEFAULT_CHANNELS[kind] for kind in Kind
    }

    choices = {kind.value: DEFAULT_CHANNELS[kind] for kind in Kind}
    choices |= {
        Kind.REPLY: Channel.IMMEDIATE,
        Kind.MENTION: Channel.DAILY,
        Kind.LIKE: Channel.NEVER,
        Kind.SOLUTION: Channel.WEEKLY,
    }
    response = member_client.post(PREFERENCES, choices)

    assert response.status_code == 302
    assert response["Location"] == PREFERENCES
    assert selectors.channels_of(member) == choices
    form = member_client.get(PREFERENCES).context["form"]
    assert form["reply"].initial == Channel.IMMEDIATE


def test_an_unknown_choice_is_refused(member_client, member):
    choices = {kind.value: DEFAULT_CHANNELS[kind] for kind in Kind} | {Kind.LIKE: "hourly"}

    response = member_client.post(PREFERENCES, choices)

    assert response.status_code == 200
    assert "like" in response.context["form"].errors
    assert selectors.channels_of(member)[Kind.LIKE] == DEFAULT_CHANNELS[Kind.LIKE]


# --- Unsubscribing without signing in --------------------------------------------------------


def test_the_unsubscribe_link_asks_then_stops_that_kind_without_signing_in(client, member):
    path = unsubscribe_path(member, Kind.MENTION)

    response = client.get(path)

    assert response.status_code == 200
    assert "Someone mentions you" in response.content.decode()
    assert selectors.channels_of(member)[Kind.MENTION] == Channel.IMMEDIATE

    response = client.post(path)

    assert response.status_code == 200
    assert 'role="status"' in response.content.decode()
    assert selectors.channels_of(member)[Kind.MENTION] == Channel.NEVER
    assert selectors.channels_of(member)[Kind.SOLUTION] == Channel.IMMEDIATE


def test_a_mail_clients_one_click_post_unsubscribes_without_a_csrf_token(member, mailoutbox):
    with published():
        services.notify(recipient=member, kind=Kind.SOLUTION, title="Accepted", url="/forums/")
    [email] = mailoutbox
    url = re.fullmatch(r"<(.+)>", email.message()["List-Unsubscribe"]).group(1)
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        urlsplit(url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert selectors.channels_of(member)[Kind.SOLUTION] == Channel.NEVER


def test_a_tampered_unsubscribe_link_is_refused_with_a_clear_page(client, member):
    token = services.unsubscribe_token(member, Kind.MENTION)
    tampered = reverse("notifications:unsubscribe", args=[token[:-3] + "xyz"])

    for response in (client.get(tampered), client.post(tampered)):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
        assert response.content.decode().count("<h1") == 1
    assert selectors.channels_of(member)[Kind.MENTION] == Channel.IMMEDIATE


def test_the_digest_unsubscribe_link_stops_every_kind_of_that_digest(client, member):
    client.post(unsubscribe_path(member, "digest:daily"))

    channels = selectors.channels_of(member)
    assert channels[Kind.REPLY] == Channel.NEVER
    assert Channel.DAILY not in channels.values()
    assert channels[Kind.LIKE] == Channel.WEEKLY

    client.post(unsubscribe_path(member, "digest:weekly"))

    channels = selectors.channels_of(member)
    assert {channels[Kind.LIKE], channels[Kind.NEW_TOPIC], channels[Kind.WEEKLY_DIGEST]} == {
        Channel.NEVER
    }
    assert channels[Kind.MENTION] == Channel.IMMEDIATE


def test_a_deleted_members_unsubscribe_link_is_a_404(client, member):
    path = unsubscribe_path(member, Kind.MENTION)
    members_services.member_account_delete(member=member)

    assert client.post(path).status_code == 404
