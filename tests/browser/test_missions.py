"""A mission passed on, in two browsers: Claire publishes it, Karim says he is interested, which
opens a conversation with her; she passes it on to him; he says he won it and for how much; both
profiles count the referral.

Elements are found by id, name or href: the site's French catalogue does not have the missions'
words yet."""

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Trade
from missions.models import Interest, Mission, Referral
from tests.factories import PASSWORD, MemberFactory

SEASONED = timedelta(days=60)
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


def sign_in_to(page, visit, member, path: str) -> None:
    """Signs in through the login form and lands on ``path``."""
    visit(f"{reverse('account_login')}?next={path}", page=page)
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("account-menu")).to_be_attached()
    page.wait_for_load_state("load")


def referral_count(page, which: str):
    return page.locator(f"[data-referrals={which}]")


def test_a_mission_passed_on_and_won_counts_on_both_profiles(page, open_page, visit):
    joined = timezone.now() - SEASONED
    # Live-server tests start from an empty database: the trades of the migrations are gone.
    translation, _ = Trade.objects.get_or_create(slug="traducteur", defaults={"name": "Traducteur"})
    writing, _ = Trade.objects.get_or_create(
        slug="redacteur-web", defaults={"name": "Rédacteur web"}
    )
    claire = MemberFactory(
        username="claire-redac", display_name="Claire Martin", date_joined=joined,
        region="ara", city="Lyon",
    )  # fmt: skip
    claire.trades.add(writing)
    karim = MemberFactory(
        username="karim-trad", display_name="Karim Benali", date_joined=joined, language="en",
        region="ara",
    )  # fmt: skip
    karim.trades.add(translation)

    # Claire reaches the board from the navbar and publishes a remote translation job.
    sign_in_to(page, visit, claire, reverse("forums:index"))
    page.locator(f"header a[href='{reverse('missions:board')}']").click()
    page.locator(f"main a[href='{reverse('missions:create')}']").click()
    form = page.locator("#mission-form")
    form.locator("input[name=title]").fill("Traduction EN→FR de 40 fiches produits")
    form.locator("select[name=trade]").select_option(str(translation.pk))
    form.locator("textarea[name=description]").fill(
        "Une boutique lyonnaise vend au Canada : **40 fiches** de 150 mots."
    )
    form.locator("input[name=budget_min]").fill("600")
    form.locator("input[name=budget_max]").fill("900")
    form.locator("input[name=remote]").check()
    form.locator("button[type=submit]").click()
    mission = Mission.objects.get()
    expect(page).to_have_url(re.compile(re.escape(mission.get_absolute_url()) + "$"))
    expect(page.locator("#author-panel")).to_be_visible()

    # Karim, in English on his phone, finds it on the board and says he is interested: the
    # conversation with Claire opens on his message, linked to the mission.
    karim_page = open_page(locale="en-US", timezone_id="America/Toronto")
    karim_page.set_viewport_size(PHONE)
    sign_in_to(karim_page, visit, karim, reverse("missions:board"))
    assert_fits_the_phone(karim_page)
    karim_page.locator(f"#mission-results a[href='{mission.get_absolute_url()}']").click()
    expect(karim_page.locator("#interest-box")).to_be_visible()
    assert_fits_the_phone(karim_page)
    interest = karim_page.locator("#interest-box form")
    interest.locator("textarea[name=body]").fill("Bonjour Claire, je traduis pour le Canada.")
    interest.locator("button[type=submit]").click()
    expect(karim_page.get_by_text("Bonjour Claire, je traduis pour le Canada.")).to_be_visible()
    assert Interest.objects.filter(mission=mission, member=karim).exists()
    assert "/messages/" in karim_page.url

    # Claire sees him among the interested members and passes the mission on to him.
    visit(mission.get_absolute_url())
    pass_to_karim = page.locator("#author-panel .mission-interests form")
    expect(pass_to_karim.locator("input[name=handle]")).to_have_value("karim-trad")
    pass_to_karim.locator("button[type=submit]").click()
    expect(page.locator("#author-panel a[href='/members/karim-trad/']")).to_be_visible()
    referral = Referral.objects.get()
    assert (referral.giver, referral.receiver) == (claire, karim)

    # Karim says he won it, typing the amount as he writes it.
    visit(reverse("missions:referrals"), page=karim_page)
    outcome = karim_page.locator(f"#referral-{referral.pk} form.referral-outcome")
    outcome.locator("input[value=won]").check()
    outcome.locator(f"input[name=referral-{referral.pk}-amount]").fill("1,200")
    outcome.locator("button[type=submit]").click()
    expect(karim_page.locator(f"#referral-{referral.pk}")).to_contain_text("€1,200 excl. VAT")
    assert_fits_the_phone(karim_page)
    referral.refresh_from_db()
    assert (referral.outcome, referral.amount) == ("won", Decimal("1200"))

    # Both profiles count it: given on Claire's, received (and won) on Karim's.
    visit(reverse("members:profile", args=[claire.username]), page=karim_page)
    expect(referral_count(karim_page, "given")).to_have_text("1")
    expect(referral_count(karim_page, "received")).to_have_text("0")
    visit(reverse("members:profile", args=[karim.username]))
    expect(referral_count(page, "given")).to_have_text("0")
    expect(referral_count(page, "received")).to_have_text("1")
