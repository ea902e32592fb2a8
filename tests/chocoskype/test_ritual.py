"""The ritual's page: joining, choices and their validation, pause, skip, leave (also from the
e-mails' signed links), the state and the history of a participant."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chocoskype.links import email_links, link_token
from chocoskype.models import Pairing, PairingMember, Participant, Round
from chocoskype.participants import round_date_for, round_date_next
from events.models import Event
from members.models import SpokenLanguage
from tests.factories import EventFactory, MemberFactory

HOME = reverse("chocoskype:home")

CHOICES = {
    "cadence": "fortnightly",
    "languages": ["fr", "en"],
    "slots": ["0-morning", "2-evening"],
    "trade_preference": "other",
    "topics": "Prospection et tarifs",
}


def join(member, **choices) -> Participant:
    return Participant.objects.create(
        member=member, languages=["fr"], slots=["0-morning"], **choices
    )


def test_a_visitor_reads_what_the_ritual_is_and_is_asked_to_sign_in(client, db):
    response = client.get(HOME)

    assert response.status_code == 200
    assert "form" not in response.context
    assert reverse("account_login") in response.content.decode()


def test_a_member_joins_with_the_languages_of_their_profile_prefilled(member_client, member):
    SpokenLanguage.objects.create(member=member, code="fr")
    SpokenLanguage.objects.create(member=member, code="es")

    form = member_client.get(HOME).context["form"]
    assert sorted(form.initial["languages"]) == ["es", "fr"]

    response = member_client.post(HOME, CHOICES)

    assert response.status_code == 302
    participant = Participant.objects.get(member=member)
    assert participant.cadence == "fortnightly"
    assert participant.mode == "rotation"
    assert participant.languages == ["en", "fr"]
    assert participant.slots == ["0-morning", "2-evening"]
    assert participant.trade_preference == "other"
    assert participant.topics == "Prospection et tarifs"
    page = member_client.get(HOME)
    assert page.context["active"]
    # The grid shows the saved times ticked.
    assert 'value="2-evening" id="slot-2-evening" checked' in page.content.decode()


def test_no_language_or_no_time_is_refused_and_what_was_typed_stays(member_client, member):
    response = member_client.post(
        HOME, {**CHOICES, "languages": [], "slots": [], "topics": "Le portage salarial"}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"languages", "slots"}
    assert not Participant.objects.exists()
    html = response.content.decode()
    assert 'value="Le portage salarial"' in html
    assert 'id="slots-error"' in html

    response = member_client.post(HOME, {**CHOICES, "slots": ["2-evening", "9-never"]})
    assert "slots" in response.context["form"].errors
    assert 'value="2-evening" id="slot-2-evening" checked' in response.content.decode()


def test_the_grid_is_a_table_with_a_label_for_every_box(member_client):
    html = member_client.get(HOME).content.decode()

    assert html.count('type="checkbox" name="slots"') == 28
    assert html.count('<label class="visually-hidden" for="slot-') == 28
    assert '<th scope="col">' in html and '<th scope="row">' in html


def test_saving_again_changes_the_choices_and_brings_back_one_who_left(member_client, member):
    participant = join(member)
    participant.left_at = timezone.now()
    participant.save()

    member_client.post(HOME, CHOICES)

    participant.refresh_from_db()
    assert participant.left_at is None
    assert participant.cadence == "fortnightly"
    assert Participant.objects.count() == 1


def test_skip_pause_resume_and_leave_in_one_click(member_client, member):
    participant = join(member)

    assert member_client.post(reverse("chocoskype:skip")).status_code == 302
    participant.refresh_from_db()
    assert participant.skip_next_round

    until = timezone.localdate() + timedelta(days=20)
    member_client.post(reverse("chocoskype:pause"), {"until": until.isoformat()})
    participant.refresh_from_db()
    assert participant.paused_until == until

    member_client.post(reverse("chocoskype:resume"))
    participant.refresh_from_db()
    assert (participant.paused_until, participant.skip_next_round) == (None, False)

    member_client.post(reverse("chocoskype:leave"))
    participant.refresh_from_db()
    assert participant.left_at is not None
    assert not member_client.get(HOME).context["active"]


@pytest.mark.parametrize("days", [0, -3, 400])
def test_a_pause_date_in_the_past_or_too_far_is_refused_with_the_date_kept(
    member_client, member, days
):
    join(member)
    until = timezone.localdate() + timedelta(days=days)

    response = member_client.post(reverse("chocoskype:pause"), {"until": until.isoformat()})

    assert response.status_code == 400
    assert "until" in response.context["pause_form"].errors
    assert f'value="{until.isoformat()}"' in response.content.decode()
    assert Participant.objects.get(member=member).paused_until is None


def test_a_bad_pause_date_is_a_message_not_an_error(member_client, member):
    join(member)
    response = member_client.post(reverse("chocoskype:pause"), {"until": "demain"})
    assert response.status_code == 400
    assert "until" in response.context["pause_form"].errors


def test_pausing_without_taking_part_says_so(member_client, member):
    response = member_client.post(reverse("chocoskype:skip"), follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])


def test_visitors_cannot_post_the_choices(client, db):
    for name in ["skip", "pause", "resume", "leave"]:
        response = client.post(reverse(f"chocoskype:{name}"))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_rounds_are_on_mondays_and_a_pause_moves_the_members_next_one(member, db):
    monday = round_date_next()
    assert monday.weekday() == 0
    assert monday >= timezone.localdate()

    participant = join(member)
    assert round_date_for(participant, monday) == monday
    participant.skip_next_round = True
    assert round_date_for(participant, monday) == monday + timedelta(days=7)
    participant.skip_next_round = False
    participant.paused_until = monday + timedelta(days=10)
    assert round_date_for(participant, monday) == monday + timedelta(days=14)

    Round.objects.create(held_on=monday, finished_at=timezone.now())
    assert round_date_next() == monday + timedelta(days=7)


# --- From an e-mail ---------------------------------------------------------------------


def test_the_email_links_pause_and_leave_after_a_confirmation_without_signing_in(client, member):
    participant = join(member)
    links = email_links(member)
    assert links["pause"].startswith("http")

    pause_path = links["pause"].split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + pause_path)
    assert response.status_code == 200
    participant.refresh_from_db()
    assert not participant.skip_next_round  # a GET changes nothing

    client.post("/" + pause_path, {"choice": "skip"})
    participant.refresh_from_db()
    assert participant.skip_next_round

    client.post("/" + pause_path, {"choice": "month"})
    participant.refresh_from_db()
    assert participant.paused_until > timezone.localdate() + timedelta(days=27)

    leave_path = "/" + links["leave"].split("://", 1)[1].split("/", 1)[1]
    client.get(leave_path)
    participant.refresh_from_db()
    assert participant.left_at is None
    client.post(leave_path)
    participant.refresh_from_db()
    assert participant.left_at is not None


@pytest.mark.parametrize(
    "name, token",
    [
        ("pause_link", "nimportequoi"),
        ("leave_link", "eyJtIjoxfQ:bad:signature"),
    ],
)
def test_a_bad_token_is_a_clear_page_not_an_error(client, db, name, token):
    response = client.get(reverse(f"chocoskype:{name}", args=[token]))
    assert response.status_code == 400
    assert response.context["invalid"]
    assert client.post(reverse(f"chocoskype:{name}", args=[token])).status_code == 400


def test_a_pause_link_of_someone_not_taking_part_says_so(client, member):
    response = client.post(
        reverse("chocoskype:pause_link", args=[link_token(member, "pause")]), {"choice": "skip"}
    )
    assert response.status_code == 200
    assert response.context["refused"] and not response.context["done"]
    assert not Participant.objects.exists()


def test_a_pause_token_does_not_open_the_leave_page(client, member):
    join(member)
    response = client.post(reverse("chocoskype:leave_link", args=[link_token(member, "pause")]))
    assert response.status_code == 400
    assert Participant.objects.get(member=member).left_at is None


# --- History ------------------------------------------------------------------------------


def met_pair(member, other, *, days_ago: int, scheduled_only=False) -> Pairing:
    starts = timezone.now() - timedelta(days=days_ago)
    event = EventFactory(
        kind=Event.Kind.CHOCOSKYPE, starts_at=starts, ends_at=starts + timedelta(minutes=30)
    )
    pairing = Pairing.objects.create(status=Pairing.Status.SCHEDULED, event=event)
    outcome = "" if scheduled_only else PairingMember.Outcome.MET
    PairingMember.objects.create(pairing=pairing, member=member, outcome=outcome)
    PairingMember.objects.create(pairing=pairing, member=other, outcome=outcome)
    return pairing


def test_the_history_lists_who_was_met_and_counts_them(
    member_client, member, django_assert_num_queries
):
    join(member)
    lea = MemberFactory(display_name="Léa Dupont")
    omar = MemberFactory(display_name="Omar Haddad")
    met_pair(member, lea, days_ago=30)
    met_pair(member, lea, days_ago=3, scheduled_only=True)  # met again, not answered yet
    # Not met: a planned meeting still to come, one where they said they did not meet.
    future = met_pair(member, omar, days_ago=-3, scheduled_only=True)
    missed = met_pair(member, MemberFactory(), days_ago=10)
    missed.members.update(outcome=PairingMember.Outcome.NOT_MET)

    response = member_client.get(HOME)

    assert response.context["met_count"] == 1
    assert [m.others for m in response.context["meetings"]] == [[lea], [lea]]
    assert "Léa Dupont" in response.content.decode()
    assert future.pk

    def add_meetings(count):
        for n in range(count):
            met_pair(member, MemberFactory(), days_ago=40 + n)

    # The session, the member, their choices, the next round, the meetings, the others in them,
    # the count, the unread notifications, the running binômes: the same for 3 meetings or 13.
    add_meetings(2)
    with django_assert_num_queries(9):
        member_client.get(HOME)
    add_meetings(10)
    with django_assert_num_queries(9):
        response = member_client.get(HOME)
    assert response.context["met_count"] == 13
