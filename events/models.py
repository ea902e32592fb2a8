from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from freelancehub.places import Region
from members.models import validate_timezone


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated:
            return self
        return self.filter(visibility=Event.Visibility.PUBLIC)

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")


class Event(models.Model):
    """A meeting of members: an afterwork in a bar, a ChocoSkype over video, a workshop…"""

    class Kind(models.TextChoices):
        AFTERWORK = "afterwork", _("Afterwork")
        CHOCOSKYPE = "chocoskype", _("ChocoSkype")
        WORKSHOP = "workshop", _("Workshop / webinar")
        COWORKING = "coworking", _("Coworking day")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), blank=True)
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
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    cancellation_reason = models.CharField(_("cancellation reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(is_online=True) | ~Q(city=""), name="event_in_person_has_a_city"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED
