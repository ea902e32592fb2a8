"""Recommendations: writing and editing one, who may, hiding it, reporting it."""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from members import services
from members.models import ProfileVisibility, Recommendation, Trade
from moderation.models import Report
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

RECOMMEND_KARIM = reverse("members:recommend", args=["karim"])
KARIM_PROFILE = reverse("members:profile", args=["karim"])
CLAIRE_PROFILE = reverse("members:profile", args=["claire"])


@pytest.fixture
def karim_speaks_english(other_member):
    other_member.language = "en"
    other_member.save(update_fields=["language"])
    return other_member


@pytest.fixture
def recommendation(member, other_member):
    """Karim recommends Claire."""
    return Recommendation.objects.create(
        author=other_member,
        recipient=member,
        trade=Trade.objects.get(slug="redacteur-web"),
        text="Claire a réécrit tout notre site en deux semaines.",
    )


def test_a_member_recommends_another_who_is_told_by_email(
    member_client,
    other_member,
    karim_speaks_english,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    developer = Trade.objects.get(slug="developpeur-web")
    other_member.trades.set([developer])

    form = member_client.get(RECOMMEND_KARIM).context["form"]
    # The trades offered are the recipient's own.
    assert list(form.fields["trade"].queryset) == [developer]

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            RECOMMEND_KARIM, {"trade": developer.pk, "text": "  Un as de Django.  "}
        )

    assert response.status_code == 302
    assert response["Location"] == KARIM_PROFILE
    recommendation = Recommendation.objects.get()
    assert recommendation.author.username == "claire"
    assert recommendation.recipient == other_member
    assert recommendation.trade == developer
    assert recommendation.text == "Un as de Django."

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [other_member.email]
    # In Karim's language, not in the one Claire browses in.
    assert message.subject == "[FreelanceHub] Claire Martin recommends you"
    assert "Claire Martin recommends you" in message.body
    assert "Un as de Django." in message.body
    assert f"{settings.SITE_URL}{KARIM_PROFILE}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert f'href="{settings.SITE_URL}{KARIM_PROFILE}"' in html

    profile = member_client.get(KARIM_PROFILE)
    assert profile.context["recommendation_count"] == 1
    assert "Un as de Django." in profile.content.decode()
    assert profile.context["my_recommendation"] == recommendation


def test_editing_updates_the_same_recommendation_without_a_second_email(
    member_client, english, other_member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(RECOMMEND_KARIM, {"text": "Premier jet."})
    first = Recommendation.objects.get()
    assert len(mailoutbox) == 1

    response = member_client.get(RECOMMEND_KARIM)
    assert response.context["existing"] == first
    assert "Premier jet." in response.content.decode()
    assert "Edit my recommendation" in member_client.get(KARIM_PROFILE).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            RECOMMEND_KARIM, {"text": "Version revue.", "trade": ""}, follow=True
        )

    assert "Your recommendation has been updated." in response.content.decode()
    assert Recommendation.objects.count() == 1
    first.refresh_from_db()
    assert first.text == "Version revue."
    assert len(mailoutbox) == 1


def test_a_recommendation_needs_a_text(member_client, other_member):
    response = member_client.post(RECOMMEND_KARIM, {"text": "   "})

    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not Recommendation.objects.exists()

    response = member_client.post(RECOMMEND_KARIM, {"text": "x" * 1001})
    assert "text" in response.context["form"].errors


def test_nobody_recommends_themself(member_client, english):
    response = member_client.post(
        reverse("members:recommend", args=["claire"]), {"text": "Moi-même."}, follow=True
    )

    assert response.redirect_chain == [(CLAIRE_PROFILE, 302)]
    assert "You cannot recommend yourself." in response.content.decode()
    assert not Recommendation.objects.exists()

    with pytest.raises(ValidationError):
        services.recommendation_save(author=english, recipient=english, trade=None, text="Moi.")
    assert not Recommendation.objects.exists()


