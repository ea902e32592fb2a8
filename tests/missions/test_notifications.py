"""Who hears of a new mission (members of its trade, in its region or anywhere for a remote one,
never its author, nobody blocked either way, nobody suspended), in their own language and at the
pace they chose for missions (the daily digest unless they changed it)."""

import pytest
from django.core import mail
from django.utils import timezone

from members.models import Block
from missions import services
from missions.notifications import matching_members_notify
from notifications.models import Channel, Kind, Notification, Preference
from tests.factories import MemberFactory

from .conftest import mission_data, seasoned

pytestmark = pytest.mark.django_db


def translator(trade, region: str, **fields):
    member = seasoned(MemberFactory(**fields), region=region)
    member.trades.add(trade)
    return member


def told(kind=Kind.MISSION) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def translators(translation_trade, writing_trade, claire):
    """Translators in Lyon's region, in Paris's and abroad; a web writer in Lyon's region."""
    members = {
        "lyon": translator(translation_trade, "ara", username="tr-lyon"),
        "paris": translator(translation_trade, "idf", username="tr-paris"),
        "abroad": translator(translation_trade, "remote", username="tr-abroad"),
        "writer": translator(writing_trade, "ara", username="writer-lyon"),
    }
    claire.trades.add(translation_trade)  # the author is of the trade too: never told
    return members


def publish(author, trade, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return services.mission_publish(author=author, data=mission_data(trade, **fields))


def test_a_mission_in_a_region_is_for_the_trade_in_that_region(
    claire, translators, translation_trade, django_capture_on_commit_callbacks
):
    publish(claire, translation_trade, django_capture_on_commit_callbacks, remote=False,
            region="ara")  # fmt: skip

    assert told() == {"tr-lyon"}


def test_a_remote_mission_is_for_the_whole_trade(
    claire, translators, translation_trade, django_capture_on_commit_callbacks
):
    mission = publish(claire, translation_trade, django_capture_on_commit_callbacks)

    assert told() == {"tr-lyon", "tr-paris", "tr-abroad"}
    notification = Notification.objects.get(recipient=translators["paris"])
    assert notification.title == f"A mission for a {translation_trade.name}: “{mission.title}”"
    assert notification.url == mission.get_absolute_url()
    assert notification.actor == claire
    assert notification.excerpt.startswith("Un client e-commerce lyonnais")


def test_blocked_and_suspended_members_are_not_told(
    claire, translators, translation_trade, django_capture_on_commit_callbacks
):
    Block.objects.create(blocker=translators["lyon"], blocked=claire)
    Block.objects.create(blocker=claire, blocked=translators["paris"])
    abroad = translators["abroad"]
    abroad.suspended_at = timezone.now()
    abroad.save(update_fields=["suspended_at"])

    publish(claire, translation_trade, django_capture_on_commit_callbacks)

    assert told() == set()


def test_each_member_reads_the_news_in_their_language(
    claire, translators, translation_trade, django_capture_on_commit_callbacks
):
    french = translators["paris"]
    french.language = "fr"
    french.save(update_fields=["language"])

    publish(claire, translation_trade, django_capture_on_commit_callbacks)

    english = Notification.objects.get(recipient=translators["lyon"]).title
    assert english.startswith("A mission for a ")
    assert Notification.objects.get(recipient=french).title != english


def test_missions_wait_for_the_digest_unless_a_member_asks_for_them_at_once(
    claire, translators, translation_trade, django_capture_on_commit_callbacks
):
    Preference.objects.create(
        member=translators["abroad"], kind=Kind.MISSION, channel=Channel.IMMEDIATE
    )

    mission = publish(claire, translation_trade, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[translators["abroad"].email]]
    assert mission.title in mail.outbox[0].subject
    pending = Notification.objects.filter(kind=Kind.MISSION, emailed_at__isnull=True)
    assert set(pending.values_list("recipient__username", flat=True)) == {"tr-lyon", "tr-paris"}


def test_a_mission_closed_before_the_news_left_tells_nobody(claire, translators, translation_trade):
    mission = services.mission_publish(author=claire, data=mission_data(translation_trade))
    services.mission_close(actor=claire, mission=mission)

    assert matching_members_notify.call(mission_id=mission.pk) == 0
    assert told() == set()


def test_the_receiver_of_a_mission_is_e_mailed_at_once(
    mission, karim, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.mission_pass(actor=mission.author, mission=mission, receiver=karim)

    assert [message.to for message in mail.outbox] == [[karim.email]]
    assert mission.title in mail.outbox[0].subject
