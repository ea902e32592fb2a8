"""The demo's ChocoSkype ritual: a dozen members opted in with varied times and languages, two
past rounds with what the pairs said, and this week's round with its pairs, Claire's with a time
picked, so that her private meeting is in her « Mes événements » at once.

Runs at the end of `manage.py seed_demo`. Like the rest of the seed it only adds what is
missing: a member who already chose keeps their choices, and a round that exists (seeded, or run
by the real command) is left as it is. Rows are written directly rather than through the
services, so that seeding sends no e-mail.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from chocoskype.binomes import binome_accept, binome_propose, goal_add
from chocoskype.models import (
    Binome,
    Cadence,
    Pairing,
    PairingMember,
    Participant,
    Round,
    TradePreference,
)
from demo.data import CLAIRE, KARIM, PARIS
from events.models import Event, Rsvp
from events.services import video_room_url
from members.models import Member

WEEKDAYS = range(5)
MORNINGS = [f"{day}-morning" for day in WEEKDAYS]
LUNCHES = [f"{day}-lunch" for day in WEEKDAYS]
AFTERNOONS = [f"{day}-afternoon" for day in WEEKDAYS]
EVENINGS = [f"{day}-evening" for day in range(7)]
MEETING_LENGTH = timedelta(minutes=30)


@dataclass(frozen=True)
class DemoParticipant:
    handle: str
    slots: list[str]
    languages: tuple[str, ...] = ("fr",)
    cadence: str = Cadence.WEEKLY
    trade_preference: str = TradePreference.ANY
    topics: str = ""


PARTICIPANTS = (
    DemoParticipant(CLAIRE, MORNINGS + LUNCHES, ("fr", "en"),
                    topics="Trouver des clients dans le tourisme"),
    DemoParticipant(KARIM, AFTERNOONS + EVENINGS, ("fr", "en"), Cadence.FORTNIGHTLY,
                    TradePreference.OTHER, "Travailler avec des clients au Canada"),
    DemoParticipant("julien-moreau", MORNINGS + AFTERNOONS, topics="Passer au TJM"),
    DemoParticipant("camille-durand", LUNCHES + AFTERNOONS, trade_preference=TradePreference.OTHER),
    DemoParticipant("thomas-petit", MORNINGS, ("fr", "en"), topics="Le SEO avec l’IA"),
    DemoParticipant("manon-girard", LUNCHES + EVENINGS, topics="Écrire pour l’ESS"),
    DemoParticipant("ines-mercier", MORNINGS + LUNCHES, cadence=Cadence.MONTHLY),
    DemoParticipant("yann-le-goff", AFTERNOONS, ("fr", "en", "de"),
                    trade_preference=TradePreference.SAME),
    DemoParticipant("nathalie-payet", EVENINGS, topics="Community management à La Réunion"),
    DemoParticipant("pauline-faure", MORNINGS + AFTERNOONS, ("fr", "en")),
    DemoParticipant("marie-lopez", LUNCHES, trade_preference=TradePreference.SAME),
    DemoParticipant("laura-fernandes", AFTERNOONS + EVENINGS, ("fr", "pt", "en")),
)  # fmt: skip

# Each round's pairs (a trio when the count is odd) and, for past ones, what each said.
PAST_ROUNDS = (
    (  # two weeks before this week's
        ((CLAIRE, "met", "Merci pour tes conseils sur les devis !"), ("thomas-petit", "met", "")),
        ((KARIM, "met", ""), ("camille-durand", "met", "Super échange, à refaire.")),
        (("julien-moreau", "not_met", ""), ("pauline-faure", "", "")),
        (("manon-girard", "met", ""), ("nathalie-payet", "met", ""), ("marie-lopez", "met", "")),
    ),
    (  # the week before
        ((CLAIRE, "met", ""), ("julien-moreau", "met", "Merci Claire !")),
        (("thomas-petit", "rescheduled", ""), ("yann-le-goff", "", "")),
        (("camille-durand", "met", ""), ("laura-fernandes", "met", "")),
        (("pauline-faure", "met", ""), ("ines-mercier", "met", "")),
    ),
)
CURRENT_ROUND = (
    (CLAIRE, "camille-durand"),  # a time is picked: the meeting is in their events
    (KARIM, "pauline-faure"),
    ("julien-moreau", "manon-girard"),
    ("thomas-petit", "laura-fernandes", "yann-le-goff"),
)


def seed_demo_chocoskype(*, members: dict[str, Member], today: date) -> dict[str, int]:
    """Adds what is missing; returns counts for the command's summary. When the week's rounds
    are there, the participants were seeded with them: one query, and nothing written."""
    this_monday = today - timedelta(days=today.weekday())
    rounds = {
        this_monday - timedelta(weeks=weeks_ago): groups
        for weeks_ago, groups in zip((2, 1), PAST_ROUNDS, strict=True)
    }
    rounds[this_monday] = [[(handle, "", "") for handle in group] for group in CURRENT_ROUND]
    existing = set(Round.objects.filter(held_on__in=rounds).values_list("held_on", flat=True))
    if existing == rounds.keys():
        return {"participants": 0, "rounds": 0, "binomes": 0}
    participants = _participants_seed(members, today)
    created = 0
    for held_on, groups in rounds.items():
        if held_on not in existing:
            _round_seed(members, held_on, groups, today=today, past=held_on < this_monday)
            created += 1
    return {
        "participants": participants,
        "rounds": created,
        "binomes": _binome_seed(members, today),
    }


# Thomas asked Claire, whom he met two weeks ago, to meet again every month: they coach each
# other on their quotes.
BINOME_GOALS = (
    (CLAIRE, "Envoyer trois devis avec le nouveau barème"),
    ("thomas-petit", "Relancer les deux agences de Nantes"),
)


def _binome_seed(members: dict[str, Member], today: date) -> int:
    claire, thomas = members[CLAIRE], members["thomas-petit"]
    # A binôme's dates start from now: a demo seeded for a day already past gets none.
    if today < timezone.now().date():
        return 0
    if Binome.objects.filter(Q(member_a=claire) | Q(member_b=claire)).exists():
        return 0
    binome = binome_propose(
        proposer=thomas, other=claire, cadence=Cadence.MONTHLY, weekday=4, local_time=time(9)
    )
    binome_accept(member=claire, pk=binome.pk)
    for handle, text in BINOME_GOALS:
        goal_add(member=members[handle], pk=binome.pk, text=text)
    return 1


def _participants_seed(members: dict[str, Member], today: date) -> int:
    existing = set(
        Participant.objects.filter(
            member__username__in=[p.handle for p in PARTICIPANTS]
        ).values_list("member__username", flat=True)
    )
    created = Participant.objects.bulk_create(
        Participant(
            member=members[spec.handle],
            cadence=spec.cadence,
            languages=list(spec.languages),
            slots=spec.slots,
            trade_preference=spec.trade_preference,
            topics=spec.topics,
            last_paired_at=_at(today - timedelta(days=today.weekday()), 9),
        )
        for spec in PARTICIPANTS
        if spec.handle in members and spec.handle not in existing
    )
    return len(created)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _round_seed(members, held_on: date, groups, *, today: date, past: bool) -> None:
    round_ = Round.objects.create(held_on=held_on)
    pair_count = 0
    for number, group in enumerate(groups):
        if any(handle not in members for handle, _outcome, _thanks in group):
            continue
        day = held_on + timedelta(days=1 + number % 3)
        times = [
            _at(day, 12, 30),
            _at(day + timedelta(days=1), 10),
            _at(day + timedelta(days=2), 18),
        ]
        pairing = Pairing.objects.create(
            round=round_,
            status=Pairing.Status.PROPOSED,
            proposed_times=[moment.astimezone(UTC).isoformat() for moment in times],
        )
        people = [members[handle] for handle, _outcome, _thanks in group]
        if past:
            # Past meetings are told by what the members said (their history reads it); their
            # events would only crowd the demo's calendar of past events.
            pairing.status = Pairing.Status.SCHEDULED
            pairing.save(update_fields=["status"])
        elif CLAIRE in {m.username for m in people}:
            # Claire's meeting this week: in two days, so it is ahead whatever the demo's day.
            starts_at = _at(today + timedelta(days=2), 12, 30)
            pairing.proposed_times[0] = starts_at.astimezone(UTC).isoformat()
            pairing.event = _meeting_create(people, starts_at)
            pairing.status = Pairing.Status.SCHEDULED
            pairing.save(update_fields=["event", "status", "proposed_times"])
        answered = timezone.now() if past else None
        PairingMember.objects.bulk_create(
            PairingMember(
                pairing=pairing,
                member=members[handle],
                round=round_,
                outcome=outcome,
                thanks=thanks,
                answered_at=answered if outcome else None,
                told_at=_at(held_on, 9),
            )
            for handle, outcome, thanks in group
        )
        pair_count += 1
    round_.participant_count = sum(len(group) for group in groups)
    round_.pairing_count = pair_count
    round_.finished_at = _at(held_on, 9)
    round_.save(update_fields=["participant_count", "pairing_count", "finished_at"])


def _meeting_create(people: list[Member], starts_at: datetime) -> Event:
    """The pair's private meeting, as a picked time makes it; written directly, as the demo's
    day (and so the meeting) may lie in the clock's past, which events.services refuses."""
    event = Event.objects.create(
        kind=Event.Kind.CHOCOSKYPE,
        title="ChocoSkype : " + " × ".join(member.public_name for member in people),
        starts_at=starts_at,
        ends_at=starts_at + MEETING_LENGTH,
        timezone=str(PARIS),
        is_online=True,
        visibility=Event.Visibility.PRIVATE,
        organiser=people[0],
        capacity=len(people),
        seats_taken=len(people),
        video_url=video_room_url(),
        video_room_is_generated=True,
    )
    Rsvp.objects.bulk_create(
        Rsvp(event=event, member=member, status=Rsvp.Status.GOING) for member in people
    )
    return event
