"""Every change to events, series and RSVPs.

Each function checks who acts, runs in one transaction, logs what organisers do, and sends its
e-mails only after commit. Seats are counted in ``Event.seats_taken``, which changes only while
the event's row is locked (``_event_lock``): two members cannot both take the last seat, on
PostgreSQL because the second waits for the first's commit, on SQLite because writers take the
database lock at BEGIN (``transaction_mode = IMMEDIATE``). The check constraint
``event_never_oversold`` refuses anything that would slip past this. Places on the waitlist are
given under the same lock, so the line is the order in which members reached it.
"""

import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formats import date_format
from core.usertext import render_markdown
from forums.models import TITLE_MAX_LENGTH, Category
from forums.services import post_create, topic_create

from . import notifications
from .models import (
    MAX_CO_HOSTS,
    Event,
    EventData,
    EventLogEntry,
    EventPreferences,
    EventSeries,
    ReminderSent,
    Rsvp,
    VideoSource,
)

# How long a member has to take a seat offered close to the event (never past its start).
OFFER_WINDOW = timedelta(hours=4)
MAX_MESSAGES_PER_DAY = 3
HOUR_BEFORE = timedelta(hours=1)
DAY_BEFORE = timedelta(hours=24)


# --- Access ----------------------------------------------------------------------------------


def _require_can_post(member) -> None:
    if not member.is_authenticated or not member.can_post:
        raise PermissionDenied


def _require_host(member, event: Event) -> None:
    _require_can_post(member)
    if not event.is_hosted_by(member):
        raise PermissionDenied


def _require_series_host(member, series: EventSeries) -> None:
    _require_can_post(member)
    if series.organiser_id != member.pk and not series.co_hosts.filter(pk=member.pk).exists():
        raise PermissionDenied


def _may_cancel(member, event: Event) -> bool:
    """The organiser, or a moderator from the admin; co-hosts help run an event, not end it.
    A private meeting belongs to everyone invited to it, so any of them may call it off."""
    if member.pk == event.organiser_id or member.has_perm("events.change_event"):
        return True
    return (
        event.visibility == Event.Visibility.PRIVATE
        and event.rsvps.filter(member=member, status=Rsvp.Status.GOING).exists()
    )


def _log(*, actor, action: str, event: Event | None = None, series=None, note: str = ""):
    return EventLogEntry.objects.create(
        actor=actor, action=action, event=event, series=series, note=note[:2000]
    )


def _event_lock(pk: int) -> Event:
    """The event's row, locked until the end of the transaction. Every seat count goes through
    here; the lock is on the event alone (no joins) so that nothing else waits on it."""
    return Event.objects.select_for_update().get(pk=pk)


# --- Events ---------------------------------------------------------------------------------


def video_room_url() -> str:
    """A new private room: 128 random bits, lowercase because Jitsi lowercases room names."""
    base = settings.EVENTS_VIDEO_ROOM_BASE_URL
    return f"{base if base.endswith('/') else base + '/'}freelancehub-{secrets.token_hex(16)}"


def _video(data: EventData, *, current_url: str, current_generated: bool) -> tuple[str, bool]:
    if not data.is_online or data.video_source == VideoSource.NONE:
        return "", False
    if data.video_source == VideoSource.LINK:
        return data.video_link.strip(), False
    if current_generated and current_url and not data.new_video_room:
        return current_url, True
    return video_room_url(), True


def _clean_co_hosts(co_hosts, organiser) -> list:
    hosts = {member.pk: member for member in co_hosts if member.pk != organiser.pk}
    if len(hosts) > MAX_CO_HOSTS:
        raise ValidationError(
            {"co_hosts": _("An event has %(max)s co-hosts at most.") % {"max": MAX_CO_HOSTS}}
        )
    return list(hosts.values())


PLACE_FIELDS = ("is_online", "venue_name", "address", "city")
TIME_FIELDS = ("starts_at", "ends_at")
# A change to any of these is a new version for calendars (RFC 5545's SEQUENCE).
CALENDAR_FIELDS = (*TIME_FIELDS, *PLACE_FIELDS, "title", "description", "timezone")


