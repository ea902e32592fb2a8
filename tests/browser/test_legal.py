"""The legal pages from the footer, accepting the terms at sign-up and again when they change,
and writing to the moderators."""

import dataclasses
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from legal import documents
from legal.models import Acceptance, ContactMessage
from members.models import Member
from tests.factories import MemberFactory

EMAIL = "nina@example.org"
PASSWORD = "une-longue-phrase-de-passe-2026"


def fill_signup(page) -> None:
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=username]").fill("nina-redac")
    page.locator("input[name=display_name]").fill("Nina Roussel")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)


def test_a_visitor_signs_up_ticking_the_box_and_loses_nothing_without_it(page, visit):
    visit(reverse("account_signup"))
    fill_signup(page)

    page.locator("main form button[type=submit]").click()

    box = page.locator("input[name=accept_terms]")
    # English until the French catalogue has it.
    expect(page.locator("main")).to_contain_text(
        re.compile(r"accept the terms of use|accepter les conditions d’utilisation")
    )
    expect(page.locator("input[name=display_name]")).to_have_value("Nina Roussel")
    expect(page.locator("input[name=password1]")).to_have_value(PASSWORD)
    expect(page.locator("input[name=password2]")).to_have_value(PASSWORD)
    assert not Member.objects.filter(email=EMAIL).exists()
    # The label links to both documents.
    expect(page.locator(f'label[for="{box.get_attribute("id")}"] a')).to_have_count(2)

    box.check()
    page.locator("main form button[type=submit]").click()

    expect(page.locator("h1")).to_have_text("Vérifiez votre adresse e-mail")
    nina = Member.objects.get(email=EMAIL)
    assert set(Acceptance.objects.filter(member=nina).values_list("document", "version")) == {
        (d.slug, d.version) for d in documents.ACCEPTED_DOCUMENTS
    }


@pytest.mark.parametrize("browser_locale", ["fr-FR", "en-US"])
def test_every_legal_page_opens_from_the_footer(page, visit, live_server, browser_locale):
    visit("/")
    for url_name in ("legal:notice", "legal:terms", "legal:privacy", "legal:charter"):
        page.locator(f'footer a[href="{reverse(url_name)}"]').click()
        expect(page).to_have_url(f"{live_server.url}{reverse(url_name)}")
        expect(page.get_by_test_id("document-version")).to_contain_text(
            documents.DOCUMENTS[url_name.split(":")[1]].version
        )


def test_a_member_accepts_new_terms_on_the_next_visit_and_goes_on(
    page, visit, sign_in, live_server, monkeypatch
):
    member = MemberFactory(display_name="Claire Martin")
    sign_in(member)
    terms = dataclasses.replace(documents.TERMS, version="2027-03")
    accepted = [terms if d.slug == "terms" else d for d in documents.ACCEPTED_DOCUMENTS]
    monkeypatch.setattr(documents, "ACCEPTED_DOCUMENTS", accepted)
    monkeypatch.setattr(
        documents, "ACCEPTED_VERSIONS_KEY", ",".join(f"{d.slug}:{d.version}" for d in accepted)
    )

    page.goto(reverse("forums:index"))

    expect(page).to_have_url(f"{live_server.url}{reverse('legal:accept')}?next=%2Fforums%2F")
    expect(page.locator("main")).to_contain_text("2027-03")
    page.locator("input[name=accept]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('forums:index')}")
    assert Acceptance.objects.filter(member=member, document="terms", version="2027-03").exists()


def test_a_member_writes_to_the_moderators_with_their_name_already_there(page, visit, sign_in):
    member = MemberFactory(display_name="Claire Martin")
    sign_in(member)
    visit(reverse("legal:contact"))

    expect(page.locator("input[name=name]")).to_have_value("Claire Martin")
    expect(page.locator("input[name=email]")).to_have_value(member.email)
    page.locator("input[name=subject]").fill("Un afterwork à Nantes ?")
    page.locator("textarea[name=message]").fill("Bonjour, peut-on proposer un afterwork à Nantes ?")
    page.locator("main form button[type=submit]").click()

    expect(page.locator(".alert-success")).to_be_visible()
    assert ContactMessage.objects.get().member == member
