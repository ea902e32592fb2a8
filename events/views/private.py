"""Members' pages: answering, creating and running events, “my events”, calendar settings.

Each view parses its input with a form and calls one service; a service's ValidationError goes
back to the form (nothing typed is lost) or into a message, and its PermissionDenied becomes a 404
for objects the member cannot manage.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from .. import selectors, services
from ..forms import (
    CancelForm,
    CapacityForm,
    EventCommentForm,
    EventForm,
    EventPreferencesForm,
    MessageForm,
    RsvpForm,
    SeriesForm,
)
from ..models import Rsvp
from .public import event_detail_context, event_detail_page

ATTENDEES_PER_PAGE = 60

# Where the services' field errors show on the event form.
SERVICE_FIELD_TO_FORM_FIELD = {
    "starts_at": "date",
    "ends_at": "end_time",
    "video_url": "video_link",
    "first_date": "date",
    "duration": "end_time",
}


def add_service_error(form, error: ValidationError) -> None:
    """Puts a service's (or a model's) ValidationError on the form, on the matching field when
    the form has one, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = SERVICE_FIELD_TO_FORM_FIELD.get(field, field)
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


# --- Answering -------------------------------------------------------------------------------


def _rsvp_notice(status: str) -> str:
    # Written out so that makemessages finds each sentence.
    return {
        Rsvp.Status.GOING: _("You are going! A confirmation is on its way by e-mail."),
        Rsvp.Status.WAITLISTED: _(
            "The event is full: you are on the waitlist. We will e-mail you if a seat opens up."
        ),
        Rsvp.Status.INTERESTED: _("Noted: you are interested."),
        Rsvp.Status.NOT_GOING: _("Your answer is saved: you are not going."),
    }.get(status, "")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def event_rsvp(request, pk: int):
    event = selectors.get_event_for_reader(request.user, pk)
    form = RsvpForm(request.POST)
    notice, error = "", ""
    if not form.is_valid():
        error = _("Choose an answer.")
    else:
        try:
            rsvp = services.rsvp_respond(
                member=request.user, event=event, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            notice = _rsvp_notice(rsvp.status)
    if request.htmx:
        event = selectors.get_event_for_reader(request.user, pk)
        context = {**event_detail_context(request, event), "notice": notice, "error": error}
        return render(request, "events/includes/rsvp_answered.html", context)
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect(event)


@login_required
@never_cache
def event_join(request, pk: int):
    """The only way to the video room: for hosts and confirmed attendees, the room's address;
    for anyone else a 404, as if there were no room."""
    event = selectors.get_event_for_reader(request.user, pk)
    rsvp = selectors.rsvp_of(event=event, member=request.user)
    if (
        not event.video_url
        or event.is_cancelled
        or not selectors.event_is_attended_by(event=event, member=request.user, rsvp=rsvp)
    ):
        raise Http404
    return HttpResponseRedirect(event.video_url)


@login_required
def event_attendees(request, pk: int):
    event = selectors.get_event_for_reader(request.user, pk)
    page = Paginator(selectors.attendees_public(event=event), ATTENDEES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "events/attendee_list.html",
        {"event": event, "page_obj": page, "counts": selectors.attendee_counts(event=event)},
    )


# --- My events and settings ------------------------------------------------------------------


@login_required
def my_events(request):
    preferences = selectors.event_preferences_of(request.user)
    token = preferences.calendar_token if preferences else None
    feed_url = (
        request.build_absolute_uri(reverse("events:member_feed", args=[token])) if token else ""
    )
    return render(
        request,
        "events/my_events.html",
        {
            **selectors.my_events(member=request.user),
            "preferences_form": EventPreferencesForm(
                initial={
                    "hidden_from_attendee_lists": bool(
                        preferences and preferences.hidden_from_attendee_lists
                    )
                }
            ),
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else "",
        },
    )


@login_required
@require_POST
def preferences_update(request):
    form = EventPreferencesForm(request.POST)
    if form.is_valid():
        services.event_preferences_update(
            member=request.user,
            hidden_from_attendee_lists=form.cleaned_data["hidden_from_attendee_lists"],
        )
        messages.success(request, _("Your event preferences have been saved."))
    return redirect("events:mine")


@login_required
@require_POST
def calendar_feed_reset(request):
    services.calendar_token_reset(member=request.user)
    messages.success(
        request,
        _("Your calendar has a new private address; the previous one no longer works."),
    )
    return redirect(reverse("events:mine") + "#calendar-feed")


# --- Creating and editing --------------------------------------------------------------------


@login_required
def event_create(request):
    if not request.user.can_post:
        raise PermissionDenied
    form = EventForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                organiser=request.user,
                data=form.event_data(),
                co_hosts=form.cleaned_data["co_hosts"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your event is published."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "mode": "create"})


@login_required
def event_edit(request, pk: int):
    event = selectors.get_event_for_host(request.user, pk)
    is_organiser = request.user.pk == event.organiser_id
    form = EventForm(request.POST or None, event=event, can_edit_co_hosts=is_organiser)
    if event.is_cancelled:
        messages.info(request, _("A cancelled event can no longer be changed."))
        return redirect(event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(
                actor=request.user,
                event=event,
                data=form.event_data(),
                co_hosts=form.cleaned_data["co_hosts"] if is_organiser else None,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The event has been updated."))
            return redirect("events:detail", pk=pk)
    return render(request, "events/event_form.html", {"form": form, "mode": "edit", "event": event})


@login_required
def series_create(request):
    if not request.user.can_post:
        raise PermissionDenied
    form = SeriesForm(request.POST or None, member=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.series_create(
                organiser=request.user,
                data=form.event_data(),
                frequency=form.cleaned_data["frequency"],
                interval=form.cleaned_data["interval"],
                until=form.cleaned_data["until"],
                co_hosts=form.cleaned_data["co_hosts"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your series is published with its next dates."))
            return redirect(series)
    return render(request, "events/event_form.html", {"form": form, "mode": "series_create"})


@login_required
def series_edit(request, pk: int):
    series = selectors.get_series_for_host(request.user, pk)
    if series.is_stopped:
        messages.info(request, _("This series has stopped: it can no longer be changed."))
        return redirect(series)
    form = SeriesForm(request.POST or None, series=series, can_edit_co_hosts=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.series_update(actor=request.user, series=series, data=form.event_data())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The series and its upcoming dates have been updated, except dates changed "
                    "on their own."
                ),
            )
            return redirect(series)
    return render(
        request, "events/event_form.html", {"form": form, "mode": "series_edit", "series": series}
    )


@login_required
def event_cancel(request, pk: int):
    event = selectors.get_event_for_organiser(request.user, pk)
    form = CancelForm(request.POST or None)
    if event.is_cancelled:
        messages.info(request, _("This event is already cancelled."))
        return redirect(event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                actor=request.user, event=event, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The event is cancelled; everyone who answered is told."))
            return redirect(event)
    return render(request, "events/event_cancel.html", {"form": form, "event": event})


@login_required
def series_stop(request, pk: int):
    series = selectors.get_series_for_host(request.user, pk)
    if series.organiser_id != request.user.pk:
        raise Http404
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = services.series_stop(
                actor=request.user, series=series, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The series is stopped; %(count)s upcoming dates were cancelled.")
                % {"count": cancelled},
            )
            return redirect(series)
    return render(request, "events/series_stop.html", {"form": form, "series": series})


# --- Running an event (hosts) ----------------------------------------------------------------


@login_required
def event_manage(request, pk: int):
    event = selectors.get_event_for_host(request.user, pk)
    rsvps = list(selectors.attendees_for_hosts(event=event))
    return render(
        request,
        "events/event_manage.html",
        {
            "event": event,
            "capacity_form": CapacityForm(initial={"capacity": event.capacity}),
            "seated": [r for r in rsvps if r.holds_a_seat],
            "waitlist": [r for r in rsvps if r.status == Rsvp.Status.WAITLISTED],
            "interested": [r for r in rsvps if r.status == Rsvp.Status.INTERESTED],
            "removed": [r for r in rsvps if r.status == Rsvp.Status.REMOVED],
            "is_organiser": request.user.pk == event.organiser_id,
        },
    )


@login_required
@require_POST
def event_capacity(request, pk: int):
    event = selectors.get_event_for_host(request.user, pk)
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["capacity"]))
        return redirect("events:manage", pk=pk)
    try:
        promoted = services.event_capacity_set(
            actor=request.user, event=event, capacity=form.cleaned_data["capacity"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The capacity is saved; %(count)s members moved up from the waitlist.")
            % {"count": len(promoted)}
            if promoted
            else _("The capacity is saved."),
        )
    return redirect("events:manage", pk=pk)


@login_required
@require_POST
def attendee_remove(request, pk: int, rsvp_pk: int):
    event = selectors.get_event_for_host(request.user, pk)
    rsvp = get_object_or_404(Rsvp.objects.select_related("member"), pk=rsvp_pk, event=event)
    services.rsvp_remove(actor=request.user, rsvp=rsvp)
    messages.success(
        request, _("%(name)s is removed from the event.") % {"name": rsvp.member.public_name}
    )
    return redirect("events:manage", pk=pk)


@login_required
def event_message(request, pk: int):
    event = selectors.get_event_for_host(request.user, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.event_attendees_message(
                actor=request.user,
                event=event,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                include_waitlist=form.cleaned_data["include_waitlist"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Your message is on its way to %(count)s members.") % {"count": count}
            )
            return redirect("events:manage", pk=pk)
    return render(request, "events/event_message.html", {"form": form, "event": event})


def _csv_cell(value) -> str:
    """Spreadsheets run cells that start with =, +, - or @: such text is quoted out of harm."""
    text = str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@login_required
def attendees_csv(request, pk: int):
    event = selectors.get_event_for_host(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-attendees.csv"'
    # The byte-order mark makes spreadsheet programs read the accents as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Name"),
            _("Handle"),
            _("Answer"),
            _("Answered at"),
            _("Waitlist position"),
            _("Checked in"),
        ]
    )
    position = 0
    for rsvp in selectors.attendees_for_hosts(event=event):
        if rsvp.status == Rsvp.Status.WAITLISTED:
            position += 1
        writer.writerow(
            [
                _csv_cell(rsvp.member.public_name),
                _csv_cell(rsvp.member.username),
                rsvp.get_status_display(),
                timezone.localtime(rsvp.created_at).strftime("%Y-%m-%d %H:%M"),
                position if rsvp.status == Rsvp.Status.WAITLISTED else "",
                _("yes") if rsvp.checked_in_at else "",
            ]
        )
    return response


@login_required
def check_in(request, pk: int):
    event = selectors.get_event_for_host(request.user, pk)
    rsvps = list(selectors.check_in_list(event=event))
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "rsvps": rsvps,
            "present": sum(1 for rsvp in rsvps if rsvp.checked_in_at),
        },
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def check_in_toggle(request, pk: int, rsvp_pk: int):
    event = selectors.get_event_for_host(request.user, pk)
    rsvp = get_object_or_404(Rsvp.objects.select_related("member"), pk=rsvp_pk, event=event)
    try:
        rsvp = services.rsvp_check_in(
            actor=request.user, rsvp=rsvp, present=request.POST.get("present") == "1"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("events:check_in", pk=pk)
    if request.htmx:
        return render(request, "events/includes/check_in_row.html", {"event": event, "rsvp": rsvp})
    return redirect(reverse("events:check_in", args=[pk]) + f"#attendee-{rsvp.pk}")


@login_required
@require_POST
def event_comment(request, pk: int):
    """A comment in the event's discussion, through the forums' posting and its limits."""
    event = selectors.get_event_for_reader(request.user, pk)
    if not request.user.can_post:
        raise PermissionDenied
    form = EventCommentForm(request.POST)
    if form.is_valid():
        try:
            post = services.event_comment_post(
                author=request.user, event=event, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0] if error.messages else error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(f"{event.get_absolute_url()}#comment-{post.number}")
    return event_detail_page(request, event, comment_form=form)
