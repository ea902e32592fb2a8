"""The ChocoSkype ritual: members who opt in are paired every round with another freelancer
(rotation), and meet over video at a time picked among three that suit both."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# How many weeks two members who met are not paired again (issue: "cooldown").
COOLDOWN_WEEKS = 12
TOPICS_MAX_LENGTH = 200


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


# Days between two rounds a member takes part in, by cadence.
CADENCE_DAYS = {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14, Cadence.MONTHLY: 28}


class Mode(models.TextChoices):
    ROTATION = "rotation", _("Someone new each round")
    BINOME = "binome", _("A standing partner (binôme)")


class TradePreference(models.TextChoices):
    ANY = "any", _("No preference")
    SAME = "same", _("Freelancers of my trade")
    OTHER = "other", _("Freelancers of other trades")


class DayPart(models.TextChoices):
    """Parts of a day, in the member's own timezone; their hours are in DAY_PART_HOURS."""

    MORNING = "morning", _("Morning")
    LUNCH = "lunch", pgettext_lazy("part of the day", "Lunch")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


# Local hours [start, end) of each part of a day: a meeting starts on one of these hours.
DAY_PART_HOURS = {
    DayPart.MORNING: (9, 12),
    DayPart.LUNCH: (12, 14),
    DayPart.AFTERNOON: (14, 18),
    DayPart.EVENING: (18, 21),
}
WEEKDAYS = range(7)  # Monday is 0, as datetime.weekday()


def slot_code(weekday: int, part: str) -> str:
    """A time that suits a member, as stored: "0-morning" is Monday morning."""
    return f"{weekday}-{part}"


SLOT_CODES = frozenset(slot_code(day, part) for day in WEEKDAYS for part in DayPart.values)


