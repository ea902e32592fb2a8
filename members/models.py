import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from freelancehub.places import Region


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


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, deleted_at__isnull=True)


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
        _("legal status"), max_length=16, choices=LegalStatus.choices, blank=True
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    region = models.CharField(_("region"), max_length=8, choices=Region.choices, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    objects = MemberManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="member_email_ci_unique"),
            models.UniqueConstraint(Lower("username"), name="member_username_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.public_name

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
