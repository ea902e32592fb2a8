"""Missions members pass on to each other, the members interested in them, and the referrals
(recommandations d'affaires) a mission passed on becomes."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.places import Region
from core.reversing import reverse_cached
from members.models import Trade

TITLE_MAX_LENGTH = 140
DESCRIPTION_MAX_LENGTH = 5000
# Amounts in euros excluding VAT, up to 9,999,999.99.
AMOUNT_DIGITS = 9
AMOUNT_DECIMALS = 2


def _amount_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_DECIMALS,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        **kwargs,
    )


@dataclass(frozen=True)
class MissionData:
    """What the author writes about a mission (the form's cleaned data)."""

    trade: Trade
    title: str
    description: str
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None
    deadline: date | None = None
    remote: bool = False
    region: str = ""
    city: str = ""


class MissionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Mission.Status.OPEN, hidden_at__isnull=True)


class Mission(models.Model):
    """Work a member passes on or wants to team up on, shown to members only."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TAKEN = "taken", _("Taken")
        CLOSED = "closed", _("Closed")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="missions",
        verbose_name=_("author"),
    )
    trade = models.ForeignKey(
        Trade, on_delete=models.PROTECT, related_name="+", verbose_name=_("trade")
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("Markdown: **bold**, _italic_, lists and links."),
    )
    description_html = models.TextField(editable=False, blank=True)
    budget_min = _amount_field(_("budget from (€ excl. VAT)"))
    budget_max = _amount_field(_("budget up to (€ excl. VAT)"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    remote = models.BooleanField(_("remote"), default=False)
    region = models.CharField(_("region"), max_length=8, choices=Region.choices, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Hidden by a moderator: off the board, and a 404 to everyone but its author and moderators.
    hidden_at = models.DateTimeField(_("hidden by a moderator at"), null=True, blank=True)
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The board: the open missions, newest first, of one trade or of all.
            models.Index(fields=["status", "-created_at"], name="mission_board_idx"),
            models.Index(fields=["trade", "status", "-created_at"], name="mission_trade_idx"),
            models.Index(fields=["author", "-created_at"], name="mission_author_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=F("budget_max")),
                name="mission_budget_min_not_above_max",
            ),
            models.CheckConstraint(
                condition=(Q(budget_min__isnull=True) | Q(budget_min__gt=0))
                & (Q(budget_max__isnull=True) | Q(budget_max__gt=0)),
                name="mission_budget_positive",
            ),
            models.CheckConstraint(
                condition=Q(remote=True) | ~Q(region=""), name="mission_remote_or_in_a_region"
            ),
            models.CheckConstraint(
                condition=~Q(status="taken") | Q(taken_at__isnull=False),
                name="mission_taken_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_cached("missions:detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.hidden_at is None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Interest(models.Model):
    """A member who said « ça m'intéresse »: a conversation with the author opened with it."""

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="interests", verbose_name=_("mission")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mission_interests",
        verbose_name=_("member"),
    )
    created_at = models.DateTimeField(_("interested since"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest in a mission")
        verbose_name_plural = _("interests in missions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "member"], name="interest_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.mission}"


class Referral(models.Model):
    """Business one member passed to another (a recommandation d'affaires), from a mission or
    from elsewhere; the receiver says later whether the work was won, and for how much.

    The two members are kept apart from their accounts (SET_NULL): a referral counts on the
    other member's profile even if one of them is gone."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not known yet")
        WON = "won", _("Won")
        LOST = "lost", _("Not won")

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="referrals_given",
        verbose_name=_("passed on by"),
    )
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="referrals_received",
        verbose_name=_("passed on to"),
    )
    mission = models.ForeignKey(
        Mission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("mission"),
    )
    created_at = models.DateTimeField(_("passed on at"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.PENDING
    )
    amount = _amount_field(
        _("amount (€ excl. VAT)"), help_text=_("What the work brought in, if you wish to say.")
    )
    outcome_at = models.DateTimeField(_("outcome given at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["giver", "-created_at"], name="referral_giver_idx"),
            models.Index(fields=["receiver", "-created_at"], name="referral_receiver_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(giver=F("receiver")), name="referral_not_to_oneself"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0, outcome="won"),
                name="referral_amount_only_when_won",
            ),
            # A mission is passed on once.
            models.UniqueConstraint(
                fields=["mission"],
                condition=Q(mission__isnull=False),
                name="referral_once_per_mission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.receiver}"