def _apply(event: Event, data: EventData) -> None:
    event.kind = data.kind
    event.title = data.title.strip()
    event.description = data.description.strip()
    event.starts_at = data.starts_at
    event.ends_at = data.ends_at
    event.timezone = data.timezone
    event.is_online = data.is_online
    in_person = not data.is_online
    event.venue_name = data.venue_name.strip() if in_person else ""
    event.address = data.address.strip() if in_person else ""
    event.city = data.city.strip() if in_person else ""
    event.region = data.region
    event.visibility = data.visibility
    event.rsvp_deadline = data.rsvp_deadline
    event.allows_interested = data.allows_interested
    event.offer_cutoff_hours = data.offer_cutoff_hours
    event.video_url, event.video_room_is_generated = _video(
        data, current_url=event.video_url, current_generated=event.video_room_is_generated
    )


@transaction.atomic
def event_create(*, organiser, data: EventData, co_hosts=()) -> Event:
    _require_can_post(organiser)
    if data.starts_at <= timezone.now():
        raise ValidationError({"date": _("An event cannot start in the past.")})
    event = Event(organiser=organiser, capacity=data.capacity)
    _apply(event, data)
    event.full_clean()
    event.save()
    event.co_hosts.set(_clean_co_hosts(co_hosts, organiser))
    _log(actor=organiser, action=EventLogEntry.Action.CREATED, event=event)
    return event


@transaction.atomic
def private_meeting_create(*, organiser, guests, data: EventData) -> Event:
    """A meeting only its members see (a ChocoSkype pair's): a private event with a seat taken
    for each of them at once, so that it is in their “my events”, calendar feed and reminders.
    Nobody gets an RSVP confirmation: the caller tells them in its own words."""
    if data.visibility != Event.Visibility.PRIVATE:
        raise ValueError("A private meeting must have the private visibility.")
    members = [organiser, *(guest for guest in guests if guest.pk != organiser.pk)]
    for member in members:
        _require_can_post(member)
    if data.starts_at <= timezone.now():
        raise ValidationError({"date": _("An event cannot start in the past.")})
    event = Event(organiser=organiser, capacity=len(members), seats_taken=len(members))
    _apply(event, data)
    event.full_clean()
    event.save()
    Rsvp.objects.bulk_create(
        Rsvp(event=event, member=member, status=Rsvp.Status.GOING) for member in members
    )
    _log(actor=organiser, action=EventLogEntry.Action.CREATED, event=event)
    return event


@transaction.atomic
def event_update(*, actor, event: Event, data: EventData, co_hosts=None) -> Event:
    """Changes an event; for an occurrence, that one alone. Attendees hear of a new time or
    place, with an updated invitation. Only the organiser changes the co-hosts."""
    event = _event_lock(event.pk)
    _require_host(actor, event)
    if co_hosts is not None and actor.pk != event.organiser_id:
        raise PermissionDenied
    event = _event_change_locked(actor=actor, event=event, data=data, edited_alone=True)
    if co_hosts is not None:
        event.co_hosts.set(_clean_co_hosts(co_hosts, event.organiser))
    return event


@transaction.atomic
def private_meeting_move(*, actor, event: Event, starts_at: datetime) -> Event:
    """Moves a private meeting (one occurrence of a binôme's series, say) to another start,
    keeping its length: anyone seated at it may, since it belongs to all of them. The others
    hear of it as of any change of time."""
    event = _event_lock(event.pk)
    _require_can_post(actor)
    if event.visibility != Event.Visibility.PRIVATE or not _may_cancel(actor, event):
        raise PermissionDenied
    data = EventData(
        kind=event.kind,
        title=event.title,
        description=event.description,
        starts_at=starts_at,
        ends_at=starts_at + (event.ends_at - event.starts_at),
        timezone=event.timezone,
        is_online=event.is_online,
        venue_name=event.venue_name,
        address=event.address,
        city=event.city,
        region=event.region,
        visibility=event.visibility,
        capacity=event.capacity,
        rsvp_deadline=None,
        allows_interested=event.allows_interested,
        offer_cutoff_hours=event.offer_cutoff_hours,
        video_source=VideoSource.LINK if event.video_url else VideoSource.NONE,
        video_link=event.video_url,
    )
    return _event_change_locked(actor=actor, event=event, data=data, edited_alone=True)


