"""Events, series and RSVPs for the moderators. Cancelling goes through the same service as the
site, so attendees are told; seat counts are read-only here, as only the services keep them."""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Event, EventLogEntry, EventSeries, Rsvp


class CancelEventsForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the attendees"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class EventAccessMixin:
    """Whoever may see events in the admin may see their answers and log: the moderators'
    group has the event permissions only."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("events.view_event") or request.user.has_perm(
            "events.change_event"
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RsvpInline(EventAccessMixin, admin.TabularInline):
    model = Rsvp
    extra = 0
    fields = [
        "member",
        "status",
        "waitlisted_at",
        "offer_expires_at",
        "checked_in_at",
        "created_at",
    ]
    readonly_fields = fields
    ordering = ["status", "waitlisted_at", "created_at"]
    verbose_name_plural = _("attendees")


class EventLogInline(EventAccessMixin, admin.TabularInline):
    model = EventLogEntry
    extra = 0
    fields = ["created_at", "actor", "action", "note"]
    readonly_fields = fields


def _attendees_csv(events) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="attendees-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Event"),
            _("Starts at"),
            _("Name"),
            _("Handle"),
            _("E-mail"),
            _("Answer"),
            _("Checked in"),
        ]
    )
    rsvps = (
        Rsvp.objects.filter(event__in=events)
        .exclude(status=Rsvp.Status.NOT_GOING)
        .select_related("event", "member")
        .order_by("event__starts_at", "event__pk", "status", "created_at")
    )
    for rsvp in rsvps:
        writer.writerow(
            [
                rsvp.event.title,
                timezone.localtime(rsvp.event.starts_at).strftime("%Y-%m-%d %H:%M"),
                rsvp.member.public_name,
                rsvp.member.username,
                rsvp.member.email,
                rsvp.get_status_display(),
                timezone.localtime(rsvp.checked_in_at).strftime("%Y-%m-%d %H:%M")
                if rsvp.checked_in_at
                else "",
            ]
        )
    return response


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "city",
        "is_online",
        "visibility",
        "status",
        "seats",
        "series",
    ]
    list_filter = [
        "kind",
        "status",
        ("starts_at", admin.DateFieldListFilter),
        "city",
        "region",
        "is_online",
        "visibility",
    ]
    search_fields = [
        "title",
        "city",
        "venue_name",
        "organiser__username",
        "organiser__display_name",
    ]
    date_hierarchy = "starts_at"
    filter_horizontal = ["co_hosts"]
    list_select_related = ["organiser", "series"]
    # What the services own: a new time, place or capacity must reach the attendees, so it is
    # changed on the site (or the event cancelled here), not typed into the row.
    readonly_fields = [
        "organiser",
        "starts_at",
        "ends_at",
        "timezone",
        "rsvp_deadline",
        "is_online",
        "venue_name",
        "address",
        "city",
        "capacity",
        "series",
        "status",
        "cancellation_reason",
        "seats_taken",
        "sequence",
        "occurrence_date",
        "is_edited_alone",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["kind", "title", "description", "organiser", "co_hosts"]}),
        (_("When"), {"fields": ["starts_at", "ends_at", "timezone", "rsvp_deadline"]}),
        (
            _("Where"),
            {"fields": ["is_online", "venue_name", "address", "city", "region", "video_url"]},
        ),
        (
            _("Seats"),
            {
                "fields": [
                    "visibility",
                    "capacity",
                    "seats_taken",
                    "allows_interested",
                    "offer_cutoff_hours",
                ]
            },
        ),
        (
            _("Status"),
            {
                "fields": ["status", "cancellation_reason", "sequence", "created_at", "updated_at"],
                "description": _("Use the “Cancel” action of the list: the attendees are told."),
            },
        ),
        (_("Series"), {"fields": ["series", "occurrence_date", "is_edited_alone"]}),
    ]
    inlines = [RsvpInline, EventLogInline]
    actions = ["cancel_events", "export_attendees"]

    def has_add_permission(self, request):
        # Events are created on the site, where the form checks dates, places and rooms.
        return False

    def save_model(self, request, obj, form, change):
        # A moderator's edit of the title or description is a new version for calendars.
        if change and set(form.changed_data) & {"title", "description"}:
            obj.sequence += 1
        super().save_model(request, obj, form, change)

    @admin.display(description=_("seats"))
    def seats(self, event: Event) -> str:
        return f"{event.seats_taken}/{event.capacity}" if event.capacity else str(event.seats_taken)

    @admin.action(description=_("Cancel the selected events"), permissions=["change"])
    def cancel_events(self, request, queryset):
        form = CancelEventsForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            cancelled = 0
            for event in queryset:
                try:
                    before = event.status
                    event = services.event_cancel(
                        actor=request.user, event=event, reason=form.cleaned_data["reason"]
                    )
                except (PermissionDenied, ValidationError) as error:
                    detail = " ".join(getattr(error, "messages", [])) or _("not allowed")
                    self.message_user(
                        request,
                        _("“%(event)s” was not cancelled: %(error)s")
                        % {"event": event, "error": detail},
                        messages.WARNING,
                    )
                else:
                    cancelled += before != Event.Status.CANCELLED
            self.message_user(
                request,
                ngettext("%d event cancelled.", "%d events cancelled.", cancelled) % cancelled,
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/events/event/cancel.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Cancel events"),
                "form": form,
                "selected": queryset,
                "action_name": "cancel_events",
                "submit_label": _("Cancel the events"),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Export the attendees of the selected events (CSV)"))
    def export_attendees(self, request, queryset):
        return _attendees_csv(queryset)


class OccurrenceInline(admin.TabularInline):
    model = Event
    fk_name = "series"
    extra = 0
    fields = ["starts_at", "title", "status", "is_edited_alone", "seats_taken", "capacity"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    ordering = ["starts_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "frequency",
        "interval",
        "first_date",
        "city",
        "is_online",
        "organiser",
        "stopped_at",
    ]
    list_filter = ["kind", "frequency", "is_online", "city", "region", "visibility"]
    search_fields = ["title", "city", "organiser__username", "organiser__display_name"]
    raw_id_fields = ["organiser"]
    filter_horizontal = ["co_hosts"]
    list_select_related = ["organiser"]
    readonly_fields = ["stopped_at", "created_at", "updated_at"]
    inlines = [OccurrenceInline]


@admin.register(Rsvp)
class RsvpAdmin(admin.ModelAdmin):
    list_display = ["event", "member", "status", "waitlisted_at", "checked_in_at", "created_at"]
    list_filter = ["status", "event__kind", ("event__starts_at", admin.DateFieldListFilter)]
    search_fields = ["event__title", "member__username", "member__display_name"]
    list_select_related = ["event", "member"]
    raw_id_fields = ["event", "member"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "event",
        "member",
        "status",
        "waitlisted_at",
        "offer_expires_at",
        "checked_in_at",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request):
        # Answers change seat counts: members give them on the site, through the services.
        return False
