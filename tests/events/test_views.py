"""The event pages, as a visitor, a member, the organiser, a co-host and a suspended member:
what each sees, what each may do, and that bad input comes back with everything typed."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import has_vary_header

from events import services
from events.models import Event, EventPreferences, EventSeries, Rsvp
from tests.factories import EventFactory, MemberFactory

from .conftest import JITSI_ROOM, form_data, take_seats

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(member):
    member.language = "en"
    member.save(update_fields=["language"])
    return member


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# --- Lists ----------------------------------------------------------------------------------


def test_upcoming_events_filter_by_kind_place_city_region_and_week(client, organiser):
    now = timezone.now()
    lyon = EventFactory(
        organiser=organiser, title="Lyon soon", region="ara", starts_at=now + timedelta(hours=30)
    )
    EventFactory(
        organiser=organiser,
        title="Paris later",
        city="Paris",
        region="idf",
        starts_at=now + timedelta(days=40),
    )
    online = EventFactory(
        organiser=organiser,
        title="Visio",
        kind=Event.Kind.CHOCOSKYPE,
        is_online=True,
        city="",
        venue_name="",
    )
    url = reverse("events:list")

    def titles(query):
        response = client.get(url, query)
        return {event.title for event in response.context["page_obj"].object_list}

    assert titles({}) == {"Lyon soon", "Paris later", "Visio"}
    assert titles({"kind": "chocoskype"}) == {online.title}
    assert titles({"place": "online"}) == {"Visio"}
    assert titles({"place": "in_person", "region": "idf"}) == {"Paris later"}
    assert titles({"city": "lyo"}) == {lyon.title}
    assert "Paris later" not in titles({"when": "month"})
    assert titles({"kind": "nonsense"}) == {"Lyon soon", "Paris later", "Visio"}


def test_the_filters_answer_htmx_with_the_results_only(client, event):
    response = client.get(
        reverse("events:list"),
        {"kind": "afterwork"},
        headers={"HX-Request": "true", "HX-Target": "event-results"},
    )

    content = response.content.decode()
    assert event.title in content
    assert "<h1" not in content
    # The same address answers the full page without the headers: caches must tell them apart.
    full = client.get(reverse("events:list"), {"kind": "afterwork"})
    assert "<h1" in full.content.decode()
    for answer in (response, full):
        assert has_vary_header(answer, "HX-Request")
        assert has_vary_header(answer, "HX-Target")


def test_visitors_do_not_see_members_only_events_anywhere(client, member, organiser):
    EventFactory(organiser=organiser, title="Entre membres", visibility=Event.Visibility.MEMBERS)
    past = timezone.now() - timedelta(days=3)
    EventFactory(
        organiser=organiser,
        title="Passé entre membres",
        visibility=Event.Visibility.MEMBERS,
        starts_at=past,
        ends_at=past + timedelta(hours=2),
    )

    for name in ("events:list", "events:past", "events:calendar"):
        assert "membres" not in page(client, reverse(name))
    client.force_login(member)
    assert "Entre membres" in page(client, reverse("events:list"))
    assert "Passé entre membres" in page(client, reverse("events:past"))


def test_past_events_are_listed_newest_first(client, organiser):
    now = timezone.now()
    for days, title in ((10, "Il y a dix jours"), (3, "Il y a trois jours")):
        EventFactory(
            organiser=organiser,
            title=title,
            starts_at=now - timedelta(days=days),
            ends_at=now - timedelta(days=days) + timedelta(hours=2),
        )
    EventFactory(organiser=organiser, title="Bientôt")

    response = client.get(reverse("events:past"))

    assert [e.title for e in response.context["page_obj"].object_list] == [
        "Il y a trois jours",
        "Il y a dix jours",
    ]


def weekly_series(organiser, *, dates: int, first_in: timedelta, interval: int = 1):
    """A weekly ChocoSkype with its next dates, made as the services make occurrences."""
    start = timezone.now() + first_in
    series = EventSeries.objects.create(
        organiser=organiser,
        kind=Event.Kind.CHOCOSKYPE,
        title="ChocoSkype du vendredi",
        frequency=EventSeries.Frequency.WEEKLY,
        interval=interval,
        first_date=timezone.localdate(start),
        start_time=timezone.localtime(start).time(),
        duration=timedelta(hours=1),
        is_online=True,
    )
    occurrences = [
        EventFactory(
            organiser=organiser,
            series=series,
            kind=Event.Kind.CHOCOSKYPE,
            title=series.title,
            is_online=True,
            city="",
            venue_name="",
            capacity=None,
            occurrence_date=timezone.localdate(start) + timedelta(weeks=week * interval),
            starts_at=start + timedelta(weeks=week * interval),
            ends_at=start + timedelta(weeks=week * interval, hours=1),
        )
        for week in range(dates)
    ]
    return series, occurrences


def test_a_series_is_one_card_with_its_next_date_and_cadence(client, organiser, english):
    series, occurrences = weekly_series(organiser, dates=6, first_in=timedelta(days=2))
    fortnightly, _ = weekly_series(organiser, dates=3, first_in=timedelta(days=3), interval=2)
    EventSeries.objects.filter(pk=fortnightly.pk).update(title="Binômes")
    one_off = EventFactory(organiser=organiser, title="Afterwork des Pentes")
    client.force_login(english)

    response = client.get(reverse("events:list"))

    shown = response.context["page_obj"].object_list
    assert [event.pk for event in shown if event.series_id == series.pk] == [occurrences[0].pk]
    assert len([event for event in shown if event.series_id == fortnightly.pk]) == 1
    assert one_off in shown
    content = response.content.decode()
    assert content.count(occurrences[0].get_absolute_url()) == 1
    assert not any(o.get_absolute_url() in content for o in occurrences[1:])
    assert "Every week" in content
    assert "Every 2 weeks" in content
    assert "Next date:" in content

    # Its next date cancelled on its own, the series shows the one after; the filters choose
    # among its dates too.
    Event.objects.filter(pk=occurrences[0].pk).update(status=Event.Status.CANCELLED)
    shown = client.get(reverse("events:list")).context["page_obj"].object_list
    assert [event.pk for event in shown if event.series_id == series.pk] == [occurrences[1].pk]
    shown = client.get(reverse("events:list"), {"place": "in_person"}).context["page_obj"]
    assert [event.pk for event in shown.object_list] == [one_off.pk]


def test_the_cards_count_nobody_as_an_invitation_and_the_past_without_seats_left(
    client, organiser, english
):
    EventFactory(organiser=organiser, title="Sans limite", capacity=None)
    now = timezone.now()
    past = EventFactory(
        organiser=organiser,
        title="Afterwork passé",
        capacity=10,
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=2),
    )
    Event.objects.filter(pk=past.pk).update(seats_taken=4)
    client.force_login(english)

    upcoming = page(client, reverse("events:list"))
    assert "Nobody yet: be the first!" in upcoming
    assert "0 going" not in upcoming

    past_page = page(client, reverse("events:past"))
    assert "4 took part" in past_page
    assert "seats left" not in past_page
    assert "seat left" not in past_page


def test_the_answer_box_and_the_comment_box_have_their_own_names(client, event, english):
    client.force_login(english)

    content = page(client, event.get_absolute_url())

    assert "Will you come?" in content
    assert "Your comment" in content
    assert "Your answer<" not in content
    assert "Your reply" not in content


def test_the_calendar_shows_a_month_and_its_neighbours(client, organiser):
    target = (timezone.localdate().replace(day=1) + timedelta(days=40)).replace(day=15)
    starts_at = timezone.make_aware(datetime.combine(target, time(19)))
    EventFactory(
        organiser=organiser,
        title="Apéro du 15",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
    )

    response = client.get(reverse("events:calendar"), {"month": target.strftime("%Y-%m")})

    content = response.content.decode()
    assert "Apéro du 15" in content
    days = [day for week in response.context["weeks"] for day in week]
    assert len(days) % 7 == 0 and days[0].day.weekday() == 0
    (day,) = [d for d in days if d.events]
    assert day.day == target
    assert (
        response.context["previous_month"].month
        == (target.replace(day=1) - timedelta(days=1)).month
    )
    # A broken month falls back to this month rather than failing.
    assert client.get(reverse("events:calendar"), {"month": "2026-13"}).status_code == 200


# --- Detail, timezones, the video link -------------------------------------------------------


def test_the_detail_shows_times_in_the_readers_timezone_and_the_events(client, event, member):
    event.starts_at = datetime(2027, 1, 14, 18, 0, tzinfo=UTC)
    event.ends_at = event.starts_at + timedelta(hours=3)
    event.save()
    member.timezone = "America/Toronto"
    member.language = "en"
    member.save()
    client.force_login(member)

    content = page(client, event.get_absolute_url())

    assert "Thursday, January 14, 2027, 1 p.m." in content
    assert "America/Toronto" in content
    assert "7 p.m. in the event’s timezone (Europe/Paris)" in content


def test_a_visitor_sees_paris_time_and_no_local_time_line(client, event):
    event.starts_at = datetime(2027, 1, 14, 18, 0, tzinfo=UTC)
    event.ends_at = event.starts_at + timedelta(hours=3)
    event.save()

    content = page(client, event.get_absolute_url())

    assert "19:00" in content
    assert 'data-testid="event-local-time"' not in content


def test_the_description_is_sanitised_markdown(client, event):
    event.description = "**Gras** <script>alert('x')</script> [lien](javascript:alert(1))"
    event.save()

    content = page(client, event.get_absolute_url())

    assert "<strong>Gras</strong>" in content
    assert "<script>alert" not in content
    assert 'href="javascript:' not in content


def test_the_video_link_never_reaches_anyone_but_through_the_join_view(
    client, online_event, member, other_member, organiser
):
    take_seats(online_event, [member])
    take_seats(online_event, [MemberFactory()], Rsvp.Status.WAITLISTED)
    join = reverse("events:join", args=[online_event.pk])
    urls = [
        online_event.get_absolute_url(),
        reverse("events:list"),
        reverse("events:calendar"),
        reverse("events:attendees", args=[online_event.pk]),
        reverse("events:ics", args=[online_event.pk]),
        reverse("events:feed"),
    ]

    for reader in (None, other_member, member):
        if reader:
            client.force_login(reader)
        for url in urls:
            response = client.get(url)
            assert JITSI_ROOM not in response.content.decode(), (reader, url)

    client.force_login(other_member)
    assert join not in page(client, online_event.get_absolute_url())
    assert client.get(join).status_code == 404
    client.force_login(member)
    assert join in page(client, online_event.get_absolute_url())
    response = client.get(join)
    assert response.status_code == 302
    assert response["Location"] == JITSI_ROOM
    client.force_login(organiser)
    assert client.get(join)["Location"] == JITSI_ROOM
    client.logout()
    assert client.get(join).status_code == 302
    assert client.get(join)["Location"].startswith(reverse("account_login"))


def test_a_cancelled_event_has_no_join_link(client, online_event, member, organiser):
    take_seats(online_event, [member])
    services.event_cancel(actor=organiser, event=online_event, reason="Malade")
    client.force_login(member)

    assert client.get(reverse("events:join", args=[online_event.pk])).status_code == 404


# --- Answering -------------------------------------------------------------------------------


def test_answering_through_the_page_without_javascript(
    client, event, english, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(english)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:rsvp", args=[event.pk]), {"answer": "going"}, follow=True
        )

    assert response.redirect_chain == [(event.get_absolute_url(), 302)]
    assert "You are going!" in response.content.decode()
    assert Rsvp.objects.get(event=event, member=english).status == Rsvp.Status.GOING
    (confirmation,) = mailoutbox
    assert confirmation.attachments[0].filename.endswith(".ics")


def test_answering_with_htmx_swaps_the_box_and_joins_the_waitlist_when_full(client, event, english):
    event.capacity = 1
    event.save()
    take_seats(event, [MemberFactory()])
    client.force_login(english)

    response = client.post(
        reverse("events:rsvp", args=[event.pk]), {"answer": "going"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert content.lstrip().startswith('<section id="rsvp-box"')
    assert "You are number 1 on the waitlist." in content
    assert "The event is full: you are on the waitlist." in content
    assert has_vary_header(response, "HX-Request")


def test_an_impossible_answer_is_a_message_not_an_error(client, event, english, organiser):
    services.event_cancel(actor=organiser, event=event, reason="Pluie")
    client.force_login(english)

    response = client.post(
        reverse("events:rsvp", args=[event.pk]), {"answer": "going"}, follow=True
    )
    assert response.status_code == 200
    assert "This event has been cancelled." in response.content.decode()
    htmx = client.post(
        reverse("events:rsvp", args=[event.pk]), {"answer": "maybe"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 200
    assert "Choose an answer." in htmx.content.decode()


def test_a_visitor_is_sent_to_sign_in_and_a_suspended_member_is_stopped(
    client, event, suspended_member
):
    url = reverse("events:rsvp", args=[event.pk])
    assert client.post(url, {"answer": "going"})["Location"].startswith(reverse("account_login"))

    client.force_login(suspended_member)
    assert client.post(url, {"answer": "going"}).status_code == 403
    assert not Rsvp.objects.exists()


def test_a_members_only_event_is_a_404_for_visitors_everywhere(client, event):
    event.visibility = Event.Visibility.MEMBERS
    event.save()

    for name in ("events:detail", "events:ics"):
        assert client.get(reverse(name, args=[event.pk])).status_code == 404


# --- Attendee lists and privacy --------------------------------------------------------------


def test_members_see_attendees_except_those_who_hide_visitors_see_none(
    client, event, member, other_member, organiser
):
    discreet = MemberFactory(display_name="Discrète Personne")
    EventPreferences.objects.create(member=discreet, hidden_from_attendee_lists=True)
    take_seats(event, [other_member, discreet])

    visitor_page = page(client, event.get_absolute_url())
    assert other_member.display_name not in visitor_page
    assert client.get(reverse("events:attendees", args=[event.pk])).status_code == 302

    client.force_login(member)
    for url in (event.get_absolute_url(), reverse("events:attendees", args=[event.pk])):
        content = page(client, url)
        assert other_member.display_name in content
        assert discreet.display_name not in content

    client.force_login(organiser)
    assert discreet.display_name in page(client, reverse("events:manage", args=[event.pk]))


def test_a_member_chooses_to_leave_the_lists(client, member):
    client.force_login(member)

    client.post(reverse("events:preferences"), {"hidden_from_attendee_lists": "on"})
    assert EventPreferences.objects.get(member=member).hidden_from_attendee_lists
    client.post(reverse("events:preferences"), {})
    assert not EventPreferences.objects.get(member=member).hidden_from_attendee_lists


def test_my_events_lists_going_waitlisted_and_organising(client, member, organiser):
    going = EventFactory(organiser=organiser, title="J’y vais")
    waiting = EventFactory(organiser=organiser, title="J’attends", capacity=1)
    take_seats(waiting, [MemberFactory()])
    take_seats(going, [member])
    take_seats(waiting, [MemberFactory()], Rsvp.Status.WAITLISTED)
    services.rsvp_respond(member=member, event=waiting, answer=Rsvp.Status.GOING)
    EventFactory(organiser=member, title="Mon apéro")
    client.force_login(member)

    response = client.get(reverse("events:mine"))

    assert [r.event.title for r in response.context["going"]] == ["J’y vais"]
    (waitlisted,) = response.context["waitlisted"]
    assert (waitlisted.event.title, waitlisted.position) == ("J’attends", 2)
    assert [e.title for e in response.context["hosting"]] == ["Mon apéro"]


def test_the_calendar_address_is_made_and_replaced_from_my_events(client, member):
    client.force_login(member)
    assert page(client, reverse("events:mine")).count("webcal://") == 0

    client.post(reverse("events:feed_reset"))
    token = EventPreferences.objects.get(member=member).calendar_token
    content = page(client, reverse("events:mine"))

    assert f"webcal://testserver/events/calendar/{token}.ics" in content
    assert client.get(reverse("events:member_feed", args=[token])).status_code == 200


# --- Creating and editing --------------------------------------------------------------------


def test_a_member_creates_an_event(client, member, other_member):
    client.force_login(member)
    assert client.get(reverse("events:create")).status_code == 200

    response = client.post(reverse("events:create"), form_data(co_hosts="@karim"))

    event = Event.objects.get(title="Apéro des rédacteurs")
    assert response["Location"] == event.get_absolute_url()
    assert event.organiser == member
    assert list(event.co_hosts.all()) == [other_member]
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "19:00"
    assert event.ends_at - event.starts_at == timedelta(hours=3, minutes=30)
    assert event.capacity == 20
    assert "<script>" not in event.description_html
    assert event.video_url == ""


def test_an_online_event_with_a_pasted_zoom_link(client, member):
    client.force_login(member)

    client.post(
        reverse("events:create"),
        form_data(
            place="online",
            city="",
            video_source="link",
            video_link="https://us02web.zoom.us/j/123456789?pwd=abc",
        ),
    )

    event = Event.objects.get()
    assert event.is_online and event.city == ""
    assert event.video_url == "https://us02web.zoom.us/j/123456789?pwd=abc"
    assert event.video_provider == "Zoom"
    assert not event.video_room_is_generated


def test_an_event_ending_after_midnight_ends_the_next_day(client, member):
    client.force_login(member)

    client.post(reverse("events:create"), form_data(start_time="21:00", end_time="01:00"))

    event = Event.objects.get()
    assert event.ends_at - event.starts_at == timedelta(hours=4)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"city": ""}, "city"),
        ({"place": "online", "video_source": "link", "video_link": ""}, "video_link"),
        (
            {"place": "online", "video_source": "link", "video_link": "http://zoom.us/j/1"},
            "video_link",
        ),
        ({"co_hosts": "personne-inconnue"}, "co_hosts"),
        ({"capacity": "0"}, "capacity"),
        ({"date": "2020-01-01"}, "date"),
        ({"rsvp_deadline": "2099-01-01T10:00"}, "rsvp_deadline"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_comes_back_with_a_message_and_everything_typed(
    client, english, overrides, field
):
    client.force_login(english)
    data = form_data(**overrides)

    response = client.post(reverse("events:create"), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    content = response.content.decode()
    assert 'value="Le Bistrot des Canuts"' in content or overrides.get("place") == "online"
    assert "Venez **nombreux**" in content
    assert not Event.objects.exists()


def test_the_organiser_and_a_co_host_edit_others_get_a_404(
    client, event, organiser, co_host, member
):
    url = reverse("events:edit", args=[event.pk])
    data = form_data(title="Afterwork déplacé", co_hosts="")

    client.force_login(member)
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    client.force_login(co_host)
    response = client.get(url)
    assert "co_hosts" not in response.context["form"].fields
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.title == "Afterwork déplacé"
    assert list(event.co_hosts.all()) == [co_host], "a co-host cannot change the co-hosts"
    client.force_login(organiser)
    client.post(url, form_data(title="Afterwork déplacé", co_hosts=""))
    assert not event.co_hosts.exists()


def test_the_edit_form_shows_the_event_in_its_own_timezone(client, event, organiser):
    event.timezone = "America/Toronto"
    event.save()
    client.force_login(organiser)

    form = client.get(reverse("events:edit", args=[event.pk])).context["form"]

    local = event.starts_at.astimezone(ZoneInfo("America/Toronto"))
    assert form.initial["start_time"] == local.time()
    assert form.initial["timezone"] == "America/Toronto"


def test_lowering_the_capacity_below_the_seats_in_the_form_is_refused_clearly(
    client, event, organiser
):
    take_seats(event, MemberFactory.create_batch(3))
    client.force_login(organiser)

    response = client.post(reverse("events:edit", args=[event.pk]), form_data(capacity="2"))

    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors


def test_creating_a_weekly_series(client, member):
    client.force_login(member)

    response = client.post(
        reverse("events:series_create"),
        form_data(
            title="ChocoSkype du mardi",
            kind="chocoskype",
            place="online",
            city="",
            video_source="room",
            frequency="weekly",
            interval="1",
        ),
    )

    series = EventSeries.objects.get()
    assert response["Location"] == series.get_absolute_url()
    assert series.occurrences.count() >= 6
    content = page(client, series.get_absolute_url())
    assert content.count("ChocoSkype du mardi") > series.occurrences.count()


def test_cancelling_needs_the_organiser_and_a_reason(client, event, organiser, co_host):
    url = reverse("events:cancel", args=[event.pk])
    client.force_login(co_host)
    assert client.get(url).status_code == 404
    client.force_login(organiser)

    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors

    client.post(url, {"reason": "Le bar ferme."})
    event.refresh_from_db()
    assert event.is_cancelled and event.cancellation_reason == "Le bar ferme."


# --- Hosts' tools ----------------------------------------------------------------------------


def test_the_hosts_tools_are_a_404_to_other_members(client, event, member):
    take_seats(event, [member])
    rsvp = Rsvp.objects.get()
    client.force_login(member)

    for url in (
        reverse("events:manage", args=[event.pk]),
        reverse("events:message", args=[event.pk]),
        reverse("events:attendees_csv", args=[event.pk]),
        reverse("events:check_in", args=[event.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("events:capacity", args=[event.pk]),
        reverse("events:attendee_remove", args=[event.pk, rsvp.pk]),
        reverse("events:check_in_toggle", args=[event.pk, rsvp.pk]),
    ):
        assert client.post(url, {"capacity": "100", "present": "1"}).status_code == 404, url
    event.refresh_from_db()
    assert event.capacity == 10
    assert Rsvp.objects.get().status == Rsvp.Status.GOING


def test_a_co_host_raises_the_capacity_and_the_waitlist_moves_up(client, event, co_host):
    event.capacity = 1
    event.save()
    first, second = MemberFactory.create_batch(2)
    services.rsvp_respond(member=first, event=event, answer="going")
    services.rsvp_respond(member=second, event=event, answer="going")
    client.force_login(co_host)

    client.post(reverse("events:capacity", args=[event.pk]), {"capacity": "2"})

    assert Rsvp.objects.get(member=second).status == Rsvp.Status.GOING
    response = client.post(
        reverse("events:capacity", args=[event.pk]), {"capacity": "1"}, follow=True
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.capacity == 2


def test_the_organiser_removes_an_attendee(client, event, organiser, member):
    take_seats(event, [member])
    client.force_login(organiser)

    client.post(reverse("events:attendee_remove", args=[event.pk, Rsvp.objects.get().pk]))

    assert Rsvp.objects.get().status == Rsvp.Status.REMOVED
    event.refresh_from_db()
    assert event.seats_taken == 0


def test_the_attendee_csv_is_safe_to_open_in_a_spreadsheet(client, event, organiser):
    tricky = MemberFactory(display_name='=HYPERLINK("http://evil")', username="tricky")
    take_seats(event, [tricky])
    client.force_login(organiser)

    response = client.get(reverse("events:attendees_csv", args=[event.pk]))

    content = response.content.decode("utf-8-sig")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "'=HYPERLINK" in content
    assert tricky.email not in content


def test_messaging_the_attendees_from_the_page(
    client, event, organiser, member, mailoutbox, django_capture_on_commit_callbacks
):
    take_seats(event, [member])
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:message", args=[event.pk]),
            {"subject": "Salle du fond", "body": "Au fond à droite."},
        )

    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == [member.email]
    assert "Salle du fond" in message.subject
    empty = client.post(reverse("events:message", args=[event.pk]), {"subject": "", "body": "x"})
    assert empty.status_code == 200 and "subject" in empty.context["form"].errors


def test_checking_in_from_a_phone_with_and_without_htmx(client, event, co_host, member):
    (rsvp,) = take_seats(event, [member])
    client.force_login(co_host)
    url = reverse("events:check_in_toggle", args=[event.pk, rsvp.pk])

    assert member.display_name in page(client, reverse("events:check_in", args=[event.pk]))
    response = client.post(url, {"present": "1"}, headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<li class="list-group-item')
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is not None
    response = client.post(url, {"present": "0"})
    assert response["Location"].endswith(f"#attendee-{rsvp.pk}")
    assert has_vary_header(response, "HX-Request")
    rsvp.refresh_from_db()
    assert rsvp.checked_in_at is None


# --- Every page, every persona ---------------------------------------------------------------

LOGIN = "login"
PERSONAS = ["visitor", "member", "co_host", "organiser", "suspended"]
# page: (visitor, member, co-host, organiser); a suspended member always gets the 403 page.
EXPECTED = {
    "list": (200, 200, 200, 200),
    "past": (200, 200, 200, 200),
    "calendar": (200, 200, 200, 200),
    "feed": (200, 200, 200, 200),
    "mine": (LOGIN, 200, 200, 200),
    "create": (LOGIN, 200, 200, 200),
    "series_create": (LOGIN, 200, 200, 200),
    "detail": (200, 200, 200, 200),
    "ics": (200, 200, 200, 200),
    "attendees": (LOGIN, 200, 200, 200),
    "edit": (LOGIN, 404, 200, 200),
    "cancel": (LOGIN, 404, 404, 200),
    "manage": (LOGIN, 404, 200, 200),
    "message": (LOGIN, 404, 200, 200),
    "attendees_csv": (LOGIN, 404, 200, 200),
    "check_in": (LOGIN, 404, 200, 200),
    "join": (LOGIN, 404, 302, 302),
    "series_detail": (200, 200, 200, 200),
    "series_edit": (LOGIN, 404, 200, 200),
    "series_stop": (LOGIN, 404, 404, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona_and_leaks_nothing(
    client, persona, online_event, organiser, co_host, member, suspended_member
):
    online_event.co_hosts.add(co_host)
    series = services.series_create(
        organiser=organiser,
        data=services.EventData(
            kind="chocoskype",
            title="Série",
            description="",
            is_online=True,
            starts_at=timezone.now() + timedelta(days=2),
            ends_at=timezone.now() + timedelta(days=2, hours=1),
            timezone="Europe/Paris",
            video_source="room",
        ),
        frequency="weekly",
        co_hosts=[co_host],
    )
    reader = {
        "visitor": None,
        "member": member,
        "co_host": co_host,
        "organiser": organiser,
        "suspended": suspended_member,
    }[persona]
    if reader:
        client.force_login(reader)
    for name, expected in EXPECTED.items():
        args = {
            "series_detail": [series.pk],
            "series_edit": [series.pk],
            "series_stop": [series.pk],
        }.get(name, [online_event.pk])
        try:
            url = reverse(f"events:{name}", args=args)
        except Exception:
            url = reverse(f"events:{name}")
        if persona == "suspended":
            # Each request ends a suspended member's session, showing why.
            client.force_login(reader)
            assert client.get(url).status_code == 403, name
            continue
        response = client.get(url)
        want = expected[PERSONAS.index(persona)]
        if want == LOGIN:
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("account_login")), name
        else:
            assert response.status_code == want, (name, response.status_code)
        content = response.content.decode(errors="replace")
        assert JITSI_ROOM not in content or (name == "manage" and persona != "member"), name
        assert series.video_url not in content or name == "manage", name
        for other in {member, organiser, co_host} - {reader}:
            assert other.email not in content, name
        if response["Content-Type"].startswith("text/html") and response.status_code == 200:
            assert response.content.count(b"<h1") == 1, name


def test_the_pages_speak_english_to_an_english_member(client, event, english):
    client.force_login(english)

    for url in (
        reverse("events:list"),
        event.get_absolute_url(),
        reverse("events:mine"),
        reverse("events:create"),
        reverse("events:calendar"),
    ):
        content = page(client, url)
        assert '<html lang="en"' in content
    assert "Upcoming events" in page(client, reverse("events:list"))
    assert "Will you come?" in page(client, event.get_absolute_url())