def _event_change_locked(*, actor, event: Event, data: EventData, edited_alone: bool) -> Event:
    if event.is_cancelled:
        raise ValidationError(_("A cancelled event can no longer be changed."))
    now = timezone.now()
    before = {name: getattr(event, name) for name in CALENDAR_FIELDS}
    _apply(event, data)
    if event.starts_at != before["starts_at"] and event.starts_at <= now:
        raise ValidationError({"date": _("An event cannot be moved into the past.")})
    if edited_alone and event.series_id:
        event.is_edited_alone = True
    changed = {name for name in CALENDAR_FIELDS if getattr(event, name) != before[name]}
    if changed:
        event.sequence += 1
    _capacity_apply(event, data.capacity)
    event.full_clean()
    event.save()
    promoted = _waitlist_promote_locked(event, now)
    time_changed = bool(changed & set(TIME_FIELDS))
    place_changed = bool(changed & set(PLACE_FIELDS))
    _log(
        actor=actor,
        action=EventLogEntry.Action.RESCHEDULED
        if time_changed or place_changed
        else EventLogEntry.Action.UPDATED,
        event=event,
        note=", ".join(sorted(changed)),
    )
    if (time_changed or place_changed) and event.ends_at > now:
        concerned = [
            rsvp
            for rsvp in event.rsvps.filter(status__in=Rsvp.CONCERNED_STATUSES).select_related(
                "member"
            )
            if rsvp.pk not in {p.pk for p in promoted}
        ]
        transaction.on_commit(
            lambda: notifications.notify_event_changed(
                event=event,
                rsvps=concerned,
                time_changed=time_changed,
                place_changed=place_changed,
            ),
            robust=True,
        )
    return event


def _capacity_apply(event: Event, capacity: int | None) -> None:
    if capacity is not None and capacity < event.seats_taken:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)s members already have a seat: the capacity cannot go below that. "
                    "Remove attendees first if you must."
                )
                % {"count": event.seats_taken}
            }
        )
    event.capacity = capacity


@transaction.atomic
def event_capacity_set(*, actor, event: Event, capacity: int | None) -> list[Rsvp]:
    """Raises or lowers the capacity; the waitlist moves up into new seats at once."""
    event = _event_lock(event.pk)
    _require_host(actor, event)
    if event.is_cancelled:
        raise ValidationError(_("A cancelled event can no longer be changed."))
    previous = event.capacity
    _capacity_apply(event, capacity)
    event.full_clean()
    event.save(update_fields=["capacity", "updated_at"])
    promoted = _waitlist_promote_locked(event, timezone.now())
    _log(
        actor=actor,
        action=EventLogEntry.Action.CAPACITY_CHANGED,
        event=event,
        note=f"{previous or '∞'} → {capacity or '∞'}",
    )
    return promoted


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str) -> Event:
    """Cancels an event and tells everyone who answered, with a cancelling invitation."""
    event = _event_lock(event.pk)
    _require_can_post(actor)
    if not _may_cancel(actor, event):
        raise PermissionDenied
    return _event_cancel_locked(actor=actor, event=event, reason=reason)


def _event_cancel_locked(*, actor, event: Event, reason: str) -> Event:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the attendees why the event is cancelled.")})
    if event.is_cancelled:
        return event
    if event.has_ended:
        raise ValidationError(_("This event is over: it can no longer be cancelled."))
    event.status = Event.Status.CANCELLED
    event.cancellation_reason = reason
    event.sequence += 1
    event.full_clean()
    event.save(update_fields=["status", "cancellation_reason", "sequence", "updated_at"])
    _log(actor=actor, action=EventLogEntry.Action.CANCELLED, event=event, note=reason)
    concerned = list(
        event.rsvps.filter(status__in=Rsvp.CONCERNED_STATUSES).select_related("member")
    )
    transaction.on_commit(
        lambda: notifications.notify_event_cancelled(event=event, rsvps=concerned), robust=True
    )
    return event


