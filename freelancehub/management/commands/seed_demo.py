from collections import defaultdict

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events.models import Event
from freelancehub.demo_data import (
    DEMO_PASSWORD,
    MEMBERS,
    MODERATORS,
    PARIS,
    DemoEvent,
    demo_events,
    joined_at,
)
from members.models import Member, Trade
from members.roles import moderators_group_sync


class Command(BaseCommand):
    help = (
        "Creates the demo community (members, events) of freelancehub/demo_data.py. Safe to run at "
        "every start: it creates only what is missing and leaves existing accounts as they are."
    )

    def handle(self, *args, **options) -> None:
        # The demo lives in Paris time: “next Thursday” must not depend on the machine's zone.
        today = timezone.localdate(timezone=PARIS)
        with transaction.atomic():
            members, members_created = self.seed_members(today)
            addresses_created, addresses_verified = self.seed_email_addresses(members)
            self.seed_moderators(members)
            events = self.seed_events(members, today)
        self.stdout.write(
            f"Demo members: {members_created} created, {len(members) - members_created} existing. "
            f"E-mail addresses: {addresses_created} created, {addresses_verified} verified. "
            f"Events: {events['created']} created, {events['rescheduled']} rescheduled, "
            f"{events['unchanged']} unchanged."
        )

    def seed_members(self, today) -> tuple[dict[str, Member], int]:
        """Creates the missing demo members; an existing one keeps whatever was changed since."""
        members = {
            member.username: member
            for member in Member.objects.filter(username__in=[m.handle for m in MEMBERS])
        }
        missing = [demo for demo in MEMBERS if demo.handle not in members]
        if not missing:
            return members, 0

        # PBKDF2 is slow on purpose: hash once, share the hash (each account still checks alone).
        password = make_password(DEMO_PASSWORD)
        wanted_slugs = {slug for demo in missing for slug in demo.trades}
        trades = {trade.slug: trade for trade in Trade.objects.filter(slug__in=wanted_slugs)}
        if unknown := wanted_slugs - trades.keys():
            self.stderr.write(f"Trades not found, left out: {', '.join(sorted(unknown))}")

        member_trades = []
        for demo in missing:
            member = Member.objects.create(
                username=demo.handle,
                email=demo.email,
                password=password,
                display_name=demo.display_name,
                headline=demo.headline,
                language=demo.language,
                timezone=demo.timezone,
                legal_status=demo.legal_status,
                city=demo.city,
                region=demo.region,
                date_joined=joined_at(demo, today),
            )
            members[member.username] = member
            member_trades += [
                Member.trades.through(member=member, trade=trades[slug])
                for slug in demo.trades
                if slug in trades
            ]
        Member.trades.through.objects.bulk_create(member_trades)
        return members, len(missing)

    def seed_email_addresses(self, members: dict[str, Member]) -> tuple[int, int]:
        """Gives every demo account a verified address, without which sign-in is refused."""
        addresses = EmailAddress.objects.filter(user__in=members.values())
        known = {(user, email.lower()) for user, email in addresses.values_list("user", "email")}
        with_primary = set(addresses.filter(primary=True).values_list("user", flat=True))
        created = EmailAddress.objects.bulk_create(
            EmailAddress(
                user=member,
                email=member.email,
                primary=member.pk not in with_primary,
                verified=True,
            )
            for member in members.values()
            if (member.pk, member.email.lower()) not in known
        )
        verified = addresses.filter(
            verified=False, email__in=[member.email for member in members.values()]
        ).update(verified=True)
        return len(created), verified

    def seed_moderators(self, members: dict[str, Member]) -> None:
        """Sophie moderates in the admin: staff in the moderators' group, never a superuser."""
        group = moderators_group_sync()
        for handle in MODERATORS:
            moderator = members[handle]
            if not moderator.is_staff or moderator.is_superuser:
                moderator.is_staff, moderator.is_superuser = True, False
                moderator.save(update_fields=["is_staff", "is_superuser"])
            moderator.groups.add(group)

    def seed_events(self, members: dict[str, Member], today) -> dict[str, int]:
        """Creates the missing demo events and moves the others to this week's dates.

        A demo event is found by title and organiser (in creation order for the rows of a series),
        so running again creates nothing. Only the dates follow today, so that the demo always has
        events coming up; they depend on the date alone, so the runs of one day agree.
        """
        specs = demo_events(today)
        existing: dict[tuple[str, int], list[Event]] = defaultdict(list)
        for event in Event.objects.filter(
            title__in={spec.title for spec in specs},
            organiser__in=[members[spec.organiser] for spec in specs],
        ).order_by("pk"):
            existing[event.title, event.organiser_id].append(event)

        counts = {"created": 0, "rescheduled": 0, "unchanged": 0}
        for spec in specs:
            organiser = members[spec.organiser]
            series = existing[spec.title, organiser.pk]
            if not series:
                self.event_create(spec, organiser)
                counts["created"] += 1
                continue
            event = series.pop(0)
            if (event.starts_at, event.ends_at) == (spec.starts_at, spec.ends_at):
                counts["unchanged"] += 1
                continue
            event.starts_at, event.ends_at = spec.starts_at, spec.ends_at
            event.save(update_fields=["starts_at", "ends_at"])
            counts["rescheduled"] += 1
        return counts

    @staticmethod
    def event_create(spec: DemoEvent, organiser: Member) -> Event:
        return Event.objects.create(
            kind=spec.kind,
            title=spec.title,
            description=spec.description,
            starts_at=spec.starts_at,
            ends_at=spec.ends_at,
            is_online=spec.is_online,
            venue_name=spec.venue_name,
            address=spec.address,
            city=spec.city,
            region=spec.region,
            organiser=organiser,
            visibility=spec.visibility,
            status=spec.status,
            cancellation_reason=spec.cancellation_reason,
        )
