"""Events (afterworks, ChocoSkypes, workshops, coworking days), their series and their RSVPs.

Capacity is an invariant of the database, not only of the code: ``Event.seats_taken`` counts the
confirmed and offered seats, services change it only while holding the event's row lock, and a
check constraint refuses any row where it exceeds the capacity.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.places import Region
from core.usertext import render_markdown
from members.models import validate_timezone

# Hosts of these video services are named on the page; any other https link is still accepted.
VIDEO_PROVIDERS = [
    ("meet.jit.si", "Jitsi Meet"),
    ("8x8.vc", "Jitsi Meet"),
    ("jitsi", "Jitsi Meet"),
    ("zoom.us", "Zoom"),
    ("zoom.com", "Zoom"),
    ("meet.google.com", "Google Meet"),
    ("teams.microsoft.com", "Microsoft Teams"),
    ("teams.live.com", "Microsoft Teams"),
    ("skype.com", "Skype"),
]


def video_provider_name(url: str) -> str:
    """“Zoom”, “Google Meet”… for a recognised video link, "" for any other."""
    host = (urlsplit(url).hostname or "").lower()
    for pattern, name in VIDEO_PROVIDERS:
        if "." not in pattern:
            if pattern in host.split("."):
                return name
        elif host == pattern or host.endswith(f".{pattern}"):
            return name
    return ""


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Public events for everyone, members-only ones for members, and a private event (a
        ChocoSkype pair's meeting) only for its organiser and the members it invited."""
        if not user.is_authenticated:
            return self.filter(visibility=Event.Visibility.PUBLIC)
        invited = Exists(Rsvp.objects.filter(event=OuterRef("pk"), member=user))
        return self.filter(~Q(visibility=Event.Visibility.PRIVATE) | Q(organiser=user) | invited)

    def listed(self):
        """Without private events: what shared surfaces (digests, announcements) may show."""
        return self.exclude(visibility=Event.Visibility.PRIVATE)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")

    def hosted_by(self, member):
        return self.filter(Q(organiser=member) | Q(co_hosts=member)).distinct()


class Kind(models.TextChoices):
    AFTERWORK = "afterwork", _("Afterwork")
    CHOCOSKYPE = "chocoskype", _("ChocoSkype")
    WORKSHOP = "workshop", _("Workshop / webinar")
    COWORKING = "coworking", _("Coworking day")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    # Not offered in the event form: services make such events for meetings between members.
    PRIVATE = "private", _("Only the people invited")


MAX_CO_HOSTS = 5


class VideoSource(models.TextChoices):
    ROOM = "room", _("A private video room, created for you")
    LINK = "link", _("My own link (Zoom, Google Meet, Teams, Skype, Jitsi…)")
    NONE = "none", _("No link yet")


@dataclass(frozen=True, kw_only=True)
class EventData:
    """What an organiser says about an event, as the event form or a series hands it over to
    events.services (here, not there, so that the form needs no import of the services)."""

    kind: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    is_online: bool
    venue_name: str = ""
    address: str = ""
    city: str = ""
    region: str = ""
    visibility: str = Visibility.PUBLIC
    capacity: int | None = None
    rsvp_deadline: datetime | None = None
    allows_interested: bool = False
    offer_cutoff_hours: int = 24
    video_source: str = VideoSource.NONE
    video_link: str = ""
    new_video_room: bool = False