@transaction.atomic
def event_attendees_message(
    *, actor, event: Event, subject: str, body: str, include_waitlist: bool
) -> int:
    """E-mails everyone with a seat (and the waitlist, if asked); returns how many."""
    event = _event_lock(event.pk)
    _require_host(actor, event)
    since = timezone.now() - timedelta(days=1)
    if (
        event.log_entries.filter(
            action=EventLogEntry.Action.ATTENDEES_MESSAGED, created_at__gte=since
        ).count()
        >= MAX_MESSAGES_PER_DAY
    ):
        raise ValidationError(
            _("You have already written %(max)s times today: try again tomorrow.")
            % {"max": MAX_MESSAGES_PER_DAY}
        )
    statuses = [*Rsvp.SEAT_STATUSES, *([Rsvp.Status.WAITLISTED] if include_waitlist else [])]
    recipients = list(event.rsvps.filter(status__in=statuses).select_related("member"))
    _log(
        actor=actor,
        action=EventLogEntry.Action.ATTENDEES_MESSAGED,
        event=event,
        note=f"{subject.strip()}\n\n{body.strip()}",
    )
    transaction.on_commit(
        lambda: notifications.notify_attendees_message(
            event=event, sender=actor, subject=subject.strip(), body=body.strip(), rsvps=recipients
        ),
        robust=True,
    )
    return len(recipients)


# --- RSVPs ----------------------------------------------------------------------------------


@transaction.atomic
def rsvp_respond(*, member, event: Event, answer: str) -> Rsvp:
    """A member's answer: going, interested or not going.

    Going takes a free seat, or a place at the end of the waitlist; an offered seat is taken as
    is. Leaving a seat hands it to the first on the waitlist. Answering the same twice (a double
    click) changes nothing.
    """
    _require_can_post(member)
    event = _event_lock(event.pk)
    # Read once the lock is held: a clock read while waiting for it would date the answer by
    # when the member clicked, not by when their turn came.
    now = timezone.now()
    _offers_expire_locked(event, now)
    if event.organiser_id == member.pk:
        raise ValidationError(_("You organise this event: you do not need to answer."))
    if event.is_cancelled:
        raise ValidationError(_("This event has been cancelled."))
    if event.starts_at <= now:
        raise ValidationError(_("This event has started: answers are closed."))
    rsvp = Rsvp.objects.filter(event=event, member=member).first()
    previous = rsvp.status if rsvp else None
    if previous == Rsvp.Status.REMOVED:
        raise ValidationError(_("The organisers have removed you from this event."))
    if answer not in {Rsvp.Status.GOING, Rsvp.Status.INTERESTED, Rsvp.Status.NOT_GOING}:
        raise ValidationError(_("This answer is not possible."))
    if answer == Rsvp.Status.INTERESTED and not event.allows_interested:
        raise ValidationError(_("This event does not take “interested” answers."))
    taking_offer = answer == Rsvp.Status.GOING and previous == Rsvp.Status.OFFERED
    deadline_passed = event.rsvp_deadline is not None and event.rsvp_deadline < now
    if deadline_passed and answer != Rsvp.Status.NOT_GOING and not taking_offer:
        raise ValidationError(
            _("Answers closed on %(deadline)s.")
            % {"deadline": date_format(timezone.localtime(event.rsvp_deadline), "DATETIME_FORMAT")}
        )
    if answer == previous or (answer == Rsvp.Status.GOING and previous == Rsvp.Status.WAITLISTED):
        return rsvp
    if rsvp is None:
        rsvp = Rsvp(event=event, member=member)
    left_a_seat = previous in Rsvp.SEAT_STATUSES and not taking_offer
    rsvp.offer_expires_at = None
    if answer == Rsvp.Status.GOING:
        if taking_offer:
            rsvp.status = Rsvp.Status.GOING
        else:
            # Nobody jumps the queue: a free seat next to a waitlist goes to the waitlist first.
            _waitlist_promote_locked(event, now)
            if event.capacity is None or event.seats_taken < event.capacity:
                rsvp.status = Rsvp.Status.GOING
                rsvp.waitlisted_at = None
                event.seats_taken += 1
            else:
                rsvp.status = Rsvp.Status.WAITLISTED
                rsvp.waitlisted_at = _waitlist_place_locked(event, now)
    else:
        rsvp.status = answer
        rsvp.waitlisted_at = None
        if left_a_seat:
            event.seats_taken -= 1
    rsvp.full_clean()
    rsvp.save()
    if (rsvp.status == Rsvp.Status.GOING and not taking_offer) or left_a_seat:
        # Only the counter changed, which event_never_oversold checks in the database.
        event.save(update_fields=["seats_taken"])
    if left_a_seat:
        _waitlist_promote_locked(event, now)
    if rsvp.status == Rsvp.Status.GOING:
        confirmed = rsvp
        transaction.on_commit(
            lambda: notifications.notify_rsvp_confirmed(rsvp=confirmed), robust=True
        )
    return rsvp


