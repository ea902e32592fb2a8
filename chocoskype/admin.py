from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import participants
from .forms import ExclusionForm
from .models import Pairing, PairingMember, Participant, Round


class ParticipantStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("active", _("Taking part")),
            ("paused", _("Paused")),
            ("excluded", _("Excluded from pairing")),
            ("left", _("Left")),
        ]

    def queryset(self, request, queryset):
        taking_part = Q(left_at__isnull=True, excluded_at__isnull=True)
        paused = Q(paused_until__gte=timezone.localdate()) | Q(skip_next_round=True)
        match self.value():
            case "active":
                return queryset.filter(taking_part).exclude(paused)
            case "paused":
                return queryset.filter(taking_part & paused)
            case "excluded":
                return queryset.filter(excluded_at__isnull=False)
            case "left":
                return queryset.filter(left_at__isnull=False)
        return queryset


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = [
        "member",
        "cadence",
        "mode",
        "paused_until",
        "skip_next_round",
        "excluded_at",
        "left_at",
        "joined_at",
    ]
    list_filter = [ParticipantStateFilter, "cadence", "mode", "trade_preference"]
    search_fields = ["member__username", "member__display_name", "member__email"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
    date_hierarchy = "joined_at"
    actions = ["exclude_from_pairing", "readmit"]
    # Exclusion goes through the actions, which log who did it and why.
    readonly_fields = ["excluded_at", "exclusion_reason", "last_paired_at", "joined_at", "left_at"]

    @admin.action(
        description=_("Exclude the selected members from pairing"), permissions=["change"]
    )
    def exclude_from_pairing(self, request, queryset):
        form = ExclusionForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            excluded = 0
            for participant in queryset.select_related("member").filter(excluded_at__isnull=True):
                participants.participant_exclude(
                    moderator=request.user,
                    participant=participant,
                    reason=form.cleaned_data["reason"],
                )
                excluded += 1
            self.message_user(
                request,
                ngettext(
                    "%d member excluded from pairing.",
                    "%d members excluded from pairing.",
                    excluded,
                )
                % excluded,
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/chocoskype/participant/exclude.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Exclude from pairing"),
                "form": form,
                "selected": queryset.select_related("member"),
                "action_name": "exclude_from_pairing",
                "submit_label": _("Exclude"),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description=_("Readmit the selected members to pairing"), permissions=["change"])
    def readmit(self, request, queryset):
        readmitted = 0
        for participant in queryset.select_related("member").filter(excluded_at__isnull=False):
            try:
                participants.participant_readmit(moderator=request.user, participant=participant)
            except ValidationError as error:
                self.message_user(request, error.messages[0], messages.WARNING)
            else:
                readmitted += 1
        self.message_user(
            request,
            ngettext("%d member readmitted.", "%d members readmitted.", readmitted) % readmitted,
            messages.SUCCESS,
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rounds and pairs are made by the rounds and the members: the admin only shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "participant_count", "pairing_count", "started_at", "finished_at"]
    date_hierarchy = "held_on"


class PairingMemberInline(admin.TabularInline):
    model = PairingMember
    fields = ["member", "outcome", "thanks", "answered_at", "told_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Pairing)
class PairingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "round", "status", "invited_by", "event", "created_at"]
    list_filter = ["status", "round"]
    list_select_related = ["round", "invited_by", "event"]
    search_fields = ["members__member__username", "members__member__display_name"]
    inlines = [PairingMemberInline]
    date_hierarchy = "created_at"
