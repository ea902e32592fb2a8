from django.urls import path

from .views import private, public

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="list"),
    path("past/", public.event_past, name="past"),
    path("calendar/", public.event_calendar, name="calendar"),
    path("feed.ics", public.public_feed, name="feed"),
    path("calendar/<str:token>.ics", public.member_feed, name="member_feed"),
    path("mine/", private.my_events, name="mine"),
    path("mine/preferences/", private.preferences_update, name="preferences"),
    path("mine/calendar-address/", private.calendar_feed_reset, name="feed_reset"),
    path("new/", private.event_create, name="create"),
    path("series/new/", private.series_create, name="series_create"),
    path("series/<int:pk>/", public.series_detail, name="series_detail"),
    path("series/<int:pk>/edit/", private.series_edit, name="series_edit"),
    path("series/<int:pk>/stop/", private.series_stop, name="series_stop"),
    path("<int:pk>/", public.event_detail, name="detail"),
    path("<int:pk>/event.ics", public.event_ics, name="ics"),
    path("<int:pk>/rsvp/", private.event_rsvp, name="rsvp"),
    path("<int:pk>/comment/", private.event_comment, name="comment"),
    path("<int:pk>/join/", private.event_join, name="join"),
    path("<int:pk>/attendees/", private.event_attendees, name="attendees"),
    path("<int:pk>/edit/", private.event_edit, name="edit"),
    path("<int:pk>/cancel/", private.event_cancel, name="cancel"),
    path("<int:pk>/manage/", private.event_manage, name="manage"),
    path("<int:pk>/manage/capacity/", private.event_capacity, name="capacity"),
    path(
        "<int:pk>/manage/attendees/<int:rsvp_pk>/remove/",
        private.attendee_remove,
        name="attendee_remove",
    ),
    path("<int:pk>/manage/message/", private.event_message, name="message"),
    path("<int:pk>/manage/attendees.csv", private.attendees_csv, name="attendees_csv"),
    path("<int:pk>/check-in/", private.check_in, name="check_in"),
    path("<int:pk>/check-in/<int:rsvp_pk>/", private.check_in_toggle, name="check_in_toggle"),
]
