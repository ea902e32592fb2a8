"""Binômes in the admin: listed with their two members, cadence, start and end, in the same
queries whatever their number, and never changed there."""

from datetime import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chocoskype.models import Binome
from tests.factories import MemberFactory

BINOMES = reverse("admin:chocoskype_binome_changelist")


def binomes(count: int) -> None:
    for _ in range(count):
        one, other = sorted([MemberFactory(), MemberFactory()], key=lambda member: member.pk)
        Binome.objects.create(
            member_a=one,
            member_b=other,
            proposed_by=one,
            weekday=1,
            local_time=time(9),
            timezone="Europe/Paris",
            started_at=timezone.now(),
        )


def test_binomes_are_listed_with_both_members_in_constant_queries(
    admin_client, django_assert_num_queries
):
    binomes(3)
    admin_client.get(BINOMES)  # the first page of a session notes the member's activity
    with CaptureQueriesContext(connection) as few:
        admin_client.get(BINOMES)
    binomes(27)
    with django_assert_num_queries(len(few)):
        response = admin_client.get(BINOMES)
    assert response.status_code == 200
    shown = response.context["cl"].result_list
    assert len(shown) == 30
    html = response.content.decode()
    assert all(str(binome.member_a) in html and str(binome.member_b) in html for binome in shown)


def test_binomes_are_read_only(admin_client, db):
    binomes(1)
    binome = Binome.objects.get()
    change = reverse("admin:chocoskype_binome_change", args=[binome.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.post(change, {"cadence": "monthly"}).status_code == 403
    assert admin_client.get(reverse("admin:chocoskype_binome_add")).status_code == 403


def test_members_who_are_not_staff_get_the_admin_login(member_client):
    response = member_client.get(BINOMES)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_moderators_see_the_binomes(moderator_client, db):
    binomes(1)
    assert moderator_client.get(BINOMES).status_code == 200
