"""Events as calendars see them: RFC 5545 files and feeds, and “add to Google Calendar” links.

The UID of an event never changes, and SEQUENCE grows with every significant change, so that a
calendar which imported an event updates it rather than adding a copy. Online events carry the
site's join link, never the room itself, and only in what is made for an attendee or a host.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .models import Event

PRODID = "-//FreelanceHub//Events//FR"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname or 'freelancehub'}"


def join_url(event: Event) -> str:
    return absolute_url(reverse("events:join", args=[event.pk]))


def event_location(event: Event, *, for_attendee: bool) -> str:
    if not event.is_online:
        return ", ".join(part for part in (event.venue_name, event.address, event.city) if part)
    if for_attendee and event.video_url:
        return join_url(event)
    return "Online"


def _vevent(event: Event, *, for_attendee: bool) -> icalendar.Event:
    tz = ZoneInfo(event.timezone)
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", datetime.now(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", event.starts_at.astimezone(tz))
    vevent.add("dtend", event.ends_at.astimezone(tz))
    vevent.add("summary", event.title)
    page = absolute_url(event.get_absolute_url())
    description = [event.description.strip(), page] if event.description.strip() else [page]
    if event.is_online and for_attendee and event.video_url:
        description.insert(0, join_url(event))
    if event.is_cancelled and event.cancellation_reason:
        description.insert(0, event.cancellation_reason)
    vevent.add("description", "\n\n".join(description))
    vevent.add("location", event_location(event, for_attendee=for_attendee))
    vevent.add("url", page)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("class", "PUBLIC" if event.visibility == Event.Visibility.PUBLIC else "PRIVATE")
    # Calendars want an organiser's address; the site's own keeps the member's private.
    organiser = icalendar.vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organiser.params["cn"] = event.organiser.public_name
    vevent.add("organizer", organiser)
    return vevent


def _calendar(*, name: str = "", method: str = "PUBLISH") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _with_timezones(calendar: icalendar.Calendar, events: list[Event]) -> bytes:
    if events:
        # VTIMEZONE rules only for the years the events span keep files small.
        first = min(event.starts_at for event in events).date()
        last = max(event.ends_at for event in events).date()
        calendar.add_missing_timezones(
            first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 1, 12, 31)
        )
    return calendar.to_ical()


def event_ics(event: Event, *, for_attendee: bool) -> bytes:
    """One event as an .ics file; a cancellation is sent as METHOD:CANCEL, as RFC 5546 wants."""
    calendar = _calendar(method="CANCEL" if event.is_cancelled else "PUBLISH")
    calendar.add_component(_vevent(event, for_attendee=for_attendee))
    return _with_timezones(calendar, [event])


def events_feed_ics(events: Iterable[Event], *, name: str, for_attendee: bool) -> bytes:
    calendar = _calendar(name=name)
    events = list(events)
    for event in events:
        calendar.add_component(_vevent(event, for_attendee=for_attendee))
    return _with_timezones(calendar, events)


def ics_filename(event: Event) -> str:
    return f"freelancehub-event-{event.pk}.ics"


def _google_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event: Event, *, for_attendee: bool) -> str:
    """A link that opens Google Calendar's “new event” page, filled in."""
    details = absolute_url(event.get_absolute_url())
    if event.is_online and for_attendee and event.video_url:
        details = f"{join_url(event)}\n\n{details}"
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_google_time(event.starts_at)}/{_google_time(event.ends_at)}",
        "details": details,
        "location": event_location(event, for_attendee=for_attendee),
        "ctz": event.timezone,
    }
    return f"https://calendar.google.com/calendar/render?{urlencode(query)}"


def feed_window_start() -> datetime:
    """Feeds keep a month of the past, so that calendars still see recent cancellations."""
    return timezone.now() - timedelta(days=30)
