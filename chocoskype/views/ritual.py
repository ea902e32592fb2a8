"""The ritual's pages for members: joining and choices, pause and leave (also from an e-mail's
signed link, without signing in), and the invitations sent from a profile."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Member
from members.selectors import blocked_either_way, get_member_for_viewer

from .. import binomes, invitations, participants
from ..forms import InvitationForm, ParticipantForm, PauseForm
from ..links import LEAVE, PAUSE, link_read
from ..models import Cadence, Mode, Pairing, TradePreference

# A pause from an e-mail: how long "pause for a month" lasts.
EMAIL_PAUSE_WEEKS = 4


def home(request):
    if not request.user.is_authenticated:
        return render(request, "chocoskype/home.html", {})
    participant = participants.participant_of(request.user)
    form = ParticipantForm(
        request.POST or None, initial=_initial_choices(request.user, participant)
    )
    if request.method == "POST" and form.is_valid():
        try:
            participants.participant_save(member=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your choices are saved.")
                if participant and participant.left_at is None
                else _("Welcome to the ChocoSkype ritual! You will be paired at the next round."),
            )
            return redirect("chocoskype:home")
    return render(request, "chocoskype/home.html", _page_context(request, participant, form))


def _initial_choices(member, participant) -> dict:
    if participant is None:
        return {
            "cadence": Cadence.WEEKLY,
            "mode": Mode.ROTATION,
            "languages": participants.languages_spoken_by(member),
            "trade_preference": TradePreference.ANY,
        }
    return {
        "cadence": participant.cadence,
        "mode": participant.mode,
        "languages": participant.languages,
        "slots": participant.slots,
        "trade_preference": participant.trade_preference,
        "topics": participant.topics,
    }


def _page_context(request, participant, form, pause_form=None) -> dict:
    next_round = participants.round_date_next()
    active = participant is not None and participant.left_at is None
    meetings, met_count = participants.history_of(request.user) if participant else ([], 0)
    return {
        "participant": participant,
        "binomes": binomes.binomes_of(request.user),
        "active": active,
        "form": form,
        "pause_form": pause_form or PauseForm(),
        "next_round": next_round,
        "my_next_round": participants.round_date_for(participant, next_round) if active else None,
        "meetings": meetings,
        "met_count": met_count,
    }


def _done(request, message: str):
    messages.success(request, message)
    return redirect("chocoskype:home")


def _refused(request, error: ValidationError):
    messages.error(request, error.messages[0])
    return redirect("chocoskype:home")


@login_required
@require_POST
def skip_next_round(request):
    try:
        participants.participant_skip_next_round(member=request.user)
    except ValidationError as error:
        return _refused(request, error)
    return _done(request, _("You will skip the next round."))


@login_required
@require_POST
def pause(request):
    participant = participants.participant_of(request.user)
    form = PauseForm(request.POST)
    if form.is_valid():
        try:
            participants.participant_pause(member=request.user, until=form.cleaned_data["until"])
        except ValidationError as error:
            form.add_error("until", error)
        else:
            return _done(request, _("Your ChocoSkype is paused."))
    # The page again, with the date as typed and why it was refused.
    return render(
        request,
        "chocoskype/home.html",
        _page_context(
            request,
            participant,
            ParticipantForm(initial=_initial_choices(request.user, participant)),
            pause_form=form,
        ),
        status=400,
    )


@login_required
@require_POST
def resume(request):
    try:
        participants.participant_resume(member=request.user)
    except ValidationError as error:
        return _refused(request, error)
    return _done(request, _("Welcome back: you are in the next round."))


@login_required
@require_POST
def leave(request):
    participants.participant_leave(member=request.user)
    return _done(request, _("You have left the ritual. Your choices are kept if you come back."))


# --- From an e-mail ----------------------------------------------------------------------


def _member_of_link(token: str, action: str) -> Member | None:
    member_id = link_read(token, action)
    if member_id is None:
        return None
    return Member.objects.filter(pk=member_id, is_active=True, deleted_at__isnull=True).first()


def pause_link(request, token: str):
    """Skips the next round, or pauses a month, in one click from an e-mail; the GET only asks."""
    member = _member_of_link(token, PAUSE)
    if member is None:
        return render(request, "chocoskype/email_link.html", {"invalid": True}, status=400)
    done = refused = ""
    if request.method == "POST":
        try:
            if request.POST.get("choice") == "month":
                until = participants.round_date_next() + timedelta(weeks=EMAIL_PAUSE_WEEKS)
                participants.participant_pause(member=member, until=until)
                done = _("Your ChocoSkype is paused until %(date)s.") % {
                    "date": date_format(until, "DATE_FORMAT")
                }
            else:
                participants.participant_skip_next_round(member=member)
                done = _("You will skip the next round.")
        except ValidationError as error:
            refused = error.messages[0]
    return render(
        request,
        "chocoskype/email_link.html",
        {
            "action": PAUSE,
            "done": done,
            "refused": refused,
            "next_round": participants.round_date_next(),
        },
    )


def leave_link(request, token: str):
    member = _member_of_link(token, LEAVE)
    if member is None:
        return render(request, "chocoskype/email_link.html", {"invalid": True}, status=400)
    done = ""
    if request.method == "POST":
        participants.participant_leave(member=member)
        done = _("You have left the ritual. Your choices are kept if you come back.")
    return render(request, "chocoskype/email_link.html", {"action": LEAVE, "done": done})


# --- Invitations from a profile ---------------------------------------------------------


@login_required
def invite(request, handle: str):
    invitee = get_member_for_viewer(request.user, handle)
    if (
        invitee.pk == request.user.pk
        or not invitee.open_to_chocoskype
        or blocked_either_way(request.user, invitee)
    ):
        messages.error(request, _("You cannot invite this member to a ChocoSkype."))
        return redirect("members:profile", handle=invitee.username)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitation_send(
                inviter=request.user, invitee=invitee, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your invitation is sent: %(name)s will answer on the site.")
                % {"name": invitee.public_name},
            )
            return redirect("members:profile", handle=invitee.username)
    return render(request, "chocoskype/invite.html", {"form": form, "invitee": invitee})


@login_required
def invitation(request, pk: int):
    pairing = invitations.get_invitation_for_member(request.user, pk)
    if pairing.status not in {Pairing.Status.INVITED, Pairing.Status.DECLINED}:
        # Accepted: from then on it is a pair like a round's, on the pair's page.
        return redirect("chocoskype:pair", pk=pairing.pk)
    return render(
        request,
        "chocoskype/invitation.html",
        {
            "pairing": pairing,
            "invitee": invitations.invitation_invitee(pairing),
            "is_invitee": pairing.invited_by_id != request.user.pk,
        },
    )


@login_required
@require_POST
def invitation_answer(request, pk: int, answer: str):
    get_object_or_404(
        Pairing.objects.filter(members__member=request.user, invited_by__isnull=False), pk=pk
    )
    try:
        if answer == "accept":
            pairing = invitations.invitation_accept(member=request.user, pk=pk)
        else:
            pairing = invitations.invitation_decline(member=request.user, pk=pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("chocoskype:invitation", pk=pk)
    if pairing.status == Pairing.Status.PROPOSED:
        messages.success(request, _("Invitation accepted: pick one of the times proposed."))
        return redirect("chocoskype:pair", pk=pk)
    messages.success(request, _("Invitation declined; they will be told kindly."))
    return redirect("chocoskype:invitation", pk=pk)
