"""Pages anyone may open (members-only events are a visitor's 404): lists, calendar, details,
calendar files and feeds."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from core.usertext import render_markdown
from forums.selectors import posts_latest_in_topic

from .. import ics, selectors, seo
from ..forms import EventCommentForm, EventFilterForm, MonthForm

EVENTS_PER_PAGE = 20
PREVIEW_ATTENDEES = 12
SERIES_NEXT_OCCURRENCES = 6


def _filters(request) -> tuple[EventFilterForm, dict, str]:
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = request.GET.copy()
    query.pop("page", None)
    return form, filters, query.urlencode()


@vary_on_headers("HX-Request", "HX-Target")
def event_list(request):
    form, filters, query_string = _filters(request)
    page = Paginator(
        selectors.events_upcoming_search(user=request.user, filters=filters), EVENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "query_string": query_string,
        "is_filtered": any(filters.values()),
    }
    if request.htmx and request.htmx.target == "event-results":
        return render(request, "events/includes/event_results.html", context)
    return render(request, "events/event_list.html", context)


def event_past(request):
    page = Paginator(selectors.events_past_for(request.user), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "events/event_past.html", {"page_obj": page})


def event_calendar(request):
    form, filters, _query = _filters(request)
    first_day = MonthForm(request.GET).first_day()
    previous_month = (first_day.replace(day=1) - timedelta(days=1)).replace(day=1)
    next_month = (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)
    query = request.GET.copy()
    query.pop("month", None)
    weeks = selectors.month_calendar(user=request.user, first_day=first_day, filters=filters)
    return render(
        request,
        "events/event_calendar.html",
        {
            "form": form,
            "first_day": first_day,
            "weeks": weeks,
            "has_events": any(day.events for week in weeks for day in week),
            "previous_month": previous_month,
            "next_month": next_month,
            "filter_query": query.urlencode(),
        },
    )


def event_detail_context(request, event) -> dict:
    """Everything on the detail page that shows the reader's answer or the seats: the badge under
    the title, the RSVP box, who is going and the calendar links. After an answer through htmx
    all of them are sent again (events/includes/rsvp_answered.html), so none of them stays stale."""
    rsvp = selectors.rsvp_of(event=event, member=request.user)
    attending = selectors.event_is_attended_by(event=event, member=request.user, rsvp=rsvp)
    context = {
        "event": event,
        "rsvp": rsvp,
        "waitlist_position": selectors.waitlist_position(rsvp),
        "is_host": event.is_hosted_by(request.user),
        "is_organiser": request.user.is_authenticated and request.user.pk == event.organiser_id,
        "attending": attending,
        "counts": selectors.attendee_counts(event=event),
        "google_calendar_url": ics.google_calendar_url(event, for_attendee=attending),
    }
    if request.user.is_authenticated:
        context["attendees"] = list(selectors.attendees_public(event=event)[:PREVIEW_ATTENDEES])
    return context


def event_detail(request, pk: int):
    event = selectors.get_event_for_reader(request.user, pk)
    return event_detail_page(request, event)


def event_detail_page(request, event, comment_form=None):
    """The event's page; a comment that could not be posted comes back with its text kept."""
    context = event_detail_context(request, event)
    context.update(discussion_context(request, event, comment_form))
    if event.series_id:
        context["series_next"] = list(
            selectors.series_occurrences_upcoming(series=event.series, user=request.user)
            .exclude(pk=event.pk)
            .filter(status="scheduled")[:SERIES_NEXT_OCCURRENCES]
        )
    context["summary"] = seo.event_summary(event)
    context["structured_data"] = seo.as_jsonld(seo.event_structured_data(event))
    context["absolute_url"] = ics.absolute_url(event.get_absolute_url())
    return render(request, "events/event_detail.html", context)


DISCUSSION_SHOWN = 10


def discussion_context(request, event, comment_form) -> dict:
    """The latest comments of the event's discussion, for members (the board is theirs)."""
    if not request.user.is_authenticated:
        return {"discussion_for_members": True}
    posts = []
    if event.discussion_id:
        posts = posts_latest_in_topic(topic_id=event.discussion_id, limit=DISCUSSION_SHOWN)
    return {
        "discussion_posts": posts,
        "comment_form": comment_form or EventCommentForm(),
        "can_comment": request.user.can_post,
    }


def _ics_response(content: bytes, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=ics.ICS_CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def event_ics(request, pk: int):
    event = selectors.get_event_for_reader(request.user, pk)
    rsvp = selectors.rsvp_of(event=event, member=request.user)
    attending = selectors.event_is_attended_by(event=event, member=request.user, rsvp=rsvp)
    response = _ics_response(ics.event_ics(event, for_attendee=attending), ics.ics_filename(event))
    if attending:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def public_feed(request):
    return _ics_response(
        ics.events_feed_ics(
            selectors.events_for_public_feed(),
            name="FreelanceHub",
            for_attendee=False,
        )
    )


@require_GET
@never_cache
def member_feed(request, token: str):
    """A member's private feed: the address is the secret, as calendar apps cannot sign in."""
    member = selectors.member_for_calendar_token(token)
    response = _ics_response(
        ics.events_feed_ics(
            selectors.events_for_member_feed(member),
            name=f"FreelanceHub — {member.public_name}",
            for_attendee=True,
        )
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def series_detail(request, pk: int):
    series = selectors.get_series_for_reader(request.user, pk)
    page = Paginator(
        selectors.series_occurrences_upcoming(series=series, user=request.user), EVENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    is_host = request.user.is_authenticated and (
        series.organiser_id == request.user.pk
        or request.user.pk in {host.pk for host in series.co_hosts.all()}
    )
    return render(
        request,
        "events/series_detail.html",
        {
            "series": series,
            # Series are few and their pages seldom read: rendering here saves a stored copy.
            "description_html": render_markdown(series.description),
            "page_obj": page,
            "is_host": is_host,
        },
    )
