"""“My referrals”: the work a member received and passed on, and where the receiver says how it
went. A referral is found among the reader's own only: anyone else's is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.paging import UncountedPaginator

from .. import selectors, services
from ..forms import OutcomeForm
from ..models import Referral
from .missions import add_service_error

REFERRALS_PER_PAGE = 20
RECEIVED, GIVEN = "received", "given"


def referrals_page(request, *, failed: tuple[int, OutcomeForm] | None = None, status=200):
    """The received referrals (each with its outcome form), or the given ones (``?show=given``),
    a page at a time; a form that could not be saved comes back on its referral."""
    show = GIVEN if request.GET.get("show") == GIVEN else RECEIVED
    referrals = (
        selectors.referrals_given(request.user)
        if show == GIVEN
        else selectors.referrals_received(request.user)
    )
    page = UncountedPaginator(referrals, REFERRALS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    if failed and show == RECEIVED and all(referral.pk != failed[0] for referral in shown):
        # A form sent from a later page comes back on top of the first one, with its errors.
        shown.insert(0, selectors.get_referral_received(request.user, failed[0]))
    rows = []
    for referral in shown:
        form = None
        if show == RECEIVED:
            if failed and failed[0] == referral.pk:
                form = failed[1]
            else:
                form = OutcomeForm(
                    initial={
                        "outcome": referral.outcome
                        if referral.outcome != Referral.Outcome.PENDING
                        else None,
                        "amount": referral.amount,
                    },
                    prefix=f"referral-{referral.pk}",
                )
        rows.append((referral, form))
    return render(
        request,
        "missions/referrals.html",
        {
            "show": show,
            "pager": page,
            "rows": rows,
            "query_string": f"show={show}",
            "counts": selectors.referral_counts(request.user),
        },
        status=status,
    )


@login_required
def referrals(request):
    return referrals_page(request)


@login_required
@require_POST
def referral_outcome(request, pk: int):
    referral = selectors.get_referral_received(request.user, pk)
    form = OutcomeForm(request.POST, prefix=f"referral-{referral.pk}")
    status = 400
    if form.is_valid():
        try:
            services.referral_outcome_set(
                actor=request.user,
                referral=referral,
                outcome=form.cleaned_data["outcome"],
                amount=form.cleaned_data["amount"],
            )
        except ValidationError as error:
            status = add_service_error(form, error)
        else:
            if form.cleaned_data["outcome"] == Referral.Outcome.WON:
                notice = _("Congratulations! The member who passed it on is thanked.")
            else:
                notice = _("Noted. The member who passed it on is told, with your thanks.")
            messages.success(request, notice)
            return redirect(reverse("missions:referrals") + f"#referral-{referral.pk}")
    return referrals_page(request, failed=(referral.pk, form), status=status)
