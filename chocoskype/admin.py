from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import participants, selectors
from .forms import ExclusionForm
from .models import Binome, Pairing, PairingMember, Participant, Round


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
    list_display = ["member", "state", "cadence", "last_paired", "meetings_met", "joined_at"]
    list_filter = [ParticipantStateFilter, "cadence", "mode", "trade_preference"]
    search_fields = ["member__username", "member__display_name", "member__email"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
    date_hierarchy = "joined_at"
    actions = ["exclude_from_pairing", "readmit"]
    # Exclusion goes through the actions, which log who did it and why.
    readonly_fields = ["excluded_at", "exclusion_reason", "last_paired_at", "joined_at", "left_at"]
    # The participant's page has the actions for this member alone, each with the bulk form.
    single_actions = ("exclude_from_pairing", "readmit")

    def get_queryset(self, request):
        return selectors.participants_for_admin(super().get_queryset(request))

    @admin.display(description=_("state"))
    def state(self, participant: Participant) -> str:
        if participant.left_at is not None:
            return gettext("Left on %(date)s") % {"date": _short(participant.left_at)}
        if participant.excluded_at is not None:
            return gettext("Excluded from pairing")
        paused = participant.paused_until
        if paused is not None and paused >= timezone.localdate():
            if participant.paused_by_rule:
                return gettext("Paused until %(date)s (meetings missed)") % {"date": _short(paused)}
            return gettext("Paused until %(date)s") % {"date": _short(paused)}
        if participant.skip_next_round:
            return gettext("Skips the next round")
        return gettext("Taking part")

    @admin.display(description=_("last paired"), ordering="last_paired_at")
    def last_paired(self, participant: Participant) -> str:
        return _short(participant.last_paired_at) if participant.last_paired_at else "–"

    @admin.display(description=_("meetings met"), ordering="meetings_met")
    def meetings_met(self, participant: Participant) -> int:
        return participant.meetings_met

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                f"<path:object_id>/{action}/",
                self.admin_site.admin_view(self.single_action_view),
                {"action": action},
                name="{}_{}_{}".format(*info, action),
            )
            for action in self.single_actions
        ] + super().get_urls()

    def single_action_view(self, request, object_id, action):
        """Excludes this participant (asking why) or readmits them (asking to confirm): the
        bulk action's form and code for this member alone; back to their page once done."""
        participant = self.get_object(request, unquote(object_id))
        if participant is None:
            raise Http404
        if not self.has_change_permission(request, participant):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[participant.pk]
        )
        selected = self.get_queryset(request).filter(pk=participant.pk)
        if action == "readmit" and "apply" not in request.POST:
            response = self._confirm_readmit(request, selected)
        else:
            response = getattr(self, action)(request, selected)
        if response is None:
            return redirect(change_url)
        response.context_data["cancel_url"] = change_url
        return response

    def _confirm_readmit(self, request, selected):
        # A link must not change anything: readmitting one member asks first, then posts.
        return TemplateResponse(
            request,
            "admin/chocoskype/participant/readmit.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Readmit to pairing"),
                "form": forms.Form(),
                "selected": selected.select_related("member"),
                "action_name": "readmit",
                "submit_label": _("Readmit"),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

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


def _short(moment) -> str:
    """A date in the list's short form (03/12/2026): the long one widens the columns."""
    if hasattr(moment, "tzinfo"):
        moment = timezone.localdate(moment)
    return date_format(moment, "SHORT_DATE_FORMAT")


def _counted(name: str, description):
    """A column of one of the figures the rounds' query counts, sortable."""

    @admin.display(description=description, ordering=name)
    def column(self, round_: Round) -> int:
        return getattr(round_, name)

    column.__name__ = name
    return column


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    """Each round's figures, counted in the list's own query, and the latest rounds added up
    above the list (change_list.html)."""

    list_display = [
        "held_on",
        "participant_count",
        "members_paired",
        "left_out",
        "pairs",
        "times_picked",
        "said_met",
        "said_not_met",
        "no_answer",
    ]
    date_hierarchy = "held_on"

    class Media:
        css = {"all": ["chocoskype/admin.css"]}

    members_paired = _counted("members_paired", _("paired"))
    pairs = _counted("pairs", _("pairs"))
    times_picked = _counted("times_picked", _("times picked"))
    said_met = _counted("said_met", _("met"))
    said_not_met = _counted("said_not_met", _("not met"))
    no_answer = _counted("no_answer", _("no answer"))

    def get_queryset(self, request):
        return selectors.rounds_with_figures(super().get_queryset(request))

    @admin.display(description=_("left out"))
    def left_out(self, round_: Round) -> int:
        # Rounds tried to pair participant_count members: those in no pair found no partner.
        return max(round_.participant_count - round_.members_paired, 0)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "summary": selectors.rounds_summary()}
        return super().changelist_view(request, extra_context)


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


@admin.register(Binome)
class BinomeAdmin(ReadOnlyAdmin):
    """Standing partners, as their members made them: shown, never changed here."""

    list_display = ["__str__", "cadence", "started_at", "ended_at"]
    list_filter = ["cadence"]
    list_select_related = ["member_a", "member_b"]
    search_fields = [
        "member_a__username",
        "member_a__display_name",
        "member_b__username",
        "member_b__display_name",
    ]
    date_hierarchy = "created_at"
