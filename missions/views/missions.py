"""The board, a mission's page and what its author and the members do there; members only.

Each view parses its input with a form and calls one service. A service's ValidationError goes
back to the form with everything typed kept (status 400, 429 past the daily limit); a mission
the reader may not manage is a 404, as if it were not there.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from core.paging import UncountedPaginator
from members.forms import ReportForm
from messaging.models import Message

from .. import selectors, services
from ..forms import InterestForm, MissionFilterForm, MissionForm, PassForm
from ..models import Mission

MISSIONS_PER_PAGE = 20


def add_service_error(form, error: ValidationError) -> int:
    """Puts a service's ValidationError on the form (on its field when the form has one, above
    the form otherwise) and returns the status to answer: 429 for the daily limit, else 400."""
    if hasattr(error, "error_dict"):
        items = [item for errors in error.error_dict.values() for item in errors]
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        items = error.error_list
        form.add_error(None, error)
    return 429 if any(item.code == services.LIMIT_CODE for item in items) else 400


# --- The board ---------------------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def board(request):
    form = MissionFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        # The valid filters stay: an unknown trade in a shared address drops that filter only.
        form.is_valid()
        filters = form.cleaned_data
    page = UncountedPaginator(
        selectors.missions_board(reader=request.user, filters=filters), MISSIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "pager": page,
        "query_string": query.urlencode(),
        "is_filtered": any(filters.values()),
        "mine": bool(filters.get("mine")),
    }
    if request.htmx and request.htmx.target == "mission-results":
        return render(request, "missions/includes/board_results.html", context)
    return render(request, "missions/board.html", context)


# --- Publishing and editing --------------------------------------------------------------------


@login_required
def mission_create(request):
    if not request.user.can_post:
        raise PermissionDenied
    form = MissionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            mission = services.mission_publish(author=request.user, data=form.mission_data())
        except ValidationError as error:
            status = add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your mission is on the board; the members of its trade will hear of it."),
            )
            return redirect(mission)
    elif request.method == "POST":
        status = 400
    return render(request, "missions/mission_form.html", {"form": form}, status=status)


def _own_open_mission(request, pk: int) -> Mission:
    """The reader's own mission; anyone else's is a 404."""
    mission = selectors.get_mission_for_reader(request.user, pk)
    if mission.author_id != request.user.pk:
        raise Http404
    return mission


@login_required
def mission_edit(request, pk: int):
    mission = _own_open_mission(request, pk)
    if not mission.is_open:
        messages.info(request, _("This mission is no longer open: it cannot be changed."))
        return redirect(mission)
    form = MissionForm(request.POST or None, initial=MissionForm.initial_of(mission))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_update(actor=request.user, mission=mission, data=form.mission_data())
        except ValidationError as error:
            status = add_service_error(form, error)
        else:
            messages.success(request, _("Your mission is updated."))
            return redirect(mission)
    elif request.method == "POST":
        status = 400
    return render(
        request, "missions/mission_form.html", {"form": form, "mission": mission}, status=status
    )


# --- A mission's page --------------------------------------------------------------------------


def _default_interest_message(mission: Mission) -> str:
    return _("Hello, your mission “%(title)s” interests me. Could we talk about it?") % {
        "title": mission.title
    }


def mission_page(request, mission: Mission, *, interest_form=None, pass_form=None, status=200):
    """The mission, and for its author their panel (who is interested, pass it on, close it);
    a form that could not be sent comes back with what was typed."""
    is_author = mission.author_id == request.user.pk
    context = {
        "mission": mission,
        "is_author": is_author,
        "is_receiver": mission.taken_by_id is not None and mission.taken_by_id == request.user.pk,
    }
    if is_author:
        context["interests"] = list(selectors.interests_of(mission))
        context["pass_form"] = pass_form or PassForm()
    elif interest_form is not None:
        context["interest_form"] = interest_form
    elif mission.is_open and not mission.reader_interested and request.user.can_post:
        context["interest_form"] = InterestForm(
            initial={"body": _default_interest_message(mission)}
        )
    return render(request, "missions/mission_detail.html", context, status=status)


@login_required
def mission_detail(request, pk: int):
    return mission_page(request, selectors.get_mission_for_reader(request.user, pk))


@login_required
@require_POST
def mission_interest(request, pk: int):
    mission = selectors.get_mission_for_reader(request.user, pk)
    if mission.author_id == request.user.pk:
        raise Http404
    form = InterestForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            _interest, message = services.mission_interest(
                member=request.user, mission=mission, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            status = add_service_error(form, error)
        except PermissionDenied:
            form.add_error(None, _("You cannot write to the author of this mission."))
            status = 403
        else:
            if message.status == Message.Status.HELD:
                messages.info(
                    request,
                    _(
                        "Your message waits for a moderator, as it looks like messages sent to "
                        "many members: the author gets it once it is approved."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("%(name)s has your message: the conversation goes on here.")
                    % {"name": mission.author.public_name},
                )
            return redirect(message.conversation)
    return mission_page(request, mission, interest_form=form, status=status)


@login_required
@require_POST
def mission_pass(request, pk: int):
    mission = _own_open_mission(request, pk)
    form = PassForm(request.POST)
    status = 400
    if form.is_valid():
        receiver = form.cleaned_data["handle"]
        try:
            services.mission_pass(actor=request.user, mission=mission, receiver=receiver)
        except ValidationError as error:
            status = add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The mission is passed on to %(name)s: a referral from you to them. "
                    "They will say how it went."
                )
                % {"name": receiver.public_name},
            )
            return redirect(mission)
    return mission_page(request, mission, pass_form=form, status=status)


@login_required
@require_POST
def mission_close(request, pk: int):
    mission = _own_open_mission(request, pk)
    try:
        services.mission_close(actor=request.user, mission=mission)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, _("Your mission is closed: it is off the board."))
    return redirect(mission)


@login_required
def mission_report(request, pk: int):
    mission = selectors.get_mission_for_reader(request.user, pk)
    if mission.author_id == request.user.pk:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_report(
                reporter=request.user,
                mission=mission,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.info(request, error.messages[0])
        else:
            messages.success(request, _("Thank you: the moderators will look at your report."))
        return redirect(mission)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "missions/mission_report.html", {"form": form, "mission": mission}, status=status
    )
