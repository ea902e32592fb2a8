"""A member in the ritual is paired by a round, follows the notification to the pair's page,
picks a time in one click and finds the meeting in « Mes événements », in French.

Elements are found by href, name or id: the ritual's French catalogue is still being written.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from chocoskype import services
from chocoskype.models import Pairing
from tests.chocoskype.test_rounds import next_monday, participant_make
from tests.factories import PASSWORD


def test_a_member_picks_a_time_and_finds_the_meeting_in_my_events(page, visit, live_server):
    claire = participant_make("claire", topics="Fixer ses tarifs").member
    participant_make("karim", tz="America/Toronto", language="en", languages=["fr", "en"])
    services.round_run(held_on=next_monday())
    pairing = Pairing.objects.get()
    pair_path = reverse("chocoskype:pair", args=[pairing.pk])

    # Claire signs in and lands on her notifications: the round's news is there.
    visit(f"{reverse('account_login')}?next={reverse('notifications:list')}")
    page.locator("input[name=login]").fill(claire.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("account-menu")).to_be_attached()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    notification = claire.notifications.get()
    page.locator(f'main a[href="{reverse("notifications:open", args=[notification.pk])}"]').click()

    # The pair's page: Karim's card and three times, in Claire's timezone.
    expect(page).to_have_url(re.compile(rf"{re.escape(pair_path)}$"))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main")).to_contain_text("Karim")
    buttons = page.locator(f'form[action="{reverse("chocoskype:pair_pick", args=[pairing.pk])}"]')
    expect(buttons).to_have_count(3)
    first = datetime.fromisoformat(pairing.proposed_times[0])
    local = timezone.localtime(first, timezone=ZoneInfo("Europe/Paris"))
    expect(buttons.first.locator("time")).to_have_attribute("datetime", local.isoformat())
    buttons.first.locator("button").click()

    # The meeting is planned, with its page, and in « Mes événements ».
    expect(page).to_have_url(re.compile(rf"{re.escape(pair_path)}$"))
    pairing.refresh_from_db()
    event = pairing.event
    assert event is not None and event.starts_at == first
    expect(page.locator(f'main a[href="{event.get_absolute_url()}"]')).to_be_visible()
    visit(reverse("events:mine"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(f'main a[href="{event.get_absolute_url()}"]').first).to_be_visible()
    expect(page.locator("main")).to_contain_text(event.title)
