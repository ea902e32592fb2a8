"""Every change to missions and referrals.

Each function checks who acts, runs in one transaction and tells the members concerned only
after commit. A mission changes state only while its row is locked, so that two clicks cannot
pass it twice or pass a mission its author is closing.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.places import Region
from core.usertext import render_markdown
from members.models import Member
from members.selectors import blocked_either_way
from messaging.models import Message
from messaging.services import conversation_start
from moderation.models import ModerationAction
from moderation.services import moderation_log, report_create

from . import notifications
from .models import Interest, Mission, MissionData, Referral
from .selectors import can_moderate_missions

# A few missions a day: enough for anyone who passes work on, too few to flood the board.
MISSIONS_PER_DAY = 5
# Accounts younger than NEW_ACCOUNT_DAYS publish fewer.
NEW_ACCOUNT_DAYS = 7
MISSIONS_PER_DAY_NEW_ACCOUNT = 2
MAX_AMOUNT = Decimal("9999999.99")
# The error code of the daily limit: the form answers 429.
LIMIT_CODE = "limit"


# --- Access ----------------------------------------------------------------------------------


def _require_can_post(member) -> None:
    if not member.is_authenticated or not member.can_post:
        raise PermissionDenied


def _require_author(member, mission: Mission) -> None:
    _require_can_post(member)
    if mission.author_id != member.pk:
        raise PermissionDenied


def _mission_lock(mission: Mission) -> Mission:
    """The mission's row, locked until the end of the transaction (alone: nothing else waits)."""
    return Mission.objects.select_for_update().get(pk=mission.pk)


def _require_open(mission: Mission) -> None:
    if not mission.is_open:
        raise ValidationError(
            _("This mission is no longer open: it was passed on or closed."), code="not_open"
        )


# --- Missions ----------------------------------------------------------------------------------


def _apply(mission: Mission, data: MissionData) -> None:
    """Sets what the author wrote, checked: a translated message on each field at fault."""
    mission.trade = data.trade
    mission.title = " ".join(data.title.split())
    mission.description = data.description.strip()
    mission.description_html = render_markdown(mission.description)
    mission.budget_min = data.budget_min
    mission.budget_max = data.budget_max
    mission.deadline = data.deadline
    mission.remote = data.remote
    mission.region = "" if data.region == Region.REMOTE else data.region
    mission.city = data.city.strip()
    errors: dict[str, list[str]] = {}
    for field in ("budget_min", "budget_max"):
        amount = getattr(mission, field)
        if amount is not None and not (0 < amount <= MAX_AMOUNT):
            errors.setdefault(field, []).append(
                _("Enter an amount above 0 and up to 9,999,999 € excluding VAT.")
            )
    if (
        mission.budget_min is not None
        and mission.budget_max is not None
        and mission.budget_min > mission.budget_max
    ):
        errors.setdefault("budget_max", []).append(
            _("The highest budget cannot be below the lowest one.")
        )
    if not mission.remote and not mission.region:
        errors.setdefault("region", []).append(
            _("Choose the region where the work takes place, or tick “remote”.")
        )
    if mission.deadline is not None and mission.deadline < timezone.localdate():
        errors.setdefault("deadline", []).append(_("The deadline cannot be in the past."))
    if errors:
        raise ValidationError(errors)
    mission.full_clean(exclude=["author", "trade", "taken_by"], validate_constraints=False)


def _check_daily_limit(author: Member) -> None:
    now = timezone.now()
    new_account = author.date_joined > now - timedelta(days=NEW_ACCOUNT_DAYS)
    limit = MISSIONS_PER_DAY_NEW_ACCOUNT if new_account else MISSIONS_PER_DAY
    published = Mission.objects.filter(
        author=author, created_at__gt=now - timedelta(days=1)
    ).count()
    if published < limit:
        return
    if new_account:
        message = ngettext(
            "New members may publish %(count)d mission a day. Please come back tomorrow.",
            "New members may publish %(count)d missions a day. Please come back tomorrow.",
            limit,
        )
    else:
        message = ngettext(
            "You may publish %(count)d mission a day. Please come back tomorrow.",
            "You may publish %(count)d missions a day. Please come back tomorrow.",
            limit,
        )
    raise ValidationError(message % {"count": limit}, code=LIMIT_CODE)


def mission_publish(*, author: Member, data: MissionData) -> Mission:
    """Publishes the author's mission on the board; the members it matches (same trade, in its
    region or anywhere when it is remote) are told once it is committed. ValidationError for
    what is wrong in ``data`` (by field) and past the daily limit (code LIMIT_CODE)."""
    _require_can_post(author)
    with transaction.atomic():
        # Publications of one member run one after the other: two at once cannot pass the limit.
        Member.objects.select_for_update().filter(pk=author.pk).first()
        mission = Mission(author=author)
        _apply(mission, data)
        _check_daily_limit(author)
        mission.save()
        transaction.on_commit(
            lambda: notifications.matching_members_notify.enqueue(mission_id=mission.pk),
            robust=True,
        )
    return mission


@transaction.atomic
def mission_update(*, actor: Member, mission: Mission, data: MissionData) -> Mission:
    """The author corrects their open mission; nobody is told again."""
    _require_author(actor, mission)
    mission = _mission_lock(mission)
    _require_open(mission)
    _apply(mission, data)
    mission.save()
    return mission


@transaction.atomic
def mission_close(*, actor: Member, mission: Mission) -> Mission:
    """The author takes their open mission off the board, without passing it on."""
    _require_author(actor, mission)
    mission = _mission_lock(mission)
    _require_open(mission)
    mission.status = Mission.Status.CLOSED
    mission.closed_at = timezone.now()
    mission.save(update_fields=["status", "closed_at", "updated_at"])
    return mission


