"""The rates observatory's data: the services members report rates for, and their reports.

Reports are never shown one by one (outside the moderators' review queue): every page reads
aggregates through rates.selectors, and every write goes through rates.services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.places import Region
from members.models import LegalStatus


class Unit(models.TextChoices):
    """What an amount is charged for."""

    WORD = "word", _("per word")
    THOUSAND_WORDS = "1000_words", _("per 1,000 words")
    FEUILLET = "feuillet", _("per feuillet (1,500 characters)")
    PAGE = "page", _("per page")
    ARTICLE = "article", _("per article")
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    PROJECT = "project", _("per project (flat fee)")
    MONTH = "month", _("per month")


class ClientType(models.TextChoices):
    AGENCY = "agency", _("Agency")
    SME = "sme", _("Small or medium business")
    LARGE_ACCOUNT = "large", _("Large company")
    INDIVIDUAL = "individual", _("Private individual")
    PLATFORM = "platform", _("Freelance platform")


class ClientSource(models.TextChoices):
    """How the client was found."""

    DIRECT = "direct", _("Directly")
    PLATFORM = "platform", _("Through a platform")
    REFERRAL = "referral", _("Through a referral")


class ExperienceBand(models.TextChoices):
    """Years of freelancing, in the bands the observatory filters on."""

    UNDER_2 = "0-2", _("Less than 2 years")
    FROM_2_TO_5 = "2-5", _("2 to 5 years")
    FROM_5_TO_10 = "5-10", _("5 to 10 years")
    OVER_10 = "10+", _("10 years or more")

    @classmethod
    def for_years(cls, years: int | None) -> str:
        """The band of ``years`` of freelancing ("" when unknown): 0–1 → "0-2", 2–4 → "2-5",
        5–9 → "5-10", 10 and more → "10+"."""
        if years is None:
            return ""
        if years < 2:
            return cls.UNDER_2
        if years < 5:
            return cls.FROM_2_TO_5
        if years < 10:
            return cls.FROM_5_TO_10
        return cls.OVER_10


class Service(models.Model):
    """A piece of work members report rates for within a trade, e.g. « Article de blog ».
    Administrators manage the list; like members.Trade, its name is translated.
    """

    trade = models.ForeignKey(
        "members.Trade",
        on_delete=models.PROTECT,
        related_name="rate_services",
        verbose_name=_("trade"),
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    default_unit = models.CharField(_("usual unit"), max_length=12, choices=Unit, default=Unit.DAY)
    tag = models.ForeignKey(
        "forums.Tag",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rate_services",
        verbose_name=_("forum tag"),
        help_text=_("Topics carrying this tag show this service's figures beside the discussion."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("offered"),
        default=True,
        help_text=_("Members may report rates for it, and the observatory lists it."),
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["trade__position", "trade__name", "position", "name"]

    def __str__(self) -> str:
        return self.name


class RateReportQuerySet(models.QuerySet):
    def counted(self):
        """Reports that may count in a figure: published, of a member whose account is active,
        not deleted, not suspended, and older than rules.HOLD_DAYS. The hold and the
        suspension are read from the clock at query time, so nothing runs later."""
        from .rules import counted_reports_q

        return self.filter(counted_reports_q())


class RateReport(models.Model):
    """What one member charged for one service, per unit, in one year (one report per member
    per service × unit × year: saving again replaces it). Amounts are in euros excluding VAT."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Counted in the figures")
        REVIEW = "review", _("Awaiting a moderator")
        REMOVED = "removed", _("Removed by a moderator")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rate_reports",
        verbose_name=_("member"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="reports", verbose_name=_("service")
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Unit)
    amount = models.DecimalField(
        _("amount (€ excl. VAT)"),
        # To the tenth of a cent: rates per word are often 0,045 €.
        max_digits=10,
        decimal_places=3,
        help_text=_("What you charged, in euros excluding VAT."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    years_freelancing = models.PositiveSmallIntegerField(
        _("years as a freelancer"), null=True, blank=True
    )
    experience_band = models.CharField(
        _("experience"), max_length=4, choices=ExperienceBand, blank=True, editable=False
    )
    region = models.CharField(_("region"), max_length=8, choices=Region.choices, blank=True)
    legal_status = models.CharField(
        _("legal status"), max_length=16, choices=LegalStatus.choices, blank=True
    )
    client_type = models.CharField(_("client type"), max_length=12, choices=ClientType)
    client_source = models.CharField(
        _("how the client was found"), max_length=12, choices=ClientSource
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rate_reports_reviewed",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RateReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rate report")
        verbose_name_plural = _("rate reports")
        ordering = ["-year", "service", "unit"]
        permissions = [("review_ratereport", _("Can restore or remove a rate report in review"))]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "service", "unit", "year"],
                name="rate_report_one_per_member_service_unit_year",
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0, amount__lte=1_000_000),
                name="rate_report_amount_positive_and_bounded",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000), name="rate_report_year_from_2000"),
        ]
        indexes = [
            # The figures (rates.selectors): each member's latest published report of a
            # service × unit, read in this order by an index-only scan, with no sort.
            models.Index(
                fields=["status", "service", "unit", "member", "-year"],
                include=["amount", "experience_band", "region", "legal_status", "client_type"],
                name="rate_report_figures_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.get_unit_display()} · {self.year}"

    def save(self, *args, **kwargs):
        self.experience_band = ExperienceBand.for_years(self.years_freelancing)
        super().save(*args, **kwargs)


class RateReportSave(models.Model):
    """One save of a report by its member, for the daily limit (a replaced report is one row
    but may have been saved many times). Rows older than a day serve nothing."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rate_report_saves"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["member", "saved_at"], name="rate_report_save_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.saved_at:%Y-%m-%d %H:%M}"
