import zoneinfo
from decimal import Decimal

from django.conf import global_settings, settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.places import Region
from core.reversing import reverse_cached


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known timezone."), params={"value": value})


handle_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?\Z",
    _(
        "Use lowercase letters, digits, hyphens and underscores only, "
        "starting and ending with a letter or digit."
    ),
)


class Trade(models.Model):
    """A freelance trade (métier), e.g. “rédacteur web”. Administrators extend the list."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("trade")
        verbose_name_plural = _("trades")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class LegalStatus(models.TextChoices):
    MICRO_ENTREPRISE = "micro", _("Micro-enterprise (auto-entrepreneur)")
    ENTREPRISE_INDIVIDUELLE = "ei", _("Sole proprietorship (real tax regime)")
    EURL = "eurl", "EURL"
    SASU = "sasu", "SASU"
    SARL_SAS = "sarl_sas", "SARL / SAS"
    PORTAGE = "portage", _("Umbrella company (portage salarial)")
    CAE = "cae", _("Business and employment cooperative (CAE)")
    ARTISTE_AUTEUR = "artiste_auteur", _("Artist-author")
    SALARIE_FREELANCE = "salarie", _("Employee + freelance")


class Skill(models.Model):
    """A free skill or topic tag members put on their profile, e.g. “WordPress”, “tourisme”."""

    name = models.CharField(_("name"), max_length=40)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


MAX_SKILLS = 15


def skill_names_parse(text: str) -> list[str]:
    """“SEO, wordpress , SEO” → ["SEO", "wordpress"]: trimmed, de-duplicated, order kept."""
    names: dict[str, str] = {}
    for raw in text.split(","):
        name = " ".join(raw.split())[:40]
        if name and slugify(name) and slugify(name) not in names:
            names[slugify(name)] = name
    return list(names.values())


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available for projects")
    BUSY = "busy", _("Busy")
    NOT_TAKING_WORK = "not_taking", _("Not taking work")


class ProfileVisibility(models.TextChoices):
    PUBLIC = "public", _("Everyone, including visitors")
    MEMBERS = "members", _("Signed-in members only")


def https_url_validator(value: str) -> None:
    if not value.lower().startswith("https://"):
        raise ValidationError(_("Enter an address that starts with https://."))


def avatar_path(member, filename: str) -> str:
    return f"avatars/{member.pk}/{filename}"


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, deleted_at__isnull=True)

    def visible_to(self, viewer):
        """Profiles the viewer may see: members-only profiles are hidden from visitors."""
        members = self.active()
        if viewer.is_authenticated:
            return members
        return members.filter(profile_visibility=ProfileVisibility.PUBLIC)


class MemberManager(UserManager.from_queryset(MemberQuerySet)):
    pass


class Member(AbstractUser):
    """A person with an account. Signs in with e-mail; is known publicly by a handle."""

    username = models.CharField(
        _("handle"),
        max_length=30,
        unique=True,
        validators=[handle_validator],
        help_text=_("Your public name in addresses and @mentions, e.g. claire-redac."),
        error_messages={"unique": _("This handle is already taken.")},
    )
    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = None
    last_name = None
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("The name other members see, e.g. Claire Martin."),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    timezone = models.CharField(
        _("timezone"),
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_timezone],
    )
    headline = models.CharField(
        _("headline"),
        max_length=120,
        blank=True,
        help_text=_("One line about what you do, e.g. Rédactrice SEO pour le tourisme."),
    )
    trades = models.ManyToManyField(
        Trade, blank=True, related_name="members", verbose_name=_("trades")
    )
    legal_status = models.CharField(
        _("legal status"), max_length=16, choices=LegalStatus, blank=True
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    region = models.CharField(_("region"), max_length=8, choices=Region.choices, blank=True)
    bio = models.TextField(
        _("about me"),
        max_length=5000,
        blank=True,
        help_text=_("Markdown: **bold**, _italic_, lists and links."),
    )
    bio_html = models.TextField(editable=False, blank=True)
    # Not editable: a model form would store the upload as it came. Pictures are checked and
    # re-encoded by forms.AvatarField, then stored by services.member_avatar_set.
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True, editable=False)
    avatar_thumbnail = models.ImageField(upload_to=avatar_path, blank=True, editable=False)
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="members", verbose_name=_("skills")
    )
    years_freelancing = models.PositiveSmallIntegerField(
        _("years as a freelancer"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
    )
    # Indicative rates the member chooses to show on their profile (blank: not shown). They are
    # a shop window, not a figure of the rates observatory, which reads only anonymous reports.
    day_rate = models.DecimalField(
        _("indicative day rate (€ excl. VAT)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Shown on your profile if you fill it in, e.g. 450."),
    )
    word_rate = models.DecimalField(
        _("indicative rate per word (€ excl. VAT)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("Shown on your profile if you fill it in, e.g. 0.12."),
    )
    website = models.URLField(_("website"), blank=True, validators=[https_url_validator])
    linkedin_url = models.URLField(_("LinkedIn"), blank=True, validators=[https_url_validator])
    malt_url = models.URLField(_("Malt"), blank=True, validators=[https_url_validator])
    portfolio_url = models.URLField(_("portfolio"), blank=True, validators=[https_url_validator])
    availability = models.CharField(
        _("availability"),
        max_length=12,
        choices=Availability,
        default=Availability.AVAILABLE,
    )
    open_to_chocoskype = models.BooleanField(
        _("open to a ChocoSkype"),
        default=False,
        help_text=_("Other members may invite you to a video chat over a hot chocolate."),
    )
    profile_visibility = models.CharField(
        _("who sees my profile"),
        max_length=8,
        choices=ProfileVisibility,
        default=ProfileVisibility.PUBLIC,
    )
    last_active_at = models.DateTimeField(_("last active"), null=True, blank=True, db_index=True)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspended_until = models.DateTimeField(
        _("suspended until"),
        null=True,
        blank=True,
        help_text=_("Empty for a suspension without an end date."),
    )
    suspension_reason = models.TextField(_("reason for the suspension"), blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = MemberManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["username"]
        indexes = [models.Index(fields=["-date_joined"], name="member_newest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(suspended_until__isnull=True)
                | Q(suspended_at__isnull=False, suspended_until__gt=F("suspended_at")),
                name="member_suspension_ends_after_it_starts",
            ),
            models.UniqueConstraint(Lower("email"), name="member_email_ci_unique"),
            models.UniqueConstraint(Lower("username"), name="member_username_ci_unique"),
            models.CheckConstraint(
                condition=Q(day_rate__isnull=True) | Q(day_rate__gt=0),
                name="member_day_rate_positive",
            ),
            models.CheckConstraint(
                condition=Q(word_rate__isnull=True) | Q(word_rate__gt=0),
                name="member_word_rate_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    def get_absolute_url(self) -> str:
        return reverse_cached("members:profile", self.username)

    @property
    def is_suspended(self) -> bool:
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > timezone.now()

    @property
    def can_post(self) -> bool:
        return self.is_active and not self.is_deleted and not self.is_suspended

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self) -> str:
        if self.is_deleted:
            return str(_("Deleted member"))
        return self.display_name or self.username

    @property
    def initials(self) -> str:
        words = [w for w in self.public_name.replace("-", " ").split() if w[:1].isalnum()]
        return "".join(w[0] for w in words[:2]).upper() or "?"


class SpokenLanguage(models.Model):
    """A language a member works in; codes and names come from Django's list of languages."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="spoken_languages")
    code = models.CharField(_("language"), max_length=8, choices=global_settings.LANGUAGES)

    class Meta:
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")
        constraints = [
            models.UniqueConstraint(fields=["member", "code"], name="spoken_language_once")
        ]
        indexes = [models.Index(fields=["code", "member"])]

    def __str__(self) -> str:
        return self.get_code_display()