class Participant(models.Model):
    """A member's choices for the ritual. A row exists once a member has opted in; leaving keeps
    it (their history and preferences) with ``left_at`` set."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chocoskype",
        verbose_name=_("member"),
    )
    cadence = models.CharField(
        _("how often"), max_length=12, choices=Cadence, default=Cadence.WEEKLY
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode, default=Mode.ROTATION)
    # Language codes of members.SpokenLanguage (Django's list), those the member can chat in.
    languages = models.JSONField(_("languages"), default=list)
    # SLOT_CODES, in the member's own timezone (members.Member.timezone).
    slots = models.JSONField(_("times that suit"), default=list)
    trade_preference = models.CharField(
        _("whom to meet"), max_length=8, choices=TradePreference, default=TradePreference.ANY
    )
    topics = models.CharField(
        _("what I'd like to talk about"), max_length=TOPICS_MAX_LENGTH, blank=True
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    # Not paired in rounds up to this date (included).
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    skip_next_round = models.BooleanField(_("skips the next round"), default=False)
    # Set by a moderator (or after meetings missed without a word): never paired meanwhile.
    excluded_at = models.DateTimeField(_("excluded from pairing at"), null=True, blank=True)
    exclusion_reason = models.CharField(_("why excluded"), max_length=255, blank=True)
    # When the member was last put in a pair by a round: who waits longest is preferred.
    last_paired_at = models.DateTimeField(_("last paired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ChocoSkype participant")
        verbose_name_plural = _("ChocoSkype participants")

    def __str__(self) -> str:
        return str(self.member)

    @property
    def is_active(self) -> bool:
        return self.left_at is None and self.excluded_at is None


class Round(models.Model):
    """One pairing of the participants, on a date: running it again finds it and does nothing."""

    held_on = models.DateField(_("date"), unique=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    participant_count = models.PositiveIntegerField(_("participants"), default=0)
    pairing_count = models.PositiveIntegerField(_("pairs"), default=0)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return str(self.held_on)


class Pairing(models.Model):
    """Two members (three when a round has an odd number) who are to meet: from a round, or
    from an invitation one member sent another from their profile (no round)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Time to pick")
        INVITED = "invited", _("Invitation waiting")
        SCHEDULED = "scheduled", _("Meeting planned")
        DECLINED = "declined", _("Invitation declined")
        CANCELLED = "cancelled", _("Cancelled")

    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pairings",
        verbose_name=_("round"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)
    # Up to three meeting starts (aware datetimes, ISO 8601 in UTC) inside every member's slots.
    proposed_times = models.JSONField(_("proposed times"), default=list)
    # The private two-person ChocoSkype, once a time is picked.
    event = models.OneToOneField(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chocoskype_pairing",
        verbose_name=_("meeting"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    message = models.CharField(_("message"), max_length=TOPICS_MAX_LENGTH, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancellation_note = models.CharField(_("word to the other"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class PairingMember(models.Model):
    """A member in a pair, with what they said after the date. ``round`` repeats the pair's
    round so that the database refuses a member twice in one round."""

    class Outcome(models.TextChoices):
        MET = "met", _("We met")
        NOT_MET = "not_met", _("We did not meet")
        RESCHEDULED = "rescheduled", _("We set another date")

    pairing = models.ForeignKey(
        Pairing, on_delete=models.CASCADE, related_name="members", verbose_name=_("pair")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chocoskype_pairings",
        verbose_name=_("member"),
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("round"),
    )
    outcome = models.CharField(_("did you meet?"), max_length=12, choices=Outcome, blank=True)
    thanks = models.CharField(_("thank-you note"), max_length=TOPICS_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The pair's e-mail and notification reached this member (sent once, even if a round runs
    # twice).
    told_at = models.DateTimeField(_("told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member of a pair")
        verbose_name_plural = _("members of pairs")
        constraints = [
            models.UniqueConstraint(fields=["pairing", "member"], name="pairing_member_once"),
            models.UniqueConstraint(
                fields=["round", "member"],
                condition=Q(round__isnull=False),
                name="chocoskype_one_pair_per_round",
            ),
        ]
        indexes = [models.Index(fields=["member", "pairing"])]

    def __str__(self) -> str:
        return f"{self.member} in {self.pairing}"


# Usual length of a binôme's meeting: long enough for both to speak of their week.
BINOME_DURATION_MINUTES = 45
GOAL_MAX_LENGTH = 200


class Binome(models.Model):
    """Two members who meet at a usual time, again and again, for mutual coaching: proposed by
    one (``proposed_by``, from a profile or a round's pair), running once the other accepts
    (``started_at``), as a private recurring series of the events app (``series``). Ending it,
    or declining it, sets ``ended_at``. ``member_a`` is the lower key, so that a pair is one
    row whichever proposed it."""

    member_a = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    member_b = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    # The round's pair it grew from, if any.
    pairing = models.ForeignKey(
        Pairing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="binomes",
        verbose_name=_("pair"),
    )
    cadence = models.CharField(
        _("how often"), max_length=12, choices=Cadence, default=Cadence.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(_("usual weekday"))
    local_time = models.TimeField(_("usual time"))
    # The proposer's timezone when they chose the time: the series keeps it, so that the time
    # stays put for them across daylight saving changes.
    timezone = models.CharField(_("timezone"), max_length=64)
    message = models.CharField(_("message"), max_length=TOPICS_MAX_LENGTH, blank=True)
    series = models.OneToOneField(
        "events.EventSeries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chocoskype_binome",
        verbose_name=_("series"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    class Meta:
        verbose_name = _("binôme")
        verbose_name_plural = _("binômes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_a__lt=models.F("member_b")), name="binome_members_ordered"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="binome_weekday_valid"
            ),
            # A pair has at most one binôme proposed or running at a time.
            models.UniqueConstraint(
                fields=["member_a", "member_b"],
                condition=Q(ended_at__isnull=True),
                name="binome_one_open_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_a} & {self.member_b}"

    @property
    def is_running(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    @property
    def is_proposed(self) -> bool:
        return self.started_at is None and self.ended_at is None

    def other(self, member):
        return self.member_b if member.pk == self.member_a_id else self.member_a

    def has_member(self, member) -> bool:
        return member.pk in (self.member_a_id, self.member_b_id)


class BinomeGoal(models.Model):
    """What one member of a binôme commits to for their next meeting."""

    binome = models.ForeignKey(
        Binome, on_delete=models.CASCADE, related_name="goals", verbose_name=_("binôme")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    text = models.CharField(_("goal"), max_length=GOAL_MAX_LENGTH)
    # The meeting it is for (the next one when it was set).
    for_date = models.DateField(_("for the meeting of"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("binôme goal")
        verbose_name_plural = _("binôme goals")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["binome", "done"])]

    def __str__(self) -> str:
        return self.text
