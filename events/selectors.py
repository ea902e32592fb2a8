"""Reads: which events a reader may see, and the lists the pages show.

Access goes through the ``get_event_for_*`` helpers: an event the reader may not see, or may not
manage, is a 404, never a 403, so that members-only events do not reveal that they exist.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .ics import feed_window_start
from .models import Event, EventPreferences, EventSeries, Rsvp

WHEN_WEEK = "week"
WHEN_MONTH = "month"
DIGEST_EVENTS_AHEAD = timedelta(days=14)


def events_visible_to(user) -> QuerySet[Event]:
    return Event.objects.visible_to(user).select_related("organiser")


def with_reader_answer(events: QuerySet[Event], user) -> QuerySet[Event]:
    """Adds ``reader_status``: the reader's own answer, in the same query."""
    if not user.is_authenticated:
        return events.annotate(reader_status=Value(""))
    return events.annotate(
        reader_status=Coalesce(
            Subquery(Rsvp.objects.filter(event=OuterRef("pk"), member=user).values("status")[:1]),
            Value(""),
        )
    )


def events_upcoming_for(user) -> QuerySet[Event]:
    """Upcoming events as their cards show them (the list, the home page, a profile): neither
    the organiser nor the description, which would be read and sent for every card."""
    events = Event.objects.visible_to(user).upcoming().defer("description", "description_html")
    return with_reader_answer(events, user)


def events_upcoming_organised_by(*, organiser, viewer) -> QuerySet[Event]:
    """A member's upcoming events, as their profile lists them."""
    return events_upcoming_for(viewer).listed().filter(organiser=organiser)


def events_announced_near(*, member, since: datetime, limit: int) -> list[Event]:
    """Events announced since then, coming up soon in the member's region or online: the
    weekly digest's section (registered in EventsConfig.ready)."""
    near = Q(is_online=True)
    if member.region:
        near |= Q(region=member.region)
    return list(
        Event.objects.upcoming()
        .listed()
        .filter(
            near,
            status=Event.Status.SCHEDULED,
            created_at__gte=since,
            starts_at__lte=timezone.now() + DIGEST_EVENTS_AHEAD,
        )
        .order_by("starts_at", "pk")[:limit]
    )


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def events_filter(events: QuerySet[Event], filters: dict) -> QuerySet[Event]:
    """Applies the list's filters (see forms.EventFilterForm) to a queryset of events."""
    if kind := filters.get("kind"):
        events = events.filter(kind=kind)
    if region := filters.get("region"):
        events = events.filter(region=region)
    if city := filters.get("city"):
        events = events.filter(city__icontains=city)
    if (place := filters.get("place")) == "online":
        events = events.filter(is_online=True)
    elif place == "in_person":
        events = events.filter(is_online=False)
    when = filters.get("when")
    if when in {WHEN_WEEK, WHEN_MONTH}:
        today = timezone.localdate()
        if when == WHEN_WEEK:
            end = today + timedelta(days=7 - today.weekday())
        else:
            end = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        events = events.filter(starts_at__lt=_local_midnight(end))
    return events


def events_upcoming_search(*, user, filters: dict) -> QuerySet[Event]:
    """The upcoming events list: a series is one card, its next date that the filters keep (a
    weekly ChocoSkype would otherwise fill the list with its dates; the series page lists them),
    and its dates cancelled one by one are left out. Still one query, with the series joined for
    its cadence."""
    scheduled = Q(status=Event.Status.SCHEDULED)
    earlier_date = events_filter(
        Event.objects.visible_to(user).upcoming().filter(scheduled), filters
    ).filter(
        Q(starts_at__lt=OuterRef("starts_at"))
        | Q(starts_at=OuterRef("starts_at"), pk__lt=OuterRef("pk")),
        series_id=OuterRef("series_id"),
    )
    return (
        events_filter(events_upcoming_for(user), filters)
        .filter(Q(series__isnull=True) | (scheduled & ~Exists(earlier_date)))
        .select_related("series")
        .defer("series__description")
    )


def events_past_for(user, *, filters: dict | None = None) -> QuerySet[Event]:
    return with_reader_answer(events_filter(events_visible_to(user).past(), filters or {}), user)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    events: list[Event]


