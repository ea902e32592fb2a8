"""The demo's event life, seeded after the events of demo_data.py: who answered, one full
afterwork with its waitlist, video rooms for the online events, and two recurring events.

Runs at the end of `manage.py seed_demo`. Like the rest of the seed it only adds what is missing:
an event that already has answers keeps them, and a series that exists only gets the dates that
its horizon now reaches. A second run on the same day reads three rows of queries and writes
nothing. RSVPs are written directly rather than through the services, so that seeding sends no
e-mail; the seat counts are set to match.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, Max, OuterRef

from core.places import Region
from demo.data import CLAIRE, KARIM, PARIS, SOPHIE, demo_events
from events.models import Event, EventSeries, Rsvp
from events.services import series_occurrences_create, video_room_url
from members.models import Member


@dataclass(frozen=True)
class DemoAttendance:
    """Who answered one demo event (found by title and organiser), in the order they answered."""

    title: str
    organiser: str
    capacity: int | None
    going: tuple[str, ...]
    waitlisted: tuple[str, ...] = ()
    interested: tuple[str, ...] = ()
    came: bool = False  # a past event: those going were checked in


ATTENDANCES = (
    DemoAttendance(
        "Afterwork des freelances lyonnais", CLAIRE, 25,
        going=("lucas-garnier", "hugo-lambert", "quentin-rousseau", "julien-moreau",
               "marie-lopez", SOPHIE),
        interested=("nathalie-payet", "aurelie-vincent"),
    ),
    # The full one: eight seats taken, three on the waitlist, Claire second in line.
    DemoAttendance(
        "Afterwork FreelanceHub Paris", "emma-chevalier", 8,
        going=(SOPHIE, "sarah-benmansour", "amandine-perrin", "thomas-petit", "elodie-marchand",
               "antoine-bonnet", "camille-durand", "romain-andre"),
        waitlisted=("mathieu-leroy", CLAIRE, "alexandre-blanc"),
    ),
    DemoAttendance(
        "Journée coworking à Toulouse", "nicolas-fournier", 12,
        going=("david-nguyen", "ines-mercier", "laura-fernandes"),
    ),
    DemoAttendance(
        "Atelier : fixer son TJM", "sarah-benmansour", 30,
        going=(CLAIRE, KARIM, "amandine-perrin", "benoit-caron", "manon-girard"),
    ),
    DemoAttendance(
        "Apéro des rédacteurs lyonnais", CLAIRE, 20,
        going=("lucas-garnier", "hugo-lambert", "marie-lopez", "mathieu-leroy",
               "elodie-marchand"),
        came=True,
    ),
    DemoAttendance(
        "ChocoSkype spécial prospection", KARIM, 6,
        going=(CLAIRE, "pauline-faure", "maxime-dubois"),
        came=True,
    ),
)  # fmt: skip


@dataclass(frozen=True)
class DemoSeries:
    title: str
    organiser: str
    kind: Event.Kind
    frequency: EventSeries.Frequency
    start_time: time
    duration: timedelta
    description: str
    capacity: int
    place: dict = field(default_factory=dict)  # venue_name, address, city, region; none online
    regulars: tuple[str, ...] = ()  # going to the first two dates


FRIDAY, THURSDAY = 4, 3

SERIES = (
    DemoSeries(
        title="ChocoSkype transatlantique du vendredi",
        organiser=KARIM,
        kind=Event.Kind.CHOCOSKYPE,
        frequency=EventSeries.Frequency.WEEKLY,
        start_time=time(15),
        duration=timedelta(hours=1),
        description=(
            "Un ChocoSkype à quatre, chaque vendredi : 15 h à Paris, 9 h à Montréal. On fait le "
            "point sur la semaine, les devis envoyés et ceux qui coincent.\n\n"
            "Le lien de la visio apparaît pour les inscrits confirmés."
        ),
        capacity=4,
        regulars=(CLAIRE, "pauline-faure"),
    ),
    DemoSeries(
        title="Afterwork lyonnais du 1er jeudi",
        organiser="lucas-garnier",
        kind=Event.Kind.AFTERWORK,
        frequency=EventSeries.Frequency.MONTHLY,
        start_time=time(19),
        duration=timedelta(hours=3),
        description=(
            "Le rendez-vous mensuel des indépendants lyonnais, le premier jeudi du mois. "
            "Nouveaux venus bienvenus : on fait un tour de table à 19 h 30."
        ),
        capacity=30,
        place={
            "venue_name": "La Cave des Voyageurs",
            "address": "7 place Saint-Paul, 69005 Lyon",
            "city": "Lyon",
            "region": Region.AUVERGNE_RHONE_ALPES,
        },
        regulars=(CLAIRE, "hugo-lambert", "quentin-rousseau"),
    ),
)


def seed_demo_events(*, members: dict[str, Member], today: date) -> dict[str, int]:
    """Adds what is missing; returns counts for the command's summary."""
    # Dates hang on the demo's day, as in demo_data.py, so that the runs of one day agree.
    now = datetime.combine(today, time(0), tzinfo=PARIS)
    series_counts = _series_seed(members, today, now)
    return {
        "rooms": _video_rooms_give(members, today),
        **series_counts,
        "rsvps": _attendances_seed(members, now),
    }