def _waitlist_place_locked(event: Event, now: datetime) -> datetime:
    """The place at the end of the event's waitlist: now, or a microsecond after the last place
    given if that is not earlier. Call with the event locked.

    App servers' clocks differ and can step back, and two answers can read the same instant:
    the place must come after every place given before it all the same, because the line is the
    order in which members took the lock (``rsvp_one_member_per_waitlist_place`` refuses a tie).
    """
    last = event.rsvps.aggregate(last=Max("waitlisted_at"))["last"]
    if last is not None and last >= now:
        return last + timedelta(microseconds=1)
    return now


def _waitlist_promote_locked(event: Event, now: datetime) -> list[Rsvp]:
    """Moves the first of the waitlist into free seats; close to the event, as offers.

    Call with the event locked. Returns the RSVPs moved up; they hear of it after commit.
    """
    if event.is_cancelled or event.starts_at <= now:
        return []
    waitlist = Rsvp.objects.waitlist().filter(event=event).select_related("member")
    if event.capacity is not None:
        free = event.capacity - event.seats_taken
        if free <= 0:
            return []
        waitlist = waitlist[:free]
    promoted = list(waitlist)
    if not promoted:
        return []
    offering = now >= event.starts_at - timedelta(hours=event.offer_cutoff_hours)
    for rsvp in promoted:
        rsvp.event = event
        rsvp.updated_at = now  # bulk_update does not touch auto_now fields
        if offering:
            rsvp.status = Rsvp.Status.OFFERED
            rsvp.offer_expires_at = min(now + OFFER_WINDOW, event.starts_at)
        else:
            rsvp.status = Rsvp.Status.GOING
            rsvp.waitlisted_at = None
    Rsvp.objects.bulk_update(
        promoted, ["status", "offer_expires_at", "waitlisted_at", "updated_at"]
    )
    event.seats_taken += len(promoted)
    event.save(update_fields=["seats_taken"])
    notify = notifications.notify_rsvp_offered if offering else notifications.notify_rsvp_promoted
    for rsvp in promoted:
        transaction.on_commit(lambda rsvp=rsvp: notify(rsvp=rsvp), robust=True)
    return promoted


def _offers_expire_locked(event: Event, now: datetime) -> int:
    """Hands lapsed offers on to the next in line. Call with the event locked."""
    lapsed = list(
        event.rsvps.filter(status=Rsvp.Status.OFFERED, offer_expires_at__lte=now).select_related(
            "member"
        )
    )
    if not lapsed:
        return 0
    for rsvp in lapsed:
        rsvp.event = event
        rsvp.updated_at = now
        rsvp.status = Rsvp.Status.NOT_GOING
        rsvp.offer_expires_at = None
        rsvp.waitlisted_at = None
    Rsvp.objects.bulk_update(lapsed, ["status", "offer_expires_at", "waitlisted_at", "updated_at"])
    event.seats_taken -= len(lapsed)
    event.save(update_fields=["seats_taken"])
    for rsvp in lapsed:
        transaction.on_commit(
            lambda rsvp=rsvp: notifications.notify_rsvp_offer_expired(rsvp=rsvp), robust=True
        )
    _waitlist_promote_locked(event, now)
    return len(lapsed)


