"""What members report and what moderators do, for every kind of content on the site."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """A member's report of a post, a recommendation… that they think breaks the rules."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Insulting, harassing or hateful")
        PERSONAL_DATA = "personal_data", _("Personal data disclosed")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Action taken")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reports_made",
        verbose_name=_("reporter"),
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of content")
    )
    target_id = models.PositiveBigIntegerField(_("content number"))
    target = GenericForeignKey("target_type", "target_id")
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_handled",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            # One open report per member and per piece of content: reporting twice adds nothing.
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=Q(status="open"),
                name="report_one_open_per_reporter_and_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.target_type.name} #{self.target_id}"


class ModerationAction(models.Model):
    """The log of moderation: who did what to which content or member, when and why."""

    class Kind(models.TextChoices):
        SUSPEND = "suspend", _("Suspended a member")
        LIFT_SUSPENSION = "lift_suspension", _("Lifted a suspension")
        HIDE = "hide", _("Hid content")
        UNHIDE = "unhide", _("Made content visible again")
        DISMISS_REPORT = "dismiss_report", _("Dismissed a report")
        WARN = "warn", _("Warned a member")
        LOCK = "lock", _("Locked a topic")
        UNLOCK = "unlock", _("Unlocked a topic")
        PIN = "pin", _("Pinned a topic")
        UNPIN = "unpin", _("Unpinned a topic")
        MOVE = "move", _("Moved a topic")
        EDIT = "edit", _("Edited content")
        APPROVE = "approve", _("Approved a held post")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="moderation_actions",
        verbose_name=_("moderator"),
    )
    kind = models.CharField(_("action"), max_length=20, choices=Kind.choices)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of content")
    )
    target_id = models.PositiveBigIntegerField(_("content number"))
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(_("target"), max_length=200)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions_received",
        verbose_name=_("member concerned"),
        help_text=_("The member whose account or content the action is about."),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        # “5 moderation log entries”: the admin counts them with these names.
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target_label}"
