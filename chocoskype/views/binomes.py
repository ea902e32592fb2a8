"""A binôme's pages, for its two members only: propose one, answer, the shared page with the
next date and goals, skip or move one date, end it."""

from datetime import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.selectors import blocked_either_way, get_member_for_viewer

from .. import binomes, selectors
from ..binome_forms import BinomeProposalForm, EndForm, GoalForm, MoveForm
from ..models import Cadence


def _error(error: ValidationError) -> str:
    return error.messages[0] if error.messages else str(error)


@login_required
def binome_propose(request, handle: str):
    other = get_member_for_viewer(request.user, handle)
    if (
        other.pk == request.user.pk
        or not other.open_to_chocoskype
        or blocked_either_way(request.user, other)
    ):
        messages.error(request, _("You cannot propose a binôme to this member."))
        return redirect("members:profile", handle=other.username)
    form = BinomeProposalForm(
        request.POST or None,
        initial={"cadence": Cadence.WEEKLY, "weekday": 1, "local_time": time(9)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            binome = binomes.binome_propose(proposer=request.user, other=other, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your proposal is sent: %(name)s will answer on the site.")
                % {"name": other.public_name},
            )
            return redirect("chocoskype:binome", pk=binome.pk)
    return render(request, "chocoskype/binome_propose.html", {"form": form, "other": other})


@login_required
@require_POST
def binome_from_pair(request, pk: int):
    """A round's pair who both asked for a standing partner: one proposes to make it a binôme
    (their own yes), the other accepts on the binôme's page."""
    view = selectors.get_pairing_for_member(request.user, pk)
    offer = binomes.pair_binome_offer(view.mine.member, pairing=view.pairing, others=view.others)
    if offer is None:
        raise Http404
    form = BinomeProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how often, the day and the time."))
        return redirect("chocoskype:pair", pk=pk)
    try:
        binome = binomes.binome_propose(
            proposer=request.user, other=view.others[0], pairing=view.pairing, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, _error(error))
        return redirect("chocoskype:pair", pk=pk)
    messages.success(
        request,
        _("Your proposal is sent: %(name)s will answer on the site.")
        % {"name": view.others[0].public_name},
    )
    return redirect("chocoskype:binome", pk=binome.pk)


@login_required
def binome_detail(request, pk: int, *, goal_form=None, move_form=None, status=200):
    page = binomes.binome_page(request.user, pk)
    return render(
        request,
        "chocoskype/binome.html",
        {
            "page": page,
            "binome": page.binome,
            "goal_form": goal_form or GoalForm(),
            "move_form": move_form or MoveForm(),
            "end_form": EndForm(),
            "is_proposer": page.binome.proposed_by_id == request.user.pk,
        },
        status=status,
    )


def _act(request, pk: int, action, success: str):
    try:
        action()
    except ValidationError as error:
        messages.error(request, _error(error))
    else:
        messages.success(request, success)
    return redirect("chocoskype:binome", pk=pk)


@login_required
@require_POST
def binome_answer(request, pk: int, answer: str):
    if answer == "accept":
        return _act(
            request,
            pk,
            lambda: binomes.binome_accept(member=request.user, pk=pk),
            _("Your binôme starts: the dates are in your events."),
        )
    return _act(
        request,
        pk,
        lambda: binomes.binome_decline(member=request.user, pk=pk),
        _("You declined this binôme."),
    )


@login_required
@require_POST
def binome_end(request, pk: int):
    binomes.get_binome_for_member(request.user, pk)
    form = EndForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda: binomes.binome_end(member=request.user, pk=pk, note=note),
        _("The binôme has ended."),
    )


@login_required
@require_POST
def binome_skip(request, pk: int, event_pk: int):
    binomes.get_binome_for_member(request.user, pk)
    return _act(
        request,
        pk,
        lambda: binomes.binome_date_skip(member=request.user, pk=pk, event_pk=event_pk),
        _("This date is skipped; your binôme is told."),
    )


@login_required
@require_POST
def binome_move(request, pk: int, event_pk: int):
    binomes.get_binome_for_member(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a date and time."))
        return redirect("chocoskype:binome", pk=pk)
    return _act(
        request,
        pk,
        lambda: binomes.binome_date_move(
            member=request.user, pk=pk, event_pk=event_pk, starts_at=form.cleaned_data["starts_at"]
        ),
        _("This date is moved; your binôme is told."),
    )


@login_required
@require_POST
def goal_add(request, pk: int):
    binomes.get_binome_for_member(request.user, pk)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            binomes.goal_add(member=request.user, pk=pk, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error)
        else:
            return redirect("chocoskype:binome", pk=pk)
    # Shown again with what they typed and why it was refused.
    return binome_detail(request, pk, goal_form=form, status=400)


@login_required
@require_POST
def goal_done(request, pk: int, goal_pk: int):
    done = request.POST.get("done") == "1"
    binomes.goal_set_done(member=request.user, pk=pk, goal_pk=goal_pk, done=done)
    return redirect("chocoskype:binome", pk=pk)


@login_required
@require_POST
def goal_delete(request, pk: int, goal_pk: int):
    binomes.goal_delete(member=request.user, pk=pk, goal_pk=goal_pk)
    return redirect("chocoskype:binome", pk=pk)