class RecommendationQuerySet(models.QuerySet):
    def not_removed(self):
        return self.filter(removed_at__isnull=True, author__is_active=True)

    def shown(self):
        return self.not_removed().filter(is_hidden=False)


class Recommendation(models.Model):
    """One member vouching for another, for a trade. One per pair; the author may edit it."""

    author = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="recommendations_given",
        verbose_name=_("author"),
    )
    recipient = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="recommendations_received",
        verbose_name=_("recommended member"),
    )
    trade = models.ForeignKey(
        Trade,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the trade"),
    )
    text = models.TextField(_("recommendation"), max_length=1000)
    is_hidden = models.BooleanField(
        _("hidden by the recommended member"),
        default=False,
    )
    removed_at = models.DateTimeField(
        _("removed by a moderator at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "recipient"], name="recommendation_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(author=F("recipient")), name="recommendation_not_for_oneself"
            ),
        ]

    def __str__(self) -> str:
        return _("%(author)s recommends %(recipient)s") % {
            "author": self.author,
            "recipient": self.recipient,
        }

    def get_absolute_url(self) -> str:
        return reverse("members:profile", args=[self.recipient.username])


class Block(models.Model):
    """A member who blocked another: the blocked member can no longer reach them (messages,
    invitations) nor be paired with them (ChocoSkype)."""

    blocker = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("member")
    )
    blocked = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("blocked member")
    )
    created_at = models.DateTimeField(_("blocked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} → {self.blocked}"
