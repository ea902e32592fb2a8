"""The private messages' pages: every URL for a member of the conversation, a third member, a
moderator and a visitor (nothing leaks to those who are not in it), writing, answering, bad input
kept, the limits, polling, leaving, reporting and the choice of who may write."""

import re

import pytest
from django.urls import reverse

from members.models import Block
from messaging import services
from messaging.models import Conversation, Message, MessagePreference, Participant
from moderation.models import Report
from tests.factories import MemberFactory

from .conftest import HELLO, seasoned, start

pytestmark = pytest.mark.django_db

SECRET = "Mon tarif confidentiel pour ce client : 0,12 € le mot."
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def secret(member, other_member, conversation):
    """Karim's answer, which nobody but the two of them may read."""
    return services.message_send(author=other_member, conversation=conversation, body=SECRET)


def urls(conversation, message) -> dict[str, tuple[str, str]]:
    """Each URL of a conversation, with the method it takes."""
    return {
        "conversation": ("get", conversation.get_absolute_url()),
        "older page": ("get", f"{conversation.get_absolute_url()}?before={message.pk + 1}"),
        "reply": ("post", reverse("messaging:reply", args=[conversation.pk])),
        "poll": ("get", f"{reverse('messaging:since', args=[conversation.pk])}?after=0"),
        "leave": ("get", reverse("messaging:leave", args=[conversation.pk])),
        "leave sent": ("post", reverse("messaging:leave", args=[conversation.pk])),
        "report": ("get", reverse("messaging:report", args=[message.pk])),
        "report sent": ("post", reverse("messaging:report", args=[message.pk])),
    }


def ask(client, method: str, url: str):
    if method == "post":
        return client.post(url, {"body": "Je m'invite.", "reason": "spam"}, **HTMX)
    return client.get(url, **HTMX)


@pytest.mark.parametrize("persona", ["third member", "moderator", "left member"])
def test_nobody_outside_the_conversation_reaches_it(
    client, member, other_member, third_member, moderator, conversation, secret, persona
):
    reader = {"third member": third_member, "moderator": moderator, "left member": member}[persona]
    if persona == "left member":
        services.conversation_leave(member=member, conversation=conversation)
    client.force_login(reader)

    for name, (method, url) in urls(conversation, secret).items():
        response = ask(client, method, url)
        assert response.status_code == 404, name
        assert SECRET not in response.content.decode(), name

    assert conversation.messages.count() == 2
    assert not Report.objects.exists()
    assert SECRET not in client.get(reverse("messaging:list")).content.decode()


def test_a_visitor_is_sent_to_sign_in_from_every_url(client, conversation, secret):
    pages = {
        **urls(conversation, secret),
        "list": ("get", reverse("messaging:list")),
        "settings": ("get", reverse("messaging:settings")),
        "new": ("get", reverse("messaging:new", args=["karim"])),
    }
    for name, (method, url) in pages.items():
        response = ask(client, method, url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("account_login")), name
    assert conversation.messages.count() == 2


def test_the_members_of_the_conversation_read_it(
    client, member, other_member, conversation, secret
):
    for reader in (member, other_member):
        client.force_login(reader)
        content = client.get(conversation.get_absolute_url()).content.decode()
        assert HELLO in content and SECRET in content
        assert content.count("<h1") == 1
        assert 'id="message-poller"' in content
        assert f'action="{reverse("messaging:reply", args=[conversation.pk])}"' in content
        listed = client.get(reverse("messaging:list")).content.decode()
        assert conversation.get_absolute_url() in listed


def test_the_list_shows_unread_counts_and_the_latest_message(client, member, other_member):
    conversation = start(other_member, member).conversation
    services.message_send(author=other_member, conversation=conversation, body="Tu es dispo ?")
    client.force_login(member)

    content = client.get(reverse("messaging:list")).content.decode()

    assert "Karim Benali" in content
    assert "Tu es dispo ?" in content
    assert '2<span class="visually-hidden"> unread messages</span>' in content
    client.get(conversation.get_absolute_url())
    assert (
        "unread messages</span></span>"
        not in client.get(reverse("messaging:list")).content.decode()
    )


def test_an_empty_list_says_how_to_write(member_client):
    content = member_client.get(reverse("messaging:list")).content.decode()
    assert "No conversation yet" in content
    assert f'href="{reverse("members:list")}"' in content


# --- Writing to a member --------------------------------------------------------------------


def test_a_member_writes_to_another_from_their_page(client, member, other_member):
    client.force_login(member)
    url = reverse("messaging:new", args=[other_member.username])
    assert client.get(url).status_code == 200

    response = client.post(url, {"subject": "Traduction", "body": HELLO})

    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(conversation.get_absolute_url())
    assert conversation.subject == "Traduction"
    page = client.get(response["Location"]).content.decode()
    assert "Your message is sent." in page
    # Writing again from the profile goes to the conversation they already have.
    again = client.get(url)
    assert again["Location"] == f"{conversation.get_absolute_url()}#reply"