class EventSeries(models.Model):
    """A recurring event (“ChocoSkype du mardi”): the template its occurrences are made from.

    Occurrences are ordinary events created ahead of time (see services.series_occurrences_create);
    each keeps the date of its slot, so that regenerating never duplicates one and an occurrence
    moved or cancelled alone stays as it is.
    """

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly (same weekday of the month)")

    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_series",
        verbose_name=_("organiser"),
    )
    co_hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_hosted_series",
        verbose_name=_("co-hosts"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), blank=True)
    frequency = models.CharField(_("repeats"), max_length=8, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 for every week (or month), 2 for every other one…"),
    )
    first_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("start time"))
    duration = models.DurationField(_("duration"))
    timezone = models.CharField(
        _("timezone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_timezone]
    )
    until = models.DateField(_("last date"), null=True, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    venue_name = models.CharField(_("venue"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    region = models.CharField(_("region"), max_length=8, choices=Region.choices, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility, default=Visibility.PUBLIC
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    allows_interested = models.BooleanField(_("offer “interested”"), default=False)
    offer_cutoff_hours = models.PositiveSmallIntegerField(
        _("offer cutoff (hours)"), default=24, validators=[MaxValueValidator(168)]
    )
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    video_room_is_generated = models.BooleanField(default=False, editable=False)
    # A private series (a ChocoSkype binôme's): the members seated at every occurrence, beside
    # the organiser, without answering each time.
    guests = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="guest_of_series",
        verbose_name=_("guests"),
    )
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("event series")
        # The same words in English, not in French (« séries d’événements »): its own msgid.
        verbose_name_plural = pgettext_lazy("plural", "event series")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration__gt=timedelta(0)), name="series_has_a_duration"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("first_date")),
                name="series_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(is_online=True) | ~Q(city=""), name="series_in_person_has_a_city"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="series_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:series_detail", args=[self.pk])

    @property
    def is_stopped(self) -> bool:
        return self.stopped_at is not None

    def slot_dates(self, start: date, end: date) -> list[date]:
        """The dates of the series' slots between start and end, both included."""
        last = min(end, self.until) if self.until else end
        dates = []
        step = 0
        while True:
            day = self._slot_date(step)
            step += 1
            if day is None:
                continue
            if day > last:
                return dates
            if day >= start:
                dates.append(day)

    def _slot_date(self, step: int) -> date | None:
        if self.frequency == self.Frequency.WEEKLY:
            return self.first_date + timedelta(weeks=step * self.interval)
        # Monthly: the same weekday at the same rank (“1st Thursday”); a first date that falls
        # on the 5th such weekday means “the last one” of each month.
        months = self.first_date.month - 1 + step * self.interval
        year, month = self.first_date.year + months // 12, months % 12 + 1
        weekday = self.first_date.weekday()
        rank = (self.first_date.day - 1) // 7
        first_of_month = date(year, month, 1)
        first_weekday = first_of_month + timedelta(days=(weekday - first_of_month.weekday()) % 7)
        if rank < 4:
            return first_weekday + timedelta(weeks=rank)
        last = first_weekday + timedelta(weeks=4)
        return last if last.month == month else last - timedelta(weeks=1)

    def slot_start(self, day: date) -> datetime:
        return datetime.combine(day, self.start_time, tzinfo=ZoneInfo(self.timezone))


class Event(models.Model):
    """A meeting of members: an afterwork in a bar, a ChocoSkype over video, a workshop…"""

    Kind = Kind
    Visibility = Visibility

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: **bold**, _italic_, lists and links.")
    )
    description_html = models.TextField(editable=False, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(
        _("timezone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_timezone]
    )
    is_online = models.BooleanField(_("online"), default=False)
    venue_name = models.CharField(_("venue"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    region = models.CharField(_("region"), max_length=8, choices=Region.choices, blank=True)
    # Never shown on a page: confirmed attendees and hosts reach it through the join view.
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    video_room_is_generated = models.BooleanField(default=False, editable=False)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    co_hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_hosted_events",
        verbose_name=_("co-hosts"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility, default=Visibility.PUBLIC
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    rsvp_deadline = models.DateTimeField(_("answers close at"), null=True, blank=True)
    allows_interested = models.BooleanField(_("offer “interested”"), default=False)
    offer_cutoff_hours = models.PositiveSmallIntegerField(
        _("offer cutoff (hours)"),
        default=24,
        validators=[MaxValueValidator(168)],
        help_text=_(
            "This close to the start, a seat that frees up is offered to the first on the "
            "waitlist, who must confirm it, instead of being given straight away."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancellation_reason = models.CharField(_("cancellation reason"), max_length=255, blank=True)
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("series"),
    )
    occurrence_date = models.DateField(
        _("date in its series"), null=True, blank=True, editable=False
    )
    is_edited_alone = models.BooleanField(
        _("edited apart from its series"), default=False, editable=False
    )
    # RFC 5545's SEQUENCE: calendars apply an update only when it grows.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    discussion = models.OneToOneField(
        "forums.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="event",
        verbose_name=_("discussion"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(is_online=True) | ~Q(city=""),
                name="event_in_person_has_a_city",
                violation_error_message=_("An event in person needs a city."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message=_("The capacity must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="event_never_oversold",
                violation_error_message=_(
                    "The capacity cannot be lower than the number of seats already taken."
                ),
            ),
            models.CheckConstraint(
                condition=Q(rsvp_deadline__isnull=True) | Q(rsvp_deadline__lte=F("starts_at")),
                name="event_rsvp_deadline_before_start",
                violation_error_message=_("Answers must close before the event starts."),
            ),
            models.CheckConstraint(
                condition=Q(video_url="") | Q(video_url__startswith="https://"),
                name="event_video_link_is_https",
                violation_error_message=_("The video link must start with https://."),
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence_date"], name="event_one_occurrence_per_series_slot"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Rendered here rather than in a service so that the admin and the demo data, which
        # save events directly, never leave a stale or empty HTML description behind.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "description" in update_fields:
            self.description_html = render_markdown(self.description)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "description_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def has_ended(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.seats_taken >= self.capacity

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    @property
    def answers_are_closed(self) -> bool:
        now = timezone.now()
        return self.starts_at <= now or (
            self.rsvp_deadline is not None and self.rsvp_deadline < now
        )

    @property
    def video_provider(self) -> str:
        return video_provider_name(self.video_url) if self.video_url else ""

    @property
    def map_url(self) -> str:
        from urllib.parse import urlencode

        query = ", ".join(part for part in (self.venue_name, self.address, self.city) if part)
        return f"https://www.openstreetmap.org/search?{urlencode({'query': query})}"

    def is_hosted_by(self, member) -> bool:
        """Organiser or co-host. Reads the prefetched co-hosts when the selector loaded them."""
        if not member.is_authenticated:
            return False
        if member.pk == self.organiser_id:
            return True
        return any(host.pk == member.pk for host in self.co_hosts.all())


class RsvpQuerySet(models.QuerySet):
    def waitlist(self):
        """First in line first: see ``Rsvp.waitlisted_at``."""
        return self.filter(status=Rsvp.Status.WAITLISTED).order_by("waitlisted_at", "pk")


class Rsvp(models.Model):
    """One member's answer to one event."""

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        OFFERED = "offered", _("Seat offered")
        WAITLISTED = "waitlisted", _("On the waitlist")
        INTERESTED = "interested", _("Interested")
        NOT_GOING = "not_going", _("Not going")
        REMOVED = "removed", _("Removed by the organisers")

    # What Event.seats_taken counts: an offered seat is held until the offer is taken or lapses.
    SEAT_STATUSES = (Status.GOING, Status.OFFERED)
    # Who hears about a change or a cancellation.
    CONCERNED_STATUSES = (Status.GOING, Status.OFFERED, Status.WAITLISTED, Status.INTERESTED)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("event")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_rsvps",
        verbose_name=_("member"),
    )
    status = models.CharField(_("answer"), max_length=12, choices=Status.choices)
    # The place in the event's line, and what orders it: given while the event's row is locked,
    # each one later than every place given before for the event (see
    # services._waitlist_place_locked), so that the line is the order in which members reached
    # the lock, whatever the clock of the app server that took them. An offered seat keeps it.
    waitlisted_at = models.DateTimeField(_("joined the waitlist at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RsvpQuerySet.as_manager()

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "status", "waitlisted_at"])]
        constraints = [
            models.UniqueConstraint(fields=["event", "member"], name="rsvp_once_per_member"),
            # Two members never hold the same place, so the line and everyone's position in it
            # have one answer.
            models.UniqueConstraint(
                fields=["event", "waitlisted_at"], name="rsvp_one_member_per_waitlist_place"
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="rsvp_waitlist_has_a_place",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="rsvp_offer_has_an_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.event} ({self.get_status_display()})"

    @property
    def holds_a_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES


class EventPreferences(models.Model):
    """A member's settings for events; members/ stays unaware of them."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_preferences",
        verbose_name=_("member"),
    )
    hidden_from_attendee_lists = models.BooleanField(
        _("hide me from attendee lists"),
        default=False,
        help_text=_("The organisers still see you; other members do not."),
    )
    # The secret in the private calendar feed's address; a new one revokes the old address.
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("event preferences")
        verbose_name_plural = _("event preferences")

    def __str__(self) -> str:
        return str(self.member)


class ReminderSent(models.Model):
    """Marks a reminder as sent, before it is sent: the unique constraint lets one job win."""

    class Kind(models.TextChoices):
        DAY_BEFORE = "24h", _("The day before")
        HOUR_BEFORE = "1h", _("One hour before")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders_sent")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=Kind)
    # A rescheduled event deserves a new reminder: the start time is part of the key.
    event_starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member", "kind", "event_starts_at"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.member} ({self.kind})"


class EventLogEntry(models.Model):
    """Who did what to an event or a series, for the organisers and the moderators."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Changed")
        RESCHEDULED = "rescheduled", _("Moved or relocated")
        CANCELLED = "cancelled", _("Cancelled")
        CAPACITY_CHANGED = "capacity", _("Capacity changed")
        ATTENDEE_REMOVED = "removed", _("Attendee removed")
        ATTENDEES_MESSAGED = "messaged", _("Attendees messaged")
        SERIES_CREATED = "series_created", _("Series created")
        SERIES_UPDATED = "series_updated", _("Series changed")
        SERIES_STOPPED = "series_stopped", _("Series stopped")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="log_entries"
    )
    series = models.ForeignKey(
        EventSeries, on_delete=models.CASCADE, null=True, blank=True, related_name="log_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("event log entry")
        verbose_name_plural = _("event log")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.event or self.series}"
