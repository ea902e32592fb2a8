"""A member answers a full afterwork in French, lands on the waitlist, and gets the seat when
another member gives theirs back from their own browser.

Elements are found by name, value or test id: the French catalogue is written separately, so
the test asserts the page's language, not its wording.
"""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Rsvp
from tests.factories import EventFactory, MemberFactory


@pytest.fixture
def full_afterwork():
    organiser = MemberFactory(username="lea", display_name="Léa Roux")
    karim = MemberFactory(username="karim", display_name="Karim Benali")
    starts_at = timezone.now() + timedelta(days=6)
    event = EventFactory(
        title="Afterwork des freelances lyonnais",
        organiser=organiser,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        capacity=1,
        address="12 rue d’Austerlitz",
        description="On parle **tarifs** autour d’un verre.",
    )
    Rsvp.objects.create(event=event, member=karim, status=Rsvp.Status.GOING)
    Event.objects.filter(pk=event.pk).update(seats_taken=1)
    return event, karim


def test_a_member_is_waitlisted_then_promoted_when_another_cancels(
    page, open_page, visit, sign_in, full_afterwork
):
    event, karim = full_afterwork
    claire = MemberFactory(username="claire", display_name="Claire Martin", language="fr")

    sign_in(claire)
    visit(event.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    box = page.get_by_test_id("rsvp-box")
    box.locator('button[name="answer"][value="going"]').click()

    # htmx swaps the box in place: Claire is first in line, with the seat still Karim's.
    expect(box.get_by_test_id("waitlist-position")).to_contain_text("1")
    expect(box.locator('button[name="answer"][value="not_going"]')).to_be_visible()
    assert Rsvp.objects.get(event=event, member=claire).status == Rsvp.Status.WAITLISTED
    open_page.checks(page).assert_clean()

    # Karim, in a browser of his own, gives his seat back.
    karims_page = open_page(locale="fr-FR")
    sign_in(karim, page=karims_page)
    visit(event.get_absolute_url(), page=karims_page)
    karims_box = karims_page.get_by_test_id("rsvp-box")
    karims_box.locator('button[name="answer"][value="not_going"]').click()
    expect(karims_box.locator('button[name="answer"][value="going"]')).to_be_visible()

    assert Rsvp.objects.get(event=event, member=karim).status == Rsvp.Status.NOT_GOING
    assert Rsvp.objects.get(event=event, member=claire).status == Rsvp.Status.GOING
    promotion = [message for message in mail.outbox if message.to == [claire.email]]
    assert len(promotion) == 1
    assert event.get_absolute_url() in promotion[0].body
    assert promotion[0].attachments[0].filename.endswith(".ics")

    # Claire's page now shows her seat, and her list of events agrees.
    visit(event.get_absolute_url())
    expect(box.get_by_test_id("waitlist-position")).to_have_count(0)
    expect(box.locator('button[name="answer"][value="not_going"]')).to_be_visible()
    visit("/events/mine/")
    expect(page.locator("main")).to_contain_text(event.title)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_event_page_passes_the_browser_checks(page, visit, sign_in, full_afterwork, language):
    """axe-core, CSP and one <h1> on each page, for the organiser who sees them all."""
    event, karim = full_afterwork
    organiser = event.organiser
    organiser.language = language
    organiser.timezone = "America/Toronto"
    organiser.save(update_fields=["language", "timezone"])
    waiting = MemberFactory(display_name="Inès Mercier")
    Rsvp.objects.create(
        event=event, member=waiting, status=Rsvp.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    online = EventFactory(
        kind=Event.Kind.CHOCOSKYPE,
        title="ChocoSkype du mardi",
        organiser=karim,
        is_online=True,
        city="",
        venue_name="",
        video_url="https://meet.jit.si/freelancehub-room",
        video_room_is_generated=True,
    )
    sign_in(organiser)

    for path in [
        "/events/",
        "/events/?kind=afterwork&when=month",
        "/events/calendar/",
        "/events/past/",
        "/events/mine/",
        "/events/new/",
        "/events/series/new/",
        event.get_absolute_url(),
        f"/events/{event.pk}/attendees/",
        f"/events/{event.pk}/edit/",
        f"/events/{event.pk}/manage/",
        f"/events/{event.pk}/manage/message/",
        f"/events/{event.pk}/check-in/",
        f"/events/{event.pk}/cancel/",
        online.get_absolute_url(),
    ]:
        visit(path)
        expect(page.locator("html")).to_have_attribute("lang", language)

    # The event form shows the online fields only when “online” is chosen.
    visit("/events/new/")
    room = page.locator('input[name="video_source"][value="room"]')
    expect(room).to_be_hidden()
    page.locator('input[name="place"][value="online"]').check()
    expect(room).to_be_visible()
    expect(page.locator("#id_city")).to_be_hidden()


def test_the_whole_page_follows_an_answer_and_its_cancellation(page, visit, sign_in):
    """After “I'm going” and “I can no longer come”, swapped in by htmx without a reload, every
    part of the page that shows the answer agrees with it: the badge under the title, the
    answer box with its seats, and who is going."""
    organiser = MemberFactory(username="lea", display_name="Léa Roux")
    claire = MemberFactory(username="claire", display_name="Claire Martin")
    event = EventFactory(
        title="Afterwork des freelances lyonnais", organiser=organiser, capacity=10
    )
    header_badge = page.locator("article > div > p").first.locator(".badge.text-bg-success")
    attendees = page.locator('section[aria-labelledby="attendees-title"]')
    seats = page.locator("#event-seats")

    sign_in(claire)
    visit(event.get_absolute_url())
    expect(header_badge).to_have_count(0)
    expect(attendees).not_to_contain_text("Claire Martin")
    expect(seats).to_contain_text("0")

    page.get_by_test_id("rsvp-box").locator('button[name="answer"][value="going"]').click()
    expect(page.get_by_test_id("rsvp-box").locator('button[value="not_going"]')).to_be_visible()
    expect(header_badge).to_have_count(1)
    expect(attendees).to_contain_text("Claire Martin")
    expect(seats).to_contain_text("1")

    page.get_by_test_id("rsvp-box").locator('button[name="answer"][value="not_going"]').click()
    expect(page.get_by_test_id("rsvp-box").locator('button[value="going"]')).to_be_visible()
    expect(header_badge).to_have_count(0)
    expect(attendees).not_to_contain_text("Claire Martin")
    expect(seats).to_contain_text("0")
    assert Rsvp.objects.get(event=event, member=claire).status == Rsvp.Status.NOT_GOING


# For each word of the calendar's events, how many lines it takes (a word cut in two takes two);
# and each day wider inside than its box (what would spill into the next day).
CALENDAR_WORDS = """() => {
  const cut = [];
  const spilling = [];
  for (const cell of document.querySelectorAll(".event-calendar td")) {
    if (cell.scrollWidth > cell.clientWidth + 1) spilling.push(cell.innerText.trim());
  }
  for (const item of document.querySelectorAll(".event-calendar-item")) {
    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".visually-hidden")) continue;
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) cut.push(match[0]);
      }
    }
  }
  return {cut, spilling};
}"""


@pytest.mark.parametrize("width", [375, 800, 1280])
def test_the_month_calendar_never_cuts_a_word_in_two(open_page, visit, width):
    """Titles wrap between words; a word wider than its day ends in an ellipsis."""
    page = open_page(viewport={"width": width, "height": 900})
    day = timezone.localdate().replace(day=15)
    for hour, title in [
        (9, "Apéro des microentrepreneurs lyonnais"),
        (12, "ChocoSkype référencement naturel"),
        (19, "Atelier anticonstitutionnellement bien facturer"),
    ]:
        starts_at = timezone.make_aware(datetime.combine(day, time(hour, 30)))
        EventFactory(title=title, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))

    visit("/events/calendar/", page=page)
    expect(page.locator(".event-calendar-item")).to_have_count(3)
    assert page.evaluate(CALENDAR_WORDS) == {"cut": [], "spilling": []}