def mission_interest(*, member: Member, mission: Mission, body: str) -> tuple[Interest, Message]:
    """« Ça m'intéresse »: writes ``body`` to the author, with the mission's link, in their
    one-to-one conversation (opened if need be), and records the interest for the author's
    panel. The author asked to be written to by publishing: their choice of who may write to
    them does not apply, blocks either way do. Saying it twice is refused (the conversation is
    where to go on); so is a mission no longer open, and one's own. Returns the interest and the
    message (``message.conversation``; a message held for the moderators says so in its
    ``status``)."""
    _require_can_post(member)
    if mission.author_id == member.pk:
        raise PermissionDenied
    with transaction.atomic():
        mission = _mission_lock(mission)
        _require_open(mission)
        if Interest.objects.filter(mission=mission, member=member).exists():
            raise ValidationError(
                _("You already told the author you are interested: go on in your messages."),
                code="already_interested",
            )
        message = conversation_start(
            author=member,
            recipients=[mission.author],
            body=body,
            subject=mission.title,
            context_url=mission.get_absolute_url(),
            invited_by_recipient=True,
        )
        return Interest.objects.create(mission=mission, member=member), message


def mission_pass(*, actor: Member, mission: Mission, receiver: Member) -> Referral:
    """The author marks their open mission taken by ``receiver`` (one of the interested, or any
    member): the mission leaves the board and becomes a referral from the author to them, who is
    told at once."""
    _require_author(actor, mission)
    with transaction.atomic():
        mission = _mission_lock(mission)
        _require_open(mission)
        if receiver.pk == actor.pk:
            raise ValidationError(_("Pass the mission to another member than yourself."))
        if not receiver.is_active or receiver.is_deleted:
            raise ValidationError(_("This member can no longer receive a mission."))
        if blocked_either_way(actor, receiver):
            raise ValidationError(_("You cannot pass a mission to this member."))
        now = timezone.now()
        mission.status = Mission.Status.TAKEN
        mission.taken_by = receiver
        mission.taken_at = now
        mission.save(update_fields=["status", "taken_by", "taken_at", "updated_at"])
        referral = Referral.objects.create(giver=actor, receiver=receiver, mission=mission)
        transaction.on_commit(lambda: notifications.referral_received_notify(referral), robust=True)
    return referral


# --- Referrals ---------------------------------------------------------------------------------


@transaction.atomic
def referral_outcome_set(
    *, actor: Member, referral: Referral, outcome: str, amount: Decimal | None = None
) -> Referral:
    """The receiver says how the work went: won (with its amount, if they wish) or not won.
    The giver hears of it (« merci pour le business ») when the outcome is new; correcting the
    amount of a referral already won tells nobody again."""
    _require_can_post(actor)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.receiver_id != actor.pk:
        raise PermissionDenied
    if outcome not in {Referral.Outcome.WON, Referral.Outcome.LOST}:
        raise ValidationError({"outcome": [_("Say whether you won the work or not.")]})
    if amount is not None and outcome != Referral.Outcome.WON:
        raise ValidationError({"amount": [_("An amount goes with work you won only.")]})
    if amount is not None and not (0 < amount <= MAX_AMOUNT):
        raise ValidationError(
            {"amount": [_("Enter an amount above 0 and up to 9,999,999 € excluding VAT.")]}
        )
    changed = referral.outcome != outcome
    referral.outcome = outcome
    referral.amount = amount
    referral.outcome_at = timezone.now()
    referral.full_clean(exclude=["giver", "receiver", "mission"], validate_constraints=False)
    referral.save(update_fields=["outcome", "amount", "outcome_at"])
    if changed and referral.giver_id is not None:
        transaction.on_commit(lambda: notifications.referral_outcome_notify(referral), robust=True)
    return referral


# --- Moderation --------------------------------------------------------------------------------


def mission_report(*, reporter: Member, mission: Mission, reason: str, note: str = ""):
    """A member points a mission out to the moderators' queue (not their own)."""
    _require_can_post(reporter)
    if mission.author_id == reporter.pk:
        raise PermissionDenied
    return report_create(reporter=reporter, target=mission, reason=reason, note=note)


@transaction.atomic
def mission_hide(*, mission: Mission, moderator: Member, reason: str = "") -> Mission:
    """A moderator takes a mission down: off the board (closed if it was open) and out of
    sight of everyone but its author and the moderators; logged, and its author told."""
    if not can_moderate_missions(moderator):
        raise PermissionDenied
    mission = _mission_lock(mission)
    if mission.is_hidden:
        return mission
    now = timezone.now()
    mission.hidden_at = now
    if mission.status == Mission.Status.OPEN:
        mission.status = Mission.Status.CLOSED
        mission.closed_at = now
    mission.save(update_fields=["hidden_at", "status", "closed_at", "updated_at"])
    moderation_log(
        actor=moderator,
        kind=ModerationAction.Kind.HIDE,
        target=mission,
        member=mission.author,
        reason=reason,
    )
    return mission


@transaction.atomic
def mission_unhide(*, mission: Mission, moderator: Member, reason: str = "") -> Mission:
    """Shows a hidden mission again (closed: its author opens no new round of answers)."""
    if not can_moderate_missions(moderator):
        raise PermissionDenied
    mission = _mission_lock(mission)
    if not mission.is_hidden:
        return mission
    mission.hidden_at = None
    mission.save(update_fields=["hidden_at", "updated_at"])
    moderation_log(
        actor=moderator,
        kind=ModerationAction.Kind.UNHIDE,
        target=mission,
        member=mission.author,
        reason=reason,
    )
    return mission
