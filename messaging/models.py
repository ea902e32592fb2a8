"""Private messages between members: conversations of two members or a small group, their
messages, and each member's choice of who may write to them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Members in one conversation, its starter included: a small group, not a mailing list.
MAX_MEMBERS = 8
BODY_MAX_LENGTH = 5000
SUBJECT_MAX_LENGTH = 120


class Conversation(models.Model):
    """A private exchange between members. ``last_message`` is the latest published message:
    the conversation list orders on it and the unread counts compare with it."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH, blank=True)
    # Started for more than one other member: a one-to-one conversation is reused when the same
    # two members write again, a group never is.
    is_group = models.BooleanField(_("group conversation"), default=False)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    last_message = models.ForeignKey(
        "Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("latest message"),
    )
    last_message_at = models.DateTimeField(_("latest message at"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            # The daily limit on conversations a member starts.
            models.Index("created_by", F("created_at").desc(), name="conversation_started_idx"),
        ]

    def __str__(self) -> str:
        return self.subject or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:conversation", args=[self.pk])


class Participant(models.Model):
    """A member in a conversation. ``last_read_message_id``: the latest message they have seen
    (0 for none), so that the messages after it are their unread ones."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("conversation"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conversation_participations",
        verbose_name=_("member"),
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    last_read_message_id = models.PositiveBigIntegerField(_("latest message read"), default=0)
    last_read_at = models.DateTimeField(_("last read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "member"], name="participant_once_per_conversation"
            ),
        ]
        indexes = [
            # A member's conversations (the list, the navbar's unread count).
            models.Index(
                fields=["member"], name="participant_current_idx", condition=Q(left_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.conversation_id}"

    @property
    def has_left(self) -> bool:
        return self.left_at is not None


class MessageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Message.Status.PUBLISHED)

    def shown_to(self, member):
        """What a participant sees: published and hidden messages (a hidden one as a line that
        says so), and their own held ones."""
        return self.filter(
            Q(status__in=[Message.Status.PUBLISHED, Message.Status.HIDDEN])
            | Q(status=Message.Status.HELD, author=member)
        )


class Message(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held for review")
        HIDDEN = "hidden", _("Hidden by a moderator")

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("conversation"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="private_messages",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    # What the sender wrote from, when an app opened the conversation for them (a mission):
    # shown above the message as a link.
    context_title = models.CharField(_("about"), max_length=200, blank=True)
    context_url = models.CharField(_("link"), max_length=300, blank=True)
    # The normalised text's digest: the same text sent to many conversations is held.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("private message")
        verbose_name_plural = _("private messages")
        indexes = [
            # A conversation's pages, read by ranges of ids.
            models.Index(fields=["conversation", "id"], name="message_conversation_idx"),
            models.Index(
                "author", "fingerprint", F("created_at").desc(), name="message_same_text_idx"
            ),
            models.Index(
                "status", "created_at", name="message_held_idx", condition=Q(status="held")
            ),
        ]

    def __str__(self) -> str:
        return _("Message #%(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        """The page of its conversation that ends with it, for its participants."""
        url = reverse("messaging:conversation", args=[self.conversation_id])
        return f"{url}?before={self.pk + 1}#message-{self.pk}"

    def get_moderation_url(self) -> str:
        """Where moderators read it with the messages around it (never the whole
        conversation): the admin's review page."""
        return reverse("admin:messaging_messageunderreview_change", args=[self.pk])


class MessageUnderReview(Message):
    """The messages moderators may open: held ones and reported ones, each with the few
    messages around it. The admin lists no other message and no conversation."""

    class Meta:
        proxy = True
        verbose_name = _("message to review")
        verbose_name_plural = _("messages to review")


class MessagePreference(models.Model):
    """Who may start a conversation with the member. No row: everyone."""

    class AcceptsFrom(models.TextChoices):
        EVERYONE = "everyone", _("Every member")
        MET = "met", _("Members I have met or recommended")
        NOBODY = "nobody", _("Nobody")

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="message_preference",
        verbose_name=_("member"),
    )
    accepts_from = models.CharField(
        _("who may write to me"),
        max_length=10,
        choices=AcceptsFrom.choices,
        default=AcceptsFrom.EVERYONE,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("private messages preference")
        verbose_name_plural = _("private messages preferences")

    def __str__(self) -> str:
        return f"{self.member} · {self.accepts_from}"