def month_calendar(*, user, first_day: date, filters: dict) -> list[list[CalendarDay]]:
    """The weeks (Monday first) that cover the month, each day with its events, in the reader's
    timezone; one query for the whole grid."""
    grid_start = first_day - timedelta(days=first_day.weekday())
    next_month = (first_day.replace(day=28) + timedelta(days=4)).replace(day=1)
    grid_end = next_month + timedelta(days=(7 - next_month.weekday()) % 7)
    events = events_filter(
        with_reader_answer(events_visible_to(user), user).filter(
            starts_at__gte=_local_midnight(grid_start), starts_at__lt=_local_midnight(grid_end)
        ),
        {**filters, "when": ""},
    ).order_by("starts_at", "pk")
    by_day: dict[date, list[Event]] = {}
    for event in events:
        by_day.setdefault(timezone.localdate(event.starts_at), []).append(event)
    today = timezone.localdate()
    days = [grid_start + timedelta(days=n) for n in range((grid_end - grid_start).days)]
    return [
        [
            CalendarDay(day, day.month == first_day.month, day == today, by_day.get(day, []))
            for day in days[week : week + 7]
        ]
        for week in range(0, len(days), 7)
    ]


def get_event_for_reader(user, pk: int) -> Event:
    """An event the reader may see; a members-only event is a 404 to visitors."""
    return get_object_or_404(
        events_visible_to(user).select_related("series").prefetch_related("co_hosts"), pk=pk
    )


def get_event_for_host(user, pk: int) -> Event:
    """An event the user organises or co-hosts; any other is a 404."""
    event = get_event_for_reader(user, pk)
    if not event.is_hosted_by(user):
        raise Http404
    return event


def get_event_for_organiser(user, pk: int) -> Event:
    event = get_event_for_reader(user, pk)
    if not user.is_authenticated or event.organiser_id != user.pk:
        raise Http404
    return event


def get_series_for_reader(user, pk: int) -> EventSeries:
    series = EventSeries.objects.select_related("organiser").prefetch_related("co_hosts")
    if not user.is_authenticated:
        series = series.filter(visibility=Event.Visibility.PUBLIC)
    else:
        series = series.filter(
            ~Q(visibility=Event.Visibility.PRIVATE)
            | Q(organiser=user)
            | Q(co_hosts=user)
            | Q(guests=user)
        ).distinct()
    return get_object_or_404(series, pk=pk)


def get_series_for_host(user, pk: int) -> EventSeries:
    series = get_series_for_reader(user, pk)
    if not user.is_authenticated or (
        series.organiser_id != user.pk and user.pk not in {h.pk for h in series.co_hosts.all()}
    ):
        raise Http404
    return series


def series_occurrences_upcoming(*, series: EventSeries, user) -> QuerySet[Event]:
    return with_reader_answer(series.occurrences.upcoming().select_related("organiser"), user)


def rsvp_of(*, event: Event, member) -> Rsvp | None:
    if not member.is_authenticated:
        return None
    return Rsvp.objects.filter(event=event, member=member).first()


def _waitlisted_ahead(*, event, place) -> QuerySet[Rsvp]:
    """Who waits before this place in the event's line (values or OuterRefs): the line that
    services promote from, in which places are unique (see ``Rsvp.waitlisted_at``)."""
    return Rsvp.objects.filter(event=event, status=Rsvp.Status.WAITLISTED, waitlisted_at__lt=place)


def waitlist_position(rsvp: Rsvp | None) -> int | None:
    """1 for the first in line."""
    if rsvp is None or rsvp.status != Rsvp.Status.WAITLISTED:
        return None
    return _waitlisted_ahead(event=rsvp.event_id, place=rsvp.waitlisted_at).count() + 1


def is_hidden_from_lists() -> Exists:
    return Exists(
        EventPreferences.objects.filter(member=OuterRef("member"), hidden_from_attendee_lists=True)
    )


