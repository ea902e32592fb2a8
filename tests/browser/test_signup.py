"""A visitor becomes a member, in French, from the home page to their name in the navbar.

Elements are found by name, id or test id: the site's French catalogue is still being written,
so only wording that allauth ships in French is asserted.
"""

import re

from allauth.account.models import EmailAddress
from django.urls import reverse
from playwright.sync_api import expect

from members.models import Member

EMAIL = "claire@example.org"
PASSWORD = "une-longue-phrase-de-passe-2026"


def test_visitor_signs_up_in_french_confirms_the_email_and_signs_in(
    page, visit, email_link, live_server
):
    visit("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.locator(f'header a[href="{reverse("account_signup")}"]').click()

    expect(page).to_have_url(f"{live_server.url}{reverse('account_signup')}")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=username]").fill("claire-redac")
    page.locator("input[name=display_name]").fill("Claire Martin")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("input[name=accept_terms]").check()
    page.locator("main form button[type=submit]").click()

    expect(page.locator("h1")).to_have_text("Vérifiez votre adresse e-mail")
    member = Member.objects.get(email=EMAIL)
    assert (member.username, member.display_name, member.language) == (
        "claire-redac",
        "Claire Martin",
        "fr",
    )
    assert not EmailAddress.objects.get(user=member).verified

    link = email_link(EMAIL, r"/accounts/confirm-email/[^/]+/$")
    assert link.startswith(f"{live_server.url}/"), "the link leads back to the site in use"
    page.goto(link)
    # Typographic apostrophe or not, whichever the French catalogue has.
    expect(page.locator("h1")).to_have_text(re.compile(r"Confirmer l['’]adresse e-mail"))
    page.locator("main form button[type=submit]").click()

    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: the browser that signed up is now signed in, on the
    # newcomer's welcome checklist.
    expect(page).to_have_url(f"{live_server.url}{reverse('members:welcome')}")
    account_menu = page.get_by_test_id("account-menu")
    expect(account_menu).to_contain_text("Claire Martin")
    assert EmailAddress.objects.get(user=member).verified
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # The dropdown needs Bootstrap's deferred script; clicked earlier, the toggle is a plain link
    # to the preferences page (the site's no-JavaScript fallback).
    page.wait_for_load_state("load")
    account_menu.click()
    page.locator(f'form[action="{reverse("account_logout")}"] button[type=submit]').click()
    expect(account_menu).to_have_count(0)

    visit(reverse("account_login"))
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    expect(account_menu).to_contain_text("Claire Martin")
