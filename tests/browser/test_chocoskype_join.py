"""Joining the ChocoSkype ritual on a phone, in French: the grid of times is ticked with the
keyboard and the mouse, the page fits 375 px, then the member skips a round and pauses."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from chocoskype.models import Participant
from members.models import SpokenLanguage
from tests.factories import MemberFactory

PHONE = {"width": 375, "height": 800}


# The elements wider than the phone, named, for the failure's message.
WIDER_THAN_THE_SCREEN = """(width) => [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > width + 0.5)
    .slice(0, 5)
    .map((element) => `${element.tagName}.${element.className} ${element.textContent.trim()}`)
    .map((text) => text.slice(0, 80))"""


def assert_fits_the_phone(page) -> None:
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], page.evaluate(WIDER_THAN_THE_SCREEN, PHONE["width"])


def test_a_member_joins_on_a_phone_with_keyboard_and_mouse_then_pauses(page, visit, sign_in):
    claire = MemberFactory(username="claire-redac", display_name="Claire Martin", language="fr")
    SpokenLanguage.objects.create(member=claire, code="fr")
    page.set_viewport_size(PHONE)
    sign_in(claire)
    visit(reverse("chocoskype:home"))

    # French, one heading, nothing wider than the phone.
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_fits_the_phone(page)
    # The languages of her profile are ticked already.
    expect(page.locator("input[name=languages][value=fr]")).to_be_checked()

    # Sent with nothing ticked: the message says why and the typed line stays.
    page.locator("input[name=languages][value=fr]").uncheck()
    page.locator("input[name=topics]").fill("Les tarifs de la rédaction SEO")
    page.locator("form.ritual-form button[type=submit]").click()
    expect(page.locator("#slots-error")).to_be_visible()
    expect(page.locator("input[name=topics]")).to_have_value("Les tarifs de la rédaction SEO")
    assert not Participant.objects.exists()

    # The keyboard: focus Monday morning, tick it with the space bar, Tab to Monday lunch.
    page.locator("#slot-0-morning").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator("#slot-0-lunch")).to_be_focused()
    page.keyboard.press("Space")
    # The mouse: Wednesday evening, its box named by its label for screen readers.
    page.locator("#slot-2-evening").click()
    label = page.locator("label[for=slot-2-evening]").inner_text()
    assert label.startswith("Mercredi, ")
    expect(page.get_by_label(label, exact=True)).to_be_checked()
    page.locator("input[name=languages][value=fr]").check()
    page.locator("input[name=cadence][value=fortnightly]").check()
    page.locator("form.ritual-form button[type=submit]").click()

    expect(page.locator("#ritual-state-title")).to_be_visible()
    participant = Participant.objects.get(member=claire)
    assert set(participant.slots) == {"0-morning", "0-lunch", "2-evening"}
    assert participant.languages == ["fr"]
    assert participant.cadence == "fortnightly"
    assert participant.topics == "Les tarifs de la rédaction SEO"
    assert_fits_the_phone(page)

    # One click skips the next round; then a pause until a date.
    page.locator(f"form[action='{reverse('chocoskype:skip')}'] button").click()
    expect(page.locator(f"form[action='{reverse('chocoskype:resume')}']")).to_be_visible()
    participant.refresh_from_db()
    assert participant.skip_next_round

    until = timezone.localdate() + timedelta(days=30)
    page.locator("input[name=until]").fill(until.isoformat())
    page.locator("form.ritual-pause button[type=submit]").click()
    expect(page.locator("#ritual-state-title")).to_be_visible()
    participant.refresh_from_db()
    assert participant.paused_until == until