def _video_rooms_give(members: dict[str, Member], today: date) -> int:
    """The demo's online events get a private room, as the event form would have made."""
    specs = [spec for spec in demo_events(today) if spec.is_online]
    events = list(
        Event.objects.filter(
            is_online=True,
            video_url="",
            title__in={spec.title for spec in specs},
            organiser__in=[members[spec.organiser] for spec in specs],
        )
    )
    for event in events:
        event.video_url, event.video_room_is_generated = video_room_url(), True
    Event.objects.bulk_update(events, ["video_url", "video_room_is_generated"])
    return len(events)


def _first_date(spec: DemoSeries, today: date) -> date:
    if spec.frequency == EventSeries.Frequency.WEEKLY:
        return today + timedelta(days=(FRIDAY - today.weekday()) % 7 or 7)
    # The first Thursday of a month, this one's if it is still ahead.
    month = today.replace(day=1)
    while True:
        first_thursday = month + timedelta(days=(THURSDAY - month.weekday()) % 7)
        if first_thursday > today:
            return first_thursday
        month = (month + timedelta(days=32)).replace(day=1)


def _series_seed(members: dict[str, Member], today: date, now: datetime) -> dict[str, int]:
    existing = {
        (series.title, series.organiser_id): series
        for series in EventSeries.objects.filter(
            title__in=[spec.title for spec in SERIES],
            organiser__in=[members[spec.organiser] for spec in SERIES],
        ).annotate(last_made=Max("occurrences__occurrence_date"))
    }
    horizon = today + timedelta(days=settings.EVENTS_SERIES_HORIZON_DAYS)
    counts = {"series": 0, "occurrences": 0}
    for spec in SERIES:
        organiser = members[spec.organiser]
        series = existing.get((spec.title, organiser.pk))
        if series is None:
            series = EventSeries(
                organiser=organiser,
                kind=spec.kind,
                title=spec.title,
                description=spec.description,
                frequency=spec.frequency,
                first_date=_first_date(spec, today),
                start_time=spec.start_time,
                duration=spec.duration,
                timezone="Europe/Paris",
                is_online=not spec.place,
                capacity=spec.capacity,
                allows_interested=True,
                **spec.place,
            )
            if series.is_online:
                series.video_url, series.video_room_is_generated = video_room_url(), True
            series.full_clean()
            series.save()
            counts["series"] += 1
            created = series_occurrences_create(series=series, now=now)
            _regulars_seat(members, spec, created[:2])
        else:
            due = series.slot_dates(today, horizon)
            if series.is_stopped or not due or (series.last_made and due[-1] <= series.last_made):
                continue
            created = series_occurrences_create(series=series, now=now)
        counts["occurrences"] += len(created)
    return counts


def _regulars_seat(members, spec: DemoSeries, occurrences: list[Event]) -> None:
    for occurrence in occurrences:
        Rsvp.objects.bulk_create(
            Rsvp(event=occurrence, member=members[handle], status=Rsvp.Status.GOING)
            for handle in spec.regulars
        )
        Event.objects.filter(pk=occurrence.pk).update(seats_taken=len(spec.regulars))


def _attendances_seed(members: dict[str, Member], now: datetime) -> int:
    events = Event.objects.filter(
        title__in=[spec.title for spec in ATTENDANCES],
        organiser__in=[members[spec.organiser] for spec in ATTENDANCES],
        series__isnull=True,
    ).annotate(answered=Exists(Rsvp.objects.filter(event=OuterRef("pk"))))
    by_key = {(event.title, event.organiser_id): event for event in events}
    rsvps: list[Rsvp] = []
    for spec in ATTENDANCES:
        event = by_key.get((spec.title, members[spec.organiser].pk))
        if event is None or event.answered:
            continue
        # Twelve days before the event, or two days before the demo's day for an event further
        # off: a waitlist place is taken when a member answers, never in the future.
        answered_at = min(event.starts_at - timedelta(days=12), now - timedelta(days=2))
        came_at = event.starts_at + timedelta(minutes=20) if spec.came else None
        rsvps += [
            Rsvp(
                event=event, member=members[handle], status=Rsvp.Status.GOING, checked_in_at=came_at
            )
            for handle in spec.going
        ]
        rsvps += [
            Rsvp(
                event=event,
                member=members[handle],
                status=Rsvp.Status.WAITLISTED,
                waitlisted_at=answered_at + timedelta(hours=position),
            )
            for position, handle in enumerate(spec.waitlisted)
        ]
        rsvps += [
            Rsvp(event=event, member=members[handle], status=Rsvp.Status.INTERESTED)
            for handle in spec.interested
        ]
        Event.objects.filter(pk=event.pk).update(
            capacity=spec.capacity,
            seats_taken=len(spec.going),
            allows_interested=bool(spec.interested),
        )
    Rsvp.objects.bulk_create(rsvps)
    return len(rsvps)
