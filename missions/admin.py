"""Missions in the admin, for moderators: the list and each mission read-only, hidden or shown
again by actions that call missions.services (which check the permission and write the
moderation log). Referrals are listed for administrators, read-only: members write them."""

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Mission, Referral
from .selectors import can_moderate_missions

EVERYWHERE = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["title", "trade", "author", "status", "is_hidden", "created_at"]
    list_filter = ["status", "trade", "remote"]
    list_select_related = ["trade", "author"]
    search_fields = ["title", "author__username", "author__display_name"]
    date_hierarchy = "created_at"
    fields = [
        "title",
        "trade",
        "author",
        "description",
        "budget_min",
        "budget_max",
        "deadline",
        "remote",
        "region",
        "city",
        "status",
        "taken_by",
        "taken_at",
        "closed_at",
        "hidden_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    actions = ["hide", "unhide"]

    @admin.display(boolean=True, description=_("hidden"))
    def is_hidden(self, mission):
        return mission.is_hidden

    def has_add_permission(self, request):
        # Missions are published by members on the site, where the limits apply.
        return False

    def has_change_permission(self, request, obj=None):
        # A mission's page is read-only: the actions are the only changes.
        return obj is None and can_moderate_missions(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_moderate_permission(self, request):
        return can_moderate_missions(request.user)

    @admin.action(
        description=_("Hide the mission"),
        description_plural=_("Hide the selected missions"),
        permissions=["moderate"],
        location=EVERYWHERE,
    )
    def hide(self, request, queryset):
        done = self._apply(request, queryset, services.mission_hide)
        self.message_user(
            request, ngettext("%d mission hidden.", "%d missions hidden.", done) % done
        )

    @admin.action(
        description=_("Show the mission again"),
        description_plural=_("Show the selected missions again"),
        permissions=["moderate"],
        location=EVERYWHERE,
    )
    def unhide(self, request, queryset):
        done = self._apply(request, queryset, services.mission_unhide)
        self.message_user(
            request,
            ngettext("%d mission shown again.", "%d missions shown again.", done) % done,
        )

    def _apply(self, request, queryset, service) -> int:
        done = 0
        for mission in queryset:
            try:
                service(mission=mission, moderator=request.user)
            except PermissionDenied:
                self.message_user(
                    request,
                    _("“%(object)s” was left unchanged: not allowed.") % {"object": mission},
                    messages.WARNING,
                )
            else:
                done += 1
        return done


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["giver", "receiver", "mission", "outcome", "created_at"]
    list_filter = ["outcome"]
    list_select_related = ["giver", "receiver", "mission"]
    fields = ["giver", "receiver", "mission", "outcome", "amount", "outcome_at", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
