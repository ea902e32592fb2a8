"""Writing private messages: who may write to whom, the limits against spam, reading, leaving,
reporting, and what moderators and a deleted account do to messages."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chocoskype.models import Binome, Pairing, PairingMember
from events.models import Rsvp
from members.models import Block, Recommendation
from members.services import member_account_delete, member_export_data
from messaging import selectors, services
from messaging.models import Conversation, Message, MessagePreference, Participant
from moderation.models import ModerationAction, Report
from moderation.registry import hide_handlers
from tests.factories import EventFactory, MemberFactory

from .conftest import HELLO, seasoned, start

pytestmark = pytest.mark.django_db

SPAM = "Découvrez ma formation en ligne pour doubler votre chiffre d'affaires en 30 jours !"


# --- Starting and answering ---------------------------------------------------------------


def test_a_conversation_starts_with_its_members_and_first_message(member, other_member):
    message = start(member, other_member, subject="  Fiches   produits ")

    conversation = message.conversation
    assert message.status == Message.Status.PUBLISHED
    assert message.body_html.startswith("<p>Bonjour Karim")
    assert conversation.subject == "Fiches produits"
    assert not conversation.is_group
    assert conversation.created_by == member
    conversation.refresh_from_db()
    assert conversation.last_message == message
    members = dict(Participant.objects.values_list("member_id", "last_read_message_id"))
    # The author has read their own message; Karim has not.
    assert members == {member.pk: message.pk, other_member.pk: 0}


def test_writing_again_to_the_same_member_goes_on_in_their_conversation(member, other_member):
    first = start(member, other_member)
    again = start(other_member, member, body="Avec plaisir, envoyez-moi les fiches.")

    assert again.conversation == first.conversation
    assert Conversation.objects.count() == 1


def test_a_group_conversation_is_never_reused(member, other_member, third_member):
    group = start(member, other_member, third_member).conversation
    assert group.is_group
    assert group.participants.count() == 3

    direct = start(member, other_member).conversation
    assert direct != group
    assert start(member, other_member, third_member).conversation not in {group, direct}


def test_a_conversation_has_eight_members_at_most(member):
    seasoned(member)
    eight = MemberFactory.create_batch(8)
    with pytest.raises(ValidationError) as error:
        start(member, *eight)
    assert "8 members at most" in error.value.messages[0]
    assert not Conversation.objects.exists()

    assert start(member, *eight[:7]).conversation.participants.count() == 8


@pytest.mark.parametrize("body", ["", "   \n  ", "x" * 5001])
def test_an_empty_or_too_long_message_is_refused_on_its_field(member, other_member, body):
    with pytest.raises(ValidationError) as error:
        start(member, other_member, body=body)
    assert list(error.value.message_dict) == ["body"]
    assert not Conversation.objects.exists()


def test_markdown_is_rendered_and_sanitised_like_posts(member, other_member):
    message = start(
        member, other_member, body="**Tarif** : <script>alert(1)</script> [lien](javascript:x)"
    )
    assert "<strong>Tarif</strong>" in message.body_html
    assert "<script" not in message.body_html
    assert 'href="javascript' not in message.body_html


def test_nobody_writes_to_themself_nor_to_a_deleted_or_suspended_member(member, other_member):
    with pytest.raises(ValidationError):
        start(member, member)
    other_member.suspended_at = timezone.now()
    other_member.save(update_fields=["suspended_at"])
    with pytest.raises(ValidationError) as error:
        start(member, other_member)
    assert "cannot receive messages" in error.value.messages[0]
    gone = MemberFactory()
    member_account_delete(member=gone)
    with pytest.raises(ValidationError):
        start(member, gone)


def test_a_suspended_member_writes_nothing(member, other_member, conversation):
    member.suspended_at = timezone.now()
    member.save(update_fields=["suspended_at"])
    with pytest.raises(PermissionDenied):
        start(member, other_member)
    with pytest.raises(PermissionDenied):
        services.message_send(author=member, conversation=conversation, body="Encore moi")


def test_only_a_member_of_the_conversation_answers_in_it(third_member, conversation):
    with pytest.raises(PermissionDenied):
        services.message_send(author=third_member, conversation=conversation, body="Coucou")
    assert conversation.messages.count() == 1


def test_a_context_link_is_a_page_of_the_site_only(member, other_member):
    message = start(member, other_member, subject="Fiches produits", context_url="/missions/4/")
    assert (message.context_title, message.context_url) == ("Fiches produits", "/missions/4/")
    for outside in ["https://example.com/", "//example.com/", "javascript:alert(1)"]:
        with pytest.raises(ValueError):
            start(member, other_member, context_url=outside)


# --- Blocks and who may write -------------------------------------------------------------


@pytest.mark.parametrize("direction", ["blocker", "blocked"])
def test_blocked_members_cannot_write_to_each_other(member, other_member, direction):
    conversation = start(member, other_member).conversation
    if direction == "blocker":
        Block.objects.create(blocker=member, blocked=other_member)
    else:
        Block.objects.create(blocker=other_member, blocked=member)

    for author, recipient in [(member, other_member), (other_member, member)]:
        with pytest.raises(ValidationError) as error:
            start(author, recipient)
        assert "does not accept messages from you" in error.value.messages[0]
        with pytest.raises(ValidationError) as error:
            services.message_send(author=author, conversation=conversation, body="Et pourtant")
        assert error.value.code == "blocked"
    assert conversation.messages.count() == 1


def test_a_member_who_accepts_nobody_gets_no_new_conversation(member, other_member):
    services.preference_set(member=other_member, accepts_from="nobody")
    with pytest.raises(ValidationError):
        start(member, other_member)
    assert not selectors.may_write(member, other_member)
    # Their own conversations go on, and they may write to others.
    assert start(other_member, member).status == Message.Status.PUBLISHED
    assert selectors.may_write(other_member, member)


def test_a_recipient_who_asked_for_answers_gets_them_whatever_their_choice(member, other_member):
    services.preference_set(member=other_member, accepts_from="nobody")
    message = start(member, other_member, context_url="/missions/1/", invited_by_recipient=True)
    assert message.status == Message.Status.PUBLISHED

    Block.objects.create(blocker=other_member, blocked=member)
    with pytest.raises(ValidationError):
        start(member, other_member, context_url="/missions/1/", invited_by_recipient=True)


def _pair(one, other, status=Pairing.Status.SCHEDULED):
    pairing = Pairing.objects.create(status=status)
    PairingMember.objects.create(pairing=pairing, member=one)
    PairingMember.objects.create(pairing=pairing, member=other)


def _binome(one, other):
    one, other = sorted([one, other], key=lambda member: member.pk)
    Binome.objects.create(
        member_a=one, member_b=other, proposed_by=one, weekday=1, local_time=time(9),
        timezone="Europe/Paris", started_at=timezone.now(),
    )  # fmt: skip


def _event_together(one, other):
    event = EventFactory(starts_at=timezone.now() - timedelta(days=3))
    for member in (one, other):
        Rsvp.objects.create(event=event, member=member, status=Rsvp.Status.GOING)


def _recommended_by(one, other):
    Recommendation.objects.create(author=other, recipient=one, text="Super traductrice.")


def _recommends(one, other):
    Recommendation.objects.create(author=one, recipient=other, text="Très réactif.")


def _conversation_before(one, other):
    conversation = start(one, other).conversation
    services.conversation_leave(member=one, conversation=conversation)


@pytest.mark.parametrize(
    "met", [_pair, _binome, _event_together, _recommended_by, _recommends, _conversation_before]
)
def test_members_who_met_may_write_to_one_who_accepts_only_them(
    member, other_member, third_member, met
):
    services.preference_set(member=other_member, accepts_from="met")
    assert not selectors.may_write(member, other_member)

    met(other_member, member)

    assert selectors.may_write(member, other_member)
    assert start(member, other_member).status == Message.Status.PUBLISHED
    # Léa has met nobody.
    assert not selectors.may_write(third_member, other_member)
    with pytest.raises(ValidationError):
        start(third_member, other_member)


def test_a_declined_invitation_or_a_future_event_is_not_meeting(member, other_member):
    services.preference_set(member=other_member, accepts_from="met")
    _pair(other_member, member, Pairing.Status.DECLINED)
    event = EventFactory(starts_at=timezone.now() + timedelta(days=3))
    for one in (member, other_member):
        Rsvp.objects.create(event=event, member=one, status=Rsvp.Status.GOING)

    assert not selectors.may_write(member, other_member)


def test_the_preference_takes_one_of_its_choices_only(member):
    assert selectors.accepts_from(member) == "everyone"
    services.preference_set(member=member, accepts_from="met")
    services.preference_set(member=member, accepts_from="nobody")
    assert MessagePreference.objects.get(member=member).accepts_from == "nobody"
    with pytest.raises(ValidationError):
        services.preference_set(member=member, accepts_from="friends")


# --- Limits ---------------------------------------------------------------------------------


def test_a_new_account_starts_three_conversations_a_day(member):
    others = MemberFactory.create_batch(4)
    for other in others[:3]:
        start(member, other, body=f"Bonjour {other.username}")

    with pytest.raises(ValidationError) as error:
        start(member, others[3], body="Bonjour")
    assert error.value.code == services.LIMIT_CODE
    assert "New members may start 3 conversations a day" in error.value.messages[0]
    # Answering and writing in a conversation already started still work.
    assert start(member, others[0], body="Autre chose").status == Message.Status.PUBLISHED

    Conversation.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    assert start(member, others[3], body="Bonjour").conversation.created_by == member


def test_an_older_account_starts_twenty_conversations_a_day(member):
    seasoned(member)
    others = MemberFactory.create_batch(21)
    for other in others[:20]:
        start(member, other, body=f"Bonjour {other.username}")
    with pytest.raises(ValidationError) as error:
        start(member, others[20], body="Bonjour")
    assert "You may start 20 conversations a day" in error.value.messages[0]


def test_the_same_text_in_a_third_conversation_is_held(member):
    seasoned(member)
    others = MemberFactory.create_batch(4)
    first, second = (start(member, other, body=SPAM) for other in others[:2])
    third = start(member, others[2], body=SPAM.upper().replace(" ", "  "))
    fourth = start(member, others[3], body=SPAM)

    assert [first.status, second.status] == [Message.Status.PUBLISHED] * 2
    assert [third.status, fourth.status] == [Message.Status.HELD] * 2
    # Nobody reads a held message but its author; it is not the conversation's latest.
    third.conversation.refresh_from_db()
    assert third.conversation.last_message is None
    assert selectors.unread_count(others[2]) == 0
    assert not Message.objects.filter(pk=third.pk).shown_to(others[2]).exists()
    assert Message.objects.filter(pk=third.pk).shown_to(member).exists()


def test_short_texts_and_texts_of_yesterday_are_not_held(member):
    seasoned(member)
    others = MemberFactory.create_batch(6)
    assert all(
        start(member, other, body="Merci beaucoup !").status == Message.Status.PUBLISHED
        for other in others[:3]
    )
    for other in others[3:5]:
        start(member, other, body=SPAM)
    Message.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert start(member, others[5], body=SPAM).status == Message.Status.PUBLISHED


def test_the_same_text_again_in_one_conversation_is_not_a_mass_mailing(member, other_member):
    seasoned(member)
    conversation = start(member, other_member, body=SPAM).conversation
    for _ in range(3):
        message = services.message_send(author=member, conversation=conversation, body=SPAM)
    assert message.status == Message.Status.PUBLISHED


# --- Reading, leaving -----------------------------------------------------------------------


def test_reading_marks_the_conversation_read_never_back(member, other_member, conversation):
    later = services.message_send(author=member, conversation=conversation, body="Et aussi…")
    assert selectors.unread_count(other_member) == 1

    first_id = conversation.messages.order_by("id").first().pk
    assert services.conversation_read(
        member=other_member, conversation=conversation, up_to=first_id
    )
    assert selectors.unread_count(other_member) == 1
    services.conversation_read(member=other_member, conversation=conversation, up_to=later.pk)
    assert selectors.unread_count(other_member) == 0
    assert not services.conversation_read(
        member=other_member, conversation=conversation, up_to=first_id
    )
    participant = Participant.objects.get(member=other_member)
    assert participant.last_read_message_id == later.pk
    assert participant.last_read_at is not None


def test_leaving_ends_the_conversation_for_the_member(member, other_member, conversation):
    services.conversation_leave(member=other_member, conversation=conversation)

    assert Participant.objects.get(member=other_member).has_left
    assert selectors.unread_count(other_member) == 0
    assert selectors.open_direct_conversation(member, other_member) is None
    with pytest.raises(ValidationError) as error:
        services.message_send(author=member, conversation=conversation, body="Tu es là ?")
    assert error.value.code == "alone"
    with pytest.raises(PermissionDenied):
        services.conversation_leave(member=other_member, conversation=conversation)
    # Writing again starts a new conversation.
    assert start(member, other_member).conversation != conversation


# --- Reports and moderation -----------------------------------------------------------------


def test_a_member_reports_a_message_of_their_conversation(member, other_member, conversation):
    message = conversation.messages.get()
    report = services.message_report(reporter=other_member, message=message, reason="spam")

    assert report.target == message
    assert report.status == Report.Status.OPEN
    with pytest.raises(ValidationError):
        services.message_report(reporter=other_member, message=message, reason="spam")
    with pytest.raises(PermissionDenied):
        services.message_report(reporter=member, message=message, reason="spam")


def test_only_a_member_of_the_conversation_reports_its_messages(third_member, conversation):
    with pytest.raises(PermissionDenied):
        services.message_report(
            reporter=third_member, message=conversation.messages.get(), reason="abuse"
        )
    assert not Report.objects.exists()


def test_the_queue_hides_a_message_through_its_handler(
    member, other_member, moderator, conversation
):
    first = conversation.messages.get()
    second = services.message_send(author=member, conversation=conversation, body="Alors ?")
    handler = hide_handlers.for_target(second)

    handler(second, moderator=moderator, reason="Insistant")

    second.refresh_from_db()
    conversation.refresh_from_db()
    assert second.status == Message.Status.HIDDEN
    assert conversation.last_message == first
    action = ModerationAction.objects.get()
    assert (action.kind, action.member, action.reason) == ("hide", member, "Insistant")
    with pytest.raises(PermissionDenied):
        services.message_hide(first, moderator=other_member)


def test_a_moderator_delivers_a_held_message_and_its_members_hear_of_it(
    member, moderator, django_capture_on_commit_callbacks
):
    seasoned(member)
    others = MemberFactory.create_batch(3, language="en")
    held = [start(member, other, body=SPAM) for other in others][-1]
    assert held.status == Message.Status.HELD
    assert selectors.unread_count(others[2]) == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.message_approve(moderator=moderator, message=held)

    held.refresh_from_db()
    assert held.status == Message.Status.PUBLISHED
    assert selectors.unread_count(others[2]) == 1
    assert others[2].notifications.filter(kind="message").exists()
    assert ModerationAction.objects.filter(kind="approve", member=member).exists()


# --- The account ----------------------------------------------------------------------------


def test_the_data_export_holds_the_members_messages_and_choice(member, other_member, conversation):
    services.preference_set(member=member, accepts_from="met")
    services.message_send(author=other_member, conversation=conversation, body="Réponse de Karim")

    export = member_export_data(member=member)["private_messages"]

    assert export["who_may_write_to_me"] == "met"
    assert [c["conversation"] for c in export["conversations"]] == [conversation.pk]
    assert [m["body"] for m in export["messages_written"]] == [HELLO]


def test_a_deleted_account_leaves_its_conversations_and_its_words_stay(
    member, other_member, conversation
):
    services.preference_set(member=member, accepts_from="nobody")

    member_account_delete(member=member)

    assert Participant.objects.get(member=member).has_left
    assert not MessagePreference.objects.filter(member=member).exists()
    message = conversation.messages.get()
    assert message.body == HELLO
    assert message.author.is_deleted