def attendees_public(*, event: Event) -> QuerySet[Rsvp]:
    """Who is going, as members see it: those who chose to stay out of lists are left out."""
    return (
        event.rsvps.filter(status__in=Rsvp.SEAT_STATUSES)
        .exclude(is_hidden_from_lists())
        .filter(member__is_active=True)
        .select_related("member")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class AttendeeCounts:
    going: int
    waitlisted: int
    interested: int
    hidden: int


def attendee_counts(*, event: Event) -> AttendeeCounts:
    counts = event.rsvps.aggregate(
        going=Count("pk", filter=Q(status__in=Rsvp.SEAT_STATUSES)),
        waitlisted=Count("pk", filter=Q(status=Rsvp.Status.WAITLISTED)),
        interested=Count("pk", filter=Q(status=Rsvp.Status.INTERESTED)),
        hidden=Count(
            "pk",
            filter=Q(status__in=Rsvp.SEAT_STATUSES)
            & (
                Q(member__event_preferences__hidden_from_attendee_lists=True)
                | Q(member__is_active=False)
            ),
        ),
    )
    return AttendeeCounts(**counts)


def attendees_for_hosts(*, event: Event) -> QuerySet[Rsvp]:
    """Every answer, for the hosts' tools: seats first, then the waitlist in order."""
    return (
        event.rsvps.exclude(status=Rsvp.Status.NOT_GOING)
        .select_related("member")
        .annotate(
            hidden=is_hidden_from_lists(),
            rank=Case(
                When(status__in=Rsvp.SEAT_STATUSES, then=Value(0)),
                When(status=Rsvp.Status.WAITLISTED, then=Value(1)),
                When(status=Rsvp.Status.INTERESTED, then=Value(2)),
                default=Value(3),
            ),
        )
        .order_by("rank", F("waitlisted_at").asc(nulls_first=True), "created_at", "pk")
    )


def check_in_list(*, event: Event) -> QuerySet[Rsvp]:
    return (
        event.rsvps.filter(status=Rsvp.Status.GOING)
        .select_related("member")
        .order_by("member__display_name", "member__username", "pk")
    )


def my_events(*, member) -> dict[str, QuerySet]:
    """The “my events” page: what the member organises, has a seat at, waits for, follows."""
    upcoming = Event.objects.upcoming()
    hosting = with_reader_answer(upcoming.hosted_by(member), member).select_related("organiser")
    answers = (
        Rsvp.objects.filter(member=member, event__ends_at__gte=timezone.now())
        .select_related("event", "event__organiser")
        .order_by("event__starts_at", "event__pk")
    )
    waitlisted = answers.filter(status=Rsvp.Status.WAITLISTED).annotate(
        ahead=Subquery(
            _waitlisted_ahead(event=OuterRef("event"), place=OuterRef("waitlisted_at"))
            .values("event")
            .annotate(ahead=Count("pk"))
            .values("ahead")[:1]
        )
    )
    waitlisted = waitlisted.annotate(position=Coalesce(F("ahead"), Value(0)) + 1)
    return {
        "hosting": hosting,
        "going": answers.filter(status__in=Rsvp.SEAT_STATUSES),
        "waitlisted": waitlisted,
        "interested": answers.filter(status=Rsvp.Status.INTERESTED),
    }


def event_preferences_of(member) -> EventPreferences | None:
    return EventPreferences.objects.filter(member=member).first()


def member_for_calendar_token(token: str):
    """The member whose private feed this is; a revoked or unknown address is a 404."""
    preferences = get_object_or_404(
        EventPreferences.objects.select_related("member"),
        calendar_token=token,
        member__is_active=True,
    )
    if preferences.member.is_suspended:
        raise Http404
    return preferences.member


def events_for_member_feed(member) -> QuerySet[Event]:
    """The events a member attends or hosts, from a month ago on, cancellations included."""
    return (
        Event.objects.filter(ends_at__gte=feed_window_start())
        .filter(
            Q(organiser=member)
            | Q(co_hosts=member)
            | Q(rsvps__member=member, rsvps__status=Rsvp.Status.GOING)
        )
        .distinct()
        .select_related("organiser")
        .order_by("starts_at", "pk")
    )


def events_for_public_feed() -> QuerySet[Event]:
    return (
        Event.objects.filter(visibility=Event.Visibility.PUBLIC, ends_at__gte=feed_window_start())
        .select_related("organiser")
        .order_by("starts_at", "pk")
    )


def event_is_attended_by(*, event: Event, member, rsvp: Rsvp | None) -> bool:
    """Hosts and members with a confirmed seat get the join link."""
    if not member.is_authenticated:
        return False
    return event.is_hosted_by(member) or (rsvp is not None and rsvp.status == Rsvp.Status.GOING)
