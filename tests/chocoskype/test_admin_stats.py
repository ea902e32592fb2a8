"""The ritual's figures in the admin: each round's participation, times picked and answers in
the Round list (one query for the page), the latest rounds added up above it, the participants'
states, and a moderator excluding or readmitting one member from their own page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from chocoskype import selectors
from chocoskype.models import Pairing, PairingMember, Participant, Round
from chocoskype.services import GHOST_PAUSE
from moderation.models import ModerationAction
from tests.factories import MemberFactory

ROUNDS = reverse("admin:chocoskype_round_changelist")
PARTICIPANTS = reverse("admin:chocoskype_participant_changelist")
MET, NOT_MET, RESCHEDULED = (
    PairingMember.Outcome.MET,
    PairingMember.Outcome.NOT_MET,
    PairingMember.Outcome.RESCHEDULED,
)


def pair(round_, status, **answers):
    """A pair of the round (or an invitation, without one) and each member's answer."""
    pairing = Pairing.objects.create(round=round_, status=status)
    for member, outcome in answers.items():
        PairingMember.objects.create(
            pairing=pairing, member=HISTORY_MEMBERS[member], round=round_, outcome=outcome
        )
    return pairing


HISTORY_MEMBERS: dict = {}


@pytest.fixture
def history(db):
    """Six participants, two rounds and one invitation:

    - two weeks ago, 5 tried: Léa and Omar picked a time and met; Inès said they did not,
      Paul never answered; one member was left out;
    - last week, 3 tried, one trio with a time picked: Léa met, Inès set another date, Paul
      said nothing;
    - an invitation outside the rounds, which Léa and Omar met at (not a round's figure).

    Today Léa takes part, Omar paused himself, Inès was paused by the missed-meetings rule after
    last week's round, Paul skips the next round, Zoé is excluded and Max left."""
    today = timezone.localdate()
    names = ["lea", "omar", "ines", "paul", "zoe", "max"]
    HISTORY_MEMBERS.clear()
    HISTORY_MEMBERS.update({name: MemberFactory(username=f"{name}-freelance") for name in names})
    earlier = Round.objects.create(held_on=today - timedelta(days=14), participant_count=5)
    last = Round.objects.create(held_on=today - timedelta(days=7), participant_count=3)
    scheduled, proposed = Pairing.Status.SCHEDULED, Pairing.Status.PROPOSED
    pair(earlier, scheduled, lea=MET, omar=MET)
    pair(earlier, proposed, ines=NOT_MET, paul="")
    pair(last, scheduled, lea=MET, ines=RESCHEDULED, paul="")
    pair(None, scheduled, lea=MET, omar=MET)
    now = timezone.now()
    participants = {
        "lea": {"last_paired_at": now},
        "omar": {"paused_until": today + timedelta(days=10)},
        "ines": {"paused_until": last.held_on + GHOST_PAUSE},
        "paul": {"skip_next_round": True},
        "zoe": {"excluded_at": now, "exclusion_reason": "Absent trois fois"},
        "max": {"left_at": now},
    }
    return {
        name: Participant.objects.create(member=HISTORY_MEMBERS[name], languages=["fr"], **fields)
        for name, fields in participants.items()
    } | {"earlier": earlier, "last": last}


def figures(round_) -> tuple:
    return (
        round_.participant_count,
        round_.members_paired,
        round_.pairs,
        round_.times_picked,
        round_.said_met,
        round_.said_not_met,
        round_.no_answer,
    )


def test_each_round_shows_its_participation_times_and_answers(moderator_client, history):
    response = moderator_client.get(ROUNDS)

    assert response.status_code == 200
    rows = {r.held_on: r for r in response.context["cl"].result_list}
    assert figures(rows[history["earlier"].held_on]) == (5, 4, 2, 1, 2, 1, 1)
    assert figures(rows[history["last"].held_on]) == (3, 3, 1, 1, 1, 1, 1)
    model_admin = response.context["cl"].model_admin
    assert model_admin.left_out(rows[history["earlier"].held_on]) == 1
    assert model_admin.left_out(rows[history["last"].held_on]) == 0


def test_the_latest_rounds_are_added_up_with_their_rates(moderator_client, history):
    response = moderator_client.get(ROUNDS)

    summary = response.context["summary"]
    assert summary.rounds == 2
    assert (summary.first, summary.last) == (history["earlier"].held_on, history["last"].held_on)
    assert (summary.participants, summary.members_paired, summary.left_out) == (8, 7, 1)
    assert (summary.pairs, summary.times_picked) == (3, 2)
    assert (summary.said_met, summary.said_not_met, summary.no_answer) == (3, 2, 2)
    assert (summary.paired_rate, summary.left_out_rate) == (88, 12)
    assert summary.times_picked_rate == 67
    assert (summary.met_rate, summary.not_met_rate, summary.no_answer_rate) == (43, 29, 29)
    assert summary.states == {
        "taking_part": 1,
        "paused_by_themselves": 1,
        "paused_by_rule": 1,
        "skipping": 1,
        "excluded": 1,
        "left": 1,
    }
    html = response.content.decode()
    for rate in (88, 12, 67, 43, 29):
        assert re.search(rf"<td>{rate}(\s|&nbsp;|\u202f)?%</td>", html), rate
    assert html.count('<div class="module chocoskype-summary">') == 1