def test_the_database_refuses_a_second_recommendation_or_one_for_oneself(member, other_member):
    Recommendation.objects.create(author=member, recipient=other_member, text="Un.")

    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(author=member, recipient=other_member, text="Deux.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(author=member, recipient=member, text="Moi.")

    # The other way round is a different pair.
    Recommendation.objects.create(author=other_member, recipient=member, text="Retour.")
    assert Recommendation.objects.count() == 2


def test_the_service_updates_rather_than_duplicates(member, other_member):
    first, created = services.recommendation_save(
        author=member, recipient=other_member, trade=None, text="Un."
    )
    second, created_again = services.recommendation_save(
        author=member, recipient=other_member, trade=None, text="Deux."
    )

    assert created
    assert not created_again
    assert first.pk == second.pk
    assert Recommendation.objects.get().text == "Deux."


def test_a_visitor_is_sent_to_sign_in(client, other_member):
    response = client.get(RECOMMEND_KARIM)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={RECOMMEND_KARIM}"
    client.post(RECOMMEND_KARIM, {"text": "Anonyme."})
    assert not Recommendation.objects.exists()


def test_a_suspended_member_cannot_recommend(client, suspended_member, other_member):
    client.force_login(suspended_member)

    response = client.post(RECOMMEND_KARIM, {"text": "Achetez mes formations."})

    assert response.status_code == 403
    assert not Recommendation.objects.exists()
    with pytest.raises(PermissionDenied):
        services.recommendation_save(
            author=suspended_member, recipient=other_member, trade=None, text="Spam."
        )
    assert not Recommendation.objects.exists()


def test_deleted_or_hidden_members_cannot_be_recommended(member_client, member, other_member):
    other_member.profile_visibility = ProfileVisibility.MEMBERS
    other_member.save()
    # A members-only profile is open to members, so they may recommend it.
    assert member_client.get(RECOMMEND_KARIM).status_code == 200

    other_member.is_active = False
    other_member.save()
    assert member_client.get(RECOMMEND_KARIM).status_code == 404
    assert member_client.post(RECOMMEND_KARIM, {"text": "Trop tard."}).status_code == 404
    with pytest.raises(ValidationError):
        services.recommendation_save(author=member, recipient=other_member, trade=None, text="x")
    assert not Recommendation.objects.exists()


# --- Hiding -----------------------------------------------------------------------------------


def test_the_recipient_hides_and_shows_a_recommendation(
    client, member, english, other_member, recommendation
):
    member.trades.add(Trade.objects.first())  # the directory lists profiles with a trade
    visibility_url = reverse("members:recommendation_visibility", args=[recommendation.pk])
    client.force_login(member)

    response = client.post(visibility_url, {"hidden": "1"}, follow=True)

    assert response.redirect_chain == [(CLAIRE_PROFILE, 302)]
    recommendation.refresh_from_db()
    assert recommendation.is_hidden
    page = response.content.decode()
    assert "The recommendation is hidden from your profile." in page
    # The owner still sees it, marked as hidden, but it is not counted.
    assert "Claire a réécrit tout notre site" in page
    assert "Hidden from your profile" in page
    assert response.context["recommendation_count"] == 0

    # Others no longer see it: not the author, not another member, not a visitor.
    for viewer in [other_member, MemberFactory(), None]:
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        response = client.get(CLAIRE_PROFILE)
        assert "Claire a réécrit tout notre site" not in response.content.decode()
        assert list(response.context["recommendations"]) == []
        directory = client.get(reverse("members:list"), {"q": "claire"})
        assert directory.context["page_obj"].object_list[0].recommendation_count == 0

    client.force_login(member)
    client.post(visibility_url, {"hidden": "0"})
    recommendation.refresh_from_db()
    assert not recommendation.is_hidden
    client.logout()
    assert "Claire a réécrit tout notre site" in client.get(CLAIRE_PROFILE).content.decode()


def test_only_the_recipient_may_hide_a_recommendation(client, member, other_member, recommendation):
    visibility_url = reverse("members:recommendation_visibility", args=[recommendation.pk])

    for someone_else in [other_member, MemberFactory()]:  # the author, then a stranger
        client.force_login(someone_else)
        assert client.post(visibility_url, {"hidden": "1"}).status_code == 404
    client.logout()
    response = client.post(visibility_url, {"hidden": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(member)
    assert client.get(visibility_url).status_code == 405
    recommendation.refresh_from_db()
    assert not recommendation.is_hidden

    with pytest.raises(PermissionDenied):
        services.recommendation_set_hidden(
            member=other_member, recommendation=recommendation, hidden=True
        )


# --- Reporting --------------------------------------------------------------------------------


def test_reporting_an_abusive_recommendation(client, member, english, recommendation):
    report_url = reverse("members:recommendation_report", args=[recommendation.pk])
    client.force_login(member)

    response = client.get(report_url)
    assert response.status_code == 200
    assert "Claire a réécrit tout notre site" in response.content.decode()

    response = client.post(
        report_url, {"reason": "abuse", "note": "  Ce n'est pas vrai.  "}, follow=True
    )

    assert response.redirect_chain == [(CLAIRE_PROFILE, 302)]
    assert "Thank you: the moderators will look at your report." in response.content.decode()
    report = Report.objects.get()
    assert report.reporter == member
    assert report.target == recommendation
    assert report.target_type == ContentType.objects.get_for_model(Recommendation)
    assert report.reason == Report.Reason.ABUSE
    assert report.note == "Ce n'est pas vrai."
    assert report.status == Report.Status.OPEN

    # A second report is answered kindly and adds nothing.
    response = client.post(report_url, {"reason": "spam", "note": ""}, follow=True)

    assert response.status_code == 200
    assert "You have already reported this; the moderators will look at it." in (
        response.content.decode()
    )
    assert Report.objects.count() == 1


def test_a_third_member_may_report_too(client, recommendation):
    client.force_login(MemberFactory())

    response = client.post(
        reverse("members:recommendation_report", args=[recommendation.pk]), {"reason": "spam"}
    )

    assert response.status_code == 302
    assert Report.objects.get().reason == Report.Reason.SPAM


def test_a_report_needs_a_known_reason(member_client, recommendation):
    response = member_client.post(
        reverse("members:recommendation_report", args=[recommendation.pk]), {"reason": "bored"}
    )

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Report.objects.exists()


def test_the_author_cannot_report_their_own_recommendation(
    client, other_member, member, recommendation
):
    report_url = reverse("members:recommendation_report", args=[recommendation.pk])
    client.force_login(other_member)

    assert client.get(report_url).status_code == 403
    assert client.post(report_url, {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()
    with pytest.raises(PermissionDenied):
        services.recommendation_report(
            reporter=other_member, recommendation=recommendation, reason="spam", note=""
        )

    client.logout()
    response = client.get(report_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_profile_offers_the_right_buttons_to_each_reader(
    client, member, other_member, recommendation
):
    report_url = reverse("members:recommendation_report", args=[recommendation.pk])
    visibility_url = reverse("members:recommendation_visibility", args=[recommendation.pk])

    client.force_login(member)
    page = client.get(CLAIRE_PROFILE).content.decode()
    assert visibility_url in page
    assert report_url in page

    client.force_login(other_member)
    page = client.get(CLAIRE_PROFILE).content.decode()
    assert visibility_url not in page
    assert report_url not in page

    client.force_login(MemberFactory())
    page = client.get(CLAIRE_PROFILE).content.decode()
    assert visibility_url not in page
    assert report_url in page

    client.logout()
    page = client.get(CLAIRE_PROFILE).content.decode()
    assert visibility_url not in page
    assert report_url not in page
