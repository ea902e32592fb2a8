"""The queries of the private messages' pages stay the same whatever their size: the list of
conversations for 2 or 25 of them, a conversation of 500 messages on its latest page and ten
pages back, the polling, and the directory's “Write” buttons. On failure, pytest-django
lists the SQL that ran."""

import pytest
from django.urls import reverse

from core.usertext import render_markdown
from members.models import Recommendation, Trade
from messaging import selectors, services
from messaging.models import Conversation, Message, Participant
from tests.factories import MemberFactory

from .conftest import HELLO, seasoned, start

pytestmark = pytest.mark.django_db

# Session, member, the page of conversations, their members, the navbar's counts.
LIST_QUERIES = 5
# Session, member, the member's place in it, the page of messages, its members (and their
# blocks), the navbar's counts.
CONVERSATION_QUERIES = 6


def conversations(member, count: int) -> None:
    seasoned(member)
    for other in MemberFactory.create_batch(count):
        message = start(other, member, body=f"Bonjour, je suis {other.username}.")
        services.message_send(author=member, conversation=message.conversation, body="Merci !")
        services.message_send(author=other, conversation=message.conversation, body="Suite")


def test_the_list_of_conversations_costs_the_same_for_2_or_25(
    member_client, member, django_assert_num_queries
):
    conversations(member, 2)
    member_client.get(reverse("messaging:list"))  # notes the member's activity

    with django_assert_num_queries(LIST_QUERIES):
        few = member_client.get(reverse("messaging:list"))
    assert len(few.context["page_obj"].object_list) == 2

    conversations(member, 23)
    with django_assert_num_queries(LIST_QUERIES):
        many = member_client.get(reverse("messaging:list"))
    assert len(many.context["page_obj"].object_list) == selectors.CONVERSATIONS_PER_PAGE
    assert all(p.unread_count == 1 for p in many.context["page_obj"])
    with django_assert_num_queries(LIST_QUERIES):
        assert member_client.get(reverse("messaging:list"), {"page": 2}).status_code == 200


@pytest.fixture
def long_conversation(member, other_member, third_member):
    """500 messages between three members, all read by Claire."""
    conversation = start(member, other_member, third_member).conversation
    authors = [member, other_member, third_member]
    Message.objects.bulk_create(
        Message(
            conversation=conversation,
            author=authors[number % 3],
            body=f"Message n°{number}",
            body_html=render_markdown(f"Message **n°{number}**"),
        )
        for number in range(499)
    )
    latest = conversation.messages.order_by("-id").first()
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message=latest, last_message_at=latest.created_at
    )
    Participant.objects.filter(member=member).update(last_read_message_id=latest.pk)
    return conversation


def test_a_conversation_of_500_messages_costs_the_same_on_page_1_and_page_10(
    member_client, member, long_conversation, django_assert_num_queries
):
    url = long_conversation.get_absolute_url()
    member_client.get(url)

    with django_assert_num_queries(CONVERSATION_QUERIES):
        latest = member_client.get(url)
    page = latest.context["page"]
    assert len(page.messages) == selectors.MESSAGES_PER_PAGE
    assert page.has_earlier and not page.has_later

    for _ in range(8):
        page = selectors.messages_page(
            conversation_id=long_conversation.pk, viewer=member, before=page.first_id
        )
    with django_assert_num_queries(CONVERSATION_QUERIES):
        tenth = member_client.get(url, {"before": page.first_id})
    page = tenth.context["page"]
    assert len(page.messages) == selectors.MESSAGES_PER_PAGE
    assert [m.body for m in page.messages[:2]] == [HELLO, "Message n°0"]
    assert not page.has_earlier and page.has_later
    assert "Message <strong>n°0</strong>" in tenth.content.decode()


def test_the_polling_costs_the_same_for_one_or_many_new_messages(
    member_client, member, other_member, long_conversation, django_assert_num_queries
):
    poll = reverse("messaging:since", args=[long_conversation.pk])
    last = long_conversation.messages.order_by("-id").first().pk
    member_client.get(long_conversation.get_absolute_url())  # notes the member's activity
    # Session, member, the member's place, the new messages; nothing new: nothing more.
    with django_assert_num_queries(4):
        assert member_client.get(poll, {"after": last}, HTTP_HX_REQUEST="true").status_code == 204

    # The same, and marking them read (the place, its notification).
    for count in (1, 20):
        for number in range(count):
            services.message_send(
                author=other_member, conversation=long_conversation, body=f"Nouveau {number}"
            )
        with django_assert_num_queries(6):
            response = member_client.get(poll, {"after": last}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        last = long_conversation.messages.order_by("-id").first().pk


def test_the_directorys_write_buttons_cost_no_query(
    client, member, django_assert_num_queries, django_assert_max_num_queries
):
    trade = Trade.objects.first()

    def add(count: int) -> None:
        for other in MemberFactory.create_batch(count):
            other.trades.add(trade)
            if other.pk % 3 == 0:
                services.preference_set(member=other, accepts_from="met")
                Recommendation.objects.create(author=member, recipient=other, text="Top.")
            elif other.pk % 3 == 1:
                services.preference_set(member=other, accepts_from="nobody")

    client.force_login(member)
    add(3)
    client.get(reverse("members:list"))
    # The count, the trades of the filter, the page, the cards' trades; session, member, bell.
    with django_assert_max_num_queries(7) as few:
        response = client.get(reverse("members:list"))
    assert len(response.context["page_obj"].object_list) == 3
    add(20)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("members:list"))
    content = response.content.decode()
    for card in response.context["page_obj"]:
        button = f'href="{reverse("messaging:new", args=[card.username])}"'
        assert (button in content) == (card.pk % 3 != 1), card.username
