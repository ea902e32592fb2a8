from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

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


def member_warn(*, moderator, member, message: str, target: Model | None = None) -> None:
    """Sends a member the moderators' warning by e-mail and logs it."""
    from django.utils import translation

    from core.mail import email_send

    moderation_log(
        actor=moderator,
        kind=ModerationAction.Kind.WARN,
        target=target if target is not None else member,
        member=member,
        reason=message,
    )
    with translation.override(member.language):
        email_send(
            to=member.email,
            subject=_("A word from the moderators"),
            text_template="moderation/email/warning.txt",
            html_template="moderation/email/warning.html",
            context={"member": member, "message": message},
        )
