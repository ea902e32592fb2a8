"""Reading private messages: a member's conversations, a conversation's pages by ranges of ids,
the unread counts, and who may write to whom. A conversation is found among the reader's own
only: anyone else's is a 404."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chocoskype.models import Binome, Pairing, PairingMember
from core.paging import UncountedPage, UncountedPaginator
from events.models import Event, Rsvp
from members.models import Block, Member, Recommendation
from members.selectors import AUTHOR_FIELDS

from .models import Conversation, Message, MessagePreference, Participant

MESSAGES_PER_PAGE = 50
CONVERSATIONS_PER_PAGE = 20
AcceptsFrom = MessagePreference.AcceptsFrom
# The member of the outer query's row, in the expressions below.
OUTER_MEMBER = OuterRef("pk")

# What a conversation's page and list show of each member: their card's name and picture.
MEMBER_FIELDS = [*AUTHOR_FIELDS, "is_active", "suspended_at", "suspended_until"]


def _member_fields(relation: str) -> list[str]:
    return [f"{relation}__{field}" for field in MEMBER_FIELDS]


# --- Who may write to whom ----------------------------------------------------------------


def _blocked_either_way(viewer, member=OUTER_MEMBER) -> Exists:
    return Exists(
        Block.objects.filter(Q(blocker=viewer, blocked=member) | Q(blocker=member, blocked=viewer))
    )


def have_met(viewer, member=OUTER_MEMBER):
    """Whether the two members know each other from the site: a ChocoSkype pair or binôme, a
    recommendation either way, an event both attended, or a conversation they shared. An
    expression on ``member`` (the outer row's member by default), for one query whatever the
    number of members."""
    pairs = PairingMember.objects.filter(
        member=member,
        pairing__members__member=viewer,
        pairing__status__in=[
            Pairing.Status.PROPOSED,
            Pairing.Status.SCHEDULED,
            Pairing.Status.CANCELLED,
        ],
    )
    binomes = Binome.objects.filter(started_at__isnull=False).filter(
        Q(member_a=viewer, member_b=member) | Q(member_a=member, member_b=viewer)
    )
    recommendations = Recommendation.objects.not_removed().filter(
        Q(author=viewer, recipient=member) | Q(author=member, recipient=viewer)
    )
    events = Rsvp.objects.filter(
        member=member,
        status=Rsvp.Status.GOING,
        event__starts_at__lt=timezone.now(),
        event__rsvps__member=viewer,
        event__rsvps__status=Rsvp.Status.GOING,
    ).exclude(event__status=Event.Status.CANCELLED)
    conversations = Participant.objects.filter(
        member=member, conversation__participants__member=viewer
    )
    return (
        Exists(pairs)
        | Exists(binomes)
        | Exists(recommendations)
        | Exists(events)
        | Exists(conversations)
    )


def _accepts_from(member=OUTER_MEMBER) -> Coalesce:
    return Coalesce(
        Subquery(MessagePreference.objects.filter(member=member).values("accepts_from")[:1]),
        Value(AcceptsFrom.EVERYONE),
        output_field=CharField(),
    )


def members_with_write_state(members: QuerySet, viewer) -> QuerySet:
    """Adds to each member whether ``viewer`` may write to them (``messaging_may_write``),
    in the members' own query: the directory's cards and a profile call it through
    members.hooks. A visitor's query is left as it is."""
    if not viewer.is_authenticated:
        return members
    now = timezone.now()
    suspended = Q(suspended_at__isnull=False) & (
        Q(suspended_until__isnull=True) | Q(suspended_until__gt=now)
    )
    return members.alias(messaging_accepts=_accepts_from()).annotate(
        messaging_may_write=Case(
            When(Q(pk=viewer.pk) | suspended, then=Value(False)),
            When(_blocked_either_way(viewer), then=Value(False)),
            When(Q(messaging_accepts=AcceptsFrom.NOBODY), then=Value(False)),
            When(Q(messaging_accepts=AcceptsFrom.MET) & ~have_met(viewer), then=Value(False)),
            default=Value(True),
        )
    )


def may_write(viewer, member) -> bool:
    """Whether ``viewer`` may start a conversation with ``member``: both can take part, neither
    blocked the other, and the member accepts messages from them."""
    if not viewer.is_authenticated or not viewer.can_post or viewer.pk == member.pk:
        return False
    if not member.is_active or member.is_deleted or member.is_suspended:
        return False
    return bool(
        members_with_write_state(Member.objects.filter(pk=member.pk), viewer)
        .values_list("messaging_may_write", flat=True)
        .first()
    )


def accepts_from(member) -> str:
    return (
        MessagePreference.objects.filter(member=member)
        .values_list("accepts_from", flat=True)
        .first()
        or AcceptsFrom.EVERYONE
    )


# --- A member's conversations -------------------------------------------------------------


def get_participant(member, conversation_id: int) -> Participant:
    """The member's place in a conversation they are still in, with the conversation; a 404
    for anyone else (a third member, a moderator, one who left)."""
    if not member.is_authenticated:
        raise Http404
    try:
        return Participant.objects.select_related("conversation").get(
            conversation_id=conversation_id, member=member, left_at__isnull=True
        )
    except Participant.DoesNotExist:
        raise Http404 from None


def open_direct_conversation(first, second) -> Conversation | None:
    """The one-to-one conversation the two members are both still in, if any."""
    return (
        Conversation.objects.filter(is_group=False)
        .filter(
            Exists(
                Participant.objects.filter(
                    conversation=OuterRef("pk"), member=first, left_at__isnull=True
                )
            ),
            Exists(
                Participant.objects.filter(
                    conversation=OuterRef("pk"), member=second, left_at__isnull=True
                )
            ),
        )
        .order_by("-pk")
        .first()
    )


def _unread_messages(member) -> QuerySet:
    return (
        Message.objects.published()
        .filter(
            conversation=OuterRef("conversation_id"),
            id__gt=OuterRef("last_read_message_id"),
        )
        .exclude(author=member)
    )


def conversations_of(member, *, page) -> UncountedPage:
    """The conversations the member is in, latest message first, each with its count of unread
    messages, the latest message and the other members: one query for the page, one for the
    members."""
    unread = (
        _unread_messages(member)
        .order_by()
        .values("conversation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    participations = (
        Participant.objects.filter(member=member, left_at__isnull=True)
        .select_related("conversation", "conversation__last_message")
        .only(
            "conversation_id",
            "last_read_message_id",
            "conversation__subject",
            "conversation__is_group",
            "conversation__created_at",
            "conversation__last_message_at",
            "conversation__last_message__body_html",
            "conversation__last_message__author_id",
            "conversation__last_message__created_at",
        )
        .annotate(unread_count=Coalesce(Subquery(unread[:1]), 0))
        .order_by(F("conversation__last_message_at").desc(nulls_last=True), "-conversation_id")
    )
    page_obj = UncountedPaginator(participations, CONVERSATIONS_PER_PAGE).get_page(page)
    members_attach([participation.conversation for participation in page_obj], viewer=member)
    return page_obj


def members_attach(conversations, *, viewer) -> None:
    """Sets ``conversation.others`` to the members in it other than ``viewer`` (those who left
    included, marked by ``has_left``), in one query."""
    conversations = list(conversations)
    if not conversations:
        return
    others = (
        Participant.objects.filter(conversation__in=conversations)
        .exclude(member=viewer)
        .select_related("member")
        .only("conversation_id", "left_at", "member_id", *_member_fields("member"))
        .order_by("joined_at", "pk")
    )
    by_conversation: dict[int, list[Participant]] = {}
    for participant in others:
        by_conversation.setdefault(participant.conversation_id, []).append(participant)
    for conversation in conversations:
        conversation.others = by_conversation.get(conversation.pk, [])


def conversation_title(conversation) -> str:
    """Its subject, else the names of the other members (``members_attach`` first)."""
    if conversation.subject:
        return conversation.subject
    names = [participant.member.public_name for participant in conversation.others]
    return ", ".join(names) if names else _("Conversation")


def unread_count(member) -> int:
    """How many of the member's conversations have a message they have not read."""
    return unread_conversations(member).count()


def unread_conversations(member) -> QuerySet:
    """The member's places in conversations whose latest message came after the last one they
    read: the navbar counts them (with the bell, in one query: notifications.registry)."""
    return Participant.objects.filter(
        member=member,
        left_at__isnull=True,
        conversation__last_message_id__gt=F("last_read_message_id"),
    )


def unread_count_query(member) -> QuerySet:
    """``unread_count`` as a one-value query, for the navbar's counts (notifications)."""
    return (
        unread_conversations(member)
        .order_by()
        .values("member")
        .annotate(count=Count("*"))
        .values("count")
    )


# --- A conversation's page ----------------------------------------------------------------


@dataclass
class MessagesPage:
    """Up to MESSAGES_PER_PAGE messages, oldest first, and where the neighbouring pages start.
    Read by a range of ids from the conversation's index: the tenth page back costs what the
    latest does."""

    messages: list[Message]
    has_earlier: bool
    has_later: bool

    @property
    def first_id(self) -> int | None:
        return self.messages[0].pk if self.messages else None

    @property
    def last_id(self) -> int | None:
        return self.messages[-1].pk if self.messages else None

    @property
    def is_latest(self) -> bool:
        return not self.has_later


def _messages_of(conversation_id: int, viewer) -> QuerySet:
    return (
        Message.objects.filter(conversation_id=conversation_id)
        .shown_to(viewer)
        .select_related("author")
        .only(
            "conversation_id",
            "author_id",
            "body_html",
            "context_title",
            "context_url",
            "status",
            "created_at",
            *_member_fields("author"),
        )
    )


def messages_page(
    *, conversation_id: int, viewer, before: int | None = None, after: int | None = None
) -> MessagesPage:
    """The latest messages, or those before the id ``before``, or those after ``after``."""
    messages = _messages_of(conversation_id, viewer)
    limit = MESSAGES_PER_PAGE + 1
    if after is not None:
        rows = list(messages.filter(id__gt=after).order_by("id")[:limit])
        has_later = len(rows) == limit
        rows = rows[:MESSAGES_PER_PAGE]
        return MessagesPage(messages=rows, has_earlier=True, has_later=has_later)
    if before is not None:
        messages = messages.filter(id__lt=before)
    rows = list(messages.order_by("-id")[:limit])
    has_earlier = len(rows) == limit
    rows = rows[:MESSAGES_PER_PAGE]
    rows.reverse()
    return MessagesPage(messages=rows, has_earlier=has_earlier, has_later=before is not None)


def messages_after(*, conversation_id: int, viewer, after: int) -> list[Message]:
    """The messages that came after the id ``after``: what a conversation's open page adds
    every few seconds (at most a page of them; more, and the page is reloaded)."""
    return list(
        _messages_of(conversation_id, viewer)
        .filter(id__gt=after)
        .order_by("id")[: MESSAGES_PER_PAGE + 1]
    )


def participants_of(conversation_id: int, *, viewer) -> list[Participant]:
    """Everyone in the conversation, the viewer first, with whether they and the viewer
    blocked each other (``blocked``): one query."""
    return list(
        Participant.objects.filter(conversation_id=conversation_id)
        .select_related("member")
        .only(
            "conversation_id",
            "member_id",
            "joined_at",
            "left_at",
            "last_read_message_id",
            *_member_fields("member"),
        )
        .annotate(
            blocked=_blocked_either_way(viewer, OuterRef("member_id")),
            is_viewer=Case(When(member=viewer, then=Value(0)), default=Value(1)),
        )
        .order_by("is_viewer", "joined_at", "pk")
    )


def context_of(message: Message, *, around: int = 5) -> list[Message]:
    """The message with the ``around`` messages before and after it in its conversation, any
    status: what a moderator reads of a conversation, and nothing more."""
    siblings = (
        Message.objects.filter(conversation_id=message.conversation_id)
        .select_related("author")
        .only("author_id", "conversation_id", "body_html", "status", "created_at",
              *_member_fields("author"))
    )  # fmt: skip
    before = list(siblings.filter(id__lt=message.pk).order_by("-id")[:around])
    after = list(siblings.filter(id__gt=message.pk).order_by("id")[:around])
    return [*reversed(before), message, *after]


def message_for_participant(member, message_id: int) -> Message:
    """A message someone may report: one they can see in a conversation they are in."""
    if not member.is_authenticated:
        raise Http404
    message = (
        Message.objects.filter(
            Exists(
                Participant.objects.filter(
                    conversation=OuterRef("conversation_id"),
                    member=member,
                    left_at__isnull=True,
                )
            ),
            pk=message_id,
        )
        .shown_to(member)
        .select_related("author", "conversation")
        .first()
    )
    if message is None:
        raise Http404
    return message


# --- The data export ----------------------------------------------------------------------


def export_of(member) -> dict:
    """The member's conversations (when they joined and left) and the messages they wrote."""
    participations = (
        Participant.objects.filter(member=member)
        .select_related("conversation")
        .order_by("joined_at", "pk")
    )
    messages = Message.objects.filter(author=member).order_by("id")
    return {
        "who_may_write_to_me": accepts_from(member),
        "conversations": [
            {
                "conversation": participation.conversation_id,
                "subject": participation.conversation.subject,
                "joined_at": participation.joined_at.isoformat(),
                "left_at": participation.left_at.isoformat() if participation.left_at else None,
            }
            for participation in participations
        ],
        "messages_written": [
            {
                "conversation": message.conversation_id,
                "body": message.body,
                "status": message.status,
                "sent_at": message.created_at.isoformat(),
            }
            for message in messages
        ],
    }


def new_message_url(member) -> str:
    return reverse("messaging:new", args=[member.username])
