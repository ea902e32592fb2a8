"""What moderators see of private messages: held and reported messages only, each with the five
messages before and after it, never a conversation's list nor another message; they deliver a
held message or hide one, and the report queue links to the message's review page."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from messaging import services
from messaging.models import Conversation, Message, Participant
from moderation.models import Report
from tests.factories import MemberFactory

from .conftest import seasoned, start

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:messaging_messageunderreview_changelist")
SPAM = "Découvrez ma formation en ligne pour doubler votre chiffre d'affaires !"


def review_url(message) -> str:
    return reverse("admin:messaging_messageunderreview_change", args=[message.pk])


@pytest.fixture
def thread(member, other_member, conversation):
    """Twelve messages after Claire's first: the fourth is reported by Claire."""
    messages = [conversation.messages.get()]
    for number in range(12):
        author = other_member if number % 2 else member
        messages.append(
            services.message_send(author=author, conversation=conversation, body=f"Ligne {number}")
        )
    services.message_report(reporter=member, message=messages[8], reason="abuse")
    return messages


def test_moderators_see_reported_and_held_messages_only(
    moderator_client, member, other_member, thread
):
    seasoned(member)
    held = [start(member, other, body=SPAM) for other in MemberFactory.create_batch(3)][-1]
    assert held.status == Message.Status.HELD

    response = moderator_client.get(CHANGELIST)

    assert response.status_code == 200
    listed = list(response.context["cl"].result_list)
    assert {message.pk for message in listed} == {thread[8].pk, held.pk}
    for message in thread[:8] + thread[9:]:
        assert moderator_client.get(review_url(message)).status_code in {302, 404}
    # No list of conversations nor of every message.
    assert not {Conversation, Message, Participant} & set(admin.site._registry)


def test_a_reported_message_is_read_with_the_five_before_and_after(moderator_client, thread):
    response = moderator_client.get(review_url(thread[8]))

    assert response.status_code == 200
    shown = [message.pk for message in response.context["context_messages"]]
    assert shown == [message.pk for message in thread[3:14]]
    content = response.content.decode()
    assert "Ligne 7" in content and "Ligne 2" in content
    assert "Ligne 1<" not in content and "Bonjour Karim" not in content


def test_the_report_queue_links_to_the_review_page(moderator_client, thread):
    report = Report.objects.get()
    response = moderator_client.get(reverse("admin:moderation_report_change", args=[report.pk]))
    content = response.content.decode()
    assert f'href="{review_url(thread[8])}"' in content
    assert thread[8].conversation.get_absolute_url() not in content


def test_the_queue_hides_a_reported_message(moderator_client, member, thread):
    report = Report.objects.get()
    response = moderator_client.post(
        reverse("admin:moderation_report_changelist"),
        {
            "action": "hide_reported_content",
            ACTION_CHECKBOX_NAME: [report.pk],
            "apply": "1",
            "reason": "Propos insultants",
        },
    )
    assert response.status_code == 302
    thread[8].refresh_from_db()
    report.refresh_from_db()
    assert thread[8].status == Message.Status.HIDDEN
    assert report.status == Report.Status.RESOLVED


def test_moderators_deliver_or_hide_from_the_review_list(moderator_client, member):
    seasoned(member)
    held = [start(member, other, body=SPAM) for other in MemberFactory.create_batch(4)][-2:]

    moderator_client.post(
        CHANGELIST, {"action": "approve_messages", ACTION_CHECKBOX_NAME: [held[0].pk]}
    )
    moderator_client.post(
        CHANGELIST, {"action": "hide_messages", ACTION_CHECKBOX_NAME: [held[1].pk]}
    )

    assert [Message.objects.get(pk=m.pk).status for m in held] == ["published", "hidden"]


def test_members_and_a_staff_member_without_the_permission_see_nothing(client, member, thread):
    client.force_login(member)
    assert client.get(review_url(thread[8])).status_code == 302
    staff = MemberFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(review_url(thread[8])).status_code == 403