def rsvp_offers_expire(*, now: datetime | None = None) -> int:
    """For the scheduled job: every lapsed offer, event by event, each in its own transaction."""
    now = now or timezone.now()
    event_ids = (
        Rsvp.objects.filter(status=Rsvp.Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    expired = 0
    for event_id in list(event_ids):
        with transaction.atomic():
            expired += _offers_expire_locked(_event_lock(event_id), now)
    return expired


@transaction.atomic
def rsvp_remove(*, actor, rsvp: Rsvp) -> Rsvp:
    """The hosts take an attendee off the event; they cannot answer again."""
    event = _event_lock(rsvp.event_id)
    _require_host(actor, event)
    rsvp = Rsvp.objects.select_related("member").get(pk=rsvp.pk)
    if rsvp.status == Rsvp.Status.REMOVED:
        return rsvp
    left_a_seat = rsvp.holds_a_seat
    rsvp.status = Rsvp.Status.REMOVED
    rsvp.waitlisted_at = rsvp.offer_expires_at = None
    rsvp.save(update_fields=["status", "waitlisted_at", "offer_expires_at", "updated_at"])
    if left_a_seat:
        event.seats_taken -= 1
        event.save(update_fields=["seats_taken"])
    rsvp.event = event
    _log(
        actor=actor,
        action=EventLogEntry.Action.ATTENDEE_REMOVED,
        event=event,
        note=rsvp.member.username,
    )
    if event.ends_at > timezone.now():
        transaction.on_commit(lambda: notifications.notify_rsvp_removed(rsvp=rsvp), robust=True)
    _waitlist_promote_locked(event, timezone.now())
    return rsvp


@transaction.atomic
def rsvp_check_in(*, actor, rsvp: Rsvp, present: bool) -> Rsvp:
    rsvp = Rsvp.objects.select_for_update().select_related("event").get(pk=rsvp.pk)
    event = Event.objects.prefetch_related("co_hosts").get(pk=rsvp.event_id)
    _require_host(actor, event)
    if rsvp.status != Rsvp.Status.GOING:
        raise ValidationError(_("Only confirmed attendees can be checked in."))
    rsvp.checked_in_at = timezone.now() if present else None
    rsvp.save(update_fields=["checked_in_at", "updated_at"])
    return rsvp


# --- Members' event preferences and calendar feed --------------------------------------------


@transaction.atomic
def event_preferences_update(*, member, hidden_from_attendee_lists: bool) -> EventPreferences:
    preferences, _created = EventPreferences.objects.select_for_update().get_or_create(
        member=member
    )
    preferences.hidden_from_attendee_lists = hidden_from_attendee_lists
    preferences.save(update_fields=["hidden_from_attendee_lists"])
    return preferences


@transaction.atomic
def calendar_token_reset(*, member) -> str:
    """A new secret address for the member's calendar feed; the old one stops working."""
    _require_can_post(member)
    preferences, _created = EventPreferences.objects.select_for_update().get_or_create(
        member=member
    )
    preferences.calendar_token = secrets.token_urlsafe(24)
    preferences.save(update_fields=["calendar_token"])
    return preferences.calendar_token


# --- Series ---------------------------------------------------------------------------------


def _series_apply(series: EventSeries, data: EventData) -> None:
    local_start = data.starts_at.astimezone(ZoneInfo(data.timezone))
    series.kind = data.kind
    series.title = data.title.strip()
    series.description = data.description.strip()
    series.start_time = local_start.time().replace(tzinfo=None)
    series.duration = data.ends_at - data.starts_at
    series.timezone = data.timezone
    series.is_online = data.is_online
    in_person = not data.is_online
    series.venue_name = data.venue_name.strip() if in_person else ""
    series.address = data.address.strip() if in_person else ""
    series.city = data.city.strip() if in_person else ""
    series.region = data.region
    series.visibility = data.visibility
    series.capacity = data.capacity
    series.allows_interested = data.allows_interested
    series.offer_cutoff_hours = data.offer_cutoff_hours
    series.video_url, series.video_room_is_generated = _video(
        data, current_url=series.video_url, current_generated=series.video_room_is_generated
    )


def _occurrence_data(series: EventSeries, day: date) -> EventData:
    starts_at = series.slot_start(day)
    return EventData(
        kind=series.kind,
        title=series.title,
        description=series.description,
        starts_at=starts_at,
        ends_at=starts_at + series.duration,
        timezone=series.timezone,
        is_online=series.is_online,
        venue_name=series.venue_name,
        address=series.address,
        city=series.city,
        region=series.region,
        visibility=series.visibility,
        capacity=series.capacity,
        allows_interested=series.allows_interested,
        offer_cutoff_hours=series.offer_cutoff_hours,
        # Occurrences share the series' room, so regulars keep one address week after week.
        video_source=VideoSource.LINK if series.video_url else VideoSource.NONE,
        video_link=series.video_url,
    )


@transaction.atomic
def series_create(
    *,
    organiser,
    data: EventData,
    frequency: str,
    interval: int = 1,
    until: date | None = None,
    co_hosts=(),
    guests=(),
) -> EventSeries:
    """Creates a recurring event and its occurrences up to the horizon. A private series (a
    ChocoSkype binôme's) seats its organiser and guests at every occurrence, as
    private_meeting_create does for one meeting."""
    _require_can_post(organiser)
    guests = [guest for guest in guests if guest.pk != organiser.pk]
    if (data.visibility == Event.Visibility.PRIVATE) != bool(guests):
        raise ValueError("A private series has guests, and only a private series has them.")
    for guest in guests:
        _require_can_post(guest)
    if data.starts_at <= timezone.now():
        raise ValidationError({"date": _("An event cannot start in the past.")})
    series = EventSeries(
        organiser=organiser,
        frequency=frequency,
        interval=interval,
        until=until,
        first_date=data.starts_at.astimezone(ZoneInfo(data.timezone)).date(),
    )
    _series_apply(series, data)
    series.full_clean()
    series.save()
    series.co_hosts.set(_clean_co_hosts(co_hosts, organiser))
    series.guests.set(guests)
    _log(actor=organiser, action=EventLogEntry.Action.SERIES_CREATED, series=series)
    series_occurrences_create(series=series)
    return series


@transaction.atomic
def series_occurrences_create(*, series: EventSeries, now: datetime | None = None) -> list[Event]:
    """Creates the occurrences missing up to the horizon (EVENTS_SERIES_HORIZON_DAYS).

    Slots already made are skipped, whatever became of them (moved, cancelled), so that running
    this again, from the command or by hand, never duplicates or revives an occurrence.
    """
    now = now or timezone.now()
    series = EventSeries.objects.select_for_update().get(pk=series.pk)
    if series.is_stopped:
        return []
    today = timezone.localdate(now, timezone=ZoneInfo(series.timezone))
    horizon = today + timedelta(days=settings.EVENTS_SERIES_HORIZON_DAYS)
    made = set(series.occurrences.values_list("occurrence_date", flat=True))
    days = [
        day
        for day in series.slot_dates(today, horizon)
        if day not in made and series.slot_start(day) > now
    ]
    if not days:
        return []
    seated = []
    if series.visibility == Event.Visibility.PRIVATE:
        seated = [series.organiser_id, *series.guests.values_list("pk", flat=True)]
    occurrences = []
    for day in days:
        event = Event(organiser_id=series.organiser_id, series=series, occurrence_date=day)
        data = _occurrence_data(series, day)
        _apply(event, data)
        event.capacity = data.capacity
        if seated:
            event.capacity = event.seats_taken = len(seated)
        event.description_html = render_markdown(event.description)
        event.full_clean(exclude=["organiser", "series"], validate_unique=False)
        occurrences.append(event)
    created = Event.objects.bulk_create(occurrences)
    co_host_ids = list(series.co_hosts.values_list("pk", flat=True))
    Event.co_hosts.through.objects.bulk_create(
        Event.co_hosts.through(event_id=event.pk, member_id=member_id)
        for event in created
        for member_id in co_host_ids
    )
    Rsvp.objects.bulk_create(
        Rsvp(event=event, member_id=member_id, status=Rsvp.Status.GOING)
        for event in created
        for member_id in seated
    )
    return created


def series_occurrences_create_all(*, now: datetime | None = None) -> int:
    """For the scheduled job: tops up every running series, each in its own transaction."""
    created = 0
    for series in EventSeries.objects.filter(stopped_at__isnull=True):
        created += len(series_occurrences_create(series=series, now=now))
    return created


@transaction.atomic
def series_update(*, actor, series: EventSeries, data: EventData) -> EventSeries:
    """Changes the series and its upcoming occurrences, except those edited or cancelled alone.

    The rhythm (weekday, frequency) stays: a new rhythm is a new series.
    """
    series = EventSeries.objects.select_for_update().get(pk=series.pk)
    _require_series_host(actor, series)
    if series.is_stopped:
        raise ValidationError(_("This series has stopped: it can no longer be changed."))
    _series_apply(series, data)
    series.full_clean()
    series.save()
    now = timezone.now()
    for event in (
        series.occurrences.select_for_update()
        .filter(starts_at__gt=now, status=Event.Status.SCHEDULED, is_edited_alone=False)
        .order_by("starts_at")
    ):
        event_data = _occurrence_data(series, event.occurrence_date)
        try:
            _event_change_locked(actor=actor, event=event, data=event_data, edited_alone=False)
        except ValidationError as error:
            raise ValidationError(
                _("The occurrence of %(date)s cannot take this change: %(error)s")
                % {
                    "date": event.occurrence_date.strftime("%d/%m/%Y"),
                    "error": " ".join(error.messages),
                }
            ) from error
    _log(actor=actor, action=EventLogEntry.Action.SERIES_UPDATED, series=series)
    series_occurrences_create(series=series, now=now)
    return series


@transaction.atomic
def series_stop(*, actor, series: EventSeries, reason: str) -> int:
    """Ends a series: no more occurrences, and the upcoming ones are cancelled with the reason.

    Returns how many occurrences were cancelled.
    """
    series = EventSeries.objects.select_for_update().get(pk=series.pk)
    _require_can_post(actor)
    if not (
        series.organiser_id == actor.pk
        or actor.has_perm("events.change_event")
        # A private series belongs to everyone seated at it, as a private meeting does.
        or (
            series.visibility == Event.Visibility.PRIVATE
            and series.guests.filter(pk=actor.pk).exists()
        )
    ):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the attendees why the series stops.")})
    if series.is_stopped:
        return 0
    now = timezone.now()
    series.stopped_at = now
    series.save(update_fields=["stopped_at", "updated_at"])
    cancelled = 0
    for event in series.occurrences.filter(starts_at__gt=now, status=Event.Status.SCHEDULED):
        _event_cancel_locked(actor=actor, event=_event_lock(event.pk), reason=reason)
        cancelled += 1
    _log(actor=actor, action=EventLogEntry.Action.SERIES_STOPPED, series=series, note=reason)
    return cancelled


# --- Reminders ------------------------------------------------------------------------------


def event_reminders_send(*, now: datetime | None = None) -> int:
    """Sends the reminders due: 24 h before every event, 1 h before an online one (with its
    link). Each is marked sent in the same transaction that queues it, and the marker's unique
    constraint means that two jobs running at once, or one running twice, send it once."""
    now = now or timezone.now()
    sent = 0
    for kind, ahead in (
        (ReminderSent.Kind.HOUR_BEFORE, HOUR_BEFORE),
        (ReminderSent.Kind.DAY_BEFORE, DAY_BEFORE),
    ):
        due = Rsvp.objects.filter(
            status=Rsvp.Status.GOING,
            event__status=Event.Status.SCHEDULED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + ahead,
        ).exclude(
            Exists(
                ReminderSent.objects.filter(
                    event=OuterRef("event"),
                    member=OuterRef("member"),
                    kind=kind,
                    event_starts_at=OuterRef("event__starts_at"),
                )
            )
        )
        if kind == ReminderSent.Kind.HOUR_BEFORE:
            due = due.filter(event__is_online=True)
        else:
            # In its last hour an online event gets the reminder with the link instead.
            due = due.exclude(event__is_online=True, event__starts_at__lte=now + HOUR_BEFORE)
        for rsvp in due.select_related("event", "event__organiser", "member"):
            if _reminder_send_once(rsvp, kind):
                sent += 1
    return sent


def _reminder_send_once(rsvp: Rsvp, kind: str) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                event=rsvp.event,
                member=rsvp.member,
                kind=kind,
                event_starts_at=rsvp.event.starts_at,
            )
            transaction.on_commit(
                lambda: notifications.notify_event_reminder(rsvp=rsvp, kind=kind), robust=True
            )
    except IntegrityError:
        return False
    return True


# --- Discussion ----------------------------------------------------------------------------

EVENTS_BOARD_SLUG = "evenements"


def event_comment_post(*, author, event: Event, body: str):
    """Posts in the event's discussion: a topic of the members-only “Événements” board, started
    by the first comment, so that Markdown, likes, reports and moderation are the forums' own."""
    if event.visibility == Event.Visibility.PRIVATE:
        # The board is every member's: a private meeting's words would be read by all.
        raise ValidationError(_("A private meeting has no discussion."))
    with transaction.atomic():
        event = _event_lock(event.pk)
        if event.discussion_id is None:
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Discussion: %(title)s") % {"title": event.title}
            topic = topic_create(
                author=author,
                category=Category.objects.get(slug=EVENTS_BOARD_SLUG),
                title=title[:TITLE_MAX_LENGTH],
                body=body,
                tags=[],
            )
            Event.objects.filter(pk=event.pk).update(discussion=topic)
            return topic.first_post
    return post_create(author=author, topic=event.discussion, body=body)
