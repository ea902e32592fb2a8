"""Writes of missions and referrals: who may do what, the checks and limits, and the state each
leaves behind."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from members.models import Block
from members.services import member_account_delete
from messaging.models import MessagePreference
from messaging.services import conversation_start
from missions import services
from missions.models import Interest, Mission, Referral
from moderation.models import ModerationAction
from notifications.models import Kind, Notification
from tests.factories import MemberFactory

from .conftest import mission_data, seasoned

pytestmark = pytest.mark.django_db


def seasoned_member():
    return seasoned(MemberFactory())


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for e in errors for m in e.messages] for field, errors in
            error.error_dict.items()}  # fmt: skip


# --- Publishing ----------------------------------------------------------------------------------


def test_a_published_mission_is_open_with_its_text_rendered_once(claire, translation_trade):
    mission = services.mission_publish(
        author=claire,
        data=mission_data(
            translation_trade,
            title="  Traduction   EN→FR  ",
            budget_min=Decimal("400"),
            budget_max=Decimal("1200"),
            remote=False,
            region="ara",
            city=" Lyon ",
        ),
    )

    mission.refresh_from_db()
    assert mission.status == Mission.Status.OPEN
    assert mission.title == "Traduction EN→FR"
    assert mission.city == "Lyon"
    assert "<strong>lyonnais</strong>" in mission.description_html
    assert mission.author == claire


def test_publishing_refuses_what_is_wrong_field_by_field(claire, translation_trade):
    with pytest.raises(ValidationError) as caught:
        services.mission_publish(
            author=claire,
            data=mission_data(
                translation_trade,
                budget_min=Decimal("900"),
                budget_max=Decimal("300"),
                remote=False,
                region="",
                deadline=timezone.localdate() - timedelta(days=1),
            ),
        )

    errors = field_errors(caught.value)
    assert errors["budget_max"] == ["The highest budget cannot be below the lowest one."]
    assert errors["region"] == ["Choose the region where the work takes place, or tick “remote”."]
    assert errors["deadline"] == ["The deadline cannot be in the past."]
    assert not Mission.objects.exists()


def test_a_remote_mission_keeps_no_region_named_remote(claire, translation_trade):
    mission = services.mission_publish(
        author=claire, data=mission_data(translation_trade, remote=True, region="remote")
    )

    assert mission.region == ""


def test_an_amount_out_of_range_is_refused(claire, translation_trade):
    with pytest.raises(ValidationError) as caught:
        services.mission_publish(
            author=claire,
            data=mission_data(translation_trade, budget_max=Decimal("10000000")),
        )

    assert "budget_max" in caught.value.error_dict


def test_members_publish_a_few_missions_a_day_and_newcomers_fewer(claire, translation_trade):
    for _ in range(services.MISSIONS_PER_DAY):
        services.mission_publish(author=claire, data=mission_data(translation_trade))
    with pytest.raises(ValidationError) as caught:
        services.mission_publish(author=claire, data=mission_data(translation_trade))
    assert caught.value.error_list[0].code == services.LIMIT_CODE

    newcomer = MemberFactory()
    for _ in range(services.MISSIONS_PER_DAY_NEW_ACCOUNT):
        services.mission_publish(author=newcomer, data=mission_data(translation_trade))
    with pytest.raises(ValidationError, match="New members may publish 2 missions a day"):
        services.mission_publish(author=newcomer, data=mission_data(translation_trade))


def test_yesterdays_missions_do_not_count_in_the_limit(claire, translation_trade):
    for _ in range(services.MISSIONS_PER_DAY):
        services.mission_publish(author=claire, data=mission_data(translation_trade))
    Mission.objects.update(created_at=timezone.now() - timedelta(days=1, minutes=1))

    services.mission_publish(author=claire, data=mission_data(translation_trade))


def test_a_suspended_member_publishes_nothing(claire, translation_trade):
    claire.suspended_at = timezone.now()
    claire.save(update_fields=["suspended_at"])

    with pytest.raises(PermissionDenied):
        services.mission_publish(author=claire, data=mission_data(translation_trade))


# --- Editing and closing -----------------------------------------------------------------------


def test_only_the_author_edits_an_open_mission(mission, karim, translation_trade):
    services.mission_update(
        actor=mission.author,
        mission=mission,
        data=mission_data(translation_trade, title="Traduction de 60 fiches"),
    )
    mission.refresh_from_db()
    assert mission.title == "Traduction de 60 fiches"

    with pytest.raises(PermissionDenied):
        services.mission_update(
            actor=karim, mission=mission, data=mission_data(translation_trade, title="Volée")
        )
    services.mission_close(actor=mission.author, mission=mission)
    with pytest.raises(ValidationError):
        services.mission_update(
            actor=mission.author, mission=mission, data=mission_data(translation_trade)
        )


def test_only_the_author_closes_and_a_closed_mission_stays_closed(mission, karim):
    with pytest.raises(PermissionDenied):
        services.mission_close(actor=karim, mission=mission)

    services.mission_close(actor=mission.author, mission=mission)

    mission.refresh_from_db()
    assert mission.status == Mission.Status.CLOSED
    assert mission.closed_at is not None
    with pytest.raises(ValidationError):
        services.mission_close(actor=mission.author, mission=mission)


# --- Passing on --------------------------------------------------------------------------------


def test_passing_a_mission_on_records_a_referral_and_tells_the_receiver(
    mission, karim, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.mission_pass(actor=mission.author, mission=mission, receiver=karim)

    mission.refresh_from_db()
    assert mission.status == Mission.Status.TAKEN
    assert mission.taken_by == karim
    assert mission.taken_at is not None
    assert (referral.giver, referral.receiver, referral.mission) == (mission.author, karim, mission)
    assert referral.outcome == Referral.Outcome.PENDING
    notification = Notification.objects.get(recipient=karim, kind=Kind.REFERRAL)
    assert notification.title == (
        f"{mission.author.public_name} passes you the mission “{mission.title}”"
    )
    assert notification.url == mission.get_absolute_url()


def test_only_the_author_passes_a_mission_on_once(mission, karim):
    third = MemberFactory()
    with pytest.raises(PermissionDenied):
        services.mission_pass(actor=karim, mission=mission, receiver=karim)

    services.mission_pass(actor=mission.author, mission=mission, receiver=karim)

    with pytest.raises(ValidationError):
        services.mission_pass(actor=mission.author, mission=mission, receiver=third)
    assert Referral.objects.count() == 1


def test_a_mission_is_not_passed_to_oneself_a_blocked_or_a_deleted_member(mission, karim):
    author = mission.author
    with pytest.raises(ValidationError):
        services.mission_pass(actor=author, mission=mission, receiver=author)

    Block.objects.create(blocker=karim, blocked=author)
    with pytest.raises(ValidationError):
        services.mission_pass(actor=author, mission=mission, receiver=karim)

    gone = MemberFactory()
    member_account_delete(member=gone)
    with pytest.raises(ValidationError):
        services.mission_pass(actor=author, mission=mission, receiver=gone)
    mission.refresh_from_db()
    assert mission.is_open
    assert not Referral.objects.exists()


def test_a_closed_mission_is_not_passed_on(mission, karim):
    services.mission_close(actor=mission.author, mission=mission)

    with pytest.raises(ValidationError):
        services.mission_pass(actor=mission.author, mission=mission, receiver=karim)


# --- Outcomes ----------------------------------------------------------------------------------


@pytest.fixture
def referral(mission, karim):
    return services.mission_pass(actor=mission.author, mission=mission, receiver=karim)


def test_the_receiver_says_the_work_was_won_and_the_giver_is_thanked(
    referral, karim, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_outcome_set(
            actor=karim, referral=referral, outcome="won", amount=Decimal("1800")
        )

    referral.refresh_from_db()
    assert referral.outcome == Referral.Outcome.WON
    assert referral.amount == Decimal("1800")
    assert referral.outcome_at is not None
    thanks = Notification.objects.get(recipient=referral.giver, kind=Kind.REFERRAL)
    assert thanks.title == (
        f"{karim.public_name} won “{referral.mission.title}”: thank you for the business!"
    )
    assert thanks.actor == karim


def test_correcting_the_amount_tells_nobody_again(
    referral, karim, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_outcome_set(actor=karim, referral=referral, outcome="won")
        services.referral_outcome_set(
            actor=karim, referral=referral, outcome="won", amount=Decimal("950.50")
        )

    referral.refresh_from_db()
    assert referral.amount == Decimal("950.50")
    assert Notification.objects.filter(recipient=referral.giver).count() == 1


def test_work_not_won_has_no_amount_and_the_giver_hears_of_it(
    referral, karim, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as caught:
        services.referral_outcome_set(
            actor=karim, referral=referral, outcome="lost", amount=Decimal("10")
        )
    assert "amount" in caught.value.error_dict

    with django_capture_on_commit_callbacks(execute=True):
        services.referral_outcome_set(actor=karim, referral=referral, outcome="lost")

    referral.refresh_from_db()
    assert (referral.outcome, referral.amount) == (Referral.Outcome.LOST, None)
    assert "did not win" in Notification.objects.get(recipient=referral.giver).title


def test_only_the_receiver_sets_the_outcome(referral, claire):
    for intruder in (claire, MemberFactory()):
        with pytest.raises(PermissionDenied):
            services.referral_outcome_set(actor=intruder, referral=referral, outcome="won")

    referral.refresh_from_db()
    assert referral.outcome == Referral.Outcome.PENDING


def test_an_outcome_must_be_won_or_lost(referral, karim):
    with pytest.raises(ValidationError):
        services.referral_outcome_set(actor=karim, referral=referral, outcome="pending")


# --- The database's own rules ------------------------------------------------------------------


def test_the_database_refuses_a_budget_upside_down_and_a_referral_to_oneself(claire, mission):
    with pytest.raises(IntegrityError), transaction.atomic():
        Mission.objects.filter(pk=mission.pk).update(
            budget_min=Decimal("500"), budget_max=Decimal("100")
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(giver=claire, receiver=claire)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(giver=claire, receiver=MemberFactory(), amount=Decimal("5"))


# --- Moderation --------------------------------------------------------------------------------


def test_a_moderator_hides_a_mission_which_closes_and_is_logged(mission, sophie, karim):
    with pytest.raises(PermissionDenied):
        services.mission_hide(mission=mission, moderator=karim)

    services.mission_hide(mission=mission, moderator=sophie, reason="Publicité")

    mission.refresh_from_db()
    assert mission.is_hidden
    assert mission.status == Mission.Status.CLOSED
    action = ModerationAction.objects.get()
    assert (action.kind, action.actor, action.member) == ("hide", sophie, mission.author)

    services.mission_unhide(mission=mission, moderator=sophie)
    mission.refresh_from_db()
    assert not mission.is_hidden
    assert mission.status == Mission.Status.CLOSED


def test_members_report_a_mission_but_not_their_own(mission, karim):
    report = services.mission_report(reporter=karim, mission=mission, reason="spam")
    assert report.target == mission

    with pytest.raises(PermissionDenied):
        services.mission_report(reporter=mission.author, mission=mission, reason="spam")


# --- « Ça m'intéresse » ------------------------------------------------------------------------


def test_saying_one_is_interested_writes_to_the_author_with_the_mission_s_link(mission, karim):
    interest, message = services.mission_interest(
        member=karim, mission=mission, body="Bonjour, je traduis pour le Canada."
    )

    assert (interest.mission, interest.member) == (mission, karim)
    assert message.author == karim
    assert message.context_url == mission.get_absolute_url()
    assert message.context_title == mission.title
    members = set(message.conversation.participants.values_list("member_id", flat=True))
    assert members == {karim.pk, mission.author_id}


def test_interest_goes_to_the_one_to_one_conversation_already_there(mission, karim, claire):
    first_conversation = conversation_start(author=claire, recipients=[karim], body="Salut !")
    _interest, message = services.mission_interest(member=karim, mission=mission, body="Moi !")

    assert message.conversation == first_conversation.conversation


def test_an_author_who_accepts_no_messages_still_hears_from_the_interested(mission, karim):
    MessagePreference.objects.create(
        member=mission.author, accepts_from=MessagePreference.AcceptsFrom.NOBODY
    )

    services.mission_interest(member=karim, mission=mission, body="Bonjour")

    assert Interest.objects.filter(mission=mission, member=karim).exists()


def test_interest_is_refused_twice_on_one_s_own_closed_or_blocked(mission, karim, claire):
    services.mission_interest(member=karim, mission=mission, body="Bonjour")
    with pytest.raises(ValidationError, match="already told the author"):
        services.mission_interest(member=karim, mission=mission, body="Encore moi")
    with pytest.raises(PermissionDenied):
        services.mission_interest(member=claire, mission=mission, body="Moi-même")

    third = seasoned_member()
    Block.objects.create(blocker=claire, blocked=third)
    with pytest.raises(ValidationError):
        services.mission_interest(member=third, mission=mission, body="Bonjour")

    services.mission_close(actor=claire, mission=mission)
    with pytest.raises(ValidationError, match="no longer open"):
        services.mission_interest(member=seasoned_member(), mission=mission, body="Bonjour")
    assert Interest.objects.filter(mission=mission).count() == 1


def test_an_empty_message_is_refused_and_no_interest_recorded(mission, karim):
    with pytest.raises(ValidationError) as caught:
        services.mission_interest(member=karim, mission=mission, body="   ")

    assert "body" in caught.value.error_dict
    assert not Interest.objects.exists()
