import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import email_send

from .models import ModerationAction, Report
from .signals import moderation_action_logged


def moderation_log(
    *, actor, kind: str, target: Model, member=None, reason: str = ""
) -> ModerationAction:
    """Writes one line of the moderation log; every moderation service calls it. The member
    concerned hears of it after commit (notifications listen to ``moderation_action_logged``)."""
    action = ModerationAction.objects.create(
        actor=actor,
        kind=kind,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        target_label=str(target)[:200],
        member=member,
        reason=reason,
    )
    transaction.on_commit(
        lambda: moderation_action_logged.send(
            sender=ModerationAction, action=action, target=target
        ),
        robust=True,
    )
    return action


def report_create(*, reporter, target: Model, reason: str, note: str = "") -> Report:
    """Files a report, once: a second open report on the same content by the same member fails."""
    report = Report(
        reporter=reporter,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        reason=reason,
        note=note.strip(),
    )
    report.full_clean(exclude=["target_type", "target_id"], validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this; the moderators will look at it.")
        ) from None
    return report


@transaction.atomic
def reports_close(*, reports, moderator, status: str) -> int:
    """Closes open reports as resolved (action taken) or dismissed."""
    closed = 0
    for report in reports.select_for_update().filter(status=Report.Status.OPEN):
        report.status = status
        report.handled_by = moderator
        report.handled_at = timezone.now()
        report.save(update_fields=["status", "handled_by", "handled_at"])
        if status == Report.Status.DISMISSED:
            moderation_log(
                actor=moderator, kind=ModerationAction.Kind.DISMISS_REPORT, target=report
            )
        closed += 1
    return closed


def reports_close_for_target(*, target: Model, moderator, status: str) -> int:
    return reports_close(
        reports=Report.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        ),
        moderator=moderator,
        status=status,
    )


@contextmanager
def _as_the_member_reads(member) -> Iterator[None]:
    """The member's language and timezone, for what moderators send them by e-mail."""
    try:
        zone = zoneinfo.ZoneInfo(member.timezone) if member.timezone else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = None
    with translation.override(member.language), timezone.override(zone):
        yield


def _moderation_email_headers() -> dict[str, str]:
    # A member's answer reaches the moderators, whatever address the site sends from.
    return {"Reply-To": settings.MODERATION_EMAIL}


def member_warn(*, moderator, member, message: str, target: Model | None = None) -> None:
    """Sends a member the moderators' warning by e-mail, linked to the content concerned, and
    logs it (the log's signal puts the warning under the member's bell too)."""
    moderation_log(
        actor=moderator,
        kind=ModerationAction.Kind.WARN,
        target=target if target is not None else member,
        member=member,
        reason=message,
    )
    url = ""
    if target is not None and hasattr(target, "get_absolute_url"):
        url = target.get_absolute_url()
    with _as_the_member_reads(member):
        email_send(
            to=member.email,
            subject=_("A word from the moderators"),
            text_template="moderation/email/warning.txt",
            html_template="moderation/email/warning.html",
            context={"member": member, "message": message, "url": url},
            headers=_moderation_email_headers(),
        )


def suspension_notice_send(*, member) -> None:
    """E-mails a member who was just suspended: why, until when, and how to answer or contest
    it. The members app calls it after the suspension is committed; the page a suspended member
    sees when they come back refers to this e-mail."""
    with _as_the_member_reads(member):
        email_send(
            to=member.email,
            subject=_("Your FreelanceHub account is suspended"),
            text_template="moderation/email/suspension.txt",
            html_template="moderation/email/suspension.html",
            context={
                "member": member,
                "reason": member.suspension_reason,
                "until": member.suspended_until,
                "contact_url": reverse("legal:contact"),
            },
            headers=_moderation_email_headers(),
        )
