"""Input validation for the event pages; the services decide what is allowed."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.places import Region
from forums.forms import ReplyForm
from members.forms import timezone_choices
from members.models import Member

from .models import (
    MAX_CO_HOSTS,
    Event,
    EventData,
    EventSeries,
    Rsvp,
    VideoSource,
    video_provider_name,
)
from .selectors import WHEN_MONTH, WHEN_WEEK

IN_PERSON = "in_person"
ONLINE = "online"


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a timezone: the form says which zone it is in."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        # UTC has no daylight-saving gaps, so parsing never rejects a valid wall-clock time.
        with timezone.override(UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result


def _wall_clock(moment: datetime, tz: str) -> datetime:
    return moment.astimezone(ZoneInfo(tz)).replace(tzinfo=None)


class EventForm(forms.Form):
    """An event, or the first occurrence of a series, as its organiser describes it."""

    kind = forms.ChoiceField(label=_("Kind of event"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=140)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown: **bold**, _italic_, lists and links."),
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("An end before the start means the next day, e.g. 19:00 to 01:00."),
    )
    timezone = forms.ChoiceField(
        label=_("Timezone"),
        choices=timezone_choices,
        help_text=_("The times above are in this timezone; each reader sees them in theirs."),
    )
    place = forms.ChoiceField(
        label=_("In person or online"),
        choices=[(IN_PERSON, _("In person")), (ONLINE, _("Online, by video"))],
        widget=forms.RadioSelect,
    )
    venue_name = forms.CharField(label=_("Venue"), max_length=120, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    video_source = forms.ChoiceField(
        label=_("Video link"),
        choices=VideoSource.choices,
        initial=VideoSource.ROOM,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Only confirmed attendees and the hosts reach it, through the event's “join” button."
        ),
    )
    video_link = forms.URLField(
        label=_("Your video link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    new_video_room = forms.BooleanField(
        label=_("Replace the video room by a new one"),
        required=False,
        help_text=_("The attendees' join button then leads to the new room."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can see it"),
        # Private events are the meetings that services make (a ChocoSkype pair's), not a choice.
        choices=[c for c in Event.Visibility.choices if c[0] != Event.Visibility.PRIVATE],
        widget=forms.RadioSelect,
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        max_value=10_000,
        help_text=_("Empty for no limit. Past it, members join a waitlist."),
    )
    rsvp_deadline = WallClockDateTimeField(
        label=_("Answers close at"),
        required=False,
        help_text=_("Optional; in the event's timezone."),
    )
    allows_interested = forms.BooleanField(
        label=_("Let members answer “interested”"), required=False
    )
    offer_cutoff_hours = forms.IntegerField(
        label=_("Offer cutoff, in hours before the start"),
        min_value=0,
        max_value=168,
        initial=24,
        help_text=_(
            "This close to the start, a freed seat is offered to the first on the waitlist, who "
            "must confirm it, rather than given straight away."
        ),
    )
    co_hosts = forms.CharField(
        label=_("Co-hosts"),
        required=False,
        max_length=300,
        help_text=_("Handles of members who help you run it, separated by commas (5 at most)."),
    )

    def __init__(
        self, *args, event: Event | None = None, member=None, can_edit_co_hosts=True, **kwargs
    ):
        self.event = event
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from_event(event)
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("— None —")), *Region.choices]
        if not self.is_bound and event is None and member is not None:
            self.initial.setdefault("timezone", member.timezone or settings.TIME_ZONE)
        self.initial.setdefault("timezone", settings.TIME_ZONE)
        self.initial.setdefault("place", IN_PERSON)
        self.initial.setdefault("visibility", Event.Visibility.PUBLIC)
        self.initial.setdefault("video_source", VideoSource.ROOM)
        self.initial.setdefault("offer_cutoff_hours", 24)
        if event is None or not event.video_room_is_generated:
            del self.fields["new_video_room"]
        if not can_edit_co_hosts:
            del self.fields["co_hosts"]
        if event is not None and event.visibility == Event.Visibility.PRIVATE:
            # A private meeting stays private: its organiser may move it, not publish it.
            self.fields["visibility"].choices = [
                (Event.Visibility.PRIVATE, Event.Visibility.PRIVATE.label)
            ]

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_video_link(self) -> str:
        link = self.cleaned_data["video_link"].strip()
        if link and not link.lower().startswith("https://"):
            raise forms.ValidationError(_("Enter a secure link, starting with https://."))
        return link

    def clean_co_hosts(self) -> list[Member]:
        handles = {
            handle.strip().lstrip("@").lower()
            for handle in self.cleaned_data["co_hosts"].split(",")
            if handle.strip()
        }
        if len(handles) > MAX_CO_HOSTS:
            raise forms.ValidationError(
                _("An event has %(max)s co-hosts at most.") % {"max": MAX_CO_HOSTS}
            )
        members = list(Member.objects.active().filter(username__in=handles))
        if unknown := handles - {member.username for member in members}:
            raise forms.ValidationError(
                _("No member has the handle %(handles)s.") % {"handles": ", ".join(sorted(unknown))}
            )
        return members

    def clean(self):
        data = super().clean()
        tz_name = data.get("timezone")
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if tz_name and day and start and end:
            tz = ZoneInfo(tz_name)
            data["starts_at"] = datetime.combine(day, start, tzinfo=tz)
            ends_day = day if end > start else day + timedelta(days=1)
            data["ends_at"] = datetime.combine(ends_day, end, tzinfo=tz)
            if data.get("rsvp_deadline"):
                data["rsvp_deadline"] = data["rsvp_deadline"].replace(tzinfo=tz)
                if data["rsvp_deadline"] > data["starts_at"]:
                    self.add_error(
                        "rsvp_deadline", _("Answers must close before the event starts.")
                    )
        if data.get("place") == IN_PERSON:
            if not data.get("city", "").strip():
                self.add_error("city", _("Say in which city the event takes place."))
        elif data.get("place") == ONLINE:
            source = data.get("video_source") or VideoSource.NONE
            data["video_source"] = source
            if source == VideoSource.LINK and not data.get("video_link"):
                self.add_error("video_link", _("Paste the link of your video call."))
        return data

    def event_data(self) -> EventData:
        data = self.cleaned_data
        online = data["place"] == ONLINE
        return EventData(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            timezone=data["timezone"],
            is_online=online,
            venue_name=data["venue_name"],
            address=data["address"],
            city=data["city"],
            region=data["region"],
            visibility=data["visibility"],
            capacity=data["capacity"],
            rsvp_deadline=data.get("rsvp_deadline"),
            allows_interested=data["allows_interested"],
            offer_cutoff_hours=data["offer_cutoff_hours"],
            video_source=data["video_source"] if online else VideoSource.NONE,
            video_link=data["video_link"],
            new_video_room=data.get("new_video_room", False),
        )

    @property
    def video_provider(self) -> str:
        link = self.data.get(self.add_prefix("video_link")) or self.initial.get("video_link", "")
        return video_provider_name(link) if link else ""


def initial_from_event(event: Event | EventSeries) -> dict:
    """The form's fields for an existing event (or series), in its own timezone."""
    if isinstance(event, EventSeries):
        starts_at = event.slot_start(event.first_date)
        ends_at = starts_at + event.duration
        rsvp_deadline = None
    else:
        starts_at, ends_at = event.starts_at, event.ends_at
        rsvp_deadline = event.rsvp_deadline
    local_start = _wall_clock(starts_at, event.timezone)
    video_source = VideoSource.NONE
    if event.video_url:
        video_source = VideoSource.ROOM if event.video_room_is_generated else VideoSource.LINK
    return {
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "date": local_start.date(),
        "start_time": local_start.time(),
        "end_time": _wall_clock(ends_at, event.timezone).time(),
        "timezone": event.timezone,
        "place": ONLINE if event.is_online else IN_PERSON,
        "venue_name": event.venue_name,
        "address": event.address,
        "city": event.city,
        "region": event.region,
        "video_source": video_source,
        "video_link": "" if event.video_room_is_generated else event.video_url,
        "visibility": event.visibility,
        "capacity": event.capacity,
        "rsvp_deadline": _wall_clock(rsvp_deadline, event.timezone) if rsvp_deadline else None,
        "allows_interested": event.allows_interested,
        "offer_cutoff_hours": event.offer_cutoff_hours,
        "co_hosts": ", ".join(host.username for host in event.co_hosts.all()),
    }


