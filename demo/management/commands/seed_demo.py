from collections import defaultdict

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.usertext import render_markdown
from demo.avatars import avatar_png
from demo.chocoskype import seed_demo_chocoskype
from demo.data import (
    DEMO_PASSWORD,
    MEMBERS,
    MODERATORS,
    PARIS,
    PROFILES,
    RECOMMENDATIONS,
    DemoEvent,
    DemoMember,
    DemoProfile,
    DemoRecommendation,
    demo_events,
    joined_at,
    last_active_at,
    profile_links,
    written_at,
)
from demo.events import seed_demo_events
from demo.forums import seed_demo_forums
from demo.messaging import seed_demo_messaging
from demo.missions import seed_demo_missions
from demo.notifications import seed_demo_notifications
from demo.rates import seed_demo_rates
from events.models import Event
from legal.services import acceptances_record_at_seeding
from members.avatars import avatar_process
from members.models import (
    Availability,
    Member,
    ProfileVisibility,
    Recommendation,
    Skill,
    SpokenLanguage,
    Trade,
)
from members.roles import moderators_group_sync
from members.services import member_avatar_set

# The Member fields a first seed fills in; bulk_update writes them all in one statement.
PROFILE_FIELDS = [
    "bio", "bio_html", "years_freelancing", "website", "linkedin_url", "malt_url",
    "portfolio_url", "availability", "open_to_chocoskype", "profile_visibility",
    "last_active_at", "avatar", "avatar_thumbnail",
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Creates the demo community (members and their profiles, recommendations, events) of "
        "demo/data.py. Safe to run at every start: it creates only what is missing "
        "and leaves existing accounts as they are."
    )

    def handle(self, *args, **options) -> None:
        # The demo lives in Paris time: “next Thursday” must not depend on the machine's zone.
        today = timezone.localdate(timezone=PARIS)
        # Avatar files reach the storage before the transaction ends: removed again if it fails.
        self.stored_files: list = []
        try:
            with transaction.atomic():
                members, members_created = self.seed_members(today)
                addresses_created, addresses_verified = self.seed_email_addresses(members)
                self.seed_moderators(members)
                filled, avatars = self.seed_profiles(members, today)
                recommendations = self.seed_recommendations(members, filled, today)
                events = self.seed_events(members, today)
                event_life = seed_demo_events(members=members, today=today)
                forum_topics = seed_demo_forums(members=members, today=today)
                notifications = seed_demo_notifications(members=members)
                chocoskype = seed_demo_chocoskype(members=members, today=today)
                rates = seed_demo_rates(members=members, today=today)
                conversations = seed_demo_messaging(members=members)
                missions = seed_demo_missions(members=members, today=today)
        except BaseException:
            for file in self.stored_files:
                file.storage.delete(file.name)
            raise
        self.stdout.write(
            f"Demo members: {members_created} created, {len(members) - members_created} existing. "
            f"E-mail addresses: {addresses_created} created, {addresses_verified} verified. "
            f"Profiles: {len(filled)} filled, {avatars} avatars drawn. "
            f"Recommendations: {recommendations} created. "
            f"Events: {events['created']} created, {events['rescheduled']} rescheduled, "
            f"{events['unchanged']} unchanged. "
            f"Event series: {event_life['series']} created, {event_life['occurrences']} dates "
            f"added. RSVPs: {event_life['rsvps']} created. Video rooms: {event_life['rooms']}. "
            f"Forum topics: {forum_topics} created. Notifications: {notifications} created. "
            f"ChocoSkype: {chocoskype['participants']} participants, "
            f"{chocoskype['rounds']} rounds, {chocoskype['binomes']} binômes created. "
            f"Rates observatory: {rates['services']} services, {rates['contributors']} members "
            f"who report rates, {rates['reports']} reports created. "
            f"Private conversations: {conversations} created. "
            f"Missions: {missions['missions']} created, {missions['referrals']} referrals, "
            f"{missions['interests']} interests."
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
        # They signed up as anyone does, accepting the current terms and community charter.
        acceptances_record_at_seeding(members=[members[demo.handle] for demo in missing])
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
        """Sophie moderates in the admin: staff in the moderators' group, never a superuser,
        with an authenticator app as staff must have (in development, ``make run`` accepts the
        code it prints for her)."""
        group = moderators_group_sync()
        for handle in MODERATORS:
            moderator = members[handle]
            if not moderator.is_staff or moderator.is_superuser:
                moderator.is_staff, moderator.is_superuser = True, False
                moderator.save(update_fields=["is_staff", "is_superuser"])
            moderator.groups.add(group)
            if not is_mfa_enabled(moderator, [Authenticator.Type.TOTP]):
                TOTP.activate(moderator, generate_totp_secret())

    def seed_profiles(self, members: dict[str, Member], today) -> tuple[set[str], int]:
        """Fills the profile of each demo member who has never had one: once, never again.

        A demo account with an empty bio counts as not yet seeded (new, or created by an older
        seed); a bio, even edited, means the profile is theirs. Even then only empty or default
        fields are filled, and skills and languages only for members who have none. Costs no
        query when every demo member already has a bio.
        """
        todo = [
            (demo, PROFILES[demo.handle], members[demo.handle])
            for demo in MEMBERS
            if demo.handle in PROFILES and not members[demo.handle].bio.strip()
        ]
        if not todo:
            return set(), 0

        avatars = 0
        for demo, profile, member in todo:
            self.profile_fill(member, demo, profile, today)
            if profile.avatar_palette is not None and not member.avatar:
                self.avatar_draw(member, profile.avatar_palette)
                avatars += 1
        Member.objects.bulk_update([member for _, _, member in todo], PROFILE_FIELDS)

        ids = [member.pk for _, _, member in todo]
        with_skills = set(
            Member.skills.through.objects.filter(member_id__in=ids).values_list(
                "member_id", flat=True
            )
        )
        with_languages = set(
            SpokenLanguage.objects.filter(member_id__in=ids).values_list("member_id", flat=True)
        )
        skills = self.skills_get_or_create(
            [name for _, p, m in todo if m.pk not in with_skills for name in p.skills]
        )
        Member.skills.through.objects.bulk_create(
            [
                Member.skills.through(member=member, skill=skills[slugify(name)])
                for _, profile, member in todo
                if member.pk not in with_skills
                for name in profile.skills
            ],
            ignore_conflicts=True,
        )
        SpokenLanguage.objects.bulk_create(
            [
                SpokenLanguage(member=member, code=code)
                for _, profile, member in todo
                if member.pk not in with_languages
                for code in profile.languages
            ],
            ignore_conflicts=True,
        )
        return {demo.handle for demo, _, _ in todo}, avatars

    @staticmethod
    def profile_fill(member: Member, demo: DemoMember, profile: DemoProfile, today) -> None:
        """Sets the demo profile on the instance, keeping every field the member already set."""
        member.bio = profile.bio
        member.bio_html = render_markdown(profile.bio)
        if member.years_freelancing is None:
            member.years_freelancing = profile.years_freelancing
        for field, address in profile_links(demo.handle, profile).items():
            if not getattr(member, field):
                setattr(member, field, address)
        if member.availability == Availability.AVAILABLE:
            member.availability = profile.availability
        member.open_to_chocoskype = member.open_to_chocoskype or profile.open_to_chocoskype
        if profile.members_only:
            member.profile_visibility = ProfileVisibility.MEMBERS
        if member.last_active_at is None:
            member.last_active_at = last_active_at(demo, profile, today)

    def avatar_draw(self, member: Member, palette: int) -> None:
        """Draws the member's avatar and stores it the way an upload is: re-encoded, two sizes."""
        picture = SimpleUploadedFile(
            f"{member.username}.png",
            avatar_png(member.username, member.initials, palette),
            content_type="image/png",
        )
        member_avatar_set(member=member, avatar=avatar_process(picture))
        self.stored_files += [member.avatar, member.avatar_thumbnail]

    @staticmethod
    def skills_get_or_create(names: list[str]) -> dict[str, Skill]:
        """The skills by slug, created if missing; an existing skill keeps its spelling."""
        wanted = {slugify(name): name for name in names}
        if not wanted:
            return {}
        Skill.objects.bulk_create(
            [Skill(slug=slug, name=name) for slug, name in wanted.items()], ignore_conflicts=True
        )
        return {skill.slug: skill for skill in Skill.objects.filter(slug__in=wanted)}

    def seed_recommendations(self, members: dict[str, Member], filled: set[str], today) -> int:
        """Writes the demo recommendations that involve a member whose profile was just filled.

        Tied to the first fill so that a recommendation its author deleted is not written again;
        a pair that already has one (the author may have rewritten it) is left alone.
        """
        specs = [r for r in RECOMMENDATIONS if r.author in filled or r.recipient in filled]
        if not specs:
            return 0
        people = {members[handle] for r in specs for handle in (r.author, r.recipient)}
        existing = set(
            Recommendation.objects.filter(author__in=people, recipient__in=people).values_list(
                "author_id", "recipient_id"
            )
        )
        trades = {t.slug: t for t in Trade.objects.filter(slug__in={r.trade for r in specs})}
        new = [
            (spec, self.recommendation_build(spec, members, trades))
            for spec in specs
            if (members[spec.author].pk, members[spec.recipient].pk) not in existing
        ]
        created = Recommendation.objects.bulk_create([recommendation for _, recommendation in new])
        # auto_now_add stamps them all with now: date them as the data says, in one statement.
        for spec, recommendation in new:
            recommendation.created_at = recommendation.updated_at = written_at(spec, today)
        if created and all(recommendation.pk for recommendation in created):
            Recommendation.objects.bulk_update(created, ["created_at", "updated_at"])
        return len(created)

    @staticmethod
    def recommendation_build(
        spec: DemoRecommendation, members: dict[str, Member], trades: dict[str, Trade]
    ) -> Recommendation:
        return Recommendation(
            author=members[spec.author],
            recipient=members[spec.recipient],
            trade=trades.get(spec.trade),
            text=spec.text,
            is_hidden=spec.is_hidden,
        )

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
