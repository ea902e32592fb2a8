"""The moderators' admin: events with their attendees, filters and search, and the actions that
cancel (through the site's service, with a reason) and export attendees."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from events.models import Event, EventLogEntry, EventSeries, Rsvp

from .conftest import take_seats

pytestmark = pytest.mark.django_db


def test_the_event_list_filters_and_searches(moderator_client, event, online_event):
    url = reverse("admin:events_event_changelist")

    assert moderator_client.get(url).status_code == 200
    response = moderator_client.get(url, {"q": "ChocoSkype"})
    assert list(response.context["cl"].result_list) == [online_event]
    response = moderator_client.get(url, {"kind__exact": "afterwork", "status__exact": "scheduled"})
    assert list(response.context["cl"].result_list) == [event]
    response = moderator_client.get(url, {"city": "Lyon"})
    assert list(response.context["cl"].result_list) == [event]


def test_a_moderator_sees_the_attendees_of_an_event(moderator_client, event, member):
    take_seats(event, [member])

    response = moderator_client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert response.status_code == 200
    (attendees,) = [f for f in response.context["inline_admin_formsets"] if f.opts.model is Rsvp]
    assert [form.original.member for form in attendees] == [member]
    assert member.display_name in response.content.decode()


def test_cancelling_from_the_admin_asks_a_reason_then_tells_the_attendees(
    moderator_client, moderator, event, member, mailoutbox, django_capture_on_commit_callbacks
):
    take_seats(event, [member])
    url = reverse("admin:events_event_changelist")
    chosen = {"action": "cancel_events", ACTION_CHECKBOX_NAME: [event.pk]}

    form = moderator_client.post(url, chosen)
    assert form.status_code == 200
    assert event.title in form.content.decode()
    assert moderator_client.post(url, {**chosen, "apply": "1", "reason": ""}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            url, {**chosen, "apply": "1", "reason": "Annonce frauduleuse"}
        )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled
    assert event.cancellation_reason == "Annonce frauduleuse"
    assert EventLogEntry.objects.get(action=EventLogEntry.Action.CANCELLED).actor == moderator
    assert [m.to for m in mailoutbox] == [[member.email]]


def test_exporting_the_attendees_of_several_events(moderator_client, event, online_event, member):
    take_seats(event, [member])
    take_seats(online_event, [member], Rsvp.Status.WAITLISTED)

    response = moderator_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_attendees", ACTION_CHECKBOX_NAME: [event.pk, online_event.pk]},
    )

    content = response.content.decode("utf-8-sig")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = content.strip().splitlines()
    assert len(lines) == 3
    assert all(member.username in line for line in lines[1:])


def test_the_seat_count_cannot_be_edited_in_the_admin(admin_client, event):
    response = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))

    assert "seats_taken" not in response.context["adminform"].form.fields
    assert "status" not in response.context["adminform"].form.fields


def test_series_and_rsvps_have_their_admin_pages(admin_client, event, member, organiser):
    take_seats(event, [member])
    EventSeries.objects.create(
        organiser=organiser,
        kind=Event.Kind.CHOCOSKYPE,
        title="Série",
        frequency="weekly",
        first_date=event.starts_at.date(),
        start_time=event.starts_at.time(),
        duration=event.ends_at - event.starts_at,
        is_online=True,
    )

    for name in ("admin:events_eventseries_changelist", "admin:events_rsvp_changelist"):
        response = admin_client.get(reverse(name), {"q": "S"})
        assert response.status_code == 200
    assert (
        admin_client.get(reverse("admin:events_rsvp_changelist"), {"status__exact": "going"})
        .context["cl"]
        .result_count
        == 1
    )


def test_a_moderator_edits_the_text_and_calendars_see_a_new_version(moderator_client, event):
    url = reverse("admin:events_event_change", args=[event.pk])
    form = moderator_client.get(url).context["adminform"].form
    assert "starts_at" not in form.fields and "capacity" not in form.fields
    data = {
        name: form.initial.get(name) or ""
        for name in form.fields
        if name not in {"co_hosts", "allows_interested"}
    }
    data.update(
        title="Afterwork (titre modéré)",
        description="Texte modéré",
        offer_cutoff_hours=24,
        **{
            f"{prefix}-{key}": value
            for prefix in ("rsvps", "log_entries")
            for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
        },
    )

    response = moderator_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert (event.title, event.sequence) == ("Afterwork (titre modéré)", 1)
    assert event.description_html == "<p>Texte modéré</p>\n"
