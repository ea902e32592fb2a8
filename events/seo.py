"""What a shared link to an event shows: its summary for the meta description and OpenGraph
tags, and its schema.org Event data (https://schema.org/Event) for search engines."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe

from core.places import Region
from core.usertext import html_excerpt

from .ics import absolute_url
from .models import Event

SUMMARY_CHARS = 200
SCHEMA = "https://schema.org/"


def event_summary(event: Event) -> str:
    """The description as plain text, cut on a word: the template escapes it once, as any text
    (striptags on the stored HTML would keep its entities, and escaping them again showed
    ``&amp;lt;`` in link previews)."""
    return html_excerpt(event.description_html or "", SUMMARY_CHARS) or event.title


def _location(event: Event) -> dict:
    if event.is_online:
        # The event's page, never the video room: the room is for confirmed attendees only.
        return {"@type": "VirtualLocation", "url": absolute_url(event.get_absolute_url())}
    address = {"@type": "PostalAddress", "addressLocality": event.city}
    if event.address:
        address["streetAddress"] = event.address
    if event.region and event.region != Region.REMOTE:
        address["addressRegion"] = event.get_region_display()
        address["addressCountry"] = "FR"
    place = {"@type": "Place", "address": address}
    place["name"] = event.venue_name or event.city
    return place


def event_structured_data(event: Event) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event_summary(event),
        "url": absolute_url(event.get_absolute_url()),
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": SCHEMA + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
        "eventAttendanceMode": SCHEMA
        + ("OnlineEventAttendanceMode" if event.is_online else "OfflineEventAttendanceMode"),
        "location": _location(event),
        "organizer": {
            "@type": "Person",
            "name": event.organiser.public_name,
            "url": absolute_url(event.organiser.get_absolute_url()),
        },
    }


def as_jsonld(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json">, escaped like Django's json_script, so
    that a title holding ``</script>`` stays text."""
    return mark_safe(  # noqa: S308 - the escapes make it inert inside <script>
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    )