class SeriesForm(EventForm):
    """A recurring event: the first occurrence, then its rhythm."""

    frequency = forms.ChoiceField(
        label=_("Repeats"), choices=EventSeries.Frequency.choices, widget=forms.RadioSelect
    )
    interval = forms.IntegerField(
        label=_("Every"),
        min_value=1,
        max_value=4,
        initial=1,
        help_text=_("1 for every week (or month), 2 for every other one…"),
    )
    until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional: leave empty to go on until you stop the series."),
    )

    def __init__(self, *args, series: EventSeries | None = None, **kwargs):
        self.series = series
        if series is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **initial_from_event(series),
                "frequency": series.frequency,
                "interval": series.interval,
                "until": series.until,
            }
        super().__init__(*args, **kwargs)
        del self.fields["rsvp_deadline"]
        self.fields["date"].label = _("First date")
        self.initial.setdefault("frequency", EventSeries.Frequency.WEEKLY)
        if series is not None:
            # The rhythm is the series' identity: a new rhythm is a new series.
            for name in ("date", "frequency", "interval"):
                self.fields[name].disabled = True
            if series.video_room_is_generated:
                self.fields["new_video_room"] = forms.BooleanField(
                    label=_("Replace the video room by a new one"), required=False
                )

    def clean(self):
        data = super().clean()
        until, day = data.get("until"), data.get("date")
        if until and day and until < day:
            self.add_error("until", _("The last date cannot be before the first one."))
        return data