def test_the_summary_covers_only_the_twelve_latest_rounds(db):
    today = timezone.localdate()
    for weeks in range(14):
        Round.objects.create(held_on=today - timedelta(weeks=weeks), participant_count=weeks)

    summary = selectors.rounds_summary()

    assert summary.rounds == 12
    assert summary.participants == sum(range(12))
    assert summary.first == today - timedelta(weeks=11)
    assert summary.met_rate is None  # nobody paired: no rate rather than a division by zero


def test_without_rounds_the_list_says_so(moderator_client):
    response = moderator_client.get(ROUNDS)
    assert response.status_code == 200
    assert response.context["summary"].rounds == 0
    assert response.context["summary"].states["taking_part"] == 0


def test_the_participants_list_shows_each_state_and_meetings_met(moderator_client, history):
    response = moderator_client.get(PARTICIPANTS)

    assert response.status_code == 200
    model_admin = response.context["cl"].model_admin
    rows = {p.member.username.split("-")[0]: p for p in response.context["cl"].result_list}
    with translation.override("en"):
        states = {name: model_admin.state(row) for name, row in rows.items()}
        paused = date_format(history["omar"].paused_until, "SHORT_DATE_FORMAT")
        ghost = date_format(history["ines"].paused_until, "SHORT_DATE_FORMAT")
    assert states["lea"] == "Taking part"
    assert states["omar"] == f"Paused until {paused}"
    assert states["ines"] == f"Paused until {ghost} (meetings missed)"
    assert states["paul"] == "Skips the next round"
    assert states["zoe"] == "Excluded from pairing"
    assert states["max"].startswith("Left on ")
    met = {name: row.meetings_met for name, row in rows.items()}
    assert met == {"lea": 3, "omar": 2, "ines": 0, "paul": 0, "zoe": 0, "max": 0}
    assert model_admin.last_paired(rows["omar"]) == "–"


@pytest.mark.parametrize(
    "url", [ROUNDS, PARTICIPANTS, reverse("admin:chocoskype_participant_readmit", args=[1])]
)
def test_members_who_are_not_staff_get_the_admin_login(member_client, url):
    response = member_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def pin_queries(client, url, add_more, django_assert_num_queries, shown):
    client.get(url)  # the first page of a session notes the member's activity
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_more()
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["cl"].result_list) == shown


def test_the_round_list_keeps_its_query_count_for_3_or_30_rounds(
    moderator_client, django_assert_num_queries
):
    today = timezone.localdate()
    members = [MemberFactory() for _ in range(3)]

    def rounds(start: int, stop: int) -> None:
        for n in range(start, stop):
            round_ = Round.objects.create(held_on=today - timedelta(weeks=n), participant_count=3)
            pairing = Pairing.objects.create(round=round_, status=Pairing.Status.SCHEDULED)
            for member in members:
                PairingMember.objects.create(
                    pairing=pairing, member=member, round=round_, outcome=MET
                )

    rounds(0, 3)
    pin_queries(
        moderator_client, ROUNDS, lambda: rounds(3, 30), django_assert_num_queries, shown=30
    )


def test_the_participant_list_keeps_its_query_count_for_3_or_30(
    moderator_client, django_assert_num_queries
):
    round_ = Round.objects.create(held_on=timezone.localdate(), participant_count=2)

    def participants(count: int) -> None:
        for _ in range(count):
            member = MemberFactory()
            Participant.objects.create(member=member, paused_until=round_.held_on + GHOST_PAUSE)
            pairing = Pairing.objects.create(round=None, status=Pairing.Status.SCHEDULED)
            PairingMember.objects.create(pairing=pairing, member=member, outcome=MET)

    participants(3)
    pin_queries(
        moderator_client,
        PARTICIPANTS,
        lambda: participants(27),
        django_assert_num_queries,
        shown=30,
    )


def test_a_moderator_excludes_then_readmits_from_the_participants_page(
    moderator_client, moderator, history
):
    lea = history["lea"]
    change = reverse("admin:chocoskype_participant_change", args=[lea.pk])
    exclude = reverse("admin:chocoskype_participant_exclude_from_pairing", args=[lea.pk])
    readmit = reverse("admin:chocoskype_participant_readmit", args=[lea.pk])

    page = moderator_client.get(change).content.decode()
    assert exclude in page and readmit not in page

    asked = moderator_client.get(exclude)
    assert asked.status_code == 200
    assert 'name="reason"' in asked.content.decode()
    refused = moderator_client.post(exclude, {"apply": "1", "reason": " "})
    assert refused.status_code == 200  # the form again, with its error
    lea.refresh_from_db()
    assert lea.excluded_at is None

    done = moderator_client.post(exclude, {"apply": "1", "reason": "Trois absences"})
    assert done.status_code == 302 and done["Location"] == change
    lea.refresh_from_db()
    assert (lea.exclusion_reason, lea.excluded_at is not None) == ("Trois absences", True)
    logged = ModerationAction.objects.get(member=lea.member)
    assert (logged.actor, logged.reason) == (moderator, "Trois absences")

    page = moderator_client.get(change).content.decode()
    assert readmit in page and exclude not in page
    confirm = moderator_client.get(readmit)
    assert confirm.status_code == 200  # a link asks first, it changes nothing
    lea.refresh_from_db()
    assert lea.excluded_at is not None
    assert moderator_client.post(readmit, {"apply": "1"})["Location"] == change
    lea.refresh_from_db()
    assert (lea.excluded_at, lea.exclusion_reason) == (None, "")


def test_an_unknown_participant_is_a_404(moderator_client, db):
    url = reverse("admin:chocoskype_participant_exclude_from_pairing", args=[999999])
    assert moderator_client.get(url).status_code == 404
