"""A newcomer's welcome: where the confirmation of their address leads, the checklist of their
first steps and its states, its dismissal, and what a new profile shows before it is filled in."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chocoskype.models import Participant
from events.models import Rsvp
from forums.models import Category, Topic
from members.models import Availability, Member, Trade
from tests.factories import EventFactory, MemberFactory

from .test_accounts import NEW_PASSWORD, link_in, signup_data

pytestmark = pytest.mark.django_db

WELCOME_URL = reverse("members:welcome")
DISMISS_URL = reverse("members:welcome_dismiss")


def sign_up(client, mailoutbox, **overrides) -> tuple[Member, str]:
    response = client.post(reverse("account_signup"), signup_data(**overrides))
    assert response.status_code == 302
    return Member.objects.get(email=signup_data(**overrides)["email"]), link_in(mailoutbox[-1])


def test_confirming_the_address_leads_the_newcomer_to_the_welcome_checklist(client, mailoutbox):
    nina, confirm_url = sign_up(client, mailoutbox)

    response = client.post(confirm_url)

    assert response.status_code == 302
    assert response["Location"] == WELCOME_URL
    assert client.session["_auth_user_id"] == str(nina.pk)
    page = client.get(WELCOME_URL)
    assert page.status_code == 200
    assert "Nina Roussel" in page.content.decode()


def test_a_newcomer_who_confirms_in_another_browser_is_welcomed_once_signed_in(client, mailoutbox):
    _nina, confirm_url = sign_up(client, mailoutbox)
    phone = Client()

    response = phone.post(confirm_url)
    assert response["Location"] == reverse("account_login")

    response = phone.post(
        reverse("account_login"), {"login": "nina@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == WELCOME_URL
    # Only once: the next sign-in goes where sign-ins go.
    phone.logout()
    response = phone.post(
        reverse("account_login"), {"login": "nina@example.org", "password": NEW_PASSWORD}
    )
    assert response["Location"] == "/"


def test_a_member_confirming_a_changed_address_is_not_sent_to_the_welcome(
    member_client, member, mailoutbox
):
    member_client.post(reverse("account_email"), {"action_add": "", "email": "claire@new.example"})

    response = member_client.post(link_in(mailoutbox[-1]))

    assert response.status_code == 302
    assert response["Location"] != WELCOME_URL
    assert EmailAddress.objects.get(user=member).email == "claire@new.example"


def test_a_new_profile_is_not_announced_as_available_nor_listed_before_its_name_and_trade(
    client, mailoutbox
):
    nina, confirm_url = sign_up(client, mailoutbox, display_name="")
    client.post(confirm_url)
    nina.refresh_from_db()
    assert nina.availability == Availability.NOT_TAKING_WORK
    directory = reverse("members:list")
    assert nina not in client.get(directory).context["page_obj"].object_list

    nina.display_name = "Nina Roussel"
    nina.save()
    assert nina not in client.get(directory).context["page_obj"].object_list  # no trade yet

    nina.trades.add(Trade.objects.get(slug="redacteur-web"))
    assert nina in client.get(directory).context["page_obj"].object_list


def test_the_welcome_page_needs_a_signed_in_member(client):
    response = client.get(WELCOME_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(DISMISS_URL).status_code == 302


def steps(content: str) -> dict[str, bool]:
    """Each step of the checklist on the page, and whether it is ticked."""
    found = re.findall(r'<li class="welcome-step( is-done)?" data-step="(\w+)"', content)
    return {name: bool(done) for done, name in found}


def test_each_step_is_ticked_from_the_members_own_data(client, english):
    member = MemberFactory(username="nina", display_name="", language="en")
    client.force_login(member)

    content = client.get(WELCOME_URL).content.decode()
    assert steps(content) == {"profile": False, "introduce": False, "event": False}
    assert "0 steps of 3 done" in content
    assert "Still missing: your name, your trade, a photo, a few words about you." in content
    assert f'href="{reverse("forums:topic_new")}?category=presentations"' in content
    assert f'href="{reverse("events:list")}"' in content
    assert content.count("<h1") == 1

    # The profile: name and trade are not enough, a photo and a few words are asked too.
    member.display_name = "Nina Roussel"
    member.bio = "Rédactrice web à Lille."
    member.avatar = "avatars/1/nina-256.webp"
    member.save()
    member.trades.add(Trade.objects.get(slug="redacteur-web"))
    content = client.get(WELCOME_URL).content.decode()
    assert steps(content)["profile"]
    assert "Still missing" not in content

    # An introduction in another board, or one the moderators hid, does not count.
    introductions, _ = Category.objects.get_or_create(
        slug="presentations", defaults={"name": "Présentations"}
    )
    elsewhere = Category.objects.exclude(pk=introductions.pk).first()
    Topic.objects.create(category=elsewhere, author=member, title="Combien facturer ?")
    hidden = Topic.objects.create(
        category=introductions, author=member, title="Bonjour", is_hidden=True
    )
    assert not steps(client.get(WELCOME_URL).content.decode())["introduce"]
    hidden.is_hidden = False
    hidden.save()
    assert steps(client.get(WELCOME_URL).content.decode())["introduce"]

    # An event counts once the member has a seat, not when they are only interested.
    event = EventFactory()
    rsvp = Rsvp.objects.create(event=event, member=member, status=Rsvp.Status.INTERESTED)
    assert not steps(client.get(WELCOME_URL).content.decode())["event"]
    rsvp.status = Rsvp.Status.GOING
    rsvp.save()
    content = client.get(WELCOME_URL).content.decode()
    assert steps(content) == {"profile": True, "introduce": True, "event": True}
    assert "3 steps of 3 done" in content
    assert DISMISS_URL not in content  # nothing left to hide


def test_taking_part_in_the_chocoskype_ritual_ticks_the_meeting_step(client, english):
    member = MemberFactory()
    client.force_login(member)
    content = client.get(WELCOME_URL).content.decode()
    assert not steps(content)["event"]
    assert f'href="{reverse("chocoskype:home")}"' in content
    assert f'href="{reverse("events:list")}"' in content

    taking_part = Participant.objects.create(member=member, languages=["fr"], slots=["0-morning"])
    assert steps(client.get(WELCOME_URL).content.decode())["event"]

    taking_part.left_at = timezone.now()
    taking_part.save()
    assert not steps(client.get(WELCOME_URL).content.decode())["event"]


def test_the_checklist_shows_on_the_own_profile_until_dismissed(client, english):
    member = MemberFactory(username="nina", display_name="Nina Roussel", language="en")
    client.force_login(member)
    profile_url = member.get_absolute_url()

    content = client.get(profile_url).content.decode()
    assert "Your first steps" in content
    assert 'data-step="profile"' in content
    # Nobody else sees it.
    other = Client()
    other.force_login(MemberFactory())
    assert 'data-step="profile"' not in other.get(profile_url).content.decode()

    assert client.get(DISMISS_URL).status_code == 405
    response = client.post(DISMISS_URL, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "The welcome checklist is hidden from your profile page" in response.content.decode()

    content = client.get(profile_url).content.decode()
    assert 'data-step="profile"' not in content
    assert f'href="{WELCOME_URL}"' in content  # a link to it stays
    content = client.get(WELCOME_URL).content.decode()
    assert 'data-step="profile"' in content
    assert DISMISS_URL not in content