class EventFilterForm(forms.Form):
    """The upcoming events' filters, read from the query string so a search can be shared."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    city = forms.CharField(label=_("City"), required=False, max_length=80)
    place = forms.ChoiceField(
        label=_("Online or in person"),
        required=False,
        choices=[("", _("Both")), (ONLINE, _("Online")), (IN_PERSON, _("In person"))],
    )
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), (WHEN_WEEK, _("This week")), (WHEN_MONTH, _("This month"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Event.Kind.choices]
        self.fields["region"].choices = [("", _("All regions")), *Region.choices]


class MonthForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)

    def first_day(self) -> date:
        value = self.cleaned_data.get("month") if self.is_valid() else ""
        if value:
            year, month = map(int, value.split("-"))
            if 2000 <= year <= 2100:
                return date(year, month, 1)
        return timezone.localdate().replace(day=1)


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[
            (Rsvp.Status.GOING, _("Going")),
            (Rsvp.Status.INTERESTED, _("Interested")),
            (Rsvp.Status.NOT_GOING, _("Not going")),
        ]
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        max_value=10_000,
        help_text=_("Empty for no limit. More seats move the waitlist up at once."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone who answered gets this by e-mail."),
    )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=120)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    include_waitlist = forms.BooleanField(label=_("Send it to the waitlist too"), required=False)


class EventPreferencesForm(forms.Form):
    hidden_from_attendee_lists = forms.BooleanField(
        label=_("Do not show me in the attendee lists that other members see"),
        required=False,
        help_text=_("The organisers of the events you go to still see you."),
    )


class EventCommentForm(ReplyForm):
    """A comment in an event's discussion: a reply of its topic, named as the event page's own
    box, which “your answer” already names (the RSVP)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your comment")
