"""What a shared link to an event shows: the meta description, OpenGraph tags and the
schema.org Event data, read from the page's HTML as a link preview or a search engine would."""

import json
from html.parser import HTMLParser

import pytest
from django.conf import settings

from events.models import Event

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """The <meta> tags by name or property, and the JSON-LD scripts, of a page."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs["property"]] = attrs.get("content", "")
        self._in_jsonld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False


def read_head(client, event) -> HeadReader:
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


def test_the_description_is_escaped_once_in_the_meta_tags(client, event):
    event.description = "Tarifs < 500 € & TJM : on en parle « franchement »."
    event.save()

    head = read_head(client, event)

    expected = "Tarifs < 500 € & TJM : on en parle « franchement »."
    assert head.meta["description"] == expected
    assert head.meta["og:description"] == expected
    assert head.meta["og:title"] == event.title
    assert head.meta["og:url"] == f"{settings.SITE_URL}{event.get_absolute_url()}"
    assert head.meta["og:type"] == "website"


def test_an_afterwork_has_its_event_data(client, event, organiser):
    event.title = "Apéro </script><script>alert(1)</script>"
    event.venue_name = "Le Café des Pentes"
    event.save()

    head = read_head(client, event)

    assert len(head.jsonld) == 1
    data = json.loads(head.jsonld[0])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == event.starts_at.isoformat()
    assert data["endDate"] == event.ends_at.isoformat()
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["url"] == f"{settings.SITE_URL}{event.get_absolute_url()}"
    assert data["description"] == "On parle tarifs autour d’un verre."
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Le Café des Pentes"
    assert data["location"]["address"]["streetAddress"] == "12 rue d’Austerlitz"
    assert data["location"]["address"]["addressLocality"] == event.city
    assert data["organizer"] == {
        "@type": "Person",
        "name": organiser.public_name,
        "url": f"{settings.SITE_URL}{organiser.get_absolute_url()}",
    }


def test_an_online_event_points_to_its_page_never_to_its_room(client, online_event):
    online_event.status = Event.Status.CANCELLED
    online_event.cancellation_reason = "Grève."
    online_event.save()

    content = client.get(online_event.get_absolute_url()).content.decode()
    head = HeadReader()
    head.feed(content)
    data = json.loads(head.jsonld[0])

    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": f"{settings.SITE_URL}{online_event.get_absolute_url()}",
    }
    assert online_event.video_url not in content
