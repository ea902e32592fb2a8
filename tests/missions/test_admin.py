"""Missions in the admin: moderators list and read them, and hide or show them again only through
the actions, which go through missions.services (logged); reports of a mission in the moderation
queue hide it the same way."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from missions.models import Mission
from moderation.models import ModerationAction
from moderation.registry import hide_handlers

pytestmark = pytest.mark.django_db

MISSIONS = reverse("admin:missions_mission_changelist")


def test_a_moderator_hides_and_shows_a_mission_again_from_the_list(client, mission, sophie):
    client.force_login(sophie)
    assert mission.title in client.get(MISSIONS).content.decode()

    response = client.post(MISSIONS, {"action": "hide", ACTION_CHECKBOX_NAME: [mission.pk]})

    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.is_hidden
    assert mission.status == Mission.Status.CLOSED
    client.post(MISSIONS, {"action": "unhide", ACTION_CHECKBOX_NAME: [mission.pk]})
    mission.refresh_from_db()
    assert not mission.is_hidden
    assert list(ModerationAction.objects.values_list("kind", flat=True).order_by("pk")) == [
        "hide", "unhide",
    ]  # fmt: skip


def test_a_mission_s_page_in_the_admin_is_read_only(client, mission, sophie):
    client.force_login(sophie)
    url = reverse("admin:missions_mission_change", args=[mission.pk])

    page = client.get(url)
    client.post(url, {"title": "Changée", "status": "closed"})

    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    mission.refresh_from_db()
    assert (mission.title, mission.status) == ("Traduction EN→FR de 40 fiches produits", "open")


def test_members_do_not_reach_the_missions_admin(client, mission, karim):
    client.force_login(karim)

    assert client.get(MISSIONS).status_code == 302
    mission.refresh_from_db()
    assert mission.is_open


def test_the_moderation_queue_hides_a_reported_mission(mission, sophie):
    handler = hide_handlers.for_target(mission)

    handler(mission, sophie, "Publicité déguisée")

    mission.refresh_from_db()
    assert mission.is_hidden
    assert ModerationAction.objects.get().reason == "Publicité déguisée"