def test_a_group_is_started_with_handles(client, member, other_member, third_member):
    client.force_login(member)
    url = reverse("messaging:new", args=[other_member.username])

    response = client.post(url, {"body": HELLO, "others": "@lea-redac, nobody-here"})
    assert response.status_code == 400
    assert "No member has the handle @nobody-here." in response.content.decode()
    assert HELLO in response.content.decode()

    client.post(url, {"body": HELLO, "others": "@LEA-redac karim"})
    conversation = Conversation.objects.get()
    assert conversation.is_group
    assert set(conversation.participants.values_list("member__username", flat=True)) == {
        "claire", "karim", "lea-redac",
    }  # fmt: skip


def test_bad_input_keeps_what_was_typed(member_client, other_member):
    url = reverse("messaging:new", args=[other_member.username])
    response = member_client.post(url, {"subject": "Un sujet gardé", "body": "   "})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Write your message." in content
    assert 'value="Un sujet gardé"' in content
    assert not Conversation.objects.exists()


def test_past_the_daily_limit_the_form_answers_429_and_keeps_the_text(member_client, member):
    for other in MemberFactory.create_batch(3):
        start(member, other, body=f"Bonjour {other.username}")
    newcomer = MemberFactory(username="omar-dev")

    response = member_client.post(
        reverse("messaging:new", args=[newcomer.username]), {"body": "Un texte gardé"}
    )

    assert response.status_code == 429
    content = response.content.decode()
    assert "New members may start 3 conversations a day" in content
    assert "Un texte gardé" in content


def test_a_member_who_does_not_accept_the_writer_is_not_offered_the_form(
    member_client, member, other_member
):
    services.preference_set(member=other_member, accepts_from="nobody")
    url = reverse("messaging:new", args=[other_member.username])

    for response in (member_client.get(url), member_client.post(url, {"body": HELLO})):
        assert response.status_code == 302
        assert response["Location"] == other_member.get_absolute_url()
    assert not Conversation.objects.exists()
    page = member_client.get(other_member.get_absolute_url()).content.decode()
    assert "Karim Benali does not accept messages from you." in page


def test_writing_to_oneself_or_to_an_unknown_handle(member_client, member):
    response = member_client.get(reverse("messaging:new", args=[member.username]))
    assert response["Location"] == reverse("messaging:list")
    assert member_client.get(reverse("messaging:new", args=["personne"])).status_code == 404


# --- Answering ------------------------------------------------------------------------------


def test_an_answer_is_sent_and_shown(client, other_member, conversation):
    client.force_login(other_member)
    response = client.post(
        reverse("messaging:reply", args=[conversation.pk]), {"body": "Avec **plaisir**"}
    )
    message = conversation.messages.latest("id")
    assert response["Location"] == f"{conversation.get_absolute_url()}#message-{message.pk}"
    assert "<strong>plaisir</strong>" in client.get(response["Location"]).content.decode()


def test_an_empty_answer_is_refused_on_the_page(client, other_member, conversation):
    client.force_login(other_member)
    response = client.post(reverse("messaging:reply", args=[conversation.pk]), {"body": " "})
    assert response.status_code == 400
    assert "Write your message." in response.content.decode()
    assert HELLO in response.content.decode()
    assert conversation.messages.count() == 1


def test_blocked_members_cannot_answer(client, member, other_member, conversation):
    Block.objects.create(blocker=member, blocked=other_member)
    client.force_login(other_member)

    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "You can no longer write in this conversation" in page
    assert 'name="body"' not in page

    response = client.post(
        reverse("messaging:reply", args=[conversation.pk]), {"body": "Pourquoi ?"}
    )
    assert response.status_code == 400
    assert conversation.messages.count() == 1


def test_a_held_answer_is_said_so_to_its_author_only(client, member, other_member, third_member):
    seasoned(member)
    spam = "Découvrez ma formation en ligne pour doubler votre chiffre d'affaires !"
    for other in MemberFactory.create_batch(2):
        start(member, other, body=spam)
    conversation = start(member, other_member).conversation
    client.force_login(member)

    response = client.post(
        reverse("messaging:reply", args=[conversation.pk]), {"body": spam}, follow=True
    )

    content = response.content.decode()
    assert "Your message is held" in content
    assert "Held for review" in content
    client.force_login(other_member)
    assert spam not in client.get(conversation.get_absolute_url()).content.decode()


