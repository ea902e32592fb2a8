import io
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from demo.avatars import avatar_png
from demo.data import (
    DEMO_PASSWORD,
    MEMBERS,
    PARIS,
    PROFILES,
    RECOMMENDATIONS,
    profile_links,
)
from demo.management.commands.seed_demo import Command
from demo.rates import contributors
from events.models import Event
from members.forms import SPOKEN_LANGUAGE_CODES
from members.models import (
    Availability,
    LegalStatus,
    Member,
    ProfileVisibility,
    Recommendation,
    Skill,
    SpokenLanguage,
)
from members.roles import MODERATORS_GROUP
from members.selectors import members_search

pytestmark = pytest.mark.django_db

# A fixed day keeps the runs of one test on the same date, even across midnight.
TODAY = date(2026, 3, 26)


def seed(today: date = TODAY) -> str:
    stdout = io.StringIO()
    with mock.patch.object(timezone, "localdate", return_value=today):
        call_command("seed_demo", stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def media_files() -> dict[str, tuple[int, int]]:
    """Every file under MEDIA_ROOT (a tmp dir in tests), with its size and modification time."""
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def snapshot() -> dict:
    return {
        "members": list(Member.objects.order_by("pk").values()),
        "trades": list(Member.trades.through.objects.order_by("pk").values()),
        "skills": list(Skill.objects.order_by("pk").values()),
        "member_skills": list(Member.skills.through.objects.order_by("pk").values()),
        "languages": list(SpokenLanguage.objects.order_by("pk").values()),
        "recommendations": list(Recommendation.objects.order_by("pk").values()),
        "addresses": list(EmailAddress.objects.order_by("pk").values()),
        "events": list(Event.objects.order_by("pk").values()),
        "media": media_files(),
    }


AVATARS = sum(1 for profile in PROFILES.values() if profile.avatar_palette is not None)


def test_seeding_twice_creates_and_changes_nothing_the_second_time(
    django_assert_num_queries,
):
    first_output = seed()
    first = snapshot()
    # Every `make run` pays for this run: a handful of queries, whatever the demo's size. Filled
    # profiles and existing recommendations cost nothing: the members' query already says so.
    # The events' RSVPs, series and video rooms read three (demo/events.py), the
    # forums' topics one, the demo bells two (whether Claire and Karim have notifications), the
    # moderator's authenticator app one, the ChocoSkype rounds one (demo/chocoskype.py), the
    # rates observatory one (demo/rates.py), the private conversations one (demo/messaging.py),
    # the missions one (demo/missions.py).
    with django_assert_num_queries(22):
        second_output = seed()

    assert snapshot() == first
    assert "32 created" in first_output
    assert f"Profiles: 32 filled, {AVATARS} avatars drawn" in first_output
    assert f"Recommendations: {len(RECOMMENDATIONS)} created" in first_output
    assert "0 created, 32 existing" in second_output
    assert "Profiles: 0 filled, 0 avatars drawn. Recommendations: 0 created" in second_output
    assert "0 created, 0 rescheduled, 15 unchanged" in second_output
    # The personas, and the quieter members who reported rates (demo/rates.py).
    assert len(first["members"]) == len(MEMBERS) + len(contributors()) >= 30
    assert len(first["addresses"]) == len(first["members"])
    # Claire's ChocoSkype of the week is a private meeting, not one of demo_data's events.
    one_offs = [e for e in first["events"] if e["series_id"] is None]
    assert len([e for e in one_offs if e["visibility"] != Event.Visibility.PRIVATE]) == 15
    assert len(first["recommendations"]) == len(RECOMMENDATIONS) >= 25
    assert len(first["languages"]) == sum(len(p.languages) for p in PROFILES.values())
    assert len(first["member_skills"]) == sum(len(p.skills) for p in PROFILES.values())
    assert len(first["media"]) == 2 * AVATARS >= 16


def test_a_later_run_moves_the_events_instead_of_duplicating_them():
    seed()
    # Occurrences of series are not moved: their horizon brings new dates instead. A new week
    # brings its own ChocoSkype round and meetings (demo/chocoskype.py), not moved either.
    one_offs = Event.objects.filter(series__isnull=True).exclude(
        visibility=Event.Visibility.PRIVATE
    )
    before = dict(one_offs.values_list("pk", "starts_at"))

    output = seed(TODAY + timedelta(days=10))

    assert "0 created, 15 rescheduled" in output
    after = dict(one_offs.values_list("pk", "starts_at"))
    assert after.keys() == before.keys()
    assert all(after[pk] > before[pk] for pk in before)


def test_existing_accounts_are_left_alone_but_can_always_sign_in():
    seed()
    claire = Member.objects.get(username="claire")
    claire.headline = "Rédactrice SEO, désormais à Villeurbanne"
    claire.bio = "Je ne prends plus que des projets de tourisme durable."
    claire.availability = Availability.NOT_TAKING_WORK
    claire.open_to_chocoskype = False
    claire.avatar = claire.avatar_thumbnail = ""
    claire.save()
    claire.skills.clear()
    SpokenLanguage.objects.filter(member=claire).delete()
    Recommendation.objects.filter(recipient=claire, author__username="karim").delete()
    EmailAddress.objects.filter(user=claire).delete()
    Member.objects.filter(username="sophie").update(is_superuser=True)

    output = seed()

    assert "E-mail addresses: 1 created" in output
    assert "Profiles: 0 filled, 0 avatars drawn. Recommendations: 0 created" in output
    claire.refresh_from_db()
    assert claire.headline == "Rédactrice SEO, désormais à Villeurbanne"
    assert claire.bio == "Je ne prends plus que des projets de tourisme durable."
    assert claire.availability == Availability.NOT_TAKING_WORK
    assert not claire.open_to_chocoskype
    assert not claire.avatar
    assert not claire.skills.exists()
    assert not claire.spoken_languages.exists()
    assert not Recommendation.objects.filter(recipient=claire, author__username="karim").exists()
    assert EmailAddress.objects.filter(user=claire, primary=True, verified=True).exists()
    assert not Member.objects.get(username="sophie").is_superuser


def test_members_from_an_older_seed_get_their_profile_once():
    seed()
    # What an earlier seed left behind: the same accounts, with no profile at all...
    Recommendation.objects.all().delete()
    SpokenLanguage.objects.all().delete()
    Member.skills.through.objects.all().delete()
    Member.objects.update(
        bio="", bio_html="", avatar="", avatar_thumbnail="", years_freelancing=None,
        website="", linkedin_url="", malt_url="", portfolio_url="",
        availability=Availability.AVAILABLE, open_to_chocoskype=False,
        profile_visibility=ProfileVisibility.PUBLIC, last_active_at=None,
    )  # fmt: skip
    # ... except that Karim wrote his bio since, and Léa uploaded a picture with an empty bio.
    Member.objects.filter(username="karim").update(bio="Mon texte.", availability="busy")
    Member.objects.filter(username="lea-roux").update(
        avatar="avatars/own.webp", website="https://lea.example"
    )

    output = seed()

    assert f"Profiles: 31 filled, {AVATARS - 2} avatars drawn" in output
    assert f"Recommendations: {len(RECOMMENDATIONS)} created" in output
    karim = Member.objects.get(username="karim")
    assert (karim.bio, karim.bio_html, karim.availability) == ("Mon texte.", "", "busy")
    assert not karim.avatar
    assert not karim.skills.exists()
    assert not karim.spoken_languages.exists()
    lea = Member.objects.get(username="lea-roux")
    assert lea.bio == PROFILES["lea-roux"].bio
    assert (lea.avatar.name, lea.website) == ("avatars/own.webp", "https://lea.example")
    assert lea.portfolio_url == profile_links("lea-roux", PROFILES["lea-roux"])["portfolio_url"]
    claire = Member.objects.get(username="claire")
    assert claire.bio_html
    assert claire.skills.count() == len(PROFILES["claire"].skills)

    before = snapshot()
    assert "Profiles: 0 filled" in seed()
    assert snapshot() == before


def test_a_failed_run_leaves_no_avatar_file_behind():
    with (
        mock.patch.object(Command, "seed_events", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        seed()

    assert not Member.objects.exists()
    assert media_files() == {}


@pytest.mark.parametrize("email", ["claire", "karim", "sophie"])
def test_the_personas_sign_in_through_the_login_page(client, email):
    seed()
    response = client.post(
        reverse("account_login"),
        {"login": f"{email}@demo.freelancehub.fr", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    # Staff sign in with a second factor (in development, `make run`'s code).
    assert response.url == (reverse("mfa_authenticate") if email == "sophie" else reverse("home"))


def test_every_demo_member_has_a_verified_primary_address_and_the_demo_password(client):
    seed()
    for member in Member.objects.all():
        address = EmailAddress.objects.get(user=member, primary=True)
        assert address.verified
        assert address.email == member.email
        assert member.email.endswith("@demo.freelancehub.fr")
        assert client.login(email=member.email, password=DEMO_PASSWORD), member.username
        client.logout()


def test_the_personas_are_who_product_md_says():
    seed()
    claire = Member.objects.get(username="claire")
    assert claire.email == "claire@demo.freelancehub.fr"
    assert claire.legal_status == LegalStatus.MICRO_ENTREPRISE
    assert (claire.city, claire.region) == ("Lyon", "ara")
    assert "redacteur-web" in claire.trades.values_list("slug", flat=True)

    karim = Member.objects.get(email="karim@demo.freelancehub.fr")
    assert karim.legal_status == LegalStatus.PORTAGE
    assert (karim.language, karim.timezone) == ("en", "America/Toronto")
    assert set(karim.trades.values_list("slug", flat=True)) == {
        "traducteur",
        "correcteur-relecteur",
    }

    sophie = Member.objects.get(email="sophie@demo.freelancehub.fr")
    assert sophie.is_staff
    assert not sophie.is_superuser
    assert list(sophie.groups.values_list("name", flat=True)) == [MODERATORS_GROUP]
    assert Member.objects.filter(is_staff=True).count() == 1


def test_the_demo_community_is_varied_and_valid():
    seed()
    members = list(Member.objects.prefetch_related("trades"))

    assert {m.legal_status for m in members} == set(LegalStatus.values)
    assert all(1 <= len(m.trades.all()) <= 3 for m in members)
    assert {"remote", "reu", "idf", "ara"} <= {m.region for m in members}
    assert len({m.timezone for m in members}) > 3
    assert len({m.date_joined.date() for m in members}) == len(members)
    assert all(
        TODAY - timedelta(days=731) <= timezone.localdate(m.date_joined) < TODAY for m in members
    )
    for member in members:
        member.full_clean()


def test_the_demo_events_cover_every_kind_and_keep_the_constraints():
    seed()
    now = datetime.combine(TODAY, time(0), tzinfo=PARIS)
    events = list(Event.objects.all())

    for event in events:
        event.full_clean()
        assert event.ends_at > event.starts_at
        assert event.is_online or event.city
    upcoming = [e for e in events if e.starts_at > now]
    assert {e.city for e in upcoming if e.kind == Event.Kind.AFTERWORK} >= {
        "Lyon",
        "Paris",
        "Bordeaux",
        "Nantes",
    }
    chocoskypes = [e for e in upcoming if e.title == "ChocoSkype du mardi"]
    assert len(chocoskypes) == 4
    assert all(e.is_online and timezone.localtime(e.starts_at).weekday() == 1 for e in chocoskypes)
    assert any(e.kind == Event.Kind.WORKSHOP and e.is_online for e in upcoming)
    assert any(e.kind == Event.Kind.COWORKING for e in upcoming)
    assert any(e.visibility == Event.Visibility.MEMBERS for e in upcoming)
    cancelled = [e for e in events if e.is_cancelled]
    assert len(cancelled) == 1
    assert cancelled[0].cancellation_reason
    assert len([e for e in events if e.ends_at < now]) == 3


def test_every_demo_member_has_a_believable_profile():
    assert PROFILES.keys() == {demo.handle for demo in MEMBERS}
    seed()
    members = list(
        Member.objects.filter(username__in=PROFILES).prefetch_related("skills", "spoken_languages")
    )

    for member in members:
        profile = PROFILES[member.username]
        assert member.bio == profile.bio
        assert 2 <= len(re.findall(r"[.!?](?:\s|$)", member.bio)) <= 5, member.username
        assert member.bio_html.startswith("<p>")
        assert "<script" not in member.bio_html
        for href in re.findall(r'href="([^"]+)"', member.bio_html):
            assert href.startswith("https://") and ".example" in href, href
        assert 2 <= len(member.skills.all()) <= 6
        codes = {language.code for language in member.spoken_languages.all()}
        assert "fr" in codes
        assert codes <= set(SPOKEN_LANGUAGE_CODES)
        assert member.years_freelancing is not None
        for url in (member.website, member.linkedin_url, member.malt_url, member.portfolio_url):
            assert not url or url.startswith("https://")
        assert member.date_joined < member.last_active_at < timezone.now()
    assert sum("<ul>" in m.bio_html for m in members) >= 3
    assert sum("<a href=" in m.bio_html for m in members) >= 8
    skill_names = [name for profile in PROFILES.values() for name in profile.skills]
    assert len({slugify(name) for name in skill_names}) == len(set(skill_names))
    assert {"en", "fr", "ar"} <= {
        language.code for language in Member.objects.get(username="karim").spoken_languages.all()
    }
    assert {"en", "es", "de", "it", "pt"} <= set(
        SpokenLanguage.objects.values_list("code", flat=True)
    )
    availability = [m.availability for m in members]
    assert availability.count(Availability.AVAILABLE) > len(members) / 2
    assert availability.count(Availability.BUSY) >= 4
    assert availability.count(Availability.NOT_TAKING_WORK) >= 2
    assert 0.4 <= sum(m.open_to_chocoskype for m in members) / len(members) <= 0.6
    assert Member.objects.get(username="claire").open_to_chocoskype
    assert 2 <= sum(m.profile_visibility == ProfileVisibility.MEMBERS for m in members) <= 3
    assert len({m.last_active_at for m in members}) == len(members)
    assert {m.last_active_at.date() for m in members} >= {
        TODAY - timedelta(days=1),
        TODAY - timedelta(days=2),
    }
    assert any(m.last_active_at.date() < TODAY - timedelta(days=21) for m in members)
    assert any(m.linkedin_url and m.malt_url and m.website for m in members)


def test_the_demo_avatars_are_stored_like_uploads():
    seed()
    with_avatar = list(Member.objects.exclude(avatar=""))

    assert len(with_avatar) == AVATARS >= 8
    assert {m.username for m in with_avatar} >= {"claire", "karim", "sophie"}
    assert Member.objects.filter(username__in=PROFILES, avatar="").count() == len(MEMBERS) - AVATARS
    for member in with_avatar:
        for field, size in ((member.avatar, 256), (member.avatar_thumbnail, 64)):
            assert field.name.startswith(f"avatars/{member.pk}/")
            assert field.storage.exists(field.name)
            with field.storage.open(field.name) as file, Image.open(file) as image:
                assert (image.format, image.size) == ("WEBP", (size, size))


def test_a_demo_avatar_is_the_same_picture_on_every_run():
    first = avatar_png("claire", "CM", 4)

    assert avatar_png("claire", "CM", 4) == first
    assert avatar_png("karim", "KB", 4) != first
    with Image.open(io.BytesIO(first)) as image:
        assert image.format == "PNG"


def test_the_demo_recommendations_are_valid_and_varied():
    seed()
    recommendations = list(
        Recommendation.objects.select_related("author", "recipient", "trade").prefetch_related(
            "recipient__trades"
        )
    )

    assert len(recommendations) == len(RECOMMENDATIONS) >= 25
    for recommendation in recommendations:
        recommendation.full_clean()
        assert recommendation.author_id != recommendation.recipient_id
        assert recommendation.trade in recommendation.recipient.trades.all()
        assert recommendation.created_at == recommendation.updated_at
        assert recommendation.author.date_joined < recommendation.created_at
        assert recommendation.recipient.date_joined < recommendation.created_at
        assert recommendation.created_at < timezone.now()
    assert len({r.created_at for r in recommendations}) == len(recommendations)
    assert [r.recipient.username for r in recommendations if r.is_hidden] == ["claire"]
    claire = Member.objects.get(username="claire")
    assert Recommendation.objects.shown().filter(recipient=claire).count() >= 3
    assert claire.recommendations_given.count() >= 2
    assert len({r.recipient_id for r in recommendations}) >= 15


def test_the_directory_shows_the_seeded_community(client):
    seed()
    claire = Member.objects.get(username="claire")
    shown = Recommendation.objects.shown().filter(recipient=claire).count()

    directory = {m.username: m for m in members_search(viewer=claire, filters={})}
    public = {m.username for m in members_search(viewer=AnonymousUser(), filters={})}

    assert len(directory) == len(MEMBERS)
    assert directory["claire"].recommendation_count == shown >= 3
    assert sum(m.recommendation_count for m in directory.values()) == len(RECOMMENDATIONS) - 1
    assert len(public) == len(MEMBERS) - sum(p.members_only for p in PROFILES.values())
    assert "sarah-benmansour" not in public
    # “Recently active” first: the order follows the seeded last visits.
    order = [m.last_active_at for m in directory.values()]
    assert order == sorted(order, reverse=True)

    client.force_login(claire)
    response = client.get(reverse("members:list"))
    assert response.status_code == 200
    assert claire.avatar_thumbnail.url in response.content.decode()


def test_the_demo_has_private_conversations_once(client):
    from messaging.models import Conversation, Message
    from messaging.selectors import unread_count

    output = seed()
    assert "Private conversations: 4 created." in output
    claire = Member.objects.get(username="claire")
    conversations = Conversation.objects.filter(participants__member=claire)
    assert conversations.count() == 3
    assert conversations.filter(is_group=True).count() == 1
    # Karim's latest answer waits for her; every message is published and in its order.
    assert unread_count(claire) == 1
    assert not Message.objects.exclude(status="published").exists()
    for conversation in Conversation.objects.all():
        times = list(conversation.messages.order_by("id").values_list("created_at", flat=True))
        assert times == sorted(times) and conversation.last_message_at == times[-1]

    assert "Private conversations: 0 created." in seed()
    assert Conversation.objects.count() == 4

    client.force_login(claire)
    page = client.get(reverse("messaging:list")).content.decode()
    assert "Karim Benali" in page and "Afterwork de Lyon" in page


def test_the_demo_board_has_missions_passed_on_and_counted_on_profiles_once(client):
    from missions.models import Interest, Mission, Referral
    from missions.selectors import referral_counts

    output = seed()
    assert "Missions: 8 created, 4 referrals, 4 interests." in output
    claire = Member.objects.get(username="claire")
    # Claire passed a translation on to Karim and received his Auvergne pages: both won.
    assert referral_counts(claire) == referral_counts(Member.objects.get(username="karim"))
    assert referral_counts(claire).given == referral_counts(claire).received == 1
    assert Referral.objects.filter(outcome="won", amount__isnull=False).count() == 2
    for referral in Referral.objects.select_related("mission"):
        assert referral.mission.taken_by_id == referral.receiver_id
        assert referral.mission.status == Mission.Status.TAKEN
    assert Mission.objects.open().count() == 3
    # Every mission taken was published before.
    for mission in Mission.objects.exclude(taken_at=None):
        assert mission.created_at < mission.taken_at
    assert Interest.objects.filter(mission__author__username="thomas-petit").count() == 1

    assert "Missions: 0 created, 0 referrals, 0 interests." in seed()
    assert Mission.objects.count() == 8

    client.force_login(claire)
    board = client.get(reverse("missions:board")).content.decode()
    assert "12 articles SEO sur la rénovation énergétique" in board
    profile = client.get(reverse("members:profile", args=["claire"])).content.decode()
    assert 'data-referrals="given">1<' in profile
