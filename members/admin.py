from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from moderation.forms import SuspensionForm

from . import services
from .forms import MemberAdminForm
from .models import Member, Recommendation, Skill, SpokenLanguage, Trade


class SuspendedFilter(admin.SimpleListFilter):
    title = _("suspension")
    parameter_name = "suspended"

    def lookups(self, request, model_admin):
        return [("yes", _("Suspended now")), ("no", _("Not suspended"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        suspended = Q(suspended_at__isnull=False) & (
            Q(suspended_until__isnull=True) | Q(suspended_until__gt=now)
        )
        if self.value() == "yes":
            return queryset.filter(suspended)
        if self.value() == "no":
            return queryset.exclude(suspended)
        return queryset


class SpokenLanguageInline(admin.TabularInline):
    model = SpokenLanguage
    extra = 0


@admin.register(Member)
class MemberAdmin(UserAdmin):
    form = MemberAdminForm
    list_display = [
        "username",
        "display_name",
        "email",
        "legal_status",
        "city",
        "is_suspended_now",
        "is_active",
        "is_staff",
        "date_joined",
        "last_active_at",
    ]
    list_filter = [
        SuspendedFilter,
        "is_active",
        "is_staff",
        "legal_status",
        "region",
        "availability",
        "trades",
        "groups",
    ]
    search_fields = ["username", "display_name", "email", "city"]
    ordering = ["-date_joined"]
    readonly_fields = [
        "date_joined",
        "last_login",
        "last_active_at",
        "deleted_at",
        "suspended_at",
        "suspended_until",
        "suspension_reason",
        "password_reset",
    ]
    fieldsets = [
        (None, {"fields": ["username", "email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "display_name",
                    "headline",
                    "bio",
                    "avatar_upload",
                    "trades",
                    "skills",
                    "legal_status",
                    "years_freelancing",
                    "city",
                    "region",
                    "availability",
                    "open_to_chocoskype",
                    "profile_visibility",
                    "website",
                    "linkedin_url",
                    "malt_url",
                    "portfolio_url",
                    "language",
                    "timezone",
                ]
            },
        ),
        (
            _("Suspension"),
            {
                "fields": ["suspended_at", "suspended_until", "suspension_reason"],
                "description": _(
                    "Use the “Suspend” and “Lift the suspension” actions of the list."
                ),
            },
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (
            _("Important dates"),
            {"fields": ["date_joined", "last_login", "last_active_at", "deleted_at"]},
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "email", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups", "user_permissions", "trades"]
    autocomplete_fields = ["skills"]
    inlines = [SpokenLanguageInline]
    actions = ["suspend_members", "lift_suspensions"]

    # Moderators change members to fix a profile. Rights, sign-in address and password stay with
    # superusers: otherwise a moderator could make themself superuser, or point someone's e-mail
    # at their own inbox (or set a password) and take the account over.
    SUPERUSER_ONLY_FIELDS = ["email", "is_staff", "is_superuser", "groups", "user_permissions"]

    def save_model(self, request, obj, form, change):
        if "avatar_upload" in form.changed_data:
            # A new picture, checked and re-encoded by the form's field; False: the clear box.
            avatar = form.cleaned_data["avatar_upload"] or None
            services.member_avatar_set(member=obj, avatar=avatar)
        super().save_model(request, obj, form, change)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # The password's hash (algorithm, salt…) is nobody's business: moderators see nothing
        # of the password, superusers only the link to set a new one.
        replacement = ["password_reset"] if request.user.is_superuser else []
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        shown
                        for field in options["fields"]
                        for shown in (replacement if field == "password" else [field])
                    ],
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description=_("password"))
    def password_reset(self, member: Member):
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:auth_user_password_change", args=[member.pk]),
            _("Set a new password"),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is None or request.user.is_superuser:
            return readonly
        return [*readonly, *self.SUPERUSER_ONLY_FIELDS]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    @admin.display(boolean=True, description=_("suspended"))
    def is_suspended_now(self, member: Member) -> bool:
        return member.is_suspended

    @admin.action(description=_("Suspend the selected members"), permissions=["change"])
    def suspend_members(self, request, queryset):
        form = SuspensionForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            suspended = 0
            for member in queryset:
                try:
                    services.member_suspend(
                        moderator=request.user,
                        member=member,
                        reason=form.cleaned_data["reason"],
                        until=form.cleaned_data["until"],
                    )
                except PermissionDenied:
                    self.message_user(
                        request,
                        _("%(member)s cannot be suspended.") % {"member": member},
                        messages.WARNING,
                    )
                else:
                    suspended += 1
            self.message_user(
                request,
                ngettext("%d member suspended.", "%d members suspended.", suspended) % suspended,
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/members/member/suspend.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Suspend members"),
                "form": form,
                "selected": queryset,
                "action_name": "suspend_members",
                "submit_label": _("Suspend"),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(
        description=_("Lift the suspension of the selected members"), permissions=["change"]
    )
    def lift_suspensions(self, request, queryset):
        lifted = 0
        for member in queryset.filter(suspended_at__isnull=False):
            services.member_suspension_lift(moderator=request.user, member=member)
            lifted += 1
        self.message_user(
            request,
            ngettext("%d suspension lifted.", "%d suspensions lifted.", lifted) % lifted,
            messages.SUCCESS,
        )


@admin.register(Trade)
class TradeAdmin(TranslationAdmin):  # the name in French and English
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "trade", "is_hidden", "created_at", "updated_at"]
    list_filter = ["is_hidden", "trade", "created_at"]
    search_fields = ["text", "author__username", "recipient__username"]
    raw_id_fields = ["author", "recipient"]
    list_select_related = ["author", "recipient", "trade"]
    date_hierarchy = "created_at"
