from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .documents import ACCEPTED_DOCUMENTS


class Acceptance(models.Model):
    """A member accepted one version of a document (the terms of use, the community charter)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="legal_acceptances",
        verbose_name=_("member"),
    )
    document = models.CharField(
        _("document"),
        max_length=16,
        choices=[(document.slug, document.title) for document in ACCEPTED_DOCUMENTS],
    )
    version = models.CharField(_("version"), max_length=16)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "document", "version"], name="acceptance_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.document} {self.version}"


class ContactMessage(models.Model):
    """A message sent to the moderators through the contact page, by a member or a visitor."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("member"),
        help_text=_("Empty when a visitor wrote."),
    )
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("e-mail address"))
    subject = models.CharField(_("subject"), max_length=120)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
