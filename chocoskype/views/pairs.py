"""A pair's page, for its members only: pick one of the proposed times, propose others,
cancel with a word, and after the date say whether they met."""

from datetime import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import binomes, selectors, services
from ..binome_forms import BinomeProposalForm
from ..models import Cadence
from ..pair_forms import CancelForm, OutcomeForm, PickForm, ProposeForm


@login_required
def pair_detail(request, pk: int):
    return _page(request, pk)


def _page(request, pk: int, *, propose_form=None, cancel_form=None, outcome_form=None, status=200):
    view = selectors.get_pairing_for_member(request.user, pk)
    pairing = view.pairing
    now = timezone.now()
    context = {
        "pairing": pairing,
        "mine": view.mine,
        "others": view.others,
        "event": pairing.event,
        "times": [moment for moment in view.times if moment > now],
        "can_pick": pairing.status == pairing.Status.PROPOSED,
        "can_change": pairing.status in services.MET_STATUSES
        and not (pairing.event and pairing.event.has_started),
        "is_over": services.pairing_is_over(pairing),
        "binome_offer": binomes.pair_binome_offer(
            view.mine.member, pairing=pairing, others=view.others
        ),
        "binome_form": BinomeProposalForm(
            initial={"cadence": Cadence.WEEKLY, "weekday": 1, "local_time": time(9)}
        ),
        "propose_form": propose_form or ProposeForm(),
        "cancel_form": cancel_form or CancelForm(),
        "outcome_form": outcome_form
        or OutcomeForm(initial={"outcome": view.mine.outcome or None, "thanks": view.mine.thanks}),
    }
    return render(request, "chocoskype/pair.html", context, status=status)


def _error(error: ValidationError) -> str:
    return error.messages[0] if error.messages else str(error)


@login_required
@require_POST
def pair_pick(request, pk: int):
    form = PickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pick one of the times proposed."))
        return redirect("chocoskype:pair", pk=pk)
    wanted = form.cleaned_data["starts_at"]
    try:
        pairing = services.pairing_time_pick(member=request.user, pk=pk, starts_at=wanted)
    except ValidationError as error:
        messages.error(request, _error(error))
        return redirect("chocoskype:pair", pk=pk)
    chosen = pairing.event.starts_at
    when = date_format(timezone.localtime(chosen), "DATETIME_FORMAT")
    if chosen == wanted:
        messages.success(request, _("Your ChocoSkype is planned: %(when)s.") % {"when": when})
    else:
        messages.info(
            request, _("A time was picked a moment before you: %(when)s.") % {"when": when}
        )
    return redirect("chocoskype:pair", pk=pk)


@login_required
@require_POST
def pair_propose(request, pk: int):
    form = ProposeForm(request.POST)
    if form.is_valid():
        try:
            services.pairing_times_propose(member=request.user, pk=pk, times=form.times())
        except ValidationError as error:
            form.add_error(None, _error(error))
        else:
            messages.success(request, _("Your times are proposed: the other is told."))
            return redirect("chocoskype:pair", pk=pk)
    return _page(request, pk, propose_form=form, status=400)


@login_required
@require_POST
def pair_cancel(request, pk: int):
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.pairing_cancel(member=request.user, pk=pk, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, _error(error))
        else:
            messages.success(request, _("This ChocoSkype is cancelled: the other is told."))
            return redirect("chocoskype:pair", pk=pk)
    return _page(request, pk, cancel_form=form, status=400)


@login_required
@require_POST
def pair_outcome(request, pk: int):
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.pairing_outcome_record(
                member=request.user,
                pk=pk,
                outcome=form.cleaned_data["outcome"],
                thanks=form.cleaned_data["thanks"],
            )
        except ValidationError as error:
            form.add_error(None, _error(error))
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("chocoskype:pair", pk=pk)
    return _page(request, pk, outcome_form=form, status=400)