@pytest.mark.parametrize("value", ["abc", "-1", "²", "9" * 20])
def test_a_malformed_message_id_is_a_bad_request(client, other_member, conversation, value):
    client.force_login(other_member)
    assert client.get(conversation.get_absolute_url(), {"before": value}).status_code == 400
    poll = reverse("messaging:since", args=[conversation.pk])
    assert client.get(poll, {"after": value}, **HTMX).status_code == 400


# --- New messages without reloading ---------------------------------------------------------


def test_the_poll_answers_nothing_until_a_message_comes(client, member, other_member, conversation):
    client.force_login(member)
    last = conversation.messages.get()
    poll = reverse("messaging:since", args=[conversation.pk])

    assert client.get(poll, {"after": last.pk}, **HTMX).status_code == 204

    answer = services.message_send(author=other_member, conversation=conversation, body=SECRET)
    response = client.get(poll, {"after": last.pk}, **HTMX)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="beforeend:#messages"' in content
    assert f'id="message-{answer.pk}"' in content and SECRET in content
    assert f"after={answer.pk}" in content
    assert 'hx-trigger="every 10s' in content
    assert "<h1" not in content
    # Shown is read.
    assert Participant.objects.get(member=member).last_read_message_id == answer.pk


def test_the_poll_without_htmx_goes_to_the_page(client, member, conversation):
    client.force_login(member)
    response = client.get(reverse("messaging:since", args=[conversation.pk]), {"after": 0})
    assert response["Location"] == conversation.get_absolute_url()


def test_only_the_latest_page_polls(client, member, other_member, conversation):
    for number in range(60):
        services.message_send(author=member, conversation=conversation, body=f"n°{number}")
    client.force_login(other_member)
    latest = client.get(conversation.get_absolute_url()).content.decode()
    first_shown = conversation.messages.order_by("-id")[49].pk
    older = client.get(conversation.get_absolute_url(), {"before": first_shown}).content.decode()

    assert 'id="message-poller"' in latest and "Earlier messages" in latest
    assert 'id="message-poller"' not in older and "Later messages" in older


# --- Leaving, reporting, choosing -----------------------------------------------------------


def test_a_member_leaves_and_the_other_sees_it(client, member, other_member, conversation):
    client.force_login(other_member)
    assert client.get(reverse("messaging:leave", args=[conversation.pk])).status_code == 200
    response = client.post(reverse("messaging:leave", args=[conversation.pk]))

    assert response["Location"] == reverse("messaging:list")
    assert conversation.get_absolute_url() not in client.get(response["Location"]).content.decode()
    client.force_login(member)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "(left)" in page
    assert "Everyone else left this conversation" in page


def test_a_member_reports_a_message_to_the_queue(
    client, member, other_member, conversation, secret
):
    client.force_login(member)
    url = reverse("messaging:report", args=[secret.pk])
    assert SECRET in client.get(url).content.decode()

    response = client.post(url, {"reason": "personal_data", "note": "Données d'un client"})

    report = Report.objects.get()
    assert (report.target, report.reporter, report.reason) == (secret, member, "personal_data")
    assert response["Location"] == secret.get_absolute_url()
    # One's own message is not reported.
    own = conversation.messages.get(author=member)
    assert client.get(reverse("messaging:report", args=[own.pk])).status_code == 403


def test_a_report_without_a_reason_is_refused_and_keeps_the_note(client, member, secret):
    client.force_login(member)
    response = client.post(
        reverse("messaging:report", args=[secret.pk]), {"note": "Une note gardée"}
    )
    assert response.status_code == 400
    assert "Une note gardée" in response.content.decode()
    assert not Report.objects.exists()


def test_a_hidden_message_shows_as_hidden(client, member, moderator, conversation, secret):
    services.message_hide(secret, moderator=moderator)
    client.force_login(member)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert SECRET not in page
    assert "This message was hidden by the moderators." in page


def test_a_member_chooses_who_may_write_to_them(member_client, member):
    url = reverse("messaging:settings")
    assert re.search(r'value="everyone"[^>]*checked', member_client.get(url).content.decode())

    response = member_client.post(url, {"accepts_from": "met"})
    assert response["Location"] == url
    assert MessagePreference.objects.get(member=member).accepts_from == "met"

    response = member_client.post(url, {"accepts_from": "friends"})
    assert response.status_code == 400
    assert MessagePreference.objects.get(member=member).accepts_from == "met"


def test_an_earlier_page_of_a_message_link(client, member, other_member, conversation):
    first = conversation.messages.get()
    for number in range(55):
        services.message_send(author=other_member, conversation=conversation, body=f"n°{number}")
    client.force_login(member)
    page = client.get(first.get_absolute_url().split("#")[0]).content.decode()
    assert f'id="message-{first.pk}"' in page
    assert Message.objects.filter(conversation=conversation).count() == 56
