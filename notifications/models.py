"""In-app notifications, their e-mail delivery, and each member's choices about them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPLY = "reply", _("A reply in a topic you watch")
    MENTION = "mention", _("Someone mentions you")
    LIKE = "like", _("Someone likes your post")
    SOLUTION = "solution", _("Your reply is accepted as the answer")
    NEW_TOPIC = "new_topic", _("A new topic in a board or tag you watch")
    RECOMMENDATION = "recommendation", _("Someone recommends you")
    WAITLIST_PROMOTION = "waitlist_promotion", _("A seat frees up for you at an event")
    EVENT_CHANGED = "event_changed", _("An event you attend changes")
    EVENT_CANCELLED = "event_cancelled", _("An event you attend is cancelled")
    EVENT_REMINDER = "event_reminder", _("Reminders before your events")
    EVENT_MESSAGE = "event_message", _("Organisers write to an event's attendees")
    MODERATION = "moderation", _("A moderator acts on your content")
    CHOCOSKYPE = "chocoskype", _("ChocoSkype: your new pair, the time picked, a cancellation")
    WEEKLY_DIGEST = "weekly_digest", _("The week's best discussions, open questions and events")
    MESSAGE = "message", _("A private message")
    MISSION = "mission", _("A mission matching your trade")
    REFERRAL = "referral", _("A member passes you a mission or thanks you")


class Channel(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail me at once")
    DAILY = "daily", _("In the daily digest")
    WEEKLY = "weekly", _("In the weekly digest")
    NEVER = "never", _("Never by e-mail")


# What a member gets by e-mail until they choose: what concerns them directly comes at once;
# the chatter of the boards waits for the digest.
DEFAULT_CHANNELS = {
    Kind.REPLY: Channel.DAILY,
    Kind.MENTION: Channel.IMMEDIATE,
    Kind.LIKE: Channel.WEEKLY,
    Kind.SOLUTION: Channel.IMMEDIATE,
    Kind.NEW_TOPIC: Channel.WEEKLY,
    Kind.RECOMMENDATION: Channel.IMMEDIATE,
    Kind.WAITLIST_PROMOTION: Channel.IMMEDIATE,
    Kind.EVENT_CHANGED: Channel.IMMEDIATE,
    Kind.EVENT_CANCELLED: Channel.IMMEDIATE,
    Kind.EVENT_REMINDER: Channel.IMMEDIATE,
    Kind.EVENT_MESSAGE: Channel.IMMEDIATE,
    Kind.MODERATION: Channel.IMMEDIATE,
    Kind.CHOCOSKYPE: Channel.IMMEDIATE,
    Kind.WEEKLY_DIGEST: Channel.WEEKLY,
    Kind.MESSAGE: Channel.IMMEDIATE,
    Kind.MISSION: Channel.DAILY,
    Kind.REFERRAL: Channel.IMMEDIATE,
}


class Notification(models.Model):
    """One thing that happened for a member. Likes of one post gather in one notification
    (``group_key``) while it is unread: “3 people liked your post”."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_count = models.PositiveIntegerField(default=1)
    title = models.CharField(_("about"), max_length=200)
    excerpt = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300)
    group_key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # The navbar's unread count: an index-only count of a member's unread rows.
            models.Index(
                fields=["recipient"], name="notification_unread_idx",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-updated_at"], name="notification_recent_idx"),
        ]  # fmt: skip
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "group_key"], name="notification_group_once_unread",
                condition=Q(read_at__isnull=True) & ~Q(group_key=""),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"


class Preference(models.Model):
    """A member's choice of e-mail delivery for one kind of notification."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=24, choices=Kind)
    channel = models.CharField(max_length=10, choices=Channel)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="preference_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.kind} · {self.channel}"


class DigestRun(models.Model):
    """One digest sent to one member for one period: the marker that stops a second sending."""

    class Period(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8, choices=Period.choices)
    period_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period", "period_start"], name="digest_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.period} · {self.period_start}"


class BouncedAddress(models.Model):
    """An e-mail address whose mail bounces: nothing more is sent to it until removed here."""

    email = models.EmailField(_("e-mail address"), unique=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    bounced_at = models.DateTimeField(_("bounced at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bouncing address")
        verbose_name_plural = _("bouncing addresses")
        ordering = ["-bounced_at"]

    def __str__(self) -> str:
        return self.email
