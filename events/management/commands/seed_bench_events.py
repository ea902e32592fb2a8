"""Adds events to the bench board (`manage.py seed_bench`), for bench/run.sh to measure the events
list and an event's page:

    manage.py seed_bench_events --events 40

Deterministic (one seeded generator) and cheap (two bulk inserts). A fifth of the events are
past, the others spread over the next four months from the hour the command runs; a quarter are
for members only; each has up to 40 answers from bench members (seats, a waitlist once full,
“interested”). It lives with the events, not in seed_bench, because the forums do not import
the events app (the events import the forums).
"""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.usertext import render_markdown
from events.models import Event, Rsvp
from forums.management.commands.seed_bench import CITIES, USERNAME_PREFIX
from members.models import Member

HOSTS = 5  # the first bench members organise the events
VENUES = ("Le Comptoir", "La Cantine", "Café des Arts", "Le Tiers-Lieu", "La Coopérative")
TITLES = {
    Event.Kind.AFTERWORK: "Afterwork des indépendants à {city}",
    Event.Kind.CHOCOSKYPE: "ChocoSkype : parler tarifs autour d’un chocolat",
    Event.Kind.WORKSHOP: "Atelier : bien rédiger ses devis",
    Event.Kind.COWORKING: "Journée coworking à {city}",
}
DESCRIPTION = (
    "On se retrouve pour parler **tarifs**, clients et outils, entre indépendants.\n\n"
    "- Venez avec vos questions\n- Repartez avec des contacts\n\n"
    "Ouvert à tous les métiers du web, débutants bienvenus."
)


class Command(BaseCommand):
    help = "Adds deterministic events and answers to the bench board (after seed_bench)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--events", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options) -> None:
        members = list(
            Member.objects.filter(username__startswith=USERNAME_PREFIX).order_by("username")
        )
        if len(members) <= HOSTS:
            raise CommandError("No bench board here: run seed_bench first.")
        if Event.objects.exists():
            raise CommandError("This database already holds events.")
        rng = random.Random(options["seed"])
        anchor = timezone.now().replace(minute=0, second=0, microsecond=0)
        count = options["events"]
        past = count // 5
        kinds = list(Event.Kind)
        events, answers = [], []
        for i in range(count):
            kind = kinds[i % len(kinds)]
            city = rng.choice(CITIES)
            is_online = kind == Event.Kind.CHOCOSKYPE or (
                kind == Event.Kind.WORKSHOP and i % 2 == 1
            )
            days = -3 * (past - i) if i < past else 3 * (i - past) + 1
            starts_at = anchor.replace(hour=rng.choice((9, 12, 18, 19))) + timedelta(days=days)
            hours = {Event.Kind.AFTERWORK: 3, Event.Kind.COWORKING: 8}.get(kind, 2)
            event = Event(
                kind=kind,
                title=TITLES[kind].format(city=city),
                description=DESCRIPTION,
                description_html=render_markdown(DESCRIPTION),
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=hours),
                is_online=is_online,
                city="" if is_online else city,
                venue_name="" if is_online else rng.choice(VENUES),
                video_url=f"https://meet.jit.si/freelancehub-bench-{i}" if is_online else "",
                organiser=members[i % HOSTS],
                visibility=Event.Visibility.MEMBERS if i % 4 == 3 else Event.Visibility.PUBLIC,
                capacity=rng.choice((None, 12, 20, 30)),
                allows_interested=i % 2 == 0,
            )
            guests = rng.sample(members[HOSTS:], rng.randint(0, 40))
            seats = guests[: event.capacity] if event.capacity else guests
            event.seats_taken = len(seats)
            events.append(event)
            for rank, guest in enumerate(guests):
                if rank < len(seats):
                    status = Rsvp.Status.GOING
                elif event.allows_interested and rank % 2:
                    status = Rsvp.Status.INTERESTED
                else:
                    status = Rsvp.Status.WAITLISTED
                answers.append(
                    (
                        i,
                        Rsvp(
                            member=guest,
                            status=status,
                            waitlisted_at=anchor + timedelta(minutes=rank)
                            if status == Rsvp.Status.WAITLISTED
                            else None,
                        ),
                    )
                )
        with transaction.atomic():
            events = Event.objects.bulk_create(events)
            for i, answer in answers:
                answer.event = events[i]
            Rsvp.objects.bulk_create([answer for _i, answer in answers])
        self.stdout.write(f"Bench events: {len(events)} ({past} past), {len(answers)} answers.")
