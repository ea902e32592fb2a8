"""Event e-mails: in the recipient's language and timezone, with the .ics attached, through the
e-mail task (whose arguments must stay JSON)."""

import json
from datetime import timedelta

import icalendar
import pytest
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from core import mail
from events import notifications, services
from events.models import Event, Rsvp
from tests.factories import EventFactory, MemberFactory

from .conftest import JITSI_ROOM

pytestmark = pytest.mark.django_db


def test_an_attachment_travels_through_the_task_as_json(mailoutbox, monkeypatch):
    task = mail.send_email_task
    enqueued = []

    class JsonOnlyTask:
        """Stands for a database queue: the arguments go through JSON and back."""

        def enqueue(self, **kwargs):
            enqueued.append(kwargs)
            task.call(**json.loads(json.dumps(kwargs)))

    monkeypatch.setattr(mail, "send_email_task", JsonOnlyTask())
    message = EmailMultiAlternatives("Sujet", "Corps", None, ["claire@example.org"])
    message.attach("invitation.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("logo.png", b"\x89PNG\r\n\x1a\n\x00", "image/png")

    mail.email_enqueue(message)

    assert len(enqueued) == 1
    (sent,) = mailoutbox
    ics, png = sent.attachments
    assert (ics.filename, ics.mimetype) == ("invitation.ics", "text/calendar")
    assert ics.content == "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert (png.filename, png.content) == ("logo.png", b"\x89PNG\r\n\x1a\n\x00")


def test_a_confirmation_is_in_the_members_language_and_timezone_with_the_invitation(
    online_event, mailoutbox, django_capture_on_commit_callbacks
):
    karim = MemberFactory(language="en", timezone="America/Toronto", display_name="Karim")

    with django_capture_on_commit_callbacks(execute=True):
        services.rsvp_respond(member=karim, event=online_event, answer=Rsvp.Status.GOING)

    (message,) = mailoutbox
    assert message.to == [karim.email]
    assert message.subject == "[FreelanceHub] You are going to “ChocoSkype du mardi”"
    assert "Hello Karim," in message.body
    assert "(America/Toronto)" in message.body
    join = f"http://127.0.0.1:8000/events/{online_event.pk}/join/"
    assert join in message.body
    html = message.alternatives[0].content
    assert join in html and '<html lang="en">' in html
    assert JITSI_ROOM not in message.body + html
    (attachment,) = message.attachments
    vevent = icalendar.Calendar.from_ical(attachment.content).events[0]
    assert vevent["LOCATION"] == join


def test_an_offer_says_until_when_and_links_to_the_event(organiser, mailoutbox):
    member = MemberFactory(language="en")
    soon = timezone.now() + timedelta(hours=8)
    event = EventFactory(organiser=organiser, starts_at=soon, capacity=1)
    rsvp = Rsvp.objects.create(
        event=event, member=member, status=Rsvp.Status.OFFERED, offer_expires_at=soon
    )

    notifications.notify_rsvp_offered(rsvp=rsvp)

    (message,) = mailoutbox
    assert "we keep the seat for you until" in message.body
    assert f"http://127.0.0.1:8000/events/{event.pk}/" in message.body
    assert "Confirm or decline my seat" in message.alternatives[0].content


def test_nobody_writes_to_a_deleted_account(event, mailoutbox):
    gone = MemberFactory(is_active=False)
    rsvp = Rsvp.objects.create(event=event, member=gone, status=Rsvp.Status.GOING)

    notifications.notify_rsvp_confirmed(rsvp=rsvp)
    notifications.notify_event_cancelled(event=event, rsvps=[rsvp])

    assert mailoutbox == []


def test_a_change_sends_the_invitation_only_to_those_with_a_seat(organiser, mailoutbox):
    event = EventFactory(organiser=organiser, is_online=False)
    seated = Rsvp.objects.create(event=event, member=MemberFactory(), status=Rsvp.Status.GOING)
    waiting = Rsvp.objects.create(
        event=event,
        member=MemberFactory(),
        status=Rsvp.Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )

    notifications.notify_event_changed(
        event=event, rsvps=[seated, waiting], time_changed=True, place_changed=False
    )

    by_member = {message.to[0]: message for message in mailoutbox}
    assert len(by_member[seated.member.email].attachments) == 1
    assert by_member[waiting.member.email].attachments == []
    assert Event.objects.count() == 1
