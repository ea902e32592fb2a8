"""A ChocoSkype one member proposes to another from their profile, outside the rounds: the
invited member accepts (three times are then proposed, as for a round's pair) or declines."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import Member
from members.selectors import blocked_either_way
from notifications.models import Kind
from notifications.services import notify

from .models import DayPart, Pairing, PairingMember, Participant, slot_code
from .pairing import proposed_times, week_hours

# Per member and per seven days: enough to meet people, too few to canvass the directory.
INVITATIONS_PER_WEEK = 5
# The invited member needs a little time to see the times before the first one.
FIRST_TIME_AFTER = timedelta(hours=24)
PROPOSED_COUNT = 3
# Office hours on weekdays: the times offered to someone who has not said which suit them.
WORKING_SLOTS = [
    slot_code(weekday, part)
    for weekday in range(5)
    for part in (DayPart.MORNING, DayPart.AFTERNOON)
]
NOTIFICATION_KIND = Kind.CHOCOSKYPE


def invitation_send(*, inviter: Member, invitee: Member, message: str = "") -> Pairing:
    with transaction.atomic():
        # One invitation at a time per inviter, so that the weekly limit holds under
        # double clicks and parallel requests.
        Member.objects.select_for_update().filter(pk=inviter.pk).first()
        if not inviter.can_post:
            raise PermissionDenied
        if inviter.pk == invitee.pk:
            raise ValidationError(_("You cannot invite yourself."))
        if not (invitee.open_to_chocoskype and invitee.can_post):
            raise ValidationError(_("This member does not take ChocoSkype invitations."))
        if blocked_either_way(inviter, invitee):
            raise ValidationError(_("You cannot invite this member."))
        pending = Pairing.objects.filter(
            status=Pairing.Status.INVITED, members__member=invitee
        ).filter(members__member=inviter)
        if pending.exists():
            raise ValidationError(
                _("Your invitation to this member is still waiting for an answer.")
            )
        sent = Pairing.objects.filter(
            invited_by=inviter, created_at__gte=timezone.now() - timedelta(days=7)
        ).count()
        if sent >= INVITATIONS_PER_WEEK:
            raise ValidationError(
                _("You have sent %(count)d invitations this week: wait a few days to send more.")
                % {"count": INVITATIONS_PER_WEEK}
            )
        pairing = Pairing.objects.create(
            status=Pairing.Status.INVITED, invited_by=inviter, message=message.strip()
        )
        PairingMember.objects.bulk_create(
            [
                PairingMember(pairing=pairing, member=inviter),
                PairingMember(pairing=pairing, member=invitee),
            ]
        )
        transaction.on_commit(lambda: _tell_invitee(pairing, inviter, invitee), robust=True)
    return pairing


def _tell_invitee(pairing: Pairing, inviter: Member, invitee: Member) -> None:
    with translation.override(invitee.language):
        notify(
            recipient=invitee,
            kind=NOTIFICATION_KIND,
            actor=inviter,
            title=_("%(name)s invites you to a ChocoSkype") % {"name": inviter.public_name},
            excerpt=pairing.message,
            url=reverse("chocoskype:invitation", args=[pairing.pk]),
        )


def get_invitation_for_member(member, pk: int) -> Pairing:
    """An invitation sent or received by the member; anyone else's is a 404."""
    if not member.is_authenticated:
        raise Http404
    try:
        return (
            Pairing.objects.filter(invited_by__isnull=False, members__member=member)
            .select_related("invited_by")
            .get(pk=pk)
        )
    except Pairing.DoesNotExist:
        raise Http404 from None


def invitation_invitee(pairing: Pairing) -> Member:
    return next(
        pm.member
        for pm in pairing.members.select_related("member")
        if pm.member_id != pairing.invited_by_id
    )


def _invitation_for_answer(member: Member, pk: int) -> Pairing:
    pairing = Pairing.objects.select_for_update().filter(pk=pk).first()
    if pairing is None or pairing.invited_by_id is None:
        raise Http404
    if pairing.invited_by_id == member.pk or not pairing.members.filter(member=member).exists():
        raise PermissionDenied
    if pairing.status != Pairing.Status.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    return pairing


def invitation_accept(*, member: Member, pk: int, now: datetime | None = None) -> Pairing:
    """The invited member says yes: three times that suit both are proposed, as for a round."""
    now = now or timezone.now()
    with transaction.atomic():
        pairing = _invitation_for_answer(member, pk)
        inviter = pairing.invited_by
        if blocked_either_way(inviter, member):
            raise ValidationError(_("You cannot meet this member."))
        pairing.status = Pairing.Status.PROPOSED
        pairing.proposed_times = [
            moment.isoformat() for moment in times_for([inviter, member], now=now)
        ]
        pairing.save(update_fields=["status", "proposed_times", "updated_at"])
        transaction.on_commit(lambda: _tell_inviter(pairing, member, accepted=True), robust=True)
    return pairing


def invitation_decline(*, member: Member, pk: int) -> Pairing:
    with transaction.atomic():
        pairing = _invitation_for_answer(member, pk)
        pairing.status = Pairing.Status.DECLINED
        pairing.save(update_fields=["status", "updated_at"])
        transaction.on_commit(lambda: _tell_inviter(pairing, member, accepted=False), robust=True)
    return pairing


def _tell_inviter(pairing: Pairing, invitee: Member, *, accepted: bool) -> None:
    inviter = pairing.invited_by
    with translation.override(inviter.language):
        if accepted:
            title = _("%(name)s accepts your ChocoSkype: pick a time") % {
                "name": invitee.public_name
            }
        else:
            title = _(
                "%(name)s cannot take up your ChocoSkype for now. Thank you for the thought!"
            ) % {"name": invitee.public_name}
        notify(
            recipient=inviter,
            kind=NOTIFICATION_KIND,
            actor=invitee,
            title=title,
            url=reverse("chocoskype:invitation", args=[pairing.pk]),
        )


def times_for(members: list[Member], *, now: datetime) -> list[datetime]:
    """Up to three times in the coming two weeks that suit every member: in the hours they all
    ticked, or, when they share none, in the hours of the invited member (the last), else in
    office hours. The one who accepts can still propose others on the pair's page."""
    slots = dict(
        Participant.objects.filter(member__in=members, left_at__isnull=True).values_list(
            "member_id", "slots"
        )
    )
    not_before = now + FIRST_TIME_AFTER
    this_monday = timezone.localdate(now) - timedelta(days=timezone.localdate(now).weekday())
    times: list[datetime] = []
    for week_start in (this_monday, this_monday + timedelta(days=7)):
        hours = [
            week_hours(slots.get(member.pk) or WORKING_SLOTS, member.timezone, week_start)
            for member in members
        ]
        common = frozenset.intersection(*hours) or hours[-1]
        times += proposed_times(
            common, week_start, count=PROPOSED_COUNT - len(times), not_before=not_before
        )
        if len(times) >= PROPOSED_COUNT:
            break
    return times[:PROPOSED_COUNT]
