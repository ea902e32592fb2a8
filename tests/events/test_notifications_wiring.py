"""Events' e-mails go through the notification system: under the bell, by the member's choice."""

import pytest
from django.core import mail

from events import services
from notifications.models import Channel, Kind, Notification, Preference

from .conftest import take_seats

pytestmark = pytest.mark.django_db


def cancel(event, organiser, callbacks):
    with callbacks(execute=True):
        services.event_cancel(actor=organiser, event=event, reason="La salle est fermée.")


def test_a_cancellation_lands_under_the_bell_and_by_email_with_an_unsubscribe_link(
    event, organiser, member, django_capture_on_commit_callbacks
):
    take_seats(event, [member])

    cancel(event, organiser, django_capture_on_commit_callbacks)

    notification = Notification.objects.get(recipient=member, kind=Kind.EVENT_CANCELLED)
    assert notification.url == event.get_absolute_url()
    assert notification.emailed_at is not None
    message = next(m for m in mail.outbox if m.to == [member.email])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert any(name.endswith(".ics") for name, _content, _type in message.attachments)


def test_a_member_who_chose_no_email_still_sees_the_news_on_the_site(
    event, organiser, member, other_member, django_capture_on_commit_callbacks
):
    take_seats(event, [member, other_member])
    Preference.objects.create(member=member, kind=Kind.EVENT_CANCELLED, channel=Channel.NEVER)

    cancel(event, organiser, django_capture_on_commit_callbacks)

    assert Notification.objects.filter(recipient=member, kind=Kind.EVENT_CANCELLED).exists()
    assert [m.to for m in mail.outbox] == [[other_member.email]]


def test_a_suspended_attendee_hears_nothing(
    event, organiser, member, suspended_member, django_capture_on_commit_callbacks
):
    take_seats(event, [member])
    take_seats(event, [suspended_member])

    cancel(event, organiser, django_capture_on_commit_callbacks)

    assert not Notification.objects.filter(recipient=suspended_member).exists()
    assert suspended_member.email not in {address for m in mail.outbox for address in m.to}
